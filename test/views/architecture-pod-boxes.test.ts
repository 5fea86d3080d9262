/**
 * A worker's box of several Pods at summary (views/architecture/nodes.ts
 * foldNode) — gallery review D23, D24, D31:
 * - red only when all its Pods failed: job-cronjob's workers held 5 Pods of
 *   which 2 or 3 had Completed, and the whole box was red (D24);
 * - its states in whole counts: the box offers the layout shorter sublabels
 *   with whole counts left out (`+1 more`), which it takes when the full one
 *   would be shortened in its middle (layout/graph-prepare.ts wholeSublabel;
 *   configmap-secret read `· 2 … 1 ContainerCreating`, D31), the failed and
 *   waiting states first, so what went wrong is what stays;
 * - one workload per CronJob, not one per run (`hello`, not
 *   `hello-28928165, hello-28928163-vvjmn`);
 * - Pods on no node are a box that says so (`2 Pods not scheduled`), not a
 *   `2 Pods` box that stood in the workers' row as if they ran there (D23);
 * - names and states pair up: a box's names share one state, or its status
 *   says the state of each (`db, node-agent · 2 Running; web · 1 deleted`), and a
 *   Pod that went through a failure says so (D45, D49);
 * - a deleted Pod's box apart from its node's live Pods gets edges of its
 *   own: the kubelet's probes of the live Pods do not end on it (edges.ts);
 * - a box of one Pod says its workload like the others (`web` · `Running`,
 *   not `web-766486c5b6-jxl9j`), its own name only where that is who it is: a
 *   StatefulSet's ordinal (`web-0`), a bare Pod (`client`), a traffic end
 *   (the Pod a Service's packet reached, with its IP) (D88).
 */
import { describe, expect, it } from 'vitest';
import { buildView } from '../../src/views/index.ts';
import { wholeSublabel } from '../../src/layout/graph-prepare.ts';
import type { ArchitectureView, GraphNode } from '../../src/views/types.ts';
import { loadScenarioOnce, simulateOnce } from '../helpers/library.ts';
import { generatedSuffixStart } from '../../src/common/generated-names.ts';
import { readdirSync } from 'node:fs';

async function summary(name: string): Promise<ArchitectureView> {
  const loaded = await loadScenarioOnce(`scenarios/${name}.yaml`);
  if (!loaded.ok) throw new Error(`${name} does not load`);
  const steps = loaded.value.diagrams.architecture.steps;
  const view = buildView(await simulateOnce(`scenarios/${name}.yaml`), 'architecture', { ...(steps ? { steps } : {}), detail: 'summary' });
  if (view.kind !== 'architecture') throw new Error('an architecture view');
  return view;
}

/** The boxes of several Pods on a worker. */
function podBoxes(view: ArchitectureView): GraphNode[] {
  return view.nodes.filter((n) => n.id.startsWith('pods:host:'));
}

