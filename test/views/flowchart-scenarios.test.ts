/**
 * Each scenario's flowchart is the decision of its focus step, not the
 * scene-setting apply: the step drawn is a focus step (or the one
 * `diagrams.flowchart.step` names), the title is that step's, and the
 * decision is the scenario's subject.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioOnce, simulateOnce } from '../helpers/library.ts';
import { buildFlowchart } from '../../src/views/index.ts';
import { coveredSteps, headingOf } from '../../src/views/flowchart/build.ts';
import { onlyWatches, startLabel } from '../../src/views/flowchart/flow.ts';
import { layout } from '../../src/layout/index.ts';
import { focusSteps } from '../../src/views/common/focus.ts';
import { expectFlowchartInvariants } from './helpers.ts';
import { edgesThroughBoxes } from '../layout/check.ts';
import { crossingCount } from '../../src/layout/crossings.ts';
import { LANE_GAP, runAlong } from '../../src/layout/flowchart-loops.ts';

const dir = new URL('../../scenarios/', import.meta.url);
const names = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

/** The decision each scenario's flowchart shows. `write` (the apply admission tree) only where applying is the subject. */
const EXPECTED: Record<string, string> = {
  'apply-deployment': 'write',
  'architecture-overview': 'write',
  'canary-release': 'service-routing',
  'configmap-secret': 'configuration',
  daemonset: 'daemonset',
  'drain-pdb': 'drain',
  'etcd-quorum': 'etcd-quorum',
  'get-pods': 'read',
  'gitops-sync': 'gitops',
  'ha-control-plane': 'leader-election',
  'hpa-autoscaling': 'hpa',
  ingress: 'ingress',
  'job-cronjob': 'job',
  'internet-egress': 'egress',
  'invalid-manifest': 'write',
  'kubectl-logs-exec': 'logs-exec',
  namespaces: 'namespace-delete',
  'network-policy': 'network-policy',
  'node-failure': 'node-failure',
  'persistent-volumes': 'volume-binding',
  'pod-vs-container': 'pod-sandbox',
  probes: 'liveness-probe',
  'rbac-denied': 'rbac',
  'reapply-idempotent': 'apply-noop',
  'rolling-update': 'rollout',
  'scheduling-constraints': 'scheduling',
  'self-healing': 'self-healing',
  'service-clusterip': 'service-routing',
  'service-types': 'service-routing',
  statefulset: 'statefulset',
};

describe('each scenario flowchart is about its focus step', () => {
  it('covers every scenario', () => expect(names.map((f) => f.replace(/\.yaml$/, ''))).toEqual(Object.keys(EXPECTED).sort()));

  for (const file of names) {
    const name = file.replace(/\.yaml$/, '');
    it(`${name}: ${EXPECTED[name]}`, async () => {
      const loaded = await loadScenarioOnce(new URL(file, dir).pathname, { cwd: new URL('../../', import.meta.url).pathname });
      if (!loaded.ok) throw new Error(`${file}: ${JSON.stringify(loaded)}`);
      const trace = await simulateOnce(new URL(file, dir).pathname, { cwd: new URL('../../', import.meta.url).pathname });
      const chosen = loaded.value.diagrams.flowchart.step;
      const view = buildFlowchart(trace, chosen !== undefined ? { step: chosen } : {});
      const step = trace.steps.find((s) => s.number === view.step)!;
      expect(step, 'a step is drawn').toBeDefined();
      // A focus step, never the scene-setting one.
      expect(step.setup === true, `step ${step.number} is setup`).toBe(false);
      expect(focusSteps(trace)).toContain(step.number);
      if (chosen === undefined) expect(view.step).toBe(trace.steps.find((s) => focusSteps(trace).includes(s.number) && s.events !== null)?.number);
      // The heading names every step the picture draws evidence from (flowchart-scope.test.ts).
      expect(view.title).toBe(headingOf(trace, step, coveredSteps(view, step.number)));
      expect(view.title.includes(`. ${step.title}`)).toBe(true); // … and the focus step's title
      if (coveredSteps(view, step.number).length === 1) expect(view.title).toBe(`${step.number}. ${step.title}`);
      expect(view.decision).toBe(EXPECTED[name]);
      // The apply admission tree only when the drawn step is itself an apply/create.
      if (view.decision === 'write') expect(step.command).toMatch(/^kubectl (apply|create)\b/);
      // The start of the flow is the drawn step's own command, a fault or the time passing in words (flow.ts
      // startLabel); a step that only watches may start from the setup steps right before it, whose work it waits
      // for; an `advance` may name who acts, its command under that.
      const setupBefore: string[] = [];
      for (let n = step.number - 1; n >= 1 && trace.steps[n - 1]?.setup === true; n--) setupBefore.push(startLabel(trace.steps[n - 1]!));
      if (step.kind === 'advance' && view.nodes[0]?.sublabel !== undefined) expect(view.nodes[0]?.sublabel).toBe(step.command);
      else expect([startLabel(step), ...(onlyWatches(step) ? setupBefore : [])]).toContain(view.nodes[0]?.label);
    });
  }
});

