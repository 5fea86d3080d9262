import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layout, layoutJson } from '../../src/layout/index.ts';
import { readTrace } from '../../src/trace/io.ts';
import { loadScenarioOnce, simulateOnce } from '../helpers/library.ts';
import { layoutOnce } from '../helpers/layouts.ts';
import { buildView } from '../../src/views/index.ts';
import { VIEW_KINDS, type View } from '../../src/views/types.ts';
import { allProblems, childrenOutside, edgeLabelsCovering, edgesCrossingOutsideCluster, labelsOverflow, outsideCanvas, siblingOverlaps } from './check.ts';
import { architecture, flowchart, sequence } from './fixtures.ts';
import type { LaidEdge, LaidNode, LaidOut } from '../../src/layout/types.ts';

const TRACE_DIR = 'test/fixtures/traces';
const traceFiles = readdirSync(TRACE_DIR).filter((f) => f.endsWith('.trace.json')).sort();

function traceViews(file: string): View[] {
  const read = readTrace(readFileSync(`${TRACE_DIR}/${file}`, 'utf8'), file);
  if (!read.ok) throw new Error(`fixture ${file} does not read`);
  return VIEW_KINDS.map((kind) => buildView(read.value, kind));
}

const handMade: [string, View][] = [
  ['architecture', architecture],
  ['flowchart', flowchart],
  ['sequence', sequence],
];

describe('layout of hand-made views', () => {
  for (const [name, view] of handMade) {
    it(`${name}: geometry invariants hold`, async () => {
      const laid = await layout(view);
      expect(siblingOverlaps(laid)).toEqual([]);
      expect(childrenOutside(laid)).toEqual([]);
      expect(labelsOverflow(laid)).toEqual([]);
      expect(edgeLabelsCovering(laid)).toEqual([]);
      expect(outsideCanvas(laid)).toEqual([]);
    });

    it(`${name}: layout golden`, async () => {
      await expect(layoutJson(await layout(view))).toMatchFileSnapshot(`__golden__/${name}.layout.json`);
    });
  }

  it('is deterministic', async () => {
    for (const [, view] of handMade) expect(layoutJson(await layout(view))).toBe(layoutJson(await layout(view)));
  });

  it('puts every node and edge of the view into the layout', async () => {
    const laid = await layout(architecture);
    for (const n of architecture.nodes) expect(laid.nodes.some((l) => l.id === n.id)).toBe(true);
    for (const e of architecture.edges) {
      const l = laid.edges.find((x) => x.id === e.id);
      expect(l?.points.length).toBeGreaterThanOrEqual(2);
      expect(l?.label).toBeDefined();
    }
    expect(laid.nodes.filter((n) => n.kind === 'legend-entry').map((n) => n.number)).toEqual(architecture.legend.map((l) => l.number));
  });

  it('draws parallel numbered edges on one route with side-by-side badges', async () => {
    const view = {
      ...architecture,
      edges: [
        ...architecture.edges,
        { id: 'e8', from: 'apiserver', to: 'etcd', number: 8, label: 'txn put /registry/pods', emphasis: 'normal' as const, steps: [2], events: [] },
      ],
    };
    const laid = await layout(view);
    const e2 = laid.edges.find((e) => e.id === 'e2')!;
    const e8 = laid.edges.find((e) => e.id === 'e8')!;
    expect(e8.points).toEqual(e2.points);
    expect(e8.label!.y).toBe(e2.label!.y);
    expect(e8.label!.x).toBeGreaterThan(e2.label!.x);
    expect(allProblems(laid)).toEqual([]);
  });

  it('wraps or ellipsizes very long labels instead of clipping them', async () => {
    const long = 'a-really-long-component-name-that-never-ends-'.repeat(6);
    const view = { ...architecture, nodes: architecture.nodes.map((n) => (n.id === 'etcd' ? { ...n, label: long, sublabel: long } : n)) };
    const laid = await layout(view);
    const etcd = laid.nodes.find((n) => n.id === 'etcd')!;
    expect(etcd.label.lines!.length).toBeLessThanOrEqual(3);
    expect(etcd.label.lines!.at(-1)!.endsWith('…')).toBe(true);
    expect(labelsOverflow(laid)).toEqual([]);
  });

  it('keeps sequence columns apart far enough for their message labels', async () => {
    const laid = await layout(sequence);
    const parts = laid.nodes.filter((n) => n.kind === 'participant');
    for (let i = 1; i < parts.length; i++) expect(parts[i]!.x).toBeGreaterThan(parts[i - 1]!.x + parts[i - 1]!.width);
    const labels = laid.edges.map((e) => e.label!).filter(Boolean);
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        const a = labels[i]!;
        const b = labels[j]!;
        const apart = a.y + a.height <= b.y + 0.5 || b.y + b.height <= a.y + 0.5 || a.x + a.width <= b.x || b.x + b.width <= a.x;
        expect(apart, `${a.text} / ${b.text}`).toBe(true);
      }
    }
  });
});

