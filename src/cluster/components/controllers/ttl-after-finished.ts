/**
 * The TTL-after-finished controller (kube-controller-manager's
 * ttl-after-finished-controller, pkg/controller/ttlafterfinished/
 * ttlafterfinished_controller.go, GA in 1.23): a Job with
 * `spec.ttlSecondsAfterFinished` is deleted once it has been finished
 * (condition Complete or Failed, status True) for that many seconds.
 *
 * As upstream (1.31):
 * - addJob / updateJob enqueue a Job that is not being deleted and
 *   needsCleanup (ttlSecondsAfterFinished set and IsJobFinished).
 * - processJob → processTTL on the informer's copy: the finish time is the
 *   lastTransitionTime of the Complete / Failed condition (jobFinishTime),
 *   expireAt = finishAt + ttl (getFinishAndExpireTime); with time left
 *   (timeLeft) the key is queued again after it (enqueueAfter); the model
 *   sets a background timer, so the deletion shows once time is let pass
 *   (`advance`), and a TTL of 0 deletes at once.
 * - Expired: it GETs the Job from the API server (a fresh copy, "the
 *   informer's cache may be stale"), checks the TTL on it again (a user may
 *   have changed it), and DELETEs it with propagationPolicy Foreground (and a
 *   UID precondition, not modelled: the model has no preconditions), so the
 *   garbage collector removes the Job's pods before the Job goes.
 * - No Kubernetes Event is recorded (the controller has no recorder).
 */
import { EPOCH_MS } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import { keyOf } from '../../core/object-helpers.ts';
import { asJob, type JobObj } from '../../core/typed.ts';
import type { Obj } from '../../core/object.ts';
import { backgroundAfter } from '../timers.ts';
import type { World } from '../world.ts';
import { Controller } from './controller.ts';

const JOB = resourceForKind('Job')!;

/** jobFinishTime: the lastTransitionTime (simulated ms) of the Job's Complete or Failed condition, if finished. */
export function jobFinishTime(job: JobObj): number | undefined {
  for (const c of job.status?.conditions ?? []) {
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') {
      const at = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
      return Number.isNaN(at) ? undefined : at - EPOCH_MS;
    }
  }
  return undefined;
}

/**
 * needsCleanup + getFinishAndExpireTime: when (simulated ms) the Job
 * expires, or undefined when it has no TTL, is not finished or is already
 * being deleted.
 */
export function ttlExpireAt(o: Obj): number | undefined {
  const job = asJob(o);
  if (job.metadata.deletionTimestamp) return undefined;
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (ttl === undefined || ttl === null) return undefined;
  const finishAt = jobFinishTime(job);
  if (finishAt === undefined) return undefined;
  return finishAt + ttl * 1000;
}

export class TtlAfterFinishedController extends Controller {
  /** Per Job key: the time its wake-up is set for (one background timer per expiry). */
  private readonly wakes = new Map<string, number>();

  constructor(w: World) {
    super(w, 'ttl-after-finished-controller');
    // addJob / updateJob: `if job.DeletionTimestamp == nil && needsCleanup(job) { tc.enqueue(job) }`.
    this.watch({
      kinds: ['Job'],
      filter: (o, t, old) => t !== 'DELETED' && ttlExpireAt(o) !== undefined && (old === undefined || ttlExpireAt(old) !== ttlExpireAt(o)),
      handler: (e) => this.enqueue(keyOf(e.object), e.cause),
    });
  }

  /** processTTL: tc.enqueueAfter(job, *t) — queued again at expireAt (a background timer, one per expiry). */
  private enqueueAfter(key: string, at: number, cause: string): void {
    if (this.wakes.get(key) === at) return;
    this.wakes.set(key, at);
    backgroundAfter(this.w, at - this.w.clock.now(), () => {
      if (this.wakes.get(key) === at) this.wakes.delete(key);
      this.enqueue(key, cause);
    });
  }

  /** processJob. */
  protected reconcile(key: string, cause: string, done: () => void): void {
    const cached = this.w.api.cache.get('Job', key);
    if (!cached) return done();
    const at = ttlExpireAt(cached);
    if (at === undefined) return done();
    const now = this.w.clock.now();
    if (at > now) {
      this.enqueueAfter(key, at, cause);
      return done();
    }
    this.wakes.delete(key);
    const job = asJob(cached);
    const ns = job.metadata.namespace;
    const name = job.metadata.name;
    const ttl = job.spec?.ttlSecondsAfterFinished ?? 0;
    // The fresh copy from the API server before deleting.
    this.client.call({ verb: 'get', resource: JOB, ...(ns ? { namespace: ns } : {}), name, cause, note: `${name} (TTL ${ttl}s after finished expired)` }, (res) => {
      if (res.status !== 200 || !res.object) return done();
      const fresh = ttlExpireAt(res.object);
      if (fresh === undefined) return done();
      if (fresh > this.w.clock.now()) {
        this.enqueueAfter(key, fresh, res.eventId);
        return done();
      }
      this.client.call(
        { verb: 'delete', resource: JOB, ...(ns ? { namespace: ns } : {}), name, propagationPolicy: 'Foreground', cause: res.eventId, note: `${name} (finished, ttlSecondsAfterFinished ${ttl}s)` },
        () => done(),
      );
    });
  }
}
