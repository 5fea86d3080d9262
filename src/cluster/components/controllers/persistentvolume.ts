/**
 * The PersistentVolume controller (pkg/controller/volume/persistentvolume,
 * `persistentvolume-binder-controller`, 1.31): binds claims to volumes.
 *
 * - A new volume becomes Available.
 * - An unbound claim binds to the best matching volume (core/volumes.ts):
 *   the volume's claimRef is set, then its status Bound; the claim gets
 *   spec.volumeName, the bind-completed annotations and status Bound with
 *   the volume's capacity and access modes.
 * - No match: with a StorageClass whose provisioner is external (CSI), the
 *   claim is annotated `volume.kubernetes.io/storage-provisioner` and the
 *   controller waits (ExternalProvisioning event) for the CSI
 *   external-provisioner to create a volume pre-bound to it. A class with
 *   volumeBindingMode WaitForFirstConsumer waits for a pod first (event
 *   WaitForFirstConsumer) until the scheduler writes
 *   `volume.kubernetes.io/selected-node`. No class: FailedBinding.
 *   A class that does not exist: Warning ProvisioningFailed
 *   `storageclass.storage.k8s.io "<name>" not found` (provisionClaim →
 *   findProvisionablePlugin, the class lister's NotFound), retried at the
 *   controller's periodic resync (resync every --pvclaimbinder-sync-period,
 *   15 s), so a class created later is used within 15 s.
 * - A claim that names its volume (spec.volumeName) binds only to it: a
 *   volume that does not exist yet is waited for (no event), one that does
 *   not satisfy the claim gets Warning VolumeMismatch, one bound to another
 *   claim Warning FailedBinding.
 * - A bound claim (annotation bind-completed) whose volume is gone is Lost
 *   (Warning ClaimLost); one whose volume names another claim is Lost too
 *   (Warning ClaimMisbound) — syncBoundClaim.
 * - A volume whose claim is gone becomes Released (Retain); a provisioned
 *   one with reclaimPolicy Delete is deleted by its provisioner.
 */
import { clone, type Obj } from '../../core/object.ts';
import { asPv, asPvc, type PvcObj, type PvObj } from '../../core/typed.ts';
import { resourceForKind } from '../../core/resources.ts';
import {
  BETA_STORAGE_PROVISIONER_ANNOTATION,
  BIND_COMPLETED_ANNOTATION,
  BOUND_BY_CONTROLLER_ANNOTATION,
  SELECTED_NODE_ANNOTATION,
  STORAGE_PROVISIONER_ANNOTATION,
  checkVolumeSatisfyClaim,
  claimOf,
  findBestMatchForClaim,
  isVolumeBoundToClaim,
  volumeOf,
} from '../../core/volumes.ts';
import { statusPatch, type World } from '../world.ts';
import { backgroundAfter } from '../timers.ts';
import { Controller } from './controller.ts';

const PV = resourceForKind('PersistentVolume')!;
const PVC = resourceForKind('PersistentVolumeClaim')!;
const CLAIM_PREFIX = 'claim:';
const VOLUME_PREFIX = 'volume:';
/** --pvclaimbinder-sync-period default (kube-controller-manager): the PV controller's resync re-syncs every claim and volume. */
export const PV_RESYNC_PERIOD_MS = 15_000;

export class PersistentVolumeController extends Controller {
  /** Claims that got their waiting event already (the controller records it once per state, not on every resync). */
  private readonly told = new Map<string, string>();

  constructor(w: World) {
    super(w, 'persistentvolume-binder-controller');
    this.watch({
      kinds: ['PersistentVolumeClaim'],
      filter: (o, t, old) => t === 'ADDED' || (t === 'MODIFIED' && claimChanged(o, old)),
      handler: (e) => this.enqueue(`${CLAIM_PREFIX}${e.object.metadata.namespace}/${e.object.metadata.name}`, e.cause),
    });
    this.watch({
      kinds: ['PersistentVolume'],
      filter: (o, t, old) => t === 'ADDED' || t === 'DELETED' || (t === 'MODIFIED' && volumeChanged(o, old)),
      handler: (e) => {
        const pv = asPv(e.object);
        if (e.type !== 'DELETED') this.enqueue(`${VOLUME_PREFIX}${pv.metadata.name}`, e.cause);
        // A volume appearing or changing may complete a waiting claim; one that is gone leaves its claim Lost.
        const ref = pv.spec?.claimRef;
        if (ref?.name) this.enqueue(`${CLAIM_PREFIX}${ref.namespace ?? 'default'}/${ref.name}`, e.cause);
        else if (e.type === 'ADDED') for (const c of this.pendingClaims()) this.enqueue(`${CLAIM_PREFIX}${c.metadata.namespace}/${c.metadata.name}`, e.cause);
      },
    });
    this.watch({
      kinds: ['PersistentVolumeClaim'],
      filter: (_o, t) => t === 'DELETED',
      handler: (e) => {
        const name = asPvc(e.object).spec?.volumeName;
        if (name) this.enqueue(`${VOLUME_PREFIX}${name}`, e.cause);
      },
    });
  }

