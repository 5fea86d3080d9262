/**
 * Sidecars are stopped by the kubelet's one killContainer path (src/cluster/components/kubelet/termination.ts),
 * whether the pod is deleted or its app containers are done under restartPolicy Never/OnFailure
 * (kuberuntime_manager.go computePodActions KillPod → killPodWithSyncResult → killContainersWithSyncResult):
 * every running container gets its Killing event and preStop hook at once; a sidecar then waits for its turn
 * (kuberuntime_termination_order.go newTerminationOrdering / waitForTurn: every app container and the sidecar
 * after it have stopped, or the grace period has run out) and gets SIGTERM with what is left of the grace period,
 * at least 2 s (kuberuntime_container.go killContainer, minimumGracePeriodInSeconds), then SIGKILL.
 */
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../src/trace/types.ts';
import { failed, run, timeOf } from './helpers.ts';

const scenario = (spec: string, steps: string): string => `kubescene: v1
name: sidecar-termination
seed: 0
cluster:
  kubernetes: "1.31"
  nodes:
    - { name: worker-1, images: ["nginx:1.27", "busybox:1.36"] }
files:
  pod.yaml:
    apiVersion: v1
    kind: Pod
    metadata: { name: p }
    spec:
${spec}
steps:
  - kubectl: apply -f pod.yaml
${steps}`;

/** Container exits of pod p: [container, time, exit code]. */
const exits = (t: Trace): [string, number, number][] =>
  t.events.filter((e) => e.action === 'container-exit' && e.from.startsWith('container:default/p/')).map((e) => [e.from.split('/').at(-1)!, e.t, Number(e.attrs?.exitCode)]);

const exitOf = (t: Trace, name: string): [number, number] | undefined => {
  const e = exits(t).find(([n]) => n === name);
  return e ? [e[1], e[2]] : undefined;
};

/** The trace events from the kubelet of kind `action`, as [summary, time]. */
const kubeletEvents = (t: Trace, action: string): [string, number][] => t.events.filter((e) => e.action === action).map((e) => [e.summary, e.t]);

describe('sidecars of a pod whose app containers are done (restartPolicy Never): killContainer, as for a deleted pod', () => {
  it('two shell sidecars share the grace period: the last one is killed after terminationGracePeriodSeconds, the first one gets the 2 s minimum', () => {
    const t = run(scenario(`      restartPolicy: Never
      terminationGracePeriodSeconds: 10
      initContainers:
        - { name: first, image: "busybox:1.36", restartPolicy: Always, command: [sleep, infinity] }
        - { name: second, image: "busybox:1.36", restartPolicy: Always, command: [sleep, infinity] }
      containers:
        - { name: app, image: "busybox:1.36", command: [sleep, "5"] }`, `  - advance: 40s
  - kubectl: get pod p -o jsonpath={.status.phase}
`));
    expect(failed(t)).toEqual([]);
    const [appEnd] = exitOf(t, 'app')!;
    const [secondEnd, secondCode] = exitOf(t, 'second')!;
    const [firstEnd, firstCode] = exitOf(t, 'first')!;
    expect([secondCode, firstCode]).toEqual([137, 137]);
    // SIGTERM with the whole grace period for `second` (it waits on nothing), then what is left — below 2 s — for `first`.
    const stops = kubeletEvents(t, 'stop-container').map(([s]) => s);
    expect(stops).toEqual(['StopContainer second (timeout 10s)', 'StopContainer first (timeout 2s)']);
    expect(secondEnd - timeOf(t, 'StopContainer second')!).toBe(10_000);
    expect(firstEnd - secondEnd).toBe(2000);
    expect(firstEnd - appEnd).toBeLessThan(14_000);
    expect(t.steps.at(-1)!.output).toBe('Succeeded');
  });

  it('a sidecar\'s preStop hook runs first (Killing, preStop sleep, then SIGTERM)', () => {
    const t = run(scenario(`      restartPolicy: Never
      initContainers:
        - name: proxy
          image: "nginx:1.27"
          restartPolicy: Always
          lifecycle: { preStop: { sleep: { seconds: 3 } } }
      containers:
        - { name: app, image: "busybox:1.36", command: [sleep, "5"] }`, `  - advance: 20s
  - kubectl: get pod p -o jsonpath={.status.phase}
`));
    expect(failed(t)).toEqual([]);
    const hook = timeOf(t, 'preStop sleep 3s');
    expect(hook).toBeDefined();
    const stop = timeOf(t, 'StopContainer proxy')!;
    expect(stop - hook!).toBeGreaterThanOrEqual(3000);
    expect(exitOf(t, 'proxy')![1]).toBe(0);
    expect(t.outcome.kubeEvents.filter((e) => e.reason === 'Killing').map((e) => e.message)).toEqual(['Stopping container proxy']);
    expect(t.steps.at(-1)!.output).toBe('Succeeded');
  });

  it('a shell sidecar that ends by itself within the grace period exits with its own code', () => {
    const t = run(scenario(`      restartPolicy: Never
      terminationGracePeriodSeconds: 30
      initContainers:
        - { name: proxy, image: "busybox:1.36", restartPolicy: Always, command: [sh, -c, "sleep 12; exit 3"] }
      containers:
        - { name: app, image: "busybox:1.36", command: [sleep, "5"] }`, `  - advance: 20s
  - kubectl: get pod p -o jsonpath={.status.phase}
`));
    expect(failed(t)).toEqual([]);
    const [end, code] = exitOf(t, 'proxy')!;
    expect(code).toBe(3);
    expect(end - timeOf(t, 'StopContainer proxy (timeout 30s)')!).toBeLessThan(10_000);
    // getPhase: sidecars do not count; the app container exited 0.
    expect(t.steps.at(-1)!.output).toBe('Succeeded');
  });
});

describe('sidecars of a deleted pod: Killing and preStop at once, SIGTERM in turn', () => {
  it('the sidecar\'s preStop hook runs while the app container is still stopping; its SIGTERM waits for the app\'s exit', () => {
    const t = run(scenario(`      terminationGracePeriodSeconds: 10
      initContainers:
        - name: proxy
          image: "nginx:1.27"
          restartPolicy: Always
          lifecycle: { preStop: { sleep: { seconds: 4 } } }
      containers:
        - { name: app, image: "busybox:1.36", command: [sleep, "3600"] }`, `  - wait: { for: condition=Ready, object: pod/p }
  - kubectl: delete pod p
`));
    expect(failed(t)).toEqual([]);
    const appStop = timeOf(t, 'StopContainer app (timeout 10s)')!;
    const hook = timeOf(t, 'preStop sleep 4s')!;
    // Both hooks start at the beginning of the termination, not after the app container has gone.
    expect(hook - appStop).toBeLessThan(1000);
    const [appEnd, appCode] = exitOf(t, 'app')!;
    expect(appCode).toBe(137);
    const proxyStop = t.events.find((e) => e.summary.startsWith('StopContainer proxy'))!;
    expect(proxyStop.summary).toBe('StopContainer proxy (timeout 2s)');
    expect(proxyStop.t).toBeGreaterThanOrEqual(appEnd);
    expect(exitOf(t, 'proxy')![0]).toBeGreaterThan(appEnd);
    expect(t.outcome.kubeEvents.filter((e) => e.reason === 'Killing').map((e) => e.message)).toEqual(['Stopping container app', 'Stopping container proxy']);
  });
});
