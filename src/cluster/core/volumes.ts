/**
 * Persistent volume binding, pure (pkg/controller/volume/persistentvolume:
 * index.go findBestMatchForClaim / util.FindMatchingVolume, 1.31): which
 * PersistentVolume a claim binds to.
 *
 * - A volume pre-bound to the claim (spec.claimRef names it) wins if it is
 *   large enough and of the same volume mode.
 * - Otherwise an Available volume with no claimRef, at least the requested
 *   size, the claim's storageClassName ("" only matches ""), matching the
 *   claim's selector, whose access modes include all of the claim's. Volumes
 *   are tried by access-mode set, smallest set first; within one set the
 *   smallest volume wins.
 * - With delayed binding (WaitForFirstConsumer) and no node chosen yet, only
 *   pre-bound volumes match.
 */
import type { IPersistentVolumeClaimSpec } from 'kubernetes-models/v1/PersistentVolumeClaimSpec';
import type { IPersistentVolumeSpec } from 'kubernetes-models/v1/PersistentVolumeSpec';
import type { LabelSelector } from '../../scenario/selector.ts';
import { memoryBytes } from './algorithms/quantity.ts';
import { selectorMatches } from './selector.ts';

export interface ClaimLike {
  namespace: string;
  name: string;
  uid: string;
  storageClassName: string;
  accessModes: string[];
  requestBytes: number;
  volumeMode: string;
  selector?: LabelSelector;
  volumeName?: string;
}

export interface VolumeLike {
  name: string;
  labels: Record<string, string>;
  capacityBytes: number;
  accessModes: string[];
  storageClassName: string;
  volumeMode: string;
  phase: string;
  deleting: boolean;
  claimRef?: { namespace?: string; name?: string; uid?: string };
}

/** IsVolumeBoundToClaim: claimRef names the claim (and, if it has a uid, the same uid). */
export function isVolumeBoundToClaim(v: VolumeLike, c: ClaimLike): boolean {
  const r = v.claimRef;
  if (!r) return false;
  if (r.name !== c.name || (r.namespace ?? '') !== c.namespace) return false;
  return !r.uid || r.uid === c.uid;
}

function containsModes(have: readonly string[], want: readonly string[]): boolean {
  return want.every((m) => have.includes(m));
}

/** FindMatchingVolume over one list of volumes. */
function findMatchingVolume(c: ClaimLike, volumes: readonly VolumeLike[], delayBinding: boolean): VolumeLike | undefined {
  let smallest: VolumeLike | undefined;
  for (const v of volumes) {
    if (v.capacityBytes < c.requestBytes) continue;
    if (v.volumeMode !== c.volumeMode) continue;
    if (v.deleting) continue;
    if (isVolumeBoundToClaim(v, c)) return v;
    if (delayBinding) continue;
    if (v.phase !== 'Available' && v.phase !== '') continue;
    if (v.claimRef) continue;
    if (c.selector && !selectorMatches(c.selector, v.labels)) continue;
    if (v.storageClassName !== c.storageClassName) continue;
    if (!smallest || smallest.capacityBytes > v.capacityBytes) smallest = v;
  }
  return smallest;
}

/**
 * findByClaim: volumes grouped by their access-mode set; the sets that
 * contain every mode the claim asks for, fewest modes first.
 */
export function findBestMatchForClaim(c: ClaimLike, volumes: readonly VolumeLike[], delayBinding = false): VolumeLike | undefined {
  const groups = new Map<string, VolumeLike[]>();
  for (const v of [...volumes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const key = [...v.accessModes].sort().join(',');
    const g = groups.get(key);
    if (g) g.push(v);
    else groups.set(key, [v]);
  }
  const sets = [...groups.entries()].filter(([k]) => containsModes(k === '' ? [] : k.split(','), c.accessModes)).sort((a, b) => a[1][0]!.accessModes.length - b[1][0]!.accessModes.length || (a[0] < b[0] ? -1 : 1));
  for (const [, vs] of sets) {
    const v = findMatchingVolume(c, vs, delayBinding);
    if (v) return v;
  }
  return undefined;
}

/** The binding view of a PersistentVolumeClaim object. */
export function claimOf(o: { metadata: { namespace?: string; name: string; uid?: string }; spec?: IPersistentVolumeClaimSpec }): ClaimLike {
  const s: IPersistentVolumeClaimSpec = o.spec ?? {};
  return {
    namespace: o.metadata.namespace ?? 'default',
    name: o.metadata.name,
    uid: o.metadata.uid ?? '',
    storageClassName: s.storageClassName ?? '',
    accessModes: s.accessModes ?? [],
    requestBytes: memoryBytes(s.resources?.requests?.storage ?? '0'),
    volumeMode: s.volumeMode ?? 'Filesystem',
    ...(s.selector ? { selector: s.selector } : {}),
    ...(s.volumeName ? { volumeName: s.volumeName } : {}),
  };
}

/** The binding view of a PersistentVolume object. */
export function volumeOf(o: { metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string }; spec?: IPersistentVolumeSpec; status?: { phase?: string } }): VolumeLike {
  const s: IPersistentVolumeSpec = o.spec ?? {};
  return {
    name: o.metadata.name,
    labels: o.metadata.labels ?? {},
    capacityBytes: memoryBytes(s.capacity?.storage ?? '0'),
    accessModes: s.accessModes ?? [],
    storageClassName: s.storageClassName ?? '',
    volumeMode: s.volumeMode ?? 'Filesystem',
    phase: o.status?.phase ?? 'Available',
    deleting: Boolean(o.metadata.deletionTimestamp),
    ...(s.claimRef ? { claimRef: s.claimRef } : {}),
  };
}

/** The annotation that marks the default StorageClass. */
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
/** The scheduler's choice of node for a WaitForFirstConsumer claim. */
export const SELECTED_NODE_ANNOTATION = 'volume.kubernetes.io/selected-node';
export const STORAGE_PROVISIONER_ANNOTATION = 'volume.kubernetes.io/storage-provisioner';
export const BETA_STORAGE_PROVISIONER_ANNOTATION = 'volume.beta.kubernetes.io/storage-provisioner';
export const BIND_COMPLETED_ANNOTATION = 'pv.kubernetes.io/bind-completed';
export const BOUND_BY_CONTROLLER_ANNOTATION = 'pv.kubernetes.io/bound-by-controller';
export const PROVISIONED_BY_ANNOTATION = 'pv.kubernetes.io/provisioned-by';
