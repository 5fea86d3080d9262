/**
 * Architecture pictures a reader can follow (issue 9 part 6), on every
 * scenario's architecture view at summary and standard detail:
 * - edgesThroughHeaders: no edge runs through a group's title bar or a state tag;
 * - workersDiffer: the workers stand in name order and are laid out alike;
 * - edgeDetours: no route longer than DETOUR_FACTOR × the Manhattan distance of its ends + DETOUR_MARGIN;
 * - nearParallelEdges: no two edges side by side closer than 5 px;
 * - edgesSideBySide: no two edges closer than TRACK_GAP (8) px for more than TRACK_RUN (48) px (gallery review D6; edges,
 *   2026-12-07: 192 pairs in 51 of these 60 pictures on ELK's 6-px tracks before layout/graph.ts widened, 19 in 9 after;
 *   8 in 3 since graph-tracks.ts keeps moved segments off tracks beside other lines and graph.ts apart; 5 in 1 since
 *   graph-bundles.ts spreads a bundle across its gap, listed in NOT_YET);
 * - edgesAlongBorders: no edge along a group's border, within BORDER_NEAR (4) px of it for more than BORDER_RUN (12) px
 *   (borders, 2026-12-07: before layout/graph-borders.ts moved such stretches off the border, 10 in 7 of these 60
 *   pictures — architecture-overview, ha-control-plane ×2 and hpa-autoscaling at standard beside
 *   kube-controller-manager or the control plane, ha-control-plane summary on the control plane's bottom,
 *   network-policy ×2, reapply-idempotent ×2, service-types on the cluster's right —, and 1 column picture,
 *   ha-control-plane's; canary-release's kube-proxy → web-stable edge on worker-2's right border was gone with
 *   row-align.ts staggeredRows);
 * - badgeProblems: no number badge over another, over a box or a box's text, over a label, or off its line
 *   (test/layout/badges.test.ts; before badges.ts placed rows along their line, 95 problems in 22 of these 60 pictures);
 * - badgesOnBorders: no number badge with a box's border through its disc, its own ends' included (gallery review D7;
 *   archedges, 2026-12-07: 51 in 23 of these 60 pictures — mostly a pair on a kubelet 24 px over its Pods, each badge
 *   half over one of the two boxes — before badges.ts stood such a pair across the line and weighed a spot on its
 *   ends' borders (ON_BORDER) above merely touching them; 9 in 7 after, listed in NOT_YET);
 * - edgeHooks: no route that runs out past its box, steps across by at most HOOK_MAX (24) px and comes back (gallery
 *   review D6; archedges, 2026-12-07: 9 in 4 of these 60 pictures — canary-release's deliver edges against the
 *   cluster's right border, hpa-autoscaling's metrics-server, network-policy's and service-types' kube-proxy —
 *   before graph-tracks.ts unhook cut them, none after; test/layout/graph-hooks.test.ts).
 * The checks themselves are tested on hand-made geometry first.
 *
 * Not solved yet (archclean, then workertpl, 2026-12-06), listed in NOT_YET with the most
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
import { BORDER_NEAR, BORDER_RUN, DETOUR_MARGIN, TRACK_GAP, TRACK_RUN, badgeProblems, badgesBesideLines, badgesOnBorders, edgeDetours, edgeHooks, edgesAlongBorders, edgesSideBySide, edgesThroughHeaders, nearParallelEdges, workersDiffer } from './check.ts';

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

  it('edgesSideBySide: two edges 6 px apart for 300 px, not 8 px apart, nor 6 px apart for a badge\'s length, nor on one line', () => {
    const a = edge('a', 'kubelet', 'api', [[0, 100], [400, 100]]);
    const beside = edge('b', 'kube-proxy', 'api', [[50, 106], [350, 106]]);
    expect(edgesSideBySide(picture([], [a, beside]))).toEqual(['a and b run 6.0 px apart for 300 px']);
    const apart = edge('b', 'kube-proxy', 'api', [[50, 100 + TRACK_GAP], [350, 100 + TRACK_GAP]]);
    const short = edge('b', 'kube-proxy', 'api', [[50, 106], [50 + TRACK_RUN, 106], [50 + TRACK_RUN, 200]]);
    const shared = edge('b', 'kube-proxy', 'api', [[50, 100], [350, 100]]);
    expect(edgesSideBySide(picture([], [a, apart, short, shared]))).toEqual([]);
    // Vertical runs too (a left-to-right picture's tracks between two layers), and the longest run per pair is named.
    const up = edge('c', 'kubelet', 'api', [[200, 900], [200, 100], [260, 100], [260, 50]]);
    const upBeside = edge('d', 'kube-proxy', 'api', [[206, 800], [206, 150], [300, 150]]);
    expect(edgesSideBySide(picture([], [up, upBeside]))).toEqual(['c and d run 6.0 px apart for 650 px']);
    // nearParallelEdges (5 px) lets the 6-px pair through: that is what the long-run check is for.
    expect(nearParallelEdges(picture([], [a, beside]))).toEqual([]);
  });

  it('edgesAlongBorders: an edge on or just beside a worker\'s border, not one clear of it nor one crossing it', () => {
    const nodes = workers(); // host:worker-1 spans x 0–250, y 100–300
    const on = edge('e', 'api', 'kubelet@worker-2', [[250, 60], [250, 260], [312, 260]]);
    expect(edgesAlongBorders(picture(nodes, [on]))).toEqual(['e runs along the right border of host:worker-1, 0.0 px from it for 160 px']);
    const inside = edge('e', 'api', 'kubelet@worker-1', [[247, 60], [247, 175], [212, 175]]);
    expect(edgesAlongBorders(picture(nodes, [inside]))).toEqual(['e runs along the right border of host:worker-1, 3.0 px from it for 75 px']);
    const under = edge('e', 'kubelet@worker-1', 'kubelet@worker-2', [[100, 200], [100, 302], [400, 302], [400, 200]]);
    expect(edgesAlongBorders(picture(nodes, [under]))).toEqual([
      'e runs along the bottom border of host:worker-1, 2.0 px from it for 150 px',
      'e runs along the bottom border of host:worker-2, 2.0 px from it for 100 px',
    ]);
    // Clear of the border (BORDER_NEAR + 1 px), crossing it, or along it for only a corner's length: fine.
    const clear = edge('e', 'api', 'kubelet@worker-2', [[250 + BORDER_NEAR + 1, 60], [250 + BORDER_NEAR + 1, 260], [312, 260]]);
    const across = edge('e', 'api', 'kubelet@worker-1', [[60, 0], [60, 150]]);
    const corner = edge('e', 'api', 'kubelet@worker-2', [[252, 100 - 40], [252, 100 + BORDER_RUN], [312, 100 + BORDER_RUN]]);
    expect(edgesAlongBorders(picture(nodes, [clear, across, corner]))).toEqual([]);
  });
});

type Check = 'headers' | 'workers' | 'detours' | 'near' | 'sideBySide' | 'badges' | 'borders' | 'beside' | 'onBorders' | 'hooks';

/**
 * Issue 9 part 6 (workertpl, 2026-12-06): at standard and full detail every worker is drawn from one template
 * (layout/graph-elk.ts workerTemplate: one layer and one place per box's role on every worker, ELK's interactive
 * layering, crossing minimisation and placement inside the workers), so the edges of the story no longer stand one
 * worker's boxes otherwise than its neighbour's: 32 worker differences in 11 pictures → 4 in 4. Worker heights (ELK
 * widens the gap between two layers by the tracks of the edges routed through it, so one worker came out taller than
 * its twin: apply-deployment, daemonset, reapply-idempotent) are lined up after routing (archstd, 2026-12-07:
 * layout/graph-twins.ts equaliseTwins). A summary worker (its kubelet, kube-proxy and its Pods) is not drawn from the
 * template; its own boxes keep one order in their layer on every worker (graph-elk.ts buildElkGraph, semi-interactive
 * crossing minimisation), top-down as well as left to right since stsummary (2026-12-07): statefulset's summary picture
 * stood kube-proxy left of the kubelet in worker-1 and right of it in worker-2 (ELK's crossing minimisation ordered them
 * by the edges of the story), 1 worker difference → 0. The interactive placement leaves ELK's border ports of a worker
 * at its side: most such routes are cut short (graph-tracks.ts straightenRoutes), the rest given a short route by
 * graph-detours.ts (since archstd: ha-control-plane on tracks beside a gap's middle and at the route's own ends,
 * hpa-autoscaling over the worker between). persistent-volumes' worker-2 kubelet stands under its worker's name, so
 * no simple route out of its top is clear (archrest's exits beside the header on the five nearest gaps were reverted:
 * they made every architecture layout ~1.4× dearer); since detours (2026-12-07) a route the check still counts as a
 * detour keeps its own way out of the kubelet and into the API server and only its middle moves onto the nearest clear
 * channel (graph-detours.ts rechannel: between csi-attacher and etcd; tried for that edge alone). One still goes round
 * (listed below). daemonset's controller edge leaves the
 * controller's side, beside kube-controller-manager's header (archrest: graph-detours.ts sideExits).
 */
