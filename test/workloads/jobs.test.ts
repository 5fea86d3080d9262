/**
 * Job and CronJob controllers: the syncJob cases of Kubernetes'
 * pkg/controller/job/job_controller_test.go (TestControllerSyncJob: how many
 * pods to create or delete, when the Job is complete or failed), the pod
 * failure back-off, and the CronJob schedule, run times and Job names
 * (pkg/controller/cronjob/utils_test.go).
 */
import { describe, expect, it } from 'vitest';
import { JOB_BACKOFF_MAX_MS_BEFORE_1_27, jobBackoffMs, jobVerdict, type JobCounts } from '../../src/cluster/components/controllers/job.ts';
import { jobNameFor, parseSchedule, scheduledTimes } from '../../src/cluster/components/controllers/cronjob.ts';

type Case = [name: string, spec: { parallelism: number; completions: number | null; backoffLimit?: number; restartPolicy?: string }, counts: Partial<JobCounts>, want: string];

const counts = (c: Partial<JobCounts>): JobCounts => ({ active: 0, succeeded: 0, failed: 0, restarts: 0, ...c });
const show = (v: ReturnType<typeof jobVerdict>): string => (v.finished ? v.finished : `create ${v.create}, delete ${v.delete}`);

describe('jobVerdict (TestControllerSyncJob)', () => {
  it.each<Case>([
    ['job start', { parallelism: 2, completions: 5 }, {}, 'create 2, delete 0'],
    ['WQ job start', { parallelism: 2, completions: null }, {}, 'create 2, delete 0'],
    ['pending pods', { parallelism: 2, completions: 5 }, { active: 2 }, 'create 0, delete 0'],
    ['correct # of pods', { parallelism: 3, completions: 5 }, { active: 3 }, 'create 0, delete 0'],
    ['WQ job: correct # of pods', { parallelism: 2, completions: null }, { active: 2 }, 'create 0, delete 0'],
    ['too few active pods', { parallelism: 2, completions: 5 }, { active: 1, succeeded: 1 }, 'create 1, delete 0'],
    ['too many active pods', { parallelism: 2, completions: 5 }, { active: 3 }, 'create 0, delete 1'],
    ['failed + succeed pods: reset backoff delay', { parallelism: 2, completions: 5 }, { active: 1, succeeded: 1, failed: 1 }, 'create 1, delete 0'],
    ['new failed pod', { parallelism: 2, completions: 5 }, { active: 1, failed: 1 }, 'create 1, delete 0'],
    ['only new failed pod', { parallelism: 2, completions: 5 }, { failed: 1 }, 'create 2, delete 0'],
    ['job finish', { parallelism: 2, completions: 5 }, { succeeded: 5 }, 'Complete'],
    ['WQ job finishing', { parallelism: 2, completions: null }, { active: 1, succeeded: 1 }, 'create 0, delete 0'],
    ['WQ job all finished', { parallelism: 2, completions: null }, { succeeded: 2 }, 'Complete'],
    ['WQ job all finished despite one failure', { parallelism: 2, completions: null }, { succeeded: 1, failed: 1 }, 'Complete'],
    ['more active pods than parallelism', { parallelism: 2, completions: 5 }, { active: 10 }, 'create 0, delete 8'],
    ['more active pods than remaining completions', { parallelism: 3, completions: 4 }, { active: 3, succeeded: 2 }, 'create 0, delete 1'],
    ['status change', { parallelism: 2, completions: 5 }, { active: 2, succeeded: 2 }, 'create 0, delete 0'],
    ['backoffLimit 0: one failure fails the Job', { parallelism: 1, completions: 1, backoffLimit: 0 }, { failed: 1 }, 'Failed'],
    ['failures up to backoffLimit are retried', { parallelism: 1, completions: 1, backoffLimit: 2 }, { failed: 2 }, 'create 1, delete 0'],
    ['one failure more than backoffLimit', { parallelism: 1, completions: 1, backoffLimit: 2 }, { failed: 3 }, 'Failed'],
    ['OnFailure: container restarts count', { parallelism: 1, completions: 1, backoffLimit: 2, restartPolicy: 'OnFailure' }, { active: 1, restarts: 3 }, 'Failed'],
    ['OnFailure: restarts within the limit', { parallelism: 1, completions: 1, backoffLimit: 2, restartPolicy: 'OnFailure' }, { active: 1, restarts: 2 }, 'create 0, delete 0'],
  ])('%s', (_name, spec, c, want) => {
    expect(show(jobVerdict(spec, counts(c)))).toBe(want);
  });

  // getRemainingTimeForFailuresCount with DefaultJobPodFailureBackOff 10 s and MaxJobPodFailureBackOff 10 min (1.27+).
  it.each([[0, 0], [1, 10_000], [2, 20_000], [3, 40_000], [6, 320_000], [7, 600_000], [20, 600_000]])('back-off after %d failures is %d ms', (failed, ms) => {
    expect(jobBackoffMs(failed)).toBe(ms);
  });

  // Before 1.27: MaxJobBackOff = 360 * time.Second.
  it.each([[6, 320_000], [7, 360_000], [20, 360_000]])('back-off before 1.27 after %d failures is %d ms', (failed, ms) => {
    expect(jobBackoffMs(failed, JOB_BACKOFF_MAX_MS_BEFORE_1_27)).toBe(ms);
  });
});

