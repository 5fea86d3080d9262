/**
 * The TTL-after-finished controller (pkg/controller/ttlafterfinished/
 * ttlafterfinished_controller.go, 1.31), run through the model: a finished
 * Job with spec.ttlSecondsAfterFinished is deleted, propagationPolicy
 * Foreground, once lastTransitionTime of its Complete / Failed condition +
 * the TTL has passed (getFinishAndExpireTime, timeLeft); the cases of
 * ttlafterfinished_controller_test.go (TestTimeLeft, needsCleanup) as a table.
 */
import { describe, expect, it } from 'vitest';
import { ensureSuspended } from '../../src/cluster/components/controllers/job.ts';
import { jobFinishTime, ttlExpireAt } from '../../src/cluster/components/controllers/ttl-after-finished.ts';
import { asJob } from '../../src/cluster/core/typed.ts';
import { EPOCH_MS, type Obj } from '../../src/cluster/core/object.ts';
import { coverageGaps } from '../../src/scenario/coverage.ts';
import { run } from './helpers.ts';
import type { Trace } from '../../src/trace/types.ts';

const iso = (simMs: number) => new Date(EPOCH_MS + simMs).toISOString().replace('.000Z', 'Z');

function job(opts: { ttl?: number; cond?: { type: string; status: string; at?: number }; deleting?: boolean }): Obj {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j', namespace: 'default', ...(opts.deleting ? { deletionTimestamp: iso(0) } : {}) },
    spec: { ...(opts.ttl !== undefined ? { ttlSecondsAfterFinished: opts.ttl } : {}), template: { spec: { containers: [] } } },
    status: opts.cond ? { conditions: [{ type: opts.cond.type, status: opts.cond.status, ...(opts.cond.at !== undefined ? { lastTransitionTime: iso(opts.cond.at) } : {}) }] } : {},
  } as Obj;
}

describe('ttlExpireAt (needsCleanup, getFinishAndExpireTime)', () => {
  it.each<[string, Parameters<typeof job>[0], number | undefined]>([
    ['no TTL: never cleaned up', { cond: { type: 'Complete', status: 'True', at: 10_000 } }, undefined],
    ['TTL, not finished', { ttl: 10 }, undefined],
    ['TTL, Complete: finish time + TTL', { ttl: 10, cond: { type: 'Complete', status: 'True', at: 10_000 } }, 20_000],
    ['TTL, Failed: finish time + TTL', { ttl: 100, cond: { type: 'Failed', status: 'True', at: 5_000 } }, 105_000],
    ['TTL 0: expires at the finish time', { ttl: 0, cond: { type: 'Complete', status: 'True', at: 7_000 } }, 7_000],
    ['Complete status False: not finished', { ttl: 10, cond: { type: 'Complete', status: 'False', at: 10_000 } }, undefined],
    ['FailureTarget alone: not finished', { ttl: 10, cond: { type: 'FailureTarget', status: 'True', at: 10_000 } }, undefined],
    ['being deleted: not queued (addJob / updateJob)', { ttl: 10, cond: { type: 'Complete', status: 'True', at: 10_000 }, deleting: true }, undefined],
    ['finished without lastTransitionTime: an error upstream, no cleanup', { ttl: 10, cond: { type: 'Complete', status: 'True' } }, undefined],
  ])('%s', (_name, o, want) => {
    expect(ttlExpireAt(job(o))).toBe(want);
  });

  it('jobFinishTime reads the lastTransitionTime of the terminal condition', () => {
    expect(jobFinishTime(asJob(job({ ttl: 1, cond: { type: 'Failed', status: 'True', at: 42_000 } })))).toBe(42_000);
  });
});

function scenario(ttl: number, command: string, advance: string): string {
  return `kubescene: v1
name: job-ttl
title: Job TTL
seed: 0
cluster:
  nodes:
    - { name: worker-1, images: ["busybox:1.36"] }
files:
  job.yaml:
    apiVersion: batch/v1
    kind: Job
    metadata: { name: pi }
    spec:
      ttlSecondsAfterFinished: ${ttl}
      backoffLimit: 0
      template:
        spec:
          restartPolicy: Never
          containers: [{ name: c, image: busybox:1.36, command: ${command} }]
steps:
  - kubectl: apply -f job.yaml
  - advance: ${advance}
`;
}

