/**
 * Sidecar containers (KEP-753, SidecarContainers on by default since 1.29):
 * init containers with `restartPolicy: Always`, as the kubelet runs them
 * (pkg/kubelet/kuberuntime/kuberuntime_manager.go computeInitContainerActions,
 * computePodActions; pkg/kubelet/kubelet_pods.go getPhase), as kubectl prints
 * them (pkg/printers/internalversion/printers.go printPod), and a container
 * `restartPolicy` where the API server forbids it
 * (pkg/apis/core/validation/validation.go validateContainers,
 * validateInitContainers).
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/index.ts';
import { resourceForKind } from '../../src/cluster/core/resources.ts';
import { call, cluster } from '../cluster/helpers.ts';
import { podColumns } from '../../src/cluster/kubectl/printers/pods.ts';
import { asPod } from '../../src/cluster/core/typed.ts';
import type { Trace } from '../../src/trace/types.ts';
import type { Obj } from '../../src/cluster/core/object.ts';
import { failed, kubeEvents, run } from './helpers.ts';

const POD = resourceForKind('Pod')!;

function loadErrors(pod: string): string[] {
  const text = `kubescene: v1
name: rp
seed: 0
cluster:
  nodes:
    - { name: worker-1, images: ["nginx:1.27", "busybox:1.36"] }
files:
  pod.yaml:
    - apiVersion: v1
      kind: Pod
      metadata: { name: p }
      spec:
${pod}
steps:
  - kubectl: apply -f pod.yaml
`;
  const r = parseScenario(text, 'test.yaml', () => undefined);
  const diags = r.ok ? r.warnings : r.diagnostics;
  return diags.filter((d) => d.severity === 'error').map((d) => `${d.start?.line}:${d.start?.column} ${d.code} ${d.message}`);
}

describe('a container restartPolicy the API server rejects (validateContainers, validateInitContainers)', () => {
  it.each([
    ['app container: Forbidden', '        containers: [{ name: app, image: "nginx:1.27", restartPolicy: Always }]', ['13:71 invalid-manifest Pod "p": spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers']],
    ['init container Never: Unsupported value', '        initContainers: [{ name: setup, image: "busybox:1.36", restartPolicy: Never }]\n        containers: [{ name: app, image: "nginx:1.27" }]', ['13:79 invalid-manifest Pod "p": spec.initContainers[0].restartPolicy: Unsupported value: "Never": supported values: "Always"']],
    ['init container Always: a sidecar, accepted', '        initContainers: [{ name: proxy, image: "busybox:1.36", restartPolicy: Always }]\n        containers: [{ name: app, image: "nginx:1.27" }]', []],
  ])('%s: located at validate', (_name, pod, want) => {
    expect(loadErrors(pod)).toEqual(want);
  });

  it.each([
    ['app container', { containers: [{ name: 'app', image: 'nginx:1.27', restartPolicy: 'Always' }] }, 'Pod "p" is invalid: spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers'],
    ['init container Never', { initContainers: [{ name: 'setup', image: 'busybox:1.36', restartPolicy: 'Never' }], containers: [{ name: 'app', image: 'nginx:1.27' }] }, 'Pod "p" is invalid: spec.initContainers[0].restartPolicy: Unsupported value: "Never": supported values: "Always"'],
  ])('%s: 422 from the API server', (_name, spec, message) => {
    const c = cluster();
    const res = call(c, { verb: 'create', resource: POD, namespace: 'default', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec } });
    expect(res.status).toBe(422);
    expect(res.message).toBe(message);
  });
});

/** printPod (pkg/printers/internalversion/printers.go): the cases of TestPrintPodWithRestartableInitContainer (printers_test.go). */
describe('kubectl get pods: printPod with restartable init containers', () => {
  const NOW = Date.parse('2025-01-01T00:10:00Z');
  const ago = (s: number) => new Date(NOW - s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const rc = { restartPolicy: 'Always' };
  const pod = (inits: Record<string, unknown>[], initStatuses: Record<string, unknown>[], statuses: Record<string, unknown>[], phase: string, initialized: boolean) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'test' },
    spec: { initContainers: inits, containers: [{ name: 'c' }] },
    status: { phase, initContainerStatuses: initStatuses, containerStatuses: statuses, conditions: [{ type: 'Initialized', status: initialized ? 'True' : 'False' }] },
  });
  const last = (s: number) => ({ lastState: { terminated: { finishedAt: ago(s) } } });
  it.each([
    [
      'the first sidecar running but not started',
      pod([{ name: 'r1', ...rc }, { name: 'r2', ...rc }], [{ name: 'r1', ready: false, restartCount: 3, state: { running: {} }, started: false, ...last(10) }, { name: 'r2', ready: false, state: { waiting: {} }, started: false }], [{ ready: false, restartCount: 0, state: { waiting: {} } }], 'Pending', false),
      ['0/3', 'Init:0/2', '3 (10s ago)'],
    ],
    [
      'the first started, the second running but not started',
      pod([{ name: 'r1', ...rc }, { name: 'r2', ...rc }], [{ name: 'r1', ready: false, restartCount: 3, state: { running: {} }, started: true, ...last(10) }, { name: 'r2', ready: false, state: { running: {} }, started: false }], [{ ready: false, restartCount: 0, state: { waiting: {} } }], 'Pending', false),
      ['0/3', 'Init:1/2', '3 (10s ago)'],
    ],
    [
      'both started, the app container running',
      pod([{ name: 'r1', ...rc }, { name: 'r2', ...rc }], [{ name: 'r1', ready: false, restartCount: 3, state: { running: {} }, started: true, ...last(10) }, { name: 'r2', ready: false, state: { running: {} }, started: true }], [{ ready: true, restartCount: 4, state: { running: {} }, ...last(20) }], 'Running', true),
      ['1/3', 'Running', '7 (10s ago)'],
    ],
    [
      'sidecars stopped with 137 after the app container completed',
      pod([{ name: 'r1', ...rc }, { name: 'r2', ...rc }], [{ name: 'r1', ready: false, restartCount: 3, state: { terminated: { reason: 'Error', exitCode: 137 } }, started: false, ...last(10) }, { name: 'r2', ready: false, state: { terminated: { reason: 'Error', exitCode: 137 } }, started: false }], [{ ready: false, restartCount: 4, state: { terminated: { reason: 'Completed', exitCode: 0 } }, ...last(20) }], 'Succeeded', true),
      ['0/3', 'Completed', '7 (10s ago)'],
    ],
    [
      'a ready sidecar counts in READY',
      pod([{ name: 'r1', ...rc }], [{ name: 'r1', ready: true, restartCount: 0, state: { running: {} }, started: true }], [{ ready: true, restartCount: 0, state: { running: {} } }], 'Running', true),
      ['2/2', 'Running', '0'],
    ],
    [
      'once initialized, restarts of a completed regular init container no longer count',
      pod([{ name: 'setup' }], [{ name: 'setup', ready: true, restartCount: 2, state: { terminated: { reason: 'Completed', exitCode: 0 } }, ...last(30) }], [{ ready: true, restartCount: 1, state: { running: {} }, ...last(20) }], 'Running', true),
      ['1/1', 'Running', '1 (20s ago)'],
    ],
  ])('%s', (_name, p, [ready, status, restarts]) => {
    expect(podColumns(p, NOW)).toEqual({ ready, status, restarts });
  });
});

