/**
 * The Job controller (pkg/controller/job): runs pods to completion. It keeps
 * min(parallelism, remaining completions) pods active, counts the pods that
 * Succeeded and Failed, re-creates failed pods after the pod failure back-off
 * (10 s doubling, at most 6 min), and finishes the Job:
 * `Complete` (reason CompletionsReached, 1.31) once `completions` pods have
 * succeeded — or, without `completions`, once one has and none is active —
 * and `Failed` (reason BackoffLimitExceeded) once more than `backoffLimit`
 * pods have failed (with restartPolicy OnFailure: container restarts count).
 * Events as the controller records them: SuccessfulCreate "Created pod: …",
 * SuccessfulDelete, Completed "Job completed", Warning BackoffLimitExceeded
 * "Job has reached the specified backoff limit".
 */
import { parallel, series, type Task } from '../../core/async.ts';
import { clone, ownerRef, timestamp, type Obj } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import { backgroundAfter } from '../timers.ts';
import { minor, type World } from '../world.ts';
import { Controller } from './controller.ts';
import { keyOf, ownerKey, specChanged } from '../../core/object-helpers.ts';
import { type JobObj, type JobStatus, type PodObj, type PodSpec, asJob, asPod } from '../../core/typed.ts';

const POD = resourceForKind('Pod')!;
const JOB = resourceForKind('Job')!;
/** DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff. */
export const JOB_BACKOFF_MS = 10_000;
export const JOB_BACKOFF_MAX_MS = 360_000;

export interface JobCounts {
  active: number;
  succeeded: number;
  failed: number;
  /** Container restarts of active pods (restartPolicy OnFailure counts them against backoffLimit). */
  restarts: number;
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
  return { finished: false, create: Math.max(0, want - c.active), delete: Math.max(0, c.active - want) };
}

/** The pod failure back-off after `failed` failures: 10 s, 20 s, 40 s … at most 6 min. */
export function jobBackoffMs(failed: number): number {
  if (failed <= 0) return 0;
  return Math.min(JOB_BACKOFF_MS * 2 ** (failed - 1), JOB_BACKOFF_MAX_MS);
}

