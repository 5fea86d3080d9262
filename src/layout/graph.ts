/**
 * Architecture and flowchart layout with ELK (layered, orthogonal routing,
 * nested groups via INCLUDE_CHILDREN). Model-order options keep the result
 * deterministic and close to the order the view lists things in.
 */
import ElkBundled from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode, LayoutOptions } from 'elkjs/lib/elk-api.js';
import type { ArchitectureView, FlowchartView, GraphEdge, GraphNode } from '../views/types.ts';
import type { LaidEdge, LaidLabel, LaidNode, LaidOut } from './types.ts';
import { componentBox, componentNeed, decisionBox, edgeLabelBox, groupHeader, terminalBox, type GroupHeader, type SizedBox } from './boxes.ts';
import { layoutLegend } from './legend.ts';
import { placeBadges, placeTextLabels } from './badges.ts';
import { roundLaidOut, shiftEdge, shiftNode, titleNode } from './frame.ts';
import { SPACE } from './style.ts';

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

function rootOptions(direction: 'RIGHT' | 'DOWN'): LayoutOptions {
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
    ...SPACING,
    'elk.spacing.edgeNode': '20',
    'elk.layered.spacing.edgeNodeBetweenLayers': '20',
    'elk.spacing.edgeEdge': '14',
    'elk.layered.spacing.edgeEdgeBetweenLayers': '14',
    'elk.spacing.edgeLabel': '6',
    'elk.spacing.labelNode': '8',
    'elk.spacing.componentComponent': '48',
    'elk.layered.mergeEdges': 'false',
    // Keep unconnected boxes (idle workers) in the view's order instead of packing them by size.
    'elk.separateConnectedComponents': 'false',
    'elk.padding': '[top=0,left=0,bottom=0,right=0]',
  };
}

type GraphView = ArchitectureView | FlowchartView;

interface Prepared {
  boxes: Map<string, SizedBox>;
  groups: Set<string>;
  /** Header layout per group, decided from a lower bound of its width. */
  headers: Map<string, GroupHeader>;
  /** View edge id → id of the edge whose ELK route draws it. */
  route: Map<string, string>;
}

/** Sizes every node; components and process steps of one view share one size for a tidy grid. */
function prepare(view: GraphView): Prepared {
  // A node with children is drawn as a group whatever its shape says.
  const ids = new Set(view.nodes.map((n) => n.id));
  const parents = view.nodes.map((n) => n.parent).filter((p): p is string => p !== null && ids.has(p));
  const groups = new Set([...view.nodes.filter((n) => n.shape === 'group').map((n) => n.id), ...parents]);
  const uniform = view.nodes.filter((n) => (n.shape === 'component' || n.shape === 'process') && !groups.has(n.id));
  let w = 0;
  let h = 0;
  for (const n of uniform) {
    const need = componentNeed(n);
    w = Math.max(w, need.width);
    h = Math.max(h, need.height);
  }
  const boxes = new Map<string, SizedBox>();
  for (const n of view.nodes) {
    if (groups.has(n.id)) continue;
    if (n.shape === 'decision') boxes.set(n.id, decisionBox(n));
    else if (n.shape === 'terminal') boxes.set(n.id, terminalBox(n));
    else boxes.set(n.id, componentBox(n, w, h));
  }
  return { boxes, groups, headers: groupHeaders(view, boxes, groups), route: routes(view) };
}

/**
 * A group is at least as wide as its widest child plus padding; if its header
 * does not fit that on one line, the sublabel goes under the label (ELK's
 * minimum-size option misbehaves with nested groups, so we adapt the header
 * rather than force the width).
 */
function groupHeaders(view: GraphView, boxes: Map<string, SizedBox>, groups: Set<string>): Map<string, GroupHeader> {
  const children = new Map<string, GraphNode[]>();
  for (const n of view.nodes) if (n.parent !== null) children.set(n.parent, [...(children.get(n.parent) ?? []), n]);
  const width = new Map<string, number>();
  const estimate = (n: GraphNode): number => {
    const known = width.get(n.id);
    if (known !== undefined) return known;
    const box = boxes.get(n.id);
    let w = box ? box.width : 0;
    if (!box) {
      const kids = children.get(n.id) ?? [];
      w = kids.length > 0 ? Math.max(...kids.map(estimate)) + 2 * SPACE.groupSide : groupHeader(n, 0, 'one-line').naturalWidth;
    }
    width.set(n.id, w);
    return w;
  };
  const out = new Map<string, GroupHeader>();
  for (const n of view.nodes) if (groups.has(n.id)) out.set(n.id, groupHeader(n, estimate(n)));
  return out;
}

