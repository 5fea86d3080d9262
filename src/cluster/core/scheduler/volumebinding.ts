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
 *
 * Its Filter (FindPodVolumes, below) checks bound claims' volumes against the
 * node's labels (PV nodeAffinity) and finds volumes for delayed claims on the
 * node; its PreFilterResult (GetEligibleNodes) narrows the nodes to those
 * local volumes name (schedulePod scans only those, ./schedule.ts).
 */
import { PREEMPTION_NOT_HELPFUL } from './message.ts';
import { checkNodeAffinity, findMatchingVolume, localVolumeNodeNames, matchTopologySelectorTerms, type ClaimLike, type TopologySelectorTerm, type VolumeLike } from '../volumes.ts';
import type { FilterPlugin, LabelSelector, NodeInfo, PodVolumeCheck } from './types.ts';
import { selectorMatches } from '../selector.ts';

export interface ClaimState {
  exists: boolean;
  deleting: boolean;
  bound: boolean;
  /** The claim's class binds WaitForFirstConsumer. */
  delayed: boolean;
  /** The uid of the claim's controlling owner (metav1.GetControllerOf), if any. */
  controllerUid?: string;
}

export type VolumePreFilter = { ok: true; delayed: string[] } | { ok: false; reason: string };

export const ERR_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';

/** The pod as the VolumeBinding PreFilter names it in its messages. */
export interface PodRef {
  namespace: string;
  name: string;
  uid?: string;
}

/**
 * podHasPVCs and the PreFilter's GetPodVolumeClaims: every claim must exist
 * (a missing generic ephemeral volume claim is waited for: "waiting for
 * ephemeral volume controller to create the persistentvolumeclaim"), not be
 * being deleted, and an ephemeral volume's claim must be controlled by the
 * pod (ephemeral.VolumeIsForPod).
 */
export function volumeBindingPreFilter(claims: readonly PodClaim[], state: (name: string) => ClaimState, pod: PodRef): VolumePreFilter {
  const delayed: string[] = [];
  let unboundImmediate = false;
  for (const { name, ephemeral } of claims) {
    const s = state(name);
    if (!s.exists) return { ok: false, reason: ephemeral ? `waiting for ephemeral volume controller to create the persistentvolumeclaim "${name}"` : `persistentvolumeclaim "${name}" not found` };
    if (s.deleting) return { ok: false, reason: `persistentvolumeclaim "${name}" is being deleted` };
    if (ephemeral && (pod.uid === undefined || s.controllerUid !== pod.uid)) return { ok: false, reason: ephemeralNotForPod(pod.namespace, name, pod.name) };
    if (s.bound) continue;
    if (s.delayed) delayed.push(name);
    else unboundImmediate = true;
  }
  if (unboundImmediate) return { ok: false, reason: ERR_UNBOUND_IMMEDIATE };
  return { ok: true, delayed };
}

/** ephemeral.VolumeIsForPod's error (staging/src/k8s.io/component-helpers/storage/ephemeral). */
export function ephemeralNotForPod(namespace: string, claim: string, pod: string): string {
  return `PVC ${namespace}/${claim} was not created for pod ${namespace}/${pod} (pod is not owner)`;
}

/** FitError.Error() when a PreFilter plugin rejected the pod: every node is unresolvable. */
export function preFilterFailureMessage(numAllNodes: number, reason: string): string {
  return `0/${numAllNodes} nodes are available: ${reason}. preemption: 0/${numAllNodes} nodes are available: ${numAllNodes} ${PREEMPTION_NOT_HELPFUL}.`;
}

/** A claim a pod uses: a persistentVolumeClaim volume's, or the one of a generic ephemeral volume. */
export interface PodClaim {
  name: string;
  ephemeral: boolean;
}

interface ClaimVolume {
  name: string;
  persistentVolumeClaim?: { claimName?: string };
  ephemeral?: unknown;
}

/**
 * The claim a volume names: `persistentVolumeClaim.claimName`, or for a
 * generic ephemeral volume `<pod name>-<volume name>`
 * (ephemeral.VolumeClaimName); undefined for any other volume.
 */
export function volumeClaimName(podName: string, v: ClaimVolume): string | undefined {
  const claim = v.persistentVolumeClaim?.claimName;
  if (typeof claim === 'string' && claim !== '') return claim;
  if (v.ephemeral !== undefined && v.ephemeral !== null) return `${podName}-${v.name}`;
  return undefined;
}

/** The claims a pod uses, in spec order. */
export function podClaims(pod: { metadata: { name: string }; spec?: { volumes?: readonly ClaimVolume[] } }): PodClaim[] {
  const out: PodClaim[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    const name = volumeClaimName(pod.metadata.name, v);
    if (name !== undefined) out.push({ name, ephemeral: v.persistentVolumeClaim?.claimName === undefined || v.persistentVolumeClaim.claimName === '' });
  }
  return out;
}

/** The names of the claims a pod uses (persistentVolumeClaim and generic ephemeral volumes), in spec order. */
export function podClaimNames(pod: { metadata: { name: string }; spec?: { volumes?: readonly ClaimVolume[] } }): string[] {
  return podClaims(pod).map((c) => c.name);
}