/**
 * service-types at standard (detours, 2026-12-07, measured on the layout taken: compact, left to right, the workers one
 * under another, each 1033–1045 px wide with its Pods in the middle): the edge from web-…-zrwj5 (worker-3) to the client
 * (worker-1), ends 365 px apart, may run 2.5 × 365 + 240 ≈ 1153 px. Round worker-2's right it needs at least
 * (2015 − 1583) + (2015 − 1560) + 323 ≈ 1210 px (it runs 1328); out of the Pod's bottom corner into the client's top the
 * bound grows to ~1380 against ~1374, but every track over the client is taken (four edges at y 449–479). Round the left
 * the straight legs alone come to ~1150 px, and containerd and CoreDNS of worker-1 and containerd of worker-3 stand on
 * every such track. So no clean two-border route within the bound exists in this layout: it needs the Pods' role nearer
 * a worker's side (graph-elk.ts workerTemplate) or another layout. The top-down compact candidate (workers side by side)
 * has no detour but shows 0.559 × on a slide against 0.604 ×, and its edges under the row of workers run through
 * worker-2 and worker-3: not taken.
 */
const BETWEEN_WHY = "a Pod on worker-3 answers the client on worker-1: every short route runs through worker-2 (four group borders, the route round the workers' right crosses two), which layout/graph-detours.ts refuses";
/**
 * beside (2026-12-07): a badge whose disc also covers another edge's line running beside its own (checks.ts
 * badgesBesideLines; tracks 6 px apart under 10-px badges): 199 in 44 of these 60 pictures before badges.ts weighed
 * such spots (BESIDE_LINE), 2 after (job-cronjob standard, badge 3 beside containerd → cni; service-types summary,
 * badge 2 beside kube-proxy@worker-3's watch), none since edges (2026-12-07): both pictures are laid out with tracks
 * 10 px apart (graph.ts widened), which leaves their badges a spot clear of the line beside.
 */