const CLUSTER = `kubescene: v1
name: sidecar
seed: 0
cluster:
  kubernetes: "1.31"
  nodes:
    - { name: worker-1, images: ["nginx:1.27", "busybox:1.36"] }
`;

function scenario(manifests: string, steps: string): string {
  return `${CLUSTER}files:
  app.yaml:${manifests}
steps:
  - kubectl: apply -f app.yaml
${steps}`;
}

function outputs(t: Trace): string[] {
  return t.steps.filter((s) => s.kind === 'kubectl').map((s) => s.output ?? '');
}

/** The outputs that are not JSON (tables). */
function tables(t: Trace): string[] {
  return outputs(t).filter((o) => !o.startsWith('{'));
}

/** Pod `name` (or the Job's pod `name-…`) as the scenario's last `kubectl get pods -o json` printed it. */
function podOf(t: Trace, name: string) {
  const json = outputs(t).filter((o) => o.startsWith('{')).at(-1) ?? '{"items":[]}';
  const items = (JSON.parse(json) as { items: Obj[] }).items;
  const o = items.find((x) => x.metadata.name === name || x.metadata.name.startsWith(`${name}-`));
  return o ? asPod(o) : undefined;
}

const JSON_STEP = '  - kubectl: get pods -o json\n';

/** The kubelet's Started/Killing events in order, as `reason container`. */
function lifecycle(t: Trace): string[] {
  return t.outcome.kubeEvents.filter((e) => e.reason === 'Started' || e.reason === 'Killing').map((e) => `${e.reason} ${e.message.split(' ').at(-1)}`);
}

