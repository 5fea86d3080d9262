import { describe, expect, it } from 'vitest';
import { restoreRowOrder } from '../../src/layout/graph-order.ts';
import type { LaidNode } from '../../src/layout/types.ts';
import type { GraphNode } from '../../src/views/types.ts';

function laid(id: string, x: number, kind: string, icon: LaidNode['icon'], parent: string | null = 'cluster'): LaidNode {
  return { id, parent, kind, x, y: 100, width: 100, height: 50, label: { text: id, x: x + 10, y: 110, width: 40, height: 16 }, ...(icon ? { icon } : {}), emphasis: 'normal', steps: [] };
}

function view(ids: string[]): GraphNode[] {
  return ids.map((id) => ({ id, label: id, icon: 'node', shape: 'group', parent: 'cluster', emphasis: 'normal', steps: [] }) as unknown as GraphNode);
}

describe('restoreRowOrder', () => {
  it('puts host groups into name order across the objects group, which moves to their right', () => {
    const nodes = [laid('host:worker-2', 0, 'group', 'node'), laid('objects', 120, 'group', undefined), laid('host:worker-1', 240, 'group', 'node'), laid('host:worker-3', 360, 'group', 'node')];
    const kubelet = laid('kubelet-1', 250, 'component', 'kubelet', 'host:worker-1');
    kubelet.y = 120;
    nodes.push(kubelet);
    restoreRowOrder(view(['host:worker-1', 'host:worker-2', 'host:worker-3', 'objects']), nodes, []);
    const row = nodes.filter((n) => n.parent === 'cluster').sort((a, b) => a.x - b.x).map((n) => n.id);
    expect(row).toEqual(['host:worker-1', 'host:worker-2', 'host:worker-3', 'objects']);
    expect(kubelet.x).toBe(10); // moved with its host
  });

  it('leaves components of one kind apart when another box sits between them', () => {
    const nodes = [laid('sched-2', 0, 'component', 'scheduler'), laid('etcd', 120, 'component', 'etcd'), laid('sched-1', 240, 'component', 'scheduler')];
    restoreRowOrder(view(['sched-1', 'sched-2', 'etcd']), nodes, []);
    expect(nodes.map((n) => n.x)).toEqual([0, 120, 240]);
  });
});
