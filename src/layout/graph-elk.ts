/**
 * Graph layout, step 2: the ELK graph (layered, orthogonal routing, nested
 * groups via INCLUDE_CHILDREN, model-order options so the result is
 * deterministic and follows the view's order), and reading the result back
 * as absolute geometry.
 */
import ElkBundled from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode, LayoutOptions } from 'elkjs/lib/elk-api.js';
import type { GraphEdge, GraphNode } from '../views/types.ts';
import type { LaidEdge, LaidLabel, LaidNode } from './types.ts';
import { groupHeader, type GroupHeader } from './boxes.ts';
import type { GraphView, Prepared } from './graph-prepare.ts';
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

export interface Placed {
  nodes: LaidNode[];
  edges: LaidEdge[];
  width: number;
  height: number;
}

/** Model-order options, which some ELK versions trip over on unusual graphs. */
const MODEL_ORDER_KEYS = ['elk.layered.considerModelOrder.strategy', 'elk.layered.crossingMinimization.forceNodeModelOrder'];

export async function runElk(view: GraphView, prep: Prepared, direction: 'RIGHT' | 'DOWN'): Promise<Placed> {
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