  private pendingClaims(): Obj[] {
    return this.w.api.cache.list('PersistentVolumeClaim').filter((c) => (c.status?.phase ?? 'Pending') === 'Pending');
  }

  protected reconcile(key: string, cause: string, done: () => void): void {
    if (key.startsWith(VOLUME_PREFIX)) return this.syncVolume(key.slice(VOLUME_PREFIX.length), cause, done);
    const [ns, name] = key.slice(CLAIM_PREFIX.length).split('/') as [string, string];
    const claim = this.w.api.cache.get('PersistentVolumeClaim', `/registry/persistentvolumeclaims/${ns}/${name}`);
    if (!claim || claim.metadata.deletionTimestamp) return done();
    this.syncClaim(claim, cause, done);
  }

  /** syncVolume: a new volume becomes Available; one whose claim is gone, Released. */
  private syncVolume(name: string, cause: string, done: () => void): void {
    const pv = this.w.api.cache.get('PersistentVolume', `/registry/persistentvolumes/${name}`);
    // A volume being deleted is synced too (syncVolume does not look at deletionTimestamp): a Bound one
    // the admin deleted becomes Released once its claim is gone, and the PV protection controller lets it go.
    if (!pv) return done();
    const ref = pv.spec?.claimRef;
    const phase = pv.status?.phase ?? 'Pending';
    if (!ref) return phase === 'Available' ? done() : this.setVolumePhase(pv, 'Available', cause, done);
    const claim = this.w.api.cache.get('PersistentVolumeClaim', `/registry/persistentvolumeclaims/${ref.namespace ?? 'default'}/${ref.name}`);
    if (claim && (!ref.uid || ref.uid === claim.metadata.uid)) {
      // Pre-bound (by a user or a provisioner) and not bound yet: Available until the claim side completes.
      if (phase === 'Pending') return this.setVolumePhase(pv, 'Available', cause, done);
      return done();
    }
    if (!ref.uid) return phase === 'Available' ? done() : this.setVolumePhase(pv, 'Available', cause, done);
    // The claim is gone: the volume is released (and deleted by its provisioner with reclaimPolicy Delete).
    if (phase === 'Released') return done();
    this.setVolumePhase(pv, 'Released', cause, done);
  }

