/**
 * The CronJob controller (pkg/controller/cronjob, v2): at every time of
 * `spec.schedule` (parsed by croner, as Vixie cron / robfig's standard parser
 * reads it: five fields or a @descriptor, in `spec.timeZone` or UTC) it
 * creates a Job named `<cronjob>-<minutes since the Unix epoch>` from the
 * jobTemplate. `concurrencyPolicy` decides when the previous Job still runs
 * (Allow: another one; Forbid: none, event JobAlreadyActive; Replace: the
 * old one is deleted). It keeps `status.active`, `lastScheduleTime`,
 * `lastSuccessfulTime`, records SawCompletedJob, and deletes the oldest
 * finished Jobs beyond `successfulJobsHistoryLimit` / `failedJobsHistoryLimit`.
 * Which time to start comes from nextScheduleTime / mostRecentScheduleTime (utils.go): only the most
 * recent missed time, none older than `startingDeadlineSeconds`; more than 100 missed times record
 * TooManyMissedTimes, a schedule with no two distinct times ("59 23 31 2 *") InvalidSchedule.
 * The controller wakes at the next scheduled time (a background timer: time
 * must pass, e.g. `advance: 5m`).
 */
import { Cron } from 'croner';
import { series, type Task } from '../../core/async.ts';
import { clone, EPOCH_MS, ownerRef, timestamp, type Obj } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import { backgroundAfter } from '../timers.ts';
import type { World } from '../world.ts';
import { Controller } from './controller.ts';
import { keyOf, ownerKey, specChanged } from '../../core/object-helpers.ts';
import { finished } from './job.ts';
import type { CronJobObj, CronJobStatus, JobObj, ObjectReference } from '../../core/typed.ts';

const JOB = resourceForKind('Job')!;
const CRONJOB = resourceForKind('CronJob')!;
/** More missed start times than this is 'many' (event TooManyMissedTimes); only the most recent one is started either way. */
const MAX_MISSED = 100;

