/**
 * Indexed Jobs (completionMode: Indexed) and the per-index back-off limit
 * (backoffLimitPerIndex, maxFailedIndexes, the FailIndex action), pure:
 * pkg/controller/job/indexed_job_utils.go, release 1.31.
 *
 * - Every pod of an Indexed Job carries its completion index in the
 *   annotation (and, with PodIndexLabel, beta since 1.28, the label)
 *   `batch.kubernetes.io/job-completion-index`, is named
 *   `<job>-<index>-<suffix>` (podGenerateNameWithIndex), has the hostname
 *   `<job>-<index>`, and its containers get JOB_COMPLETION_INDEX from that
 *   label (addCompletionIndexEnvVariables).
 * - The succeeded (and failed) indexes are kept as ordered intervals,
 *   written `1,3-5,7` in status.completedIndexes / status.failedIndexes
 *   (orderedIntervals.String: two neighbours are written `3,4`, three or more
 *   `3-5`); status.succeeded counts the succeeded indexes, so a second
 *   successful pod of one index does not count (one success per index).
 * - New pods take the first indexes neither succeeded, failed nor active
 *   (firstPendingIndexes); active pods of a duplicated index are removed but
 *   the one that has run longest (appendDuplicatedIndexPodsForRemoval).
 * - With backoffLimitPerIndex, each pod carries the failures of its index so
 *   far (`batch.kubernetes.io/job-index-failure-count`, and the failures an
 *   Ignore rule matched in `…/job-index-ignored-failure-count`); an index
 *   fails once a failed pod's count has reached the limit, or at once when a
 *   FailIndex rule of the pod failure policy matches (isIndexFailed).
 */
import type { Obj } from '../../core/object.ts';
import type { Container, PodObj, PodSpec } from '../../core/typed.ts';
import { matchPodFailurePolicy, type PodFailurePolicy } from './job-failure-policy.ts';

/** batch.JobCompletionIndexAnnotation (also the label's key). */
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
/** batch.JobIndexFailureCountAnnotation. */
export const INDEX_FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';
/** batch.JobIndexIgnoredFailureCountAnnotation. */
export const INDEX_IGNORED_FAILURE_COUNT = 'batch.kubernetes.io/job-index-ignored-failure-count';
/** completionIndexEnvName. */
export const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
/** names.MaxGeneratedNameLength: 63 - 5 random characters. */
const MAX_GENERATED_NAME_LENGTH = 58;

export interface Interval {
  first: number;
  last: number;
}
/** orderedIntervals: sorted, disjoint, never adjacent. */
export type Intervals = readonly Interval[];

/** orderedIntervals.merge: the union of two ordered interval lists. */
export function mergeIntervals(a: Intervals, b: Intervals): Interval[] {
  const out: Interval[] = [];
  const add = (x: Interval) => {
    const last = out[out.length - 1];
    if (!last || x.first > last.last + 1) out.push({ ...x });
    else if (last.last < x.last) last.last = x.last;
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i]!.first < b[j]!.first) add(a[i++]!);
    else add(b[j++]!);
  }
  while (i < a.length) add(a[i++]!);
  while (j < b.length) add(b[j++]!);
  return out;
}

/** orderedIntervals.withOrderedIndexes: add indexes (any order, duplicates allowed). */
export function withIndexes(a: Intervals, indexes: Iterable<number>): Interval[] {
  const sorted = [...new Set(indexes)].sort((x, y) => x - y);
  return mergeIntervals(a, sorted.map((n) => ({ first: n, last: n })));
}

/** orderedIntervals.total. */
export function totalIndexes(a: Intervals): number {
  return a.reduce((n, iv) => n + iv.last - iv.first + 1, 0);
}

/** orderedIntervals.has. */
export function hasIndex(a: Intervals, ix: number): boolean {
  return a.some((iv) => iv.first <= ix && ix <= iv.last);
}

/** orderedIntervals.String: `0,2-4,6,7`. */
export function formatIntervals(a: Intervals): string {
  return a.map((iv) => (iv.last === iv.first ? `${iv.first}` : `${iv.first}${iv.last === iv.first + 1 ? ',' : '-'}${iv.last}`)).join(',');
}

