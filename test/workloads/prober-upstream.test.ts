/**
 * The kubelet's prober against the cases of Kubernetes' own prober tests
 * (pkg/kubelet/prober/worker_test.go, prober_manager_test.go,
 * results/results_manager_test.go), table-driven. Upstream drives one
 * worker's doProbe by hand with a fake exec prober; here each case runs a
 * pod whose container script makes the probe pass or fail over time
 * (`touch`/`rm` of a file the exec probe `cat`s) and reads the prober's
 * timeline from the trace, in seconds since the container started:
 * probe results (`readiness ok`), what the kubelet wrote to pods/status
 * (`ready`, `not ready`, `started`) and `killing` (Normal Killing event).
 * results_manager_test.go TestUpdates (setting the same result again sends
 * no update) is in every timeline: pods/status is patched once per change
 * of result, never for a repeated one.
 *
 * Successful probes that change nothing are not in the trace (a documented
 * simplification), so a run of successes shows as its last one. Every case
 * starts its probes after initialDelaySeconds ≥ 5: background timers fire
 * only while the scenario lets time pass, so a probe due at once would run
 * when the `advance` step begins, not when the container started.
 *
 * TestDoProbe "Pod deletion" (liveness and startup stop at the
 * deletionTimestamp, readiness probes on until the container stops) runs the
 * prober's workers by hand at the end: in a scenario the model's kubelet
 * stops a deleted pod's containers before time passes, which the trace's
 * probe note says.
 *
 * Not ported, or where the model differs (listed, not fixed):
 * - A readiness probe that keeps failing records Warning Unhealthy on every
 *   failed probe upstream (aggregated as "x N"); the model records up to
 *   failureThreshold of them and then stops probing until the container's
 *   script changes a file (see the trace's simplifications).
 * - TestCleanUp, TestHandleCrash, the results manager's cache and channel
 *   (results_manager_test.go TestCacheOperations) and prober_manager_test's
 *   worker bookkeeping are Go plumbing with nothing to observe in a trace.
 */
import { describe, expect, it } from 'vitest';
import { failed, kubeEvents, run } from './helpers.ts';
import type { Trace } from '../../src/trace/types.ts';
import { call, cluster } from '../cluster/helpers.ts';
import { resourceForKind } from '../../src/cluster/core/resources.ts';
import { asPod, type Container } from '../../src/cluster/core/typed.ts';
import { startProbes, type ProberHost } from '../../src/cluster/components/kubelet/prober.ts';
import { passTime } from '../../src/cluster/components/timers.ts';

const POD = resourceForKind('Pod')!;

function scenarioOf(container: string, advance: string, expects: string): string {
  return `kubescene: v1
name: prober-upstream
cluster:
  kubernetes: "1.31"
  nodes:
    - { name: worker-1, images: ["busybox:1.36"] }
files:
  pod.yaml:
    apiVersion: v1
    kind: Pod
    metadata: { name: p }
    spec:
      containers:
        - name: c
          image: busybox:1.36
${container.trim().replace(/^/gm, '          ')}
steps:
  - kubectl: apply -f pod.yaml
  - advance: ${advance}
${expects ? `    expect:\n${expects.trim().replace(/^/gm, '      ')}\n` : ''}`;
}

/** The prober's timeline: seconds since the first container start, what happened. */
function timeline(t: Trace): string[] {
  const out: string[] = [];
  let t0: number | undefined;
  const rel = (x: number): string => `+${Math.round((x - (t0 ?? x)) / 100) / 10}`;
  for (const e of t.events) {
    const s = e.summary;
    // The first Started is a POST, a repeat the PATCH of its count (client-go's EventCorrelator).
    if (e.type === 'request' && /^(POST|PATCH) events \(Started\)/.test(s)) {
      t0 ??= e.t;
      out.push(`${rel(e.t)} container started`);
    } else if (t0 === undefined) continue;
    else if (e.type === 'response' && e.action?.endsWith('-probe')) out.push(`${rel(e.t)} ${e.action.slice(0, -'-probe'.length)} ${e.result === 'ok' ? 'ok' : 'fail'}`);
    else if (e.type === 'request' && /^PATCH pods\/status p c (ready|not ready|started)$/.test(s)) out.push(`${rel(e.t)} ${s.slice('PATCH pods/status p c '.length)}`);
    else if (e.type === 'request' && /^(POST|PATCH) events \(Killing\)/.test(s)) out.push(`${rel(e.t)} killing`);
  }
  return out;
}