describe('CronJob schedule', () => {
  const at = (iso: string) => Date.parse(iso);
  it.each([
    ['*/1 * * * *', '2025-01-01T00:00:30Z', '2025-01-01T00:03:00Z', ['00:01', '00:02', '00:03']],
    ['*/15 * * * *', '2025-01-01T00:00:00Z', '2025-01-01T01:00:00Z', ['00:15', '00:30', '00:45', '01:00']],
    ['0 * * * *', '2025-01-01T00:00:00Z', '2025-01-01T02:30:00Z', ['01:00', '02:00']],
    ['@hourly', '2025-01-01T00:10:00Z', '2025-01-01T01:10:00Z', ['01:00']],
    ['30 6 * * 1-5', '2025-01-03T00:00:00Z', '2025-01-07T00:00:00Z', ['06:30', '06:30']],
  ])('%s in (%s, %s]', (schedule, from, to, want) => {
    const p = parseSchedule(schedule);
    if (!p.ok) throw new Error(p.error);
    expect(scheduledTimes(p.cron, at(from), at(to)).map((t) => new Date(t).toISOString().slice(11, 16))).toEqual(want);
  });

  it('day of month and day of week are OR-ed, as cron does', () => {
    const p = parseSchedule('0 0 13 * 5');
    if (!p.ok) throw new Error(p.error);
    const runs = scheduledTimes(p.cron, at('2025-06-01T00:00:00Z'), at('2025-06-30T00:00:00Z')).map((t) => new Date(t).toISOString().slice(0, 10));
    expect(runs).toEqual(['2025-06-06', '2025-06-13', '2025-06-20', '2025-06-27']);
  });

  it('honours spec.timeZone', () => {
    const p = parseSchedule('0 9 * * *', 'Europe/Berlin');
    if (!p.ok) throw new Error(p.error);
    expect(scheduledTimes(p.cron, at('2025-01-01T00:00:00Z'), at('2025-01-02T00:00:00Z')).map((t) => new Date(t).toISOString())).toEqual(['2025-01-01T08:00:00.000Z']);
  });

  it.each(['* * * *', '0 0 * * * *', 'bad', '61 * * * *'])('refuses %j', (schedule) => {
    expect(parseSchedule(schedule).ok).toBe(false);
  });

  it('names a Job after the scheduled minute (getJobName: minutes since the Unix epoch)', () => {
    expect(jobNameFor('hello', at('2025-01-01T00:01:00Z'))).toBe('hello-28928161');
    expect(jobNameFor('hello', at('2016-05-19T04:00:00Z'))).toBe('hello-24393840');
  });
});