/**
 * parseIndexesFromString: the intervals of status.completedIndexes /
 * failedIndexes below `completions` (a corrupted interval is skipped,
 * intervals at or past completions end the list, the last is cut at
 * completions - 1).
 */
export function parseIntervals(s: string | undefined | null, completions: number): Interval[] {
  if (!s) return [];
  const out: Interval[] = [];
  for (const part of s.split(',')) {
    const limits = part.split('-');
    const first = atoi(limits[0]);
    if (first === undefined) continue;
    if (first >= completions) break;
    let last = first;
    if (limits.length > 1) {
      const l = atoi(limits[1]);
      if (l === undefined) continue;
      last = Math.min(l, completions - 1);
    }
    const prev = out[out.length - 1];
    if (prev && prev.last === first - 1) prev.last = last;
    else out.push({ first, last });
  }
  return out;
}

/** strconv.Atoi: an optional sign and decimal digits. */
function atoi(s: string | undefined): number | undefined {
  if (s === undefined || !/^[+-]?\d+$/.test(s)) return undefined;
  return Number(s);
}

/** getCompletionIndex: the annotation as a non-negative integer, or undefined (unknownCompletionIndex). */
export function completionIndex(p: Obj): number | undefined {
  const v = atoi(p.metadata.annotations?.[COMPLETION_INDEX]);
  return v === undefined || v < 0 ? undefined : v;
}

/** podGenerateNameWithIndex: `<job>-<index>-`, the job name cut so the prefix fits 58 characters. */
export function generateNameWithIndex(job: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = job + suffix;
  return prefix.length > MAX_GENERATED_NAME_LENGTH ? prefix.slice(0, MAX_GENERATED_NAME_LENGTH - suffix.length) + suffix : prefix;
}

/**
 * firstPendingIndexes: `count` indexes below `completions` that no active
 * pod, succeeded or failed index, nor (onlyReplaceFailedPods) terminating
 * pod covers, lowest first.
 */
export function firstPendingIndexes(busy: Iterable<number>, succeeded: Intervals, failed: Intervals | undefined, count: number, completions: number): number[] {
  if (count <= 0) return [];
  let nonPending = withIndexes(succeeded, busy);
  if (failed) nonPending = mergeIntervals(nonPending, failed);
  const out: number[] = [];
  let candidate = 0;
  for (const iv of nonPending) {
    for (; candidate < completions && out.length < count && candidate < iv.first; candidate++) out.push(candidate);
    if (candidate < iv.last + 1) candidate = iv.last + 1;
  }
  for (; candidate < completions && out.length < count; candidate++) out.push(candidate);
  return out;
}

/**
 * appendDuplicatedIndexPodsForRemoval: the active pods to remove whatever the
 * count — those without a valid index, with an index ≥ completions, and all
 * but one of each duplicated index (the one kept is the one
 * controller.ActivePods ranks last: here the earliest created).
 */
export function duplicatedIndexPods(active: readonly PodObj[], completions: number): { remove: PodObj[]; keep: PodObj[] } {
  const remove: PodObj[] = [];
  const keep: PodObj[] = [];
  const byIndex = new Map<number, PodObj[]>();
  for (const p of active) {
    const ix = completionIndex(p);
    if (ix === undefined || ix >= completions) remove.push(p);
    else byIndex.set(ix, [...(byIndex.get(ix) ?? []), p]);
  }
  for (const ix of [...byIndex.keys()].sort((a, b) => a - b)) {
    const pods = byIndex.get(ix)!;
    // controller.ActivePods puts the pods to delete first: the newest (by creation) go.
    const ranked = [...pods].sort((a, b) => created(b).localeCompare(created(a)) || b.metadata.name.localeCompare(a.metadata.name));
    remove.push(...ranked.slice(0, -1));
    keep.push(ranked[ranked.length - 1]!);
  }
  return { remove, keep };
}

function created(p: Obj): string {
  return p.metadata.creationTimestamp ?? '';
}

