/**
 * Every diagnostic code the scenario loader emits, with what it means. The
 * docs (docs/scenario-format.md) list the same codes; a test keeps them in sync.
 */
export const SCENARIO_CODES = {
  'yaml-syntax': 'the file is not valid YAML (also unknown anchors)',
  'yaml-alias-limit': 'aliases (`*name`) would expand the document beyond the yaml library\'s alias limit (an alias bomb)',
  'yaml-warning': 'YAML the parser accepted with a warning, e.g. an unknown tag (a warning, not an error)',
  'duplicate-key': 'a key appears twice in one map, or two inline files have the same normalised name',
  'unknown-key': 'a key the format does not have at that place (with a "did you mean" hint)',
  'wrong-type': 'a value of the wrong type, e.g. a string where a number is expected',
  'missing-key': 'a required key is absent (kubescene, steps, a step kind, a node name, …)',
  'conflicting-keys': 'two keys that exclude each other, e.g. two step kinds in one step',
  'unsupported-version': 'the format marker names a version this kubescene does not read (e.g. kubescene: v2)',
  'unsupported-kubernetes': 'cluster.kubernetes names a behaviour profile that is not implemented',
  'invalid-value': 'a value outside its allowed set or range (enum, bounds, names, object references)',
  'invalid-quantity': 'not a Kubernetes quantity (100m, 0.5, 512Mi, 8Gi, 1e3)',
  'invalid-duration': 'not a Go duration (250ms, 30s, 5m, 1h30m), or a bare number',
  'invalid-selector': 'not a label selector (app=web, env in (a,b), !legacy)',
  'invalid-taint': 'not a taint (key=value:Effect or key:Effect)',
  'invalid-command': 'a kubectl command line that cannot be split into words (unterminated quote) or is empty',
  'kubectl-not-modelled': 'a kubectl command (or subcommand) the cluster model does not run; the hint lists the modelled ones',
  'kubectl-unknown-flag': 'a flag kubectl does not have for that command, or one the model does not run (kubectl would say "unknown flag"); the hint lists the flags the model runs',
  'duplicate-node': 'two nodes (after pool expansion) with the same name',
  'duplicate-user': 'two users with the same name',
  'unknown-node': 'a fault or an expectation names a node the cluster does not have',
  'node-not-joining': 'a fault joins a node that is registered at boot (only a node with "joins: later" can join)',
  'unknown-member': 'a fault names an etcd member or API server the control plane does not have',
  'unknown-resource': 'a TYPE/NAME reference names a resource type that is neither built in nor defined by a CRD in the scenario',
  'unknown-user': 'a step runs "as" a user that is not declared',
  'step-out-of-range': 'diagrams name a step number the scenario does not have',
  'file-not-found': 'a -f file is neither in "files:" nor next to the scenario, or the scenario itself cannot be read',
  'path-escape': 'a path leaves the scenario folder (.., absolute, or a symbolic link)',
  'unsupported-file': '-f - (stdin) or a remote URL',
  'kustomize-failed': '-k DIR could not be built: kubectl is not on PATH, or `kubectl kustomize DIR` failed',
  'invalid-manifest': 'a manifest violates the Kubernetes schema (or lacks apiVersion, kind, metadata.name)',
  'unmodelled-kind': 'an object of a kind the API server stores but no modelled component runs, e.g. a ResourceQuota (a warning)',
  'unknown-kind': 'a manifest of a kind that is neither built in nor defined by a CustomResourceDefinition in the scenario: the API server would reject it unless the CRD exists in the cluster (a warning)',
  'custom-resource': 'an object of a kind a CustomResourceDefinition in the scenario defines: stored and served, no controller acts on it (a warning)',
  'custom-resource-invalid': 'a custom resource the API server would reject against its CustomResourceDefinition\'s schema in the scenario (an unknown field, a wrong type, a missing required field …): kubectl would fail (a warning)',
  'ignored-field': 'a field the model ignores where a real cluster would behave differently, e.g. a container\'s lifecycle hooks (a warning)',
} as const;

export type ScenarioCode = keyof typeof SCENARIO_CODES;
