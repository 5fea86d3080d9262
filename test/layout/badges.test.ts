/**
 * Number badges on architecture edges (issue 9 parts 7 and 9): the check
 * (test/layout/check.ts badgeProblems, part of allProblems) on hand-made
 * geometry, and the placement (src/layout/badges.ts placeBadges) on the spot
 * where it used to fail: service-types at summary, whose badge 2 (API server
 * ↔ etcd) lay half under badge 3 (API server ↔ kube-controller-manager).
 * Every scenario's architecture picture at summary and standard is checked
 * by test/layout/arch-clean.test.ts (badges) and, through allProblems, by
 * geometry.test.ts and test/views/slide-fit.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { LaidEdge, LaidNode, LaidOut } from '../../src/layout/types.ts';
import { placeBadges } from '../../src/layout/badges.ts';
import { badgeProblems, badgesBesideLines, badgesOnBorders } from './check.ts';

const label = (text: string, x: number, y: number, width: number): LaidNode['label'] => ({ text, x, y, width, height: 17, lines: [text], size: 13, weight: 'semibold', align: 'start' });
/** A component card as the architecture layout draws it: icon chip at the left, name after it. */
const card = (id: string, x: number, y: number, width: number, height: number): LaidNode => ({ id, parent: 'control-plane', kind: 'component', icon: 'etcd', x, y, width, height, label: label(id, x + 42, y + 16, width - 54), emphasis: 'normal', steps: [] });
const edge = (id: string, from: string, to: string, points: [number, number][], number?: number): LaidEdge => ({ id, from, to, points: points.map(([x, y]) => ({ x, y })), emphasis: 'normal', arrow: 'plain', steps: [], ...(number !== undefined ? { number } : {}) });
const badge = (e: LaidEdge, cx: number, cy: number): LaidEdge => ({ ...e, label: { text: String(e.number), x: cx - 10, y: cy - 10, width: 20, height: 20 } });
const picture = (nodes: LaidNode[], edges: LaidEdge[]): LaidOut => ({ view: 'architecture', title: 't', width: 1200, height: 900, nodes, edges, steps: [] });

/** service-types at summary (main at 2e43a3d), the API server and the two boxes right of it, coordinates as laid out. */
function serviceTypesSummary(): { nodes: LaidNode[]; edges: LaidEdge[] } {
  const nodes = [card('kube-apiserver', 491, 576, 160, 70), card('etcd', 681, 546, 160, 48), card('kube-controller-manager', 681, 602, 215, 48), card('cloud-controller-manager', 681, 660, 215, 48)];
  const edges = [
    edge('etcd<->kube-apiserver', 'etcd', 'kube-apiserver', [[651, 616], [675, 616], [675, 570], [681, 570]], 2),
    edge('kube-apiserver<->kube-controller-manager', 'kube-apiserver', 'kube-controller-manager', [[651, 626], [681, 626]], 3),
    edge('cloud-controller-manager<->kube-apiserver', 'cloud-controller-manager', 'kube-apiserver', [[651, 636], [657, 636], [657, 674], [681, 674]], 5),
  ];
  return { nodes, edges };
}

