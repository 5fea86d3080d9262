/**
 * The Job controller (pkg/controller/job): runs pods to completion. It keeps
 * min(parallelism, remaining completions) pods active, counts the pods that
 * Succeeded and Failed, re-creates failed pods after the pod failure back-off
 * (10 s doubling, at most 10 min; 6 min before 1.27; backoff_utils.go: it
 * counts the failures since the last success, from the last failed pod's
 * finish time), and finishes the Job:
 * `Complete` (reason CompletionsReached, 1.31) once `completions` pods have
 * succeeded — or, without `completions`, once one has and none is active —
 * and `Failed`, syncJob's causes in order: a failed pod matching a FailJob
 * rule of the pod failure policy (reason PodFailurePolicy,
 * job-failure-policy.ts), more than `backoffLimit` failed pods (reason
 * BackoffLimitExceeded; with restartPolicy OnFailure container restarts
 * count; pods matching an Ignore rule do not), or the Job active for
 * `activeDeadlineSeconds` since status.startTime (reason DeadlineExceeded,
 * pastActiveDeadline; the controller syncs the Job again at its deadline,
 * queue.AddAfter). Events as the controller records them: SuccessfulCreate
 * "Created pod: …", SuccessfulDelete, Completed "Job completed", Warning
 * <reason> <message> of the Failed condition (recordJobFinished), e.g.
 * BackoffLimitExceeded "Job has reached the specified backoff limit",
 * DeadlineExceeded "Job was active longer than specified deadline".
 *
 * Indexed Jobs (completionMode Indexed: one pod per completion index,
 * status.completedIndexes) and backoffLimitPerIndex (status.failedIndexes,
 * reasons FailedIndexes and MaxFailedIndexesExceeded, a back-off per index):
 * ./job-indexed.ts and indexedState / lastFailedPerIndex below.
 *
 * Pod tracking with finalizers (JobTrackingWithFinalizers, GA in 1.26;
 * trackJobStatusAndRemoveFinalizers in pkg/controller/job/job_controller.go):
 * the controller creates its pods with the finalizer
 * `batch.kubernetes.io/job-tracking`, so a pod deleted by anyone (the pod
 * garbage collector, `kubectl delete pod --force`, an eviction) stays
 * Terminating until the controller has accounted for it. A pod that finished,
 * or is being deleted without having succeeded (isPodFailed: "Count deleted
 * Pods as failures to account for orphan Pods"), is first recorded by UID
 * under status.uncountedTerminatedPods, then its finalizer is removed (a
 * PATCH per pod), then the UIDs move into status.succeeded / status.failed
 * (flushUncountedAndRemoveFinalizers). The counters therefore live in the
 * Job's status, not in the pods that still exist. When the Job fails, the
 * pods still running are deleted and count as failed too. Pods whose Job is
 * gone or finished lose the finalizer (the orphan pod handling). Before 1.26
 * the model keeps the legacy counting from the pods that exist.
 *
 * Interim conditions (1.31: delayTerminalCondition() = JobManagedBy ||
 * JobPodReplacementPolicy, the latter beta and on by default since 1.29):
 * a finishing Job first gets `FailureTarget` (reason BackoffLimitExceeded)
 * or `SuccessCriteriaMet` (reason CompletionsReached), written with the
 * uncounted pods; the terminal `Failed` / `Complete` (same reason and
 * message) and its event follow only once status.terminating is 0
 * (enactJobFinished). status.terminating (1.29+) is CountTerminatingPods:
 * pods being deleted that are not yet Succeeded or Failed. kubectl get jobs
 * shows FailureTarget in STATUS (printJob); SuccessCriteriaMet shows Running.
 * The 1.23 profile writes Failed / Complete directly, without terminating.
 *
 * spec.suspend (jobSuspended, syncJob / manageJob): a suspended Job creates
 * no pods and deletes its active ones (deleteJobPods: tracking finalizer
 * removed first, so they are not counted as failed), gets the condition
 * Suspended=True (JobSuspended "Job suspended", event Suspended) and no
 * status.startTime, and its activeDeadlineSeconds does not run; resumed, the
 * condition turns False (JobResumed, event Resumed) and startTime restarts.
 * A finished Job with ttlSecondsAfterFinished is deleted by
 * ./ttl-after-finished.ts.
 */
import { parallel, series, type Task } from '../../core/async.ts';
import { clone, EPOCH_MS, ownerRef, timestamp, type Obj } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import { backgroundAfter } from '../timers.ts';
import { minor, type World } from '../world.ts';
import { Controller } from './controller.ts';
import { isPodActive, isPodReady, keyOf, ownerKey, specChanged } from '../../core/object-helpers.ts';
import { isPodPhaseTerminal } from '../../core/pod-phase.ts';
import { type JobObj, type JobStatus, type PodObj, type PodSpec, asJob, asPod } from '../../core/typed.ts';
import { matchPodFailurePolicy, type PodFailurePolicy } from './job-failure-policy.ts';
import {
  completionIndex,
  duplicatedIndexPods,
  firstPendingIndexes,
  formatIntervals,
  hasIndex,
  indexAbsoluteFailureCount,
  indexedPodFields,
  isIndexFailed,
  newIndexFailureCounts,
  parseIntervals,
  totalIndexes,
  withIndexes,
  type Interval,
} from './job-indexed.ts';

const POD = resourceForKind('Pod')!;
const JOB = resourceForKind('Job')!;
/** batch.kubernetes.io/job-tracking (batch.JobTrackingFinalizer). */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
/**
 * DefaultJobPodFailureBackOff = 10 * time.Second and MaxJobPodFailureBackOff
 * = 10 * time.Minute (pkg/controller/job/job_controller.go as of 1.31). The
 * pod failure back-off got these constants of its own when it was decoupled
 * from the workqueue (kubernetes#114768, release 1.27: the model's boundary);
 * before, the cap was MaxJobBackOff = 360 * time.Second (6 min, what the Job
 * documentation still says).
 */
