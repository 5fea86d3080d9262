/**
 * Graph layout, step 2: the ELK graph (layered, orthogonal routing, nested
 * groups via INCLUDE_CHILDREN, model-order options so the result is
 * deterministic and follows the view's order), and reading the result back
 * as absolute geometry.
 */
import ElkBundled from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode, LayoutOptions } from 'elkjs/lib/elk-api.js';
import type { GraphEdge, GraphNode, IconName } from '../views/types.ts';
import type { LaidEdge, LaidLabel, LaidNode } from './types.ts';
import { groupHeader, type GroupHeader } from './boxes.ts';
import { groupPad, type GraphView, type Prepared } from './graph-prepare.ts';
import { restoreRowOrder } from './graph-order.ts';
import { orderEnds } from './end-order.ts';
import { separateBuses, straightenJogs, straightenRoutes } from './graph-tracks.ts';
import { clearHeaders, squareRoutes } from './graph-headers.ts';
import { shortenDetours, sideExits } from './graph-detours.ts';
import { equaliseTwins } from './graph-twins.ts';
import { naturalCompare } from '../views/common/components.ts';
import { elkCache } from './elk-cache.ts';

// The bundle is CommonJS; its constructor is also exposed as `.default`, which is what the types describe.
const elk = new ElkBundled.default();

/** Spacing is read per hierarchy level, so groups repeat it. */
const SPACING: LayoutOptions = {
  'elk.spacing.nodeNode': '36',
  'elk.layered.spacing.nodeNodeBetweenLayers': '64',
  'elk.spacing.edgeNode': '20',
  'elk.layered.spacing.edgeNodeBetweenLayers': '20',
  'elk.spacing.edgeEdge': '14',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '14',
};

/**
 * Architecture edges cross groups (control plane → worker): one
 * hierarchical port per edge where it crosses a group's border, not one
 * shared by every edge that leaves the group, which ELK then draws as one
 * line (a bus) however different the edges are.
 */
const ROUTING: LayoutOptions = {
  'elk.layered.mergeHierarchyEdges': 'false',
};

/**
 * Architecture pictures are dense with layers (client, control plane, objects, workers): a tighter gap keeps them on a
 * slide. Every edge has its own line (no shared trunks: graph-tracks.ts), so the gaps between edges are narrow too.
 */
function spacing(kind: GraphView['kind'], compact: boolean): LayoutOptions {
  if (kind !== 'architecture') return SPACING;
  const regular = { ...SPACING, 'elk.spacing.nodeNode': '18', 'elk.layered.spacing.nodeNodeBetweenLayers': '24', 'elk.spacing.edgeEdge': '8', 'elk.spacing.edgeNode': '12', 'elk.layered.spacing.edgeNodeBetweenLayers': '12', 'elk.layered.spacing.edgeEdgeBetweenLayers': '6', ...ROUTING };
  // The compact layout (tried when the regular one fits no slide): boxes of one layer closer together.
  return compact ? { ...regular, 'elk.spacing.nodeNode': '8' } : regular;
}

function rootOptions(direction: 'RIGHT' | 'DOWN', kind: GraphView['kind'], compact: boolean): LayoutOptions {
  return {
    'elk.algorithm': 'layered',
    'elk.direction': direction,
    'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
    'elk.edgeRouting': 'ORTHOGONAL',
    'elk.json.edgeCoords': 'ROOT',
    'elk.json.shapeCoords': 'ROOT',
    'elk.randomSeed': '1',
    'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    'elk.layered.crossingMinimization.forceNodeModelOrder': 'true',
    'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
    'elk.layered.nodePlacement.favorStraightEdges': 'true',
    'elk.spacing.edgeNode': '20',
    'elk.layered.spacing.edgeNodeBetweenLayers': '20',
    'elk.spacing.edgeEdge': '14',
    'elk.layered.spacing.edgeEdgeBetweenLayers': '14',
    ...spacing(kind, compact),
    'elk.spacing.edgeLabel': '6',
    'elk.spacing.labelNode': '8',
    'elk.spacing.componentComponent': '48',
    'elk.layered.mergeEdges': 'false',
    // Keep unconnected boxes (idle workers) in the view's order instead of packing them by size.
    'elk.separateConnectedComponents': 'false',
    'elk.padding': '[top=0,left=0,bottom=0,right=0]',
  };
}

function groupOptions(header: GroupHeader, kind: GraphView['kind'], compact: boolean): LayoutOptions {
  // When the header needs more room than the content gives, pad both sides
  // (ELK's minimum-size option misbehaves for nested groups).
  const extra = Math.max(0, Math.ceil(header.needWidth - header.estimate) / 2);
  const pad = groupPad(kind);
  const side = pad + extra;
  return {
    ...spacing(kind, compact),
    'elk.padding': `[top=${header.top},left=${side},bottom=${pad},right=${side}]`,
  };
}

