/**
 * Graceful pod termination (src/cluster/components/kubelet/termination.ts),
 * after pkg/kubelet/kubelet.go SyncTerminatingPod, kuberuntime_container.go
 * killContainer (preStop, SIGTERM, SIGKILL at the end of the grace period),
 * pod_workers.go calculateEffectiveGracePeriod, status_manager.go
 * canBeDeleted (the terminal phase before the final grace-0 DELETE, 1.27+),
 * the pod strategy's CheckGracefulDelete and kubectl delete's
 * --grace-period/--force (kubectl/pkg/cmd/delete/delete.go).
 */
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../src/trace/types.ts';
import { failed, run, timeOf } from './helpers.ts';

interface PodOpts {
  name: string;
  command?: string;
  grace?: number;
  preStop?: string;
  readiness?: boolean;
}

const pod = (o: PodOpts): string => `      - apiVersion: v1
        kind: Pod
        metadata: { name: ${o.name}, labels: { app: a } }
        spec:
${o.grace !== undefined ? `          terminationGracePeriodSeconds: ${o.grace}\n` : ''}          containers:
            - name: main
              image: ${o.command ? '"busybox:1.36"' : '"nginx:1.27"'}
${o.command ? `              command: ${o.command}\n` : ''}${o.preStop ? `              lifecycle: { preStop: ${o.preStop} }\n` : ''}${o.readiness ? '              readinessProbe: { httpGet: { path: /, port: 80 }, periodSeconds: 5 }\n              ports: [{ containerPort: 80 }]\n' : ''}`;

const scenario = (pods: PodOpts[], steps: string, version = '1.31'): string => `kubescene: v1
name: t
cluster:
  kubernetes: "${version}"
  nodes:
    - { name: worker-1, images: ["busybox:1.36", "nginx:1.27"] }
files:
  pods.yaml:
    apiVersion: v1
    kind: List
    items:
${pods.map(pod).join('')}  svc.yaml:
    apiVersion: v1
    kind: Service
    metadata: { name: svc }
    spec:
      selector: { app: a }
      ports: [{ port: 80, targetPort: 80 }]
steps:
  - kubectl: apply -f pods.yaml -f svc.yaml
  - kubectl: wait --for=condition=ready pod --all --timeout=60s
${steps}`;

const SLEEP = '[sleep, "3600"]';

/** The container-exit trace events of a pod's container: [time, exit code]. */
const exits = (t: Trace, podName: string): [number, number][] =>
  t.events.filter((e) => e.action === 'container-exit' && e.from === `container:default/${podName}/main`).map((e) => [e.t, Number(e.attrs?.exitCode)]);


