/**
 * The StatefulSet controller's decisions (pkg/controller/statefulset/
 * stateful_set_control.go, 1.31), pure: given the set and its pods, which pod
 * to create or delete next. The controller (components/controllers/
 * statefulset.ts) carries them out through the API server, one sync at a time.
 *
 * - Replicas are the ordinals [start, start + replicas) (spec.ordinals.start,
 *   StatefulSetStartOrdinal, GA in 1.31; getStartOrdinal, podInOrdinalRange);
 *   pods with an ordinal outside that range are condemned and deleted from the
 *   highest ordinal down.
 * - OrderedReady (monotonic): one pod at a time — a missing pod is created and
 *   the sync ends; a pod that is not Running and Ready (or is terminating)
 *   blocks every later ordinal, and so does one Ready for less than
 *   minReadySeconds (isRunningAndAvailable). Parallel: every missing pod is created and
 *   every condemned pod deleted in one sync.
 * - Failed (or Succeeded) pods are deleted and re-created.
 * - RollingUpdate: once every replica is there, the pod with the highest
 *   ordinal ≥ start + partition that is not at the update revision is deleted (one at
 *   a time; it comes back at the update revision); an unhealthy pod in that
 *   range stops the update. OnDelete: pods are only re-created, at the update
 *   revision, when someone deletes them.
 * - newVersionedStatefulSetPod: a re-created pod below the partition gets the
 *   current revision, any other the update revision. The partition counts
 *   from the start ordinal (the update loop walks replica indices
 *   `target >= partition`; newVersionedStatefulSetPod compares
 *   `ordinal < getStartOrdinal(set) + partition`).
 */
import { isPodPhaseTerminal } from '../pod-phase.ts';

export type PodManagementPolicy = 'OrderedReady' | 'Parallel';

export interface StsSpec {
  replicas: number;
  /** spec.ordinals.start: the first replica's ordinal (0 when unset). */
  start?: number;
  podManagementPolicy: PodManagementPolicy;
  updateStrategy: { type: 'RollingUpdate'; partition: number } | { type: 'OnDelete' };
}

export interface StsPod {
  ordinal: number;
  revision: string;
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  ready: boolean;
  /** Ready for at least spec.minReadySeconds (podutil.IsPodAvailable); taken as `ready` when unset (minReadySeconds 0). */
  available?: boolean;
  terminating: boolean;
}

export type StsAction =
  | { op: 'create'; ordinal: number; revision: string }
  | { op: 'delete'; ordinal: number; why: 'failed' | 'condemned' | 'update' };

export interface StsPlan {
  actions: StsAction[];
  /** Why the sync stopped early, if it did (e.g. `waiting for web-0 to be Running and Ready`); for the trace. */
  blockedBy?: { ordinal: number; reason: 'not-ready' | 'not-available' | 'terminating' };
}

export function isRunningAndReady(p: StsPod): boolean {
  return p.phase === 'Running' && p.ready;
}

/** isRunningAndAvailable: Running, Ready, and Ready for minReadySeconds. */
export function isRunningAndAvailable(p: StsPod): boolean {
  return isRunningAndReady(p) && (p.available ?? true);
}

function isHealthy(p: StsPod): boolean {
  return isRunningAndReady(p) && !p.terminating;
}

/** The revision a (re-)created pod of this ordinal gets (newVersionedStatefulSetPod). */
export function revisionForOrdinal(spec: StsSpec, ordinal: number, currentRevision: string, updateRevision: string): string {
  if (spec.updateStrategy.type === 'RollingUpdate' && ordinal < (spec.start ?? 0) + spec.updateStrategy.partition) return currentRevision;
  return updateRevision;
}

/** One sync of updateStatefulSet: the actions, in the order the controller takes them. */
export function planStatefulSet(spec: StsSpec, pods: readonly StsPod[], currentRevision: string, updateRevision: string): StsPlan {
  const monotonic = spec.podManagementPolicy !== 'Parallel';
  const start = spec.start ?? 0;
  // replicas[i] holds the pod of ordinal start + i (replicas[ord-getStartOrdinal(set)] = pod).
  const replicas: (StsPod | undefined)[] = Array.from({ length: spec.replicas }, () => undefined);
  const condemned: StsPod[] = [];
  for (const p of pods) {
    if (p.ordinal >= start && p.ordinal < start + spec.replicas) replicas[p.ordinal - start] = p;
    else if (p.ordinal >= 0) condemned.push(p);
  }
  // Highest ordinal first (descendingOrdinal).
  condemned.sort((a, b) => b.ordinal - a.ordinal);
  const actions: StsAction[] = [];

  // The first unhealthy pod, replicas before condemned (for scale-down while unhealthy).
  const unhealthy = [...replicas.filter((p): p is StsPod => p !== undefined), ...condemned].filter((p) => !isHealthy(p));
  const firstUnhealthy = unhealthy[0];

  for (let i = 0; i < spec.replicas; i++) {
    const ord = start + i;
    const p = replicas[i];
    if (p && isPodPhaseTerminal(p.phase) && !p.terminating) {
      // Deleted now, re-created on a later sync.
      actions.push({ op: 'delete', ordinal: ord, why: 'failed' });
      if (monotonic) return { actions, blockedBy: { ordinal: ord, reason: 'terminating' } };
      continue;
    }
    if (!p) {
      actions.push({ op: 'create', ordinal: ord, revision: revisionForOrdinal(spec, ord, currentRevision, updateRevision) });
      if (monotonic) return { actions, blockedBy: { ordinal: ord, reason: 'not-ready' } };
      continue;
    }
    if (p.terminating) {
      if (monotonic) return { actions, blockedBy: { ordinal: ord, reason: 'terminating' } };
      continue;
    }
    if (!isRunningAndReady(p) && monotonic) return { actions, blockedBy: { ordinal: ord, reason: 'not-ready' } };
    // processReplica: "If we have a Pod that has been created but is not available we can not make progress."
    if (!isRunningAndAvailable(p) && monotonic) return { actions, blockedBy: { ordinal: ord, reason: 'not-available' } };
  }

  for (const p of condemned) {
    if (p.terminating) {
      if (monotonic) return { actions, blockedBy: { ordinal: p.ordinal, reason: 'terminating' } };
      continue;
    }
    if (!isRunningAndReady(p) && monotonic && p !== firstUnhealthy) return { actions, blockedBy: { ordinal: firstUnhealthy!.ordinal, reason: 'not-ready' } };
    // processCondemned: a condemned pod that is Ready but not yet available waits (unless it is the first unhealthy pod).
    if (!isRunningAndAvailable(p) && monotonic && p !== firstUnhealthy) return { actions, blockedBy: { ordinal: p.ordinal, reason: 'not-available' } };
    actions.push({ op: 'delete', ordinal: p.ordinal, why: 'condemned' });
    if (monotonic) return { actions };
  }

  if (spec.updateStrategy.type === 'OnDelete') return { actions };
  // Nothing to update while pods are still being created or deleted in this sync.
  if (actions.length > 0) return { actions };
  for (let i = spec.replicas - 1; i >= spec.updateStrategy.partition; i--) {
    const ord = start + i;
    const p = replicas[i];
    if (!p) continue;
    if (p.revision !== updateRevision && !p.terminating) {
      actions.push({ op: 'delete', ordinal: ord, why: 'update' });
      return { actions };
    }
    if (!isHealthy(p)) return { actions, blockedBy: { ordinal: ord, reason: p.terminating ? 'terminating' : 'not-ready' } };
  }
  return { actions };
}