function buildElkGraph(view: GraphView, prep: Prepared, direction: 'RIGHT' | 'DOWN', stacked: boolean, actorsReversed: boolean, rowCols?: number, objectsStacked = false, workersFirst = false): ElkNode {
  const root: ElkNode = { id: '__root', layoutOptions: rootOptions(direction, view.kind, prep.compact), children: [], edges: [] };
  const byId = new Map<string, ElkNode>();
  const order = new Map(view.nodes.map((n, i) => [n.id, i]));
  const continues = new Set(view.edges.map((e) => e.from));
  const hasChildren = new Set(view.nodes.map((n) => n.parent).filter((p): p is string => p !== null));
  // Summary workers (no template: drawnFromTemplate): every worker's content starts as far down as the tallest worker
  // header puts it (a `cordoned` tag or a subtitle that wraps makes one header two lines), so workers side by side stand
  // their kubelets on one line (issue 9 part 6; drain-pdb's column picture had worker-3's kubelet 15 px higher). Not
  // yet at standard: there statefulset's worker-2 then stands two badges over each other.
  const summaryWorkers = view.kind === 'architecture' && drawnFromTemplate(view).size === 0;
  const isHost = (n: GraphNode) => summaryWorkers && n.icon === 'node' && n.parent === 'cluster' && prep.groups.has(n.id) && hasChildren.has(n.id);
  const hostTop = Math.max(0, ...view.nodes.filter(isHost).map((n) => prep.headers.get(n.id)!.top));
  for (const n of view.nodes) {
    const elkNode: ElkNode = { id: n.id };
    if (prep.groups.has(n.id)) {
      const own = prep.headers.get(n.id)!;
      const header = isHost(n) ? { ...own, top: hostTop } : own;
      elkNode.layoutOptions = groupOptions(header, view.kind, prep.compact);
      elkNode.children = [];
      if (!hasChildren.has(n.id)) {
        elkNode.width = Math.ceil(header.naturalWidth);
        elkNode.height = header.top + 24;
      }
    } else {
      const box = prep.boxes.get(n.id)!;
      elkNode.width = box.width;
      elkNode.height = box.height;
      // A box many edges leave by one side (the API server) grows along that side so its edges stand PORT_GAP apart.
      if (view.kind === 'architecture') elkNode.layoutOptions = { 'elk.nodeSize.constraints': 'PORTS MINIMUM_SIZE', 'elk.nodeSize.minimum': `(${box.width},${box.height})`, 'elk.spacing.portPort': String(PORT_GAP) };
    }
    byId.set(n.id, elkNode);
  }
  // Hosts (worker nodes) keep name order in their layer: ELK's crossing minimisation across the hierarchy
  // ignores the model order, but keeps the order of nodes given a position when semi-interactive.
  if (view.kind === 'architecture') {
    const hosts = view.nodes.filter((n) => n.icon === 'node' && prep.groups.has(n.id)).sort((a, b) => naturalCompare(a.label, b.label) || naturalCompare(a.id, b.id));
    hosts.forEach((h, i) => {
      const e = byId.get(h.id)!;
      e.layoutOptions = { ...e.layoutOptions, 'elk.position': direction === 'DOWN' ? `(${i * 10},0)` : `(0,${i * 10})` };
      // Top-down, workers side by side stand with their tops on one line: ELK centres a layer's boxes on the layer's
      // middle, so a short worker stood lower than a tall one beside it (canary-release's column picture: worker-2 62 px
      // under worker-1's top).
      if (direction === 'DOWN') e.layoutOptions['elk.alignment'] = 'TOP';
    });
    // One template for every worker (issue 9 part 6: identical nodes share one inner layout): each box of a worker
    // goes into the layer and the place the template gives its role (workerTemplate), so edges from outside (a
    // Service's DNAT into kube-proxy, a dropped connection at the CNI plugin) can no longer stand one worker's boxes
    // otherwise than its neighbour's (test/layout/arch-clean.test.ts workersDiffer: 32 differences → 4).
    const drawn = drawnFromTemplate(view);
    const template = drawn.size === 0 ? new Map<string, TemplatePlace[]>() : workerTemplate(view, gridEdges(view, { stacked, workersFirst }), (id) => (direction === 'DOWN' ? prep.boxes.get(id)?.width : prep.boxes.get(id)?.height) ?? 0, Number(spacing(view.kind, prep.compact)['elk.spacing.nodeNode']));
    // Summary workers (the kubelet and its Pods): their own boxes keep one order in their layer on every worker, left
    // to right and top-down alike (workerRank; in a docs column's rows of unstacked workers, rowCols, the kubelet first,
    // over its Pods, kube-proxy beside it): ELK stood kube-proxy right of the kubelet in canary-release's worker-1 (the
    // Service's DNAT comes in from the right) and left of it in worker-2, and top-down statefulset's kube-proxy right of the
    // kubelet in worker-2, left of it in worker-1 (checks.ts workersDiffer).
    const inRows = direction === 'DOWN' && rowCols !== undefined && !stacked;
    if (drawn.size === 0) {
      for (const h of hosts) {
        const own = view.nodes.filter((n) => n.parent === h.id && n.icon !== 'pod').map((n, i) => ({ n, i }));
        const rank = (n: GraphNode) => (inRows && n.icon === 'kubelet' ? -1 : workerRank(n));
        own.sort((a, b) => rank(a.n) - rank(b.n) || a.i - b.i);
        own.forEach(({ n }, i) => {
          const e = byId.get(n.id)!;
          e.layoutOptions = { ...e.layoutOptions, 'elk.position': direction === 'RIGHT' ? `(0,${i * 10})` : `(${i * 10},0)` };
        });
        const e = byId.get(h.id)!;
        e.layoutOptions = { ...e.layoutOptions, 'elk.layered.crossingMinimization.semiInteractive': 'true' };
      }
    }
    for (const h of hosts.filter((x) => drawn.has(x.id))) {
      for (const { id, layer, across } of template.get(h.id) ?? []) {
        const e = byId.get(id)!;
        // Interactive layering reads the layer from the box's position (layers further apart than any box is long),
        // semi-interactive crossing minimisation the order within it, interactive placement its place across.
        [e.x, e.y] = direction === 'DOWN' ? [across, layer * TEMPLATE_LAYER] : [layer * TEMPLATE_LAYER, across];
        e.layoutOptions = { ...e.layoutOptions, 'elk.position': `(${e.x},${e.y})` };
      }
      const e = byId.get(h.id)!;
      e.layoutOptions = { ...e.layoutOptions, 'elk.layered.layering.strategy': 'INTERACTIVE', 'elk.layered.cycleBreaking.strategy': 'INTERACTIVE', 'elk.layered.crossingMinimization.semiInteractive': 'true', 'elk.layered.nodePlacement.strategy': 'INTERACTIVE' };
    }
    const cluster = byId.get('cluster');
    if (cluster) cluster.layoutOptions = { ...cluster.layoutOptions, 'elk.layered.crossingMinimization.semiInteractive': 'true' };
    root.layoutOptions!['elk.layered.crossingMinimization.semiInteractive'] = 'true';
  }
  // Second pass, so a parent listed after its child still receives it.
  for (const n of view.nodes) {
    const parent = n.parent !== null ? byId.get(n.parent) : undefined;
    (parent?.children ?? root.children!).push(byId.get(n.id)!);
  }
  // The boxes outside the cluster (kubectl, a registry) the other way round: model order places them.
  if (actorsReversed) {
    const actors = root.children!.filter((c) => c.id !== 'cluster');
    const reversed = [...actors].reverse();
    root.children = root.children!.map((c) => (c.id === 'cluster' ? c : reversed.shift()!));
  }
  // Edges go to ELK in the order of the nodes they join (not in the order they
  // were numbered), so model-order layout keeps worker-1 before worker-2.
  const ends = (e: GraphEdge) => [order.get(e.from)!, order.get(e.to)!].sort((a, b) => a - b);
  const routed = view.edges.filter((e) => prep.route.get(e.id) === e.id);
  const sorted = routed
    .map((e, i) => ({ e, i, k: ends(e) }))
    .sort((a, b) => a.k[1]! - b.k[1]! || a.k[0]! - b.k[0]! || a.i - b.i)
    .map((x) => x.e);
  // Structure first: model order follows the first edges it meets.
  // Top-down, an objects box in the workers' row (rowPlan) stands its objects one over the other, a column beside the
  // workers about as tall as one (statefulset: the headless Service and the claims side by side made it 1299 px wide).
  if (view.kind === 'architecture') root.edges!.push(...gridEdges(view, { stacked, rowCols, objectsStacked: objectsStacked || (direction === 'DOWN' && rowPlan(view).objectsInRow), direction, workersFirst, width: (id) => prep.boxes.get(id)?.width ?? 0 }));
  const valleys = view.kind === 'architecture' ? rowEdges(view) : new Set<string>();
  const edges = sorted.filter((e) => !valleys.has(e.id)).map((e) => elkEdge(e, order.get(e.to)! < order.get(e.from)!, view.kind === 'flowchart' && continues.has(e.to)));
  root.edges!.push(...edges);
  for (const e of sorted) if (valleys.has(e.id)) addValley(e, byId.get('cluster')!, root, direction);
  return root;
}