  private syncClaim(claim: PvcObj, cause: string, done: () => void): void {
    const c = claimOf(claim);
    const key = `${c.namespace}/${c.name}`;
    // syncClaim: a claim that was bound once (bind-completed) is synced as bound.
    if (claim.metadata.annotations?.[BIND_COMPLETED_ANNOTATION] !== undefined) return this.syncBoundClaim(claim, cause, done);
    if (claim.status?.phase === 'Bound') return done();
    const volumes = this.w.api.cache.list('PersistentVolume');
    const klass = c.storageClassName ? this.w.api.cache.get('StorageClass', `/registry/storageclasses/${c.storageClassName}`) : undefined;
    const delayed = klass?.volumeBindingMode === 'WaitForFirstConsumer' && !claim.metadata.annotations?.[SELECTED_NODE_ANNOTATION];
    let pv: PvObj | undefined;
    if (c.volumeName) {
      // A claim that names its volume binds only to it.
      pv = volumes.find((v) => v.metadata.name === c.volumeName);
      // syncUnboundClaim: a volume that does not exist (yet) is waited for, without an event.
      if (!pv) return done();
      const v = volumeOf(pv);
      if (!v.claimRef) {
        const why = checkVolumeSatisfyClaim(v, c);
        if (why !== undefined) return this.tell(claim, 'Warning', 'VolumeMismatch', `Cannot bind to requested volume "${v.name}": ${why}`, cause, done);
      } else if (!isVolumeBoundToClaim(v, c)) return this.tell(claim, 'Warning', 'FailedBinding', `volume "${v.name}" already bound to a different claim.`, cause, done);
    } else {
      const match = findBestMatchForClaim(c, volumes.map(volumeOf), delayed);
      pv = match ? volumes.find((v) => v.metadata.name === match.name) : undefined;
    }
    if (pv) return this.bind(claim, pv, cause, done);
    if (delayed) return this.tell(claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding', cause, done);
    if (!c.storageClassName) return this.tell(claim, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set', cause, done);
    if (!klass) {
      // provisionClaim: "controller will retry the provisioning in every syncUnboundClaim() call" — the next one is the resync.
      this.resyncLater(`${CLAIM_PREFIX}${key}`, cause);
      return this.tell(claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${c.storageClassName}" not found`, cause, done);
    }
    const provisioner = String(klass.provisioner ?? '');
    const msg = `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`;
    if (claim.metadata.annotations?.[STORAGE_PROVISIONER_ANNOTATION] === provisioner) return this.tell(claim, 'Normal', 'ExternalProvisioning', msg, cause, done);
    // setClaimProvisioner: the annotation tells the external provisioner the claim is its own.
    this.client.call(
      {
        verb: 'patch', resource: PVC, namespace: c.namespace, name: c.name, cause, note: `storage-provisioner ${provisioner}`,
        patch: (live) => {
          const next = clone(live);
          next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [BETA_STORAGE_PROVISIONER_ANNOTATION]: provisioner, [STORAGE_PROVISIONER_ANNOTATION]: provisioner };
          return next;
        },
      },
      (res) => this.tell(claim, 'Normal', 'ExternalProvisioning', msg, res.eventId ?? cause, done, key),
    );
  }

  /**
   * syncBoundClaim: the volume is gone → Lost (ClaimLost); it names another
   * claim → Lost (ClaimMisbound); else the binding is completed where it is
   * not yet (bind). Status and event only when the phase changes
   * (updateClaimStatusWithEvent).
   */
  private syncBoundClaim(claim: PvcObj, cause: string, done: () => void): void {
    const c = claimOf(claim);
    if (!c.volumeName) return this.lose(claim, 'ClaimLost', 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!', cause, done);
    const pv = this.w.api.cache.get('PersistentVolume', `/registry/persistentvolumes/${c.volumeName}`);
    if (!pv) return this.lose(claim, 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!', cause, done);
    const ref = asPv(pv).spec?.claimRef;
    if (ref && ref.uid !== c.uid) return this.lose(claim, 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly', cause, done);
    if (ref && asPv(pv).status?.phase === 'Bound' && claim.status?.phase === 'Bound') return done();
    this.bind(claim, asPv(pv), cause, done);
  }

  /** updateClaimStatusWithEvent(Lost): phase Lost, capacity and access modes cleared, a Warning event — once. */
  private lose(claim: PvcObj, reason: string, message: string, cause: string, done: () => void): void {
    if (claim.status?.phase === 'Lost') return done();
    const c = claimOf(claim);
    this.client.call(
      statusPatch(PVC, { namespace: c.namespace, name: c.name }, (live) => {
        const { accessModes: _modes, capacity: _capacity, ...rest } = asPvc(live).status ?? {};
        return asPvc(live).status?.phase === 'Lost' ? null : { ...clone(live), status: { ...rest, phase: 'Lost' } };
      }, cause, 'Lost'),
      (res) => {
        this.client.event(claim, 'Warning', reason, message, { component: 'persistentvolume-controller' }, res.eventId ?? cause);
        done();
      },
    );
  }

  /** bind: the volume's claimRef and phase first, then the claim's volumeName and phase (the controller's order). */
  private bind(claim: PvcObj, pv: PvObj, cause: string, done: () => void): void {
    const c = claimOf(claim);
    const prebound = isVolumeBoundToClaim(volumeOf(pv), c);
    this.client.call(
      {
        verb: 'patch', resource: PV, name: pv.metadata.name, cause, note: `claimRef ${c.namespace}/${c.name}`,
        patch: (live) => {
          const next = asPv(clone(live));
          const ref = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: c.name, namespace: c.namespace, resourceVersion: claim.metadata.resourceVersion, uid: c.uid };
          if (JSON.stringify(next.spec?.claimRef) === JSON.stringify(ref)) return null;
          next.spec = { ...(next.spec ?? {}), claimRef: ref };
          if (!prebound) next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [BOUND_BY_CONTROLLER_ANNOTATION]: 'yes' };
          return next;
        },
      },
      (r1) =>
        this.client.call(
          statusPatch(PV, { name: pv.metadata.name }, (live) => (asPv(live).status?.phase === 'Bound' ? null : { ...clone(live), status: { ...(asPv(live).status ?? {}), phase: 'Bound' } }), r1.eventId ?? cause, 'Bound'),
          (r2) =>
            this.client.call(
              {
                verb: 'patch', resource: PVC, namespace: c.namespace, name: c.name, cause: r2.eventId ?? cause, note: `volumeName ${pv.metadata.name}`,
                patch: (live) => {
                  const next = clone(live);
                  next.spec = { ...(next.spec ?? {}), volumeName: pv.metadata.name };
                  next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [BIND_COMPLETED_ANNOTATION]: 'yes', ...(c.volumeName ? {} : { [BOUND_BY_CONTROLLER_ANNOTATION]: 'yes' }) };
                  return next;
                },
              },
              (r3) =>
                this.client.call(
                  statusPatch(PVC, { namespace: c.namespace, name: c.name }, (live) => {
                    const status = { ...(asPvc(live).status ?? {}), accessModes: pv.spec?.accessModes ?? [], capacity: { ...(pv.spec?.capacity ?? {}) }, phase: 'Bound' };
                    return { ...clone(live), status };
                  }, r3.eventId ?? cause, 'Bound'),
                  () => {
                    this.told.delete(`${c.namespace}/${c.name}`);
                    done();
                  },
                ),
            ),
        ),
    );
  }

  /** Claims waiting for the next resync (by queue key). */
  private readonly resyncPending = new Set<string>();

  /**
   * resync (wait.Until(ctrl.resync, resyncPeriod)): the claim is synced again
   * at the next 15 s tick of the controller's resync (ticks counted from the
   * cluster's start). Modelled only for claims waiting on something no watch
   * of this controller would tell it about (a StorageClass created later).
   */
  private resyncLater(key: string, cause: string): void {
    if (this.resyncPending.has(key)) return;
    this.resyncPending.add(key);
    const now = this.w.clock.now();
    const tick = (Math.floor(now / PV_RESYNC_PERIOD_MS) + 1) * PV_RESYNC_PERIOD_MS;
    backgroundAfter(this.w, tick - now, () => {
      this.resyncPending.delete(key);
      const name = key.slice(CLAIM_PREFIX.length);
      const t = this.w.rec.emit({ type: 'action', from: this.id, to: this.id, action: 'pv-controller-resync', summary: `resync (every 15s): claim ${name} synced again`, cause });
      this.enqueue(key, t);
    });
  }

  private setVolumePhase(pv: Obj, phase: string, cause: string, done: () => void): void {
    this.client.call(statusPatch(PV, { name: pv.metadata.name }, (live) => (asPv(live).status?.phase === phase ? null : { ...clone(live), status: { ...(asPv(live).status ?? {}), phase } }), cause, phase), () => done());
  }

  /** An event about a waiting claim, once per reason (the real controller repeats it on every resync; the trace does not need the repeats). */
  private tell(claim: Obj, type: 'Normal' | 'Warning', reason: string, message: string, cause: string, done: () => void, key = `${claim.metadata.namespace}/${claim.metadata.name}`): void {
    if (this.told.get(key) === `${reason}/${message}`) return done();
    this.told.set(key, `${reason}/${message}`);
    this.client.event(claim, type, reason, message, { component: 'persistentvolume-controller' }, cause);
    done();
  }
}

function claimChanged(o: Obj, old: Obj | undefined): boolean {
  if (!old) return true;
  return JSON.stringify(o.spec) !== JSON.stringify(old.spec) || JSON.stringify(o.metadata.annotations) !== JSON.stringify(old.metadata.annotations) || asPvc(o).status?.phase !== asPvc(old).status?.phase;
}

function volumeChanged(o: Obj, old: Obj | undefined): boolean {
  if (!old) return true;
  return JSON.stringify(asPv(o).spec?.claimRef) !== JSON.stringify(asPv(old).spec?.claimRef) || asPv(o).status?.phase !== asPv(old).status?.phase;
}