const at = (t: Trace, pred: (summary: string, from: string) => boolean): number | undefined => t.events.find((e) => pred(e.summary, e.from))?.t;
const finishedAt = (t: Trace, cond: string) => at(t, (s, f) => f === 'job-controller' && s === `PUT jobs/status pi ${cond}`);
const ttlDelete = (t: Trace) => at(t, (s, f) => f === 'ttl-after-finished-controller' && s.startsWith('DELETE jobs pi'));
const jobGone = (t: Trace) => at(t, (s) => s === 'deleted /registry/jobs/default/pi');
const podGone = (t: Trace) => at(t, (s) => s.startsWith('deleted /registry/pods/default/pi-'));

describe('TTL-after-finished controller, through the model', () => {
  it('a Complete Job is deleted ttlSecondsAfterFinished after its finish time, in the foreground (pods first)', () => {
    const t = run(scenario(30, '["true"]', '40s'));
    const done = finishedAt(t, 'Complete');
    expect(done).toBeDefined();
    const del = ttlDelete(t);
    expect(del).toBeDefined();
    // lastTransitionTime has second precision: expireAt = floor(finish) + 30 s.
    expect(del! - Math.floor(done! / 1000) * 1000).toBeGreaterThanOrEqual(30_000);
    expect(del! - done!).toBeLessThan(31_000);
    expect(t.events.some((e) => e.summary === 'mark jobs/pi for deletion (Foreground)')).toBe(true);
    // Foreground: the garbage collector deletes the pod before the Job goes.
    expect(podGone(t)).toBeDefined();
    expect(jobGone(t)).toBeGreaterThan(podGone(t)!);
    // processJob reads a fresh copy from the API server before deleting.
    const get = at(t, (s, f) => f === 'ttl-after-finished-controller' && s.startsWith('GET jobs pi'));
    expect(get).toBeLessThan(del!);
  });

  it('before the TTL has passed, the finished Job stays', () => {
    const t = run(scenario(30, '["true"]', '20s'));
    expect(finishedAt(t, 'Complete')).toBeDefined();
    expect(ttlDelete(t)).toBeUndefined();
    expect(jobGone(t)).toBeUndefined();
  });

  it('a Failed Job is cleaned up too', () => {
    const t = run(scenario(10, '["false"]', '30s'));
    expect(finishedAt(t, 'Failed')).toBeDefined();
    expect(ttlDelete(t)).toBeGreaterThan(finishedAt(t, 'Failed')!);
    expect(jobGone(t)).toBeDefined();
  });

  it('ttlSecondsAfterFinished 0: deleted as soon as it finishes, without time let pass', () => {
    const t = run(scenario(0, '["true"]', '0s'));
    const done = finishedAt(t, 'Complete');
    expect(ttlDelete(t)).toBeGreaterThan(done!);
    expect(ttlDelete(t)! - done!).toBeLessThan(1_000);
    expect(jobGone(t)).toBeDefined();
  });

  it('a running Job is not touched', () => {
    const t = run(scenario(5, '[sleep, "300"]', '60s'));
    expect(ttlDelete(t)).toBeUndefined();
  });

  it('spec.ttlSecondsAfterFinished is no longer warned as ignored', () => {
    const gaps = coverageGaps({ kind: 'Job', spec: { ttlSecondsAfterFinished: 10, template: { spec: { containers: [] } } } });
    expect(gaps.map((g) => g.path.join('.'))).not.toContain('spec.ttlSecondsAfterFinished');
  });
});

function suspendScenario(steps: string): string {
  const job = (suspend: boolean) => `    apiVersion: batch/v1
    kind: Job
    metadata: { name: pi }
    spec:
      suspend: ${suspend}
      activeDeadlineSeconds: 100
      template:
        spec:
          restartPolicy: Never
          containers: [{ name: c, image: busybox:1.36, command: [sleep, "60"] }]
`;
  return `kubescene: v1
name: job-suspend
title: Job suspend
seed: 0
cluster:
  nodes:
    - { name: worker-1, images: ["busybox:1.36"] }
files:
  suspended.yaml:
${job(true)}  running.yaml:
${job(false)}steps:
${steps}`;
}

const kube = (t: Trace, reason: string) => t.outcome.kubeEvents.filter((e) => e.reason === reason).map((e) => e.message);
const podCreates = (t: Trace) => kube(t, 'SuccessfulCreate').length;