/**
 * The workers drawn from one template (workerTemplate): those of a picture whose workers show their container runtime
 * (standard and full detail), beside kube-proxy and the CNI plugin — the boxes the story's edges used to stand
 * otherwise on each worker. At summary a worker is its kubelet (the runtime in its subtitle) and its Pods.
 */
function drawnFromTemplate(view: GraphView): Set<string> {
  const hosts = view.nodes.filter((n) => n.icon === 'node' && n.parent === 'cluster');
  if (!view.nodes.some((n) => n.icon === 'runtime' && hosts.some((h) => h.id === n.parent))) return new Set();
  return new Set(hosts.filter((h) => view.nodes.some((n) => n.parent === h.id)).map((h) => h.id));
}

/** The workers (nodes in the cluster) that hold boxes. */
function workersWithBoxes(view: GraphView): Set<string> {
  return new Set(view.nodes.filter((n) => n.icon === 'node' && n.parent === 'cluster' && view.nodes.some((k) => k.parent === n.id)).map((h) => h.id));
}

/**
 * A picture of summary workers: some worker holds boxes, none of them its container runtime (drawnFromTemplate).
 * The objects box's place beside the workers (rowPlan, gridEdges) is decided for these pictures; a picture of no
 * worker (etcd-quorum's control plane) or of workers drawn from the template (standard) keeps the place it had.
 */
function summaryWorkers(view: GraphView): boolean {
  const hosts = new Set(view.nodes.filter((n) => n.icon === 'node' && n.parent === 'cluster').map((h) => h.id));
  return view.nodes.some((n) => n.parent !== null && hosts.has(n.parent)) && drawnFromTemplate(view).size === 0;
}

/** Layers of the worker template (workerTemplate) as positions given to ELK: further apart than any box is long. */
const TEMPLATE_LAYER = 10000;

/** Least distance between two edges leaving one side of a box. */
const PORT_GAP = 8;

/** Id prefix of the layout-only nodes under the workers' row that row edges are routed through. */
const VALLEY = '__valley:';
/** Width of a valley: the gap between the two legs of a row edge where they meet. */
const VALLEY_WIDTH = 24;

/**
 * Edges between two boxes of the workers' row (a Pod on worker-1 calling a
 * Service, a Pod on worker-2, CoreDNS): given to ELK as they are, each would
 * push its target a layer further down (ELK layers every edge), so two
 * workers that talk stand in a staircase. Instead, each such edge goes to
 * ELK as two legs, both pointing down into a small layout-only node (a
 * valley) under the row, and is read back as one line: down from one end,
 * along the valley's top, up into the other end. The row stays one row and
 * ELK still routes both legs around every box.
 */
function rowEdges(view: GraphView): Set<string> {
  const plan = rowPlan(view);
  const out = new Set<string>();
  for (const e of view.edges) {
    const [a, b] = [plan.rowOf(e.from), plan.rowOf(e.to)];
    if (a !== undefined && b !== undefined && a !== b && plan.floaters.has(a) === plan.floaters.has(b)) out.add(e.id);
  }
  return out;
}

interface RowPlan {
  controlPlane: GraphNode | undefined;
  /** The box of the cluster's row (a child of the cluster other than the control plane) that holds a node. */
  rowOf: (id: string) => string | undefined;
  /**
   * Boxes beside the workers (objects, CoreDNS) that talk to the workers, or
   * to nobody, and not to the control plane: they stand beside the control
   * plane, above the workers, so their edges to the workers run down like the
   * control plane's.
   */
  floaters: Set<string>;
  /** At summary, the objects box talks to nobody and stands in the workers' row (not a floater). */
  objectsInRow: boolean;
}

function rowPlan(view: GraphView): RowPlan {
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const controlPlane = view.nodes.find((n) => n.icon === 'control-plane' && n.parent === 'cluster');
  const topOf = (id: string): string | undefined => {
    for (let n = byId.get(id); n !== undefined; n = n.parent !== null ? byId.get(n.parent) : undefined) if (n.parent === 'cluster') return n.id;
    return undefined;
  };
  const rowOf = (id: string): string | undefined => {
    const top = topOf(id);
    return top === controlPlane?.id ? undefined : top;
  };
  const hosts = new Set(view.nodes.filter((n) => n.parent === 'cluster' && n.icon === 'node').map((n) => n.id));
  const toHost = new Set<string>();
  const toControlPlane = new Set<string>();
  for (const e of view.edges) {
    for (const [a, b] of [[e.from, e.to], [e.to, e.from]] as const) {
      const [ra, tb] = [rowOf(a), topOf(b)];
      if (ra === undefined || hosts.has(ra)) continue;
      if (tb !== undefined && hosts.has(tb)) toHost.add(ra);
      if (controlPlane !== undefined && tb === controlPlane.id) toControlPlane.add(ra);
    }
  }
  // Boxes beside the workers that talk to nobody stand beside the control plane too; not an unscheduled Pod, which
  // waits in the workers' row, nor the objects box of what the story involves, which stands in the workers' row
  // (a column beside them, gridEdges): beside the control plane it made the picture wider than a slide, under it in a
  // picture laid out left to right taller (issue 9, gallery review D8: statefulset's headless Service 936 px tall,
  // drain-pdb's second PodDisruptionBudget an edge through worker-1's header).
  // Not yet at standard, whose workers are drawn from one template (drawnFromTemplate): there the objects box in the
  // row moved the workers' edges (kubectl-logs-exec: two detours round worker-1; reapply-idempotent: worker-2 narrower).
  const talking = new Set(view.edges.flatMap((e) => [rowOf(e.from), rowOf(e.to)]));
  const objectsInRow = controlPlane !== undefined && byId.has(OBJECTS) && !talking.has(OBJECTS) && summaryWorkers(view);
  const idle = view.nodes.filter((n) => n.parent === 'cluster' && n.id !== controlPlane?.id && n.icon !== 'pod' && !(objectsInRow && n.id === OBJECTS) && !hosts.has(n.id) && !talking.has(n.id)).map((n) => n.id);
  const floaters = controlPlane === undefined ? new Set<string>() : new Set([...toHost, ...idle].filter((id) => !toControlPlane.has(id)));
  return { controlPlane, rowOf, floaters, objectsInRow };
}

