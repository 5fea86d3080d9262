/**
 * The FailedScheduling message, as FitError.Error() formats it
 * (pkg/scheduler/framework/types.go) plus DefaultPreemption's PostFilter
 * message: `0/N nodes are available: <count> <reason>, ... preemption: 0/N
 * nodes are available: <count> <preemption reason>, ...`.
 *
 * Preemption is modelled for equal-priority pods only: a node whose failure
 * is UnschedulableAndUnresolvable gets "Preemption is not helpful for
 * scheduling"; any other failing node "No preemption victims found for
 * incoming pod" (there is never a lower-priority victim).
 */
import type { FilterFailure } from './types.ts';

export const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_PREEMPTION_VICTIMS = 'No preemption victims found for incoming pod';

/** Go's fmt "%v %v" of count and reason, sorted as sort.Strings sorts (byte order). */
export function reasonHistogram(reasons: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, c]) => `${c} ${r}`).sort(byteOrder);
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function failedSchedulingMessage(
  numAllNodes: number,
  filtered: readonly FilterFailure[],
  unresolvable: ReadonlyMap<string, boolean>,
): string {
  // No node with a status (a PreFilterResult naming no existing node): the reasons part is left out.
  const reasons = reasonHistogram(filtered.map((f) => f.reason));
  const head = `0/${numAllNodes} nodes are available:${reasons.length > 0 ? ` ${reasons.join(', ')}.` : ''}`;
  const preemption = [...unresolvable.values()].map((u) => (u ? PREEMPTION_NOT_HELPFUL : NO_PREEMPTION_VICTIMS));
  return `${head} preemption: 0/${numAllNodes} nodes are available: ${reasonHistogram(preemption).join(', ')}.`;
}