describe('summary Pods boxes', () => {
  it('job-cronjob: a box of Pods most of which succeeded is not red; its text says what failed', async () => {
    const boxes = podBoxes(await summary('job-cronjob'));
    const mixed = boxes.filter((n) => /\bError\b/.test(n.sublabel ?? '') && /\bCompleted\b/.test(n.sublabel ?? ''));
    expect(mixed.length, boxes.map((n) => `${n.label} · ${n.sublabel}`).join('; ')).toBeGreaterThan(0);
    for (const n of mixed) expect(n.emphasis, `${n.label} · ${n.sublabel}`).not.toBe('danger');
    // Whatever the layout keeps, the failed count stays (the failed first), with the workload that failed when the
    // box holds several (`flaky · 2 Error; batch, hello · 2 Completed; hello · 1 deleted`, D50).
    for (const n of mixed) for (const text of [n.sublabel!, ...(n.shorter ?? [])]) expect(text).toMatch(/^(?:[^·;]* · )?\d+ Error\b/);
  });

  it('job-cronjob: one workload per CronJob, not one per scheduled run', async () => {
    for (const n of podBoxes(await summary('job-cronjob'))) {
      expect(n.sublabel, n.label).toMatch(/\bhello\b/);
      expect(n.sublabel, n.label).not.toMatch(/hello-\d/);
    }
  });

  it('configmap-secret: the Pod the scenario is about says it was CreateContainerConfigError, though Running at the end (D49)', async () => {
    const view = await summary('configmap-secret');
    const pods = view.nodes.filter((n) => n.icon === 'pod');
    const box = pods.find((n) => n.label === 'needs-config' || /\bneeds-config\b/.test(n.sublabel ?? ''));
    expect(box, pods.map((n) => `${n.label} · ${n.sublabel}`).join('; ')).toBeDefined();
    // Whatever the layout keeps of it, the failure stays, with its steps.
    for (const text of [wholeSublabel(box!).sublabel!, ...(box!.shorter ?? [])]) expect(text).toMatch(/CreateContainerConfigError in steps 4–8/);
  });

  it('configmap-secret: a box of Pods in several states pairs each state with its workloads, the waiting first (D50)', async () => {
    const box = podBoxes(await summary('configmap-secret')).find((n) => n.label === '2 Pods');
    expect(box, 'the 2 Pods box').toBeDefined();
    expect(box!.sublabel).toBe('needs-tls · 1 ContainerCreating; web · 1 Running');
    const shown = wholeSublabel(box!).sublabel!;
    expect(shown).toMatch(/^needs-tls · 1 ContainerCreating\b/);
    expect(shown).not.toContain('…');
  });

  it('statefulset: a box of Pods pairs each state with its Pods (D45)', async () => {
    const view = await summary('statefulset');
    const texts = view.nodes.filter((n) => n.icon === 'pod' && n.parent === 'host:worker-2').map((n) => `${n.label} · ${n.sublabel}`);
    expect(texts).toContain('web-0, web-1 · web-0 · Running; web-1 · deleted');
    for (const n of view.nodes.filter((x) => x.icon === 'pod')) expect(n.sublabel, n.label).not.toMatch(/\d+ Running, \d+ deleted/);
  });

  it('drain-pdb: a box of several workloads in several states says which was deleted (D50)', async () => {
    const boxes = podBoxes(await summary('drain-pdb'));
    expect(boxes.map((n) => n.sublabel)).toContain('db, node-agent · 2 Running; web · 1 deleted');
  });

  it('probes: the kubelet’s probes end on the live Pods’ box, not on the box of a failed Pod deleted since', async () => {
    const view = await summary('probes');
    const faint = new Set(view.nodes.filter((n) => n.emphasis === 'faint').map((n) => n.id));
    expect(faint.size).toBeGreaterThan(0);
    const probes = view.edges.filter((e) => e.from.startsWith('kubelet@') && /probe/.test(e.label ?? ''));
    expect(probes.length).toBeGreaterThan(0);
    for (const e of probes) expect(faint.has(e.to), `${e.from} → ${e.to}: ${e.label}`).toBe(false);
  });

  it('no summary box of one Pod is named by a name made up for it: the workload says what it is (D88)', async () => {
    const generated: string[] = [];
    for (const f of readdirSync('scenarios').filter((x) => x.endsWith('.yaml')).sort()) {
      const view = await summary(f.replace(/\.yaml$/, ''));
      // A traffic end (a packet's Pod, with its IP) keeps its name: which Pod the Service chose is the subject.
      const trace = await simulateOnce(`scenarios/${f}`);
      const traffic = new Set(trace.events.filter((e) => e.type === 'packet').flatMap((e) => [e.from, e.to]));
      for (const n of view.nodes) if (n.icon === 'pod' && !traffic.has(n.id) && generatedSuffixStart(n.label) !== undefined) generated.push(`${f}: ${n.label}`);
    }
    expect(generated).toEqual([]);
    const labels = (view: ArchitectureView) => view.nodes.filter((n) => n.icon === 'pod').map((n) => n.label);
    expect(labels(await summary('apply-deployment'))).toContain('web');
    expect(labels(await summary('self-healing'))).toEqual(['web', 'web']);
    expect(labels(await summary('statefulset'))).toEqual(expect.arrayContaining(['web-0', 'web-2']));
    expect(labels(await summary('service-clusterip'))).toEqual(expect.arrayContaining(['client', 'web', 'web-84d7d89658-j2m9n']));
  });

  it('persistent-volumes: the Pending Pods on no node are labelled not scheduled', async () => {
    const view = await summary('persistent-volumes');
    const box = view.nodes.find((n) => n.id === 'pods:cluster');
    expect(box, 'the unscheduled Pods box').toBeDefined();
    expect(box!.label).toBe('2 Pods not scheduled');
    expect(box!.sublabel).toBe('elsewhere, reader · Pending');
  });
});

describe('layout: a sublabel too long for its lines is replaced by a shorter whole one', () => {
  const node: GraphNode = {
    id: 'pods:host:worker-1',
    label: '3 Pods',
    sublabel: 'needs-config, needs-tls, web · 1 ContainerCreating, 2 Running',
    shorter: ['needs-config, needs-tls, web · 1 ContainerCreating +2 more', '1 ContainerCreating, 2 Running', '1 ContainerCreating +2 more'],
    icon: 'pod',
    shape: 'component',
    parent: 'host:worker-1',
    emphasis: 'warning',
    steps: [],
  };

  it('takes the first shorter sublabel that fits whole', () => {
    expect(wholeSublabel(node).sublabel).toBe('needs-config, needs-tls, web · 1 ContainerCreating +2 more');
  });

  it('keeps a sublabel that fits', () => {
    const short = { ...node, sublabel: 'web · 1 Running' };
    expect(wholeSublabel(short)).toBe(short);
  });
});