function addValley(e: GraphEdge, cluster: ElkNode, root: ElkNode, direction: 'RIGHT' | 'DOWN'): void {
  const id = `${VALLEY}${e.id}`;
  // Both legs come in from the row's side: from above (DOWN) or from the left (RIGHT).
  const side = direction === 'DOWN' ? 'NORTH' : 'WEST';
  cluster.children!.push({
    id,
    width: direction === 'DOWN' ? VALLEY_WIDTH : 0,
    height: direction === 'DOWN' ? 0 : VALLEY_WIDTH,
    layoutOptions: { 'elk.portConstraints': 'FIXED_SIDE' },
    ports: [
      { id: `${id}:a`, width: 0, height: 0, layoutOptions: { 'elk.port.side': side } },
      { id: `${id}:b`, width: 0, height: 0, layoutOptions: { 'elk.port.side': side } },
    ],
  });
  root.edges!.push({ id: `${id}:a`, sources: [e.from], targets: [`${id}:a`] }, { id: `${id}:b`, sources: [e.to], targets: [`${id}:b`] });
}

/** A row edge read back from its two legs: from one end down into the valley, along it, up into the other end. */
function joinValley(e: GraphEdge, legs: Map<string, ElkExtendedEdge>): ElkExtendedEdge | undefined {
  const id = `${VALLEY}${e.id}`;
  const [a, b] = [legs.get(`${id}:a`), legs.get(`${id}:b`)];
  if (a === undefined || b === undefined) return undefined;
  const points = (x: ElkExtendedEdge) => (x.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]);
  const all = [...points(a), ...points(b).reverse()];
  if (all.length < 2) return undefined;
  return { id: e.id, sources: [e.from], targets: [e.to], sections: [{ id: `${id}:joined`, startPoint: all[0]!, endPoint: all[all.length - 1]!, bendPoints: all.slice(1, -1) }] };
}

/** The objects group's id (views/architecture/nodes.ts OBJECTS_ID). */
const OBJECTS = 'objects';

/** Id prefix of layout-only edges: ELK sees them, the drawing does not. */
const GRID = '__grid:';

/**
 * Layout-only edges (ELK sees them, the drawing does not) that give boxes a
 * structure where the story's edges give none:
 *
 * - every worker is stacked the same way, the kubelet over the runtime over
 *   the Pods over the CNI plugin, whichever of them talked in the drawn
 *   steps, with kube-proxy beside the kubelet (beside the runtime when it
 *   is drawn), so identical nodes get the same inner layout;
 * - the workers and the objects sit in one row under the control plane;
 * - boxes in any other group that talk to nothing inside it would all land in
 *   one layer, a single long row: past four, each gets an edge to the one
 *   `cols` places later, stacking them in a grid of about √n columns (the
 *   objects, which stand beside the workers, in at most four rows).
 *
 * `stacked` (the last layout tried when nothing else fits a slide,
 * graph.ts): the control plane's components under the API server stand in
 * rows of at most three, and each node's boxes in one column (two when it
 * holds more than three), kube-proxy first, so a row of workers is narrow.
 * `rowCols` (a docs column): the boxes under the control plane, those beside
 * it too, in rows of at most that many, each straight under the one above it
 * when the workers are not stacked; the control plane's components stacked
 * as above, whether the workers are or not. `workersFirst` (a docs column's
 * rows with the workers first): each stacked worker's boxes in one column,
 * however many, so the workers are narrow enough to stand in one row;
 * CoreDNS in no row (beside the control plane), and then a control plane of
 * two rows or more its narrowest components first (`width`).
 */