/** A library scenario, simulated. */
async function traceOf(file: string) {
  return simulateOnce(new URL(file, dir).pathname, { cwd: new URL('../../', import.meta.url).pathname });
}

/** The flowchart point with that key. */
const nodeOf = (view: ReturnType<typeof buildFlowchart>, key: string) => view.nodes.find((n) => n.id === `fc:${key}`);

/**
 * A loop from a side box back up to a chain point in an earlier row of the snake: out of the box's bottom, into the
 * point by a side, its bottom or its top where no other edge ends (layout/flowchart-loops.ts: round the side of the
 * picture, review D57–D59), orthogonal, through no box, crossing no edge, and no other edge's label on it.
 */
function expectLoopUp(laid: Awaited<ReturnType<typeof layout>>, fromKey: string, toKey: string): void {
  const at = (key: string) => laid.nodes.find((n) => n.id === `fc:${key}`)!;
  const [from, to] = [at(fromKey), at(toKey)];
  const edge = laid.edges.find((e) => e.from === from.id && e.to === to.id)!;
  expect(to.y + to.height).toBeLessThan(from.y);
  expect(edge.points[0]).toEqual({ x: from.x + from.width / 2, y: from.y + from.height });
  const into = edge.points[edge.points.length - 1]!;
  const cx = to.x + to.width / 2;
  const entries = [{ x: cx, y: to.y + to.height }, { x: cx, y: to.y }, { x: to.x, y: to.y + to.height / 2 }, { x: to.x + to.width, y: to.y + to.height / 2 }];
  expect(entries.some((p) => Math.abs(p.x - into.x) < 0.5 && Math.abs(p.y - into.y) < 0.5), `${JSON.stringify(into)} is a side's middle`).toBe(true);
  const others = laid.edges.filter((e) => e !== edge);
  expect(others.filter((o) => [o.points[0]!, o.points[o.points.length - 1]!].some((p) => Math.abs(p.x - into.x) < 0.5 && Math.abs(p.y - into.y) < 0.5)).map((o) => o.id)).toEqual([]);
  expect(others.filter((o) => crossingCount(edge, o) > 0).map((o) => o.id)).toEqual([]);
  for (const [i, p] of edge.points.slice(1).entries()) expect(p.x === edge.points[i]!.x || p.y === edge.points[i]!.y).toBe(true);
  expect(edgesThroughBoxes(laid)).toEqual([]);
  const onIt = laid.edges.flatMap((e) => (e.label ? [e.label] : [])).filter((l) =>
    edge.points.slice(1).some((b, i) => {
      const a = edge.points[i]!;
      return Math.min(a.x, b.x) <= l.x + l.width && l.x <= Math.max(a.x, b.x) && Math.min(a.y, b.y) <= l.y + l.height && l.y <= Math.max(a.y, b.y);
    }),
  );
  expect(onIt.map((l) => l.text)).toEqual([]);
}

