/**
 * Gallery review D36: node-level lanes (kubelet, runtime, CNI plugin,
 * kube-proxy) fold across nodes only while the nodes do the same thing. In
 * network-policy step 6 the intruder's node (worker-1) sends the packet over
 * the node network and the backend's node (worker-2) drops it: before, both
 * CNI plugins were one lane in a box `worker-N (×2)` (standard) or one
 * `CNI plugin worker-1, worker-2` lane (summary), so the drop seemed to
 * start where the packet was sent. Nodes that do the same thing (every
 * kubelet starting its Pod) still share a lane.
 */
import { describe, expect, it } from 'vitest';
import { simulateOnce } from '../helpers/library.ts';
import { buildSequence } from '../../src/views/index.ts';
import type { SequenceView } from '../../src/views/types.ts';
import { allMessages, expectSequenceInvariants } from './helpers.ts';

const boxOf = (view: SequenceView, lane: string) => view.participants.find((p) => p.id === lane)?.box;
const boxLabel = (view: SequenceView, lane: string) => view.boxes.find((b) => b.id === boxOf(view, lane))?.label;
const sublabel = (view: SequenceView, lane: string) => view.participants.find((p) => p.id === lane)?.sublabel;

describe('nodes that do different things are not folded into one lane (D36)', () => {
  it('network-policy step 6 at standard: the packet crosses from the worker-1 box to the worker-2 box, where it is dropped', async () => {
    const trace = await simulateOnce('scenarios/network-policy.yaml');
    const view = buildSequence(trace, { steps: [6], detail: 'standard' });
    expectSequenceInvariants(view);
    const messages = allMessages(view.items);
    const dropped = messages.find((m) => m.lost === true)!;
    const crossing = messages.find((m) => m.label.includes('over the node network'))!;
    expect(crossing.from).not.toBe(crossing.to);
    expect(boxLabel(view, crossing.from)).toBe('worker-1');
    expect(boxLabel(view, crossing.to)).toBe('worker-2');
    expect(dropped.from).toBe(crossing.to);
    expect(boxLabel(view, dropped.from)).toBe('worker-2');
    expect(view.boxes.map((b) => b.label).filter((l) => l.includes('×'))).toEqual([]);
  });

  it('network-policy step 6 at summary: one CNI plugin lane per node, the drop on worker-2’s', async () => {
    const trace = await simulateOnce('scenarios/network-policy.yaml');
    const view = buildSequence(trace, { steps: [6], detail: 'summary' });
    expectSequenceInvariants(view);
    const messages = allMessages(view.items);
    const dropped = messages.find((m) => m.lost === true)!;
    expect(sublabel(view, dropped.from)).toBe('worker-2');
    const crossing = messages.find((m) => m.to === dropped.from && m !== dropped)!;
    expect(sublabel(view, crossing.from)).toBe('worker-1');
    expect(view.participants.filter((p) => p.label === 'CNI plugin').map((p) => p.sublabel)).toEqual(['worker-1', 'worker-2']);
  });

  it('nodes that only do the same thing still share a lane (apply-deployment: every kubelet starts its Pod)', async () => {
    const trace = await simulateOnce('scenarios/apply-deployment.yaml');
    const standard = buildSequence(trace, { detail: 'standard' });
    expect(standard.boxes.some((b) => /^worker-N \(×\d\)$/.test(b.label))).toBe(true);
    const summary = buildSequence(trace, { detail: 'summary' });
    expect(summary.participants.filter((p) => p.label === 'kubelet')).toHaveLength(1);
  });
});
