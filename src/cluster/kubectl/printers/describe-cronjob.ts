/**
 * `kubectl describe cronjob` (k8s.io/kubectl pkg/describe/describe.go, 1.31:
 * describeCronJob, describeJobTemplate, printActiveJobs, printBoolPtr). The
 * Events table is added by the caller (./describe.ts).
 */
import type { KubeObjectLike } from './types.ts';
import { describePodTemplate, DescribeWriter, printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from './describe-common.ts';
import { selectorString } from './describe-workloads.ts';
import { asArray, asDict, asNumber, asString, spec, status, type Dict } from './format.ts';

/** printBoolPtr: True, False or <unset>. */
export function printBoolPtr(v: unknown): string {
  return typeof v === 'boolean' ? (v ? 'True' : 'False') : '<unset>';
}

/** A *int32 field: the number, or <unset> (`suffix` after a set value, e.g. "s"). */
function intOrUnset(v: unknown, suffix = ''): string {
  return v === undefined || v === null ? '<unset>' : `${asNumber(v)}${suffix}`;
}

function describeJobTemplate(w: DescribeWriter, template: Dict): void {
  const sp = asDict(template.spec);
  // LabelSelectorAsSelector(sel).String(): an empty selector prints an empty value.
  w.write(0, `Selector:\t${sp.selector === undefined ? '<unset>' : selectorString(sp.selector)}\n`);
  w.write(0, `Parallelism:\t${intOrUnset(sp.parallelism)}\n`);
  w.write(0, `Completions:\t${intOrUnset(sp.completions)}\n`);
  if (sp.activeDeadlineSeconds !== undefined) w.write(0, `Active Deadline Seconds:\t${asNumber(sp.activeDeadlineSeconds)}s\n`);
  describePodTemplate(w, asDict(sp.template));
}

export function describeCronJob(w: DescribeWriter, cj: KubeObjectLike): void {
  const sp = spec(cj);
  const st = status(cj);
  w.write(0, `Name:\t${cj.metadata.name}\n`);
  w.write(0, `Namespace:\t${cj.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', cj.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', cj.metadata.annotations);
  w.write(0, `Schedule:\t${asString(sp.schedule)}\n`);
  w.write(0, `Concurrency Policy:\t${asString(sp.concurrencyPolicy)}\n`);
  w.write(0, `Suspend:\t${printBoolPtr(sp.suspend)}\n`);
  w.write(0, `Successful Job History Limit:\t${intOrUnset(sp.successfulJobsHistoryLimit)}\n`);
  w.write(0, `Failed Job History Limit:\t${intOrUnset(sp.failedJobsHistoryLimit)}\n`);
  w.write(0, `Starting Deadline Seconds:\t${intOrUnset(sp.startingDeadlineSeconds, 's')}\n`);
  describeJobTemplate(w, asDict(sp.jobTemplate));
  const last = asString(st.lastScheduleTime);
  w.write(0, `Last Schedule Time:\t${last === '' ? '<unset>' : rfc1123z(last)}\n`);
  const active = asArray(st.active).map(asDict);
  w.write(0, 'Active Jobs:\t');
  if (active.length === 0) w.write(0, '<none>\n');
  else w.write(0, `${active.map((j) => asString(j.name)).join(', ')}\n`);
}