describe('kubelet graceful termination: SIGTERM, then SIGKILL at the end of the grace period', () => {
  it('a server (the image entrypoint) handles SIGTERM: it exits 0 at once, and kubectl delete returns when the pod is gone', () => {
    const t = run(scenario([{ name: 'web' }], '  - kubectl: delete pod web\n'));
    expect(failed(t)).toEqual([]);
    expect(t.steps[2]!.output).toBe('pod "web" deleted\n');
    const stop = timeOf(t, 'StopContainer main')!;
    const [[at, code]] = exits(t, 'web') as [[number, number]];
    expect(code).toBe(0);
    expect(at - stop).toBeLessThan(1000);
    expect(t.steps[2]!.state?.pods.some((p) => p.name === 'web')).toBe(false);
  });

  it('`sleep` as PID 1 ignores SIGTERM: it runs on until SIGKILL at the end of terminationGracePeriodSeconds (exit code 137)', () => {
    const t = run(scenario([{ name: 'sleeper', command: SLEEP, grace: 5 }], '  - kubectl: delete pod sleeper\n'));
    expect(failed(t)).toEqual([]);
    const stop = timeOf(t, 'StopContainer main (timeout 5s)')!;
    expect(stop).toBeDefined();
    const [[at, code]] = exits(t, 'sleeper') as [[number, number]];
    expect(code).toBe(137);
    expect(at - stop).toBe(5000);
    // kubectl delete waits for it (time passes for the whole cluster meanwhile).
    expect(t.steps[2]!.output).toBe('pod "sleeper" deleted\n');
    expect(t.steps[2]!.state?.pods.some((p) => p.name === 'sleeper')).toBe(false);
  });

  it('the default grace period is 30 s', () => {
    const t = run(scenario([{ name: 'sleeper', command: SLEEP }], '  - kubectl: delete pod sleeper\n'));
    const stop = timeOf(t, 'StopContainer main (timeout 30s)')!;
    const [[at, code]] = exits(t, 'sleeper') as [[number, number]];
    expect([at - stop, code]).toEqual([30_000, 137]);
  });

  it('a script that ends by itself within the grace period exits with its own code', () => {
    const t = run(scenario([{ name: 'short', command: '[sh, -c, "sleep 20; exit 3"]', grace: 60 }], '  - kubectl: delete pod short\n'));
    const [[, code]] = exits(t, 'short') as [[number, number]];
    expect(code).toBe(3);
    const at = exits(t, 'short')[0]![0];
    const started = timeOf(t, 'start main (busybox:1.36)')!;
    // 20 s after the kubelet saw it running (its status sync follows the start by a few ms).
    expect(at - started).toBeGreaterThanOrEqual(20_000);
    expect(at - started).toBeLessThan(20_100);
  });

  it('kubectl get pods shows STATUS Terminating (READY as the probes say) while the pod terminates; it is gone after the grace period', () => {
    const t = run(scenario([{ name: 'sleeper', command: SLEEP }], '  - kubectl: delete pod sleeper --wait=false\n  - kubectl: get pods\n  - advance: 31s\n  - kubectl: get pods\n'));
    expect(failed(t)).toEqual([]);
    expect(t.steps[3]!.output).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE\nsleeper +1\/1 +Terminating +0 +\d+s\n$/);
    expect(t.steps[5]!.error).toBe('No resources found in default namespace.\n');
  });

  it('a preStop sleep runs first; SIGTERM comes after it, with what is left of the grace period', () => {
    const t = run(scenario([{ name: 'web', preStop: '{ sleep: { seconds: 5 } }' }], '  - kubectl: delete pod web\n'));
    expect(failed(t)).toEqual([]);
    const hook = timeOf(t, 'preStop sleep 5s')!;
    const stop = timeOf(t, 'StopContainer main (timeout 25s)')!;
    expect(stop - hook).toBe(5000);
    expect(exits(t, 'web')[0]![1]).toBe(0);
  });

  it('a preStop exec hook runs as long as its command; a failing one is a Warning FailedPreStopHook', () => {
    const t = run(scenario([{ name: 'web', preStop: '{ exec: { command: [sh, -c, "sleep 3; exit 1"] } }' }], '  - kubectl: delete pod web\n'));
    const hook = timeOf(t, 'preStop exec')!;
    const stop = timeOf(t, 'StopContainer main (timeout 27s)')!;
    expect(stop - hook).toBe(3000);
    expect(t.outcome.kubeEvents.filter((e) => e.reason === 'FailedPreStopHook').map((e) => [e.type, e.message])).toEqual([['Warning', 'PreStopHook failed']]);
  });
});

describe('the terminal phase before the final DELETE (status_manager canBeDeleted, 1.27+)', () => {
  const phaseWrite = (t: Trace, name: string) => t.events.find((e) => e.type === 'request' && e.from === 'kubelet@worker-1' && e.summary.startsWith(`PATCH pods/status ${name} `) && e.summary.endsWith('(containers stopped)'));
  const finalDelete = (t: Trace, name: string) => t.events.find((e) => e.type === 'request' && e.from === 'kubelet@worker-1' && e.summary === `DELETE pods ${name} (grace 0)`);

  it.each([
    ['1.31: exit 0 on SIGTERM → Succeeded', '1.31', undefined, 'Succeeded'],
    ['1.31: killed with 137 → Failed', '1.31', SLEEP, 'Failed'],
    ['1.23: restartPolicy Always keeps Running (no terminal phase before 1.27)', '1.23', SLEEP, 'Running'],
  ])('%s', (_name, version, command, phase) => {
    const t = run(scenario([{ name: 'p', grace: 2, ...(command ? { command } : {}) }], '  - kubectl: delete pod p\n', version));
    expect(failed(t)).toEqual([]);
    const w = phaseWrite(t, 'p');
    expect(w?.summary).toBe(`PATCH pods/status p ${phase} (containers stopped)`);
    expect(w!.t).toBeLessThan(finalDelete(t, 'p')!.t);
  });
});