describe('probe flowcharts (probes.yaml)', () => {
  const load = () => traceOf('probes.yaml');
  const node = (view: ReturnType<typeof buildFlowchart>, key: string) => nodeOf(view, key)!;

  it('liveness: three failures in a row, the kill and the restart, from the trace', async () => {
    const view = buildFlowchart(await load(), { step: 4 });
    expect(view.decision).toBe('liveness-probe');
    expect(node(view, 'probe').label).toBe('kubelet runs the liveness probe every 5 s');
    expect(node(view, 'probe').sublabel).toBe('exec cat /tmp/healthy in liveness-exec');
    expect(node(view, 'fails').sublabel).toBe("cat: can't open '/tmp/healthy': No such file or directory");
    expect(node(view, 'threshold').sublabel).toBe('3 failures in a row');
    expect(node(view, 'kill').emphasis).toBe('taken');
    expect(node(view, 'kill').sublabel).toBe('Event Killing · StopContainer liveness → exit code 137');
    expect(node(view, 'running').emphasis).toBe('success');
    expect(node(view, 'terminated').emphasis).toBe('faint');
    // No probe passed in this step: the healthy branch is not lit.
    expect(node(view, 'healthy').emphasis).toBe('faint');
  });

  // "probe again next period" was drawn as an end: the kubelet probes again, back to the probe (an earlier row).
  for (const detail of ['summary', 'standard'] as const) {
    it(`liveness (${detail}): "probe again next period" loops back up to the probe, and so does "healthy"`, async () => {
      const view = buildFlowchart(await load(), { step: 4, detail });
      const edge = (from: string) => view.edges.find((e) => e.from === `fc:${from}` && e.to === 'fc:probe');
      expect(edge('again')?.emphasis).toBe('taken');
      expect(edge('healthy')?.dashed).toBe(true);
      expect([node(view, 'again').shape, node(view, 'healthy').shape]).toEqual(['process', 'process']);
      expectLoopUp(await layout(view), 'again', 'probe');
    });
  }

  it('readiness: refused on both Pods, not ready in Endpoints, no restart', async () => {
    const view = buildFlowchart(await load(), { step: 6 });
    expect(view.decision).toBe('readiness-probe');
    expect(node(view, 'probe').sublabel).toBe('HTTP GET :8080/ in 2 Pods');
    expect(node(view, 'fails').sublabel).toBe("connection refused: 10.244.1.3:8080");
    expect(node(view, 'slice').sublabel).toBe('Endpoints web: 0 ready, 2 not ready');
    expect(node(view, 'no-traffic').emphasis).toBe('danger');
    expect(view.nodes.some((n) => /restart/.test(n.label) && n.id !== 'fc:not-ready')).toBe(false);
  });

  it('a step without a failed probe is not a probe flowchart', async () => {
    const view = buildFlowchart(await load(), { step: 1 });
    expect(view.decision).not.toMatch(/probe/);
  });
});

describe('Job and CronJob flowcharts (job-cronjob.yaml)', () => {
  const load = () => traceOf('job-cronjob.yaml');
  const node = nodeOf;

  it('a Job that completes: parallelism and completions as the trace shows them', async () => {
    const view = buildFlowchart(await load(), { step: 2 });
    expect(view.decision).toBe('job');
    expect(node(view, 'needed')!.sublabel).toBe('job/batch: at most 2 at once');
    expect(node(view, 'create')!.sublabel).toMatch(/^3 pods: batch-/);
    expect(node(view, 'exit')!.sublabel).toBe('3 Completed, 0 Error');
    expect(node(view, 'complete')!.emphasis).toBe('success');
    expect(node(view, 'retry')!.emphasis).toBe('faint');
    expect(node(view, 'failed-job')).toBeUndefined();
  });

  // Review D21: "no → start the next pod" was a dead end; the controller creates the next pod.
  it('a Job that completes: "start the next pod" loops back to "create a pod", the wait back to its decision', async () => {
    const view = buildFlowchart(await load(), { step: 2 });
    const edge = (from: string, to: string) => view.edges.find((e) => e.from === `fc:${from}` && e.to === `fc:${to}`);
    expect(edge('more', 'create')?.emphasis).toBe('taken');
    expect(edge('enough', 'needed')?.emphasis).toBe('taken');
    // Every box that is not an end leads on.
    const deadEnds = view.nodes.filter((n) => n.shape !== 'terminal' && !view.edges.some((e) => e.from === n.id)).map((n) => n.id);
    expect(deadEnds).toEqual([]);
    // Laid out, the loop runs under the exits into the bottom of "create a pod", which only loops use, through no box.
    const laid = await layout(view);
    const create = laid.nodes.find((n) => n.id === 'fc:create')!;
    const back = laid.edges.find((e) => e.from === 'fc:more' && e.to === 'fc:create')!;
    expect(back.points[back.points.length - 1]!.y).toBe(create.y + create.height);
    const lowest = Math.max(...laid.nodes.filter((n) => n.id === 'fc:more' || n.id === 'fc:retry').map((n) => n.y + n.height));
    expect(Math.max(...back.points.map((p) => p.y))).toBeGreaterThan(lowest);
    expect(edgesThroughBoxes(laid)).toEqual([]);
    // The failed pod's retry (faint here) runs in a channel of its own and comes into the same bottom beside it, not
    // on top of it (review D58: a faint line over a lit one), crossing it nowhere.
    const retry = laid.edges.find((e) => e.from === 'fc:retry' && e.to === 'fc:create')!;
    expect(retry.points[retry.points.length - 1]!.y).toBe(create.y + create.height);
    expect(Math.abs(retry.points[retry.points.length - 1]!.x - back.points[back.points.length - 1]!.x)).toBeCloseTo(LANE_GAP, 5);
    expect(runAlong(retry.points, back.points)).toBe(false);
    expect(crossingCount(retry, back)).toBe(0);
    expect(laid.edges.filter((e) => e.to === 'fc:create' && e !== back && e !== retry).every((e) => e.points[e.points.length - 1]!.y < create.y + create.height)).toBe(true);
  });

  it('a Job that fails: back-offs, then BackoffLimitExceeded', async () => {
    const view = buildFlowchart(await load(), { step: 5 });
    expect(view.decision).toBe('job');
    expect(node(view, 'exit')!.sublabel).toBe('0 Completed, 3 Error');
    expect(node(view, 'limit')!.sublabel).toBe('3 failed: backoffLimit 2');
    expect(node(view, 'backoff')!.sublabel).toBe('back-off 10s, 20s');
    expect(node(view, 'failed-job')!.emphasis).toBe('danger');
    expect(node(view, 'succeeded')!.emphasis).toBe('faint');
  });

  // A failed pod is replaced after the back-off: the new pod is created again ("create a pod", rows above in the snake).
  for (const detail of ['summary', 'standard', 'full'] as const) {
    it(`a Job that fails (${detail}): "new pod after a back-off" loops back up to "create a pod", through no box`, async () => {
      const view = buildFlowchart(await load(), { step: 5, detail });
      const back = view.edges.find((e) => e.from === 'fc:backoff' && e.to === 'fc:create');
      expect(back?.emphasis).toBe('taken');
      expect(node(view, 'backoff')!.shape).toBe('process');
      expectLoopUp(await layout(view), 'backoff', 'create');
    });
  }

  it('a CronJob: four runs, the two oldest Jobs deleted by the history limit', async () => {
    const view = buildFlowchart(await load(), { step: 7 });
    expect(view.decision).toBe('cronjob');
    expect(node(view, 'due')!.sublabel).toBe('cronjob/hello: 4 runs at 00:02, 00:03, 00:04, 00:05');
    expect(node(view, 'run')!.sublabel).toBe('4 Complete');
    expect(node(view, 'delete')!.sublabel).toMatch(/^hello-\d+, hello-\d+$/);
    expect(node(view, 'kept')!.label).toBe('2 Jobs kept');
    expect(node(view, 'skip')!.emphasis).toBe('faint');
  });
});

