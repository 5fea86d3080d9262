import type { ArchitectureView, Emphasis, FlowchartView, GraphEdge, GraphNode } from '../../views/types.ts';
import { IdAllocator, plantUmlText } from '../escape.ts';
import { EMPHASIS_STYLE } from '../mermaid/palette.ts';
import { graphTree, isContainer, type GraphTree } from '../mermaid/tree.ts';
import { titleLines } from './sequence.ts';
import { edgeText } from '../edge-text.ts';

/**
 * Architecture and flowchart as a PlantUML deployment-style diagram: groups
 * are `rectangle … { }`, components `component`, decisions `hexagon`-like
 * `card`s, terminals `usecase` ovals; edges carry their number and label, the
 * emphasis as an inline arrow colour.
 */
export function graphToPlantUml(view: ArchitectureView | FlowchartView): string {
  const tree = graphTree(view.nodes);
  const alloc = new IdAllocator();
  const known = new Map(view.nodes.map((n) => [n.id, alloc.get(isContainer(tree, n) ? 'g' : 'n', n.id)]));
  const ids = (viewId: string) => known.get(viewId) ?? alloc.get('u', viewId);
  const lines = ['@startuml', ...titleLines(view.title)];
  if (view.kind === 'architecture') lines.push('left to right direction');
  for (const root of tree.roots) emitNode(root, tree, ids, lines, '');
  for (const edge of view.edges) lines.push(edgeLine(edge, ids, view.kind === 'architecture'));
  lines.push('@enduml');
  return `${lines.join('\n')}\n`;
}

function emitNode(node: GraphNode, tree: GraphTree, ids: (id: string) => string, out: string[], indent: string): void {
  const label = node.sublabel ? `${plantUmlText(node.label)}\\n${plantUmlText(node.sublabel)}` : plantUmlText(node.label);
  const head = `${indent}${keyword(node, tree)} "${label}" as ${ids(node.id)}${nodeStyle(node.emphasis)}`;
  if (!isContainer(tree, node)) {
    out.push(head);
    return;
  }
  out.push(`${head} {`);
  for (const child of tree.children.get(node.id) ?? []) emitNode(child, tree, ids, out, `${indent}  `);
  out.push(`${indent}}`);
}

function keyword(node: GraphNode, tree: GraphTree): string {
  if (isContainer(tree, node)) return node.icon === 'node' ? 'node' : 'rectangle';
  switch (node.shape) {
    case 'decision':
      return 'card';
    case 'terminal':
      return 'usecase';
    case 'process':
      return 'rectangle';
    default:
      return 'component';
  }
}

/** Inline element colours (`#line:…;line.bold`), available since PlantUML 1.2019. */
function nodeStyle(emphasis: Emphasis): string {
  if (emphasis === 'normal') return '';
  const s = EMPHASIS_STYLE[emphasis];
  const line = `#line:${s.stroke.slice(1)}`;
  if (emphasis === 'faint') return ` ${line};line.dashed`;
  return ` ${line};line.bold`;
}

function edgeLine(edge: GraphEdge, ids: (id: string) => string, numbered: boolean): string {
  const label = edgeText(edge, numbered);
  const text = label === '' ? '' : ` : ${plantUmlText(label)}`;
  return `${ids(edge.from)} ${arrowOf(edge)} ${ids(edge.to)}${text}`;
}

/** `-->`, or `-[#colour,bold|dashed]->` for emphasised and dashed edges. */
function arrowOf(edge: GraphEdge): string {
  const style: string[] = [];
  if (edge.emphasis !== 'normal') {
    style.push(EMPHASIS_STYLE[edge.emphasis].stroke);
    if (edge.emphasis !== 'faint') style.push('bold');
  }
  if (edge.dashed || edge.emphasis === 'faint') style.push('dashed');
  return style.length === 0 ? '-->' : `-[${style.join(',')}]->`;
}
