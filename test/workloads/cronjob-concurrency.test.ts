/**
 * CronJob concurrencyPolicy, run through the model: a Job every minute whose
 * pod sleeps 150 s, so each run is still active when the next one is due.
 * The expectations follow syncCronJob (pkg/controller/cronjob/cronjob_controllerv2.go, 1.31):
 * Allow starts the next Job beside the running ones; Forbid records
 * JobAlreadyActive and starts nothing; Replace deletes the active Job
 * (SuccessfulDelete "Deleted job …") before it creates the next.
 */
import { describe, expect, it } from 'vitest';
import { kubeEvents, run } from './helpers.ts';
import { must } from '../helpers/at.ts';

function cronScenario(policy: 'Allow' | 'Forbid' | 'Replace'): string {
  return `kubescene: v1
name: cron-${policy.toLowerCase()}
title: CronJob ${policy}
seed: 0
cluster:
  nodes:
    - { name: worker-1, images: ["busybox:1.36"] }
files:
  cj.yaml:
    apiVersion: batch/v1
    kind: CronJob
    metadata: { name: tick }
    spec:
      schedule: "* * * * *"
      concurrencyPolicy: ${policy}
      jobTemplate:
        spec:
          template:
            spec:
              restartPolicy: Never
              containers: [{ name: c, image: busybox:1.36, command: [sleep, "150"] }]
steps:
  - kubectl: apply -f cj.yaml
  - advance: 3m30s
`;
}

/** The Job names the CronJob controller created, in order. */
function created(policy: 'Allow' | 'Forbid' | 'Replace'): { created: string[]; deleted: string[]; forbidden: number } {
  const t = run(cronScenario(policy));
  return {
    created: kubeEvents(t, 'SuccessfulCreate').filter((m) => m.startsWith('Created job tick-')),
    deleted: kubeEvents(t, 'SuccessfulDelete').filter((m) => m.startsWith('Deleted job tick-')),
    forbidden: kubeEvents(t, 'JobAlreadyActive').length,
  };
}

describe('CronJob concurrencyPolicy (syncCronJob)', () => {
  it('Allow: a Job every minute, runs overlap, nothing deleted', () => {
    const r = created('Allow');
    expect(r.created.length).toBe(3);
    expect(new Set(r.created).size).toBe(3);
    expect(r.deleted).toEqual([]);
    expect(r.forbidden).toBe(0);
  });

  it('Forbid: while the first Job runs, the next runs are skipped with JobAlreadyActive', () => {
    const r = created('Forbid');
    // The Job of minute m sleeps 150 s: still active when minute m+1 is due (skipped),
    // complete (SawCompletedJob) before minute m+2, which starts the next one.
    expect(r.created.length).toBe(2);
    const [first, second] = r.created.map((m) => Number(m.replace('Created job tick-', '')));
    expect(must(second, 'second Job') - must(first, 'first Job')).toBe(2);
    expect(r.forbidden).toBeGreaterThanOrEqual(1);
    expect(r.deleted).toEqual([]);
    expect(kubeEvents(run(cronScenario('Forbid')), 'JobAlreadyActive')[0]).toBe('Not starting job because prior execution is running and concurrency policy is Forbid');
  });

  it('Replace: each new run deletes the active Job first', () => {
    const r = created('Replace');
    expect(r.created.length).toBe(3);
    expect(r.forbidden).toBe(0);
    // the first two Jobs are replaced by the second and third
    expect(r.deleted).toEqual(r.created.slice(0, 2).map((m) => m.replace('Created', 'Deleted')));
  });
});
