/**
 * Defects found reviewing the gallery's sequence pictures at a docs column's width (the etcd-quorum
 * page's sequence.step-05.svg, drawn at `summary`; gallery review D4 and D11).
 */
import { describe, expect, it } from 'vitest';
import { simulateOnce } from '../helpers/library.ts';
import { buildSequence } from '../../src/views/index.ts';
import { allItems, allMessages } from './helpers.ts';
import type { SequenceLoop, SequenceView } from '../../src/views/types.ts';
import { layoutOnce } from '../helpers/layouts.ts';
import { renderLaidOut } from '../../src/render/index.ts';
import { PAGE, pageText, svgSize } from '../../src/build/fit.ts';
import { allProblems } from '../layout/check.ts';

const root = new URL('../../', import.meta.url).pathname;
const traceOf = (name: string) => simulateOnce(`${root}scenarios/${name}.yaml`, { cwd: root });

describe('etcd-quorum sequence at summary (sequence.step-05.svg)', () => {
  it('a write that loses its quorum is one "quorum ✗" note, not "quorum · quorum ✗"', async () => {
    const view = buildSequence(await traceOf('etcd-quorum'), { steps: [5], detail: 'summary' });
    const notes = allItems(view.items).flatMap((i) => (i.type === 'note' ? [i.text] : []));
    const quorum = notes.find((t) => /quorum/.test(t));
    expect(quorum).toMatch(/^quorum ✗ \(no quorum: 1\/3 members reachable/);
  });

  it('the etcd lane counts members, not replicas', async () => {
    const view = buildSequence(await traceOf('etcd-quorum'), { steps: [5], detail: 'summary' });
    const etcd = view.participants.find((p) => p.label === 'etcd');
    expect(etcd?.sublabel).toBe('3 members');
    expect(view.participants.map((p) => p.sublabel ?? '').join(' ')).not.toMatch(/replicas/);
  });
});

/**
 * Gallery review D4: the traffic step of service-clusterip (sequence.step-04.svg, drawn at
 * `standard`) was 1090 logical px wide, so its text was 9.9 px in a 900-px docs column. A
 * standard picture wider than the column is drawn with narrower lanes when that fits the
 * column (layout/sequence.ts standardLayout), its long labels whole (wrapped, not shortened).
 */
describe('service-clusterip traffic step at standard (sequence.step-04.svg)', () => {
  it('fits a 900-px docs column with text of at least 12 px, no label shortened', async () => {
    const view = buildSequence(await traceOf('service-clusterip'), { steps: [4], detail: 'standard' });
    const laid = await layoutOnce(view);
    const size = svgSize(renderLaidOut(laid, { format: 'svg', theme: 'light' }) as string);
    expect(size.width).toBeLessThanOrEqual(PAGE.shownWidth);
    expect(pageText(size)).toBeGreaterThanOrEqual(PAGE.minText);
    const labels = laid.edges.flatMap((e) => (e.label ? [(e.label.lines ?? [e.label.text]).join(' ')] : []));
    expect(labels.filter((l) => l.includes('…'))).toEqual([]);
    expect(labels.join('\n')).toContain('KUBE-SVC-');
    expect(allProblems(laid)).toEqual([]);
  });
});

/**
 * Gallery review D11: at `summary` (the level the gallery draws rolling-update's and node-failure's
 * focus steps at, as standard fits no slide) every API call between two lanes was one message,
 * "POST/PATCH/PUT/DELETE replicasets, deployments, pods ×14", hiding the rollout's rounds and the
 * eviction. A controller's message now stands for one method on one resource; its alike rounds are
 * one loop `round 1..N` (views/sequence/rounds.ts).
 */
describe('the subject of a focus step is not folded into one label (D11)', () => {
  // The controllers' requests: what the rollout and the eviction are made of.
  const apiLabels = (view: SequenceView): string[] =>
    allItems(view.items).flatMap((i) => (i.type === 'message' && i.from === 'kube-controller-manager' && /^(GET|POST|PUT|PATCH|DELETE)\b/.test(i.label) ? [i.label] : []));

  it('rolling-update step 3: one message per method and resource, the scale-ups and the deletion each shown', async () => {
    const view = buildSequence(await traceOf('rolling-update'), { steps: [3], detail: 'summary' });
    const labels = apiLabels(view);
    for (const l of labels) expect(l, 'one method, one resource').toMatch(/^(GET|POST|PUT|PATCH|DELETE) [a-z/]+( ×\d+)?$/);
    expect(labels).toEqual(expect.arrayContaining(['POST replicasets', 'POST pods ×2', 'PUT replicasets ×2', 'DELETE pods']));
  });

  it('rolling-update step 4: the alike rounds are one loop "round 1..N": scale down, delete, scale up, create', async () => {
    const view = buildSequence(await traceOf('rolling-update'), { steps: [4], detail: 'summary' });
    for (const l of apiLabels(view)) expect(l, 'one method, one resource').toMatch(/^(GET|POST|PUT|PATCH|DELETE) [a-z/]+( ×\d+)?$/);
    const loops = allItems(view.items).filter((i): i is SequenceLoop => i.type === 'loop');
    expect(loops.map((l) => l.label)).toEqual(['round 1..2']);
    const body = apiLabels({ ...view, items: loops[0]!.items });
    expect(body.filter((l) => ['PUT replicasets', 'DELETE pods', 'POST pods'].includes(l))).toEqual(['PUT replicasets', 'DELETE pods', 'PUT replicasets', 'POST pods']);
  });

  it('objects created or changed one each are not rounds: apply-deployment and architecture-overview draw no loop', async () => {
    for (const name of ['apply-deployment', 'architecture-overview']) {
      const view = buildSequence(await traceOf(name), { steps: [1], detail: 'summary' });
      expect(allItems(view.items).filter((i) => i.type === 'loop'), name).toEqual([]);
    }
  });

  it('node-failure step 8: the eviction (DELETE pods) and the replacement (POST pods) are messages of their own', async () => {
    const view = buildSequence(await traceOf('node-failure'), { steps: [8], detail: 'summary' });
    const labels = apiLabels(view);
    for (const l of labels) expect(l, 'one method, one resource').toMatch(/^(GET|POST|PUT|PATCH|DELETE) [a-z/]+( ×\d+)?$/);
    expect(labels.indexOf('DELETE pods')).toBeGreaterThanOrEqual(0);
    expect(labels.indexOf('DELETE pods')).toBeLessThan(labels.indexOf('POST pods'));
  });
});

/**
 * Gallery review D25 and issue 9 item 2: at `summary` kubectl's, the kubelet's and the runtime's
 * hops were still merged per lane pair: drain-pdb's "PATCH/GET/POST nodes, pods ×3" hid the
 * eviction, "stop container, run pod sandbox, … ×5" merged the old Pod's stop with the new one's
 * start, and probes' "stop container, create container, … ×3" came before the "container exit" it
 * causes. Every API call is now one message per method and resource, every runtime call and action
 * one per action, ordered by what happens on each node (views/sequence/order.ts).
 */
describe('kubectl, kubelet and runtime hops at summary: one message per method and resource, or per action (D25)', () => {
  const labelsOf = (view: SequenceView, from: (id: string) => boolean): string[] => allMessages(view.items).flatMap((m) => (from(m.from) ? [m.label] : []));
  const oneKind = /^(?:(GET|POST|PUT|PATCH|DELETE) [a-z/]+|[a-z]+(?: [a-z]+)*)(?: ×\d+)?$/;

  it('drain-pdb step 5: the eviction POST is kubectl’s own message; the kubelet’s status PATCH and DELETE are two', async () => {
    const view = buildSequence(await traceOf('drain-pdb'), { steps: [5], detail: 'summary' });
    const kubectl = labelsOf(view, (id) => id === 'kubectl');
    for (const l of kubectl) expect(l).toMatch(/^(GET|POST|PUT|PATCH|DELETE) [a-z/]+( ×\d+)?$/);
    expect(kubectl).toEqual(['GET nodes', 'GET pods', 'POST pods/eviction']); // worker-1 was cordoned in step 4: kubectl GETs it and sends no PATCH (D101)
    const kubelet = labelsOf(view, (id) => id.startsWith('kubelet@'));
    for (const l of kubelet) expect(l, 'one call per message').toMatch(oneKind);
    expect(kubelet).toEqual(expect.arrayContaining(['stop container', 'run pod sandbox', 'PATCH pods/status ×2', 'DELETE pods']));
  });

  it('probes step 4: the failed probes, then the stop, the exit it causes, the restart', async () => {
    const view = buildSequence(await traceOf('probes'), { steps: [4], detail: 'summary' });
    const labels = allMessages(view.items).map((m) => m.label);
    for (const l of labels) expect(l, 'one call per message').toMatch(oneKind);
    const at = (l: string) => labels.indexOf(l);
    expect(at('liveness probe ×3')).toBe(0);
    expect(at('stop container')).toBeGreaterThan(0);
    expect(at('container exit')).toBeGreaterThan(at('stop container'));
    expect(at('create container')).toBeGreaterThan(at('container exit'));
    expect(at('start container')).toBeGreaterThan(at('create container'));
  });

  it('apply-deployment: the kubelet’s calls in the order each node makes them, apply’s 404 GET left out', async () => {
    const view = buildSequence(await traceOf('apply-deployment'), { steps: [1], detail: 'summary' });
    expect(labelsOf(view, (id) => id === 'kubectl')).toEqual(['POST deployments']);
    const node = allMessages(view.items).flatMap((m) => (m.from.startsWith('kubelet@') || m.from.startsWith('containerd@') ? [m.label.replace(/ ×\d+$/, '')] : []));
    expect(node).toEqual(['run pod sandbox', 'create sandbox', 'pull image', 'create container', 'start container', 'PATCH pods/status']);
  });
});

/**
 * Gallery review D26: configmap-secret's step 5 ("The Pod waits in CreateContainerConfigError") is
 * a `kubectl get pods` whose reply said only "200 OK pods". A read's reply now says what it found,
 * from the state the step left (views/sequence/reads.ts).
 */
describe('a read’s reply says what it found (D26)', () => {
  const replies = (view: SequenceView): string[] => allMessages(view.items).flatMap((m) => (m.to === 'kubectl' && m.arrow === 'reply' ? [m.label] : []));

  it('configmap-secret step 5, at standard and at summary: the Pod in CreateContainerConfigError', async () => {
    const trace = await traceOf('configmap-secret');
    for (const detail of ['standard', 'summary'] as const) {
      expect(replies(buildSequence(trace, { steps: [5], detail })), detail).toEqual(['200 OK · needs-config CreateContainerConfigError, web Running']);
    }
  });

  it('nodes by readiness, objects by status, replicas counted, a failed read left as it is', async () => {
    expect(replies(buildSequence(await traceOf('node-failure'), { steps: [6] }))).toEqual(['200 OK · worker-1 Ready, worker-2 NotReady, worker-3 Ready']);
    expect(replies(buildSequence(await traceOf('ha-control-plane'), { steps: [5] }))).toEqual(['200 OK · web 2/2 ready']);
    expect(replies(buildSequence(await traceOf('self-healing'), { steps: [6] }))).toEqual(['200 OK · web Running ×3']);
    expect(replies(buildSequence(await traceOf('get-pods'), { steps: [3] }))).toEqual(['404 Not Found']);
    expect(replies(buildSequence(await traceOf('namespaces'), { steps: [4] }))).toEqual(['200 OK · no pods']);
  });

  it('a list cut by a selector: the Pods kubectl printed, not every Pod of the namespace', async () => {
    const trace = structuredClone(await traceOf('get-pods'));
    const state = trace.steps[0]!.state!; // step 2 reads what step 1 left
    state.pods.push({ namespace: 'default', name: 'db-0', node: 'worker-1', phase: 'Pending', status: 'Pending', ready: false, owner: 'StatefulSet/db' });
    expect(replies(buildSequence(trace, { steps: [2] }))).toEqual(['200 OK · web Running ×2']);
  });

  it('long findings are shortened by whole phrases', async () => {
    const trace = structuredClone(await traceOf('get-pods'));
    const state = trace.steps[0]!.state!; // step 2 reads what step 1 left
    for (const n of ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot']) state.pods.push({ namespace: 'default', name: `${n}-worker`, node: 'worker-1', phase: 'Pending', status: 'ContainerCreating', ready: false });
    trace.steps[1]!.output = `NAME READY STATUS\n${state.pods.map((p) => `${p.name} 0/1 ${p.status}`).join('\n')}\n`;
    const cache = trace.events.find((e) => e.step === 2 && e.phase === 'watch-cache')!;
    cache.attrs = { ...cache.attrs, items: state.pods.length };
    const [label] = replies(buildSequence(trace, { steps: [2] }));
    expect(label).toMatch(/^200 OK · web Running ×2, alpha-worker ContainerCreating, .*\+\d more$/);
    expect(label!.length).toBeLessThanOrEqual('200 OK · '.length + 56);
  });
});

/**
 * Gallery review D27: network-policy's step 6 drew the red "dropped by NetworkPolicy" arrow ending
 * on the api Pod's lifeline, as if the packet arrived. A packet dropped before the Pod it was sent
 * to is a lost message: it ends in a cross short of the Pod's lifeline, the policy named.
 */
describe('a packet dropped before its Pod ends in a cross short of the lifeline (D27)', () => {
  it('network-policy step 6 at standard and summary: lost, policy named; egress drops (step 7) arrive at the CNI', async () => {
    const trace = await traceOf('network-policy');
    for (const detail of ['standard', 'summary'] as const) {
      const dropped = allMessages(buildSequence(trace, { steps: [6], detail }).items).filter((m) => m.emphasis === 'danger');
      expect(dropped, detail).toHaveLength(1);
      expect(dropped[0]!.lost, detail).toBe(true);
      expect(dropped[0]!.to, detail).toMatch(/^pod:default\/api-/);
      expect(dropped[0]!.label, detail).toMatch(/^dropped (at worker-2 )?by NetworkPolicy (default\/)?api-allow-frontend/);
      const egress = allMessages(buildSequence(trace, { steps: [7], detail }).items).filter((m) => m.emphasis === 'danger');
      expect(egress.length, detail).toBeGreaterThan(0);
      expect(egress.every((m) => m.lost === undefined), detail).toBe(true);
    }
  });

  it('is laid out short of the api lifeline and drawn with a cross, not an arrowhead', async () => {
    const view = buildSequence(await traceOf('network-policy'), { steps: [6] });
    const laid = await layoutOnce(view);
    const edge = laid.edges.find((e) => e.lost === true)!;
    const lifeline = laid.nodes.find((n) => n.kind === 'lifeline' && n.id.includes(edge.to))!;
    const end = edge.points[edge.points.length - 1]!;
    const start = edge.points[0]!;
    expect(Math.sign(lifeline.x - end.x)).toBe(Math.sign(end.x - start.x));
    expect(Math.abs(lifeline.x - end.x)).toBeGreaterThanOrEqual(20);
    const svg = renderLaidOut(laid, { format: 'svg', theme: 'light' }) as string;
    const group = new RegExp(`<g data-id="${edge.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^]*?</g>`).exec(svg)![0];
    expect(group).not.toContain('marker-end');
    expect(allProblems(laid)).toEqual([]);
  });
});

/**
 * Fourth look (session 21), ingress sequence at summary: the 404 of step 6 ("A host no rule matches
 * gets 404") was drawn as "HTTP response", the same words as the 200s of steps 4 and 5, under a note
 * "no rule matches other.example.com/ ✓" whose check mark read as a passed check.
 */
describe('ingress sequence at summary: a reply says what it answered', () => {
  it('HTTP replies name their status; a rule that matches nothing is not ticked', async () => {
    const view = buildSequence(await traceOf('ingress'), { steps: [4, 6], detail: 'summary' });
    const replies = allMessages(view.items).filter((m) => m.to === 'internet').map((m) => `${m.step}: ${m.label}`);
    expect(replies).toEqual(['4: HTTP 200 OK', '6: HTTP 404 Not Found']);
    const notes = allItems(view.items).flatMap((i) => (i.type === 'note' && i.step === 6 ? [i.text] : []));
    expect(notes).toEqual(['no rule matches other.example.com/']);
  });
});

/**
 * Fourth look (session 21), self-healing sequence at summary, step 4 (`kubectl get pods`): the note said the
 * list was served from the watch cache, then an arrow "read from etcd" said the opposite. Kubernetes 1.31
 * serves a list from the cache after asking etcd for its current revision (ConsistentListFromCache), and
 * that range (limit 1) is what the arrow drew.
 */
describe('self-healing sequence at summary: a consistent list asks etcd for its revision only', () => {
  it('the etcd call of a list served from the watch cache is "current revision from etcd"', async () => {
    const view = buildSequence(await traceOf('self-healing'), { steps: [4], detail: 'summary' });
    const toEtcd = allMessages(view.items).filter((m) => m.to === 'etcd').map((m) => m.label);
    expect(toEtcd).toEqual(['current revision from etcd']);
  });
});

describe('what kubectl rollout history read (D70)', () => {
  it('rolling-update step 6: the ReplicaSet list is answered with the revisions kubectl printed, not their ready counts', async () => {
    const trace = await simulateOnce('scenarios/rolling-update.yaml');
    for (const detail of ['summary', 'standard'] as const) {
      const replies = allMessages(buildSequence(trace, { steps: [6], detail }).items).filter((m) => /^200 OK · /.test(m.label));
      expect(replies.map((m) => m.label), detail).toContain('200 OK · revisions 1, 2');
      expect(replies.some((m) => /ready/.test(m.label) && /web-[a-z0-9]{8,}/.test(m.label)), detail).toBe(false);
    }
  });
});
