/**
 * The texts of "nothing silent" (src/scenario/coverage.ts applies them): the
 * table of kinds (is there a component that acts on objects of this kind?), the
 * fields the model ignores where a real cluster would behave differently, and
 * what it does with commands and probes it does not fully run. The loader
 * warns with these notes (`unmodelled-kind`, `ignored-field`) and the trace
 * lists them under `simplifications` (src/cluster/steps/coverage-notes.ts).
 * Shared by the scenario stage and the cluster model: it imports nothing.
 */

/** `runs`: a component reconciles it; `data`: read by components as data; `stored`: kept in etcd, nothing acts on it. */
export type KindSupport = 'runs' | 'data' | 'stored';

export interface KindRow {
  kind: string;
  support: KindSupport;
  /** Who acts on it (runs/data), or what a real cluster would do that the model does not (stored). */
  note: string;
}

export const KIND_TABLE: readonly KindRow[] = [
  { kind: 'Pod', support: 'runs', note: 'kube-scheduler, kubelet, container runtime, CNI' },
  { kind: 'Deployment', support: 'runs', note: 'deployment controller (rolling update, Recreate, pause, rollback)' },
  { kind: 'ReplicaSet', support: 'runs', note: 'replicaset controller' },
  { kind: 'ReplicationController', support: 'runs', note: 'replicationcontroller manager' },
  { kind: 'Service', support: 'runs', note: 'EndpointSlice controller, Endpoints controller, EndpointSliceMirroring controller (without a selector), kube-proxy, CoreDNS, cloud controller (LoadBalancer)' },
  { kind: 'EndpointSlice', support: 'runs', note: 'kube-proxy (reads them), EndpointSlice and EndpointSliceMirroring controllers (write them)' },
  { kind: 'Namespace', support: 'runs', note: 'namespace controller, ServiceAccount controller' },
  { kind: 'ServiceAccount', support: 'runs', note: 'authentication and RBAC; ServiceAccount admission (a pod naming a missing one is Forbidden)' },
  { kind: 'Node', support: 'runs', note: 'node lifecycle controller, taint eviction, kube-scheduler, pod garbage collector (pods of a deleted node)' },
  { kind: 'HorizontalPodAutoscaler', support: 'runs', note: 'HPA controller with metrics-server (CPU utilization)' },
  { kind: 'Ingress', support: 'runs', note: 'ingress-nginx' },
  { kind: 'IngressClass', support: 'data', note: 'ingress-nginx' },
  { kind: 'NetworkPolicy', support: 'runs', note: 'the CNI plugin\'s policy enforcement' },
  { kind: 'Lease', support: 'runs', note: 'leader election, node heartbeats' },
  { kind: 'Event', support: 'data', note: 'kubectl describe, kubectl events' },
  { kind: 'ConfigMap', support: 'data', note: 'kubelet (env, volumes)' },
  { kind: 'Secret', support: 'data', note: 'kubelet (env, volumes)' },
  { kind: 'Role', support: 'data', note: 'RBAC authorizer' },
  { kind: 'ClusterRole', support: 'data', note: 'RBAC authorizer' },
  { kind: 'RoleBinding', support: 'data', note: 'RBAC authorizer' },
  { kind: 'ClusterRoleBinding', support: 'data', note: 'RBAC authorizer' },
  { kind: 'CustomResourceDefinition', support: 'data', note: 'API server (serves the new resource; no operator runs its objects)' },
  { kind: 'PodTemplate', support: 'data', note: 'nothing needs to act on it' },
  { kind: 'ControllerRevision', support: 'data', note: 'nothing needs to act on it' },
  { kind: 'Binding', support: 'data', note: 'kube-scheduler binds through it' },
  { kind: 'SubjectAccessReview', support: 'runs', note: 'API server: answered by the authorizer chain (create only, never stored)' },
  { kind: 'SelfSubjectAccessReview', support: 'runs', note: 'API server: answered by the authorizer chain for the caller (kubectl auth can-i)' },
  { kind: 'LocalSubjectAccessReview', support: 'runs', note: 'API server: answered by the authorizer chain in its namespace' },
  { kind: 'SelfSubjectRulesReview', support: 'runs', note: 'API server: the caller\'s RBAC rules in a namespace' },
  { kind: 'SelfSubjectReview', support: 'runs', note: 'API server: the caller\'s user info (kubectl auth whoami)' },
  { kind: 'TokenReview', support: 'runs', note: 'API server: answered, but the model issues no bearer tokens, so no token authenticates' },
  { kind: 'StatefulSet', support: 'runs', note: 'StatefulSet controller (ordinals, spec.ordinals.start, OrderedReady and Parallel, volumeClaimTemplates, persistentVolumeClaimRetentionPolicy, minReadySeconds, RollingUpdate with partition, OnDelete)' },
  { kind: 'DaemonSet', support: 'runs', note: 'DaemonSet controller (one pod per eligible node, RollingUpdate, OnDelete)' },
  { kind: 'Job', support: 'runs', note: 'Job controller (completions, parallelism, backoffLimit, pod failure back-off, activeDeadlineSeconds, suspend, podFailurePolicy, Indexed completion mode, backoffLimitPerIndex and maxFailedIndexes); TTL-after-finished controller (ttlSecondsAfterFinished)' },
  { kind: 'CronJob', support: 'runs', note: 'CronJob controller (schedule, timeZone, concurrencyPolicy, history limits, startingDeadlineSeconds)' },
  { kind: 'PersistentVolumeClaim', support: 'runs', note: 'PersistentVolume controller (binding; VolumeMismatch; Lost: ClaimLost, ClaimMisbound), CSI external-provisioner, kube-scheduler (VolumeBinding), ephemeral volume controller (the claim `<pod>-<volume>` of a generic ephemeral volume, controlled by the pod and deleted with it)' },
  { kind: 'PersistentVolume', support: 'runs', note: 'PersistentVolume controller (binding, Released), CSI external-provisioner (reclaimPolicy Delete), kube-scheduler (VolumeBinding: nodeAffinity, pre-binding for WaitForFirstConsumer)' },
  { kind: 'StorageClass', support: 'data', note: 'DefaultStorageClass admission, PersistentVolume controller, CSI external-provisioner (Immediate, WaitForFirstConsumer)' },
  { kind: 'PodDisruptionBudget', support: 'runs', note: 'disruption controller (status), eviction API (429 when a budget would be violated), kubectl drain' },
  { kind: 'LimitRange', support: 'stored', note: 'the LimitRanger admission plugin would default and limit container resources' },
  { kind: 'ResourceQuota', support: 'stored', note: 'the ResourceQuota admission plugin would refuse objects over the quota' },
  { kind: 'PriorityClass', support: 'stored', note: 'pods naming it would get its priority (and could preempt lower-priority pods)' },
  { kind: 'Endpoints', support: 'runs', note: 'Endpoints controller (Services with a selector), EndpointSliceMirroring controller (hand-written Endpoints of a Service without selector mirrored into EndpointSlices), the API server\'s endpoint reconciler (the kubernetes Service)' },
  { kind: 'CSIDriver', support: 'data', note: 'kube-scheduler (VolumeBinding: spec.storageCapacity turns on the capacity check for its provisioner)' },
  { kind: 'CSINode', support: 'stored', note: 'the kubelet would register CSI drivers of its node' },
  { kind: 'CSIStorageCapacity', support: 'data', note: 'kube-scheduler (VolumeBinding capacity check for drivers with storageCapacity: true); the model\'s CSI driver does not publish them' },
  { kind: 'VolumeAttachment', support: 'runs', note: 'attach/detach controller (creates and deletes them for CSI volumes of scheduled pods; Multi-Attach error for a ReadWriteOnce volume wanted on a second node), CSI external-attacher (ControllerPublishVolume, status.attached)' },
  { kind: 'ComponentStatus', support: 'stored', note: 'read-only in a real cluster' },
  { kind: 'MutatingWebhookConfiguration', support: 'stored', note: 'the MutatingAdmissionWebhook plugin would call its webhooks on matching requests' },
  { kind: 'ValidatingWebhookConfiguration', support: 'stored', note: 'the ValidatingAdmissionWebhook plugin would call its webhooks on matching requests' },
  { kind: 'ValidatingAdmissionPolicy', support: 'stored', note: 'the ValidatingAdmissionPolicy plugin would evaluate its CEL rules (through a binding)' },
  { kind: 'ValidatingAdmissionPolicyBinding', support: 'stored', note: 'the ValidatingAdmissionPolicy plugin would apply the bound policy to matching requests' },
  { kind: 'APIService', support: 'stored', note: 'the kube-aggregator would proxy its group/version to the named Service' },
  { kind: 'CertificateSigningRequest', support: 'stored', note: 'the API server validates a new request (spec.request must parse and its signature verify, RSASSA-PSS ones excepted, which are accepted unverified; usages, signerName, expirationSeconds), sets spec.username and spec.groups to the requester\'s and empties the status (csrStrategy.PrepareForCreate), and keeps spec and status on an update (PrepareForUpdate); the certificate controllers would approve and sign it' },
  { kind: 'FlowSchema', support: 'stored', note: 'API Priority and Fairness would classify requests with it (its Dangling condition, MISSINGPL, is set)' },
  { kind: 'PriorityLevelConfiguration', support: 'stored', note: 'API Priority and Fairness would queue and limit requests with it' },
  { kind: 'RuntimeClass', support: 'data', note: 'RuntimeClass admission (a pod naming a missing one is Forbidden); its handler, overhead and scheduling are not applied' },
];