describe('badgeProblems', () => {
  const { nodes } = serviceTypesSummary();
  const two = edge('etcd<->kube-apiserver', 'etcd', 'kube-apiserver', [[651, 616], [675, 616], [675, 570], [681, 570]], 2);
  const three = edge('kube-apiserver<->kube-controller-manager', 'kube-apiserver', 'kube-controller-manager', [[651, 626], [681, 626]], 3);

  it('finds badge 2 half under badge 3, as main placed them in service-types summary', () => {
    // Labels as main's placeBadges left them: badge 2 at (656, 606), badge 3 at (656, 616).
    const old = picture(nodes, [badge(two, 666, 616), badge(three, 666, 626)]);
    expect(badgeProblems(old)).toEqual(['badge 2 (etcd<->kube-apiserver) overlaps badge 3 (kube-apiserver<->kube-controller-manager)']);
    expect(badgeProblems(picture(nodes, [badge(two, 675, 588), badge(three, 666, 626)]))).toEqual([]);
  });

  it('a badge covers no other box, nor any box’s text or icon (its own ends’ included)', () => {
    expect(badgeProblems(picture(nodes, [badge(three, 656, 626)]))).toEqual([]); // half over its own end's border, clear of its text
    expect(badgeProblems(picture(nodes, [badge(three, 685, 626)]))).toEqual(['badge 3 (kube-apiserver<->kube-controller-manager) covers the text of kube-controller-manager']); // over its icon
    expect(badgeProblems(picture(nodes, [badge(two, 675, 600)]))).toEqual(['badge 2 (etcd<->kube-apiserver) covers kube-controller-manager']);
  });

  it('a badge covers no other edge’s text label', () => {
    const other = { ...edge('x', 'a', 'b', [[600, 700], [700, 700]]), label: { ...label('yes', 660, 600, 30), lines: ['yes'] } };
    expect(badgeProblems(picture(nodes, [badge(three, 666, 626), other]))).toEqual(['badge 3 (kube-apiserver<->kube-controller-manager) covers the label of x']);
  });

  it('a badge sits on its line, or on one it shares by design', () => {
    const down = edge('a->b', 'a', 'b', [[100, 100], [100, 300]], 7);
    const back = edge('b->a', 'b', 'a', [[104, 300], [104, 100]], 8);
    // A row across a vertical line stands beside it (main's rows were always horizontal).
    expect(badgeProblems(picture([], [badge(down, 89, 200), badge(back, 111, 200)]))).toEqual(['badge 7 (a->b) is 11.0 px off its line', 'badge 8 (b->a) is 7.0 px off its line']);
    // Down the line, each badge on one of the pair's lines.
    expect(badgeProblems(picture([], [badge(down, 100, 189), badge(back, 100, 211)]))).toEqual([]);
    // One interaction fanned out from a box: its badge on a fan-mate's line.
    const fanned = edge('a->c', 'a', 'c', [[100, 100], [400, 100]], 7);
    expect(badgeProblems(picture([], [badge(down, 250, 100), fanned]))).toEqual([]);
  });
});

describe('placeBadges', () => {
  it('service-types summary: badge 2 and badge 3 apart, each on its line, over no text', () => {
    const { nodes, edges } = serviceTypesSummary();
    placeBadges(nodes, edges, new Set(edges.map((e) => e.id)));
    expect(badgeProblems(picture(nodes, edges))).toEqual([]);
    expect(edges.every((e) => e.label !== undefined)).toBe(true);
  });

  it('a row of badges runs along a vertical line', () => {
    const nodes = [card('a', 0, 0, 200, 60), card('b', 0, 300, 200, 60)];
    const edges = [edge('a->b', 'a', 'b', [[100, 60], [100, 300]], 7), edge('b->a', 'b', 'a', [[100, 300], [100, 60]], 8)];
    placeBadges(nodes, edges, new Set(edges.map((e) => e.id)));
    const [x7, x8] = edges.map((e) => e.label!.x);
    expect(x7).toBe(x8);
    expect(edges[1]!.label!.y - edges[0]!.label!.y).toBe(22);
    expect(badgeProblems(picture(nodes, edges))).toEqual([]);
  });

  it('two badges on a line shorter than their row: across its middle, one each side, on neither box’s border', () => {
    // job-cronjob standard: kubelet ↔ containerd, 24 px apart.
    const nodes = [card('kubelet', 848, 727, 208, 55), card('containerd', 1080, 719, 208, 80)];
    const edges = [edge('containerd->kubelet', 'containerd', 'kubelet', [[1080, 746], [1056, 746]], 4), edge('kubelet->containerd', 'kubelet', 'containerd', [[1056, 746], [1080, 746]], 12)];
    placeBadges(nodes, edges, new Set(edges.map((e) => e.id)));
    expect(badgeProblems(picture(nodes, edges))).toEqual([]);
    expect(badgesOnBorders(picture(nodes, edges))).toEqual([]);
    expect(edges.map((e) => [e.label!.x + 10, e.label!.y + 10])).toEqual([[1068, 735], [1068, 757]]);
  });

  it('rolling-update summary: the kubelet → Pods pair (24 px apart) across the line, not on the two boxes’ borders', () => {
    const { nodes, edges } = kubeletOverPods();
    placeBadges(nodes, edges, new Set(edges.map((e) => e.id)));
    expect(badgesOnBorders(picture(nodes, edges))).toEqual([]);
    expect(badgeProblems(picture(nodes, edges))).toEqual([]);
    expect(edges.map((e) => [e.label!.x + 10, e.label!.y + 10])).toEqual([[106.5, 550.9], [128.5, 550.9]]);
  });
});

