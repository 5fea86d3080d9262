/**
 * A pod whose containers are done for good (restartPolicy Never or OnFailure) is not deleted, but the kubelet
 * stops its sandbox: the pod worker moves to SyncTerminatingPod once the phase is terminal, and killPod finds no
 * container to stop and stops the sandbox (kuberuntime_manager.go killPodWithSyncResult: StopPodSandbox, the CNI
 * plugin's DEL); SyncTerminatedPod then unmounts the volumes. A later DELETE of the pod only gets the status
 * manager's final DELETE (grace 0), and a kubelet that comes back does not start a terminal pod again.
 */
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../src/trace/types.ts';
import { failed, run } from './helpers.ts';

/** A pod `once` on worker-1; `main` is the container's line, `init` (optional) the initContainers' block. */
const podScenario = (policy: string, main: string, extraSteps = '', init = '') => `kubescene: v1
name: terminal-pod
cluster:
  nodes:
    - { name: worker-1 }
files:
  pod.yaml:
    apiVersion: v1
    kind: Pod
    metadata: { name: once }
    spec:
      restartPolicy: ${policy}
${init}      containers:
        - ${main}
steps:
  - kubectl: apply -f pod.yaml
  - advance: 30s
${extraSteps}`;
const SCENARIO = (policy: string, command: string, extraSteps = '') => podScenario(policy, `{ name: main, image: busybox:1.36, command: [sh, -c, '${command}'] }`, extraSteps);

/** Summaries of the trace events whose summary contains one of `words`, in order. */
function lines(t: Trace, ...words: string[]): string[] {
  return t.events.filter((e) => words.some((w) => e.summary.includes(w))).map((e) => e.summary);
}

describe('a pod whose containers are done for good', () => {
  it.each([
    ['Never, exit 0: Succeeded', 'Never', 'exit 0', 'Succeeded'],
    ['Never, exit 3: Failed', 'Never', 'exit 3', 'Failed'],
    ['OnFailure, exit 0: Succeeded', 'OnFailure', 'exit 0', 'Succeeded'],
  ])('%s; then StopPodSandbox and CNI DEL, once, after the terminal status', (_name, policy, command, phase) => {
    const t = run(SCENARIO(policy, command));
    expect(failed(t)).toEqual([]);
    expect(t.outcome.objects.find((o) => o.kind === 'Pod')?.status).toBe(`${phase} on worker-1`);
    const stop = t.events.findIndex((e) => e.summary === 'StopPodSandbox once');
    const terminal = t.events.findIndex((e) => e.type === 'request' && e.summary.includes('once main') && e.summary.includes('(not restarted)'));
    expect(terminal).toBeGreaterThanOrEqual(0);
    expect(stop).toBeGreaterThan(terminal);
    expect(lines(t, 'StopPodSandbox', 'CNI DEL')).toEqual(['StopPodSandbox once', 'CNI DEL once']);
  });

  it('a container that is restarted (restartPolicy Always) keeps its sandbox', () => {
    const t = run(SCENARIO('Always', 'exit 0'));
    expect(lines(t, 'StopPodSandbox', 'CNI DEL')).toEqual([]);
  });

  it('deleting it later stops nothing again (the API server removes a terminal pod at once: no final DELETE from the kubelet either)', () => {
    const t = run(SCENARIO('Never', 'exit 0', '  - kubectl: delete pod once\n  - advance: 5s\n'));
    expect(failed(t)).toEqual([]);
    expect(lines(t, 'StopPodSandbox', 'CNI DEL', 'StopContainer')).toEqual(['StopPodSandbox once', 'CNI DEL once']);
    expect(t.events.filter((e) => e.type === 'request' && e.summary.includes('once (grace 0)'))).toEqual([]);
    expect(t.outcome.objects.some((o) => o.kind === 'Pod')).toBe(false);
  });

  it('a kubelet that comes back does not start it again', () => {
    const t = run(SCENARIO('Never', 'exit 0', '  - fault: { node: worker-1, action: down }\n  - advance: 20s\n  - fault: { node: worker-1, action: up }\n  - advance: 30s\n'));
    expect(failed(t)).toEqual([]);
    expect(lines(t, 'RunPodSandbox')).toEqual(['RunPodSandbox once']);
    expect(t.outcome.objects.find((o) => o.kind === 'Pod')?.status).toBe('Succeeded on worker-1');
  });
});

describe('an init container that fails under restartPolicy Never', () => {
  it('the pod is Failed and its sandbox stopped; the app container never starts', () => {
    const init = "      initContainers:\n        - { name: setup, image: busybox:1.36, command: [sh, -c, 'exit 1'] }\n";
    const t = run(podScenario('Never', '{ name: main, image: nginx:1.27 }', '', init));
    expect(failed(t)).toEqual([]);
    expect(t.outcome.objects.find((o) => o.kind === 'Pod')?.status).toBe('Failed on worker-1');
    expect(lines(t, 'StopPodSandbox', 'CNI DEL', 'StartContainer main')).toEqual(['StopPodSandbox once', 'CNI DEL once']);
  });
});