describe('Ingress flowchart (ingress.yaml): both outcomes of the host/path match', () => {
  const edgeOf = (view: ReturnType<typeof buildFlowchart>, from: string, to: string) => view.edges.find((e) => e.id === `fc:${from}->fc:${to}`);

  // Step 4 (GET shop.example.com/api/orders) is drawn; step 6 (host other.example.com) is a focus request no
  // rule matches, so ingress-nginx's default backend answers 404: the "no" exit is lit with step 6.
  for (const detail of ['summary', 'standard'] as const) {
    it(`${detail}: the matched path to the Pod and the default backend's 404 are both lit`, async () => {
      const view = buildFlowchart(await traceOf('ingress.yaml'), { step: 4, detail });
      expect(view.decision).toBe('ingress');
      expectFlowchartInvariants(view);
      const exit = nodeOf(view, 'ingress-fail')!;
      expect(exit.label).toBe('default backend: 404');
      expect(exit.emphasis).toBe('danger');
      expect(exit.steps).toEqual([4, 6]);
      expect(nodeOf(view, 'ingress')!.steps).toEqual([4, 6]);
      const no = edgeOf(view, 'ingress', 'ingress-fail')!;
      expect([no.label, no.emphasis, no.dashed ?? false]).toEqual(['no', 'danger', false]);
      expect(no.events.length).toBeGreaterThan(0);
      for (const key of ['start', 'ingress', 'backend', 'deliver']) expect(nodeOf(view, key)!.emphasis, key).toBe('taken');
      expect(nodeOf(view, 'response')!.emphasis).toBe('success');
      expect(exit.sublabel).toBe(detail === 'summary' ? undefined : 'step 6: no rule matches other.example.com/');
    });
  }

  it('the 404 exit stays faint when no focus request takes it (step 6 made setup)', async () => {
    const trace = structuredClone(await traceOf('ingress.yaml'));
    for (const s of trace.steps) if (s.number === 6) s.setup = true;
    const view = buildFlowchart(trace, { step: 4, detail: 'summary' });
    expect(nodeOf(view, 'ingress-fail')!.emphasis).toBe('faint');
    expect(edgeOf(view, 'ingress', 'ingress-fail')!.dashed).toBe(true);
    expect(nodeOf(view, 'ingress')!.steps).toEqual([4]);
  });

  it('a DNS failure of another step does not light the DNS exit (only the scenario’s decision shows both outcomes)', async () => {
    const view = buildFlowchart(await traceOf('network-policy.yaml'), { step: 6 });
    expect(view.decision).toBe('network-policy');
    expect(nodeOf(view, 'dns-fail')!.emphasis).toBe('faint');
    expect(nodeOf(view, 'policy-fail')!.emphasis).toBe('danger');
  });
});

