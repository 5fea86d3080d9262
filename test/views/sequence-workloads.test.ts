/**
 * Gallery review D67: canary-release step 4 sends 20 requests through one
 * Service to 3 stable Pods and 1 canary Pod. The loop folded the requests by
 * shape with every Pod alike, so the 4 that reached the canary were drawn as
 * deliveries to a stable Pod's lane and the canary had no lane at all. A
 * Pod that carries traffic is now told apart by its workload when repeated
 * work is folded (sequence/arrange.ts podClass), and a variant's Pod lane is
 * mapped only onto one of the same workload and, when nodes talk to each
 * other, the same node (variants.ts aliasFor); a host box says it stands for
 * k nodes only when k nodes' work is drawn on its lanes (arrange.ts standsFor).
 */
import { describe, expect, it } from 'vitest';
import { simulateOnce } from '../helpers/library.ts';
import { buildSequence } from '../../src/views/index.ts';
import type { SequenceItem, SequenceView } from '../../src/views/types.ts';
import { allItems, allMessages, expectSequenceInvariants } from './helpers.ts';

const boxOf = (view: SequenceView, lane: string) => view.participants.find((p) => p.id === lane)?.box;
const laneOf = (view: SequenceView, label: string) => view.participants.filter((p) => p.label.startsWith(label)).map((p) => p.id);

/** The requests an alt branch stands for, when it holds a delivery to one of `lanes`. */
function requestsTo(items: readonly SequenceItem[], lanes: readonly string[]): number {
  let total = 0;
  for (const item of allItems(items)) {
    if (item.type !== 'alt') continue;
    for (const b of item.branches) {
      if (allMessages(b.items).some((m) => lanes.includes(m.to))) total += Number(/^(\d+) requests?/.exec(b.label)?.[1] ?? NaN);
    }
  }
  return total;
}

describe('requests to two workloads behind one Service stay apart (D67)', () => {
  it('canary-release step 4 at standard: 4 requests delivered to the canary’s own lane, 16 to the stable Pods', async () => {
    const trace = await simulateOnce('scenarios/canary-release.yaml');
    const view = buildSequence(trace, { steps: [4], detail: 'standard' });
    expectSequenceInvariants(view);
    const canary = laneOf(view, 'web-canary');
    const stable = laneOf(view, 'web-stable');
    expect(canary).toHaveLength(1);
    const deliveries = allMessages(view.items).filter((m) => m.label.startsWith('deliver to '));
    expect(deliveries.some((m) => canary.includes(m.to) && m.label.startsWith('deliver to web-canary-'))).toBe(true);
    expect(deliveries.filter((m) => stable.includes(m.to)).every((m) => m.label.startsWith('deliver to web-stable-'))).toBe(true);
    // A node's CNI plugin delivers to a Pod on its own node: the Pod's lane stands in that node's box.
    for (const m of deliveries) expect(boxOf(view, m.to), m.label).toBe(boxOf(view, m.from));
    // No lane stands for another node's work here, so no box says it stands for several (was `worker-N (×2)` twice).
    expect(view.boxes.map((b) => b.label)).toEqual(['worker-1', 'worker-2']);
    expect(requestsTo(view.items, canary)).toBe(4);
    expect(requestsTo(view.items, stable)).toBe(16);
  });

  it('canary-release step 4 at summary: deliveries ×4 to the canary and ×16 to the stable Pods', async () => {
    const trace = await simulateOnce('scenarios/canary-release.yaml');
    const view = buildSequence(trace, { steps: [4], detail: 'summary' });
    const times = (lanes: string[]) => allMessages(view.items).filter((m) => lanes.includes(m.to) && m.label.startsWith('deliver')).reduce((n, m) => n + Number(/×(\d+)$/.exec(m.label)?.[1] ?? 1), 0);
    expect(times(laneOf(view, 'web-canary'))).toBe(4);
    expect(times(laneOf(view, 'web-stable'))).toBe(16);
  });
});