function groupOptions(header: GroupHeader): LayoutOptions {
  // When the header needs more room than the content gives, pad both sides
  // (ELK's minimum-size option misbehaves for nested groups).
  const extra = Math.max(0, Math.ceil(header.needWidth - header.estimate) / 2);
  const side = SPACE.groupSide + extra;
  return {
    ...SPACING,
    'elk.padding': `[top=${header.top},left=${side},bottom=${SPACE.groupSide},right=${side}]`,
  };
}

function buildElkGraph(view: GraphView, prep: Prepared, direction: 'RIGHT' | 'DOWN'): ElkNode {
  const root: ElkNode = { id: '__root', layoutOptions: rootOptions(direction), children: [], edges: [] };
  const byId = new Map<string, ElkNode>();
  const order = new Map(view.nodes.map((n, i) => [n.id, i]));
  const continues = new Set(view.edges.map((e) => e.from));
  const hasChildren = new Set(view.nodes.map((n) => n.parent).filter((p): p is string => p !== null));
  for (const n of view.nodes) {
    const elkNode: ElkNode = { id: n.id };
    if (prep.groups.has(n.id)) {
      const header = prep.headers.get(n.id)!;
      elkNode.layoutOptions = groupOptions(header);
      elkNode.children = [];
      if (!hasChildren.has(n.id)) {
        elkNode.width = Math.ceil(header.naturalWidth);
        elkNode.height = header.top + 24;
      }
    } else {
      const box = prep.boxes.get(n.id)!;
      elkNode.width = box.width;
      elkNode.height = box.height;
    }
    byId.set(n.id, elkNode);
  }
  // Second pass, so a parent listed after its child still receives it.
  for (const n of view.nodes) {
    const parent = n.parent !== null ? byId.get(n.parent) : undefined;
    (parent?.children ?? root.children!).push(byId.get(n.id)!);
  }
  // Edges go to ELK in the order of the nodes they join (not in the order they
  // were numbered), so model-order layout keeps worker-1 before worker-2.
  const ends = (e: GraphEdge) => [order.get(e.from)!, order.get(e.to)!].sort((a, b) => a - b);
  const routed = view.edges.filter((e) => prep.route.get(e.id) === e.id);
  const sorted = routed
    .map((e, i) => ({ e, i, k: ends(e) }))
    .sort((a, b) => a.k[1]! - b.k[1]! || a.k[0]! - b.k[0]! || a.i - b.i)
    .map((x) => x.e);
  for (const e of sorted) {
    root.edges!.push(elkEdge(e, order.get(e.to)! < order.get(e.from)!, view.kind === 'flowchart' && continues.has(e.to)));
  }
  return root;
}

/**
 * Which ELK edge draws each view edge. Numbered or unlabelled edges between
 * the same two nodes share one route (their badges sit side by side on it),
 * so a busy API server does not sprout a fan of parallel lines.
 */
function routes(view: GraphView): Map<string, string> {
  const ids = new Set(view.nodes.map((n) => n.id));
  const parentOf = new Map(view.nodes.map((n) => [n.id, n.parent]));
  const byPair = new Map<string, string>();
  const route = new Map<string, string>();
  for (const e of view.edges) {
    if (!ids.has(e.from) || !ids.has(e.to)) continue;
    if (ancestorOf(e.from, e.to, parentOf) || ancestorOf(e.to, e.from, parentOf)) continue;
    if (textLabel(e, view.kind)) {
      route.set(e.id, e.id);
      continue;
    }
    const pair = [e.from, e.to].sort().join('\u0000');
    const rep = byPair.get(pair) ?? e.id;
    byPair.set(pair, rep);
    route.set(e.id, rep);
  }
  return route;
}

/** True when `a` is an ancestor of `b`: such an edge would run inside the box it leaves. */
function ancestorOf(a: string, b: string, parentOf: Map<string, string | null>): boolean {
  let p = parentOf.get(b) ?? null;
  while (p !== null) {
    if (p === a) return true;
    p = parentOf.get(p) ?? null;
  }
  return false;
}

/** Numbered edges get a badge on the line, placed after layout. */
function hasBadge(e: GraphEdge, kind: GraphView['kind']): boolean {
  return e.number !== undefined && (kind === 'architecture' || !e.label);
}