interface Case {
  /** Upstream test the case ports, and what it checks. */
  name: string;
  container: string;
  advance: string;
  timeline: string[];
  /** Scenario `expect` entries checked after the advance. */
  expect?: string;
}

const CASES: Case[] = [
  {
    // Readiness defaults to Failure until the first probe (results.Failure "during initial delay").
    name: 'TestInitialDelay/readiness: no probe before initialDelaySeconds, not ready until the first success',
    container: `
args: [sh, -c, "touch /tmp/ok; sleep 600"]
readinessProbe: { exec: { command: [cat, /tmp/ok] }, initialDelaySeconds: 10, periodSeconds: 10 }`,
    advance: '30s',
    timeline: ['+0 container started', '+10 readiness ok', '+10 ready'],
  },
  {
    // Liveness defaults to Success during the initial delay: no kill before the first probe.
    name: 'TestInitialDelay/liveness: a failing liveness probe is not run before initialDelaySeconds',
    container: `
args: [sh, -c, "sleep 600"]
livenessProbe: { exec: { command: [cat, /tmp/never] }, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 1 }`,
    advance: '11s',
    timeline: ['+0 container started', '+10 liveness fail', '+10 killing', '+11.7 container started'],
  },
  {
    name: 'TestInitialDelay/startup: the startup probe waits initialDelaySeconds too',
    container: `
args: [sh, -c, "touch /tmp/ok; sleep 600"]
startupProbe: { exec: { command: [cat, /tmp/ok] }, initialDelaySeconds: 10, periodSeconds: 10 }`,
    advance: '30s',
    timeline: ['+0 container started', '+10 startup ok', '+10 started'],
  },
  {
    name: 'TestFailureThreshold: readiness stays Success for failureThreshold-1 failures, then Failure',
    container: `
args: [sh, -c, "touch /tmp/ok; sleep 30; rm -f /tmp/ok; sleep 600"]
readinessProbe: { exec: { command: [cat, /tmp/ok] }, initialDelaySeconds: 5, periodSeconds: 5, successThreshold: 1, failureThreshold: 3 }`,
    advance: '60s',
    timeline: ['+0 container started', '+5 readiness ok', '+5 ready', '+30 readiness fail', '+35 readiness fail', '+40 readiness fail', '+40 not ready'],
    expect: `
- pods: { selector: "", phase: Running, ready: false, count: 1 }`,
  },
  {
    // Also: readiness recovers after a failure once successThreshold successes follow.
    name: 'TestSuccessThreshold: Success only after successThreshold successes in a row; one failure (failureThreshold 1) flips it back; it recovers',
    container: `
args: [sh, -c, "sleep 12; touch /tmp/ok; sleep 28; rm -f /tmp/ok; sleep 10; touch /tmp/ok; sleep 600"]
readinessProbe: { exec: { command: [cat, /tmp/ok] }, initialDelaySeconds: 5, periodSeconds: 5, successThreshold: 3, failureThreshold: 1 }`,
    advance: '70s',
    timeline: ['+0 container started', '+5 readiness fail', '+25 readiness ok', '+25 ready', '+40 readiness fail', '+40 not ready', '+60 readiness ok', '+60 ready'],
    expect: `
- object: pod/p
  path: status.containerStatuses[0].ready
  equals: true`,
  },
  {
    // After the kill the worker is on hold until a new container (TestOnHoldOnLivenessOrStartupCheckFailure),
    // and resultRun is reset so the restarted container gets failureThreshold attempts again.
    name: 'TestResultRunOnLivenessCheckFailure: liveness kills after failureThreshold failures; the new container gets a fresh count',
    container: `
args: [sh, -c, "touch /tmp/ok; sleep 30; rm -f /tmp/ok; sleep 600"]
livenessProbe: { exec: { command: [cat, /tmp/ok] }, initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 3 }`,
    advance: '90s',
    timeline: [
      '+0 container started', '+30 liveness fail', '+35 liveness fail', '+40 liveness fail', '+40 killing',
      '+41.7 container started', '+71.7 liveness fail', '+76.7 liveness fail', '+81.7 liveness fail', '+81.7 killing',
    ],
    expect: `
- event: { reason: Killing, object: pod/p, message: "Container c failed liveness probe, will be restarted" }
- object: pod/p
  path: status.containerStatuses[0].restartCount
  equals: 1`,
  },
  {
    name: 'TestStartupProbeFailureThreshold: the startup probe kills after failureThreshold failures',
    container: `
args: [sh, -c, "sleep 600"]
startupProbe: { exec: { command: [cat, /tmp/started] }, initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 3 }`,
    advance: '16s',
    timeline: ['+0 container started', '+5 startup fail', '+10 startup fail', '+15 startup fail', '+15 killing', '+16.7 container started'],
    expect: `
- event: { reason: Killing, object: pod/p, message: "Container c failed startup probe, will be restarted" }`,
  },
  {
    // TestStartupProbeSuccessThreshold / TestStartupProbeDisabledByStarted: once started, the startup probe no longer runs
    // (the file disappearing later fails nothing); without a readiness probe the container is ready once started
    // (prober_manager_test TestUpdatePodStatus).
    name: 'TestStartupProbeDisabledByStarted: no startup probe after success; no readiness probe → ready when started',
    container: `
args: [sh, -c, "sleep 7; touch /tmp/started; sleep 10; rm -f /tmp/started; sleep 600"]
startupProbe: { exec: { command: [cat, /tmp/started] }, initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 3 }`,
    advance: '40s',
    timeline: ['+0 container started', '+5 startup fail', '+10 startup ok', '+10 started'],
    expect: `
- object: pod/p
  path: status.containerStatuses[0].ready
  equals: true`,
  },
  {
    // The liveness probe would fail (and kill, failureThreshold 1) before /tmp/started exists: it is not run until then.
    name: 'TestLivenessProbeDisabledByStarted: liveness and readiness do not run before the startup probe passes',
    container: `
args: [sh, -c, "sleep 20; touch /tmp/started; sleep 600"]
startupProbe: { exec: { command: [cat, /tmp/started] }, initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 10 }
livenessProbe: { exec: { command: [cat, /tmp/started] }, initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 1 }
readinessProbe: { exec: { command: ["true"] }, initialDelaySeconds: 5, periodSeconds: 5 }`,
    advance: '40s',
    timeline: ['+0 container started', '+5 startup fail', '+10 startup fail', '+15 startup fail', '+20 startup ok', '+20 started', '+20 readiness ok', '+20 ready'],
    expect: `
- object: pod/p
  path: status.containerStatuses[0].restartCount
  equals: 0`,
  },
  {
    // Once started, a failing liveness probe counts and kills (TestOnHoldOnLivenessOrStartupCheckFailure's liveness half).
    // worker.go doProbe: the liveness worker ticks all along and skips the probe until the container has started,
    // so its first probe is its next tick after the startup probe passed (+15), not at once (+10).
    name: 'TestLivenessProbeDisabledByStarted: once started, a failing liveness probe counts from its next tick',
    container: `
args: [sh, -c, "sleep 8; touch /tmp/started; sleep 600"]
startupProbe: { exec: { command: [cat, /tmp/started] }, initialDelaySeconds: 5, periodSeconds: 5 }
livenessProbe: { exec: { command: [cat, /tmp/never] }, initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 2 }`,
    advance: '21s',
    timeline: ['+0 container started', '+5 startup fail', '+10 startup ok', '+10 started', '+15 liveness fail', '+20 liveness fail', '+20 killing', '+21.7 container started'],
  },
  {
    // prober_manager.go UpdatePodStatus: once started, a readiness probe that has not succeeded is triggered at once
    // (manualTriggerCh, +10); its next probe is the worker's next tick (+12 on its 4 s ticks), not a period later (+14).
    name: 'TestUpdatePodStatus: readiness runs at once when the startup probe passes, then on its own ticks',
    container: `
args: [sh, -c, "sleep 7; touch /tmp/started; sleep 600"]
startupProbe: { exec: { command: [cat, /tmp/started] }, initialDelaySeconds: 5, periodSeconds: 5 }
readinessProbe: { exec: { command: [cat, /tmp/started] }, periodSeconds: 4, successThreshold: 2 }`,
    advance: '20s',
    timeline: ['+0 container started', '+5 startup fail', '+10 startup ok', '+10 started', '+12 readiness ok', '+12 ready'],
  },
  {
    // No probe of a container that is not running: the worker of the exited instance stops, the restarted one starts afresh
    // (its failure count starts at 0, so no kill after the old instance's two failures).
    name: 'TestDoProbe/container terminated: an exited container is not probed; its restart starts a new count',
    container: `
args: [sh, -c, "sleep 12; exit 1"]
livenessProbe: { exec: { command: [cat, /tmp/never] }, initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 3 }`,
    advance: '24s',
    timeline: ['+0 container started', '+5 liveness fail', '+10 liveness fail', '+13.4 container started', '+18.4 liveness fail', '+23.4 liveness fail'],
  },
];