describe('Job spec.suspend (syncJob / manageJob, job_controller.go 1.31)', () => {
  it('a Job created suspended starts no pod, gets Suspended=True (JobSuspended), its deadline does not run', () => {
    const t = run(suspendScenario('  - kubectl: apply -f suspended.yaml\n  - advance: 200s\n  - kubectl: get jobs\n'));
    expect(podCreates(t)).toBe(0);
    expect(kube(t, 'Suspended')).toEqual(['Job suspended']);
    const put = t.events.find((e) => e.from === 'job-controller' && e.summary.startsWith('PUT jobs/status'));
    expect(put).toBeDefined();
    // Suspended: the active deadline does not run (pastActiveDeadline is false while suspended).
    expect(kube(t, 'DeadlineExceeded')).toEqual([]);
    expect(t.outcome.objects.find((o) => o.kind === 'Job')?.status).not.toMatch(/Failed/);
  });

  it('resuming creates the pods, records Resumed and restarts startTime (the deadline counts from the resume)', () => {
    const t = run(suspendScenario('  - kubectl: apply -f suspended.yaml\n  - advance: 80s\n  - kubectl: apply -f running.yaml\n  - advance: 40s\n'));
    expect(kube(t, 'Resumed')).toEqual(['Job resumed']);
    expect(podCreates(t)).toBe(1);
    // 120 s after creation, 40 s after the resume: the 100 s deadline counts from the resume.
    expect(kube(t, 'DeadlineExceeded')).toEqual([]);
    expect(kube(t, 'Completed')).toEqual([]);
  });

  it('suspending a running Job deletes its active pods, without counting them as failed', () => {
    const t = run(suspendScenario('  - kubectl: apply -f running.yaml\n  - advance: 10s\n  - kubectl: apply -f suspended.yaml\n  - advance: 20s\n'));
    expect(podCreates(t)).toBe(1);
    expect(kube(t, 'SuccessfulDelete').length).toBe(1);
    expect(kube(t, 'Suspended')).toEqual(['Job suspended']);
    expect(kube(t, 'BackoffLimitExceeded')).toEqual([]);
    // deleteJobPods: the tracking finalizer goes before the DELETE.
    const patch = t.events.findIndex((e) => e.from === 'job-controller' && e.summary.includes('remove batch.kubernetes.io/job-tracking finalizer'));
    const del = t.events.findIndex((e) => e.from === 'job-controller' && e.summary.startsWith('DELETE pods'));
    expect(patch).toBeGreaterThanOrEqual(0);
    expect(del).toBeGreaterThan(patch);
    expect(t.outcome.objects.find((o) => o.kind === 'Job')?.status).not.toMatch(/Failed/);
  });
});

describe('ensureSuspended (ensureJobConditionStatus for Suspended)', () => {
  const cond = (status: string, reason: string, message: string) => ({ type: 'Suspended', status, reason, message, lastProbeTime: 'then', lastTransitionTime: 'then' });
  it.each<[string, ReturnType<typeof cond>[], boolean, string | undefined, string[]]>([
    ['no condition, suspended: added', [], true, 'Suspended', ['True JobSuspended then→now']],
    ['no condition, not suspended: nothing added', [], false, undefined, []],
    ['already suspended: unchanged', [cond('True', 'JobSuspended', 'Job suspended')], true, undefined, ['True JobSuspended then']],
    ['suspended, resumed: replaced by False JobResumed', [cond('True', 'JobSuspended', 'Job suspended')], false, 'Resumed', ['False JobResumed then→now']],
    ['resumed, suspended again', [cond('False', 'JobResumed', 'Job resumed')], true, 'Suspended', ['True JobSuspended then→now']],
  ])('%s', (_name, conds, suspended, event, want) => {
    const list = conds.map((c) => ({ ...c }));
    expect(ensureSuspended(list, suspended, 'now')).toBe(event);
    expect(list.map((c) => `${c.status} ${c.reason} ${c.lastTransitionTime === 'now' ? 'then→now' : c.lastTransitionTime}`)).toEqual(want);
  });

  it('spec.suspend is no longer warned as ignored', () => {
    const gaps = coverageGaps({ kind: 'Job', spec: { suspend: true, template: { spec: { containers: [] } } } });
    expect(gaps.map((g) => g.path.join('.'))).not.toContain('spec.suspend');
  });
});