export interface StsStatusCounts {
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
}

/** The counts of status (computeReplicaStatus): pods that exist and are not terminating. */
export function statefulSetCounts(pods: readonly StsPod[], currentRevision: string, updateRevision: string): StsStatusCounts {
  const out: StsStatusCounts = { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 };
  for (const p of pods) {
    if (p.terminating) continue;
    out.replicas++;
    if (isRunningAndReady(p)) {
      out.readyReplicas++;
      if (isRunningAndAvailable(p)) out.availableReplicas++;
    }
    if (p.revision === currentRevision) out.currentReplicas++;
    if (p.revision === updateRevision) out.updatedReplicas++;
  }
  return out;
}

/** The ordinal of a pod named `<set>-<ordinal>` (getOrdinal), or -1. */
export function ordinalOf(setName: string, podName: string): number {
  if (!podName.startsWith(`${setName}-`)) return -1;
  const rest = podName.slice(setName.length + 1);
  return /^(0|[1-9][0-9]*)$/.test(rest) ? Number(rest) : -1;
}

/** spec.persistentVolumeClaimRetentionPolicy (Retain when unset: getPersistentVolumeClaimRetentionPolicy). */
export interface ClaimRetentionPolicy {
  whenDeleted: 'Retain' | 'Delete';
  whenScaled: 'Retain' | 'Delete';
}

/**
 * Which owners the claims of a pod should have under the retention policy
 * (StatefulSetAutoDeletePVC, beta and on by default from 1.27;
 * claimOwnerMatchesSetAndPod and updateClaimOwnerRefForSetAndPod in
 * stateful_set_utils.go): the StatefulSet when the claims go with the set
 * (whenDeleted Delete) and the pod is a replica; the pod when the claims go
 * on scale-down (whenScaled Delete) and the pod is condemned (outside the
 * ordinal range), so that the garbage collector deletes them with it.
 */
export function wantedClaimOwners(policy: ClaimRetentionPolicy, condemned: boolean): { set: boolean; pod: boolean } {
  const scaledDelete = policy.whenScaled === 'Delete';
  const deletedDelete = policy.whenDeleted === 'Delete';
  if (scaledDelete && condemned) return { set: false, pod: true };
  return { set: deletedDelete, pod: false };
}

/**
 * The pods whose claims one sync of updateStatefulSet checks against the
 * retention policy: the replicas processReplica reaches its invariant check
 * for (existing, not failed; in OrderedReady mode the loop stops at the first
 * pod that is missing, failed, terminating or not Running, Ready and available, as in
 * planStatefulSet), and, once that loop has run through, every condemned pod
 * ("Fix pod claims for condemned pods" before any of them is deleted).
 */
export function claimChecks(spec: StsSpec, pods: readonly StsPod[]): { replicas: number[]; condemned: number[] } {
  const monotonic = spec.podManagementPolicy !== 'Parallel';
  const start = spec.start ?? 0;
  const byOrdinal = new Map(pods.map((p) => [p.ordinal, p]));
  const replicas: number[] = [];
  for (let ord = start; ord < start + spec.replicas; ord++) {
    const p = byOrdinal.get(ord);
    const failed = p !== undefined && isPodPhaseTerminal(p.phase) && !p.terminating;
    if (!p || failed) {
      if (monotonic) return { replicas, condemned: [] };
      continue;
    }
    if (monotonic && (p.terminating || !isRunningAndAvailable(p))) return { replicas, condemned: [] };
    replicas.push(ord);
  }
  const condemned = pods
    .filter((p) => p.ordinal >= 0 && (p.ordinal < start || p.ordinal >= start + spec.replicas))
    .map((p) => p.ordinal)
    .sort((a, b) => b - a);
  return { replicas, condemned };
}