export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_REASON_PV_NOT_EXIST = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
export const ERR_REASON_NOT_ENOUGH_SPACE = 'node(s) did not have enough free storage';
/** RunPreFilterPlugins when the PreFilterResult is empty. */
export const ERR_PREFILTER_NO_NODE = "node(s) didn't satisfy plugin VolumeBinding";
/** volume.NotSupportedProvisioner: a class of pre-created (local) volumes. */
export const NOT_SUPPORTED_PROVISIONER = 'kubernetes.io/no-provisioner';

/** A bound claim (GetPodVolumeClaims' boundClaims): the volume it is bound to, if that exists. */
export interface BoundClaim {
  claim: string;
  volume?: VolumeLike;
}

/** An unbound claim of a WaitForFirstConsumer class (unboundClaimsDelayBinding). */
export interface DelayedClaim {
  claim: ClaimLike;
  /** `volume.kubernetes.io/selected-node`, once a scheduler chose one. */
  selectedNode?: string;
  /** Its StorageClass's provisioner. */
  provisioner: string;
  /** Its StorageClass's allowedTopologies (omitted or empty: every node). */
  allowedTopologies?: TopologySelectorTerm[];
}

export interface PodVolumeClaims {
  bound: BoundClaim[];
  delayed: DelayedClaim[];
  /** unboundVolumesDelayBinding: the volumes of each delayed claim's class (pvCache.ListPVs). */
  volumesByClass: ReadonlyMap<string, readonly VolumeLike[]>;
  /** Storage capacity tracking (CSIDriver, CSIStorageCapacity); omitted: no driver opts in. */
  capacity?: CapacityTracking;
}

/** A CSIStorageCapacity object, as the capacity check reads it (quantities in bytes). */
export interface StorageCapacity {
  storageClassName: string;
  /** nodeTopology; omitted (nil): no node has access. */
  nodeTopology?: LabelSelector;
  capacityBytes?: number;
  maximumVolumeSizeBytes?: number;
}

export interface CapacityTracking {
  /** The provisioners whose CSIDriver object says `storageCapacity: true`. */
  drivers: ReadonlySet<string>;
  capacities: readonly StorageCapacity[];
}

/** FindPodVolumes' decisions for one node. */
export interface PodVolumesOnNode {
  reasons: string[];
  /** StaticBindings: claim name → the volume the scheduler pre-binds to it. */
  staticBindings: { claim: string; volume: string }[];
  /** DynamicProvisions: claims to annotate with the selected node. */
  provisions: string[];
}

/** byPVCSize: claims by increasing request (sort.Sort; equal sizes keep the model's name order). */
function byRequest(a: DelayedClaim, b: DelayedClaim): number {
  return a.claim.requestBytes - b.claim.requestBytes || (a.claim.name < b.claim.name ? -1 : a.claim.name > b.claim.name ? 1 : 0);
}

/**
 * volumeBinder.FindPodVolumes (pkg/scheduler/framework/plugins/volumebinding/
 * binder.go, 1.31) for one node: bound claims' volumes must exist and their
 * node affinity match the node (checkBoundClaims); unbound delayed claims
 * either already carry another node (fast path: no), find an Available
 * volume matching on this node (findMatchingVolumes, smallest claims
 * first, a volume used once), or must be provisionable: a class with a real
 * provisioner (checkVolumeProvisions; `kubernetes.io/no-provisioner` cannot).
 * Reasons in the plugin's order: node conflict, bind conflict, missing PV.
 */
export function findPodVolumes(claims: PodVolumeClaims, node: Pick<NodeInfo, 'name' | 'labels'>): PodVolumesOnNode {
  let boundVolumesSatisfied = true;
  let boundPVsFound = true;
  let unboundVolumesSatisfied = true;
  const staticBindings: PodVolumesOnNode['staticBindings'] = [];
  let provisions: string[] = [];
  let sufficientStorage = true;
  const reasons = (): string[] => [
    ...(boundVolumesSatisfied ? [] : [ERR_REASON_NODE_CONFLICT]),
    ...(unboundVolumesSatisfied ? [] : [ERR_REASON_BIND_CONFLICT]),
    ...(sufficientStorage ? [] : [ERR_REASON_NOT_ENOUGH_SPACE]),
    ...(boundPVsFound ? [] : [ERR_REASON_PV_NOT_EXIST]),
  ];
  // checkBoundClaims: the first missing volume or affinity conflict decides.
  for (const b of claims.bound) {
    if (!b.volume) {
      boundPVsFound = false;
      break;
    }
    if (!checkNodeAffinity(b.volume, node.labels)) {
      boundVolumesSatisfied = false;
      break;
    }
  }
  if (claims.delayed.length === 0) return { reasons: reasons(), staticBindings, provisions };
  const toMatch: DelayedClaim[] = [];
  const toProvision: DelayedClaim[] = [];
  for (const d of claims.delayed) {
    if (d.selectedNode !== undefined) {
      if (d.selectedNode !== node.name) {
        unboundVolumesSatisfied = false;
        return { reasons: reasons(), staticBindings: [], provisions: [] };
      }
      toProvision.push(d);
    } else toMatch.push(d);
  }
  if (toMatch.length > 0) {
    const chosen = new Set<string>();
    for (const d of [...toMatch].sort(byRequest)) {
      const v = findMatchingVolume(d.claim, claims.volumesByClass.get(d.claim.storageClassName) ?? [], true, { labels: node.labels, excluded: chosen });
      if (!v) {
        toProvision.push(d);
        unboundVolumesSatisfied = false;
        continue;
      }
      chosen.add(v.name);
      staticBindings.push({ claim: d.claim.name, volume: v.name });
    }
  }
  if (toProvision.length > 0) {
    // checkVolumeProvisions: its result replaces the match result.
    const r = checkVolumeProvisions(toProvision, node, claims.capacity);
    unboundVolumesSatisfied = r.satisfied;
    sufficientStorage = r.sufficientStorage;
    provisions = r.satisfied && r.sufficientStorage ? toProvision.map((d) => d.claim.name) : [];
  }
  return { reasons: reasons(), staticBindings, provisions };
}

