/**
 * `kubectl describe` of StatefulSet, DaemonSet and Job (k8s.io/kubectl
 * pkg/describe/describe.go, 1.31: describeStatefulSet,
 * describeVolumeClaimTemplates, describeDaemonSet, describeJob). The Events
 * table is added by the caller (./describe.ts).
 */
import type { DescribeRelated, KubeObjectLike } from './types.ts';
import { controllerOf, describePodTemplate, DescribeWriter, goStringSlice, persistentVolumeClaimClass, printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from './describe-common.ts';
import { asArray, asDict, asNumber, asString, formatLabels, spec, status, type Dict } from './format.ts';
import { humanDuration } from './duration.ts';

/**
 * getPodStatusForController: the pods the selector lists whose controller is
 * `uid`, counted by phase (a phase outside the four is not counted).
 */
export function podStatusForController(pods: readonly KubeObjectLike[], uid: string | undefined): string {
  const counts = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 };
  for (const p of pods) {
    const ctl = (p.metadata.ownerReferences ?? []).find((r) => r.controller);
    if (!ctl || ctl.uid !== uid) continue;
    const phase = asString(status(p).phase);
    if (phase === 'Running' || phase === 'Pending' || phase === 'Succeeded' || phase === 'Failed') counts[phase]++;
  }
  return `${counts.Running} Running / ${counts.Pending} Waiting / ${counts.Succeeded} Succeeded / ${counts.Failed} Failed`;
}

/**
 * metav1.LabelSelectorAsSelector(sel).String(): the requirements of
 * matchLabels and matchExpressions together, sorted by key (Selector.Add),
 * the values of in/notin sorted; an empty or missing selector prints "".
 */
export function selectorString(sel: unknown): string {
  const s = asDict(sel);
  const reqs: { key: string; text: string }[] = [];
  const ml = asDict(s.matchLabels);
  for (const k of Object.keys(ml)) reqs.push({ key: k, text: `${k}=${asString(ml[k])}` });
  for (const e of asArray(s.matchExpressions).map(asDict)) {
    const key = asString(e.key);
    const values = [...new Set(asArray(e.values).map((v) => asString(v)))].sort();
    const text = e.operator === 'In' ? `${key} in (${values.join(',')})` : e.operator === 'NotIn' ? `${key} notin (${values.join(',')})` : e.operator === 'Exists' ? key : `!${key}`;
    reqs.push({ key, text });
  }
  return reqs
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => r.text)
    .join(',');
}

/** printLabelsMultilineWithIndent(w, initialIndent, title, "\t", labels): `key=value` lines, continuation lines start with initialIndent. */
function printLabelsWithIndent(w: DescribeWriter, initialIndent: string, title: string, labels: Dict): void {
  w.write(0, `${initialIndent}${title}:\t`);
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) {
    w.write(0, '<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    if (i > 0) w.write(0, `${initialIndent}\t`);
    w.write(0, `${k}=${asString(labels[k])}\n`);
  });
}

/** describeVolumeClaimTemplates. */
function describeVolumeClaimTemplates(w: DescribeWriter, templates: Dict[]): void {
  if (templates.length === 0) {
    w.write(0, 'Volume Claims:\t<none>\n');
    return;
  }
  w.write(0, 'Volume Claims:\n');
  for (const pvc of templates) {
    const meta = asDict(pvc.metadata);
    const sp = asDict(pvc.spec);
    w.write(1, `Name:\t${asString(meta.name)}\n`);
    w.write(1, `StorageClass:\t${persistentVolumeClaimClass(asDict(meta.annotations), sp)}\n`);
    printLabelsWithIndent(w, '  ', 'Labels', asDict(meta.labels));
    printLabelsWithIndent(w, '  ', 'Annotations', asDict(meta.annotations));
    const storage = asDict(asDict(sp.resources).requests).storage;
    w.write(1, `Capacity:\t${storage === undefined ? '<default>' : asString(storage)}\n`);
    w.write(1, `Access Modes:\t${goStringSlice(sp.accessModes)}\n`);
  }
}

export function describeStatefulSet(w: DescribeWriter, ps: KubeObjectLike, related: DescribeRelated): void {
  const sp = spec(ps);
  w.write(0, `Name:\t${ps.metadata.name}\n`);
  w.write(0, `Namespace:\t${ps.metadata.namespace ?? ''}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(ps.metadata.creationTimestamp)}\n`);
  w.write(0, `Selector:\t${selectorString(sp.selector)}\n`);
  printLabelsMultiline(w, 'Labels', ps.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ps.metadata.annotations);
  w.write(0, `Replicas:\t${asNumber(sp.replicas, 1)} desired | ${asNumber(status(ps).replicas)} total\n`);
  const strategy = asDict(sp.updateStrategy);
  w.write(0, `Update Strategy:\t${asString(strategy.type)}\n`);
  if (strategy.rollingUpdate !== undefined) {
    const ru = asDict(strategy.rollingUpdate);
    if (ru.partition !== undefined) {
      w.write(1, `Partition:\t${asNumber(ru.partition)}\n`);
      if (ru.maxUnavailable !== undefined) w.write(1, `MaxUnavailable:\t${asString(ru.maxUnavailable)}\n`);
    }
  }
  w.write(0, `Pods Status:\t${podStatusForController(related.pods ?? [], ps.metadata.uid)}\n`);
  describePodTemplate(w, asDict(sp.template));
  describeVolumeClaimTemplates(w, asArray(sp.volumeClaimTemplates).map(asDict));
}

