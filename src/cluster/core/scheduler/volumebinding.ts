/**
 * The VolumeBinding plugin's PreFilter (pkg/scheduler/framework/plugins/
 * volumebinding, 1.31), pure: the pod's PersistentVolumeClaims must exist;
 * a claim that is not bound and whose class binds Immediately makes the pod
 * unschedulable ("pod has unbound immediate PersistentVolumeClaims",
 * UnschedulableAndUnresolvable); unbound claims of a WaitForFirstConsumer
 * class are delayed: the scheduler picks a node and then (PreBind) writes
 * `volume.kubernetes.io/selected-node` on them and waits for them to bind.
 * A PreFilter failure is reported without a per-node histogram (FitError with
 * PreFilterMsg).
 */
import { PREEMPTION_NOT_HELPFUL } from './message.ts';

export interface ClaimState {
  exists: boolean;
  deleting: boolean;
  bound: boolean;
  /** The claim's class binds WaitForFirstConsumer. */
  delayed: boolean;
}

export type VolumePreFilter = { ok: true; delayed: string[] } | { ok: false; reason: string };

export const ERR_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';

export function volumeBindingPreFilter(claims: readonly string[], state: (name: string) => ClaimState): VolumePreFilter {
  const delayed: string[] = [];
  let unboundImmediate = false;
  for (const name of claims) {
    const s = state(name);
    if (!s.exists) return { ok: false, reason: `persistentvolumeclaim "${name}" not found` };
    if (s.deleting) return { ok: false, reason: `persistentvolumeclaim "${name}" is being deleted` };
    if (s.bound) continue;
    if (s.delayed) delayed.push(name);
    else unboundImmediate = true;
  }
  if (unboundImmediate) return { ok: false, reason: ERR_UNBOUND_IMMEDIATE };
  return { ok: true, delayed };
}

/** FitError.Error() when a PreFilter plugin rejected the pod: every node is unresolvable. */
export function preFilterFailureMessage(numAllNodes: number, reason: string): string {
  return `0/${numAllNodes} nodes are available: ${reason}. preemption: 0/${numAllNodes} nodes are available: ${numAllNodes} ${PREEMPTION_NOT_HELPFUL}.`;
}

/** The claims a pod spec uses (volumes[].persistentVolumeClaim.claimName), in spec order. */
export function podClaimNames(spec: { volumes?: { persistentVolumeClaim?: { claimName?: string } }[] }): string[] {
  return (spec.volumes ?? []).map((v) => v.persistentVolumeClaim?.claimName).filter((n): n is string => typeof n === 'string' && n !== '');
}
