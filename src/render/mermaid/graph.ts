import type { ArchitectureView, Emphasis, FlowchartView, GraphEdge, GraphNode } from '../../views/types.ts';
import { IdAllocator, mermaidText } from '../escape.ts';
import { EMPHASIS_ORDER, EMPHASIS_STYLE } from './palette.ts';
import { graphTree, isContainer, type GraphTree } from './tree.ts';
import { frontMatter } from './front-matter.ts';
import { edgeText } from '../edge-text.ts';

/**
 * Architecture (`flowchart LR`, hosts and groups as nested subgraphs, numbered
 * edges) and flowchart (`flowchart TD`, the taken path styled) share one
 * emitter: both are nested boxes and labelled edges.
 */
export function graphToMermaid(view: ArchitectureView | FlowchartView): string {
  const direction = view.kind === 'architecture' ? 'LR' : 'TD';
  const tree = graphTree(view.nodes);
  const ids = nodeIds(view.nodes, tree);
  const lines = [...frontMatter(view.title), `flowchart ${direction}`];
  for (const root of tree.roots) emitNode(root, tree, ids, lines, '  ');
  view.edges.forEach((edge) => lines.push(`  ${edgeLine(edge, ids, view.kind === 'architecture')}`));
  lines.push(...classLines(view.nodes, ids), ...linkStyleLines(view.edges));
  return `${lines.join('\n')}\n`;
}

/** Maps view ids to Mermaid ids; also covers edge ends that name no node. */
interface NodeIds {
  of(viewId: string): string;
}

/** Groups get a `g_` prefix and everything else `n_`, so the text reads well. */
function nodeIds(nodes: readonly GraphNode[], tree: GraphTree): NodeIds {
  const alloc = new IdAllocator();
  const known = new Map(nodes.map((n) => [n.id, alloc.get(isContainer(tree, n) ? 'g' : 'n', n.id)]));
  // An edge to an unknown node still gets a safe id (Mermaid draws a plain box).
  return { of: (viewId) => known.get(viewId) ?? alloc.get('u', viewId) };
}

/** Subgraph titles have room for one line only, so a group's sublabel follows a `·`. */
function nodeText(node: GraphNode, container = false): string {
  if (!node.sublabel) return mermaidText(node.label);
  if (container) return mermaidText(`${node.label} · ${node.sublabel}`);
  return `${mermaidText(node.label)}<br>${mermaidText(node.sublabel)}`;
}

function emitNode(node: GraphNode, tree: GraphTree, ids: NodeIds, out: string[], indent: string): void {
  const id = ids.of(node.id);
  if (!isContainer(tree, node)) {
    out.push(`${indent}${id}${shapeOf(node, nodeText(node))}`);
    return;
  }
  out.push(`${indent}subgraph ${id}["${nodeText(node, true)}"]`);
  for (const child of tree.children.get(node.id) ?? []) emitNode(child, tree, ids, out, `${indent}  `);
  out.push(`${indent}end`);
}

function shapeOf(node: GraphNode, text: string): string {
  switch (node.shape) {
    case 'decision':
      return `{"${text}"}`;
    case 'terminal':
      return `(["${text}"])`;
    default:
      return `["${text}"]`;
  }
}

function edgeLine(edge: GraphEdge, ids: NodeIds, numbered: boolean): string {
  const arrow = edge.dashed ? '-.->' : edge.emphasis === 'taken' ? '==>' : '-->';
  const label = edgeText(edge, numbered);
  const text = label === '' ? '' : `|"${mermaidText(label)}"|`;
  return `${ids.of(edge.from)} ${arrow}${text} ${ids.of(edge.to)}`;
}

function classLines(nodes: readonly GraphNode[], ids: NodeIds): string[] {
  const lines: string[] = [];
  for (const emphasis of EMPHASIS_ORDER) {
    const members = nodes.filter((n) => n.emphasis === emphasis).map((n) => ids.of(n.id));
    if (members.length === 0) continue;
    const s = EMPHASIS_STYLE[emphasis];
    const extra = s.opacity !== undefined ? `,opacity:${s.opacity}` : '';
    lines.push(`  classDef ${emphasis} stroke:${s.stroke},stroke-width:${s.width}px${extra}`);
    lines.push(`  class ${members.join(',')} ${emphasis}`);
  }
  return lines;
}

/** `linkStyle` addresses edges by their index in emission order. */
function linkStyleLines(edges: readonly GraphEdge[]): string[] {
  const lines: string[] = [];
  for (const emphasis of EMPHASIS_ORDER) {
    const indices = edges.flatMap((e, i) => (e.emphasis === emphasis ? [i] : []));
    if (indices.length === 0) continue;
    lines.push(`  linkStyle ${indices.join(',')} ${linkStyle(emphasis)}`);
  }
  return lines;
}

function linkStyle(emphasis: Exclude<Emphasis, 'normal'>): string {
  const s = EMPHASIS_STYLE[emphasis];
  const dash = s.dash ? `,stroke-dasharray:${s.dash}` : '';
  return `stroke:${s.stroke},stroke-width:${s.width}px${dash}`;
}
