/**
 * The order of merged messages at the `summary` level. A merged message
 * (`create container ×3`) stands for hops that happened at different times,
 * on different nodes; placed where its first hop happened, it can come
 * before a message whose hops come first on every node that does both: the
 * first Pod's image was pulled already, so its `create container` comes
 * before the other Pods' `pull image`, and the merged `create container` is
 * drawn before `pull image`, which reads as the wrong way round.
 *
 * So the messages are ordered by what happened on each *thread* (one Pod's
 * lifecycle on its node, summary.ts `threads`): when, on some thread, one
 * message's first hop comes before another's, it is drawn before it. Among
 * the messages whose predecessors are drawn, the one that happened first
 * goes next; messages on no thread (the control plane) keep their place
 * relative to each other. Threads that disagree (A before B in one, B
 * before A in another) leave the first-happened order for the messages
 * involved.
 *
 * Pure: a function of each message's events (in trace order) and their threads.
 */
import type { TraceEvent } from '../../trace/types.ts';

/**
 * Indices into `groups` (each group's events in trace order, the groups in
 * order of their first event) in drawing order.
 */
export function threadOrder(groups: readonly (readonly TraceEvent[])[], threadOf: (e: TraceEvent) => string | undefined): number[] {
  const first = groups.map((g) => Math.min(...g.map((e) => e.seq)));
  // Per thread: each group's first event on it.
  const perThread = new Map<string, Map<number, number>>();
  groups.forEach((g, i) => {
    for (const e of g) {
      const t = threadOf(e);
      if (t === undefined) continue;
      const m = perThread.get(t) ?? new Map<number, number>();
      if (!m.has(i) || m.get(i)! > e.seq) m.set(i, e.seq);
      perThread.set(t, m);
    }
  });
  // Edges a → b: a's first hop on a thread precedes b's there.
  const after = groups.map(() => new Set<number>());
  for (const m of perThread.values()) {
    const onThread = [...m.entries()].sort((a, b) => a[1] - b[1]).map(([i]) => i);
    for (let k = 1; k < onThread.length; k++) after[onThread[k - 1]!]!.add(onThread[k]!); // k - 1 >= 0
  }
  // Pairs the threads disagree on (a before b on one, b before a on another) constrain nothing.
  for (let a = 0; a < groups.length; a++) for (const b of [...after[a]!]) if (after[b]!.has(a)) (after[a]!.delete(b), after[b]!.delete(a));
  const before = groups.map(() => 0);
  after.forEach((set) => set.forEach((b) => before[b]!++));
  const order: number[] = [];
  const done = new Set<number>();
  while (order.length < groups.length) {
    const open = groups.map((_, i) => i).filter((i) => !done.has(i));
    const ready = open.filter((i) => before[i] === 0);
    // A cycle longer than two (threads disagreeing round a ring): the first-happened open message breaks it.
    const pool = ready.length > 0 ? ready : open;
    const next = pool.reduce((a, b) => (first[b]! < first[a]! ? b : a));
    order.push(next);
    done.add(next);
    for (const b of after[next]!) before[b]!--;
  }
  return order;
}
