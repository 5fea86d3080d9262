/**
 * Mutating admission as the API server applies it on create: the API's
 * defaulting functions (run at decode time in the real server, shown here as
 * part of admission) and the ServiceAccount and DefaultTolerationSeconds
 * admission plugins. Returns the names of what changed the object, for the trace.
 */
import type { Obj } from '../core/object.ts';
import { asJob, type CronJobSpec, type DeploymentSpec, type JobSpec, type PodSpec, type PodTemplateSpec, type PvcSpec, type ReplicationControllerSpec, type ServiceSpec, type StatefulSetSpec, type Toleration, type Written } from '../core/typed.ts';

export function applyDefaults(o: Obj, op: 'create' | 'update'): string[] {
  const applied: string[] = [];
  switch (o.kind) {
    case 'Deployment':
      if (defaultDeployment(o as Written<DeploymentSpec>)) applied.push('defaults');
      break;
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job': {
      // What these kinds share, as written: replicas (not DaemonSet, Job) and a pod template.
      const w = o as Written<{ replicas: number; template: PodTemplateSpec }>;
      w.spec = w.spec ?? {};
      if (o.kind !== 'DaemonSet' && o.kind !== 'Job' && w.spec.replicas === undefined) w.spec.replicas = 1;
      if (o.kind === 'ReplicationController') defaultRcSelector(o.metadata, w.spec);
      if (o.kind === 'Job') defaultJob(w.spec);
      if (o.kind === 'StatefulSet') defaultStatefulSet(w.spec);
      if (w.spec.template?.spec) defaultPodSpec(w.spec.template.spec);
      applied.push('defaults');
      break;
    }
    case 'CronJob': {
      const c = o as Written<CronJobSpec>;
      c.spec = c.spec ?? {};
      c.spec.concurrencyPolicy = c.spec.concurrencyPolicy ?? 'Allow';
      c.spec.suspend = c.spec.suspend ?? false;
      c.spec.successfulJobsHistoryLimit = c.spec.successfulJobsHistoryLimit ?? 3;
      c.spec.failedJobsHistoryLimit = c.spec.failedJobsHistoryLimit ?? 1;
      if (c.spec.jobTemplate?.spec) {
        defaultJob(c.spec.jobTemplate.spec, false);
        if (c.spec.jobTemplate.spec.template?.spec) defaultPodSpec(c.spec.jobTemplate.spec.template.spec);
      }
      applied.push('defaults');
      break;
    }
    case 'Pod': {
      const p = o as Written<PodSpec>;
      p.spec = p.spec ?? {};
      defaultPodSpec(p.spec);
      applied.push('defaults');
      if (op === 'create') {
        if (serviceAccountAdmission(p.spec)) applied.push('ServiceAccount');
        if (defaultTolerationSeconds(p.spec)) applied.push('DefaultTolerationSeconds');
        p.spec.priority = p.spec.priority ?? 0;
        p.spec.enableServiceLinks = p.spec.enableServiceLinks ?? true;
        p.spec.preemptionPolicy = p.spec.preemptionPolicy ?? 'PreemptLowerPriority';
        // The pod strategy's PrepareForCreate (pkg/registry/core/pod/strategy.go): every created pod is
        // Pending, whoever (or no scheduler at all) places it — a pod for a scheduler that does not run
        // shows STATUS Pending, not an empty column. (Upstream resets status likewise, and also sets
        // qosClass; the model's kubelet reports qosClass with its first status.)
        p.status = { phase: 'Pending' };
      }
      break;
    }
    case 'PersistentVolumeClaim':
    case 'PersistentVolume':
    case 'StorageClass':
      if (defaultStorage(o)) applied.push('defaults');
      break;
    case 'NetworkPolicy':
      if (defaultNetworkPolicy(o)) applied.push('defaults');
      break;
    case 'Service':
      defaultService(o as Written<ServiceSpec>);
      applied.push('defaults');
      break;
    case 'Secret':
      // stringData is write-only: the API server merges it into data (base64) and drops it.
      if (o.stringData && typeof o.stringData === 'object') {
        o.data = { ...(o.data ?? {}) };
        for (const [k, v] of Object.entries(o.stringData as Record<string, string>)) o.data[k] = Buffer.from(String(v), 'utf8').toString('base64');
        delete o.stringData;
      }
      o.type = o.type ?? 'Opaque';
      applied.push('defaults');
      break;
    default:
      break;
  }
  return applied;
}

/** batch/v1 SetDefaults_Job: completions and parallelism 1 when neither is set, backoffLimit 6 (MaxInt32 with backoffLimitPerIndex). */
function defaultJob(spec: Partial<JobSpec>, top = true): void {
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
  spec.parallelism = spec.parallelism ?? 1;
  // JobBackoffLimitPerIndex: with a per-index limit the global one defaults to math.MaxInt32 (SetDefaults_Job).
  spec.backoffLimit = spec.backoffLimit ?? (spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null ? 2147483647 : 6);
  spec.completionMode = spec.completionMode ?? 'NonIndexed';
  spec.suspend = spec.suspend ?? false;
  // JobPodReplacementPolicy (beta, on since 1.29): Failed with a pod failure policy, else TerminatingOrFailed.
  if (top) spec.podReplacementPolicy = spec.podReplacementPolicy ?? (spec.podFailurePolicy === undefined ? 'TerminatingOrFailed' : 'Failed');
}