describe('layout of the fixture traces', () => {
  for (const file of traceFiles) {
    it(`${file}: every view satisfies the geometry invariants`, async () => {
      for (const view of traceViews(file)) {
        const laid = await layoutOnce(view);
        expect(allProblems(laid), `${file} ${view.kind}`).toEqual([]);
      }
    });
  }
});

describe('layout of the scenario library', () => {
  const scenarioFiles = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort();
  for (const file of scenarioFiles) {
    it(`${file}: every view satisfies the geometry invariants`, async () => {
      const loaded = await loadScenarioOnce(`scenarios/${file}`);
      if (!loaded.ok) return; // an invalid scenario has no pictures; `validate` reports it
      const trace = await simulateOnce(`scenarios/${file}`);
      for (const kind of VIEW_KINDS) {
        const laid = await layoutOnce(buildView(trace, kind));
        expect(allProblems(laid), `${file} ${kind}`).toEqual([]);
      }
    });
  }
});

describe('the geometry checks', () => {
  it('catch overlapping siblings, escaping children, overflowing text and covered boxes', async () => {
    const laid = await layout(architecture);
    const etcd = laid.nodes.find((n) => n.id === 'etcd')!;
    const api = laid.nodes.find((n) => n.id === 'apiserver')!;
    const moved = { ...laid, nodes: laid.nodes.map((n) => (n.id === 'etcd' ? { ...n, x: api.x + 5, y: api.y + 5 } : n)) };
    expect(siblingOverlaps(moved)).toContain('apiserver overlaps etcd');
    const escaped = { ...laid, nodes: laid.nodes.map((n) => (n.id === 'etcd' ? { ...n, x: -500 } : n)) };
    expect(childrenOutside(escaped)).toContain('etcd not inside cp with padding');
    expect(outsideCanvas(escaped)).toContain('etcd outside the canvas');
    const squeezed = { ...laid, nodes: laid.nodes.map((n) => (n.id === 'etcd' ? { ...n, label: { ...etcd.label, width: 5 } } : n)) };
    expect(labelsOverflow(squeezed).join()).toMatch(/etcd: "etcd" is/);
    const e1 = laid.edges.find((e) => e.id === 'e1')!;
    const covering = { ...laid, edges: laid.edges.map((e) => (e.id === 'e2' ? { ...e, label: { ...e1.label!, x: etcd.x - 100 + 110, y: etcd.y + 5 } } : e)) };
    expect(edgeLabelsCovering(covering).length).toBe(0); // its own end: allowed
    const foreign = { ...laid, edges: laid.edges.map((e) => (e.id === 'e1' ? { ...e, label: { ...e1.label!, x: etcd.x + 10, y: etcd.y + 5 } } : e)) };
    expect(edgeLabelsCovering(foreign)).toContain('label of e1 covers etcd');
  });

  it('catch two edges crossing outside the cluster box, not inside it', () => {
    const box = (id: string, parent: string | null, x: number, y: number, width: number, height: number): LaidNode => ({ id, parent, kind: parent === null && id === 'cluster' ? 'group' : 'component', x, y, width, height, label: { text: id, x, y, width: 10, height: 10 }, emphasis: 'normal', steps: [] });
    const edge = (id: string, from: string, to: string, points: [number, number][]): LaidEdge => ({ id, from, to, points: points.map(([x, y]) => ({ x, y })), emphasis: 'normal', arrow: 'plain', steps: [] });
    const nodes = [box('kubectl', null, 100, 0, 100, 40), box('registry', null, 300, 0, 100, 40), box('cluster', null, 0, 100, 600, 400), box('api', 'cluster', 100, 150, 100, 40), box('kubelet', 'cluster', 400, 400, 100, 40)];
    // kubectl straight down to the API server; the pull from the kubelet goes round the left and crosses it above the cluster.
    const pull = edge('pull', 'kubelet', 'registry', [[450, 400], [450, 380], [20, 380], [20, 60], [350, 60], [350, 40]]);
    const apply = edge('apply', 'kubectl', 'api', [[150, 40], [150, 150]]);
    const laid: LaidOut = { view: 'architecture', title: 't', width: 600, height: 500, nodes, edges: [apply, pull], steps: [] };
    expect(edgesCrossingOutsideCluster(laid)).toEqual(['apply crosses pull outside the cluster']);
    // Round the right instead: no crossing.
    const right = edge('pull', 'kubelet', 'registry', [[450, 400], [450, 380], [580, 380], [580, 60], [350, 60], [350, 40]]);
    expect(edgesCrossingOutsideCluster({ ...laid, edges: [apply, right] })).toEqual([]);
    // The same crossing inside the cluster box is not counted (watches fanning out to every node).
    const inside = edge('watch', 'api', 'kubelet', [[120, 190], [120, 300], [450, 300], [450, 400]]);
    const across = edge('other', 'kubectl', 'kubelet', [[180, 40], [180, 250], [300, 250], [300, 350], [480, 350], [480, 400]]);
    expect(edgesCrossingOutsideCluster({ ...laid, edges: [inside, across] })).toEqual([]);
  });
});