function gridEdges(view: GraphView, shape: GridShape): ElkExtendedEdge[] {
  const { stacked, rowCols, objectsStacked = false, direction = 'DOWN', workersFirst = false, width } = shape;
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const children = new Map<string, GraphNode[]>();
  for (const n of view.nodes) if (n.parent !== null) children.set(n.parent, [...(children.get(n.parent) ?? []), n]);
  const inner = new Set(view.edges.filter((e) => byId.get(e.from)?.parent === byId.get(e.to)?.parent).map((e) => byId.get(e.from)?.parent));
  const out: ElkExtendedEdge[] = [];
  const add = (from: string, to: string): void => {
    out.push({ id: `${GRID}${out.length}`, sources: [from], targets: [to] });
  };
  const { controlPlane, floaters } = rowPlan(view);
  // Summary workers (not drawn from the template): the pictures the two-row objects box was made for; standard's stay as they were.
  const summary = summaryWorkers(view);
  const groupIds = new Set(children.keys());
  for (const [parent, kids] of children) {
    const p = byId.get(parent)!;
    if (parent === 'cluster') {
      // A docs column (rowCols, graph.ts): the row under the control plane, the boxes beside it too, wrapped every rowCols boxes.
      // A folded box ("worker-3: same layout as worker-1") after every drawn worker, so a row never stands it between two of them.
      // workersFirst: the boxes that talk to no worker (the objects of a story without traffic through them, unscheduled
      // Pods) after the workers, so the workers stand in even rows with those under them, not between them (gallery
      // review D30: persistent-volumes' objects box stood in the first row, worker-1 beside it and worker-2 and worker-3
      // under it, worker-2's edge up round its side). Those that talk to workers (floaters: Services, CoreDNS) keep their place.
      // workersFirst: CoreDNS, which the workers' Pods query, in no row: ELK stands it beside the control plane, its DNS
      // queries straight up from the workers. In the first row it pushed the worker whose Pods query it a row down
      // (statefulset: worker-2 under worker-1, its DNS query up worker-1's side); after the workers the control plane's
      // edges ran so that badges 3 and 6 overlapped at the API server (gallery review D32).
      const place = (k: GraphNode): number => (k.id.startsWith('fold:') ? 1 : !workersFirst || k.icon === 'node' || floaters.has(k.id) ? 0 : 2);
      const inRow = (k: GraphNode): boolean => k.id !== controlPlane?.id && !(workersFirst && k.icon === 'dns');
      const row = controlPlane && rowCols !== undefined ? kids.filter(inRow).sort((a, b) => place(a) - place(b)) : [];
      const rowStart = out.length;
      row.forEach((k, i) => add(i < rowCols! ? controlPlane!.id : row[i - rowCols!]!.id, k.id));
      // Workers drawn as they are (not stacked) in rows: each box straight under the one before it, so traffic from one
      // worker's kube-proxy into the next worker's Pods does not pull that worker sideways, out of the column
      // (canary-release's worker-2 stood 170 px right of worker-1: 1052 px wide; in line, 880).
      if (!stacked) for (const e of out.slice(rowStart)) e.layoutOptions = { 'elk.layered.priority.straightness': '10' };
      // Unscheduled Pods (on no node) too: they wait in the workers' row, not beside the control plane.
      if (controlPlane && row.length === 0) for (const k of kids) if (k.id !== controlPlane.id && !floaters.has(k.id)) add(controlPlane.id, k.id);
      continue;
    }
    // In a docs column's rows (rowCols) the control plane is stacked too, whether the workers are or not: statefulset's
    // six components (CSI sidecars too) in one row made its picture 1050 px wide.
    if ((stacked || rowCols !== undefined) && p.icon === 'control-plane') {
      const own = kids.filter((k) => k.icon !== 'apiserver' && k.icon !== 'load-balancer' && !groupIds.has(k.id));
      // workersFirst with CoreDNS beside the control plane (above): in two rows or more, the narrowest first, so the
      // widest stand in the last, shorter row and CoreDNS fits beside it (statefulset: kube-controller-manager in the
      // first row of three made the control plane 660 wide and the picture 915; under it, 893). Without CoreDNS the
      // order stays (persistent-volumes' rows came out ragged and 7 px taller).
      const besideDns = workersFirst && width !== undefined && own.length > 3 && view.nodes.some((n) => n.icon === 'dns' && n.parent === 'cluster');
      const parts = besideDns ? [...own].sort((a, b) => width(a.id) - width(b.id)) : own;
      const cols = Math.ceil(parts.length / Math.ceil(parts.length / 3));
      for (let i = 0; i + cols < parts.length; i++) add(parts[i]!.id, parts[i + cols]!.id);
      continue;
    }
    if (stacked && p.icon === 'node') {
      const rank = (k: GraphNode) => STACK_ORDER.indexOf(k.icon) + 1 || STACK_ORDER.length + 1;
      const column = [...kids].sort((a, b) => rank(a) - rank(b));
      // Two columns when it holds more than three boxes; in the workers-first rows one, however many: two made
      // scheduling-constraints' gpu-1 (kubelet, runtime, Pod, CNI plugin) 481 px wide, so its three workers stood in rows
      // of two, worker-2 under gpu-1 and its kubelet edge up gpu-1's whole side (gallery review D32).
      const cols = column.length > 3 && !workersFirst ? 2 : 1;
      for (let i = 0; i + cols < column.length; i++) add(column[i]!.id, column[i + cols]!.id);
      continue;
    }
    if (p.icon === 'node') {
      const kubelet = kids.find((k) => k.icon === 'kubelet');
      const runtime = kids.find((k) => k.icon === 'runtime');
      if (kubelet && runtime) add(kubelet.id, runtime.id);
      const over = runtime ?? kubelet;
      const pods = kids.filter((k) => k.icon === 'pod');
      if (over) for (const k of pods) add(over.id, k.id);
      // The CNI plugin goes under the Pods (packets reach them through it); kube-proxy, which
      // programs the node's rules from what the API server tells it, stands beside the kubelet.
      const above = pods.length > 0 ? pods : over ? [over] : [];
      for (const k of kids) if (k.icon === 'cni') for (const a of above) add(a.id, k.id);
      // With the runtime drawn (standard, full), kube-proxy stands beside it, a layer under the kubelet.
      if (kubelet && runtime) for (const k of kids) if (k.icon === 'kube-proxy') add(kubelet.id, k.id);
      continue;
    }
    // A docs column (objectsStacked): the objects one over the other, so the box is as narrow as a worker
    // and stands in a row of workers (architecture-overview: two ReplicaSets side by side made a row of three 925 px wide).
    if (objectsStacked && parent === 'objects' && !inner.has(parent)) {
      const cols = Math.ceil(kids.length / 4);
      for (let i = 0; i + cols < kids.length; i++) add(kids[i]!.id, kids[i + cols]!.id);
      continue;
    }
    // Summary: three or four objects with no edge between them. Left to right they stand in two rows, not one column:
    // the box is about as tall as two and no wider than the control plane it stands over (service-types: its four
    // Services one over the other made the picture 1073 px tall); those with edges (traffic through a Service) in the
    // first column, nearest the clients that send it, the quiet ones (a ClusterIP nobody called) after them: the other
    // way round the cloud load balancer's edge into its Service crossed kubectl's into the API server. Top-down (a docs
    // column) those with edges stay in one row and the quiet ones stand one over the other among them: four in a row
    // made service-types' column picture 1056 px wide; two rows of two put a Service's edge through worker-1's header
    // (the quiet ones under the others) or two edges into the Services on one line (over them).
    if (parent === OBJECTS && !inner.has(parent) && kids.length > 2 && kids.length <= 4 && summary) {
      const talks = new Set(view.edges.flatMap((e) => [e.from, e.to]));
      const [loud, quiet] = [kids.filter((k) => talks.has(k.id)), kids.filter((k) => !talks.has(k.id))];
      const ordered = [...loud, ...quiet];
      if (direction === 'RIGHT') for (let i = 0; i + 2 < ordered.length; i++) add(ordered[i]!.id, ordered[i + 2]!.id);
      else for (let i = 0; i + 1 < quiet.length; i++) add(quiet[i]!.id, quiet[i + 1]!.id);
      continue;
    }
    // Namespaces drawn as objects (views/architecture/namespaces.ts): top-down, the objects one over the other, the
    // namespaces first and what is in them under them, a list beside the control plane; side by side they made
    // namespaces' standard picture 2302 px wide (and left to right, 2170 px, two badges at containerd overlapped).
    if (parent === OBJECTS && direction === 'DOWN' && !inner.has(parent) && kids.length <= 4 && kids.some((k) => k.icon === 'namespace')) {
      for (let i = 0; i + 1 < kids.length; i++) add(kids[i]!.id, kids[i + 1]!.id);
      continue;
    }
    if (kids.length <= 4 || inner.has(parent)) continue;
    // Many objects stand beside the workers in at most four rows, about as tall as a worker.
    const cols = parent === 'objects' ? Math.ceil(kids.length / 4) : Math.ceil(Math.sqrt(kids.length));
    for (let i = 0; i + cols < kids.length; i++) add(kids[i]!.id, kids[i + cols]!.id);
  }
  return out;
}

