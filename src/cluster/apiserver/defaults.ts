/**
 * Mutating admission as the API server applies it on create: the API's
 * defaulting functions (run at decode time in the real server, shown here as
 * part of admission) and the ServiceAccount and DefaultTolerationSeconds
 * admission plugins. Returns the names of what changed the object, for the trace.
 */
import type { Obj } from '../core/object.ts';
import type { JobSpec, PodSpec, StatefulSetSpec, Toleration } from '../core/typed.ts';

export function applyDefaults(o: Obj, op: 'create' | 'update'): string[] {
  const applied: string[] = [];
  switch (o.kind) {
    case 'Deployment':
      if (defaultDeployment(o)) applied.push('defaults');
      break;
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
      o.spec = o.spec ?? {};
      if (o.kind !== 'DaemonSet' && o.kind !== 'Job' && o.spec.replicas === undefined) o.spec.replicas = 1;
      if (o.kind === 'ReplicationController') defaultRcSelector(o);
      if (o.kind === 'Job') defaultJob(o.spec);
      if (o.kind === 'StatefulSet') defaultStatefulSet(o.spec);
      if (o.spec.template?.spec) defaultPodSpec(o.spec.template.spec);
      applied.push('defaults');
      break;
    case 'CronJob':
      o.spec = o.spec ?? {};
      o.spec.concurrencyPolicy = o.spec.concurrencyPolicy ?? 'Allow';
      o.spec.suspend = o.spec.suspend ?? false;
      o.spec.successfulJobsHistoryLimit = o.spec.successfulJobsHistoryLimit ?? 3;
      o.spec.failedJobsHistoryLimit = o.spec.failedJobsHistoryLimit ?? 1;
      if (o.spec.jobTemplate?.spec) {
        defaultJob(o.spec.jobTemplate.spec, false);
        if (o.spec.jobTemplate.spec.template?.spec) defaultPodSpec(o.spec.jobTemplate.spec.template.spec);
      }
      applied.push('defaults');
      break;
    case 'Pod':
      o.spec = o.spec ?? {};
      defaultPodSpec(o.spec);
      applied.push('defaults');
      if (op === 'create') {
        if (serviceAccountAdmission(o)) applied.push('ServiceAccount');
        if (defaultTolerationSeconds(o)) applied.push('DefaultTolerationSeconds');
        o.spec.priority = o.spec.priority ?? 0;
        o.spec.enableServiceLinks = o.spec.enableServiceLinks ?? true;
        o.spec.preemptionPolicy = o.spec.preemptionPolicy ?? 'PreemptLowerPriority';
      }
      break;
    case 'PersistentVolumeClaim':
    case 'PersistentVolume':
    case 'StorageClass':
      if (defaultStorage(o)) applied.push('defaults');
      break;
    case 'Service':
      defaultService(o);
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

/** batch/v1 SetDefaults_Job: completions and parallelism 1 when neither is set, backoffLimit 6. */
function defaultJob(spec: JobSpec, top = true): void {
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
  spec.parallelism = spec.parallelism ?? 1;
  spec.backoffLimit = spec.backoffLimit ?? 6;
  spec.completionMode = spec.completionMode ?? 'NonIndexed';
  spec.suspend = spec.suspend ?? false;
  if (top && spec.podFailurePolicy === undefined) spec.podReplacementPolicy = spec.podReplacementPolicy ?? 'TerminatingOrFailed';
}

/**
 * The Job strategy's generated selector (manualSelector unset): once the Job
 * has its uid, `batch.kubernetes.io/controller-uid=<uid>` selects its pods, and
 * the template gets that label and the Job's name (also the legacy labels).
 */
export function defaultJobSelector(o: Obj): void {
  if (o.kind !== 'Job' || o.spec?.manualSelector === true) return;
  const uid = o.metadata.uid!;
  const name = o.metadata.name;
  const t = (o.spec.template = o.spec.template ?? {});
  t.metadata = t.metadata ?? {};
  t.metadata.labels = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name, 'controller-uid': uid, 'job-name': name, ...(t.metadata.labels ?? {}) };
  o.spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
}

function defaultDeployment(o: Obj): boolean {
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

function defaultRcSelector(o: Obj): void {
  // An RC without a selector selects its template's labels; labels default likewise.
  const labels = o.spec.template?.metadata?.labels;
  if (!o.spec.selector && labels) o.spec.selector = { ...labels };
  if (!o.metadata.labels && labels) o.metadata.labels = { ...labels };
}

export function defaultPodSpec(spec: PodSpec): void {
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
}

/** `Always` for `:latest` or no tag, else `IfNotPresent` (digests count as a tag). */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function serviceAccountAdmission(o: Obj): boolean {
  if (o.spec.serviceAccountName) {
    o.spec.serviceAccount = o.spec.serviceAccountName;
    return false;
  }
  o.spec.serviceAccountName = 'default';
  o.spec.serviceAccount = 'default';
  return true;
}

function defaultTolerationSeconds(o: Obj): boolean {
  const tol: Toleration[] = (o.spec.tolerations = o.spec.tolerations ?? []);
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

function defaultService(o: Obj): void {
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
function defaultStatefulSet(spec: StatefulSetSpec): void {
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
function defaultStorage(o: Obj): boolean {
  if (o.kind === 'StorageClass') {
    o.reclaimPolicy = o.reclaimPolicy ?? 'Delete';
    o.volumeBindingMode = o.volumeBindingMode ?? 'Immediate';
    return true;
  }
  o.spec = o.spec ?? {};
  o.spec.volumeMode = o.spec.volumeMode ?? 'Filesystem';
  if (o.kind === 'PersistentVolume') {
    o.spec.persistentVolumeReclaimPolicy = o.spec.persistentVolumeReclaimPolicy ?? 'Retain';
    o.status = o.status ?? { phase: 'Pending' };
  } else o.status = o.status ?? { phase: 'Pending' };
  return true;
}
