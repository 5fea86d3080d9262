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
 * - The scheduler's path (a node given, as volumebinding's
 *   findMatchingVolumes passes it; the PV controller passes none) also needs
 *   the volume's nodeAffinity to match the node's labels (CheckNodeAffinity)
 *   and the volume's access modes to include the claim's; a volume pre-bound
 *   to the claim whose affinity excludes the node is no match at all.
 */
import type { IPersistentVolumeClaimSpec } from 'kubernetes-models/v1/PersistentVolumeClaimSpec';
import type { IPersistentVolumeSpec } from 'kubernetes-models/v1/PersistentVolumeSpec';
import type { LabelSelector } from '../../scenario/selector.ts';
import { memoryBytes } from './algorithms/quantity.ts';
import { selectorMatches } from './selector.ts';
import { anyTermMatches } from './scheduler/plugins/helpers.ts';
import type { NodeSelectorTerm } from './scheduler/types.ts';

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
  /** spec.nodeAffinity.required.nodeSelectorTerms (omitted: no required affinity, every node matches). */
  nodeAffinity?: NodeSelectorTerm[];
}

/**
 * CheckNodeAffinity (pkg/volume/util, 1.31): the volume's required node
 * affinity against a node's labels (MatchNodeSelectorTerms on a node that has
 * only labels: a matchFields term on metadata.name never matches).
 */
export function checkNodeAffinity(v: Pick<VolumeLike, 'nodeAffinity'>, nodeLabels: Record<string, string>): boolean {
  if (v.nodeAffinity === undefined) return true;
  return anyTermMatches(v.nodeAffinity, { name: '', labels: nodeLabels });
}

/**
 * GetLocalPersistentVolumeNodeNames (pkg/volume/util, 1.31): the node names a
 * volume's required terms pin it to through `kubernetes.io/hostname In`
 * (intersected within a term, united across terms); empty when none.
 */
export function localVolumeNodeNames(v: Pick<VolumeLike, 'nodeAffinity'>): string[] {
  if (v.nodeAffinity === undefined) return [];
  const result = new Set<string>();
  for (const term of v.nodeAffinity) {
    let nodes: Set<string> | undefined;
    for (const e of term.matchExpressions ?? []) {
      if (e.key !== 'kubernetes.io/hostname' || e.operator !== 'In') continue;
      const values = new Set(e.values ?? []);
      nodes = nodes === undefined ? values : new Set([...nodes].filter((n) => values.has(n)));
    }
    for (const n of nodes ?? []) result.add(n);
  }
  return [...result].sort();
}

/** A StorageClass's allowedTopologies term: every label requirement must match (key present, value listed). */
export interface TopologySelectorTerm {
  matchLabelExpressions?: { key: string; values?: string[] }[];
}

/**
 * MatchTopologySelectorTerms (pkg/apis/core/v1/helper, 1.31): no terms match
 * every node; otherwise terms are ORed, a term without expressions matches
 * nothing, and each expression is `key In values` (a requirement with no
 * values is invalid, so its term matches nothing).
 */
export function matchTopologySelectorTerms(terms: readonly TopologySelectorTerm[] | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (terms === undefined || terms.length === 0) return true;
  return terms.some((t) => {
    const exprs = t.matchLabelExpressions ?? [];
    if (exprs.length === 0) return false;
    return exprs.every((e) => (e.values ?? []).length > 0 && Object.hasOwn(labels, e.key) && (e.values ?? []).includes(labels[e.key]!));
  });
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

/**
 * checkVolumeSatisfyClaim (pkg/controller/volume/persistentvolume/pv_controller.go):
 * why a volume the claim names by spec.volumeName cannot take it, or
 * undefined when it can (the claim's selector is not checked: naming the
 * volume overrides it).
 */
export function checkVolumeSatisfyClaim(v: VolumeLike, c: ClaimLike): string | undefined {
  if (v.deleting) return `the volume is marked for deletion "${v.name}"`;
  if (v.capacityBytes < c.requestBytes) return 'requested PV is too small';
  if (v.storageClassName !== c.storageClassName) return 'storageClassName does not match';
  if (v.volumeMode !== c.volumeMode) return 'incompatible volumeMode';
  if (!containsModes(v.accessModes, c.accessModes)) return 'incompatible accessMode';
  return undefined;
}

/** Where the scheduler looks for a volume: the node's labels, and volumes already chosen for the pod's other claims. */
export interface MatchOnNode {
  labels: Record<string, string>;
  excluded?: ReadonlySet<string>;
}

/**
 * FindMatchingVolume (component-helpers/storage/volume/pv_helpers.go, 1.31)
 * over one list of volumes: a volume pre-bound to the claim wins (unless its
 * node affinity excludes `node`), else the smallest Available one that fits.
 */
export function findMatchingVolume(c: ClaimLike, volumes: readonly VolumeLike[], delayBinding: boolean, node?: MatchOnNode): VolumeLike | undefined {
  let smallest: VolumeLike | undefined;
  for (const v of volumes) {
    if (node?.excluded?.has(v.name)) continue;
    if (v.claimRef && !isVolumeBoundToClaim(v, c)) continue;
    if (v.capacityBytes < c.requestBytes) continue;
    if (v.volumeMode !== c.volumeMode) continue;
    if (v.deleting) continue;
    // Scheduler path: the volume's node affinity must match the node.
    const nodeAffinityValid = node === undefined || checkNodeAffinity(v, node.labels);
    if (isVolumeBoundToClaim(v, c)) return nodeAffinityValid ? v : undefined;
    if (node === undefined && delayBinding) continue;
    if (v.phase !== 'Available') continue;
    if (c.selector && !selectorMatches(c.selector, v.labels)) continue;
    if (v.storageClassName !== c.storageClassName) continue;
    if (!nodeAffinityValid) continue;
    if (node !== undefined && !containsModes(v.accessModes, c.accessModes)) continue;
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
    ...(s.nodeAffinity?.required ? { nodeAffinity: (s.nodeAffinity.required.nodeSelectorTerms ?? []) as NodeSelectorTerm[] } : {}),
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
