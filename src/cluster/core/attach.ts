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