/** The shape gridEdges gives the boxes (see there). */
interface GridShape {
  stacked: boolean;
  rowCols?: number;
  objectsStacked?: boolean;
  direction?: 'RIGHT' | 'DOWN';
  workersFirst?: boolean;
  /** A box's width (the control plane's components in the workers-first rows, narrowest first). */
  width?: (id: string) => number;
}

/** A stacked node's boxes from the top (the rest, Pods, after them in the view's order; the CNI plugin last). */
const STACK_ORDER: readonly IconName[] = ['kube-proxy', 'kubelet', 'runtime', 'pod', 'container'];

/** A worker's own boxes in one order on every worker (buildElkGraph): STACK_ORDER, the rest after it, the CNI plugin last. */
function workerRank(n: GraphNode): number {
  const at = STACK_ORDER.indexOf(n.icon);
  return at >= 0 ? at : n.icon === 'cni' ? STACK_ORDER.length + 1 : STACK_ORDER.length;
}

/**
 * The template every worker is drawn from: each box plays a role (its icon, and for Pods and other repeated boxes its
 * index among its worker's boxes of that icon: `pod#1`), and a role has one layer in every worker — the longest path to
 * it along the structure edges (gridEdges) and the story's edges inside workers (the kubelet → runtime call), taken
 * over all workers together, so an edge inside one worker moves the same box in every worker, never one worker alone.
 * Within a layer the roles stand in one order (workerRank, then the view's order) at one place: `size` is a box's
 * length across the layers (its width top-down), `gap` the room between two boxes of a layer. Keyed by worker.
 */
function workerTemplate(view: GraphView, grid: readonly ElkExtendedEdge[], size: (id: string) => number, gap: number): Map<string, TemplatePlace[]> {
  const parentOf = new Map(view.nodes.map((n) => [n.id, n.parent]));
  const hosts = view.nodes.filter((n) => n.icon === 'node' && n.parent === 'cluster' && view.nodes.some((k) => k.parent === n.id));
  const roleOf = new Map<string, string>();
  const kidsOf = new Map<string, GraphNode[]>();
  for (const h of hosts) {
    const kids = view.nodes.filter((n) => n.parent === h.id);
    kidsOf.set(h.id, kids);
    const seen = new Map<string, number>();
    for (const k of kids) {
      const i = seen.get(k.icon) ?? 0;
      seen.set(k.icon, i + 1);
      roleOf.set(k.id, `${k.icon}#${i}`);
    }
  }
  const order = new Map(view.nodes.map((n, i) => [n.id, i]));
  // Role edges: the structure edges as given, the story's pointing from the box the view lists first (as elkEdge gives them).
  const pairs: [string, string][] = [];
  for (const e of grid) pairs.push([e.sources[0]!, e.targets[0]!]);
  for (const e of view.edges) pairs.push(order.get(e.from)! <= order.get(e.to)! ? [e.from, e.to] : [e.to, e.from]);
  const next = new Map<string, string[]>();
  for (const [a, b] of pairs) {
    const [ra, rb] = [roleOf.get(a), roleOf.get(b)];
    if (ra === undefined || rb === undefined || ra === rb || parentOf.get(a) !== parentOf.get(b)) continue;
    if (!next.get(ra)?.includes(rb)) next.set(ra, [...(next.get(ra) ?? []), rb]);
  }
  // Longest path over the role graph; an edge that closes a cycle (found depth first, in a fixed order) is left out.
  const roles = [...new Set(roleOf.values())];
  const state = new Map<string, 'open' | 'done'>();
  const topo: string[] = [];
  const visit = (r: string): void => {
    state.set(r, 'open');
    for (const t of next.get(r) ?? []) {
      if (state.get(t) === 'open') next.set(r, next.get(r)!.filter((x) => x !== t));
      else if (!state.has(t)) visit(t);
    }
    state.set(r, 'done');
    topo.push(r);
  };
  for (const r of roles) if (!state.has(r)) visit(r);
  const layer = new Map(roles.map((r) => [r, 0]));
  for (const r of topo.reverse()) for (const t of next.get(r) ?? []) layer.set(t, Math.max(layer.get(t)!, layer.get(r)! + 1));
  // Each layer's roles side by side in one order, each as long as its longest box, the layers centred on each other;
  // a box stands in the middle of its role's room.
  const first = new Map<string, GraphNode>();
  for (const n of view.nodes) {
    const r = roleOf.get(n.id);
    if (r !== undefined && !first.has(r)) first.set(r, n);
  }
  const room = new Map<string, number>();
  for (const [id, r] of roleOf) room.set(r, Math.max(room.get(r) ?? 0, size(id)));
  const layers = new Map<number, string[]>();
  for (const r of roles) layers.set(layer.get(r)!, [...(layers.get(layer.get(r)!) ?? []), r]);
  const length = (rs: readonly string[]) => rs.reduce((sum, r) => sum + room.get(r)!, 0) + gap * (rs.length - 1);
  const widest = Math.max(...[...layers.values()].map(length));
  const start = new Map<string, number>();
  for (const rs of layers.values()) {
    rs.sort((a, b) => workerRank(first.get(a)!) - workerRank(first.get(b)!) || order.get(first.get(a)!.id)! - order.get(first.get(b)!.id)!);
    let at = (widest - length(rs)) / 2;
    for (const r of rs) {
      start.set(r, at);
      at += room.get(r)! + gap;
    }
  }
  const out = new Map<string, TemplatePlace[]>();
  for (const h of hosts) {
    out.set(
      h.id,
      kidsOf.get(h.id)!.map((n) => {
        const r = roleOf.get(n.id)!;
        return { id: n.id, layer: layer.get(r)!, across: Math.round(start.get(r)! + (room.get(r)! - size(n.id)) / 2) };
      }),
    );
  }
  return out;
}

