/** views/sequence/order.ts: merged summary messages in the order each node does their work. */
import { describe, expect, it } from 'vitest';
import { threadOrder } from '../../src/views/sequence/order.ts';
import type { TraceEvent } from '../../src/trace/types.ts';

const ev = (seq: number, thread: string): TraceEvent => ({ seq, id: `e${seq}`, sig: 'x', t: seq, step: 1, type: 'action', from: thread, to: thread, summary: '', cause: null });
const threadOf = (e: TraceEvent) => (e.from === 'cp' ? undefined : e.from);

describe('threadOrder', () => {
  it('a message whose first hop comes later on a node that does both is drawn after (create after pull)', () => {
    // create container: node-1 at 3 (its image was there), node-2 at 9; pull image: node-2 only, at 5.
    const groups = [[ev(1, 'n1'), ev(2, 'n2')], [ev(3, 'n1'), ev(9, 'n2')], [ev(5, 'n2')]];
    expect(threadOrder(groups, threadOf)).toEqual([0, 2, 1]);
  });

  it('keeps the first-happened order for the control plane and where nodes disagree', () => {
    expect(threadOrder([[ev(1, 'cp')], [ev(2, 'cp')], [ev(3, 'cp')]], threadOf)).toEqual([0, 1, 2]);
    // A before B on n1, B before A on n2: no constraint, first happened first.
    expect(threadOrder([[ev(1, 'n1'), ev(4, 'n2')], [ev(2, 'n1'), ev(3, 'n2')]], threadOf)).toEqual([0, 1]);
  });

  it('a message moved later does not drag the control plane with it', () => {
    const groups = [[ev(1, 'n1'), ev(6, 'n2')], [ev(2, 'cp')], [ev(3, 'n2')]];
    // On n2 group 2 comes before group 0, so 0 waits for 2; the control plane’s group 1 keeps its place.
    expect(threadOrder(groups, threadOf)).toEqual([1, 2, 0]);
  });
});
