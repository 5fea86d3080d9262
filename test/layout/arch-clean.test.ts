/**
 * Architecture pictures a reader can follow (issue 9 part 6), on every
 * scenario's architecture view at summary and standard detail:
 * - edgesThroughHeaders: no edge runs through a group's title bar or a state tag;
 * - workersDiffer: the workers stand in name order and are laid out alike;
 * - edgeDetours: no route longer than DETOUR_FACTOR × the Manhattan distance of its ends + DETOUR_MARGIN;
 * - nearParallelEdges: no two edges side by side closer than 5 px;
 * - badgeProblems: no number badge over another, over a box or a box's text, over a label, or off its line
 *   (test/layout/badges.test.ts; before badges.ts placed rows along their line, 95 problems in 22 of these 60 pictures).
 * The checks themselves are tested on hand-made geometry first.
 *
 * Not solved yet (archclean, 2026-12-06), listed in NOT_YET with the most
 * problems allowed and why; every other scenario and level must be clean, and
 * a listed one may not get worse. Before this work (main at b8d0ece), 29 of
 * the 30 scenarios failed at least one check (131 header hits, 36 worker
 * differences, 12 detours, 70 near-parallel pairs).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LaidEdge, LaidNode, LaidOut } from '../../src/layout/types.ts';
import { buildView } from '../../src/views/index.ts';
import { loadScenarioOnce, simulateOnce } from '../helpers/library.ts';
import { layoutOnce } from '../helpers/layouts.ts';
import { DETOUR_MARGIN, badgeProblems, edgeDetours, edgesThroughHeaders, nearParallelEdges, workersDiffer } from './check.ts';

const label = (text: string, x: number, y: number, width: number): LaidNode['label'] => ({ text, x, y, width, height: 17, lines: [text], size: 13, weight: 'semibold', align: 'start' });
const box = (id: string, parent: string | null, kind: string, icon: LaidNode['icon'], x: number, y: number, width: number, height: number): LaidNode => ({ id, parent, kind, icon, x, y, width, height, label: label(id, x + 42, y + 10, 60), emphasis: 'normal', steps: [] });
const edge = (id: string, from: string, to: string, points: [number, number][]): LaidEdge => ({ id, from, to, points: points.map(([x, y]) => ({ x, y })), emphasis: 'normal', arrow: 'plain', steps: [] });
const picture = (nodes: LaidNode[], edges: LaidEdge[]): LaidOut => ({ view: 'architecture', title: 't', width: 1000, height: 1000, nodes, edges, steps: [] });

/** Two workers side by side, each a kubelet over a runtime. */
function workers(): LaidNode[] {
  const out: LaidNode[] = [];
  for (const [i, x] of [[1, 0], [2, 300]] as const) {
    out.push(box(`host:worker-${i}`, 'cluster', 'group', 'node', x, 100, 250, 200));
    out.push(box(`kubelet@worker-${i}`, `host:worker-${i}`, 'component', 'kubelet', x + 12, 150, 200, 50));
    out.push(box(`containerd@worker-${i}`, `host:worker-${i}`, 'component', 'runtime', x + 12, 220, 200, 50));
  }
  return out;
}

describe('the architecture checks', () => {
  it('edgesThroughHeaders: an edge through a group name or a state tag, not one beside it', () => {
    const nodes = workers();
    const through = edge('down', 'api', 'kubelet@worker-1', [[60, 0], [60, 150]]);
    const beside = edge('down', 'api', 'kubelet@worker-1', [[150, 0], [150, 150]]);
    expect(edgesThroughHeaders(picture(nodes, [through]))).toEqual(['down runs through the header of host:worker-1']);
    expect(edgesThroughHeaders(picture(nodes, [beside]))).toEqual([]);
    const tagged = nodes.map((n) => (n.id === 'host:worker-1' ? { ...n, tags: [{ ...label('NotReady', 130, 112, 60), emphasis: 'danger' as const }] } : n));
    expect(edgesThroughHeaders(picture(tagged, [beside]))).toEqual(['down runs through the state tag of host:worker-1']);
  });

  it('workersDiffer: name order, inner order and sizes', () => {
    expect(workersDiffer(picture(workers(), []))).toEqual([]);
    const swapped = workers().map((n) => (n.id === 'host:worker-1' ? { ...n, label: label('worker-3', n.x + 42, n.y + 10, 60) } : n));
    expect(workersDiffer(picture(swapped, [])).join()).toMatch(/stands left of/);
    const turned = workers().map((n) => (n.id === 'containerd@worker-2' ? { ...n, x: 520, y: 150 } : n));
    expect(workersDiffer(picture(turned, []))).toContain('runtime stands right of kubelet in host:worker-2, below in host:worker-1');
    const wider = workers().map((n) => (n.id === 'host:worker-2' ? { ...n, width: 280 } : n));
    expect(workersDiffer(picture(wider, []))).toEqual(['host:worker-2 is 280×200, host:worker-1 holding the same boxes is 250×200']);
  });

  it('edgeDetours: a route round the picture, not one round a box', () => {
    const round = edge('e', 'a', 'b', [[100, 100], [100, 50], [900, 50], [900, 150], [120, 150]]);
    expect(edgeDetours(picture([], [round]))).toEqual(['e runs 1730 px between ends 70 px apart']);
    const aroundBox = edge('e', 'a', 'b', [[100, 100], [100, 80], [300, 80], [300, 120]]);
    expect(edgeDetours(picture([], [aroundBox]))).toEqual([]);
    expect(DETOUR_MARGIN).toBeGreaterThan(0);
  });

  it('nearParallelEdges: two lines 3 px apart, not 8 px apart nor one shared line', () => {
    const a = edge('a', 'x', 'y', [[0, 100], [200, 100]]);
    const near = edge('b', 'p', 'q', [[50, 103], [300, 103]]);
    const far = edge('b', 'p', 'q', [[50, 108], [300, 108]]);
    expect(nearParallelEdges(picture([], [a, near]))).toEqual(['a and b run 3.0 px apart for 150 px']);
    expect(nearParallelEdges(picture([], [a, far]))).toEqual([]);
    expect(nearParallelEdges(picture([], [a, far]), 10)).toHaveLength(1);
  });
});