/**
 * The Job strategy's generated selector (manualSelector unset): once the Job
 * has its uid, `batch.kubernetes.io/controller-uid=<uid>` selects its pods, and
 * the template gets that label and the Job's name (also the legacy labels).
 */
export function defaultJobSelector(obj: Obj): void {
  const o = asJob(obj); // defaulted: applyDefaults gave every Job a spec
  if (o.kind !== 'Job' || o.spec?.manualSelector === true) return;
  const uid = o.metadata.uid!;
  const name = o.metadata.name;
  const t = (o.spec.template = o.spec.template ?? {});
  t.metadata = t.metadata ?? {};
  t.metadata.labels = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name, 'controller-uid': uid, 'job-name': name, ...(t.metadata.labels ?? {}) };
  o.spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
}

function defaultDeployment(o: Written<DeploymentSpec>): boolean {
  const s = (o.spec = o.spec ?? {});
  s.replicas = s.replicas ?? 1;
  s.strategy = s.strategy ?? { type: 'RollingUpdate' };
  if (s.strategy.type === undefined) s.strategy.type = 'RollingUpdate';
  if (s.strategy.type === 'RollingUpdate') {
    s.strategy.rollingUpdate = { maxUnavailable: '25%', maxSurge: '25%', ...(s.strategy.rollingUpdate ?? {}) };
  }
  s.revisionHistoryLimit = s.revisionHistoryLimit ?? 10;
  s.progressDeadlineSeconds = s.progressDeadlineSeconds ?? 600;
  if (s.template?.spec) defaultPodSpec(s.template.spec);
  return true;
}

function defaultRcSelector(metadata: Obj['metadata'], spec: Partial<ReplicationControllerSpec>): void {
  // An RC without a selector selects its template's labels; labels default likewise.
  const labels = spec.template?.metadata?.labels;
  if (!spec.selector && labels) spec.selector = { ...labels };
  if (!metadata.labels && labels) metadata.labels = { ...labels };
}

export function defaultPodSpec(spec: Partial<PodSpec>): void {
  spec.restartPolicy = spec.restartPolicy ?? 'Always';
  spec.dnsPolicy = spec.dnsPolicy ?? 'ClusterFirst';
  spec.terminationGracePeriodSeconds = spec.terminationGracePeriodSeconds ?? 30;
  spec.schedulerName = spec.schedulerName ?? 'default-scheduler';
  spec.securityContext = spec.securityContext ?? {};
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    if (c.imagePullPolicy === undefined && typeof c.image === 'string') c.imagePullPolicy = defaultPullPolicy(c.image);
    c.terminationMessagePath = c.terminationMessagePath ?? '/dev/termination-log';
    c.terminationMessagePolicy = c.terminationMessagePolicy ?? 'File';
    c.resources = c.resources ?? {};
    for (const p of c.ports ?? []) p.protocol = p.protocol ?? 'TCP';
  }
  // SetDefaults_PersistentVolumeClaimSpec also runs on a generic ephemeral volume's claim template (SetObjectDefaults_Pod).
  for (const v of spec.volumes ?? []) {
    const t = v.ephemeral?.volumeClaimTemplate;
    if (t) t.spec = { ...t.spec, volumeMode: t.spec.volumeMode ?? 'Filesystem' };
  }
}

/** `Always` for `:latest` or no tag, else `IfNotPresent` (digests count as a tag). */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/**
 * ServiceAccount admission's lookup (plugin/pkg/admission/serviceaccount):
 * the pod's ServiceAccount must exist, else the create is Forbidden with
 * `error looking up service account <ns>/<name>: serviceaccount "<name>" not
 * found`. The `default` ServiceAccount is not looked up: the ServiceAccount
 * controller creates it with its namespace (the model does not race it).
 */
export function missingServiceAccount(pod: Obj, exists: (namespace: string, name: string) => boolean): { cause: string; message: string } | undefined {
  const name = (pod as Written<PodSpec>).spec?.serviceAccountName || 'default';
  if (name === 'default') return undefined;
  const ns = pod.metadata.namespace ?? 'default';
  if (exists(ns, name)) return undefined;
  const cause = `serviceaccount "${name}" not found`;
  return { cause, message: `error looking up service account ${ns}/${name}: ${cause}` };
}

/**
 * RuntimeClass admission (plugin/pkg/admission/runtimeclass): a pod naming a
 * RuntimeClass that does not exist is Forbidden with `pod rejected:
 * RuntimeClass "<name>" not found`. The class's overhead and scheduling are
 * not applied (a warning at the field says so).
 */
