/**
 * The kubelet's pod-level spec.activeDeadlineSeconds (pkg/kubelet/active_deadline.go,
 * release 1.31: pastActiveDeadline, ShouldEvict) and the Ready /
 * ContainersReady conditions of a pod in a terminal phase
 * (pkg/kubelet/status/generate.go generateContainersReadyConditionForTerminalPhase:
 * reason PodCompleted when it Succeeded, PodFailed when it Failed).
 */
import { describe, expect, it } from 'vitest';
import { podActiveDeadline } from '../../src/cluster/components/kubelet/active-deadline.ts';
import { failed, kubeEvents, run, timeOf } from './helpers.ts';

const podScenario = (spec: string, command: string, steps: string): string => `kubescene: v1
name: t
cluster:
  nodes:
    - { name: worker-1, images: ["busybox:1.36", "nginx:1.27"] }
files:
  pod.yaml:
    apiVersion: v1
    kind: Pod
    metadata: { name: p }
    spec:
${spec}      containers:
        - { name: main, image: "busybox:1.36", command: [sh, -c, "${command}"] }
steps:
  - kubectl: apply -f pod.yaml
${steps}`;

const expectPod = (path: string, value: string | number): string => `      - object: pod/p\n        path: ${path}\n        equals: ${typeof value === 'string' ? JSON.stringify(value) : value}\n`;

describe('pastActiveDeadline (active_deadline_test.go TestActiveDeadlineHandler)', () => {
  it.each([
    ['no deadline', undefined, 0, 1e9, undefined],
    ['not started', 30, undefined, 1e9, undefined],
    ['past', 30, 0, 31_000, { at: 30_000, past: true }],
    ['exactly', 30, 0, 30_000, { at: 30_000, past: true }],
    ['not yet', 30, 0, 29_999, { at: 30_000, past: false }],
  ] as [string, number | undefined, number | undefined, number, { at: number; past: boolean } | undefined][])('%s', (_n, ads, start, now, want) => {
    expect(podActiveDeadline(ads, start, now)).toEqual(want);
  });
});

describe('a pod running past spec.activeDeadlineSeconds', () => {
  it('is Failed (DeadlineExceeded) with the kubelet\'s event, its container killed after the grace period, Ready False (PodFailed); the pod object stays', () => {
    const t = run(
      podScenario(
        '      activeDeadlineSeconds: 20\n      terminationGracePeriodSeconds: 5\n',
        'sleep 3600',
        `  - advance: 40s
    expect:
${expectPod('status.phase', 'Failed')}${expectPod('status.reason', 'DeadlineExceeded')}${expectPod('status.message', 'Pod was active on the node longer than the specified deadline')}${expectPod('status.containerStatuses[0].state.terminated.exitCode', 137)}${expectPod('status.conditions[2].type', 'Ready')}${expectPod('status.conditions[2].reason', 'PodFailed')}${expectPod('status.conditions[3].reason', 'PodFailed')}  - kubectl: get pod p
`,
      ),
    );
    expect(failed(t)).toEqual([]);
    expect(kubeEvents(t, 'DeadlineExceeded')).toEqual(['Pod was active on the node longer than the specified deadline']);
    expect(kubeEvents(t, 'Killing')).toEqual(['Stopping container main']);
    const at = timeOf(t, 'activeDeadlineSeconds 20s of pod p reached', 'kubelet');
    expect(at).toBeGreaterThanOrEqual(20_000);
    expect(at).toBeLessThan(22_000);
    // printPod: the container's terminated reason (Error, exit 137) overrides the pod's reason in STATUS.
    expect(t.steps.at(-1)?.output).toMatch(/^p\s+0\/1\s+Error\s+0\s+/m);
  });

  it('a pod that finishes before its deadline is left alone (Succeeded, Ready False reason PodCompleted)', () => {
    const t = run(podScenario('      activeDeadlineSeconds: 20\n      restartPolicy: Never\n', 'sleep 2', `  - advance: 40s\n    expect:\n${expectPod('status.phase', 'Succeeded')}${expectPod('status.conditions[2].reason', 'PodCompleted')}`));
    expect(failed(t)).toEqual([]);
    expect(kubeEvents(t, 'DeadlineExceeded')).toEqual([]);
  });

  it('a pod whose container fails (restartPolicy Never) has Ready False with reason PodFailed (1.31), not PodCompleted', () => {
    const t = run(podScenario('      restartPolicy: Never\n', 'exit 1', `  - advance: 20s\n    expect:\n${expectPod('status.phase', 'Failed')}${expectPod('status.conditions[2].reason', 'PodFailed')}${expectPod('status.conditions[3].reason', 'PodFailed')}`));
    expect(failed(t)).toEqual([]);
  });

  it('a Job whose pod template has activeDeadlineSeconds: the pod fails, the Job counts the failure and replaces it', () => {
    const t = run(`kubescene: v1
name: t
cluster:
  nodes:
    - { name: worker-1, images: ["busybox:1.36"] }
files:
  job.yaml:
    apiVersion: batch/v1
    kind: Job
    metadata: { name: j }
    spec:
      backoffLimit: 0
      template:
        spec:
          restartPolicy: Never
          activeDeadlineSeconds: 10
          terminationGracePeriodSeconds: 1
          containers:
            - { name: main, image: "busybox:1.36", command: [sh, -c, "sleep 3600"] }
steps:
  - kubectl: apply -f job.yaml
  - advance: 40s
    expect:
      - object: job/j
        path: status.failed
        equals: 1
      - object: job/j
        path: status.conditions[1].reason
        equals: BackoffLimitExceeded
`);
    expect(failed(t)).toEqual([]);
    expect(kubeEvents(t, 'DeadlineExceeded')).toEqual(['Pod was active on the node longer than the specified deadline']);
  });
});