/**
 * A field the model ignores. `path` is relative to the object, or to its pod
 * spec when `podSpec` is set (then it applies to Pods and every pod template);
 * `*` matches every element of a list.
 */
export interface FieldRow {
  /** Kinds it applies to (ignored with `podSpec`). */
  kinds: readonly string[];
  podSpec?: boolean;
  path: readonly string[];
  /** Only when the value matters (e.g. hostNetwork: true); `parent` is the object holding the field. */
  when?: (value: unknown, parent: unknown) => boolean;
  /** Warned at its first occurrence in a scenario only (a field most real manifests set on every container). */
  once?: boolean;
  /** What the model does instead. */
  note: string;
}

export const FIELD_TABLE: readonly FieldRow[] = [
  { kinds: [], podSpec: true, path: ['containers', '*', 'lifecycle', 'postStart'], note: 'postStart hooks are not run (preStop hooks are: exec for as long as its command runs, sleep, httpGet)' },
  { kinds: [], podSpec: true, path: ['containers', '*', 'lifecycle', 'preStop', 'tcpSocket'], note: 'a tcpSocket preStop hook is not run (as in a real kubelet, which only keeps the field for compatibility)' },
  { kinds: ['StatefulSet'], path: ['spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable'], note: 'the rolling update replaces one pod at a time (maxUnavailable 1)' },
  { kinds: ['PersistentVolumeClaim'], path: ['spec', 'dataSource'], note: 'the volume is provisioned empty (no snapshot or clone)' },
  { kinds: ['TokenReview'], path: ['spec', 'token'], note: 'the model issues no bearer tokens (users are authenticated by the scenario\'s `as:`): the API server answers every token as not authenticated' },
  { kinds: ['StorageClass'], path: ['allowedTopologies'], note: 'kube-scheduler honours it for WaitForFirstConsumer claims; the CSI external-provisioner ignores it (an Immediate class provisions a volume without topology, usable on any node)' },
  { kinds: [], podSpec: true, path: ['readinessGates'], note: 'readiness gates are not evaluated: the pod is Ready when its containers are' },
  { kinds: [], podSpec: true, path: ['hostNetwork'], when: (v) => v === true, note: 'the pod gets its own IP from the pod CIDR, not the node\'s' },
  // CustomResourceDefinitions (src/common/crd-schema.ts runs pruning, defaulting and the OpenAPI checks).
  { kinds: ['CustomResourceDefinition'], path: ['spec', 'versions', '*', 'schema', 'openAPIV3Schema', '**', 'x-kubernetes-validations'], when: (v) => Array.isArray(v), note: 'CEL validation rules are not evaluated: an object that breaks one is accepted' },
  { kinds: ['CustomResourceDefinition'], path: ['spec', 'versions', '*', 'schema', 'openAPIV3Schema', '**', 'format'], when: (v) => typeof v === 'string', once: true, note: 'string formats (date-time, email, …) are not checked' },
  { kinds: ['CustomResourceDefinition'], path: ['spec', 'versions', '*', 'schema', 'openAPIV3Schema', '**', 'x-kubernetes-list-type'], when: (v) => v === 'set' || v === 'map', once: true, note: 'set items and map-list keys are not checked for duplicates' },
  { kinds: ['CustomResourceDefinition'], path: ['spec', 'versions', '*', 'schema', 'openAPIV3Schema', '**', 'pattern'], when: (v) => typeof v === 'string' && !jsCompiles(v), note: 'a Go (RE2) pattern JavaScript cannot compile (e.g. an inline flag such as (?i)) is not checked' },
  { kinds: ['CustomResourceDefinition'], path: ['spec', 'conversion', 'strategy'], when: (v) => v === 'Webhook', note: 'the conversion webhook is not called: objects are stored and served in the version they were written in' },
  { kinds: ['CustomResourceDefinition'], path: ['spec', 'versions', '*', 'deprecated'], when: (v) => v === true, note: 'kubectl does not print the API server\'s deprecation warning for the version' },
  { kinds: ['Job'], path: ['spec', 'successPolicy'], note: 'success policies are not applied: the Job succeeds only when all its completions succeed' },
  { kinds: [], podSpec: true, path: ['schedulerName'], when: (v) => v !== 'default-scheduler', note: 'only the default scheduler runs in the model: no scheduler of this name binds the pod, so it stays Pending (as on a cluster where that scheduler is not deployed)' },
  { kinds: ['PersistentVolume'], path: ['spec', 'persistentVolumeReclaimPolicy'], when: (v) => v === 'Recycle', note: 'the deprecated Recycle policy is not run: no recycler pod scrubs the released volume, which stays Released (as with Retain) instead of becoming Available' },
  { kinds: [], podSpec: true, path: ['priorityClassName'], note: 'pod priority is not resolved: every pod has priority 0 and preempts nothing' },
  { kinds: [], podSpec: true, path: ['runtimeClassName'], note: 'RuntimeClass admission only checks that the class exists: its handler, overhead and scheduling constraints are not applied' },
  { kinds: [], podSpec: true, path: ['securityContext', 'runAsNonRoot'], when: (v, sc) => v === true && !hasRunAsUser(sc), note: 'without runAsUser the kubelet would check the image\'s user, which the model does not know: no container is refused (CreateContainerConfigError) for running as root' },
  { kinds: [], podSpec: true, path: ['containers', '*', 'securityContext', 'runAsNonRoot'], when: (v, sc) => v === true && !hasRunAsUser(sc), note: 'without runAsUser the kubelet would check the image\'s user, which the model does not know: no container is refused (CreateContainerConfigError) for running as root' },
  { kinds: [], podSpec: true, path: ['containers', '*', 'resources', 'limits', 'cpu'], once: true, note: 'the CPU limit sets the QoS class but is not enforced: CPU use is not throttled at the limit' },
  { kinds: [], podSpec: true, path: ['containers', '*', 'resources', 'limits', 'memory'], once: true, note: 'the memory limit sets the QoS class but is not enforced: no container is OOMKilled' },
  { kinds: ['HorizontalPodAutoscaler'], path: ['spec', 'behavior'], note: 'scaling behavior is the default one (5 min scale-down stabilization, no rate policies)' },
  {
    kinds: ['HorizontalPodAutoscaler'],
    path: ['spec', 'metrics', '*'],
    when: (m) => !isCpuUtilization(m),
    note: 'only CPU utilization of Resource metrics is computed; this metric is not',
  },
];