/** A parsed schedule, or why it cannot be parsed (the message the API server's validation would give). */
export function parseSchedule(schedule: string, timeZone?: string): { ok: true; cron: Cron } | { ok: false; error: string } {
  const s = schedule.trim();
  const fields = s.split(/\s+/);
  if (!s.startsWith('@') && fields.length !== 5) return { ok: false, error: `expected exactly 5 fields, found ${fields.length}: ${s}` };
  if (s.startsWith('@every')) return { ok: false, error: '@every is not modelled' };
  try {
    return { ok: true, cron: new Cron(s, { timezone: timeZone ?? 'UTC', paused: true, legacyMode: true }) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** Scheduled times in (after, until], oldest first; at most MAX_MISSED + 1. */
export function scheduledTimes(cron: Cron, afterMs: number, untilMs: number): number[] {
  const out: number[] = [];
  let t = cron.nextRun(new Date(afterMs));
  while (t && t.getTime() <= untilMs && out.length <= MAX_MISSED) {
    out.push(t.getTime());
    t = cron.nextRun(t);
  }
  return out;
}

/** How many start times were missed since the earliest time (upstream `missedSchedulesType`: none / few / many). */
export type MissedSchedules = 'none' | 'few' | 'many';

/** What {@link mostRecentScheduleTime} finds. */
export interface MostRecentSchedule {
  /** lastScheduleTime (or creationTimestamp), moved up to now − startingDeadlineSeconds when that is later. */
  earliestMs: number;
  /** The most recent scheduled time ≤ now, or undefined (none due yet, or upstream's estimate overshot). */
  mostRecentMs: number | undefined;
  missed: MissedSchedules;
  /** Set when two consecutive schedule times are < 1 s apart or do not exist (e.g. "59 23 31 2 *"). */
  error?: string;
}

/**
 * mostRecentScheduleTime (pkg/controller/cronjob/utils.go, release-1.31), as a pure function:
 * `earliestMs` is status.lastScheduleTime or, when unset, metadata.creationTimestamp; with
 * `startingDeadlineSeconds` (upstream: includeStartingDeadlineSeconds && spec.startingDeadlineSeconds
 * != nil) the earliest time moves up to now − deadline. Like upstream it estimates the number of
 * missed times from the gap between the first two times after `earliestMs` (> 100 → 'many'), steps
 * back two gaps from the estimated last one and walks forward with the schedule to the latest time
 * ≤ now. The estimate is upstream's own: for irregular schedules it can miss the most recent time
 * (then mostRecentMs is undefined while missed is 'few'), exactly as the Go function does.
 */
export function mostRecentScheduleTime(cron: Cron, earliestMs: number, nowMs: number, startingDeadlineSeconds?: number): MostRecentSchedule {
  let earliest = earliestMs;
  if (startingDeadlineSeconds !== undefined) earliest = Math.max(earliest, nowMs - startingDeadlineSeconds * 1000);
  const next = (ms: number): number | undefined => cron.nextRun(new Date(ms))?.getTime();
  const t1 = next(earliest);
  const t2 = t1 === undefined ? undefined : next(t1);
  // robfig's Schedule.Next returns the zero time for a schedule with no match; croner returns null.
  if (t1 === undefined || t2 === undefined) {
    return { earliestMs: earliest, mostRecentMs: undefined, missed: 'none', error: 'time difference between two schedules is less than 1 second' };
  }
  if (nowMs < t1) return { earliestMs: earliest, mostRecentMs: undefined, missed: 'none' };
  if (nowMs < t2) return { earliestMs: earliest, mostRecentMs: t1, missed: 'none' };
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1) return { earliestMs: earliest, mostRecentMs: undefined, missed: 'none', error: 'time difference between two schedules is less than 1 second' };
  const elapsed = Math.trunc((nowMs - t1) / 1000);
  const missedCount = Math.trunc(elapsed / between) + 1;
  let mostRecent: number | undefined;
  for (let t = next(t1 + (missedCount - 2) * between * 1000); t !== undefined && t <= nowMs; t = next(t)) mostRecent = t;
  return { earliestMs: earliest, mostRecentMs: mostRecent, missed: missedCount > MAX_MISSED ? 'many' : 'few' };
}

/** nextScheduleTime (utils.go): mostRecentScheduleTime with the starting deadline; the time to start now, if any. */
export function nextScheduleTime(cron: Cron, earliestMs: number, nowMs: number, startingDeadlineSeconds?: number): { scheduledMs: number | undefined; tooManyMissed: boolean; error?: string } {
  const r = mostRecentScheduleTime(cron, earliestMs, nowMs, startingDeadlineSeconds);
  if (r.mostRecentMs === undefined || r.mostRecentMs > nowMs) return { scheduledMs: undefined, tooManyMissed: false, ...(r.error ? { error: r.error } : {}) };
  return { scheduledMs: r.mostRecentMs, tooManyMissed: r.missed === 'many', ...(r.error ? { error: r.error } : {}) };
}

/**
 * The `batch.kubernetes.io/cronjob-scheduled-timestamp` annotation (getJobFromTemplate2, utils.go 1.31):
 * `scheduledTime.In(time.LoadLocation(spec.timeZone ?? "")).Format(time.RFC3339)`, i.e. the wall time
 * in the CronJob's time zone with its offset ("2016-05-19T12:00:00+02:00"); Go writes "Z" for a zero offset.
 */
export function scheduledTimestamp(scheduledMs: number, timeZone?: string): string {
  const d = new Date(scheduledMs);
  if (!timeZone || timeZone === 'UTC') return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'longOffset' }).formatToParts(d);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  // longOffset: "GMT+02:00"; a zero offset is "GMT" or "GMT+00:00" depending on the ICU data.
  const offset = part('timeZoneName').replace(/^GMT/, '');
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}${offset === '' || offset === '+00:00' || offset === '-00:00' ? 'Z' : offset}`;
}

/** The Job of the run scheduled at `scheduledMs` (Unix ms): `<cronjob>-<minutes since the epoch>`. */
export function jobNameFor(cronJob: string, scheduledMs: number): string {
  return `${cronJob}-${Math.floor(scheduledMs / 60_000)}`;
}

export class CronJobController extends Controller {
  /** Per CronJob uid: the wall time its next wake-up is set for. */
  private readonly wakes = new Map<string, number>();

  constructor(w: World) {
    super(w, 'cronjob-controller');
    this.watch({
      kinds: ['CronJob'],
      filter: (o, t, old) => t === 'ADDED' || (t === 'MODIFIED' && specChanged(o, old)),
      handler: (e) => this.enqueue(keyOf(e.object), e.cause),
    });
    this.watch({
      kinds: ['Job'],
      filter: (o, t, old) => ownerKey(o, 'CronJob') !== undefined && (t === 'DELETED' || (t === 'MODIFIED' && finished(o) !== finished(old ?? o))),
      handler: (e) => this.enqueue(ownerKey(e.object, 'CronJob')!, e.cause),
    });
  }

  private wall(): number {
    return EPOCH_MS + this.w.clock.now();
  }

  protected reconcile(key: string, cause: string, done: () => void): void {
    const cj = this.w.api.cache.get('CronJob', key);
    if (!cj || cj.metadata.deletionTimestamp) return done();
    const jobs = this.w.api.cache.ownedOfKind(cj.metadata.uid!, 'Job');
    const work: Task[] = [];
    const st = clone(cj.status ?? {});
    // Jobs that finished since the last sync leave status.active.
    const active: ObjectReference[] = [];
    for (const ref of st.active ?? []) {
      const job = jobs.find((j) => j.metadata.uid === ref.uid);
      const how = job ? finished(job) : undefined;
      if (job && !how) active.push(ref);
      else if (job && how) {
        work.push((next) => this.client.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata.name}, status: ${how}`, this.source(), cause, next));
        if (how === 'Complete') st.lastSuccessfulTime = job.status?.completionTime ?? timestamp(this.w.clock.now());
      }
    }
    // History limits: the oldest finished Jobs beyond them are deleted.
    for (const [how, limit] of [['Complete', cj.spec.successfulJobsHistoryLimit ?? 3], ['Failed', cj.spec.failedJobsHistoryLimit ?? 1]] as const) {
      const old = jobs.filter((j) => finished(j) === how && !j.metadata.deletionTimestamp).sort(byStart);
      for (const j of old.slice(0, Math.max(0, old.length - limit))) work.push((next) => this.deleteJob(cj, j, cause, next));
    }
    const parsed = parseSchedule(String(cj.spec.schedule ?? ''), cj.spec.timeZone);
    if (!parsed.ok) {
      work.push((next) => this.client.event(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: "${cj.spec.schedule}" : ${parsed.error}`, this.source(), cause, next));
      return series(work, () => this.writeStatus(cj, { ...st, active }, cause, done));
    }
    const since = Date.parse(st.lastScheduleTime ?? cj.metadata.creationTimestamp!);
    const deadline = cj.spec.startingDeadlineSeconds;
    // syncCronJob (cronjob_controllerv2.go): nextScheduleTime with the starting deadline; the earliest
    // time moves up to now − startingDeadlineSeconds, so a found time is never too late.
    const due = nextScheduleTime(parsed.cron, since, this.wall(), typeof deadline === 'number' ? deadline : undefined);
    if (due.error !== undefined) {
      work.push((next) => this.client.event(cj, 'Warning', 'InvalidSchedule', `invalid schedule: ${cj.spec.schedule} : ${due.error}`, this.source(), cause, next));
      return series(work, () => this.writeStatus(cj, { ...st, active }, cause, done));
    }
    if (due.tooManyMissed) {
      work.push((next) => this.client.event(cj, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew', this.source(), cause, next));
    }
    const latest = due.scheduledMs;
    if (latest !== undefined && !cj.spec.suspend) {
      const name = jobNameFor(cj.metadata.name, latest);
      const exists = jobs.some((j) => j.metadata.name === name);
      const policy = cj.spec.concurrencyPolicy ?? 'Allow';
      if (!exists && policy === 'Forbid' && active.length > 0) {
        work.push((next) => this.client.event(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid', this.source(), cause, next));
      } else if (!exists) {
        if (policy === 'Replace') {
          for (const ref of active.splice(0)) {
            const j = jobs.find((x) => x.metadata.uid === ref.uid);
            if (j) work.push((next) => this.deleteJob(cj, j, cause, next));
          }
        }
        work.push((next) => this.createJob(cj, name, latest, cause, (ref) => {
          if (ref) active.push(ref);
          st.lastScheduleTime = timestamp(latest - EPOCH_MS);
          next();
        }));
      }
    }
    series(work, () => {
      this.wakeAtNext(cj, parsed.cron, key, cause);
      this.writeStatus(cj, { ...st, active }, cause, done);
    });
  }

  /** A background timer at the next scheduled time (one per CronJob). */
  private wakeAtNext(cj: CronJobObj, cron: Cron, key: string, cause: string): void {
    if (cj.spec.suspend) return;
    const next = cron.nextRun(new Date(this.wall()))?.getTime();
    const uid = cj.metadata.uid!;
    if (next === undefined || this.wakes.get(uid) === next) return;
    this.wakes.set(uid, next);
    backgroundAfter(this.w, next - this.wall(), () => {
      if (this.wakes.get(uid) !== next) return;
      this.wakes.delete(uid);
      const live = this.w.api.cache.get('CronJob', key);
      if (!live || live.metadata.uid !== uid) return;
      const t = this.w.rec.emit({ type: 'action', from: this.id, to: this.id, action: 'cronjob-schedule', summary: `cronjob/${cj.metadata.name}: scheduled time ${new Date(next).toISOString().replace('.000Z', 'Z')}`, cause });
      this.enqueue(key, t);
    });
  }

  private createJob(cj: CronJobObj, name: string, scheduledMs: number, cause: string, done: (ref: ObjectReference | undefined) => void): void {
    const tpl = cj.spec.jobTemplate ?? {};
    const job: Obj = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace: cj.metadata.namespace,
        ...(tpl.metadata?.labels ? { labels: { ...tpl.metadata.labels } } : {}),
        annotations: { ...(tpl.metadata?.annotations ?? {}), 'batch.kubernetes.io/cronjob-scheduled-timestamp': scheduledTimestamp(scheduledMs, cj.spec.timeZone) },
        ownerReferences: [ownerRef(cj)],
      },
      spec: clone(tpl.spec ?? {}),
    };
    this.client.call({ verb: 'create', resource: JOB, namespace: cj.metadata.namespace, body: job, cause }, (res) => {
      if (res.status !== 201 || !res.object) return done(undefined);
      const o = res.object;
      this.client.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`, this.source(), res.eventId);
      done({ apiVersion: 'batch/v1', kind: 'Job', name, namespace: o.metadata.namespace, resourceVersion: o.metadata.resourceVersion, uid: o.metadata.uid });
    });
  }

  private deleteJob(cj: Obj, job: Obj, cause: string, done: () => void): void {
    this.client.call({ verb: 'delete', resource: JOB, namespace: job.metadata.namespace, name: job.metadata.name, propagationPolicy: 'Background', cause }, (res) => {
      if (res.status === 200) this.client.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`, this.source(), res.eventId);
      done();
    });
  }

  private writeStatus(cj: CronJobObj, status: CronJobStatus, cause: string, done: () => void): void {
    const live = this.w.api.cache.get('CronJob', keyOf(cj));
    if (!live) return done();
    const next: CronJobStatus = { ...(status.active?.length ? { active: status.active } : {}), ...(status.lastScheduleTime ? { lastScheduleTime: status.lastScheduleTime } : {}), ...(status.lastSuccessfulTime ? { lastSuccessfulTime: status.lastSuccessfulTime } : {}) };
    if (JSON.stringify(next) === JSON.stringify(live.status ?? {})) return done();
    this.client.call({ verb: 'update', resource: CRONJOB, namespace: live.metadata.namespace, name: live.metadata.name, subresource: 'status', body: { ...live, status: next }, cause }, () => done());
  }
}

function byStart(a: JobObj, b: JobObj): number {
  const t = (j: JobObj) => j.status?.startTime ?? j.metadata.creationTimestamp ?? '';
  return t(a) < t(b) ? -1 : t(a) > t(b) ? 1 : a.metadata.name < b.metadata.name ? -1 : 1;
}