/** Where the template puts a worker's box: its layer, and its place across the layer (px from the worker's inner edge). */
interface TemplatePlace {
  id: string;
  layer: number;
  across: number;
}

/**
 * Edges are given to ELK pointing from the earlier-listed node to the later
 * one, so the drawing reads in the order the view lists things (client,
 * control plane, then workers) whichever side started the conversation.
 */
function elkEdge(e: GraphEdge, reversed: boolean, spine: boolean): ElkExtendedEdge {
  const edge: ElkExtendedEdge = reversed ? { id: e.id, sources: [e.to], targets: [e.from] } : { id: e.id, sources: [e.from], targets: [e.to] };
  // The flow's main path (into steps that go on) is drawn as a straight spine; exits branch off it.
  if (spine) edge.layoutOptions = { 'elk.layered.priority.straightness': '10', 'elk.layered.priority.direction': '10' };
  return edge;
}

function collectNodes(elkNode: ElkNode, out: Map<string, ElkNode>): void {
  for (const c of elkNode.children ?? []) {
    out.set(c.id, c);
    collectNodes(c, out);
  }
}

function laidNode(n: GraphNode, e: ElkNode, prep: Prepared): LaidNode {
  const x = e.x ?? 0;
  const y = e.y ?? 0;
  const width = e.width ?? 0;
  const height = e.height ?? 0;
  const at = (l: LaidLabel): LaidLabel => ({ ...l, x: x + l.x, y: y + l.y });
  const box = prep.boxes.get(n.id);
  const header = box ? undefined : groupHeader(n, width, prep.headers.get(n.id)?.mode);
  const label = at(box ? box.label : header!.label);
  const sub = box ? box.sublabel : header!.sublabel;
  const role = prep.groups.has(n.id) ? 'group' : n.shape;
  const out: LaidNode = { id: n.id, parent: n.parent, kind: role, x, y, width, height, label, emphasis: n.emphasis, steps: [...n.steps] };
  if (sub) out.sublabel = at(sub);
  if (n.icon !== 'none') out.icon = n.icon;
  if (header?.tags) out.tags = header.tags.map((t) => ({ ...t, ...at(t) }));
  if (n.crossed) out.crossed = true;
  return out;
}

function laidEdge(e: GraphEdge, elkEdge: ElkExtendedEdge): LaidEdge {
  const points: { x: number; y: number }[] = [];
  for (const s of elkEdge.sections ?? []) {
    points.push(s.startPoint, ...(s.bendPoints ?? []), s.endPoint);
  }
  if (elkEdge.sources[0] !== e.from) points.reverse();
  const out: LaidEdge = { id: e.id, from: e.from, to: e.to, points, emphasis: e.emphasis, arrow: 'plain', steps: [...e.steps] };
  if (e.number !== undefined) out.number = e.number;
  if (e.dashed) out.dashed = true;
  if (e.failedSteps !== undefined) out.failedSteps = [...e.failedSteps];
  return out;
}

export interface Placed {
  nodes: LaidNode[];
  edges: LaidEdge[];
  width: number;
  height: number;
}

/** Model-order options, which some ELK versions trip over on unusual graphs. */
const MODEL_ORDER_KEYS = ['elk.layered.considerModelOrder.strategy', 'elk.layered.crossingMinimization.forceNodeModelOrder'];

/** How to lay a graph out: direction, and for architecture the stacked grid (gridEdges) and the boxes outside the cluster reversed. */
export interface ElkPlan {
  direction: 'RIGHT' | 'DOWN';
  stacked?: boolean;
  actorsReversed?: boolean;
  /** The tight layout (TIGHT), tried last when nothing else fits a slide. */
  tight?: boolean;
  /** For a docs column (graph.ts): the boxes under the control plane (workers, objects) in rows of this many; the control plane stacked (gridEdges). */
  rowCols?: number;
  /** For a docs column (graph.ts): ELK's simple node placement (simplify), each layer's boxes side by side from the middle. */
  simple?: boolean;
  /** For a docs column (graph.ts): the objects box's objects one over the other, as narrow as a worker (gridEdges). */
  objectsStacked?: boolean;
  /** Edges' tracks this many px apart (one of WIDE_TRACKS; widenTracks), tried last on the layout chosen (graph.ts widened). */
  wideTracks?: number;
  /** For a docs column's rows (rowCols): the boxes that talk to no worker (quiet objects, unscheduled Pods) after the workers (gridEdges). */
  workersFirst?: boolean;
}

/**
 * The tight layout: Brandes-Köpf node placement, which stacks a layer's boxes from the top instead of centring them on
 * their edges (network simplex lines a worker up with the Service box that sends it traffic, leaving a band above it),
 * and edges closer to the boxes they pass. Measured on service-types at summary (issue 9, traffic through the Service
 * boxes): the compact left-to-right layout 1288×912, this one 1240×761.
 */
const TIGHT: LayoutOptions = { 'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF', 'elk.spacing.edgeNode': '8', 'elk.layered.spacing.edgeNodeBetweenLayers': '6' };

/** The tight options on the root and every group (each carries its own spacing). */
function tighten(node: ElkNode): void {
  // Not the workers' own placement: they are drawn from their template (workerTemplate).
  const own: LayoutOptions = node.layoutOptions?.['elk.layered.nodePlacement.strategy'] === 'INTERACTIVE' ? { 'elk.layered.nodePlacement.strategy': 'INTERACTIVE' } : {};
  if (node.layoutOptions?.['elk.spacing.nodeNode'] !== undefined) node.layoutOptions = { ...node.layoutOptions, ...TIGHT, ...own };
  for (const c of node.children ?? []) tighten(c);
}

