/**
 * Building blocks of `kubectl describe` (pkg/describe/describe.go): a line
 * buffer with kubectl's indentation levels, the multi-line label/annotation
 * and toleration printers, the Events table and the pod-template section.
 */
import type { KubeEventLike, KubeObjectLike } from './types.ts';
import { DESCRIBE_TABWRITER, tabwrite } from './tabwriter.ts';
import { since } from './duration.ts';
import { asArray, asDict, asNumber, asString, type Dict } from './format.ts';
import { accessModesString } from './storage.ts';

/** PrefixWriter: LEVEL_n indents by 2n spaces. Lines keep their '\t' cell separators until flush. */
export class DescribeWriter {
  private parts: string[] = [];
  private pending = '';

  write(level: number, text: string): void {
    this.pending += '  '.repeat(level) + text;
  }
  /** tabwriter.Flush: format what was written so far as one tabwriter run. */
  flush(): void {
    if (this.pending !== '') this.parts.push(tabwrite(this.pending, DESCRIBE_TABWRITER));
    this.pending = '';
  }
  toString(): string {
    this.flush();
    return this.parts.join('');
  }
}

/** time.RFC1123Z in UTC: `Mon, 01 Jan 2024 00:00:05 +0000`. */
export function rfc1123z(timestamp: string | undefined): string {
  if (!timestamp) return '<unset>';
  const d = new Date(timestamp);
  if (Number.isNaN(d.getTime())) return '<unset>';
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** printLabelsMultiline: first entry after the title, the rest on their own lines in the value column. */
export function printLabelsMultiline(w: DescribeWriter, title: string, labels: Record<string, string> | undefined): void {
  const keys = Object.keys(labels ?? {}).sort();
  w.write(0, `${title}:\t`);
  if (keys.length === 0) {
    w.write(0, '<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    if (i > 0) w.write(0, '\t');
    w.write(0, `${k}=${(labels as Record<string, string>)[k]}\n`);
  });
}

const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

/** printAnnotationsMultiline: `key: value`, the last-applied configuration skipped. */
export function printAnnotationsMultiline(w: DescribeWriter, title: string, annotations: Record<string, string> | undefined): void {
  const keys = Object.keys(annotations ?? {})
    .filter((k) => !SKIP_ANNOTATIONS.has(k))
    .sort();
  w.write(0, `${title}:\t`);
  if (keys.length === 0) {
    w.write(0, '<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    if (i > 0) w.write(0, '\t');
    const value = ((annotations as Record<string, string>)[k] as string).replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${k}:\n`);
      for (const line of value.split('\n')) w.write(0, `\t  ${shorten(line, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(0, `${k}: ${value}\n`);
    }
  });
}

const MAX_ANNOTATION_LEN = 140;

function shorten(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}...` : s;
}

/** printPodTolerationsMultiline: `key=value:effect op=Exists for 300s`. */
export function printTolerationsMultiline(w: DescribeWriter, title: string, tolerations: Dict[]): void {
  w.write(0, `${title}:\t`);
  if (tolerations.length === 0) {
    w.write(0, '<none>\n');
    return;
  }
  const sorted = [...tolerations].sort((a, b) => (asString(a.key) < asString(b.key) ? -1 : asString(a.key) > asString(b.key) ? 1 : 0));
  sorted.forEach((t, i) => {
    if (i > 0) w.write(0, '\t');
    const key = asString(t.key);
    const value = asString(t.value);
    const effect = asString(t.effect);
    let s = key;
    if (value !== '') s += `=${value}`;
    if (effect !== '') s += `:${effect}`;
    if (t.operator === 'Exists' && value === '') s += key !== '' || effect !== '' ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined) s += ` for ${asNumber(t.tolerationSeconds)}s`;
    w.write(0, `${s}\n`);
  });
}

/** Events whose involvedObject is `obj`, oldest first (SortableEvents sorts by lastTimestamp). */
export function eventsFor(obj: KubeObjectLike, events: readonly KubeEventLike[]): KubeEventLike[] {
  const mine = events.filter(
    (e) =>
      e.involvedObject.kind === obj.kind &&
      e.involvedObject.name === obj.metadata.name &&
      (e.involvedObject.namespace ?? '') === (obj.metadata.namespace ?? ''),
  );
  const t = (e: KubeEventLike) => Date.parse(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? '') || 0;
  return mine.map((e, i) => ({ e, i })).sort((a, b) => t(a.e) - t(b.e) || a.i - b.i).map((x) => x.e);
}

/** DescribeEvents: flushes what came before, then the Events table (or `Events:  <none>`). */
export function describeEvents(w: DescribeWriter, events: readonly KubeEventLike[], now: number): void {
  if (events.length === 0) {
    w.write(0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const e of events) {
    const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
    let interval = first;
    if (e.series) interval = `${since(e.series.lastObservedTime, now)} (x${e.series.count} over ${first})`;
    else if ((e.count ?? 0) > 1) interval = `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
    const source = e.source?.component || e.reportingComponent || '';
    w.write(1, `${e.type}\t${e.reason}\t${interval}\t${source}\t${e.message.trim()}\n`);
  }
}

