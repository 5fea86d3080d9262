/**
 * Storage Object in Use Protection (pure logic, no clock and no world).
 *
 * - The admission plugin `StorageObjectInUseProtection`
 *   (plugin/pkg/admission/storage/storageobjectinuseprotection/admission.go,
 *   `admitPV`/`admitPVC`) adds the finalizer `kubernetes.io/pv-protection` to
 *   every new PersistentVolume and `kubernetes.io/pvc-protection` to every new
 *   PersistentVolumeClaim (create only, not on subresources).
 * - The PVC protection controller (pkg/controller/volume/pvcprotection,
 *   `processPVC`) removes the claim's finalizer once the claim is being
 *   deleted and no pod uses it (`podUsesPVC`: a *scheduled* pod whose
 *   volumes name the claim — its phase does not matter, a Failed or
 *   Succeeded pod that still exists keeps the claim).
 * - The PV protection controller (pkg/controller/volume/pvprotection,
 *   `processPV`) removes the volume's finalizer once it is being deleted and
 *   is not Bound (`isBeingUsed`: `status.phase == Bound`).
 * Both controllers also add their finalizer to objects that lack it (objects
 * created before the plugin was enabled).
 */
import type { Meta } from './object.ts';
import type { PodObj, PvObj } from './typed.ts';
import { podClaimNames } from './scheduler/volumebinding.ts';
import { isPodPhaseTerminal } from './pod-phase.ts';

/** volumeutil.PVCProtectionFinalizer (pkg/volume/util/finalizer.go). */
export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
/** volumeutil.PVProtectionFinalizer. */
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';
/** The admission plugin's name (admission.go PluginName), as the mutating-admission phase names it. */
export const STORAGE_PROTECTION_PLUGIN = 'StorageObjectInUseProtection';

interface HasMeta {
  metadata: Pick<Meta, 'deletionTimestamp' | 'finalizers'>;
}

/** protectionutil.IsDeletionCandidate: being deleted and still holding the finalizer. */
export function isDeletionCandidate(o: HasMeta, finalizer: string): boolean {
  return Boolean(o.metadata.deletionTimestamp) && (o.metadata.finalizers ?? []).includes(finalizer);
}

/** protectionutil.NeedToAddFinalizer: not being deleted and without the finalizer. */
export function needToAddFinalizer(o: HasMeta, finalizer: string): boolean {
  return !o.metadata.deletionTimestamp && !(o.metadata.finalizers ?? []).includes(finalizer);
}

/**
 * The admission plugin's Admit on a create of `kind` (no subresource):
 * appends the protection finalizer unless it is there. Returns whether the
 * object is one the plugin handles (its name then joins the admission list).
 */
export function admitStorageProtection(o: { kind: string; metadata: Meta }): boolean {
  const finalizer = o.kind === 'PersistentVolumeClaim' ? PVC_PROTECTION_FINALIZER : o.kind === 'PersistentVolume' ? PV_PROTECTION_FINALIZER : undefined;
  if (!finalizer) return false;
  const have = o.metadata.finalizers ?? [];
  if (!have.includes(finalizer)) o.metadata.finalizers = [...have, finalizer];
  return true;
}

/**
 * pvc_protection_controller.go podUsesPVC: only a scheduled pod counts (the
 * kubelet sees pods once scheduled and will not start one whose claim is
 * being deleted); any such pod that names the claim uses it, whatever its phase.
 */
export function podUsesPvc(pod: PodObj, claimNamespace: string, claimName: string): boolean {
  if (!pod.spec?.nodeName) return false;
  if ((pod.metadata.namespace ?? 'default') !== claimNamespace) return false;
  return podClaimNames(pod).includes(claimName);
}

/**
 * volumeutil.IsPodTerminated: Failed or Succeeded, or being deleted with no
 * container running.
 */
export function isPodTerminated(pod: PodObj): boolean {
  const phase = pod.status?.phase;
  if (isPodPhaseTerminal(phase)) return true;
  if (!pod.metadata.deletionTimestamp) return false;
  const st = pod.status;
  const all = [...(st?.initContainerStatuses ?? []), ...(st?.containerStatuses ?? []), ...(st?.ephemeralContainerStatuses ?? [])];
  return all.every((c) => !c.state?.running);
}

/**
 * pvc_protection_controller.go enqueuePVCs: the claims (`namespace/name`
 * keys) a pod event queues. A live, scheduled pod cannot help remove a
 * finalizer, so its updates queue nothing; a deleted, terminated or
 * unscheduled pod queues every claim it names.
 */
export function claimsToRecheck(pod: PodObj, deleted: boolean): string[] {
  if (!deleted && !isPodTerminated(pod) && pod.spec?.nodeName) return [];
  const ns = pod.metadata.namespace ?? 'default';
  return podClaimNames(pod).map((c) => `${ns}/${c}`);
}

/** pv_protection_controller.go isBeingUsed: a volume is in use while its phase is Bound. */
export function pvIsBeingUsed(pv: PvObj): boolean {
  return pv.status?.phase === 'Bound';
}

/** What the PVC protection controller's processPVC does with a claim. */
export type PvcProtectionAction = 'remove-finalizer' | 'add-finalizer' | 'keep' | 'none';

/**
 * processPVC's decision. `informerPods` are the pods in the controller's
 * cache (askInformer); `livePods`, asked only when the cache shows no user,
 * the answer of a live LIST of the claim's namespace (askAPIServer) — or
 * undefined to ask which is next.
 */
export function pvcProtectionDecision(
  claim: HasMeta & { metadata: { name: string; namespace?: string } },
  informerPods: PodObj[],
  livePods?: PodObj[],
): PvcProtectionAction | 'list-pods' {
  const ns = claim.metadata.namespace ?? 'default';
  if (isDeletionCandidate(claim, PVC_PROTECTION_FINALIZER)) {
    if (informerPods.some((p) => podUsesPvc(p, ns, claim.metadata.name))) return 'keep';
    if (!livePods) return 'list-pods';
    if (livePods.some((p) => podUsesPvc(p, ns, claim.metadata.name))) return 'keep';
    return 'remove-finalizer';
  }
  if (needToAddFinalizer(claim, PVC_PROTECTION_FINALIZER)) return 'add-finalizer';
  return 'none';
}

/** processPV's decision. */
export function pvProtectionDecision(pv: PvObj): Exclude<PvcProtectionAction, 'list-pods'> {
  if (isDeletionCandidate(pv, PV_PROTECTION_FINALIZER)) {
    if (!pvIsBeingUsed(pv)) return 'remove-finalizer';
    return 'keep';
  }
  if (needToAddFinalizer(pv, PV_PROTECTION_FINALIZER)) return 'add-finalizer';
  return 'none';
}

/** `finalizers` with `f` removed (undefined when none is left, as the field is omitted then). */
export function withoutFinalizer(finalizers: string[] | undefined, f: string): string[] | undefined {
  const rest = (finalizers ?? []).filter((x) => x !== f);
  return rest.length > 0 ? rest : undefined;
}