export const JOB_BACKOFF_MS = 10_000;
export const JOB_BACKOFF_MAX_MS = 600_000;
export const JOB_BACKOFF_MAX_MS_BEFORE_1_27 = 360_000;

/** The reason and message of a failing Job's FailureTarget / Failed condition (and of its Warning event). */
export interface JobFailure {
  reason: string;
  message: string;
}
/** syncJob: exceedsBackoffLimit || pastBackoffLimitOnFailure. */
export const BACKOFF_LIMIT_EXCEEDED: JobFailure = { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
/** syncJob, backoffLimitPerIndex: more failed indexes than maxFailedIndexes. */
export const MAX_FAILED_INDEXES_EXCEEDED: JobFailure = { reason: 'MaxFailedIndexesExceeded', message: 'Job has exceeded the specified maximal number of failed indexes' };
/** syncJob, backoffLimitPerIndex: every index finished, some of them failed. */
export const FAILED_INDEXES: JobFailure = { reason: 'FailedIndexes', message: 'Job has failed indexes' };
/** syncJob: pastActiveDeadline. */
export const DEADLINE_EXCEEDED: JobFailure = { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };

export interface JobCounts {
  active: number;
  succeeded: number;
  failed: number;
  /** Container restarts of active pods (restartPolicy OnFailure counts them against backoffLimit). */
  restarts: number;
  /**
   * Pods being deleted, not yet Succeeded or Failed, when only failed pods
   * are replaced (onlyReplaceFailedPods: podReplacementPolicy Failed, or a
   * pod failure policy): manageJob creates wantActive - terminating - active.
   */
  terminating?: number;
}

export type JobVerdict = { finished: 'Complete' } | { finished: 'Failed' } | { finished: false; create: number; delete: number };

/**
 * What the controller does for a Job in this state (pure; the table-driven
 * tests port job_controller_test.go's syncJob cases).
 */
export function jobVerdict(spec: { completions?: number | null; parallelism?: number | null; backoffLimit?: number | null; restartPolicy?: string }, c: JobCounts): JobVerdict {
  const backoffLimit = spec.backoffLimit ?? 6;
  const exceeded = spec.restartPolicy === 'OnFailure' ? c.restarts > backoffLimit || c.failed > backoffLimit : c.failed > backoffLimit;
  if (exceeded) return { finished: 'Failed' };
  const parallelism = spec.parallelism ?? 1;
  const completions = spec.completions ?? null;
  const complete = completions === null ? c.succeeded > 0 && c.active === 0 : c.succeeded >= completions && c.active === 0;
  if (complete) return { finished: 'Complete' };
  // Without completions (a work queue) no new pod starts once one has succeeded; the others finish.
  const want = completions === null ? (c.succeeded > 0 ? c.active : parallelism) : Math.max(0, Math.min(parallelism, completions - c.succeeded));
  // manageJob: pod deletion takes precedence over creation in one sync.
  const del = Math.max(0, c.active - want);
  return { finished: false, create: del > 0 ? 0 : Math.max(0, want - (c.terminating ?? 0) - c.active), delete: del };
}

/**
 * The pod failure back-off after `failed` failures (getRemainingTimeForFailuresCount):
 * 10 s, 20 s, 40 s … at most 10 min (6 min before 1.27).
 */
export function jobBackoffMs(failed: number, max = JOB_BACKOFF_MAX_MS): number {
  if (failed <= 0) return 0;
  return Math.min(JOB_BACKOFF_MS * 2 ** (failed - 1), max);
}

/**
 * getRemainingTimeForFailuresCount (backoff_utils.go): the back-off after
 * `failures` failures, less the time since the last one (0 once run out).
 */
export function remainingBackoffMs(failures: number, lastFailureAt: number | undefined, now: number, max = JOB_BACKOFF_MAX_MS): number {
  if (failures <= 0 || lastFailureAt === undefined) return 0;
  return Math.max(0, jobBackoffMs(failures, max) - (now - lastFailureAt));
}

/** The pod failure back-off record of a Job (backoff_utils.go backoffRecord). */
export interface BackoffRecord {
  /** Failures since the last success. */
  failuresAfterLastSuccess: number;
  /** When the last of them happened (simulated ms). */
  lastFailureTime: number | undefined;
}

/**
 * newBackoffRecord (backoff_utils.go): the record after the pods that
 * finished since the last sync, each with its finish time. Without a new
 * success the new failures add up; with one the record restarts, counting
 * only the failures that finished after the last success.
 */
export function newBackoffRecord(old: BackoffRecord, succeeded: readonly number[], failed: readonly number[]): BackoffRecord {
  const s = [...succeeded].sort((a, b) => a - b);
  const f = [...failed].sort((a, b) => a - b);
  if (s.length === 0) {
    if (f.length === 0) return old;
    return { failuresAfterLastSuccess: old.failuresAfterLastSuccess + f.length, lastFailureTime: f[f.length - 1] };
  }
  const lastSuccess = s[s.length - 1]!;
  const after = f.filter((t) => t > lastSuccess);
  return { failuresAfterLastSuccess: after.length, lastFailureTime: after.length > 0 ? after[after.length - 1] : undefined };
}

/**
 * pastActiveDeadline: the Job has spec.activeDeadlineSeconds and has been
 * active (since status.startTime, or since now on its first sync) at least
 * that long. Returns the deadline (simulated ms) and whether it has passed.
 */
export function activeDeadline(spec: { activeDeadlineSeconds?: number | null }, startMs: number, nowMs: number): { at: number; past: boolean } | undefined {
  const ads = spec.activeDeadlineSeconds;
  if (ads === undefined || ads === null) return undefined;
  const at = startMs + ads * 1000;
  return { at, past: nowMs >= at };
}

export class JobController extends Controller {
  /** Per Job uid: the pod failure back-off record (podBackoffStore), and the finished pods it has taken in. */
  private readonly backoff = new Map<string, BackoffRecord & { seen: Set<string> }>();
  /** Per Job uid: the active deadline a sync is scheduled at. */
  private readonly deadlines = new Map<string, number>();

  constructor(w: World) {
    super(w, 'job-controller');
    this.watch({
      kinds: ['Job'],
      filter: (o, t, old) => t === 'ADDED' || (t === 'MODIFIED' && specChanged(o, old)),
      handler: (e) => this.enqueue(keyOf(e.object), e.cause),
    });
    this.watch({
      kinds: ['Pod'],
      filter: (o, t, old) => ownerKey(o, 'Job') !== undefined && (t !== 'MODIFIED' || podChanged(o, old)),
      handler: (e) => {
        const key = ownerKey(e.object, 'Job')!;
        // The orphan pod handling: a pod whose Job is gone loses the tracking finalizer.
        if (e.type !== 'DELETED' && hasTrackingFinalizer(e.object) && !this.w.api.cache.get('Job', key)) return this.removeFinalizers([asPod(e.object)], e.cause, () => {});
        this.enqueue(key, e.cause);
      },
    });
  }

  protected reconcile(key: string, cause: string, done: () => void): void {
    const job = this.w.api.cache.get('Job', key);
    if (!job) return done();
    const tracking = minor(this.w) >= 26;
    const owned = this.w.api.cache.ownedOfKind(job.metadata.uid!, 'Pod');
    if (job.metadata.deletionTimestamp || finished(job)) {
      // Orphan pods: a finished or deleted Job leaves no finalizer behind.
      return tracking ? this.removeFinalizers(owned.filter(hasTrackingFinalizer), cause, done) : done();
    }
    const now = this.w.clock.now();
    // JobPodFailurePolicy: beta and on by default since 1.26 (the model's 1.23 profile has no such field).
    const policy: PodFailurePolicy | undefined = tracking ? job.spec.podFailurePolicy : undefined;
    // onlyReplaceFailedPods: podReplacementPolicy Failed (JobPodReplacementPolicy, beta since 1.29), or a pod failure policy.
    const onlyReplaceFailed = policy !== undefined || (minor(this.w) >= 29 && job.spec.podReplacementPolicy === 'Failed');
    const pods = tracking ? owned : owned.filter((p) => !p.metadata.deletionTimestamp);
    // controller.FilterActivePods: not terminal and not being deleted.
    const active = pods.filter(isPodActive);
    const restarts = active.reduce((n, p) => n + (p.status?.containerStatuses ?? []).reduce((m: number, cs) => m + (cs.restartCount ?? 0), 0), 0);
    const prev = job.status ?? {};
    const uncounted = { succeeded: prev.uncountedTerminatedPods?.succeeded ?? [], failed: prev.uncountedTerminatedPods?.failed ?? [] };
    const fresh = pods.filter((p) => hasTrackingFinalizer(p) && !uncounted.succeeded.includes(p.metadata.uid!) && !uncounted.failed.includes(p.metadata.uid!));
    const newSucceeded = fresh.filter((p) => p.status?.phase === 'Succeeded');
    const newFailed = fresh.filter((p) => p.status?.phase !== 'Succeeded' && isPodFailed(p, onlyReplaceFailed));
    // nonIgnoredFailedPodsCount: a failure matching an Ignore rule does not count against backoffLimit.
    const counted = (p: PodObj) => matchPodFailurePolicy(policy, p).count;
    const countedNewFailed = newFailed.filter(counted);
    // status.terminating (JobPodReplacementPolicy, beta and on by default
    // since 1.29): controller.CountTerminatingPods — pods being deleted that
    // are not yet Succeeded or Failed.
    const terminating = pods.filter((p) => p.metadata.deletionTimestamp && !isPodPhaseTerminal(p.status?.phase)).length;
    // Indexed Jobs (calculateSucceededIndexes): status.completedIndexes plus
    // the indexes of the pods that succeeded since (one success per index).
    const ix = indexedState(job, pods, tracking, minor(this.w), policy, onlyReplaceFailed);
    const counts: JobCounts = tracking
      ? {
          active: active.length,
          succeeded: ix ? totalIndexes(ix.succeeded) : (prev.succeeded ?? 0) + uncounted.succeeded.length + newSucceeded.length,
          failed: (prev.failed ?? 0) + uncounted.failed.length + countedNewFailed.length,
          restarts,
          ...(onlyReplaceFailed ? { terminating } : {}),
        }
      : {
          active: active.length,
          succeeded: ix ? totalIndexes(ix.succeeded) : pods.filter((p) => p.status?.phase === 'Succeeded').length,
          failed: pods.filter((p) => p.status?.phase === 'Failed').length,
          restarts,
        };
    const tpl: Partial<PodSpec> = job.spec.template?.spec ?? {};
    const v = jobVerdict({ ...job.spec, restartPolicy: tpl.restartPolicy }, counts);
    // spec.suspend (jobSuspended): no startTime while suspended ("Set StartTime only if the job is not in the
    // suspended state"); a resumed Job (Suspended condition True → False) restarts its startTime now.
    const suspended = job.spec.suspend === true;
    const resumed = !suspended && (prev.conditions ?? []).some((k) => k.type === 'Suspended' && k.status === 'True');
    const d: Delay = { interim: interimCondition(job), terminating: minor(this.w) >= 29 ? terminating : undefined, startTime: suspended ? undefined : timestamp(now), ...(resumed ? { resumedAt: timestamp(now) } : {}) };
    // syncJob's finishedCondition: a Job that already has SuccessCriteriaMet
    // is not failed any more; else an existing FailureTarget, a FailJob rule
    // of the pod failure policy (getFailJobMessage, over every failed pod),
    // the backoff limit, then the active deadline.
    let failure: JobFailure | undefined;
    if (d.interim?.type === 'FailureTarget') failure = { reason: d.interim.reason ?? '', message: d.interim.message ?? '' };
    else if (d.interim?.type !== 'SuccessCriteriaMet') {
      const failJob = policy ? pods.filter((p) => isPodFailed(p, onlyReplaceFailed)).map((p) => matchPodFailurePolicy(policy, p).failJob).find((m) => m !== undefined) : undefined;
      if (failJob !== undefined) failure = { reason: 'PodFailurePolicy', message: failJob };
      else if (v.finished === 'Failed') failure = BACKOFF_LIMIT_EXCEEDED;
      else {
        // Job first start: status.startTime is now (RFC 3339, whole seconds once stored).
        const start = prev.startTime && !resumed ? Date.parse(prev.startTime) - EPOCH_MS : now;
        // pastActiveDeadline is false while suspended, and no sync is scheduled at the deadline.
        const deadline = suspended ? undefined : activeDeadline(job.spec, start, now);
        if (deadline?.past) failure = DEADLINE_EXCEEDED;
        // "Job has activeDeadlineSeconds configuration. Will sync this job again" (queue.AddAfter).
        else if (deadline) this.syncAt(job, key, deadline.at, cause);
      }
      // backoffLimitPerIndex: too many failed indexes, or every index finished with some failed.
      if (!failure && ix?.failed) {
        const nFailed = totalIndexes(ix.failed);
        const maxFailed = job.spec.maxFailedIndexes;
        if (maxFailed !== undefined && maxFailed !== null && nFailed > maxFailed) failure = MAX_FAILED_INDEXES_EXCEEDED;
        else if (nFailed > 0 && nFailed + totalIndexes(ix.succeeded) >= ix.completions) failure = FAILED_INDEXES;
      }
    }
    d.failure = failure;
    if (ix) d.indexes = { completed: formatIntervals(ix.succeeded), ...(ix.failed ? { failed: formatIntervals(ix.failed) } : {}) };
    const work: Task[] = [];
    /** Pods newly accounted for, whose finalizer goes in this sync. */
    const track = (finish: 'Complete' | 'Failed' | undefined): Tracked => {
      // When the Job has failed, every pod not yet terminated counts as failed
      // (trackJobStatusAndRemoveFinalizers: "When the job is considered
      // finished, every non-terminated pod is considered failed") — unless a
      // pod failure policy rule ignores it.
      const failing = finish === 'Failed' ? fresh.filter((p) => p.status?.phase !== 'Succeeded') : newFailed;
      // An Indexed Job counts its succeeded pods by index (no UIDs), and only pods with a valid index.
      const validIndex = (p: PodObj) => !ix || (completionIndex(p) ?? Infinity) < ix.completions;
      return {
        succeeded: [...uncounted.succeeded, ...(ix ? [] : newSucceeded.map((p) => p.metadata.uid!))],
        failed: [...uncounted.failed, ...failing.filter((p) => counted(p) && validIndex(p)).map((p) => p.metadata.uid!)],
        pods: [...newSucceeded, ...failing, ...pods.filter((p) => hasTrackingFinalizer(p) && (uncounted.succeeded.includes(p.metadata.uid!) || uncounted.failed.includes(p.metadata.uid!)))],
      };
    };
    if (failure) {
      const t = track('Failed');
      const total = { ...counts, active: 0, failed: counts.failed + (tracking ? t.failed.length - uncounted.failed.length - countedNewFailed.length : 0) };
      work.push((next) => this.deletePods(job, active, cause, next));
      // deleteActivePods: the pods just deleted are terminating too.
      const after: Delay = { ...d, terminating: d.terminating === undefined ? undefined : d.terminating + active.length };
      return series(work, () => this.flush(job, total, 'Failed', tracking ? t : undefined, cause, done, after));
    }
    // (A Job over its backoff limit that already has SuccessCriteriaMet completes: that condition was decided first.)
    if (v.finished !== false || d.interim?.type === 'SuccessCriteriaMet') return this.flush(job, counts, 'Complete', tracking ? track('Complete') : undefined, cause, done, d);
    // manageJob called: syncJob's ensureJobConditionStatus(Suspended, True/False).
    d.suspend = suspended;
    if (suspended) {
      // manageJob, jobSuspended: "Deleting active pods for suspended job" — deleteJobPods removes the
      // tracking finalizer before the DELETE, so these pods are not counted as failed.
      work.push((next) => this.removeFinalizers(active.filter(hasTrackingFinalizer), cause, () => this.deletePods(job, active, cause, next)));
      const after: Delay = { ...d, terminating: d.terminating === undefined ? undefined : d.terminating + active.length };
      return series(work, () => this.flush(job, { ...counts, active: 0 }, undefined, tracking ? track(undefined) : undefined, cause, done, after));
    }
    // manageJob, Indexed: the active pods of a duplicated or out-of-range index go whatever the count.
    const dup = ix ? duplicatedIndexPods(active, ix.completions) : undefined;
    const toDelete = dup && dup.remove.length > v.delete ? dup.remove : dup ? [...dup.remove, ...dup.keep.slice(0, v.delete - dup.remove.length)] : active.slice(0, v.delete);
    // The pod failure back-off record (newBackoffRecord): the pods finished since the last sync.
    const record = this.backoffRecord(job, pods, onlyReplaceFailed, now);
    const max = minor(this.w) >= 27 ? JOB_BACKOFF_MAX_MS : JOB_BACKOFF_MAX_MS_BEFORE_1_27;
    if (toDelete.length === 0 && v.create > 0) {
      let create: { index: number | undefined; replaced?: PodObj }[] = Array.from({ length: v.create }, () => ({ index: undefined }));
      /** The time left of the back-off, and the back-off itself (named in the trace). */
      let wait = 0;
      let backoff = 0;
      if (ix) {
        // firstPendingIndexes: the lowest indexes not succeeded, failed, active (nor terminating with onlyReplaceFailedPods).
        const busy = [...active, ...(onlyReplaceFailed ? pods.filter((p) => p.metadata.deletionTimestamp && !isPodPhaseTerminal(p.status?.phase)) : [])].map(completionIndex).filter((n): n is number => n !== undefined);
        const indexes = firstPendingIndexes(busy, ix.succeeded, ix.failed, v.create, ix.completions);
        if (ix.failed) {
          // getPodCreationInfoForIndependentIndexes: each index has its own back-off, from its last failed pod.
          const lastFailed = lastFailedPerIndex(ix, active, pods, onlyReplaceFailed);
          const ready: { index: number; replaced?: PodObj }[] = [];
          let soonest = Infinity;
          for (const i of indexes) {
            const replaced = lastFailed.get(i);
            const failures = replaced ? indexAbsoluteFailureCount(replaced) + 1 : 0;
            const left = replaced ? remainingBackoffMs(failures, finishedAt(replaced, now), now, max) : 0;
            if (left > 0 && left < soonest) {
              soonest = left;
              backoff = jobBackoffMs(failures, max);
            }
            else ready.push({ index: i, ...(replaced ? { replaced } : {}) });
          }
          create = ready;
          if (ready.length === 0 && soonest < Infinity) wait = soonest;
        } else create = indexes.map((index) => ({ index }));
      }
      // manageJob: "The controller is waiting for the pod failure back-off" (getRemainingTime of the record).
      if (!ix?.failed) {
        wait = remainingBackoffMs(record.failuresAfterLastSuccess, record.lastFailureTime, now, max);
        backoff = jobBackoffMs(record.failuresAfterLastSuccess, max);
      }
      if (wait > 0) {
        // The pod failure back-off: the pod is re-created when it has run out (time must pass).
        backgroundAfter(this.w, wait, () => {
          const t = this.w.rec.emit({ type: 'action', from: this.id, to: this.id, action: 'job-backoff', summary: `back-off ${backoff / 1000}s for job/${job.metadata.name} ran out`, cause });
          this.enqueue(key, t);
        });
      } else if (create.length > 0) work.push((next) => this.createPods(job, create, tracking, policy, cause, next));
    }
    if (toDelete.length > 0) work.push((next) => this.deletePods(job, toDelete, cause, next));
    series(work, () => this.flush(job, counts, undefined, tracking ? track(undefined) : undefined, cause, done, d));
  }

  /**
   * newBackoffRecord for the pods that finished since the record last looked
   * (each pod once; upstream: the pods with the tracking finalizer not yet in
   * uncountedTerminatedPods): a success restarts the count. Times are the
   * pods' finish times (getFinishedTime: the containers' finishedAt, whole
   * seconds as the kubelet writes them).
   */
  private backoffRecord(job: JobObj, pods: readonly PodObj[], onlyReplaceFailed: boolean, now: number): BackoffRecord {
    const uid = job.metadata.uid!;
    const rec = this.backoff.get(uid) ?? { failuresAfterLastSuccess: 0, lastFailureTime: undefined, seen: new Set<string>() };
    const fresh = pods.filter((p) => !rec.seen.has(p.metadata.uid!));
    const succeeded = fresh.filter((p) => p.status?.phase === 'Succeeded');
    const failed = fresh.filter((p) => p.status?.phase !== 'Succeeded' && isPodFailed(p, onlyReplaceFailed));
    for (const p of [...succeeded, ...failed]) rec.seen.add(p.metadata.uid!);
    const next = newBackoffRecord(rec, succeeded.map((p) => finishedAt(p, now)), failed.map((p) => finishedAt(p, now)));
    const out = { ...next, seen: rec.seen };
    this.backoff.set(uid, out);
    return out;
  }

  /**
   * queue.AddAfter(key, activeDeadlineSeconds - elapsed): the Job is synced
   * again at its deadline (once per Job and deadline, however often it syncs
   * before).
   */
  private syncAt(job: JobObj, key: string, at: number, cause: string): void {
    const uid = job.metadata.uid!;
    if (this.deadlines.get(uid) === at) return;
    this.deadlines.set(uid, at);
    const ads = job.spec.activeDeadlineSeconds ?? 0;
    backgroundAfter(this.w, Math.max(0, at - this.w.clock.now()), () => {
      const live = this.w.api.cache.get('Job', key);
      if (!live || live.metadata.uid !== uid || finished(live) || this.deadlines.get(uid) !== at) return;
      const t = this.w.rec.emit({ type: 'action', from: this.id, to: this.id, action: 'job-deadline', summary: `activeDeadlineSeconds ${ads}s of job/${job.metadata.name} reached`, cause });
      this.enqueue(key, t);
    });
  }

  /**
   * flushUncountedAndRemoveFinalizers: with pods to account for, the Job's
   * status first lists their UIDs under uncountedTerminatedPods, then their
   * finalizers are removed, then the final status moves them into the
   * counters (with the Complete/Failed condition when the Job is done).
   */
  private flush(job: JobObj, c: JobCounts, finish: 'Complete' | 'Failed' | undefined, t: Tracked | undefined, cause: string, done: () => void, d: Delay): void {
    // delayTerminalCondition (1.31: JobManagedBy || JobPodReplacementPolicy,
    // the latter beta and on by default): the interim FailureTarget or
    // SuccessCriteriaMet condition is written with the uncounted pods, the
    // terminal Failed / Complete only once no pod is terminating
    // (enactJobFinished: "Delaying marking the Job as finished, because
    // there are still terminating pod(s)").
    const delay = minor(this.w) >= 31 && d.terminating !== undefined;
    const interim = delay && finish ? (d.interim ?? this.interim(finish, d.failure)) : undefined;
    const terminal = finish && (!delay || d.terminating === 0) ? finish : undefined;
    const s: StatusExtra = { interim, terminating: d.terminating, failure: d.failure, startTime: d.startTime, indexes: d.indexes, suspend: d.suspend, resumedAt: d.resumedAt };
    if ((!t || t.pods.length === 0) && !(interim && !d.interim)) return this.writeStatus(job, c, terminal, undefined, s, cause, done);
    const before: JobCounts = t ? { ...c, succeeded: c.succeeded - t.succeeded.length, failed: c.failed - t.failed.length } : c;
    series(
      [
        (next) => this.writeStatus(job, before, undefined, t ? { succeeded: t.succeeded, failed: t.failed } : undefined, s, cause, next),
        (next) => (t && t.pods.length > 0 ? this.removeFinalizers(t.pods, cause, next) : next()),
      ],
      () => this.writeStatus(job, c, terminal, undefined, s, cause, done),
    );
  }

  /** removeTrackingFinalizerFromPods: one PATCH per pod (a pod already gone is skipped). */
  private removeFinalizers(pods: PodObj[], cause: string, done: () => void): void {
    parallel(
      pods.map((p) => (next: () => void) =>
        this.client.call(
          {
            verb: 'patch',
            resource: POD,
            namespace: p.metadata.namespace,
            name: p.metadata.name,
            patch: (live) => {
              if (!hasTrackingFinalizer(live)) return null;
              const out = clone(live);
              const rest = (live.metadata.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER);
              if (rest.length > 0) out.metadata.finalizers = rest;
              else delete out.metadata.finalizers;
              return out;
            },
            cause,
            note: `${p.metadata.name} (remove ${JOB_TRACKING_FINALIZER} finalizer)`,
          },
          () => next(),
        ),
      ),
      done,
    );
  }

  private createPods(job: JobObj, pods: readonly { index: number | undefined; replaced?: PodObj }[], tracking: boolean, policy: PodFailurePolicy | undefined, cause: string, done: () => void): void {
    parallel(
      pods.map((p) => (one: () => void) => this.createPod(job, p.index, p.replaced, tracking, policy, cause, one)),
      done,
    );
  }

  private createPod(job: JobObj, index: number | undefined, replaced: PodObj | undefined, tracking: boolean, policy: PodFailurePolicy | undefined, cause: string, done: () => void): void {
    const t = job.spec.template ?? {};
    const name = job.metadata.name;
    // createPods for an Indexed Job: the index's annotation, label, hostname,
    // name prefix, JOB_COMPLETION_INDEX and (backoffLimitPerIndex) failure counts.
    const perIndex = index !== undefined && minor(this.w) >= 29 && job.spec.backoffLimitPerIndex !== undefined && job.spec.backoffLimitPerIndex !== null;
    const indexed =
      index === undefined
        ? undefined
        : indexedPodFields(name, index, clone(t.spec ?? {}), { podIndexLabel: minor(this.w) >= 28, ...(perIndex ? { failureCounts: newIndexFailureCounts(policy, replaced) } : {}) });
    const annotations = { ...(t.metadata?.annotations ?? {}), ...(indexed?.annotations ?? {}) };
    const pod: Obj = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: '',
        generateName: indexed?.generateName ?? `${name}-`,
        namespace: job.metadata.namespace,
        labels: { ...(t.metadata?.labels ?? {}), ...(indexed?.labels ?? {}) },
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
        ownerReferences: [ownerRef(job)],
        ...(tracking ? { finalizers: [JOB_TRACKING_FINALIZER] } : {}),
      },
      spec: indexed ? indexed.spec : clone(t.spec),
    };
    this.client.call({ verb: 'create', resource: POD, namespace: job.metadata.namespace, body: pod, cause, ...(tracking ? { note: `(finalizer ${JOB_TRACKING_FINALIZER})` } : {}) }, (res) => {
      if (res.status === 201 && res.object) this.client.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${res.object.metadata.name}`, this.source(), res.eventId);
      // RealPodControl.createPods: Warning FailedCreate "Error creating: <the API error>".
      else this.client.event(job, 'Warning', 'FailedCreate', `Error creating: ${res.message ?? res.reason ?? res.status}`, this.source(), res.eventId);
      done();
    });
  }

  private deletePods(job: JobObj, pods: PodObj[], cause: string, done: () => void): void {
    parallel(
      pods.map((p) => (next: () => void) =>
        this.client.call({ verb: 'delete', resource: POD, namespace: p.metadata.namespace, name: p.metadata.name, cause }, (res) => {
          if (res.status === 200) this.client.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, this.source(), res.eventId);
          next();
        }),
      ),
      done,
    );
  }

  private writeStatus(job: JobObj, c: JobCounts, finish: 'Complete' | 'Failed' | undefined, uncounted: { succeeded: string[]; failed: string[] } | undefined, x: StatusExtra, cause: string, done: () => void): void {
    const live = this.w.api.cache.get('Job', keyOf(job));
    if (!live) return done();
    const now = timestamp(this.w.clock.now());
    const prev = live.status ?? {};
    const ready = this.w.api.cache.ownedOfKind(live.metadata.uid!, 'Pod').filter((p) => (p.status?.conditions ?? []).some((x) => x.type === 'Ready' && x.status === 'True')).length;
    const conditions = [...(prev.conditions ?? [])];
    const interim = x.interim && conditions.find((k) => k.type === x.interim!.type && k.status === 'True');
    if (x.interim && !interim) conditions.push(x.interim);
    // The terminal condition takes the interim one's reason and message (newFailedConditionForFailureTarget).
    const terminal = finish ? this.condition(finish, now, interim ?? x.interim, x.failure) : undefined;
    if (terminal) conditions.push(terminal);
    const suspendChange = x.suspend === undefined || terminal ? undefined : ensureSuspended(conditions, x.suspend, now);
    const failing = finish === 'Failed' || x.interim?.type === 'FailureTarget';
    const status: JobStatus = {
      ...(failing ? {} : c.active > 0 ? { active: c.active } : {}),
      // trackJobStatusAndRemoveFinalizers: status.completedIndexes (omitted when empty).
      ...(x.indexes?.completed ? { completedIndexes: x.indexes.completed } : {}),
      ...(prev.completionTime || finish === 'Complete' ? { completionTime: prev.completionTime ?? now } : {}),
      ...(conditions.length > 0 ? { conditions } : {}),
      ...(c.failed > 0 ? { failed: c.failed } : {}),
      // status.failedIndexes: a pointer, written (even empty) with backoffLimitPerIndex.
      ...(x.indexes?.failed !== undefined ? { failedIndexes: x.indexes.failed } : {}),
      ready: failing ? 0 : ready,
      // Job first start: startTime is the time of the sync that set it (none while suspended; reset on resume).
      ...(suspendChange === 'Resumed' && x.resumedAt ? { startTime: x.resumedAt } : prev.startTime ?? x.startTime ? { startTime: prev.startTime ?? x.startTime } : {}),
      ...(c.succeeded > 0 ? { succeeded: c.succeeded } : {}),
      ...(x.terminating !== undefined ? { terminating: x.terminating } : {}),
      uncountedTerminatedPods: {
        ...(uncounted && uncounted.failed.length > 0 ? { failed: uncounted.failed } : {}),
        ...(uncounted && uncounted.succeeded.length > 0 ? { succeeded: uncounted.succeeded } : {}),
      },
    };
    if (JSON.stringify(status) === JSON.stringify(prev)) return done();
    const note = finish ? `${live.metadata.name} ${finish}` : x.interim && !interim ? `${live.metadata.name} ${x.interim.type}` : undefined;
    this.client.call({ verb: 'update', resource: JOB, namespace: live.metadata.namespace, name: live.metadata.name, subresource: 'status', body: { ...live, status }, cause, note }, (res) => {
      // recordJobFinished: the events go with the terminal condition.
      if (finish === 'Complete') this.client.event(live, 'Normal', 'Completed', 'Job completed', this.source(), res.eventId);
      if (suspendChange === 'Suspended') this.client.event(live, 'Normal', 'Suspended', 'Job suspended', this.source(), res.eventId);
      if (suspendChange === 'Resumed') this.client.event(live, 'Normal', 'Resumed', 'Job resumed', this.source(), res.eventId);
      // Failed: Warning <condition reason> <condition message> (BackoffLimitExceeded, DeadlineExceeded, PodFailurePolicy).
      if (finish === 'Failed' && terminal) this.client.event(live, 'Warning', terminal.reason ?? 'BackoffLimitExceeded', terminal.message ?? '', this.source(), res.eventId);
      done();
    });
  }

  /** newFailureCondition / newSuccessCondition with delayTerminalCondition: the interim condition. */
  private interim(finish: 'Complete' | 'Failed', failure: JobFailure | undefined): JobCondition {
    const now = timestamp(this.w.clock.now());
    const c = this.condition(finish, now, undefined, failure);
    return { ...c, type: finish === 'Failed' ? 'FailureTarget' : 'SuccessCriteriaMet' };
  }

  private condition(finish: 'Complete' | 'Failed', now: string, from?: JobCondition, failure?: JobFailure): JobCondition {
    if (from) return { type: finish, status: 'True', lastProbeTime: now, lastTransitionTime: now, ...(from.reason ? { reason: from.reason } : {}), ...(from.message ? { message: from.message } : {}) };
    if (finish === 'Failed') {
      const f = failure ?? BACKOFF_LIMIT_EXCEEDED;
      return { type: 'Failed', status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: f.reason, message: f.message };
    }
    // JobSuccessPolicy (beta, on by default in 1.31) gives Complete a reason.
    return minor(this.w) >= 31
      ? { type: 'Complete', status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' }
      : { type: 'Complete', status: 'True', lastProbeTime: now, lastTransitionTime: now };
  }
}

type JobCondition = NonNullable<JobStatus['conditions']>[number];

/** What delays the terminal condition: the interim condition the Job has, and status.terminating (undefined before 1.29). */
interface Delay {
  interim: JobCondition | undefined;
  terminating: number | undefined;
  /** Why the Job fails, when it does. */
  failure?: JobFailure | undefined;
  /** status.startTime for a Job that has none yet: the time of this sync (none while suspended). */
  startTime: string | undefined;
  /** A suspended Job being resumed: its new status.startTime. */
  resumedAt?: string;
  /** manageJob was called: whether the Job is suspended (the Suspended condition to ensure). */
  suspend?: boolean;
  /** An Indexed Job's status.completedIndexes and (backoffLimitPerIndex) status.failedIndexes. */
  indexes?: IndexStrings;
}

interface IndexStrings {
  completed: string;
  failed?: string;
}

interface StatusExtra {
  /** The interim condition (FailureTarget / SuccessCriteriaMet) the status carries. */
  interim: JobCondition | undefined;
  terminating: number | undefined;
  failure: JobFailure | undefined;
  startTime: string | undefined;
  indexes: IndexStrings | undefined;
  suspend: boolean | undefined;
  resumedAt: string | undefined;
}

/**
 * ensureJobConditionStatus for the Suspended condition (job_controller.go):
 * True with reason JobSuspended "Job suspended", False with JobResumed "Job
 * resumed"; an existing condition is replaced when status, reason or message
 * differ; a missing one is added only when True. Mutates `conditions`;
 * returns the event to record (Suspended / Resumed) when it changed.
 */
export function ensureSuspended(conditions: JobCondition[], suspended: boolean, now: string): 'Suspended' | 'Resumed' | undefined {
  const want: JobCondition = suspended
    ? { type: 'Suspended', status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: 'JobSuspended', message: 'Job suspended' }
    : { type: 'Suspended', status: 'False', lastProbeTime: now, lastTransitionTime: now, reason: 'JobResumed', message: 'Job resumed' };
  const i = conditions.findIndex((k) => k.type === 'Suspended');
  const cur = i >= 0 ? conditions[i] : undefined;
  if (cur) {
    if (cur.status === want.status && cur.reason === want.reason && cur.message === want.message) return undefined;
    conditions[i] = want;
  } else if (suspended) conditions.push(want);
  else return undefined;
  return suspended ? 'Suspended' : 'Resumed';
}

/** The interim FailureTarget or SuccessCriteriaMet condition of a Job (status True). */
export function interimCondition(job: Obj): JobCondition | undefined {
  return (asJob(job).status?.conditions ?? []).find((c) => (c.type === 'FailureTarget' || c.type === 'SuccessCriteriaMet') && c.status === 'True');
}

interface Tracked {
  succeeded: string[];
  failed: string[];
  /** The pods whose finalizer is removed. */
  pods: PodObj[];
}

export function hasTrackingFinalizer(p: Obj): boolean {
  return (p.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);
}

/**
 * isPodFailed (job_controller.go): a Failed pod, or one being deleted before
 * it succeeded — deleted pods count as failures, so orphan pods that never
 * reach the Failed phase are counted.
 */
export function isPodFailed(p: Obj, onlyReplaceFailedPods = false): boolean {
  const phase = asPod(p).status?.phase;
  if (phase === 'Failed') return true;
  // onlyReplaceFailedPods: a pod being deleted counts once the kubelet has moved it to the Failed phase (1.27+).
  if (onlyReplaceFailedPods) return false;
  return Boolean(p.metadata.deletionTimestamp) && phase !== 'Succeeded';
}

/** A Job with a Complete or Failed condition is done: the controller leaves it alone. */
export function finished(job: Obj): 'Complete' | 'Failed' | undefined {
  for (const c of asJob(job).status?.conditions ?? []) if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c.type;
  return undefined;
}

function podChanged(o: Obj, old: Obj | undefined): boolean {
  if (!old) return true;
  const restarts = (p: Obj) => (asPod(p).status?.containerStatuses ?? []).reduce((n: number, cs) => n + (cs.restartCount ?? 0), 0);
  return asPod(o).status?.phase !== asPod(old).status?.phase || restarts(o) !== restarts(old) || isPodReady(o) !== isPodReady(old) || Boolean(o.metadata.deletionTimestamp) !== Boolean(old.metadata.deletionTimestamp);
}

/**
 * getFinishedTime (job_controller.go), in simulated ms: the latest finishedAt
 * of the pod's containers when all have terminated
 * (getFinishTimeFromContainers), else when its Ready condition turned False
 * (getFinishTimeFromPodReadyFalseCondition), else its deletion time less the
 * grace period (getFinishTimeFromDeletionTimestamp), else its creation.
 */
export function finishedAt(p: PodObj, fallback: number): number {
  const ms = (t: string) => Date.parse(t) - EPOCH_MS;
  let latest: number | undefined;
  const statuses = p.status?.containerStatuses ?? [];
  for (const cs of statuses) {
    const at = cs.state?.terminated?.finishedAt;
    if (!at) {
      latest = undefined;
      break;
    }
    latest = Math.max(latest ?? -Infinity, ms(at));
  }
  if (latest !== undefined) return latest;
  const ready = (p.status?.conditions ?? []).find((c) => c.type === 'Ready');
  if (ready?.status === 'False' && ready.lastTransitionTime) return ms(ready.lastTransitionTime);
  if (p.metadata.deletionTimestamp) return ms(p.metadata.deletionTimestamp) - Number(p.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return p.metadata.creationTimestamp ? ms(p.metadata.creationTimestamp) : fallback;
}

/** What an Indexed Job's sync knows of its indexes. */
interface IndexedState {
  completions: number;
  /** status.completedIndexes with the indexes newly succeeded. */
  succeeded: Interval[];
  /** With backoffLimitPerIndex: status.failedIndexes with the indexes newly failed. */
  failed: Interval[] | undefined;
  backoffLimitPerIndex: number | undefined;
}

/**
 * calculateSucceededIndexes and calculateFailedIndexes (indexed_job_utils.go)
 * for an Indexed Job (undefined for a NonIndexed one). Before tracking with
 * finalizers (the 1.23 profile), every succeeded pod counts.
 */
function indexedState(job: JobObj, pods: readonly PodObj[], tracking: boolean, minorVersion: number, policy: PodFailurePolicy | undefined, onlyReplaceFailed: boolean): IndexedState | undefined {
  const completions = job.spec.completions;
  if (job.spec.completionMode !== 'Indexed' || completions === undefined || completions === null) return undefined;
  const valid = (p: PodObj) => {
    const i = completionIndex(p);
    return i !== undefined && i < completions && (!tracking || hasTrackingFinalizer(p));
  };
  const prevSucceeded = tracking ? parseIntervals(job.status?.completedIndexes, completions) : [];
  const succeeded = withIndexes(prevSucceeded, pods.filter((p) => p.status?.phase === 'Succeeded' && valid(p)).map((p) => completionIndex(p)!));
  // JobBackoffLimitPerIndex: beta and on by default since 1.29.
  const limit = minorVersion >= 29 ? (job.spec.backoffLimitPerIndex ?? undefined) : undefined;
  if (limit === undefined) return { completions, succeeded, failed: undefined, backoffLimitPerIndex: undefined };
  const prevFailed = parseIntervals(job.status?.failedIndexes, completions);
  const failed = withIndexes(prevFailed, pods.filter((p) => valid(p) && isIndexFailed(policy, limit, p, isPodFailed(p, onlyReplaceFailed))).map((p) => completionIndex(p)!));
  return { completions, succeeded, failed, backoffLimitPerIndex: limit };
}

/**
 * getPodsWithDelayedDeletionPerIndex: per index neither succeeded, failed nor
 * active, its last failed pod (the highest failure count, then the latest to
 * finish) — the pod its replacement takes its failure count from.
 */
function lastFailedPerIndex(ix: IndexedState, active: readonly PodObj[], pods: readonly PodObj[], onlyReplaceFailed: boolean): Map<number, PodObj> {
  const activeIndexes = new Set(active.map(completionIndex));
  const out = new Map<number, PodObj>();
  for (const p of pods) {
    if (!isPodFailed(p, onlyReplaceFailed)) continue;
    const i = completionIndex(p);
    if (i === undefined || i >= ix.completions || hasIndex(ix.succeeded, i) || (ix.failed && hasIndex(ix.failed, i)) || activeIndexes.has(i)) continue;
    const last = out.get(i);
    if (!last || (indexAbsoluteFailureCount(last) <= indexAbsoluteFailureCount(p) && finishedAt(p, 0) >= finishedAt(last, 0))) out.set(i, p);
  }
  return out;
}