describe('egress flowchart (internet-egress.yaml)', () => {
  it('the DNS decision shows the answer the Pod used, after the search-list names that got NXDOMAIN', async () => {
    const trace = await traceOf('internet-egress.yaml');
    const step = trace.steps.find((s) => s.events !== null && trace.events.slice(s.events.first, s.events.last + 1).some((e) => /^DNS example\.com\. → /.test(e.summary)))!;
    const view = buildFlowchart(trace, { step: step.number, detail: 'standard' });
    const dns = nodeOf(view, 'dns')!;
    expect(dns.emphasis).toBe('taken');
    // example.com has 1 dot, fewer than ndots:5: default.svc.cluster.local, svc.cluster.local and cluster.local are tried first.
    expect(dns.sublabel).toBe('example.com. → 198.51.100.61, after 3 search-list names got NXDOMAIN');
  });
});

describe('loops that repeat until a decision says no', () => {
  const edges = (view: ReturnType<typeof buildFlowchart>) => view.edges.map((e) => `${e.from}->${e.to}${e.label ? ` [${e.label}]` : ''}`);
  it('pod-vs-container: each init container runs to completion, then the check again; "no" starts the app containers', async () => {
    const view = buildFlowchart(await traceOf('pod-vs-container.yaml'), { step: 1 });
    expect(view.decision).toBe('pod-sandbox');
    expect(edges(view)).toEqual(expect.arrayContaining(['fc:init->fc:init-run [yes]', 'fc:init-run->fc:init', 'fc:init->fc:apps [no]']));
    expect(edges(view)).not.toContain('fc:init-run->fc:apps');
  });
  it('namespaces: delete what is inside, then look again; "no" removes the finalizer', async () => {
    const trace = await traceOf('namespaces.yaml');
    const step = trace.steps.find((s) => /delete namespace/.test(s.command))!;
    const view = buildFlowchart(trace, { step: step.number });
    expect(view.decision).toBe('namespace-delete');
    expect(edges(view)).toEqual(expect.arrayContaining(['fc:empty->fc:delete-all [yes]', 'fc:delete-all->fc:empty', 'fc:empty->fc:finalize [no]']));
    expect(edges(view)).not.toContain('fc:delete-all->fc:finalize');
  });
});

describe('rollout flowchart (rolling-update.yaml)', () => {
  const edgeOf = (view: ReturnType<typeof buildFlowchart>, from: string, to: string) => view.edges.find((e) => e.id === `fc:${from}->fc:${to}`);

  // Fourth look (session 21): "all replicas updated & Ready?" had only a "yes": the picture showed one round.
  // Each sync scales within maxSurge / maxUnavailable, then waits for the new Pods before the next round.
  it('rounds: "all replicas updated & Ready?" no → wait for the new Pods → back into the scale step', async () => {
    const view = buildFlowchart(await traceOf('rolling-update.yaml'), { step: 3 });
    expect(view.decision).toBe('rollout');
    expect(edgeOf(view, 'complete', 'wait')!.label).toBe('no');
    expect(edgeOf(view, 'complete', 'done')!.label).toBe('yes');
    const back = edgeOf(view, 'wait', 'scale');
    expect(back, 'wait → scale new up, old down').toBeDefined();
    expect(back!.emphasis).toBe('taken');
    expect(view.nodes.find((n) => n.id === 'fc:scale')!.label).toMatch(/within maxSurge \/ maxUnavailable/);
  });

  it('laid out, the loop enters the scale step by its bottom, which no other edge uses', async () => {
    const view = buildFlowchart(await traceOf('rolling-update.yaml'), { step: 3 });
    const laid = await layout(view);
    const scale = laid.nodes.find((n) => n.id === 'fc:scale')!;
    const back = laid.edges.find((e) => e.from === 'fc:wait' && e.to === 'fc:scale')!;
    const into = back.points[back.points.length - 1]!;
    expect(into.y).toBeCloseTo(scale.y + scale.height, 0);
    const others = laid.edges.filter((e) => e !== back && (e.from === 'fc:scale' || e.to === 'fc:scale')).flatMap((e) => [e.points[0]!, e.points[e.points.length - 1]!]);
    expect(others.some((p) => Math.abs(p.y - (scale.y + scale.height)) < 1)).toBe(false);
  });
});

