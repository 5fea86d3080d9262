/** Container crashes (CrashLoopBackOff back-off 10 s doubling) and pod replacement. */
import { describe, expect, it } from 'vitest';
import { deployment, failed, kubeEvents, NODES, run } from './helpers.ts';

const crash = '  - fault: { pod: deployment/web, action: crash }\n';

describe('container crash', () => {
  it('restarts at once, then waits 10 s, 20 s, 40 s between restarts (flowcontrol.Backoff)', () => {
    const t = run(`kubescene: v1
${NODES}
files:${deployment({ replicas: 1 })}
steps:
  - kubectl: apply -f web.yaml
${crash}${crash}  - advance: 60s
${crash}  - advance: 60s
${crash}  - advance: 60s
  - kubectl: get pods
`);
    const exits = t.events.filter((e) => e.summary.includes('exited with code 1')).map((e) => e.t);
    const restarts = t.events.filter((e) => e.summary.startsWith('restart nginx'));
    const ranOut = t.events.filter((e) => e.summary.includes('ran out')).map((e) => e.t);
    expect(exits).toHaveLength(4);
    expect(restarts).toHaveLength(4);
    // The first restart follows the crash at once (PLEG relist 1 s + create/start), in the same step.
    expect(restarts[0]!.step).toBe(2);
    expect(restarts[0]!.t - exits[0]!).toBeLessThan(2000);
    // Then the back-off counts from each container's exit: 10 s, 20 s, 40 s — and only once time passes.
    expect(ranOut.map((r, i) => r - exits[i + 1]!)).toEqual([10_000, 20_000, 40_000]);
    expect(restarts.slice(1).map((r) => r.step)).toEqual([4, 6, 8]);
    expect(kubeEvents(t, 'BackOff')).toHaveLength(3);
    expect(kubeEvents(t, 'BackOff')[0]).toMatch(/^Back-off restarting failed container nginx in pod web-\w+-\w+_default\([0-9a-f-]+\)$/);
    expect(t.events.filter((e) => e.summary.includes('ran out')).map((e) => e.summary.split(' ')[1])).toEqual(['10s', '20s', '40s']);
    expect(t.steps.at(-1)!.output).toMatch(/web-\S+\s+1\/1\s+Running\s+4 \(\d+s ago\)/);
  });

  it('shows CrashLoopBackOff in kubectl get pods while the back-off runs, and the pod is not ready', () => {
    const t = run(`kubescene: v1
${NODES}
files:${deployment({ replicas: 1 })}
steps:
  - kubectl: apply -f web.yaml
${crash}${crash}  - kubectl: get pods
  - expect:
      - pods: { selector: app=web, ready: false, count: 1 }
      - event: { reason: BackOff }
`);
    expect(failed(t)).toEqual([]);
    expect(t.steps[3]!.output).toMatch(/0\/1\s+CrashLoopBackOff\s+1 \(\d+s ago\)/);
  });

  it('a container with restartPolicy Never stays terminated', () => {
    const t = run(`kubescene: v1
${NODES}
files:
  pod.yaml:
    apiVersion: v1
    kind: Pod
    metadata: { name: once, labels: { app: once } }
    spec:
      restartPolicy: Never
      containers: [{ name: app, image: nginx:1.27 }]
steps:
  - kubectl: apply -f pod.yaml
  - fault: { pod: once, action: crash }
  - kubectl: get pods
`);
    expect(t.events.some((e) => e.summary.startsWith('restart app'))).toBe(false);
    expect(t.steps[2]!.output).toMatch(/once\s+0\/1\s+Error\s+0/);
  });

  it('an unknown pod is reported, not faked', () => {
    const t = run(`kubescene: v1
${NODES}
steps:
  - fault: { pod: nope, action: crash }
`);
    expect(t.steps[0]!.exitCode).toBe(1);
    expect(t.steps[0]!.error).toContain('no running pod matches "nope"');
  });
});

describe('pod deleted', () => {
  it('the ReplicaSet controller replaces it and the scheduler places the new one', () => {
    const t = run(`kubescene: v1
${NODES}
files:${deployment({ replicas: 2 })}
steps:
  - kubectl: apply -f web.yaml
  - fault: { pod: deployment/web, action: delete }
    expect:
      - pods: { selector: app=web, phase: Running, count: 2 }
`);
    expect(failed(t)).toEqual([]);
    expect(kubeEvents(t, 'SuccessfulCreate')).toHaveLength(3);
    const step2 = t.events.filter((e) => e.step === 2).map((e) => `${e.from}: ${e.summary}`);
    const del = step2.findIndex((s) => s.startsWith('kubectl: DELETE pods'));
    const create = step2.findIndex((s) => s.startsWith('replicaset-controller: POST pods'));
    const bind = step2.findIndex((s) => s.startsWith('kube-scheduler: POST pods/binding'));
    expect(del).toBeGreaterThanOrEqual(0);
    expect(create).toBeGreaterThan(del);
    expect(bind).toBeGreaterThan(create);
  });
});
