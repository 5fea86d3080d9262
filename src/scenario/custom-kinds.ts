/**
 * Manifests of kinds the cluster does not build in: defined by a
 * CustomResourceDefinition among the scenario's files (the API server serves
 * them once the CRD is Established; nothing acts on them: `custom-resource`),
 * or by nothing the scenario holds (`kubectl apply` would answer "no matches
 * for kind … ensure CRDs are installed first": `unknown-kind`). Both warnings,
 * at the object's `kind:`.
 */
import { isKnownKind } from './kinds.ts';
import type { ReadContext } from './read.ts';
import type { KubeObject, ScenarioFile } from './types.ts';

/** `group/version` → kinds the scenario's CRDs define (every served version). */
function crdKinds(files: readonly ScenarioFile[]): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    for (const o of f.objects) if (o.kind === 'CustomResourceDefinition' && o.apiVersion.startsWith('apiextensions.k8s.io/')) for (const k of definedKinds(o)) out.add(k);
  }
  return out;
}

function definedKinds(crd: KubeObject): string[] {
  const spec = (crd.spec ?? {}) as { group?: unknown; names?: { kind?: unknown }; versions?: { name?: unknown; served?: unknown }[] };
  if (typeof spec.group !== 'string' || typeof spec.names?.kind !== 'string') return [];
  const kind = spec.names.kind;
  return (spec.versions ?? []).filter((v) => v.served !== false && typeof v.name === 'string').map((v) => `${spec.group as string}/${String(v.name)} ${kind}`);
}

export function checkCustomKinds(ctx: ReadContext, files: readonly ScenarioFile[]): void {
  const defined = crdKinds(files);
  const seen = new Set<string>();
  for (const use of ctx.kinds ?? []) {
    if (isKnownKind(use.apiVersion, use.kind)) continue;
    // One warning per place (a file applied twice is read once).
    const at = `${use.src.file}:${use.node.range?.[0] ?? 0}`;
    if (seen.has(at)) continue;
    seen.add(at);
    if (defined.has(`${use.apiVersion} ${use.kind}`)) {
      ctx.diags.warning(use.src, use.node, 'custom-resource', `${use.label}: custom resources are stored and served; no controller acts on them`, 'see "What the model runs" in docs/scenario-format.md');
    } else {
      ctx.diags.warning(
        use.src,
        use.node,
        'unknown-kind',
        `${use.label}: kind "${use.kind}" in version "${use.apiVersion}" is neither built in nor defined by a CustomResourceDefinition in the scenario: the API server would reject it unless the CRD exists in the cluster (kubectl: no matches for kind "${use.kind}" in version "${use.apiVersion}")`,
        'add the CustomResourceDefinition to the scenario\'s files and apply it first, or check apiVersion and kind',
      );
    }
  }
}