describe('prober (ported from pkg/kubelet/prober/worker_test.go)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const t = run(scenarioOf(c.container, c.advance, c.expect ?? ''));
    expect(timeline(t)).toEqual(c.timeline);
    expect(failed(t)).toEqual([]);
  });

  it("the trace's probe note states where the prober's timing differs from a real kubelet's", () => {
    const note = run(scenarioOf(CASES[0]!.container, '1s', '')).simplifications.find((s) => s.startsWith('Probes run every periodSeconds'));
    // The ticks: counted from initialDelaySeconds after the start (upstream: from the worker's start).
    expect(note).toContain("a real kubelet's worker ticks from its own start");
    // After startup: liveness at its next tick, readiness at once.
    expect(note).toContain('after a startup probe passes, the liveness probe first runs at its next tick and the readiness probe at once');
    // Deletion: the readiness probe runs on while the containers stop (kubelet/termination.ts; kubernetes#124648).
    expect(note).toContain('When a pod is deleted its liveness and startup probes stop and its readiness probe runs on until the container stops, as in a real kubelet: a terminating pod stays as Ready as its readiness probe says');
  });

  it('prober.go recordContainerEvent: every failed probe up to the verdict is a Warning Unhealthy with the probe output', () => {
    const t = run(scenarioOf(CASES[3]!.container, '60s', ''));
    expect(kubeEvents(t, 'Unhealthy')).toEqual(Array(3).fill("Readiness probe failed: cat: can't open '/tmp/ok': No such file or directory"));
  });
});

