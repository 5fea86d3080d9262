/**
 * Init containers run the same command model as app containers
 * (container-script.ts), one after the other, before the app containers:
 * what `kubectl get pods` shows meanwhile (printPod's Init:N/M, Init:Error,
 * Init:CrashLoopBackOff), the pod's phase, and the kubelet's back-off.
 */
import { describe, expect, it } from 'vitest';
import { initContainerOutcome } from '../../src/cluster/components/kubelet/init-containers.ts';
import { parseScenario } from '../../src/scenario/index.ts';
import { failed, kubeEvents, run, timeOf } from './helpers.ts';

function pod(name: string, restartPolicy: string, init: string): string {
  return `
    - apiVersion: v1
      kind: Pod
      metadata: { name: ${name} }
      spec:
        restartPolicy: ${restartPolicy}
        initContainers:
          - { name: init, image: "busybox:1.36", command: ${init} }
        containers:
          - { name: main, image: "nginx:1.27" }`;
}

function scenario(p: string, expectAt: { now: string; later: string; phase: string }): string {
  return `kubescene: v1
name: init
seed: 0
cluster:
  kubernetes: "1.31"
  nodes:
    - { name: worker-1, images: ["nginx:1.27", "busybox:1.36"] }
files:
  pods.yaml:${p}
steps:
  - kubectl: apply -f pods.yaml
  - kubectl: get pods
    expect:
      - output: "${expectAt.now}"
  - advance: 40s
  - kubectl: get pods
    expect:
      - output: "${expectAt.later}"
      - object: pod/p
        path: status.phase
        equals: ${expectAt.phase}
`;
}

describe('initContainerOutcome', () => {
  it.each([
    ['sh -c "exit 2"', ['sh', '-c', 'exit 2'], undefined, 0, 2],
    ['false', ['false'], undefined, 0, 1],
    ['true', ['true'], undefined, 0, 0],
    ['sleep 30', ['sleep', '30'], undefined, 30_000, 0],
    ['sleep 5 then exit 3', ['sh', '-c', 'sleep 5; exit 3'], undefined, 5_000, 3],
    ['echo into a file', ['sh', '-c', "echo '<h1>hi</h1>' > /html/index.html"], undefined, 0, 0],
    ['not understood: taken to succeed', ['sh', '-c', 'wget http://db:5432'], undefined, 0, 0],
    ['image entrypoint: taken to succeed', undefined, undefined, 0, 0],
    ['flags to the entrypoint: taken to succeed', undefined, ['--migrate'], 0, 0],
    ['sleep infinity: never ends', ['sleep', 'infinity'], undefined, undefined, 0],
    ['while true: never ends', ['sh', '-c', 'while true; do sleep 1; done'], undefined, undefined, 0],
  ] as const)('%s', (_name, command, args, afterMs, code) => {
    const c = { name: 'init', image: 'busybox:1.36', ...(command ? { command: [...command] } : {}), ...(args ? { args: [...args] } : {}) };
    expect(initContainerOutcome(c)).toEqual({ afterMs, code });
  });
});