type Check = 'headers' | 'workers' | 'detours' | 'near' | 'badges';

const WORKERS_WHY = 'workers of a left-to-right (RIGHT) layout: ELK orders the boxes of a layer by the edges of the story (a Service edge into kube-proxy, Pod traffic), so two workers stand their kube-proxy, runtime and CNI plugin differently; needs a shared per-worker template';
/**
 * Issue 9 traffic (archtraffic2/3): the traffic edges (the intruder's dropped connection apart from frontend's,
 * per-workload/node fans) made ELK stand one worker's boxes otherwise. Left to right, each worker's own boxes now keep
 * one order in their layer (layout/graph-elk.ts): network-policy standard 6 → 0 differences, its detour gone. Still:
 * canary-release standard (top-down, 5 on main → 6) and service-clusterip standard (3 → 4: one worker's kube-proxy a layer apart).
 */
const LAYERS_WHY = "the workers' own boxes keep one order within a layer (left to right), but ELK puts one worker's CNI plugin or kube-proxy in another layer than its neighbour's (the traffic edges into it), and top-down the order is not kept; needs a shared per-worker template";
/** Scenario → level → problems allowed per check, and why. */
const NOT_YET: Record<string, { level: 'summary' | 'standard'; allowed: Partial<Record<Check, number>>; why: string }[]> = {
  'architecture-overview': [{ level: 'standard', allowed: { workers: 2 }, why: 'wider than 2400 px drawn as it was (2408): the compact layout that fits (layout/graph.ts MAX_WIDTH) stacks the CNI plugin of worker-1 apart from the other two' }],
  'canary-release': [
    { level: 'summary', allowed: { workers: 1 }, why: WORKERS_WHY },
    { level: 'standard', allowed: { workers: 6 }, why: `${WORKERS_WHY}; ${LAYERS_WHY}` },
  ],
  daemonset: [{ level: 'standard', allowed: { headers: 2, workers: 3 }, why: `kube-controller-manager holds one controller as wide as its header: the API server's edge into it has no track beside the header; ${WORKERS_WHY}` }],
  ingress: [{ level: 'standard', allowed: { workers: 5 }, why: WORKERS_WHY }],
  probes: [{ level: 'standard', allowed: { workers: 4 }, why: WORKERS_WHY }],
  'reapply-idempotent': [{ level: 'standard', allowed: { workers: 2, detours: 2 }, why: `kubelet@worker-1 ↔ API server runs round the control plane; ${WORKERS_WHY}` }],
  'service-clusterip': [{ level: 'standard', allowed: { workers: 4 }, why: LAYERS_WHY }],
  // archdir (arrows point the way the request goes: component → API server): the kubelet → runtime relist edge turned round, and ELK stands worker-1's runtime right-below its kubelet, worker-2's right of it.
  'self-healing': [{ level: 'standard', allowed: { workers: 1 }, why: `${WORKERS_WHY}; since the kubelet → runtime edge points at the runtime (PLEG relist), worker-1 stacks its runtime under the kubelet` }],
  'service-types': [{ level: 'standard', allowed: { workers: 6 }, why: WORKERS_WHY }],
  statefulset: [
    { level: 'summary', allowed: { workers: 1 }, why: WORKERS_WHY },
    { level: 'standard', allowed: { workers: 2 }, why: `${WORKERS_WHY}; archsmall: the three PersistentVolume boxes in the objects group (1 → 2: worker-1 stacks its kubelet and runtime otherwise)` },
  ],
  // archsmall: the CronJob's box in the objects group; ELK routes worker-1's edges round its Pods 6 px lower than worker-2's.
  'job-cronjob': [{ level: 'standard', allowed: { workers: 1 }, why: `${WORKERS_WHY}; since the CronJob box, worker-1 is 6 px taller than worker-2` }],
};

describe('architecture pictures of the scenario library', () => {
  const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort();
  for (const file of files) {
    const name = file.replace(/\.yaml$/, '');
    for (const level of ['summary', 'standard'] as const) {
      it(`${name} at ${level}`, async () => {
        const loaded = await loadScenarioOnce(`scenarios/${file}`);
        if (!loaded.ok) return; // an invalid scenario has no pictures
        const trace = await simulateOnce(`scenarios/${file}`);
        const steps = loaded.value.diagrams.architecture.steps;
        const laid = await layoutOnce(buildView(trace, 'architecture', { ...(steps ? { steps } : {}), detail: level }));
        const found: Record<Check, string[]> = { headers: edgesThroughHeaders(laid), workers: workersDiffer(laid), detours: edgeDetours(laid), near: nearParallelEdges(laid), badges: badgeProblems(laid) };
        const allowed = NOT_YET[name]?.find((n) => n.level === level)?.allowed ?? {};
        for (const [check, problems] of Object.entries(found) as [Check, string[]][]) {
          expect(problems.length, `${name} ${level} ${check}: ${problems.join('; ')}`).toBeLessThanOrEqual(allowed[check] ?? 0);
        }
      });
    }
  }
});
