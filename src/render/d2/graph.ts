import type { ArchitectureView, Emphasis, FlowchartView, GraphEdge, GraphNode } from '../../views/types.ts';
import { IdAllocator, d2String } from '../escape.ts';
import { EMPHASIS_STYLE } from '../mermaid/palette.ts';
import { graphTree, isContainer, type GraphTree } from '../mermaid/tree.ts';
import { d2Title } from './title.ts';
import { edgeText } from '../edge-text.ts';

/**
 * Architecture (`direction: right`, nested containers, numbered edges) and
 * flowchart (`direction: down`, diamonds and ovals, the taken path styled).
 * Nodes are addressed by their full container path (`g_cp.n_apiserver`).
 */
export function graphToD2(view: ArchitectureView | FlowchartView): string {
  const tree = graphTree(view.nodes);
  const paths = nodePaths(view.nodes, tree);
  const lines = [`direction: ${view.kind === 'architecture' ? 'right' : 'down'}`, ...d2Title(view.title)];
  for (const root of tree.roots) emitNode(root, tree, paths, lines, '');
  for (const edge of view.edges) lines.push(...edgeLines(edge, paths, view.kind === 'architecture'));
  return `${lines.join('\n')}\n`;
}

interface NodePaths {
  /** Key of the node within its container. */
  key(viewId: string): string;
  /** Full path from the root, for edges. */
  path(viewId: string): string;
}

function nodePaths(nodes: readonly GraphNode[], tree: GraphTree): NodePaths {
  const alloc = new IdAllocator();
  const keys = new Map(nodes.map((n) => [n.id, alloc.get(isContainer(tree, n) ? 'g' : 'n', n.id)]));
  const parentOf = new Map<string, string>();
  for (const [parent, children] of tree.children) for (const c of children) parentOf.set(c.id, parent);
  const key = (viewId: string) => keys.get(viewId) ?? alloc.get('u', viewId);
  const path = (viewId: string): string => {
    const parent = parentOf.get(viewId);
    return parent === undefined ? key(viewId) : `${path(parent)}.${key(viewId)}`;
  };
  return { key, path };
}

function emitNode(node: GraphNode, tree: GraphTree, paths: NodePaths, out: string[], indent: string): void {
  const label = node.sublabel ? `${node.label}\n${node.sublabel}` : node.label;
  const body = [...shapeLines(node), ...styleLines(node.emphasis, false)];
  const children = isContainer(tree, node) ? tree.children.get(node.id) ?? [] : [];
  if (body.length === 0 && children.length === 0) {
    out.push(`${indent}${paths.key(node.id)}: ${d2String(label)}`);
    return;
  }
  out.push(`${indent}${paths.key(node.id)}: ${d2String(label)} {`);
  for (const line of body) out.push(`${indent}  ${line}`);
  for (const child of children) emitNode(child, tree, paths, out, `${indent}  `);
  out.push(`${indent}}`);
}

function shapeLines(node: GraphNode): string[] {
  switch (node.shape) {
    case 'decision':
      return ['shape: diamond'];
    case 'terminal':
      return ['shape: oval'];
    default:
      return [];
  }
}

function styleLines(emphasis: Emphasis, edge: boolean, dashed = false): string[] {
  const lines: string[] = [];
  if (emphasis !== 'normal') {
    const s = EMPHASIS_STYLE[emphasis];
    lines.push(`style.stroke: "${s.stroke}"`, `style.stroke-width: ${s.width}`);
    if (s.opacity !== undefined) lines.push(`style.opacity: ${s.opacity}`);
    if (edge && s.dash !== undefined && !dashed) lines.push('style.stroke-dash: 4');
  }
  if (dashed) lines.push('style.stroke-dash: 4');
  return lines;
}

function edgeLines(edge: GraphEdge, paths: NodePaths, numbered: boolean): string[] {
  const label = edgeText(edge, numbered);
  const head = `${paths.path(edge.from)} -> ${paths.path(edge.to)}${label === '' ? '' : `: ${d2String(label)}`}`;
  const style = styleLines(edge.emphasis, true, edge.dashed === true);
  if (style.length === 0) return [head];
  return [`${head} {`, ...style.map((l) => `  ${l}`), '}'];
}