describe('init containers in the kubelet', () => {
  it.each([
    ['exit 0: the app starts', 'Always', '["true"]', { now: 'p      1/1     Running', later: 'p      1/1     Running', phase: 'Running' }],
    ['exit 2 under Always: restarted with back-off', 'Always', '[sh, -c, "exit 2"]', { now: 'Init:CrashLoopBackOff', later: 'Init:CrashLoopBackOff', phase: 'Pending' }],
    ['false under OnFailure: restarted with back-off', 'OnFailure', '["false"]', { now: 'Init:CrashLoopBackOff', later: 'Init:CrashLoopBackOff', phase: 'Pending' }],
    ['false under Never: the pod fails', 'Never', '["false"]', { now: 'p      0/1     Init:Error', later: 'Init:Error', phase: 'Failed' }],
    ['sleep 30 delays the app', 'Always', '[sleep, "30"]', { now: 'p      0/1     Init:0/1', later: 'p      1/1     Running', phase: 'Running' }],
    ['sleep infinity blocks the pod', 'Always', '[sleep, infinity]', { now: 'Init:0/1', later: 'p      0/1     Init:0/1', phase: 'Pending' }],
  ] as const)('%s', (_name, policy, init, want) => {
    const t = run(scenario(pod('p', policy, init), want));
    expect(failed(t)).toEqual([]);
  });

  it('restarts a failing init container at once, then after 10 s, then 20 s (Init:CrashLoopBackOff)', () => {
    const t = run(scenario(pod('p', 'Always', '[sh, -c, "exit 2"]'), { now: 'Init:CrashLoopBackOff', later: 'Init:CrashLoopBackOff', phase: 'Pending' }));
    const starts = t.events.filter((e) => e.summary === 'StartContainer init').map((e) => e.t);
    expect(starts.length).toBe(4);
    const gaps = starts.slice(1).map((s, i) => s - starts[i]!);
    // Immediate first restart; the next ones wait out the back-off (10 s, 20 s) from the exit.
    expect(gaps[0]!).toBeLessThan(2_000);
    expect(gaps[1]!).toBeGreaterThanOrEqual(10_000);
    expect(gaps[1]!).toBeLessThan(12_000);
    expect(gaps[2]!).toBeGreaterThanOrEqual(20_000);
    expect(gaps[2]!).toBeLessThan(22_000);
    expect(kubeEvents(t, 'BackOff')[0]).toMatch(/^Back-off restarting failed container init in pod p_default\(/);
    expect(timeOf(t, 'StartContainer main')).toBeUndefined();
  });

  it('records the kubelet\'s events about an init container under spec.initContainers{name}', () => {
    const text = scenario(pod('p', 'Always', '["true"]'), { now: 'Running', later: 'Running', phase: 'Running' }) + '  - kubectl: get events -o wide\n';
    const t = run(text);
    const out = t.steps.at(-1)!.output ?? '';
    expect(out).toMatch(/Started\s+pod\/p\s+spec\.initContainers\{init\}/);
    expect(out).toMatch(/Started\s+pod\/p\s+spec\.containers\{main\}/);
  });

  it('a sleeping init container starts the app containers 30 s later', () => {
    const t = run(scenario(pod('p', 'Always', '[sleep, "30"]'), { now: 'Init:0/1', later: 'Running', phase: 'Running' }));
    const init = timeOf(t, 'StartContainer init')!;
    const app = timeOf(t, 'StartContainer main')!;
    expect(app - init).toBeGreaterThanOrEqual(30_000);
    expect(app - init).toBeLessThan(32_000);
  });

  it('a not-understood init command is listed under simplifications and taken to succeed', () => {
    const t = run(scenario(pod('p', 'Always', '[sh, -c, "wget http://db"]'), { now: 'Running', later: 'Running', phase: 'Running' }));
    expect(failed(t)).toEqual([]);
    expect(t.simplifications).toContain(
      'The model does not interpret the command of init container init of Pod p (sh -c wget http://db): it is taken to complete at once with exit 0. Understood: sh -c scripts of exit, true, false, sleep, echo, touch, rm, while true loops.',
    );
  });

  it.each([
    ['init container', '[sh, -c, "wget http://db"]', '["true"]', 'spec.initContainers[0].command: the model does not interpret this command: it is taken to complete at once with exit 0', '16:50'],
    ['app container', '["true"]', '[python, app.py]', 'spec.containers[0].command: the model does not interpret this command: it runs until stopped', '18:48'],
  ] as const)('warns at the command of an %s the model does not interpret', (_name, init, app, message, at) => {
    const text = scenario(pod('p', 'Always', init), { now: 'p', later: 'p', phase: 'Running' }).replace('{ name: main, image: "nginx:1.27" }', `{ name: main, image: "nginx:1.27", command: ${app} }`);
    const r = parseScenario(text, 'test.yaml', () => undefined);
    if (!r.ok) throw new Error('did not parse');
    expect(r.warnings.map((d) => `${d.code} ${d.start?.line}:${d.start?.column} ${d.message}`)).toEqual([`ignored-field ${at} Pod "p": ${message}`]);
  });
});