describe('statefulset flowchart (statefulset.yaml)', () => {
  const edgeOf = (view: ReturnType<typeof buildFlowchart>, from: string, to: string) => view.edges.find((e) => e.id === `fc:${from}->fc:${to}`);

  it('OrderedReady: the wait loops back into "N-1 Running and Ready?", not on into the claim check', async () => {
    const view = buildFlowchart(await traceOf('statefulset.yaml'), {});
    expect(view.decision).toBe('statefulset');
    const back = edgeOf(view, 'wait', 'ready');
    expect(back, 'wait (OrderedReady) → N-1 Running and Ready?').toBeDefined();
    expect(back!.emphasis).toBe('taken');
    expect(edgeOf(view, 'wait', 'claim')).toBeUndefined();
    expect(edgeOf(view, 'ready', 'wait')!.label).toBe('no');
  });

  it('counts the ordered creation run of 3 pods: not the claims (their Events also name a Pod), not the rollout that re-creates web-0 later', async () => {
    const view = buildFlowchart(await traceOf('statefulset.yaml'), {});
    const text = (id: string) => JSON.stringify(view.nodes.find((n) => n.id === `fc:${id}`));
    expect(text('ready')).toContain('OrderedReady: 2 waits for the previous pod');
    expect(text('pod')).toContain('3 pods');
    expect(text('more')).toContain('3 of 3');
    expect(text('done')).toContain('3 pods created in order');
    // The scale-down to 1 (web-2, then web-1) is step 5's decision, not this step's (review D10): faint here.
    expect(view.nodes.find((n) => n.id === 'fc:scale-down')!.emphasis).toBe('faint');
  });
});

describe('review of the gallery flowcharts', () => {
  // get-pods flowchart.svg drew "read from etcd" lit beside "served from watch cache": a list served from the
  // cache asks etcd only for its current revision (range limit 1; apiserver cacher.go GetList →
  // GetCurrentResourceVersionFromStorage), it does not read the Pods from etcd.
  it('get-pods: a list served from the watch cache does not take the etcd branch', async () => {
    const view = buildFlowchart(await traceOf('get-pods.yaml'), { step: 2 });
    expect(nodeOf(view, 'cache-hit')?.emphasis).toBe('taken');
    expect(nodeOf(view, 'cache-hit')?.sublabel).toBe('etcd asked only for its current revision');
    expect(nodeOf(view, 'etcd-read')?.emphasis).toBe('faint');
  });

  it('get-pods: a GET by name is a quorum read of etcd, not served by the cache', async () => {
    const view = buildFlowchart(await traceOf('get-pods.yaml'), { step: 3 });
    expect(nodeOf(view, 'cache-hit')?.emphasis).toBe('faint');
    expect(nodeOf(view, 'etcd-read')?.emphasis).toBe('taken');
  });
});

describe('review: Service DNAT says what it rewrote', () => {
  // service-types flowchart.svg (step 7, LoadBalancer) read "ClusterIP → an endpoint" over
  // "DNAT 192.168.0.10:32477 → …": the cloud load balancer sends to a node's nodePort, not the ClusterIP.
  it('service-types: a LoadBalancer and a NodePort reach the endpoint through a node port', async () => {
    const trace = await traceOf('service-types.yaml');
    for (const step of [6, 7]) {
      const view = buildFlowchart(trace, { step });
      expect(nodeOf(view, 'dnat')?.label, `step ${step}`).toBe('kube-proxy (ipvs): NodePort → an endpoint (DNAT)');
    }
  });

  it('service-clusterip: a Pod calling the Service name is DNATed from the ClusterIP', async () => {
    const view = buildFlowchart(await traceOf('service-clusterip.yaml'), { step: 4 });
    expect(nodeOf(view, 'dnat')?.label).toBe('kube-proxy (iptables): ClusterIP → an endpoint (DNAT)');
  });
});

describe('review: RBAC flowchart labels', () => {
  // rbac-denied flowchart.svg: the untaken box read only "allowed by", as if its label were cut off.
  it('rbac-denied: the untaken allowed box says what would have allowed it', async () => {
    const view = buildFlowchart(await traceOf('rbac-denied.yaml'), { step: 1 });
    expect(nodeOf(view, 'allowed')?.emphasis).toBe('faint');
    expect(nodeOf(view, 'allowed')?.label).toBe('allowed by a binding');
  });
});

describe('review: node-failure flowchart says the taints once', () => {
  // node-failure flowchart.svg: "taint unreachable: NoSchedule, NoExecute" above "unreachable:NoSchedule, unreachable:NoExecute".
  it('node-failure: the taint box names the taints only in its evidence line', async () => {
    const trace = await traceOf('node-failure.yaml');
    const view = buildFlowchart(trace);
    expect(view.decision).toBe('node-failure');
    expect(nodeOf(view, 'taint')?.label).toBe('taint unreachable: NoSchedule, NoExecute');
    expect(nodeOf(view, 'taint')?.sublabel).toBeUndefined();
  });
});

