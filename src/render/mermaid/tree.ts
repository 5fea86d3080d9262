import type { GraphNode } from '../../views/types.ts';

/**
 * The nesting of a graph view's nodes, in source order: the three text
 * emitters declare a node inside its group, so they walk this tree. A node
 * whose parent is unknown (or is itself) is treated as top level rather than
 * dropped, so a slightly inconsistent view still shows every node.
 */
export interface GraphTree {
  roots: GraphNode[];
  children: Map<string, GraphNode[]>;
}

export function graphTree(nodes: readonly GraphNode[]): GraphTree {
  const ids = new Set(nodes.map((n) => n.id));
  const roots: GraphNode[] = [];
  const children = new Map<string, GraphNode[]>();
  for (const node of nodes) {
    const parent = node.parent;
    if (parent === null || parent === node.id || !ids.has(parent)) {
      roots.push(node);
      continue;
    }
    const list = children.get(parent) ?? [];
    list.push(node);
    children.set(parent, list);
  }
  return { roots, children };
}

/** A group is drawn as a container when it is a group or has children. */
export function isContainer(tree: GraphTree, node: GraphNode): boolean {
  return node.shape === 'group' || (tree.children.get(node.id)?.length ?? 0) > 0;
}