export class JobController extends Controller {
  /** Per Job uid: when the last pod failure was seen, and how many failures that was. */
  private readonly lastFailure = new Map<string, { at: number; failed: number }>();

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
      handler: (e) => this.enqueue(ownerKey(e.object, 'Job')!, e.cause),
    });
  }

  protected reconcile(key: string, cause: string, done: () => void): void {
    const job = this.w.api.cache.get('Job', key);
    if (!job || job.metadata.deletionTimestamp || finished(job)) return done();
    const pods = this.w.api.cache.ownedOfKind(job.metadata.uid!, 'Pod').filter((p) => !p.metadata.deletionTimestamp);
    const active = pods.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    const counts: JobCounts = {
      active: active.length,
      succeeded: pods.filter((p) => p.status?.phase === 'Succeeded').length,
      failed: pods.filter((p) => p.status?.phase === 'Failed').length,
      restarts: active.reduce((n, p) => n + (p.status?.containerStatuses ?? []).reduce((m: number, cs) => m + (cs.restartCount ?? 0), 0), 0),
    };
    const tpl: Partial<PodSpec> = job.spec.template?.spec ?? {};
    const v = jobVerdict({ ...job.spec, restartPolicy: tpl.restartPolicy }, counts);
    const work: Task[] = [];
    if (v.finished === 'Failed') {
      work.push((next) => this.deletePods(job, active, cause, next));
      return series(work, () => this.writeStatus(job, counts, 'Failed', cause, done));
    }
    if (v.finished === 'Complete') return this.writeStatus(job, counts, 'Complete', cause, done);
    if (v.create > 0) {
      const uid = job.metadata.uid!;
      const seen = this.lastFailure.get(uid);
      if (counts.failed > 0 && (!seen || seen.failed < counts.failed)) this.lastFailure.set(uid, { at: this.w.clock.now(), failed: counts.failed });
      const since = this.lastFailure.get(uid);
      const wait = since ? since.at + jobBackoffMs(counts.failed) - this.w.clock.now() : 0;
      if (wait > 0) {
        // The pod failure back-off: the pod is re-created when it has run out (time must pass).
        backgroundAfter(this.w, wait, () => {
          const t = this.w.rec.emit({ type: 'action', from: this.id, to: this.id, action: 'job-backoff', summary: `back-off ${wait / 1000}s for job/${job.metadata.name} ran out`, cause });
          this.enqueue(key, t);
        });
      } else work.push((next) => this.createPods(job, v.create, cause, next));
    }
    if (v.delete > 0) work.push((next) => this.deletePods(job, active.slice(0, v.delete), cause, next));
    series(work, () => this.writeStatus(job, counts, undefined, cause, done));
  }

  private createPods(job: JobObj, count: number, cause: string, done: () => void): void {
    parallel(Array.from({ length: count }, () => (one: () => void) => this.createPod(job, cause, one)), done);
  }

  private createPod(job: JobObj, cause: string, done: () => void): void {
    const t = job.spec.template ?? {};
    const pod: Obj = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: '',
        generateName: `${job.metadata.name}-`,
        namespace: job.metadata.namespace,
        labels: { ...(t.metadata?.labels ?? {}) },
        ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
        ownerReferences: [ownerRef(job)],
      },
      spec: clone(t.spec),
    };
    this.client.call({ verb: 'create', resource: POD, namespace: job.metadata.namespace, body: pod, cause }, (res) => {
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

  private writeStatus(job: JobObj, c: JobCounts, finish: 'Complete' | 'Failed' | undefined, cause: string, done: () => void): void {
    const live = this.w.api.cache.get('Job', keyOf(job));
    if (!live) return done();
    const now = timestamp(this.w.clock.now());
    const prev = live.status ?? {};
    const ready = this.w.api.cache.ownedOfKind(live.metadata.uid!, 'Pod').filter((p) => (p.status?.conditions ?? []).some((x) => x.type === 'Ready' && x.status === 'True')).length;
    const status: JobStatus = {
      ...(finish === 'Failed' ? {} : c.active > 0 ? { active: c.active } : {}),
      ...(prev.completionTime || finish === 'Complete' ? { completionTime: prev.completionTime ?? now } : {}),
      ...(finish ? { conditions: [...(prev.conditions ?? []), this.condition(finish, now)] } : prev.conditions ? { conditions: prev.conditions } : {}),
      ...(c.failed > 0 ? { failed: c.failed } : {}),
      ready: finish === 'Failed' ? 0 : ready,
      startTime: prev.startTime ?? now,
      ...(c.succeeded > 0 ? { succeeded: c.succeeded } : {}),
      terminating: 0,
      uncountedTerminatedPods: {},
    };
    if (JSON.stringify(status) === JSON.stringify(prev)) return done();
    this.client.call({ verb: 'update', resource: JOB, namespace: live.metadata.namespace, name: live.metadata.name, subresource: 'status', body: { ...live, status }, cause, note: finish ? `${live.metadata.name} ${finish}` : undefined }, (res) => {
      if (finish === 'Complete') this.client.event(live, 'Normal', 'Completed', 'Job completed', this.source(), res.eventId);
      if (finish === 'Failed') this.client.event(live, 'Warning', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', this.source(), res.eventId);
      done();
    });
  }

  private condition(finish: 'Complete' | 'Failed', now: string): NonNullable<JobStatus['conditions']>[number] {
    if (finish === 'Failed') return { type: 'Failed', status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
    // JobSuccessPolicy (beta, on by default in 1.31) gives Complete a reason.
    return minor(this.w) >= 31
      ? { type: 'Complete', status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' }
      : { type: 'Complete', status: 'True', lastProbeTime: now, lastTransitionTime: now };
  }
}

/** A Job with a Complete or Failed condition is done: the controller leaves it alone. */
export function finished(job: Obj): 'Complete' | 'Failed' | undefined {
  for (const c of asJob(job).status?.conditions ?? []) if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c.type;
  return undefined;
}

function podChanged(o: Obj, old: Obj | undefined): boolean {
  if (!old) return true;
  const restarts = (p: Obj) => (asPod(p).status?.containerStatuses ?? []).reduce((n: number, cs) => n + (cs.restartCount ?? 0), 0);
  const ready = (p: Obj) => (asPod(p).status?.conditions ?? []).some((x) => x.type === 'Ready' && x.status === 'True');
  return asPod(o).status?.phase !== asPod(old).status?.phase || restarts(o) !== restarts(old) || ready(o) !== ready(old) || Boolean(o.metadata.deletionTimestamp) !== Boolean(old.metadata.deletionTimestamp);
}
