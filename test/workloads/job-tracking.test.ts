/**
 * Job pod tracking with finalizers (JobTrackingWithFinalizers, GA in 1.26;
 * pkg/controller/job/job_controller.go trackJobStatusAndRemoveFinalizers,
 * flushUncountedAndRemoveFinalizers, isPodFailed): the Job controller creates
 * its pods with the finalizer batch.kubernetes.io/job-tracking, counts a pod
 * that finished or was deleted (uncountedTerminatedPods, then
 * succeeded/failed), then removes the finalizer with a PATCH. A pod deleted
 * by someone else while it runs (kubectl delete --force, the pod garbage
 * collector after its node is deleted) counts as failed, and the Job replaces
 * it while under backoffLimit.
 */
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../src/trace/types.ts';
import { failed, kubeEvents, run } from './helpers.ts';

const job = (opts: { backoffLimit: number; command: string; completions?: number; extra?: string }): string => `
  job.yaml:
    apiVersion: batch/v1
    kind: Job
    metadata: { name: long }
    spec:
      backoffLimit: ${opts.backoffLimit}
${opts.completions ? `      completions: ${opts.completions}\n` : ''}      template:
        spec:
          restartPolicy: Never
${opts.extra ?? ''}          containers:
            - { name: work, image: "busybox:1.36", command: [sh, -c, "${opts.command}"] }`;

const NODES = `
cluster:
  kubernetes: "1.31"
  nodes:
    - { name: worker-1, images: ["busybox:1.36"] }
    - { name: worker-2, images: ["busybox:1.36"] }`;

/** The Job controller's requests, as trace summaries. */
function jobRequests(t: Trace): string[] {
  return t.events.filter((e) => e.from === 'job-controller' && e.type === 'request').map((e) => e.summary);
}

describe('Job pod tracking with the batch.kubernetes.io/job-tracking finalizer', () => {
  it('a succeeded pod: created with the finalizer, counted under uncountedTerminatedPods, finalizer removed, then counted', () => {
    const t = run(`kubescene: v1
name: t
${NODES}
files:${job({ backoffLimit: 2, command: 'sleep 5' })}
steps:
  - kubectl: apply -f job.yaml
  - kubectl: wait --for=condition=complete job/long --timeout=60s
    expect:
      - exit: 0
      - object: job/long
        path: status.succeeded
        equals: 1
      - pods: { selector: job-name=long, phase: Succeeded, count: 1 }
`);
    expect(failed(t)).toEqual([]);
    const reqs = jobRequests(t);
    const create = reqs.findIndex((r) => r.startsWith('POST pods'));
    const uncounted = reqs.findIndex((r) => r.startsWith('PUT jobs/status'), create);
    const patch = reqs.findIndex((r) => r.startsWith('PATCH pods') && r.includes('remove batch.kubernetes.io/job-tracking finalizer'));
    const complete = reqs.findIndex((r) => r.startsWith('PUT jobs/status') && r.includes('Complete'));
    expect(create).toBeGreaterThanOrEqual(0);
    expect(patch).toBeGreaterThan(uncounted);
    expect(complete).toBeGreaterThan(patch);
    // The POSTed pod carries the finalizer; after the Job is complete no pod has it.
    expect(reqs[create]).toBe('POST pods (finalizer batch.kubernetes.io/job-tracking)');
    const status = t.events.filter((e) => e.from === 'job-controller' && e.summary.startsWith('PUT jobs/status')).map((e) => e.summary);
    expect(status.length).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['kubectl delete --force', 'kubectl: delete pod -l job-name=long --force', 1, 'create'],
    ['kubectl delete (graceful)', 'kubectl: delete pod -l job-name=long', 1, 'create'],
    ['backoffLimit 0: a deletion fails the Job', 'kubectl: delete pod -l job-name=long --force', 0, 'BackoffLimitExceeded'],
  ])('a running pod deleted by someone else counts as failed (%s)', (_name, step, backoffLimit, want) => {
    const t = run(`kubescene: v1
name: t
${NODES}
files:${job({ backoffLimit, command: 'sleep 3600' })}
steps:
  - kubectl: apply -f job.yaml
  - kubectl: wait --for=condition=ready pod -l job-name=long --timeout=60s
  - ${step}
    expect:
      - exit: 0
  - advance: 30s
    expect:
      - object: job/long
        path: status.failed
        equals: 1
`);
    expect(failed(t)).toEqual([]);
    const created = kubeEvents(t, 'SuccessfulCreate');
    if (want === 'create') {
      expect(created).toHaveLength(2);
      expect(kubeEvents(t, 'BackoffLimitExceeded')).toEqual([]);
    } else {
      expect(created).toHaveLength(1);
      expect(kubeEvents(t, 'BackoffLimitExceeded')).toEqual(['Job has reached the specified backoff limit']);
    }
    // The deleted pod went only after the Job controller removed its finalizer.
    expect(jobRequests(t).filter((r) => r.startsWith('PATCH pods')).length).toBeGreaterThanOrEqual(1);
  });

  it('backoffLimit reached through deletions: Failed, reason BackoffLimitExceeded', () => {
    const t = run(`kubescene: v1
name: t
${NODES}
files:${job({ backoffLimit: 1, command: 'sleep 3600' })}
steps:
  - kubectl: apply -f job.yaml
  - kubectl: wait --for=condition=ready pod -l job-name=long --timeout=60s
  - kubectl: delete pod -l job-name=long --force
  - advance: 15s
  - kubectl: wait --for=condition=ready pod -l job-name=long --timeout=60s
  - kubectl: delete pod -l job-name=long --force
  - advance: 5s
    expect:
      - object: job/long
        path: status.failed
        equals: 2
      - object: job/long
        path: status.conditions[0].reason
        equals: BackoffLimitExceeded
      - pods: { selector: job-name=long, count: 0 }
`);
    expect(failed(t)).toEqual([]);
    expect(kubeEvents(t, 'SuccessfulCreate')).toHaveLength(2);
    expect(kubeEvents(t, 'BackoffLimitExceeded')).toEqual(['Job has reached the specified backoff limit']);
  });

  it('fault { node, action: delete }: the pod GC force-deletes the Job pod, it counts failed and is replaced on the other node', () => {
    const t = run(`kubescene: v1
name: t
${NODES}
files:${job({ backoffLimit: 2, command: 'sleep 3600', extra: '          nodeSelector: { kubernetes.io/hostname: worker-2 }\n' })}
steps:
  - kubectl: apply -f job.yaml
  - kubectl: wait --for=condition=ready pod -l job-name=long --timeout=60s
  - fault: { node: worker-2, action: delete }
  - advance: 90s
    expect:
      - object: job/long
        path: status.failed
        equals: 1
`);
    expect(failed(t)).toEqual([]);
    expect(kubeEvents(t, 'SuccessfulCreate')).toHaveLength(2);
    const gc = t.events.filter((e) => e.from === 'pod-garbage-collector-controller' && e.type === 'request').map((e) => e.summary);
    expect(gc.some((s) => s.startsWith('DELETE pods long-'))).toBe(true);
    const patch = jobRequests(t).filter((r) => r.startsWith('PATCH pods long-') && r.includes('finalizer'));
    expect(patch.length).toBeGreaterThanOrEqual(1);
  });
});
