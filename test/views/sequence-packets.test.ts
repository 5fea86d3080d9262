/**
 * Gallery review D51: network-policy's whole-story summary sequence drew
 * steps 5 and 6's kube-proxy → CNI plugin hop as `to another node` twice,
 * on one CNI plugin lane that stands for worker-1 and worker-2: the picture
 * did not say that the frontend's packet goes to worker-1 and the
 * intruder's to worker-2, where it is dropped. At summary a packet's
 * message says which node it goes to or is dropped at, and by which policy
 * (views/sequence/packets.ts).
 */
import { describe, expect, it } from 'vitest';
import { simulateOnce } from '../helpers/library.ts';
import { buildSequence } from '../../src/views/index.ts';
import { allMessages, expectSequenceInvariants } from './helpers.ts';

describe('summary packet hops say where they go (D51)', () => {
  it('network-policy whole story: `to worker-1` (step 5) and `to worker-2` (step 6), the drops named by node and policy', async () => {
    const trace = await simulateOnce('scenarios/network-policy.yaml');
    const view = buildSequence(trace, { detail: 'summary' });
    expectSequenceInvariants(view);
    const labels = (step: number) => allMessages(view.items).filter((m) => m.step === step).map((m) => m.label);
    expect(labels(5)).toContain('to worker-1');
    expect(labels(6)).toContain('to worker-2');
    expect(labels(6)).toContain('dropped at worker-2 by NetworkPolicy api-allow-frontend');
    expect(labels(7)).toContain('dropped at worker-1 by NetworkPolicy sandbox-deny-egress');
    expect(allMessages(view.items).filter((m) => m.label.includes('another node'))).toEqual([]);
  });

  it('network-policy step 6 alone: the hop over the node network goes to worker-2', async () => {
    const trace = await simulateOnce('scenarios/network-policy.yaml');
    const messages = allMessages(buildSequence(trace, { steps: [6], detail: 'summary' }).items);
    const dropped = messages.find((m) => m.lost === true)!;
    const crossing = messages.find((m) => m.to === dropped.from && m !== dropped)!;
    expect(crossing.label).toBe('to worker-2');
  });
});

describe('a merged hop of packets that leave and packets that stay says every node (canary-release)', () => {
  it('canary-release whole story: kube-proxy → CNI plugin reads `to worker-1, worker-2 ×20` in steps 4 and 7, not `to worker-2, traffic ×20`', async () => {
    const trace = await simulateOnce('scenarios/canary-release.yaml');
    const view = buildSequence(trace, { detail: 'summary' });
    expectSequenceInvariants(view);
    const hops = (step: number) => allMessages(view.items).filter((m) => m.step === step && m.from.startsWith('kube-proxy') && m.to.startsWith('cni'));
    for (const step of [4, 7]) expect(hops(step).map((m) => m.label)).toEqual(['to worker-1, worker-2 ×20']);
    expect(allMessages(view.items).filter((m) => /\btraffic\b/.test(m.label) && m.label.includes('to worker'))).toEqual([]);
  });
});