/** rolling-update at summary (main at 03276ee), worker-1's kubelet 24 px over its Pods, the pair 6 (start) and 7 (exit) on one route. */
function kubeletOverPods(): { nodes: LaidNode[]; edges: LaidEdge[] } {
  const nodes = [card('kubelet@worker-1', 55, 483.9, 191, 55), card('pods:host:worker-1', 48, 562.9, 205, 55)];
  const edges = [
    edge('kubelet@worker-1->pods:host:worker-1', 'kubelet@worker-1', 'pods:host:worker-1', [[117.5, 538.9], [117.5, 562.9]], 6),
    edge('pods:host:worker-1->kubelet@worker-1', 'pods:host:worker-1', 'kubelet@worker-1', [[117.5, 562.9], [117.5, 538.9]], 7),
  ];
  return { nodes, edges };
}

/**
 * Gallery review D7: two badges on a short kubelet → Pods line, each on one of the two boxes' borders (before
 * badges.ts stood such a pair across the line, 51 badges on a border in 23 of the 60 slide pictures,
 * test/layout/arch-clean.test.ts).
 */
describe('badgesOnBorders', () => {
  const { nodes, edges } = kubeletOverPods();
  const [six, seven] = edges as [LaidEdge, LaidEdge];

  it('finds the pair main placed along the line, each half over a box', () => {
    // As main's placeBadges left them: centres 1 px below the kubelet's bottom and 1 px above the Pods' top.
    expect(badgesOnBorders(picture(nodes, [badge(six, 117.5, 539.9), badge(seven, 117.5, 561.9)]))).toEqual([
      'badge 6 (kubelet@worker-1->pods:host:worker-1) sits on the border of kubelet@worker-1',
      'badge 7 (pods:host:worker-1->kubelet@worker-1) sits on the border of pods:host:worker-1',
    ]);
  });

  it('a disc just touching a border (up to BORDER_TOUCH over it) or clear of it is fine', () => {
    expect(badgesOnBorders(picture(nodes, [badge(six, 117.5, 538.9 + 9.5)]))).toEqual([]);
    expect(badgesOnBorders(picture(nodes, [badge(six, 117.5, 538.9 + 8.5)]))).toHaveLength(1);
    expect(badgesOnBorders(picture(nodes, [badge(six, 300, 300)]))).toEqual([]);
  });

  it('badgeProblems: a pair across its short route is on its line; across a long one it is not', () => {
    expect(badgeProblems(picture(nodes, [badge(six, 106.5, 550.9), badge(seven, 128.5, 550.9)]))).toEqual([]);
    const far = [card('a', 55, 0, 191, 55), card('b', 48, 300, 205, 55)];
    const down = edge('a->b', 'a', 'b', [[117.5, 55], [117.5, 300]], 6);
    const up = edge('b->a', 'b', 'a', [[117.5, 300], [117.5, 55]], 7);
    expect(badgeProblems(picture(far, [badge(down, 106.5, 180), badge(up, 128.5, 180)]))).toEqual(['badge 6 (a->b) is 11.0 px off its line', 'badge 7 (b->a) is 11.0 px off its line']);
  });
});