export function describeDaemonSet(w: DescribeWriter, ds: KubeObjectLike, related: DescribeRelated): void {
  const sp = spec(ds);
  const st = status(ds);
  w.write(0, `Name:\t${ds.metadata.name}\n`);
  w.write(0, `Selector:\t${selectorString(sp.selector)}\n`);
  w.write(0, `Node-Selector:\t${formatLabels(asDict(asDict(asDict(sp.template).spec).nodeSelector) as Record<string, string>)}\n`);
  printLabelsMultiline(w, 'Labels', ds.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ds.metadata.annotations);
  // These five lines have no tab in describe.go: a space after the colon, outside the tabwriter's columns.
  w.write(0, `Desired Number of Nodes Scheduled: ${asNumber(st.desiredNumberScheduled)}\n`);
  w.write(0, `Current Number of Nodes Scheduled: ${asNumber(st.currentNumberScheduled)}\n`);
  w.write(0, `Number of Nodes Scheduled with Up-to-date Pods: ${asNumber(st.updatedNumberScheduled)}\n`);
  w.write(0, `Number of Nodes Scheduled with Available Pods: ${asNumber(st.numberAvailable)}\n`);
  w.write(0, `Number of Nodes Misscheduled: ${asNumber(st.numberMisscheduled)}\n`);
  w.write(0, `Pods Status:\t${podStatusForController(related.pods ?? [], ds.metadata.uid)}\n`);
  describePodTemplate(w, asDict(sp.template));
}

/** capIndexesListOrNone(indexes, 50). */
function capIndexes(indexes: string, softLimit: number): string {
  if (indexes === '') return '<none>';
  let ix = softLimit;
  for (; ix < indexes.length; ix++) if (indexes[ix] === ',') break;
  return ix >= indexes.length ? indexes : `${indexes.slice(0, ix + 1)}...`;
}

export function describeJob(w: DescribeWriter, job: KubeObjectLike): void {
  const sp = spec(job);
  const st = status(job);
  w.write(0, `Name:\t${job.metadata.name}\n`);
  w.write(0, `Namespace:\t${job.metadata.namespace ?? ''}\n`);
  w.write(0, `Selector:\t${selectorString(sp.selector)}\n`);
  printLabelsMultiline(w, 'Labels', job.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', job.metadata.annotations);
  const ctl = controllerOf(job);
  if (ctl !== '') w.write(0, `Controlled By:\t${ctl}\n`);
  if (sp.parallelism !== undefined) w.write(0, `Parallelism:\t${asNumber(sp.parallelism)}\n`);
  w.write(0, `Completions:\t${sp.completions !== undefined && sp.completions !== null ? asNumber(sp.completions) : '<unset>'}\n`);
  if (sp.completionMode !== undefined) w.write(0, `Completion Mode:\t${asString(sp.completionMode)}\n`);
  if (sp.suspend !== undefined) w.write(0, `Suspend:\t${sp.suspend === true}\n`);
  if (sp.backoffLimit !== undefined) w.write(0, `Backoff Limit:\t${asNumber(sp.backoffLimit)}\n`);
  if (sp.ttlSecondsAfterFinished !== undefined) w.write(0, `TTL Seconds After Finished:\t${asNumber(sp.ttlSecondsAfterFinished)}\n`);
  const start = asString(st.startTime);
  const completion = asString(st.completionTime);
  if (start !== '') w.write(0, `Start Time:\t${rfc1123z(start)}\n`);
  if (completion !== '') w.write(0, `Completed At:\t${rfc1123z(completion)}\n`);
  if (start !== '' && completion !== '') w.write(0, `Duration:\t${humanDuration(Date.parse(completion) - Date.parse(start))}\n`);
  if (sp.activeDeadlineSeconds !== undefined) w.write(0, `Active Deadline Seconds:\t${asNumber(sp.activeDeadlineSeconds)}s\n`);
  const counts = `${asNumber(st.active)} Active${st.ready === undefined ? '' : ` (${asNumber(st.ready)} Ready)`} / ${asNumber(st.succeeded)} Succeeded / ${asNumber(st.failed)} Failed`;
  w.write(0, `Pods Statuses:\t${counts}\n`);
  if (sp.completionMode === 'Indexed') w.write(0, `Completed Indexes:\t${capIndexes(asString(st.completedIndexes), 50)}\n`);
  describePodTemplate(w, asDict(sp.template));
}