/**
 * worker_test.go TestDoProbe "Pod deletion" (kubelet.go SyncTerminatingPod: StopLivenessAndStartup, then
 * killPod, then RemovePod): once the pod is being deleted the liveness and startup workers stop, the
 * readiness worker probes on while the container runs. A scenario cannot show it (the model's kubelet stops
 * a deleted pod's containers before time passes: see the trace's probe note), so the workers run here
 * against a pod no kubelet runs, deleted with its grace period.
 */
describe('prober: a terminating pod (TestDoProbe "Pod deletion")', () => {
  it('liveness and startup stop at the deletionTimestamp; readiness keeps probing and reports not ready', () => {
    const c = cluster(1);
    const container: Container = {
      name: 'c',
      image: 'busybox:1.36',
      args: ['sh', '-c', 'touch /tmp/ok; sleep 12; rm -f /tmp/ok; sleep 600'],
      readinessProbe: { exec: { command: ['cat', '/tmp/ok'] }, periodSeconds: 5, failureThreshold: 1 },
      livenessProbe: { exec: { command: ['cat', '/tmp/never'] }, periodSeconds: 5, failureThreshold: 1 },
    };
    const created = call(c, { verb: 'create', resource: POD, namespace: 'default', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { nodeName: 'elsewhere', containers: [container] } } });
    expect(created.status).toBe(201);
    expect(call(c, { verb: 'delete', resource: POD, namespace: 'default', name: 'p' }).status).toBe(200);
    const pod = asPod(c.w.api.cache.get('Pod', '/registry/pods/default/p')!);
    expect(pod.metadata.deletionTimestamp).toBeDefined();
    const seen: string[] = [];
    const t0 = c.w.clock.now();
    const at = (): string => `+${(c.w.clock.now() - t0) / 1000}`;
    const host: ProberHost = {
      w: c.w,
      id: 'kubelet@elsewhere',
      up: true,
      current: () => true,
      event: (_p, type, reason, message) => seen.push(`${at()} ${type} ${reason} ${message}`),
      setReady: (_p, name, ready) => seen.push(`${at()} ${name} ${ready ? 'ready' : 'not ready'}`),
      setStarted: (_p, name) => seen.push(`${at()} ${name} started`),
      kill: (_p, name, probe) => seen.push(`${at()} kill ${name} (${probe})`),
    };
    startProbes(host, pod, container, 1, t0, 'test');
    passTime(c.w, t0 + 20_000);
    // No liveness probe (it would kill at +0 with failureThreshold 1); readiness passes at +0, fails at +15.
    expect(seen).toEqual(['+0 c ready', "+15 Warning Unhealthy Readiness probe failed: cat: can't open '/tmp/ok': No such file or directory", '+15 c not ready']);
  });
});
