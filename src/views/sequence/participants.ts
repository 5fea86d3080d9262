/**
 * Lanes and boxes. Order: client and other outside callers, then each
 * control-plane host (load balancer, API servers, etcd, controller manager,
 * scheduler …), then each worker (kubelet, runtime, kube-proxy, then its
 * pods), then unscheduled pods, then outside services such as the registry.
 * A worker whose lanes stand for several nodes in a folded loop is labelled
 * `worker-N (×k)`: the loop shows the first member's lanes as representative.
 */
import type { Component, Trace } from '../../trace/types.ts';
import type { SequenceBox, SequenceParticipant } from '../types.ts';
import { componentOf, hostOf, iconFor, labelOf, rankOf, sublabelOf } from '../common/components.ts';

export function buildParticipants(
  trace: Trace,
  index: Map<string, Component>,
  used: readonly string[],
  represents: Map<string, number>,
): { participants: SequenceParticipant[]; boxes: SequenceBox[] } {
  const hostOrder = new Map(trace.hosts.map((h, i) => [h.id, i]));
  const hosts = new Map(trace.hosts.map((h) => [h.id, h]));
  const componentOrder = new Map(trace.components.map((c, i) => [c.id, i]));
  const entries = [...new Set(used)].map((id) => {
    const c = componentOf(index, id);
    const hostId = hostOf(index, c);
    const host = hostId !== null ? hosts.get(hostId) : undefined;
    const boxed = host !== undefined && host.role !== 'external';
    const band = bandOf(c, boxed ? host.role : null);
    return { c, box: boxed ? `host:${host.id}` : null, key: [band, boxed ? hostOrder.get(host.id)! : 0, rankOf(c.kind), componentOrder.get(c.id) ?? 1e9] };
  });
  entries.sort((a, b) => compareKeys(a.key, b.key) || a.c.id.localeCompare(b.c.id));
  const participants = entries.map(({ c, box }) => {
    const sub = sublabelOf(c);
    return { id: c.id, label: labelOf(c), ...(sub ? { sublabel: sub } : {}), icon: iconFor(c.kind), box };
  });
  const boxes: SequenceBox[] = [];
  for (const p of participants) {
    if (p.box === null || boxes.some((b) => b.id === p.box)) continue;
    const host = hosts.get(p.box.slice('host:'.length))!;
    boxes.push({ id: p.box, label: boxLabel(host.name, represents.get(host.id) ?? 1) });
  }
  return { participants, boxes };
}

/** 0 outside callers, 1 control plane, 2 workers, 3 unplaced cluster parts, 4 outside services. */
function bandOf(c: Component, role: string | null): number {
  if (role === 'control-plane') return 1;
  if (role === 'worker') return 2;
  if (rankOf(c.kind) < 10) return 0;
  if (c.group === 'external') return 4;
  return 3;
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!; // i < a.length; keys all have 4 parts (built above)
  return 0;
}

function boxLabel(name: string, k: number): string {
  if (k <= 1) return name;
  const m = /^(.*)-\d+$/.exec(name);
  return `${m ? `${m[1]}-N` : name} (×${k})`;
}
