/**
 * The Job's interim conditions (upstream pkg/controller/job/job_controller.go,
 * release 1.31): syncJob prepares the finishing condition with
 * newFailureCondition / newSuccessCondition, which give the interim
 * `FailureTarget` / `SuccessCriteriaMet` when delayTerminalCondition() —
 * `JobManagedBy || JobPodReplacementPolicy`, the latter beta and on by default
 * since 1.29 (pkg/features/kube_features.go) — so in 1.31 by default.
 * trackJobStatusAndRemoveFinalizers appends the interim condition to the
 * status written with the uncounted pods (before the finalizers go), and
 * enactJobFinished adds the terminal `Failed` / `Complete` (same reason and
 * message: newFailedConditionForFailureTarget) only once
 * `status.terminating` is 0 ("Delaying marking the Job as finished, because
 * there are still terminating pod(s)"); the events (recordJobFinished) go
 * with the terminal condition. status.terminating is
 * controller.CountTerminatingPods: pods with a deletionTimestamp that are not
 * yet Succeeded or Failed; deleteActivePods adds the pods it just deleted.
 * Before 1.31 (delayTerminalCondition did not exist) the controller writes
 * `Failed` / `Complete` directly; before 1.29 there is no status.terminating.
 */
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../src/trace/types.ts';
import { failed, kubeEvents, run } from './helpers.ts';

const scenario = (version: string, opts: { backoffLimit: number; command: string; step?: string }): string => `kubescene: v1
name: t
cluster:
  kubernetes: "${version}"
  nodes:
    - { name: worker-1, images: ["busybox:1.36"] }
files:
  job.yaml:
    apiVersion: batch/v1
    kind: Job
    metadata: { name: j }
    spec:
      backoffLimit: ${opts.backoffLimit}
      template:
        spec:
          restartPolicy: Never
          containers:
            - { name: work, image: "busybox:1.36", command: [sh, -c, "${opts.command}"] }
steps:
  - kubectl: apply -f job.yaml
${opts.step ?? ''}  - advance: 120s
`;

/** The Job controller's status writes that add a condition, in order: the condition type with the time it was written. */
function conditionWrites(t: Trace): { type: string; at: number }[] {
  return t.events
    .filter((e) => e.from === 'job-controller' && e.type === 'request' && e.summary.startsWith('PUT jobs/status j '))
    .map((e) => ({ type: e.summary.slice('PUT jobs/status j '.length), at: e.t }));
}

const RUNNING = `  - kubectl: wait --for=condition=ready pod -l job-name=j --timeout=60s
  - kubectl: delete pod -l job-name=j --wait=false
`;

describe('Job conditions: interim FailureTarget / SuccessCriteriaMet before the terminal condition (delayTerminalCondition, 1.31)', () => {
  it.each([
    // [name, version, backoffLimit, command, step, condition writes, terminal reason]
    // (the model's profiles are 1.23 and 1.31; 1.23 stands for every release before delayTerminalCondition)
    ['a pod succeeds, 1.31: SuccessCriteriaMet, then Complete', '1.31', 6, 'exit 0', '', ['SuccessCriteriaMet', 'Complete'], 'CompletionsReached'],
    ['a pod succeeds, 1.23: Complete directly', '1.23', 6, 'exit 0', '', ['Complete'], undefined],
    ['a pod fails, backoffLimit 0, 1.31: FailureTarget, then Failed', '1.31', 0, 'exit 1', '', ['FailureTarget', 'Failed'], 'BackoffLimitExceeded'],
    ['a pod fails, backoffLimit 0, 1.23: Failed directly', '1.23', 0, 'exit 1', '', ['Failed'], 'BackoffLimitExceeded'],
    ['a running pod deleted (graceful), backoffLimit 0, 1.31: FailureTarget, Failed once the pod is gone', '1.31', 0, 'sleep 3600', RUNNING, ['FailureTarget', 'Failed'], 'BackoffLimitExceeded'],
  ])('%s', (_name, version, backoffLimit, command, step, want, reason) => {
    const t = run(scenario(version, { backoffLimit, command, step }));
    expect(failed(t)).toEqual([]);
    expect(conditionWrites(t).map((w) => w.type)).toEqual(want);
    const terminal = want[want.length - 1]!;
    const ev = terminal === 'Complete' ? kubeEvents(t, 'Completed') : kubeEvents(t, 'BackoffLimitExceeded');
    expect(ev).toHaveLength(1);
    if (reason) expect(t.events.some((e) => e.from === 'job-controller' && e.type === 'request' && e.summary === `PUT jobs/status j ${terminal}`)).toBe(true);
  });

  it('1.31, a running pod deleted: FailureTarget while it terminates; Failed (reason BackoffLimitExceeded) only once the kubelet has moved the pod to phase Failed, status.terminating 0', () => {
    const t = run(
      // `sleep` ignores SIGTERM: the pod terminates for its grace period (30 s), killed with 137.
      scenario('1.31', { backoffLimit: 0, command: 'sleep 3600', step: `${RUNNING}  - advance: 31s\n` }) +
        `    expect:
      - object: job/j
        path: status.terminating
        equals: 0
      - object: job/j
        path: status.conditions[0].type
        equals: FailureTarget
      - object: job/j
        path: status.conditions[1].type
        equals: Failed
      - object: job/j
        path: status.conditions[1].reason
        equals: BackoffLimitExceeded
      - object: job/j
        path: status.failed
        equals: 1
`,
    );
    expect(failed(t)).toEqual([]);
    const w = conditionWrites(t);
    expect(w.map((x) => x.type)).toEqual(['FailureTarget', 'Failed']);
    // The kubelet kills the container (SIGKILL at the end of the grace period) and writes the pod's terminal
    // phase between the two writes: a pod with phase Failed no longer counts as terminating (CountTerminatingPods).
    const stopped = t.events.find((e) => e.type === 'request' && e.from.startsWith('kubelet') && /^PATCH pods\/status j-\w+ Failed/.test(e.summary));
    expect(stopped).toBeDefined();
    expect(w[0]!.at).toBeLessThan(stopped!.t);
    expect(w[1]!.at).toBeGreaterThan(stopped!.t);
  });
});