export function missingRuntimeClass(pod: Obj, exists: (name: string) => boolean): string | undefined {
  const name = (pod as Written<PodSpec>).spec?.runtimeClassName;
  if (!name || exists(name)) return undefined;
  return `pod rejected: RuntimeClass "${name}" not found`;
}

function serviceAccountAdmission(spec: Partial<PodSpec>): boolean {
  if (spec.serviceAccountName) {
    spec.serviceAccount = spec.serviceAccountName;
    return false;
  }
  spec.serviceAccountName = 'default';
  spec.serviceAccount = 'default';
  return true;
}

function defaultTolerationSeconds(spec: Partial<PodSpec>): boolean {
  const tol: Toleration[] = (spec.tolerations = spec.tolerations ?? []);
  let changed = false;
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    const has = tol.some((t) => (t.key === key || (t.operator === 'Exists' && !t.key)) && (t.effect === 'NoExecute' || !t.effect));
    if (!has) {
      tol.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
      changed = true;
    }
  }
  return changed;
}

function defaultService(o: Written<ServiceSpec>): void {
  const s = (o.spec = o.spec ?? {});
  s.type = s.type ?? 'ClusterIP';
  s.sessionAffinity = s.sessionAffinity ?? 'None';
  s.internalTrafficPolicy = s.internalTrafficPolicy ?? 'Cluster';
  s.ipFamilyPolicy = s.ipFamilyPolicy ?? 'SingleStack';
  s.ipFamilies = s.ipFamilies ?? ['IPv4'];
  for (const p of s.ports ?? []) {
    p.protocol = p.protocol ?? 'TCP';
    if (p.targetPort === undefined) p.targetPort = p.port;
  }
}
/** SetDefaults_StatefulSet (apps/v1). */
function defaultStatefulSet(spec: Partial<StatefulSetSpec>): void {
  spec.podManagementPolicy = spec.podManagementPolicy ?? 'OrderedReady';
  spec.updateStrategy = spec.updateStrategy ?? { type: 'RollingUpdate' };
  if (spec.updateStrategy.type === undefined) spec.updateStrategy.type = 'RollingUpdate';
  if (spec.updateStrategy.type === 'RollingUpdate') spec.updateStrategy.rollingUpdate = { partition: 0, ...(spec.updateStrategy.rollingUpdate ?? {}) };
  spec.revisionHistoryLimit = spec.revisionHistoryLimit ?? 10;
  spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Retain', whenScaled: 'Retain', ...(spec.persistentVolumeClaimRetentionPolicy ?? {}) };
  for (const t of spec.volumeClaimTemplates ?? []) {
    t.spec = t.spec ?? {};
    t.spec.volumeMode = t.spec.volumeMode ?? 'Filesystem';
  }
}

/** SetDefaults_PersistentVolumeClaim, SetDefaults_PersistentVolume, storage/v1 SetDefaults_StorageClass. */
interface NetworkPolicyRuleLike {
  ports?: { protocol?: string }[];
}

/**
 * networking/v1 SetDefaults_NetworkPolicy and SetDefaults_NetworkPolicyPort
 * (pkg/apis/networking/v1/defaults.go): policyTypes [Ingress], plus Egress
 * when there are egress rules, when none is given; a port's protocol TCP.
 * True when something was set.
 */
function defaultNetworkPolicy(obj: Obj): boolean {
  const spec = obj.spec as { policyTypes?: string[]; ingress?: NetworkPolicyRuleLike[]; egress?: NetworkPolicyRuleLike[] } | undefined;
  if (!spec) return false;
  let changed = false;
  if (!spec.policyTypes || spec.policyTypes.length === 0) {
    spec.policyTypes = ['Ingress', ...(spec.egress && spec.egress.length > 0 ? ['Egress'] : [])];
    changed = true;
  }
  for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])]) {
    for (const port of rule.ports ?? []) {
      if (port.protocol === undefined) {
        port.protocol = 'TCP';
        changed = true;
      }
    }
  }
  return changed;
}

function defaultStorage(obj: Obj): boolean {
  if (obj.kind === 'StorageClass') {
    obj.reclaimPolicy = obj.reclaimPolicy ?? 'Delete';
    obj.volumeBindingMode = obj.volumeBindingMode ?? 'Immediate';
    return true;
  }
  // PersistentVolumeClaim or PersistentVolume: the fields defaulted here.
  const o = obj as Written<Pick<PvcSpec, 'volumeMode'> & { persistentVolumeReclaimPolicy: string }, { phase?: string }>;
  o.spec = o.spec ?? {};
  o.spec.volumeMode = o.spec.volumeMode ?? 'Filesystem';
  if (o.kind === 'PersistentVolume') {
    o.spec.persistentVolumeReclaimPolicy = o.spec.persistentVolumeReclaimPolicy ?? 'Retain';
    o.status = o.status ?? { phase: 'Pending' };
  } else o.status = o.status ?? { phase: 'Pending' };
  return true;
}