/**
 * rbac-denied at summary (borders, 2026-12-07): under kube-apiserver the kubelet's edge and the API server → etcd edge
 * ran 6 px apart for 337 px, and each badge's 10-px disc covered the other line too: which line a number labels was
 * unclear (199 such badges in 44 of the 60 slide pictures; 2 after badges.ts avoided it, test/layout/arch-clean.test.ts).
 */
describe('badges beside another line', () => {
  const own = edge('a->b', 'a', 'b', [[100, 200], [500, 200]], 2);
  it('badgesBesideLines: a parallel line through the disc off its centre, not one clear of it nor one crossing it', () => {
    const beside = edge('c->d', 'c', 'd', [[100, 206], [500, 206]], 5);
    expect(badgesBesideLines(picture([], [badge(own, 300, 200), beside]))).toEqual(["badge 2 of a->b also covers c->d's line beside its own"]);
    const clear = edge('c->d', 'c', 'd', [[100, 212], [500, 212]], 5);
    const across = edge('c->d', 'c', 'd', [[303, 100], [303, 300]], 5);
    const shortOfIt = edge('c->d', 'c', 'd', [[100, 206], [280, 206]], 5);
    expect(badgesBesideLines(picture([], [badge(own, 300, 200), clear, across, shortOfIt]))).toEqual([]);
  });

  it('placeBadges takes a spot on its line where no other line runs beside it', () => {
    // The two edges run 6 px apart from x 100 to 400, then c->d turns down: the clear stretch is x 400-500.
    const a = edge('a->b', 'a', 'b', [[100, 200], [500, 200]], 2);
    const c = edge('c->d', 'c', 'd', [[100, 206], [400, 206], [400, 400]], 5);
    placeBadges([], [a, c], new Set(['a->b']));
    const cx = a.label!.x + a.label!.width / 2;
    expect(cx).toBeGreaterThan(410);
    expect(badgesBesideLines(picture([], [a, c]))).toEqual([]);
    expect(badgeProblems(picture([], [a, c]))).toEqual([]);
  });
});

/**
 * Session 23 (arch, 2026-12-08): a row placed first took the only clean spot of a later one (service-types at summary:
 * badge 3 in the middle of its 42-px line, badge 2 then on etcd's border) — the two placed again together (badges.ts
 * repairPairs); and a line crossing a badge's own line through its disc weighs as touching a box, so a short line crossed
 * in its middle keeps its badge off its ends' borders (hpa-autoscaling at standard).
 */