/** Edges that carry a text label (on a pill) rather than a number badge. */
function textLabel(e: GraphEdge, kind: GraphView['kind']): LaidLabel | undefined {
  return e.label && !hasBadge(e, kind) ? edgeLabelBox(e.label) : undefined;
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
  const out: LaidNode = { id: n.id, parent: n.parent, role, x, y, width, height, label, emphasis: n.emphasis, steps: [...n.steps] };
  if (sub) out.sublabel = at(sub);
  if (n.icon !== 'none') out.icon = n.icon;
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
  return out;
}

interface Placed {
  nodes: LaidNode[];
  edges: LaidEdge[];
  width: number;
  height: number;
}

/** Model-order options, which some ELK versions trip over on unusual graphs. */
const MODEL_ORDER_KEYS = ['elk.layered.considerModelOrder.strategy', 'elk.layered.crossingMinimization.forceNodeModelOrder'];

async function runElk(view: GraphView, prep: Prepared, direction: 'RIGHT' | 'DOWN'): Promise<Placed> {
  const graph = buildElkGraph(view, prep, direction);
  let result: ElkNode;
  try {
    result = await elk.layout(structuredClone(graph));
  } catch {
    // Still deterministic: the same graph always takes the same path.
    for (const k of MODEL_ORDER_KEYS) delete graph.layoutOptions![k];
    result = await elk.layout(graph);
  }
  const elkNodes = new Map<string, ElkNode>();
  collectNodes(result, elkNodes);
  const elkEdges = new Map((result.edges ?? []).map((e) => [e.id, e]));
  const nodes = view.nodes.filter((n) => elkNodes.has(n.id)).map((n) => laidNode(n, elkNodes.get(n.id)!, prep));
  const edges: LaidEdge[] = [];
  for (const e of view.edges) {
    const routed = elkEdges.get(prep.route.get(e.id) ?? '');
    if (routed) edges.push(laidEdge(e, routed));
  }
  return { nodes, edges, width: result.width ?? 0, height: result.height ?? 0 };
}

/** How large the drawing appears when fitted onto a 1280×800 slide (bigger is better). */
function slideScale(p: Placed): number {
  return Math.min(1280 / (p.width + 2 * SPACE.margin), 800 / (p.height + 140));
}

/**
 * Architecture reads top-down (client, control plane, workers) unless that
 * comes out much taller than wide, in which case left-to-right is tried and the one
 * that shows larger on a slide wins. Flowcharts always run top-down.
 */
async function bestLayout(view: GraphView, prep: Prepared): Promise<Placed> {
  const down = await runElk(view, prep, 'DOWN');
  // ELK is the expensive part of rendering: only try the other direction when top-down is really tall.
  if (view.kind === 'flowchart' || down.height < down.width * 1.6) return down;
  const right = await runElk(view, prep, 'RIGHT');
  return slideScale(right) > slideScale(down) * 1.05 ? right : down;
}

export async function layoutGraph(view: GraphView): Promise<LaidOut> {
  const prep = prepare(view);
  const placed = await bestLayout(view, prep);
  const numbered = new Set(view.edges.filter((e) => hasBadge(e, view.kind)).map((e) => e.id));
  const texts = new Map<string, LaidLabel>();
  for (const e of view.edges) {
    const t = textLabel(e, view.kind);
    if (t) texts.set(e.id, t);
  }
  placeTextLabels(placed.nodes, placed.edges, texts);
  placeBadges(placed.nodes, placed.edges, numbered);

  const title = titleNode(view.title, placed.width, view.steps.length > 0);
  const dx = SPACE.margin;
  const dy = title.bottom;
  const nodes = [title.node, ...placed.nodes.map((n) => shiftNode(n, dx, dy))];
  const edges = placed.edges.map((e) => shiftEdge(e, dx, dy));

  let width = Math.max(placed.width, title.node.width) + 2 * SPACE.margin;
  let height = dy + placed.height + SPACE.margin;
  if (view.kind === 'architecture' && view.legend.length > 0) {
    const legend = layoutLegend(view.legend, SPACE.margin, height - SPACE.margin + 28, width - 2 * SPACE.margin);
    nodes.push(...legend);
    width = Math.max(width, legend[0]!.width + 2 * SPACE.margin);
    height = legend[0]!.y + legend[0]!.height + SPACE.margin;
  }
  return roundLaidOut({ view: view.kind, title: view.title, width, height, nodes, edges, steps: view.steps });
}