/**
 * onBorders (archedges, 2026-12-07): a badge on a short line whose every spot is on one of its ends' borders, beside
 * another edge's line (BESIDE_LINE weighs more than ON_BORDER in badges.ts) or over a box; or a pair on a route long
 * enough to hold it along (so not stood across it) whose free stretch is shorter than the pair.
 */
const ON_BORDER_WHY = "every spot placeBadges tries on the badge's line is on its ends' borders, beside another edge's line, or over a box";
/**
 * sideBySide (edges, 2026-12-07; gallery review D6): two edges closer than TRACK_GAP (8) px for more than TRACK_RUN
 * (48) px (checks.ts edgesSideBySide): 192 pairs in 51 of these 60 pictures at ELK's 6-px gap between tracks, 19 in 9
 * after graph.ts widened lays a picture out again with tracks 10 px (else 8 px) apart when that fits as well (gitops-sync
 * at standard with the boxes outside the cluster the other way round: the wide tracks crossed two of their edges).
 * At standard the pairs left were where the passes after ELK moved a segment beside another edge's track: since edges
 * (2026-12-07, second round) graph-tracks.ts keeps a route only when it runs beside other lines no more often than before
 * (besideCount: a moved segment goes to a free track, separateBuses' kube-proxy@worker-1 in architecture-overview and
 * canary-release; a cut-short route (straightenRoutes) or a cut hook (unhook) does not land 1–7 px beside another line),
 * 9 pairs in 6 pictures → 2 in 2; and graph.ts apart moves the segments of a finished layout that still runs beside
 * another line to free tracks (graph-tracks.ts separateBesides), kept when no check gets worse and the picture does not
 * grow: ha-control-plane's pair, ELK's own (apiserver-3 → etcd-1 7.1 px beside replicaset-controller → apiserver-1 with
 * tracks 10 px apart), 2 → 1 pictures. job-cronjob's summary picture had none left already (listed with 3 before).
 * Left then: the summary pictures whose 8-px tracks push them off the slide (hpa-autoscaling, persistent-volumes) and
 * scheduling-constraints at standard (1280×899 on 6-px tracks, 911 px tall on 8-px ones): their pairs lie in bundles of
 * 6-px tracks into the API server with no free track beside them that apart could take. Since edges (third round,
 * 2026-12-08) apart, where moving one segment at a time leaves pairs, first spreads each such bundle across the gap it
 * lies in (graph-bundles.ts spreadBundles: every two tracks that run along each other TRACK_GAP apart, in their order,
 * moved as little as that needs; test/layout/graph-bundles.test.ts): hpa-autoscaling at summary 2 → 0 (five tracks in the
 * 48-px gap under the API server) and scheduling-constraints at standard 1 → 0, both the same size. Left:
 * persistent-volumes at summary (5): its six tracks, each along the next, need 40 of the 42 px of their gap, which
 * leaves kube-controller-manager's track 7 px over its box, and its badge 3 then finds no spot off a border (the legs
 * into the API server's bottom stand 20 px apart and badges 4 and 7 hold their middles): apart kept it as it was, until
 * session 23 (below: badges.ts clearTheWay).
 */