/**
 * ELK's simple node placement on the root and every group: each layer's boxes side by side from the middle, not moved
 * onto the edges that join them (network simplex, Brandes-Köpf), which in a docs column stands each row of workers a
 * step further right than the boxes above it feed (service-types: the objects left, worker-1 under their Services,
 * worker-2 and -3 beyond, 1066 px wide; the same rows with the simple placement 880 px).
 */
function simplify(node: ElkNode): void {
  // Not the workers' own placement: they are drawn from their template (workerTemplate).
  if (node.layoutOptions?.['elk.spacing.nodeNode'] !== undefined && node.layoutOptions['elk.layered.nodePlacement.strategy'] !== 'INTERACTIVE') node.layoutOptions = { ...node.layoutOptions, 'elk.layered.nodePlacement.strategy': 'SIMPLE' };
  for (const c of node.children ?? []) simplify(c);
}

/**
 * The gaps (px) between two edges' tracks in the wide layouts, widest first: more than the regular architecture gap
 * (spacing: 6 px between layers, 8 within one), which keeps dense pictures on a slide, but makes edges running side by
 * side into the API server read as one thick line once the picture is scaled (gallery review D6). 10 px leaves a track
 * that graph-tracks.ts moves a little still clear of checks.ts TRACK_GAP; 8 px is TRACK_GAP itself, for a picture
 * that 10 px pushes off its slide. graph.ts widened takes the first that fits as well.
 */
export const WIDE_TRACKS = [10, 8] as const;

/** Tracks `gap` px apart on the root and every group (each carries its own spacing). */
function widenTracks(node: ElkNode, gap: number): void {
  if (node.layoutOptions?.['elk.spacing.nodeNode'] !== undefined) node.layoutOptions = { ...node.layoutOptions, 'elk.spacing.edgeEdge': String(gap), 'elk.layered.spacing.edgeEdgeBetweenLayers': String(gap) };
  for (const c of node.children ?? []) widenTracks(c, gap);
}

export async function runElk(view: GraphView, prep: Prepared, plan: ElkPlan): Promise<Placed> {
  const graph = buildElkGraph(view, prep, plan.direction, plan.stacked ?? false, plan.actorsReversed ?? false, plan.rowCols, plan.objectsStacked ?? false, plan.workersFirst ?? false);
  if (plan.tight === true) tighten(graph);
  if (plan.wideTracks !== undefined) widenTracks(graph, plan.wideTracks);
  if (plan.simple === true) simplify(graph);
  let result: ElkNode;
  try {
    result = await elkCache.layout(graph, (g) => elk.layout(structuredClone(g)));
  } catch {
    // Still deterministic: the same graph always takes the same path.
    for (const k of MODEL_ORDER_KEYS) delete graph.layoutOptions![k];
    result = await elkCache.layout(graph, (g) => elk.layout(g));
  }
  const elkNodes = new Map<string, ElkNode>();
  collectNodes(result, elkNodes);
  const elkEdges = new Map((result.edges ?? []).map((e) => [e.id, e]));
  const nodes = view.nodes.filter((n) => elkNodes.has(n.id)).map((n) => laidNode(n, elkNodes.get(n.id)!, prep));
  const edges: LaidEdge[] = [];
  const byId = new Map(view.edges.map((e) => [e.id, e]));
  for (const e of view.edges) {
    const rep = prep.route.get(e.id) ?? '';
    const routed = elkEdges.get(rep) ?? (byId.has(rep) ? joinValley(byId.get(rep)!, elkEdges) : undefined);
    if (routed) edges.push(laidEdge(e, routed));
  }
  if (view.kind === 'architecture') {
    // Twin workers one size: each layer as far down as in the worker of the row where edges pushed it furthest, each box
    // as near the worker's side as in the worker where it stands nearest (summary workers too, which no template places).
    equaliseTwins(nodes, edges, workersWithBoxes(view), plan.direction);
    shareRoutes(edges);
    const before = new Map(edges.map((e) => [e, JSON.stringify(e.points)]));
    restoreRowOrder(view.nodes, nodes, edges);
    // Routes bent after a box moved double back or climb in steps: cut short, then every shared line split.
    const reordered = edges.filter((e) => JSON.stringify(e.points) !== before.get(e));
    straightenRoutes(nodes, reordered);
    // Ends on one side of a box back in the order of the routes that reach them, where the row order crossed them.
    orderEnds(nodes, edges, reordered);
    // Edges into the boxes of a worker drawn from its template (workerTemplate) enter where ELK put the worker's border
    // port, which interactive placement leaves at the worker's side, not above the box: cut short too, clear of headers.
    const templated = new Set(view.nodes.filter((n) => n.parent !== null && drawnFromTemplate(view).has(n.parent)).map((n) => n.id));
    const intoTemplated = edges.filter((e) => templated.has(e.from) || templated.has(e.to));
    straightenRoutes(nodes, intoTemplated, true);
    straightenJogs(nodes, intoTemplated);
    // So are the short edges between two boxes of one group (a summary worker's kubelet and its Pods, which no template
    // places): a jog of a few px where ELK's ports missed each other leaves no room for their row of badges.
    const parentOf = new Map(view.nodes.map((n) => [n.id, n.parent]));
    straightenJogs(nodes, edges.filter((e) => !intoTemplated.includes(e) && parentOf.get(e.from) === parentOf.get(e.to)));
    separateBuses(nodes, edges);
    squareRoutes(edges);
    shortenDetours(nodes, edges);
    clearHeaders(nodes, edges);
    sideExits(nodes, edges);
    // A pair that the passes above moved apart (one direction shortened or re-tracked, not the other) drawn as one line again.
    shareRoutes(edges);
  }
  return { nodes, edges, width: result.width ?? 0, height: result.height ?? 0 };
}

/**
 * Edges between the same two boxes that ELK routed apart (A → B and B → A
 * given as two ELK edges) are drawn on the first one's route, so the pair
 * reads as one line with its badges side by side, not as two lines a few
 * pixels apart.
 */
function shareRoutes(edges: LaidEdge[]): void {
  const first = new Map<string, LaidEdge>();
  for (const e of edges) {
    const key = [e.from, e.to].sort().join('\u0000');
    const f = first.get(key);
    if (f === undefined) {
      first.set(key, e);
      continue;
    }
    if (f.points.length < 2) continue;
    e.points = (f.from === e.from ? f.points : [...f.points].reverse()).map((p) => ({ ...p }));
  }
}