describe('EndpointSlice and kube-proxy during termination', () => {
  it('the terminating endpoint stays with ready=false, serving=<Ready>, terminating=true; the other keeps ready=true', () => {
    const t = run(
      scenario(
        [{ name: 'a', command: SLEEP }, { name: 'b', command: SLEEP }],
        '  - kubectl: delete pod a --wait=false\n  - kubectl: get endpointslices -l kubernetes.io/service-name=svc -o json\n',
      ),
    );
    expect(failed(t)).toEqual([]);
    const list = JSON.parse(t.steps[3]!.output!) as { items: { endpoints: { targetRef: { name: string }; conditions: Record<string, boolean> }[] }[] };
    const eps = list.items.flatMap((s) => s.endpoints).map((e) => [e.targetRef.name, e.conditions]).sort();
    expect(eps).toEqual([
      ['a', { ready: false, serving: true, terminating: true }],
      ['b', { ready: true, serving: true, terminating: false }],
    ]);
  });
});

describe('kubectl delete --grace-period and --force', () => {
  it('--grace-period=5: the API server sets deletionGracePeriodSeconds 5; `sleep` is killed after 5 s', () => {
    const t = run(scenario([{ name: 'sleeper', command: SLEEP }], '  - kubectl: delete pod sleeper --grace-period=5 --wait=false\n    expect:\n      - object: pod/sleeper\n        path: metadata.deletionGracePeriodSeconds\n        equals: 5\n  - advance: 6s\n'));
    expect(failed(t)).toEqual([]);
    const stop = timeOf(t, 'StopContainer main (timeout 5s)')!;
    expect(exits(t, 'sleeper')[0]).toEqual([stop + 5000, 137]);
  });

  it('--grace-period=0 without --force means 1 s', () => {
    const t = run(scenario([{ name: 'sleeper', command: SLEEP }], '  - kubectl: delete pod sleeper --grace-period=0 --wait=false\n    expect:\n      - object: pod/sleeper\n        path: metadata.deletionGracePeriodSeconds\n        equals: 1\n'));
    expect(failed(t)).toEqual([]);
    expect(t.steps[2]!.output).toBe('pod "sleeper" deleted\n');
  });

  it('--grace-period=0 --force: the pod is gone from the API at once; the kubelet still stops its container with the pod\'s own grace period', () => {
    const t = run(scenario([{ name: 'sleeper', command: SLEEP, grace: 10 }], '  - kubectl: delete pod sleeper --grace-period=0 --force\n  - kubectl: get pods\n  - advance: 11s\n'));
    expect(failed(t)).toEqual([]);
    expect(t.steps[2]!.output).toBe('pod "sleeper" force deleted\n');
    expect(t.steps[2]!.error).toContain('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated.');
    expect(t.steps[3]!.error).toBe('No resources found in default namespace.\n');
    const stop = timeOf(t, 'StopContainer main (timeout 10s)')!;
    expect(exits(t, 'sleeper')[0]).toEqual([stop + 10_000, 137]);
    // Nothing left to report: no status write and no DELETE from the kubelet.
    expect(t.events.some((e) => e.from === 'kubelet@worker-1' && e.type === 'request' && (e.summary.startsWith('DELETE pods sleeper') || e.summary.startsWith('PATCH pods/status sleeper')) && e.t > stop)).toBe(false);
  });

  it('--force with --grace-period greater than 0 is an error', () => {
    const t = run(scenario([{ name: 'web' }], '  - kubectl: delete pod web --force --grace-period=5\n    expect:\n      - exit: 1\n'));
    expect(failed(t)).toEqual([]);
    expect(t.steps[2]!.error).toBe('error: --force and --grace-period greater than 0 cannot be specified together\n');
  });

  it('a second DELETE with a shorter grace period brings SIGKILL forward', () => {
    const t = run(scenario([{ name: 'sleeper', command: SLEEP }], '  - kubectl: delete pod sleeper --wait=false\n  - kubectl: delete pod sleeper --grace-period=3 --wait=false\n  - advance: 5s\n'));
    expect(failed(t)).toEqual([]);
    const first = timeOf(t, 'StopContainer main (timeout 30s)')!;
    const [at, code] = exits(t, 'sleeper')[0]!;
    expect(code).toBe(137);
    expect(at - first).toBeLessThan(30_000);
    expect(t.steps[4]!.state?.pods.some((p) => p.name === 'sleeper')).toBe(false);
  });
});

