import { describe, expect, it } from 'vitest';
import { trace } from './helpers.ts';

describe('watch fan-out', () => {
  it('a kubelet is notified only about pods bound to its node, first as ADDED', () => {
    const t = trace(`kubescene: v1
name: t
cluster:
  nodes:
    - { name: worker-1, cpu: "4", memory: 8Gi, images: ["nginx:1.27"] }
    - { name: worker-2, cpu: "4", memory: 8Gi, images: ["nginx:1.27"] }
steps:
  - kubectl: create deployment web --image=nginx:1.27 --replicas=4
`);
    const nodeOf = new Map(t.outcome.pods.map((p) => [p.name, p.node]));
    for (const node of ['worker-1', 'worker-2']) {
      const notes = t.events.filter((e) => e.type === 'watch' && e.to === `kubelet@${node}`);
      expect(notes.length).toBeGreaterThan(0);
      for (const n of notes) expect(nodeOf.get(n.resource!.name!)).toBe(node);
      const first = new Map<string, string>();
      for (const n of notes) if (!first.has(n.resource!.name!)) first.set(n.resource!.name!, n.summary.split(' ')[0]!);
      expect([...first.values()].every((v) => v === 'ADDED')).toBe(true);
    }
    // Every watch notification is caused by the etcd write that produced the change.
    for (const w of t.events.filter((e) => e.type === 'watch')) {
      const cause = t.events.find((e) => e.id === w.cause)!;
      expect(cause.type === 'response' && cause.from === 'etcd').toBe(true);
    }
  });
});