describe('review: etcd-quorum flowchart says the append once', () => {
  // etcd-quorum flowchart.svg (D20): "leader etcd-1 appends the write" above "raft: leader etcd-1 appends put … to its log".
  it('etcd-quorum: the append box names the leader in its label, the entry in its evidence line', async () => {
    // Step 5, the gallery's (`diagrams.flowchart.step`): the write that cannot commit.
    const view = buildFlowchart(await traceOf('etcd-quorum.yaml'), { step: 5 });
    expect(view.decision).toBe('etcd-quorum');
    expect(nodeOf(view, 'append')?.label).toBe('leader etcd-1 appends the write');
    expect(nodeOf(view, 'append')?.sublabel).toBe('put /registry/configmaps/default/flags');
  });
});

describe('review: the node hop counts the connections that stay on the node apart', () => {
  // canary-release flowchart.svg (D22): "to another node 192.168.0.10 → 192.168.0.11" was said of all 20
  // connections, although the client's own node (worker-1) runs endpoints too.
  it('canary-release: N to pods on this node, M to another node, N + M the connections', async () => {
    const trace = await traceOf('canary-release.yaml');
    const view = buildFlowchart(trace, { step: 4 });
    const hop = nodeOf(view, 'hop')!;
    const connections = trace.events.filter((e) => e.step === 4 && /^DNAT/.test(e.summary)).length;
    const counts = /^(\d+) to pods on this node, (\d+) to another node \(192\.168\.0\.10 → 192\.168\.0\.11\)$/.exec(hop.sublabel ?? '');
    expect(counts, hop.sublabel).not.toBeNull();
    expect(Number(counts![1]) + Number(counts![2])).toBe(connections);
    expect(Number(counts![1])).toBe(trace.events.filter((e) => e.step === 4 && e.attrs?.route === 'local bridge').length);
    expect(hop.label).toBe("to the endpoint's node: this one or another");
  });

  it('service-types: one connection to another node keeps its short form', async () => {
    const view = buildFlowchart(await traceOf('service-types.yaml'), { step: 7 });
    expect(nodeOf(view, 'hop')?.label).toBe('to another node');
    expect(nodeOf(view, 'hop')?.sublabel).toBe('192.168.0.10 → 192.168.0.11');
  });
});

describe('review: the image pull, counted on both branches and turned straight down', () => {
  // apply-deployment / architecture-overview flowchart.svg (D17): "skip pull 1× already present" beside "pull image"
  // without a count, and the "image present? yes" turn ran out to the picture's left border and along it.
  for (const [file, pods] of [['apply-deployment.yaml', 3], ['architecture-overview.yaml', 6]] as const) {
    it(`${file}: both branches counted, together every Pod; the turn into "skip pull" stays inside the rows`, async () => {
      const view = buildFlowchart(await traceOf(file));
      const present = /^(\d+)× already present$/.exec(nodeOf(view, 'skip-pull')?.sublabel ?? '');
      const pulled = /^(\d+)× pulled$/.exec(nodeOf(view, 'pull')?.sublabel ?? '');
      expect(present, nodeOf(view, 'skip-pull')?.sublabel).not.toBeNull();
      expect(pulled, nodeOf(view, 'pull')?.sublabel).not.toBeNull();
      expect(Number(present![1]) + Number(pulled![1])).toBe(pods);
      const laid = await layout(view);
      const skip = laid.nodes.find((n) => n.id === 'fc:skip-pull')!;
      const image = laid.nodes.find((n) => n.id === 'fc:image')!;
      const turn = laid.edges.find((e) => e.from === 'fc:image' && e.to === 'fc:skip-pull')!;
      // Never left of both boxes (the gutter along the border); into the box's top when it lies below the diamond,
      // into its side when it lies beside it (architecture-overview's wider start pill, review D62, puts it there).
      expect(Math.min(...turn.points.map((p) => p.x))).toBeGreaterThanOrEqual(Math.min(skip.x, image.x));
      const end = turn.points[turn.points.length - 1]!;
      if (skip.y > image.y + image.height) expect(end.y).toBe(skip.y);
      else expect(end.x === skip.x || end.x === skip.x + skip.width).toBe(true);
      expect(edgesThroughBoxes(laid)).toEqual([]);
    });
  }
});