describe('Job: podReplacementPolicy Failed waits for the kubelet to move the deleted pod to phase Failed', () => {
  // The pod ignores SIGTERM and is killed after 20 s; the Job's pod failure back-off is 10 s.
  const job = (policy: string): string => `kubescene: v1
name: t
cluster:
  kubernetes: "1.31"
  nodes:
    - { name: worker-1, images: ["busybox:1.36"] }
files:
  job.yaml:
    apiVersion: batch/v1
    kind: Job
    metadata: { name: j }
    spec:
      podReplacementPolicy: ${policy}
      template:
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 20
          containers:
            - { name: main, image: "busybox:1.36", command: [sleep, "3600"] }
steps:
  - kubectl: apply -f job.yaml
  - kubectl: wait --for=condition=ready pod -l job-name=j --timeout=60s
  - kubectl: delete pod -l job-name=j --wait=false
    expect:
      - object: job/j
        path: status.terminating
        equals: 1
  - advance: 35s
    expect:
      - object: job/j
        path: status.failed
        equals: 1
      - object: job/j
        path: status.terminating
        equals: 0
      - pods: { selector: job-name=j, phase: Running, count: 1 }
`;
  const creates = (t: Trace): number[] => t.events.filter((e) => e.type === 'request' && e.from === 'job-controller' && e.summary.startsWith('POST pods')).map((e) => e.t);
  const failedAt = (t: Trace): number => t.events.find((e) => e.type === 'request' && e.from === 'kubelet@worker-1' && /^PATCH pods\/status j-\w+ Failed/.test(e.summary))!.t;

  it('Failed: the replacement pod is created only once the deleted pod is Failed (SIGKILL after 20 s)', () => {
    const t = run(job('Failed'));
    expect(failed(t)).toEqual([]);
    const [, replacement] = creates(t);
    expect(replacement).toBeGreaterThan(failedAt(t));
  });

  it('TerminatingOrFailed: the replacement pod is created while the deleted one still terminates', () => {
    const t = run(job('TerminatingOrFailed'));
    expect(failed(t)).toEqual([]);
    const [, replacement] = creates(t);
    expect(replacement).toBeLessThan(failedAt(t));
  });
});

describe('kube-proxy during termination (KEP-1669: ready endpoints first, serving-terminating ones only when none is ready)', () => {
  const text = (deleteBoth: boolean): string => `kubescene: v1
name: t
cluster:
  kubernetes: "1.31"
  nodes:
    - { name: worker-1, images: ["busybox:1.36", "nginx:1.27"] }
files:
  pods.yaml:
    apiVersion: v1
    kind: List
    items:
${['a', 'b'].map((n) => pod({ name: n, preStop: '{ sleep: { seconds: 20 } }' })).join('')}      - apiVersion: v1
        kind: Pod
        metadata: { name: client }
        spec:
          containers:
            - { name: main, image: "busybox:1.36", command: [sleep, "3600"] }
  svc.yaml:
    apiVersion: v1
    kind: Service
    metadata: { name: svc }
    spec:
      selector: { app: a }
      ports: [{ port: 80, targetPort: 80 }]
steps:
  - kubectl: apply -f pods.yaml -f svc.yaml
  - kubectl: wait --for=condition=ready pod --all --timeout=60s
  - kubectl: delete pod ${deleteBoth ? 'a b' : 'a'} --wait=false
  - traffic: { from: pod/client, to: service/svc, port: 80, count: 6 }
`;
  const delivered = (t: Trace): string[] => [...new Set(t.events.filter((e) => e.step === 4 && e.summary.includes('deliver') && e.to.startsWith('pod:default/')).map((e) => e.to))].sort();

  it('one pod terminating (its preStop hook still running): new connections go to the ready one only', () => {
    const t = run(text(false));
    expect(failed(t)).toEqual([]);
    expect(delivered(t)).toEqual(['pod:default/b']);
  });

  it('every pod terminating but still serving: the terminating endpoints take the traffic', () => {
    const t = run(text(true));
    expect(failed(t)).toEqual([]);
    expect(delivered(t)).toEqual(['pod:default/a', 'pod:default/b']);
  });
});
