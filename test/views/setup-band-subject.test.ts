/**
 * Gallery review D68: a band that says what earlier steps left behind cuts
 * its list at five lines, and it cut the object the picture is about:
 * service-types step 7 goes through the LoadBalancer Service web-lb, and its
 * "Before step 7" band listed web-headless and web-internal and folded web-lb
 * into the count. Lines about an object the drawn steps act on are never cut
 * (sequence/setup.ts subjectNames, common/more.ts keptItems).
 */
import { describe, expect, it } from 'vitest';
import { simulateOnce } from '../helpers/library.ts';
import { buildSequence } from '../../src/views/index.ts';
import { keptItems } from '../../src/views/common/more.ts';
import type { SequenceView } from '../../src/views/types.ts';

const bandOf = (view: SequenceView) => view.items.find((i) => i.type === 'separator' && i.id === 'setup');

describe('the state band keeps the objects the picture is about (D68)', () => {
  it('service-types step 7 (through the LoadBalancer): the band names Service web-lb', async () => {
    const trace = await simulateOnce('scenarios/service-types.yaml');
    for (const detail of ['summary', 'standard'] as const) {
      const band = bandOf(buildSequence(trace, { steps: [7], detail }));
      const state = band?.type === 'separator' ? (band.state ?? []) : [];
      expect(state.some((l) => l.startsWith('Service web-lb: LoadBalancer')), detail).toBe(true);
      expect(state.length).toBeLessThanOrEqual(5);
      expect(state[state.length - 1]).toMatch(/\+\d+ more$/);
    }
  });

  it('network-policy steps 6 and 8: the band names the NetworkPolicy that drops the packet (gallery review D109)', async () => {
    const trace = await simulateOnce('scenarios/network-policy.yaml');
    for (const [step, policy] of [[6, 'api-allow-frontend'], [8, 'sandbox-deny-egress']] as const) {
      const band = bandOf(buildSequence(trace, { steps: [step], detail: 'standard' }));
      const state = band?.type === 'separator' ? (band.state ?? []) : [];
      expect(state.some((l) => l.startsWith(`NetworkPolicy ${policy}`)), `step ${step}: ${state.join(' | ')}`).toBe(true);
    }
  });

  it('keptItems keeps marked items in their order and cuts the others from the end', () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    expect(keptItems(items, 5, (i) => i === 'f')).toEqual(['a', 'b', 'c', 'f', '+3 more']);
    expect(keptItems(items, 5, () => false)).toEqual(['a', 'b', 'c', 'd', '+3 more']);
    expect(keptItems(items.slice(0, 5), 5, () => false)).toEqual(['a', 'b', 'c', 'd', 'e']);
    // More marked items than room: the first of them, still at most `max` lines.
    expect(keptItems(items, 3, () => true)).toEqual(['a', 'b', '+5 more']);
    // Equal items are items of their own, as firstItems counts them.
    expect(keptItems(['a', 'a', 'b', 'c', 'd', 'e'], 5, () => false)).toEqual(['a', 'a', 'b', 'c', '+2 more']);
  });
});
