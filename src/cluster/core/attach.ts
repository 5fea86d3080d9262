/**
 * Attaching CSI volumes (pure logic, no clock): the names Kubernetes gives a
 * VolumeAttachment and an attached volume, and which attachments a node
 * should have.
 */
import { sha256 } from '../../common/hash.ts';

/**
 * `csi-<sha256(volumeHandle + driver + nodeName)>`: getAttachmentName in
 * pkg/volume/csi/csi_attacher.go (the handle of the CSI volume, not the PV's name).
 */
export function attachmentName(volumeHandle: string, driver: string, nodeName: string): string {
  return `csi-${sha256(`${volumeHandle}${driver}${nodeName}`)}`;
}

/** `kubernetes.io/csi/<driver>^<volumeHandle>`: the unique volume name in node.status.volumesAttached / volumesInUse. */
export function uniqueVolumeName(driver: string, volumeHandle: string): string {
  return `kubernetes.io/csi/${driver}^${volumeHandle}`;
}

export interface CsiVolume {
  pv: string;
  driver: string;
  handle: string;
}

/** A pod's use of an attachable volume on its node. */
export interface PodVolumeUse {
  node: string;
  volume: CsiVolume;
  /** The pod still needs it (scheduled, not deleted). */
  active: boolean;
}

export interface DesiredAttachment {
  name: string;
  node: string;
  volume: CsiVolume;
}

/**
 * The attach/detach controller's desired state of the world: one attachment
 * per (volume, node) that some active pod on that node uses, sorted by name.
 */
export function desiredAttachments(uses: readonly PodVolumeUse[]): DesiredAttachment[] {
  const out = new Map<string, DesiredAttachment>();
  for (const u of uses) {
    if (!u.active) continue;
    const name = attachmentName(u.volume.handle, u.volume.driver, u.node);
    if (!out.has(name)) out.set(name, { name, node: u.node, volume: u.volume });
  }
  return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The attach/detach controller's ReconcilerMaxWaitForUnmountDuration (DefaultTimerConfig, 1.31): 6 minutes. */
export const MAX_WAIT_FOR_UNMOUNT_MS = 6 * 60 * 1000;
/** The taint that marks a node shut down for good (v1.TaintNodeOutOfService). */
export const OUT_OF_SERVICE_TAINT = 'node.kubernetes.io/out-of-service';

/** What the reconciler knows of an attached volume no pod on its node needs any more. */
export interface DetachState {
  /** The node's status.volumesInUse still lists the volume (the kubelet has not unmounted it). */
  mounted: boolean;
  /** The node's Ready condition is True (nodeIsHealthy; a missing node is not healthy). */
  nodeReady: boolean;
  /** The node has a taint with key node.kubernetes.io/out-of-service (any effect, any value). */
  outOfService: boolean;
  /** Time since the controller first wanted to detach it (SetDetachRequestTime). */
  elapsedMs: number;
  /** --disable-force-detach-on-timeout (default false). */
  disableForceDetachOnTimeout?: boolean;
  maxWaitForUnmountMs?: number;
}

export type DetachDecision =
  /** Wait: for the kubelet to report the volume unmounted, or (`recheckAfterMs`) for the force-detach timeout. */
  | { detach: false; recheckAfterMs?: number }
  /** Detach; `force` skips verifySafeToDetach (the node may still have it mounted). */
  | { detach: true; force?: 'timeout' | 'out-of-service' };

/**
 * The detach half of the attach/detach reconciler (reconciler.go, 1.31): an
 * unmounted volume is detached; a mounted one waits unless the node has the
 * out-of-service taint (force detach at once) or the node is not Ready and
 * maxWaitForUnmountDuration has passed since the detach was first wanted
 * (force detach on timeout, unless disabled). A Ready node keeps a mounted
 * volume attached however long it takes.
 */
export function detachDecision(s: DetachState): DetachDecision {
  const maxWait = s.maxWaitForUnmountMs ?? MAX_WAIT_FOR_UNMOUNT_MS;
  const expired = s.elapsedMs > maxWait;
  const timeoutExpired = expired && !s.disableForceDetachOnTimeout;
  const forceDetach = !s.nodeReady && timeoutExpired;
  if (s.mounted && !forceDetach && !s.outOfService) {
    // Only a NotReady node's timer can still change the answer.
    return !s.nodeReady && !expired && !s.disableForceDetachOnTimeout ? { detach: false, recheckAfterMs: maxWait - s.elapsedMs } : { detach: false };
  }
  if (timeoutExpired) return { detach: true, force: 'timeout' };
  if (s.outOfService) return { detach: true, force: 'out-of-service' };
  return { detach: true };
}