function hasRunAsUser(securityContext: unknown): boolean {
  return typeof securityContext === 'object' && securityContext !== null && (securityContext as { runAsUser?: unknown }).runAsUser !== undefined;
}

function isCpuUtilization(m: unknown): boolean {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as { type?: unknown; resource?: { name?: unknown; target?: { type?: unknown } } };
  return r.type === 'Resource' && r.resource?.name === 'cpu' && r.resource.target?.type === 'Utilization';
}

/** What a container whose command the model does not understand does instead (app and init containers differ). */
export const COMMAND_OUTCOME = { containers: 'it runs until stopped', initContainers: 'it is taken to complete at once with exit 0' } as const;
export const UNDERSTOOD = 'Understood: sh -c scripts of exit, true, false, sleep, echo, touch, rm, while true loops.';

/** Added to a trace whose pods have probes (src/cluster/steps/coverage-notes.ts). */
export const PROBE_NOTE =
  "Probes run every periodSeconds, from initialDelaySeconds after the container started (a real kubelet's worker ticks from its own start and skips the ticks before initialDelaySeconds, so its first probe may come up to one period later); after a startup probe passes, the liveness probe first runs at its next tick and the readiness probe at once. A probe whose result changes nothing is not shown, and the kubelet records at most failureThreshold Unhealthy events per run of failures (a real kubelet records one per failed probe, aggregated by the event recorder). When a pod is deleted its liveness and startup probes stop and its readiness probe runs on until the container stops, as in a real kubelet: a terminating pod stays as Ready as its readiness probe says (its EndpointSlice endpoint is serving but not ready, terminating) until its containers have stopped. httpGet, tcpSocket and grpc probes succeed on the ports a container declares (any port when it declares none; the grpc health service is taken to answer SERVING) and fail on others (grpc: a dial timeout), exec probes follow the files its script creates.";

/** Does JavaScript compile this pattern as ajv runs it (the `u` flag)? src/common/crd-schema.ts skips those it cannot. */
function jsCompiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
