/**
 * PodDisruptionBudgets, pure: the disruption controller's arithmetic
 * (pkg/controller/disruption: getExpectedPodCount, countHealthyPods,
 * updatePdbStatus, the DisruptionAllowed condition) and the eviction
 * subresource's decision (pkg/registry/core/pod/storage/eviction.go:
 * canIgnorePDB, the unhealthy pod eviction policy, checkAndDecrement).
 * No clock, no world: times are passed in as milliseconds.
 */
import { scaledValue } from './daemonset.ts';
import { isPodPhaseTerminal } from './pod-phase.ts';

/** The disruption controller's DeletionTimeout: an evicted pod not deleted within 2 min counts as healthy again. */
export const DISRUPTION_DELETION_TIMEOUT_MS = 120_000;
/** eviction.go MaxDisruptedPodSize. */
export const MAX_DISRUPTED_POD_SIZE = 2000;
export const EVICTION_REFUSED = "Cannot evict pod as it would violate the pod's disruption budget.";

export interface PdbSpec {
  minAvailable?: number | string;
  maxUnavailable?: number | string;
}

/**
 * getExpectedPodCount: `expectedCount` and `desiredHealthy`. An integer
 * minAvailable counts the selected pods; a percentage, or maxUnavailable,
 * scales against the pods' controllers' replicas (`scale`, getExpectedScale).
 * Percentages round up.
 */
export function expectedPods(spec: PdbSpec, selectedPods: number, scale: () => number): { expectedCount: number; desiredHealthy: number } {
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const expectedCount = scale();
    const maxUnavailable = scaledValue(spec.maxUnavailable, expectedCount, true, 0);
    return { expectedCount, desiredHealthy: Math.max(0, expectedCount - maxUnavailable) };
  }
  if (spec.minAvailable !== undefined && spec.minAvailable !== null) {
    if (typeof spec.minAvailable === 'number') return { expectedCount: selectedPods, desiredHealthy: spec.minAvailable };
    const expectedCount = scale();
    return { expectedCount, desiredHealthy: scaledValue(spec.minAvailable, expectedCount, true, 0) };
  }
  return { expectedCount: 0, desiredHealthy: 0 };
}

export interface PdbPod {
  name: string;
  ready: boolean;
  deleting: boolean;
}

/** countHealthyPods: ready pods that are neither being deleted nor recently evicted (in disruptedPods, not yet timed out). */
export function countHealthy(pods: readonly PdbPod[], disrupted: Readonly<Record<string, number>>, nowMs: number): number {
  let n = 0;
  for (const p of pods) {
    if (p.deleting) continue;
    const at = disrupted[p.name];
    if (at !== undefined && at + DISRUPTION_DELETION_TIMEOUT_MS > nowMs) continue;
    if (p.ready) n++;
  }
  return n;
}

/** buildDisruptedPodMap: entries of pods that still exist, are not being deleted, and were evicted less than 2 min ago. */
export function liveDisrupted(disrupted: Readonly<Record<string, number>>, pods: readonly PdbPod[], nowMs: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, at] of Object.entries(disrupted).sort(([a], [b]) => a.localeCompare(b))) {
    const p = pods.find((x) => x.name === name);
    if (!p || p.deleting) continue;
    if (at + DISRUPTION_DELETION_TIMEOUT_MS <= nowMs) continue;
    out[name] = at;
  }
  return out;
}

/** updatePdbStatus: disruptionsAllowed is currentHealthy − desiredHealthy, and 0 while no pod is expected. */
export function disruptionsAllowed(currentHealthy: number, desiredHealthy: number, expectedCount: number): number {
  const d = currentHealthy - desiredHealthy;
  return expectedCount <= 0 || d <= 0 ? 0 : d;
}

/** pdbhelper.UpdateDisruptionAllowedCondition. */
export function disruptionAllowedCondition(allowed: number): { type: 'DisruptionAllowed'; status: 'True' | 'False'; reason: string; message: string } {
  return allowed > 0
    ? { type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '' }
    : { type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '' };
}

export interface EvictionPod {
  phase?: string;
  deleting: boolean;
  ready: boolean;
}

export interface PdbState {
  name: string;
  generation: number;
  observedGeneration: number;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  disruptedPods: number;
  unhealthyPodEvictionPolicy?: string;
}

export type EvictionDecision =
  | { kind: 'delete' }
  | { kind: 'decrement' }
  | { kind: 'refuse'; status: 429 | 403 | 500; reason: string; message: string; cause?: string };

/** What the eviction subresource does with `pod` given the budgets that select it. */
export function evictionDecision(pod: EvictionPod, pdbs: readonly PdbState[]): EvictionDecision {
  // canIgnorePDB: a finished, pending or already terminating pod is deleted without looking at budgets.
  if (isPodPhaseTerminal(pod.phase) || pod.phase === 'Pending' || pod.deleting) return { kind: 'delete' };
  if (pdbs.length === 0) return { kind: 'delete' };
  if (pdbs.length > 1) return { kind: 'refuse', status: 500, reason: 'InternalError', message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.' };
  const pdb = pdbs[0]!;
  if (!pod.ready) {
    // The unhealthy pod eviction policy: AlwaysAllow, or (default) IfHealthyBudget.
    if (pdb.unhealthyPodEvictionPolicy === 'AlwaysAllow') return { kind: 'delete' };
    if (pdb.currentHealthy >= pdb.desiredHealthy && pdb.desiredHealthy > 0) return { kind: 'delete' };
  }
  if (pdb.observedGeneration < pdb.generation) {
    return { kind: 'refuse', status: 429, reason: 'TooManyRequests', message: EVICTION_REFUSED, cause: `The disruption budget ${pdb.name} is still being processed by the server.` };
  }
  if (pdb.disruptionsAllowed < 0) return { kind: 'refuse', status: 403, reason: 'Forbidden', message: `poddisruptionbudgets.policy "${pdb.name}" is forbidden: pdb disruptions allowed is negative` };
  if (pdb.disruptedPods > MAX_DISRUPTED_POD_SIZE) {
    return { kind: 'refuse', status: 403, reason: 'Forbidden', message: `poddisruptionbudgets.policy "${pdb.name}" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller` };
  }
  if (pdb.disruptionsAllowed === 0) {
    return { kind: 'refuse', status: 429, reason: 'TooManyRequests', message: EVICTION_REFUSED, cause: `The disruption budget ${pdb.name} needs ${pdb.desiredHealthy} healthy pods and has ${pdb.currentHealthy} currently` };
  }
  return { kind: 'decrement' };
}