/** printController: `Kind/name` of the controlling owner. */
export function controllerOf(o: KubeObjectLike): string {
  const ref = (o.metadata.ownerReferences ?? []).find((r) => r.controller);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

function containerPorts(c: Dict): { ports: string; hostPorts: string } {
  const ports = asArray(c.ports).map(asDict);
  return {
    ports: ports.map((p) => `${asNumber(p.containerPort)}/${asString(p.protocol, 'TCP')}`).join(', '),
    hostPorts: ports.map((p) => `${asNumber(p.hostPort)}/${asString(p.protocol, 'TCP')}`).join(', '),
  };
}

function describeState(w: DescribeWriter, title: string, state: Dict): void {
  if (state.running !== undefined) {
    w.write(2, `${title}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(asString(asDict(state.running).startedAt))}\n`);
  } else if (state.terminated !== undefined) {
    const t = asDict(state.terminated);
    w.write(2, `${title}:\tTerminated\n`);
    if (asString(t.reason) !== '') w.write(3, `Reason:\t${asString(t.reason)}\n`);
    if (asString(t.message) !== '') w.write(3, `Message:\t${asString(t.message)}\n`);
    w.write(3, `Exit Code:\t${asNumber(t.exitCode)}\n`);
    if (asNumber(t.signal) > 0) w.write(3, `Signal:\t${asNumber(t.signal)}\n`);
    w.write(3, `Started:\t${rfc1123z(asString(t.startedAt))}\n`);
    w.write(3, `Finished:\t${rfc1123z(asString(t.finishedAt))}\n`);
  } else {
    w.write(2, `${title}:\tWaiting\n`);
    const reason = asString(asDict(state.waiting).reason);
    if (reason !== '') w.write(3, `Reason:\t${reason}\n`);
  }
}

function describeResources(w: DescribeWriter, resources: Dict): void {
  for (const [title, key] of [
    ['Limits', 'limits'],
    ['Requests', 'requests'],
  ] as const) {
    const r = asDict(resources[key]);
    const names = Object.keys(r).sort();
    if (names.length === 0) continue;
    w.write(2, `${title}:\n`);
    for (const n of names) w.write(3, `${n}:\t${asString(r[n])}\n`);
  }
}

function describeEnv(w: DescribeWriter, c: Dict): void {
  const env = asArray(c.env).map(asDict);
  if (env.length === 0) {
    w.write(2, 'Environment:\t<none>\n');
    return;
  }
  w.write(2, 'Environment:\n');
  for (const e of env) {
    if (e.value !== undefined) w.write(3, `${asString(e.name)}:\t${asString(e.value)}\n`);
    else {
      const from = asDict(e.valueFrom);
      const ref = asDict(from.secretKeyRef ?? from.configMapKeyRef);
      const kind = from.secretKeyRef !== undefined ? 'secret' : 'config map';
      w.write(3, `${asString(e.name)}:\t<set to the key '${asString(ref.key)}' in ${kind} '${asString(ref.name)}'>\t${ref.optional === true ? 'Optional: true' : 'Optional: false'}\n`);
    }
  }
}

function describeMounts(w: DescribeWriter, c: Dict): void {
  const mounts = asArray(c.volumeMounts).map(asDict);
  if (mounts.length === 0) {
    w.write(2, 'Mounts:\t<none>\n');
    return;
  }
  w.write(2, 'Mounts:\n');
  for (const m of [...mounts].sort((a, b) => (asString(a.mountPath) < asString(b.mountPath) ? -1 : 1))) {
    const sub = asString(m.subPath) !== '' ? ` (${m.readOnly === true ? 'ro' : 'rw'},path="${asString(m.subPath)}")` : ` (${m.readOnly === true ? 'ro' : 'rw'})`;
    w.write(3, `${asString(m.mountPath)} from ${asString(m.name)}${sub}\n`);
  }
}

/** describeContainers: `space` is "  " inside a pod template, "" for a pod. */
export function describeContainers(w: DescribeWriter, label: string, containers: Dict[], statuses: Dict[] | undefined, space: string): void {
  w.write(0, `${space}${label}:\n`);
  for (const c of containers) {
    const st = statuses?.find((s) => s.name === c.name);
    w.write(1, `${space === '' ? '' : ' '}${asString(c.name)}:\n`);
    if (st) w.write(2, `Container ID:\t${asString(st.containerID)}\n`);
    w.write(2, `Image:\t${asString(c.image)}\n`);
    if (st) w.write(2, `Image ID:\t${asString(st.imageID)}\n`);
    const { ports, hostPorts } = containerPorts(c);
    w.write(2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${ports || '<none>'}\n`);
    w.write(2, hostPorts.includes(',') ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${hostPorts || '<none>'}\n`);
    const command = asArray(c.command).map((x) => asString(x));
    if (command.length > 0) {
      w.write(2, 'Command:\n');
      for (const x of command) w.write(3, `${x}\n`);
    }
    const args = asArray(c.args).map((x) => asString(x));
    if (args.length > 0) {
      w.write(2, 'Args:\n');
      for (const x of args) w.write(3, `${x}\n`);
    }
    if (st) {
      describeState(w, 'State', asDict(st.state));
      const last = asDict(st.lastState);
      if (last.terminated !== undefined) describeState(w, 'Last State', last);
      w.write(2, `Ready:\t${st.ready === true ? 'True' : 'False'}\n`);
      w.write(2, `Restart Count:\t${asNumber(st.restartCount)}\n`);
    }
    describeResources(w, asDict(c.resources));
    describeEnv(w, c);
    describeMounts(w, c);
  }
}

/** describeVolumes (the common volume types). */
export function describeVolumes(w: DescribeWriter, volumes: Dict[], space: string): void {
  if (volumes.length === 0) {
    w.write(0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(1, `${space === '' ? '' : ' '}${asString(v.name)}:\n`);
    if (v.hostPath !== undefined) {
      const hp = asDict(v.hostPath);
      w.write(2, 'Type:\tHostPath (bare host directory volume)\n');
      w.write(0, `    Path:\t${asString(hp.path)}\n`);
      w.write(0, `    HostPathType:\t${hp.type === undefined ? '<none>' : asString(hp.type)}\n`);
    } else if (v.configMap !== undefined) {
      w.write(2, 'Type:\tConfigMap (a volume populated by a ConfigMap)\n');
      w.write(2, `Name:\t${asString(asDict(v.configMap).name)}\n`);
      w.write(2, `Optional:\t${asDict(v.configMap).optional === true}\n`);
    } else if (v.secret !== undefined) {
      w.write(2, 'Type:\tSecret (a volume populated by a Secret)\n');
      w.write(2, `SecretName:\t${asString(asDict(v.secret).secretName)}\n`);
      w.write(2, `Optional:\t${asDict(v.secret).optional === true}\n`);
    } else if (v.emptyDir !== undefined) {
      w.write(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n");
      w.write(2, `Medium:\t${asString(asDict(v.emptyDir).medium)}\n`);
      w.write(2, `SizeLimit:\t${asString(asDict(v.emptyDir).sizeLimit, '<unset>')}\n`);
    } else if (v.persistentVolumeClaim !== undefined) {
      w.write(2, 'Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n');
      w.write(2, `ClaimName:\t${asString(asDict(v.persistentVolumeClaim).claimName)}\n`);
      w.write(2, `ReadOnly:\t${asDict(v.persistentVolumeClaim).readOnly === true}\n`);
    } else if (v.ephemeral !== undefined) {
      printEphemeralVolumeSource(w, asDict(v.ephemeral));
    } else if (v.projected !== undefined) {
      w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
      w.write(2, 'TokenExpirationSeconds:\t3607\n');
      w.write(2, 'ConfigMapName:\tkube-root-ca.crt\n');
      w.write(2, 'Optional:\tfalse\n');
      w.write(2, 'DownwardAPI:\ttrue\n');
    } else {
      w.write(2, 'Type:\t<unknown>\n');
    }
  }
}

/** DescribePodTemplate. */
export function describePodTemplate(w: DescribeWriter, template: Dict): void {
  const meta = asDict(template.metadata);
  const podSpec = asDict(template.spec);
  w.write(0, 'Pod Template:\n');
  printLabelsMultiline(w, '  Labels', asDict(meta.labels) as Record<string, string>);
  if (Object.keys(asDict(meta.annotations)).length > 0) printAnnotationsMultiline(w, '  Annotations', asDict(meta.annotations) as Record<string, string>);
  if (asString(podSpec.serviceAccountName) !== '') w.write(1, `Service Account:\t${asString(podSpec.serviceAccountName)}\n`);
  const inits = asArray(podSpec.initContainers).map(asDict);
  if (inits.length > 0) describeContainers(w, 'Init Containers', inits, undefined, '  ');
  describeContainers(w, 'Containers', asArray(podSpec.containers).map(asDict), undefined, '  ');
  describeVolumes(w, asArray(podSpec.volumes).map(asDict), '  ');
  printLabelsMultiline(w, '  Node-Selectors', asDict(podSpec.nodeSelector) as Record<string, string>);
  printTolerationsMultiline(w, '  Tolerations', asArray(podSpec.tolerations).map(asDict));
}

const BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';

/** storageutil.GetPersistentVolumeClaimClass (and GetPersistentVolumeClass): the beta annotation first, then spec.storageClassName. */
export function persistentVolumeClaimClass(annotations: Dict, sp: Dict): string {
  if (Object.hasOwn(annotations, BETA_STORAGE_CLASS)) return asString(annotations[BETA_STORAGE_CLASS]);
  return asString(sp.storageClassName);
}

/** Go's %v of a []string: `[a b]`. */
export function goStringSlice(v: unknown): string {
  return `[${asArray(v)
    .map((x) => asString(x))
    .join(' ')}]`;
}

/**
 * A writer that adds `indent` levels to every write, mid-line ones included
 * (NewNestedPrefixWriter): kubectl's ephemeral-volume section prints
 * `Labels:` and its `<none>` each with that indent.
 */
export class NestedWriter {
  constructor(
    private readonly w: DescribeWriter,
    private readonly indent: number,
  ) {}
  write(level: number, text: string): void {
    this.w.write(level + this.indent, text);
  }
}

type Writer = DescribeWriter | NestedWriter;

/** printLabelsMultiline / printAnnotationsMultiline through a nested writer (every write indented). */
function printNestedMap(w: Writer, title: string, m: Dict, annotations: boolean): void {
  if (w instanceof DescribeWriter) {
    if (annotations) printAnnotationsMultiline(w, title, m as Record<string, string>);
    else printLabelsMultiline(w, title, m as Record<string, string>);
    return;
  }
  w.write(0, `${title}:\t`);
  const keys = Object.keys(m)
    .filter((k) => !annotations || k !== 'kubectl.kubernetes.io/last-applied-configuration')
    .sort();
  if (keys.length === 0) {
    w.write(0, '<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    // A continuation line: printAnnotationsMultiline writes its indent once; printLabelsMultilineWithIndent writes
    // initialIndent ("") and innerIndent ("\t") in two writes, each indented by the nested writer.
    if (i > 0 && !annotations) w.write(0, '');
    if (i > 0) w.write(0, '\t');
    w.write(0, annotations ? `${k}: ${asString(m[k])}\n` : `${k}=${asString(m[k])}\n`);
  });
}

/**
 * printPersistentVolumeClaim: a full PVC (`describe pvc`), or the claim
 * template of a generic ephemeral volume (`full` false: no name, status or
 * finalizers).
 */
export function printPersistentVolumeClaim(w: Writer, meta: Dict, sp: Dict, st: Dict, full: boolean, now: number): void {
  if (full) {
    w.write(0, `Name:\t${asString(meta.name)}\n`);
    w.write(0, `Namespace:\t${asString(meta.namespace)}\n`);
  }
  w.write(0, `StorageClass:\t${persistentVolumeClaimClass(asDict(meta.annotations), sp)}\n`);
  if (full) {
    const deletion = asString(meta.deletionTimestamp);
    if (deletion !== '') w.write(0, `Status:\tTerminating (lasts ${since(deletion, now)})\n`);
    else w.write(0, `Status:\t${asString(st.phase)}\n`);
  }
  w.write(0, `Volume:\t${asString(sp.volumeName)}\n`);
  printNestedMap(w, 'Labels', asDict(meta.labels), false);
  printNestedMap(w, 'Annotations', asDict(meta.annotations), true);
  if (full) w.write(0, `Finalizers:\t${goStringSlice(meta.finalizers)}\n`);
  let capacity = '';
  let accessModes = '';
  if (asString(sp.volumeName) !== '') {
    accessModes = accessModesString(st.accessModes);
    capacity = asString(asDict(st.capacity).storage);
  }
  w.write(0, `Capacity:\t${capacity}\n`);
  w.write(0, `Access Modes:\t${accessModes}\n`);
  if (sp.volumeMode !== undefined) w.write(0, `VolumeMode:\t${asString(sp.volumeMode)}\n`);
  if (sp.dataSource !== undefined) {
    const ds = asDict(sp.dataSource);
    w.write(0, 'DataSource:\n');
    if (ds.apiGroup !== undefined) w.write(1, `APIGroup:\t${asString(ds.apiGroup)}\n`);
    w.write(1, `Kind:\t${asString(ds.kind)}\n`);
    w.write(1, `Name:\t${asString(ds.name)}\n`);
  }
}

/** printEphemeralVolumeSource (describeVolumes of a pod or pod template). */
function printEphemeralVolumeSource(w: DescribeWriter, ephemeral: Dict): void {
  w.write(2, 'Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n');
  const template = ephemeral.volumeClaimTemplate;
  if (template === undefined) return;
  const t = asDict(template);
  // The time is unused: a claim template has no deletionTimestamp line.
  printPersistentVolumeClaim(new NestedWriter(w, 2), asDict(t.metadata), asDict(t.spec), {}, false, 0);
}