describe('review: two edges never meet head-on at one point of a box', () => {
  // namespaces flowchart.svg (D16): the loop back from "delete every object inside" came up into the diamond's right
  // corner as the turn from "namespace marked Terminating" came down into it: one line through, two arrowheads.
  // Two edges may end at one point only when one joins the other's last segment (a merge, one arrowhead).
  it.each(names)('%s: edges that end at one point merge, they do not turn there from opposite sides', async (file) => {
    const loaded = await loadScenarioOnce(new URL(file, dir).pathname, { cwd: new URL('../../', import.meta.url).pathname });
    if (!loaded.ok) throw new Error(file);
    const chosen = loaded.value.diagrams.flowchart.step;
    const laid = await layout(buildFlowchart(await traceOf(file), chosen !== undefined ? { step: chosen } : {}));
    const meets: string[] = [];
    for (const a of laid.edges) {
      for (const b of laid.edges) {
        if (a.id >= b.id || a.to !== b.to) continue;
        const [ea, eb] = [a.points[a.points.length - 1]!, b.points[b.points.length - 1]!];
        if (Math.abs(ea.x - eb.x) > 0.5 || Math.abs(ea.y - eb.y) > 0.5) continue;
        const [pa, pb] = [a.points[a.points.length - 2]!, b.points[b.points.length - 2]!];
        // A merge: one edge's last turn lies strictly inside the other's last segment, or both come in along the
        // same last segment (two loops back into one point through one channel: one line, one arrowhead).
        if (Math.abs(pa.x - pb.x) < 0.5 && Math.abs(pa.y - pb.y) < 0.5) continue;
        const inside = (p: { x: number; y: number }, q: { x: number; y: number }) => Math.hypot(p.x - ea.x, p.y - ea.y) < Math.hypot(q.x - ea.x, q.y - ea.y) - 0.5 && Math.abs((p.x - ea.x) * (q.y - ea.y) - (p.y - ea.y) * (q.x - ea.x)) < 0.5;
        if (!inside(pa, pb) && !inside(pb, pa)) meets.push(`${a.id} and ${b.id} at (${ea.x}, ${ea.y})`);
      }
    }
    expect(meets).toEqual([]);
  });

  it('namespaces: the turn from "namespace marked Terminating" comes into the top corner, the loop into the side corner', async () => {
    const trace = await traceOf('namespaces.yaml');
    const step = trace.steps.find((s) => /delete namespace/.test(s.command))!;
    const laid = await layout(buildFlowchart(trace, { step: step.number }));
    const empty = laid.nodes.find((n) => n.id === 'fc:empty')!;
    const end = (from: string) => laid.edges.find((e) => e.from === from && e.to === 'fc:empty')!.points.at(-1)!;
    expect(end('fc:terminating')).toEqual({ x: empty.x + empty.width / 2, y: empty.y });
    expect(end('fc:delete-all').y).toBeCloseTo(empty.y + empty.height / 2, 0);
  });
});

describe('review: ha-control-plane leader election', () => {
  // ha-control-plane flowchart.svg (D15): the start pill read "advance 2s"; the chain wrapped 3 + 1, so the "yes" ran
  // down the gutter beside "stand by" into the green box's side, and the left half of the picture was empty.
  it('the start names who starts (the command is its evidence); "stand by" retries the Lease', async () => {
    const view = buildFlowchart(await traceOf('ha-control-plane.yaml'), { step: 1 });
    expect(view.decision).toBe('leader-election');
    expect(view.nodes[0]?.label).toBe('3 kube-controller-managers and 3 kube-schedulers start');
    expect(view.nodes[0]?.sublabel).toBe('advance 2s');
    expect(view.edges.find((e) => e.from === 'fc:standby' && e.to === 'fc:free')?.emphasis).toBe('taken');
  });

  it('the failover (step 6): the expired Lease is the decision\'s evidence, not a reason to stand by', async () => {
    const view = buildFlowchart(await traceOf('ha-control-plane.yaml'), { step: 6 });
    expect(nodeOf(view, 'free')?.sublabel).toBe('lease of control-plane-1_dbcfe293 not renewed for 15s: expired');
    expect(nodeOf(view, 'standby')?.emphasis).toBe('faint');
    expect(nodeOf(view, 'leader')?.emphasis).toBe('success');
  });

  it('laid out: no row holds one node alone; "yes" leads straight from the diamond into the green box', async () => {
    const view = buildFlowchart(await traceOf('ha-control-plane.yaml'), { step: 1 });
    const laid = await layout(view);
    const mid = (id: string) => { const n = laid.nodes.find((x) => x.id === id)!; return Math.round(n.y + n.height / 2); };
    const rows = new Map<number, number>();
    for (const id of view.chain ?? []) rows.set(mid(id), (rows.get(mid(id)) ?? 0) + 1);
    expect([...rows.values()].every((n) => n >= 2), JSON.stringify([...rows])).toBe(true);
    const yes = laid.edges.find((e) => e.from === 'fc:free' && e.to === 'fc:leader')!;
    expect(yes.points).toHaveLength(2);
    expect(laid.width).toBeGreaterThan(laid.height);
  });
});