/**
 * checkVolumeProvisions (binder.go, 1.31), in claim order: a class that does
 * not provision, or whose allowedTopologies exclude the node, stops the check
 * (the node cannot serve the pod's claims); so does a claim the driver has
 * no capacity for on the node (hasEnoughCapacity: not enough free storage).
 */
function checkVolumeProvisions(claims: readonly DelayedClaim[], node: Pick<NodeInfo, 'labels'>, capacity?: CapacityTracking): { satisfied: boolean; sufficientStorage: boolean } {
  for (const d of claims) {
    if (d.provisioner === '' || d.provisioner === NOT_SUPPORTED_PROVISIONER) return { satisfied: false, sufficientStorage: true };
    if (!matchTopologySelectorTerms(d.allowedTopologies, node.labels)) return { satisfied: false, sufficientStorage: true };
    if (!hasEnoughCapacity(d, node, capacity)) return { satisfied: true, sufficientStorage: false };
  }
  return { satisfied: true, sufficientStorage: true };
}

/**
 * hasEnoughCapacity (binder.go, 1.31): only for a CSI driver that opts in
 * (CSIDriver `storageCapacity: true`); then some CSIStorageCapacity of the
 * claim's class must be accessible from the node (its nodeTopology selector
 * matches the node's labels; no selector: no access) and large enough
 * (maximumVolumeSize when set, else capacity; neither: not enough).
 */
export function hasEnoughCapacity(d: Pick<DelayedClaim, 'claim' | 'provisioner'>, node: Pick<NodeInfo, 'labels'>, capacity?: CapacityTracking): boolean {
  if (capacity === undefined || !capacity.drivers.has(d.provisioner)) return true;
  return capacity.capacities.some((c) => {
    if (c.storageClassName !== d.claim.storageClassName) return false;
    const limit = c.maximumVolumeSizeBytes ?? c.capacityBytes;
    if (limit === undefined || limit < d.claim.requestBytes) return false;
    return c.nodeTopology !== undefined && selectorMatches(c.nodeTopology, node.labels);
  });
}

/**
 * GetEligibleNodes (binder.go, 1.31): the intersection of the node names the
 * bound claims' volumes are pinned to by `kubernetes.io/hostname In`;
 * undefined when no bound volume names nodes (or one is missing).
 */
export function eligibleNodes(bound: readonly BoundClaim[]): Set<string> | undefined {
  let out: Set<string> | undefined;
  for (const b of bound) {
    if (!b.volume) return undefined;
    const names = localVolumeNodeNames(b.volume);
    if (names.length === 0) continue;
    out = out === undefined ? new Set(names) : new Set([...out].filter((n) => names.includes(n)));
  }
  return out;
}

/** The Filter's state for a pod with claims: FindPodVolumes memoised per node. */
export function podVolumeCheck(claims: PodVolumeClaims): PodVolumeCheck {
  const memo = new Map<string, string[]>();
  const eligible = eligibleNodes(claims.bound);
  return {
    ...(eligible ? { eligibleNodes: eligible } : {}),
    reasons(node) {
      let r = memo.get(node.name);
      if (r === undefined) memo.set(node.name, (r = findPodVolumes(claims, node).reasons));
      return r;
    },
  };
}

/** VolumeBinding's Filter: every reason UnschedulableAndUnresolvable. */
export const volumeBinding: FilterPlugin = {
  name: 'VolumeBinding',
  // PreFilter answers Skip for a pod without claims (volume_binding.go: `if !hasPVC … framework.Skip`).
  skip: ({ pod }) => pod.volumes === undefined,
  filter({ pod }, node) {
    if (pod.volumes === undefined) return null;
    const reasons = pod.volumes.reasons(node);
    return reasons.length === 0 ? null : { reasons, unresolvable: true };
  },
};