const PODYAML = (spec: string, policy = 'Always') => `
    - apiVersion: v1
      kind: Pod
      metadata: { name: p }
      spec:
        restartPolicy: ${policy}
${spec}`;

describe('sidecars in the kubelet (computeInitContainerActions, getPhase)', () => {
  it('start in order; the next init container starts once the sidecar runs, and it keeps running with the app', () => {
    const t = run(scenario(PODYAML(`        initContainers:
          - { name: proxy, image: "nginx:1.27", restartPolicy: Always }
          - { name: setup, image: "busybox:1.36", command: ["true"] }
        containers:
          - { name: app, image: "nginx:1.27" }`), `  - advance: 30s
  - kubectl: get pods
${JSON_STEP}`));
    expect(failed(t)).toEqual([]);
    expect(lifecycle(t)).toEqual(['Started proxy', 'Started setup', 'Started app']);
    expect(tables(t).at(-1)).toMatch(/^p +2\/2 +Running +0 /m);
    const p = podOf(t, 'p')!;
    expect(p.status?.initContainerStatuses?.map((s) => [s.name, Object.keys(s.state ?? {})[0], s.started, s.ready])).toEqual([['proxy', 'running', true, true], ['setup', 'terminated', false, true]]);
    expect(p.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
  });

  it('a startupProbe holds the next init container until it passes (Init:0/2 meanwhile)', () => {
    const t = run(scenario(PODYAML(`        initContainers:
          - name: proxy
            image: busybox:1.36
            restartPolicy: Always
            command: [sh, -c, "sleep 12; touch /tmp/up; sleep infinity"]
            startupProbe: { exec: { command: [cat, /tmp/up] }, periodSeconds: 5, failureThreshold: 10 }
          - { name: setup, image: "busybox:1.36", command: ["true"] }
        containers:
          - { name: app, image: "nginx:1.27" }`), `  - advance: 5s
  - kubectl: get pods
  - advance: 30s
  - kubectl: get pods
`));
    expect(failed(t)).toEqual([]);
    const [, before, after] = tables(t);
    expect(before).toMatch(/^p +0\/2 +Init:0\/2 /m);
    expect(after).toMatch(/^p +2\/2 +Running /m);
    const started = t.events.filter((e) => e.action === 'start-container').map((e) => [e.summary.split(' ')[1], e.t]);
    const setupAt = started.find(([n]) => n === 'setup')![1] as number;
    const proxyAt = started.find(([n]) => n === 'proxy')![1] as number;
    // The probe passes at the first period after the file exists (15 s after the start).
    expect(setupAt - proxyAt).toBeGreaterThanOrEqual(12_000);
  });

  it.each([
    ['Never', 'exit 1'],
    ['OnFailure', 'exit 0'],
  ])('a sidecar that exits is restarted with back-off even under restartPolicy %s (%s)', (policy, exit) => {
    const t = run(scenario(PODYAML(`        initContainers:
          - { name: shipper, image: "busybox:1.36", restartPolicy: Always, command: [sh, -c, "sleep 5; ${exit}"] }
        containers:
          - { name: app, image: "nginx:1.27" }`, policy), `  - advance: 60s
  - kubectl: get pods
${JSON_STEP}`));
    expect(failed(t)).toEqual([]);
    const p = podOf(t, 'p')!;
    const cs = p.status!.initContainerStatuses![0]!;
    expect(cs.restartCount).toBeGreaterThanOrEqual(2);
    expect(p.status!.phase).toBe('Running');
    expect(kubeEvents(t, 'BackOff')[0]).toMatch(/^Back-off restarting failed container shipper in pod p_default/);
    // printPod: a sidecar waiting out its back-off is not started, so the row says Init:CrashLoopBackOff
    // even though the pod is initialized and the app runs (as real kubectl does); RESTARTS counts it.
    expect(tables(t).at(-1)).toMatch(new RegExp(`^p +1/2 +Init:CrashLoopBackOff +${cs.restartCount} \\(`, 'm'));
  });

  it('a sidecar with a failing readinessProbe keeps the pod not Ready (GenerateContainersReadyCondition)', () => {
    const t = run(scenario(PODYAML(`        initContainers:
          - name: proxy
            image: nginx:1.27
            restartPolicy: Always
            readinessProbe: { httpGet: { port: 9901, path: /ready }, periodSeconds: 5 }
        containers:
          - { name: app, image: "nginx:1.27" }`), `  - advance: 30s
  - kubectl: get pods
${JSON_STEP}`));
    expect(failed(t)).toEqual([]);
    expect(tables(t).at(-1)).toMatch(/^p +1\/2 +Running /m);
    const ready = podOf(t, 'p')!.status!.conditions!.find((c) => c.type === 'Ready')!;
    expect([ready.status, ready.message]).toEqual(['False', 'containers with unready status: [proxy]']);
  });

  it.each([
    ['an entrypoint sidecar ends on SIGTERM: the Job completes at once', '{ name: proxy, image: "nginx:1.27", restartPolicy: Always }', 0, 'Completed', 20],
    ['a shell sidecar ignores SIGTERM as PID 1: killed after the grace period (137)', '{ name: proxy, image: "busybox:1.36", restartPolicy: Always, command: [sleep, infinity] }', 137, 'Error', 50],
  ])('%s', (_name, sidecar, code, reason, wait) => {
    const t = run(scenario(`
    - apiVersion: batch/v1
      kind: Job
      metadata: { name: job }
      spec:
        template:
          spec:
            restartPolicy: Never
            initContainers:
              - ${sidecar}
            containers:
              - { name: main, image: "busybox:1.36", command: [sleep, "5"] }`, `  - advance: ${wait}s
  - kubectl: get pods,jobs
    expect:
      - object: job/job
        path: status.succeeded
        equals: 1
${JSON_STEP}`));
    expect(failed(t)).toEqual([]);
    const p = podOf(t, 'job')!;
    expect(p.status!.phase).toBe('Succeeded');
    const term = p.status!.initContainerStatuses![0]!.state!.terminated!;
    expect([term.exitCode, term.reason]).toEqual([code, reason]);
    expect(tables(t).at(-1)).toMatch(/^pod\/job-\S+ +0\/2 +Completed /m);
    expect(lifecycle(t)).toEqual(['Started proxy', 'Started main', 'Killing proxy']);
  });

  it('a shell sidecar keeps the Job running until the grace period has run out', () => {
    const t = run(scenario(`
    - apiVersion: batch/v1
      kind: Job
      metadata: { name: job }
      spec:
        template:
          spec:
            restartPolicy: Never
            initContainers:
              - { name: proxy, image: "busybox:1.36", restartPolicy: Always, command: [sleep, infinity] }
            containers:
              - { name: main, image: "busybox:1.36", command: [sleep, "5"] }`, `  - advance: 20s
  - kubectl: get pods
${JSON_STEP}`));
    expect(tables(t).at(-1)).toMatch(/^job-\S+ +1\/2 +Completed /m);
    expect(podOf(t, 'job')!.status!.phase).toBe('Running');
  });

  it('sidecars stop after the app containers, the last one first (kuberuntime_termination_order.go)', () => {
    const t = run(scenario(PODYAML(`        initContainers:
          - { name: first, image: "nginx:1.27", restartPolicy: Always }
          - { name: second, image: "nginx:1.27", restartPolicy: Always }
        containers:
          - { name: app, image: "busybox:1.36", command: [sleep, "5"] }`, 'Never'), `  - advance: 20s
`));
    expect(lifecycle(t)).toEqual(['Started first', 'Started second', 'Started app', 'Killing second', 'Killing first']);
  });

  it('the pod stays Running until its last sidecar has stopped (getPhase counts running sidecars)', () => {
    const t = run(scenario(PODYAML(`        initContainers:
          - { name: first, image: "busybox:1.36", restartPolicy: Always, command: [sleep, infinity] }
          - { name: second, image: "nginx:1.27", restartPolicy: Always }
        containers:
          - { name: app, image: "busybox:1.36", command: [sleep, "5"] }`, 'Never'), `  - advance: 20s
  - kubectl: get pod p -o jsonpath={.status.phase}
  - advance: 30s
  - kubectl: get pod p -o jsonpath={.status.phase}
`));
    expect(tables(t).slice(1)).toEqual(['Running', 'Succeeded']);
    expect(lifecycle(t)).toEqual(['Started first', 'Started second', 'Started app', 'Killing second', 'Killing first']);
  });

  // computeInitContainerActions (kuberuntime_container.go): a regular init container that failed under
  // restartPolicy Never sets KillPod; the pod is terminal (getPhase: failedInitialization under Never) and
  // SyncTerminatingPod stops the running sidecars. The status manager's mergePodStatus holds the terminal
  // phase back while containers may still run: Failed is reported once the sidecar has stopped.
  it.each([
    ['an entrypoint sidecar ends on SIGTERM (exit 0)', '{ name: proxy, image: "nginx:1.27", restartPolicy: Always }', 0, 'Completed', 5],
    ['a shell sidecar ignores SIGTERM: killed after the grace period (137)', '{ name: proxy, image: "busybox:1.36", restartPolicy: Always, command: [sleep, infinity] }', 137, 'Error', 40],
  ])('an init container failing under restartPolicy Never stops the running sidecar, then the pod is Failed: %s', (_name, sidecar, code, reason, wait) => {
    const t = run(scenario(PODYAML(`        initContainers:
          - ${sidecar}
          - { name: setup, image: "busybox:1.36", command: [sh, -c, "sleep 3; exit 1"] }
        containers:
          - { name: app, image: "nginx:1.27" }`, 'Never'), `  - advance: ${wait}s
  - kubectl: get pods
${JSON_STEP}`));
    expect(failed(t)).toEqual([]);
    expect(lifecycle(t)).toEqual(['Started proxy', 'Started setup', 'Killing proxy']);
    expect(kubeEvents(t, 'Killing')).toEqual(['Stopping container proxy']);
    const p = podOf(t, 'p')!;
    expect(p.status!.phase).toBe('Failed');
    const [proxy, setup] = p.status!.initContainerStatuses!;
    expect([proxy!.state?.terminated?.exitCode, proxy!.state?.terminated?.reason, proxy!.ready, proxy!.started]).toEqual([code, reason, false, false]);
    expect([setup!.state?.terminated?.exitCode, setup!.state?.terminated?.reason]).toEqual([1, 'Error']);
    expect(p.status!.containerStatuses![0]!.state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(tables(t).at(-1)).toMatch(/^p +0\/2 +Init:Error /m);
    // No restart of the stopped sidecar, no app container.
    expect(t.events.filter((e) => e.type === 'action' && e.action === 'start-container').map((e) => e.summary.split(' ')[1])).toEqual(['proxy', 'setup']);
  });

  it('the failed pod stays Pending until its shell sidecar has been killed (mergePodStatus: no terminal phase while containers may run)', () => {
    const t = run(scenario(PODYAML(`        initContainers:
          - { name: proxy, image: "busybox:1.36", restartPolicy: Always, command: [sleep, infinity] }
          - { name: setup, image: "busybox:1.36", command: [sh, -c, "sleep 3; exit 1"] }
        containers:
          - { name: app, image: "nginx:1.27" }`, 'Never'), `  - advance: 10s
  - kubectl: get pod p -o jsonpath={.status.phase}
  - advance: 30s
  - kubectl: get pod p -o jsonpath={.status.phase}
`));
    expect(tables(t).slice(1)).toEqual(['Pending', 'Failed']);
  });

  // A sidecar waiting out its restart back-off has no running container: when the pod is done, killPod
  // (ConvertPodStatusToRunningPod) has nothing of it to stop, and a terminal pod restarts nothing; its status
  // is its last instance's termination.
  it.each([
    ['the app container completes', '          - { name: app, image: "busybox:1.36", command: [sleep, "9"] }', [], 'Succeeded'],
    ['a regular init container fails', '          - { name: app, image: "nginx:1.27" }', ['          - { name: setup, image: "busybox:1.36", command: [sh, -c, "sleep 9; exit 1"] }'], 'Failed'],
  ])('a crash-looping sidecar is not restarted once %s under restartPolicy Never', (_name, app, setup, phase) => {
    const t = run(scenario(PODYAML(`        initContainers:
          - { name: proxy, image: "busybox:1.36", restartPolicy: Always, command: [sh, -c, "sleep 2; exit 1"] }
${setup.map((l) => `${l}\n`).join('')}        containers:
${app}`, 'Never'), `  - advance: 120s
${JSON_STEP}`));
    expect(failed(t)).toEqual([]);
    const starts = t.events.filter((e) => e.type === 'action' && e.action === 'start-container' && e.summary.split(' ')[1] === 'proxy');
    // Started, restarted at once after its first exit, then in back-off (10 s) when the pod is done.
    expect(starts.length).toBe(2);
    expect(kubeEvents(t, 'Killing')).toEqual([]);
    const p = podOf(t, 'p')!;
    expect(p.status!.phase).toBe(phase);
    const proxy = p.status!.initContainerStatuses![0]!;
    expect([proxy.state?.terminated?.exitCode, proxy.state?.terminated?.reason, proxy.restartCount]).toEqual([1, 'Error', 1]);
  });

  it('while a later init container runs, a slow one before it shows Completed and a sidecar running (not its stale or PodInitializing status)', () => {
    const t = run(scenario(PODYAML(`        initContainers:
          - { name: first, image: "busybox:1.36", command: [sleep, "3"] }
          - { name: proxy, image: "nginx:1.27", restartPolicy: Always }
          - { name: second, image: "busybox:1.36", command: [sleep, "30"] }
        containers:
          - { name: app, image: "nginx:1.27" }`), `  - advance: 10s
${JSON_STEP}`));
    const p = podOf(t, 'p')!;
    expect(p.status!.initContainerStatuses!.map((s) => [s.name, Object.keys(s.state ?? {})[0], s.started])).toEqual([['first', 'terminated', false], ['proxy', 'running', true], ['second', 'running', true]]);
  });

  it('deleting the pod stops the app containers, then the sidecars in reverse order', () => {
    const t = run(scenario(PODYAML(`        initContainers:
          - { name: first, image: "nginx:1.27", restartPolicy: Always }
          - { name: second, image: "nginx:1.27", restartPolicy: Always }
        containers:
          - { name: app, image: "nginx:1.27" }`), `  - kubectl: delete pod p
`));
    expect(lifecycle(t)).toEqual(['Started first', 'Started second', 'Started app', 'Killing app', 'Killing second', 'Killing first']);
  });

  it('no ignored-field warning for a sidecar', () => {
    const r = parseScenario(scenario(PODYAML(`        initContainers:
          - { name: proxy, image: "nginx:1.27", restartPolicy: Always }
        containers:
          - { name: app, image: "nginx:1.27" }`), ''), 'test.yaml', () => undefined);
    expect(r.ok && r.warnings.map((d) => d.code)).toEqual([]);
  });
});

describe("the kubelet's one restart back-off (kuberuntime doBackOff, flowcontrol.Backoff keyed by getStableKey)", () => {
  it.each([
    ['an init container', `        initContainers:
          - { name: crash, image: "busybox:1.36", command: [sh, -c, "exit 1"] }
        containers:
          - { name: app, image: "nginx:1.27" }`, 'Init:CrashLoopBackOff'],
    ['an app container', `        containers:
          - { name: crash, image: "busybox:1.36", command: [sh, -c, "exit 1"] }`, 'CrashLoopBackOff'],
    ['a sidecar', `        initContainers:
          - { name: crash, image: "busybox:1.36", restartPolicy: Always, command: [sh, -c, "exit 1"] }
        containers:
          - { name: app, image: "nginx:1.27" }`, 'Init:CrashLoopBackOff'],
  ])('%s: the same delays (10s, 20s, 40s …), and a new pod of the same name starts afresh (its uid is in the key)', (_name, spec, waiting) => {
    const t = run(scenario(PODYAML(spec), `  - advance: 80s
  - kubectl: delete pod p
  - kubectl: apply -f app.yaml
  - advance: 3s
  - kubectl: get pods
`));
    expect(failed(t)).toEqual([]);
    const delays = kubeEvents(t, 'BackOff').map((m) => m);
    expect(delays.length).toBeGreaterThan(0);
    const waits = t.events.filter((e) => e.action === 'backoff-expired').map((e) => e.summary.split(' ')[1]);
    expect(waits.slice(0, 3)).toEqual(['10s', '20s', '40s']);
    // The recreated pod's first failure is restarted at once (no back-off entry for its uid yet).
    const row = tables(t).at(-1)!.split('\n')[1]!;
    expect(row).toMatch(/^p +\d\/\d +\S+ +[1-9]/);
    expect(row).not.toMatch(new RegExp(` ${waiting} +0 `));
  });
});