/**
 * beside, again (lead, 2026-12-07): architecture-overview at standard had badge 3 (deployment-controller → kube-apiserver)
 * over the endpointslice-controller's line: graph-order.ts had put the controllers back in name order, so their ends on
 * the API server's bottom stood the wrong way round, the two lines met and graph-tracks.ts moved one 8 px beside the
 * other with a 9-px jog; layout/end-order.ts now swaps such ends (column, 2026-12-07), edge 3 one straight line.
 */
/*
 * Listed until session 23 (arch, 2026-12-08), persistent-volumes at summary (sideBySide 5): "tracks 8 px apart push this
 * picture over the 900 px a slide allows (it stands 889 px tall with 6-px tracks); spread across their 42-px gap
 * (graph-bundles.ts), the six tracks under the API server leave kube-controller-manager's badge 3 no spot off a border".
 * Badge 3's spot was there, on its leg up into the API server, between badges 4 and 7 (20 px either side); since
 * badges.ts clearTheWay takes it and places 4 and 7 again after it, the spread bundle is kept (5 pairs → 0, 1195×892 as
 * before). In the same session badges.ts repairPairs (two rows placed again together) cleared service-types' summary
 * badge 2 off etcd's border, and graph-tracks.ts straightenJogs (a jog along another edge's line straightened across it)
 * with a crossing line weighed as touching a box (badges.ts CROSS_LINE) hpa-autoscaling's standard badge 10.
 */
/**
 * probes at summary (lead, 2026-12-08; fixed elk, 2026-12-08): on worker-1 the container exit (6) leaves the deleted
 * `once` box while the probes (5) go to the live box; on worker-2 both run between the kubelet and the live box. ELK's
 * routes inside worker-1 made it 515.6×212 where worker-2 was 504.5×202. layout/graph-twins.ts equaliseTwins now
 * gives summary twins the same layers and the same offsets across them too (alignAcross): both 505×212.
 */
/** Scenario → level → problems allowed per check, and why. */
const NOT_YET: Record<string, { level: 'summary' | 'standard'; allowed: Partial<Record<Check, number>>; why: string }[]> = {
  'service-types': [{ level: 'standard', allowed: { detours: 1, onBorders: 2 }, why: `${BETWEEN_WHY}; ${ON_BORDER_WHY}` }],
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
        const found: Record<Check, string[]> = { headers: edgesThroughHeaders(laid), workers: workersDiffer(laid), detours: edgeDetours(laid), near: nearParallelEdges(laid), sideBySide: edgesSideBySide(laid), badges: badgeProblems(laid), borders: edgesAlongBorders(laid), beside: badgesBesideLines(laid), onBorders: badgesOnBorders(laid), hooks: edgeHooks(laid) };
        const allowed = NOT_YET[name]?.find((n) => n.level === level)?.allowed ?? {};
        for (const [check, problems] of Object.entries(found) as [Check, string[]][]) {
          expect(problems.length, `${name} ${level} ${check}: ${problems.join('; ')}`).toBeLessThanOrEqual(allowed[check] ?? 0);
        }
      });
    }
  }
});