/** parseInt32 of an annotation: 0 when absent, unparsable, negative or above MaxInt32. */
function countAnnotation(p: Obj, key: string): number {
  const v = atoi(p.metadata.annotations?.[key]);
  return v === undefined || v < 0 || v > 2147483647 ? 0 : v;
}

/** getIndexFailureCount. */
export function indexFailureCount(p: Obj): number {
  return countAnnotation(p, INDEX_FAILURE_COUNT);
}

/** getIndexAbsoluteFailureCount: counted and ignored failures. */
export function indexAbsoluteFailureCount(p: Obj): number {
  return countAnnotation(p, INDEX_FAILURE_COUNT) + countAnnotation(p, INDEX_IGNORED_FAILURE_COUNT);
}

/**
 * getNewIndexFailureCounts: the counts the replacement of `replaced` (the
 * last failed pod of its index) carries — one more counted failure, or one
 * more ignored one when an Ignore rule matches it. [0, 0] for a first pod.
 */
export function newIndexFailureCounts(policy: PodFailurePolicy | undefined, replaced: PodObj | undefined): { failed: number; ignored: number } {
  if (!replaced) return { failed: 0, ignored: 0 };
  const failed = indexFailureCount(replaced);
  const ignored = countAnnotation(replaced, INDEX_IGNORED_FAILURE_COUNT);
  if (policy && !matchPodFailurePolicy(policy, replaced).count) return { failed, ignored: ignored + 1 };
  return { failed: failed + 1, ignored };
}

/**
 * isIndexFailed: a failed pod whose index is done for — a FailIndex rule
 * matched it, or it counts and its index had already failed
 * backoffLimitPerIndex times before it.
 */
export function isIndexFailed(policy: PodFailurePolicy | undefined, backoffLimitPerIndex: number, p: PodObj, podFailed: boolean): boolean {
  if (!podFailed) return false;
  let counted = true;
  if (policy) {
    const m = matchPodFailurePolicy(policy, p);
    if (m.action === 'FailIndex') return true;
    counted = m.count;
  }
  return counted && indexFailureCount(p) >= backoffLimitPerIndex;
}

/**
 * The pod template of one index (createPods for an Indexed Job): the
 * annotation, the label (PodIndexLabel, 1.28+), the hostname, the
 * generateName, JOB_COMPLETION_INDEX in every container and init container
 * that does not set it (from the label with PodIndexLabel, else the
 * annotation) and, with backoffLimitPerIndex, the failure-count annotations.
 */
export function indexedPodFields(
  job: string,
  index: number,
  spec: Partial<PodSpec>,
  opts: { podIndexLabel: boolean; failureCounts?: { failed: number; ignored: number } },
): { generateName: string; labels: Record<string, string>; annotations: Record<string, string>; spec: Partial<PodSpec> } {
  const annotations: Record<string, string> = { [COMPLETION_INDEX]: String(index) };
  if (opts.failureCounts) {
    annotations[INDEX_FAILURE_COUNT] = String(opts.failureCounts.failed);
    if (opts.failureCounts.ignored > 0) annotations[INDEX_IGNORED_FAILURE_COUNT] = String(opts.failureCounts.ignored);
  }
  const fieldPath = opts.podIndexLabel ? `metadata.labels['${COMPLETION_INDEX}']` : `metadata.annotations['${COMPLETION_INDEX}']`;
  const withEnv = (c: Container): Container => ((c.env ?? []).some((e) => e.name === COMPLETION_INDEX_ENV) ? c : { ...c, env: [...(c.env ?? []), { name: COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath } } }] });
  return {
    generateName: generateNameWithIndex(job, index),
    labels: opts.podIndexLabel ? { [COMPLETION_INDEX]: String(index) } : {},
    annotations,
    spec: {
      ...spec,
      ...(spec.initContainers ? { initContainers: spec.initContainers.map(withEnv) } : {}),
      ...(spec.containers ? { containers: spec.containers.map(withEnv) } : {}),
      hostname: `${job}-${index}`,
    },
  };
}