describe('placeBadges, session 23', () => {
  it('service-types summary (main at f51dda5): badges 2 and 3 both off the borders, placed together', () => {
    const nodes = [card('kubectl', 263, 576.2, 160, 55), card('kube-apiserver', 493, 568.7, 160, 70), card('etcd', 695, 538.7, 160, 48), card('kube-controller-manager', 695, 594.7, 215, 48), card('cloud-controller-manager', 695, 650.7, 219, 48)];
    const edges = [
      edge('kubectl->kube-apiserver', 'kubectl', 'kube-apiserver', [[423, 603.7], [493, 603.7]], 1),
      edge('kube-apiserver->etcd', 'kube-apiserver', 'etcd', [[653, 608.7], [689, 608.7], [689, 562.7], [695, 562.7]], 2),
      edge('kube-controller-manager->kube-apiserver', 'kube-controller-manager', 'kube-apiserver', [[695, 618.7], [653, 618.7]], 3),
      edge('kube-proxy@worker-1->kube-apiserver', 'kube-proxy@worker-1', 'kube-apiserver', [[1003.5, 271.7], [993.9, 271.7], [993.9, 329.2], [947, 329.2], [947, 489.7], [659, 489.7], [659, 578.7], [653, 578.7]], 4),
      edge('kube-proxy@worker-2->kube-apiserver', 'kube-proxy@worker-2', 'kube-apiserver', [[980, 509.7], [669, 509.7], [669, 588.7], [653, 588.7]], 4),
      edge('kube-proxy@worker-3->kube-apiserver', 'kube-proxy@worker-3', 'kube-apiserver', [[980.5, 696.7], [947, 696.7], [947, 529.7], [679, 529.7], [679, 598.7], [653, 598.7]], 4),
      edge('cloud-controller-manager->kube-apiserver', 'cloud-controller-manager', 'kube-apiserver', [[695, 666.7], [659, 666.7], [659, 628.7], [653, 628.7]], 5),
    ];
    placeBadges(nodes, edges, new Set(edges.map((e) => e.id)));
    const laid = picture(nodes, edges);
    expect(badgesOnBorders(laid)).toEqual([]);
    expect(badgeProblems(laid)).toEqual([]);
    expect(badgesBesideLines(laid)).toEqual([]);
  });

  it('a 24-px line crossed in its middle by another edge: its badge beside the crossing, on neither box\'s border', () => {
    const nodes = [card('kubelet', 100, 700, 222, 55), card('containerd', 100, 779, 222, 55)];
    const own = edge('kubelet->containerd', 'kubelet', 'containerd', [[200, 755], [200, 779]], 10);
    const across = edge('metrics-server->kubelet', 'metrics-server', 'kubelet', [[-300, 740], [-300, 767], [300, 767], [300, 755]], 5);
    placeBadges(nodes, [own, across], new Set(['kubelet->containerd']));
    expect(badgesOnBorders(picture(nodes, [own, across]))).toEqual([]);
    expect(badgeProblems(picture(nodes, [own, across]))).toEqual([]);
  });

  it('persistent-volumes summary, its bundle spread (graph-bundles.ts): badge 3 between badges 4 and 7, none on a border', () => {
    const nodes = [card('kube-apiserver', 159.5, 361.7, 160, 48), card('etcd', 661.5, 463.7, 160, 48), card('kube-controller-manager', 267.5, 463.7, 215, 48), card('kube-scheduler', 99.5, 463.7, 160, 48), card('csi-attacher', 490.5, 463.7, 163, 55), card('csi-provisioner', 846.5, 463.7, 163, 55)];
    const edges = [
      edge('kube-apiserver->etcd', 'kube-apiserver', 'etcd', [[239.5, 409.7], [239.5, 440.7], [741.5, 440.7], [741.5, 463.7]], 2),
      edge('kube-controller-manager->kube-apiserver', 'kube-controller-manager', 'kube-apiserver', [[375, 463.7], [375, 456.7], [199.5, 456.7], [199.5, 409.7]], 3),
      edge('kube-scheduler->kube-apiserver', 'kube-scheduler', 'kube-apiserver', [[179.5, 463.7], [179.5, 409.7]], 4),
      edge('csi-provisioner->kube-apiserver', 'csi-provisioner', 'kube-apiserver', [[928, 463.7], [928, 424.7], [279.5, 424.7], [279.5, 409.7]], 5),
      edge('kubelet@worker-1->kube-apiserver', 'kubelet@worker-1', 'kube-apiserver', [[480.4, 632.7], [480.4, 552.7], [833.5, 552.7], [833.5, 432.7], [259.5, 432.7], [259.5, 409.7]], 6),
      edge('kubelet@worker-2->kube-apiserver', 'kubelet@worker-2', 'kube-apiserver', [[705.6, 632.7], [705.6, 564.7], [1021.5, 564.7], [1021.5, 416.7], [299.5, 416.7], [299.5, 409.7]], 6),
      edge('csi-attacher->kube-apiserver', 'csi-attacher', 'kube-apiserver', [[572, 463.7], [572, 448.7], [219.5, 448.7], [219.5, 409.7]], 7),
    ];
    placeBadges(nodes, edges, new Set(edges.map((e) => e.id)));
    const laid = picture(nodes, edges);
    expect(badgesOnBorders(laid)).toEqual([]);
    expect(badgeProblems(laid)).toEqual([]);
    expect(badgesBesideLines(laid)).toEqual([]);
  });
});

