/**
 * The PV protection controller (pkg/controller/volume/pvprotection,
 * `persistentvolume-protection-controller`, 1.31): a volume that is being
 * deleted keeps its `kubernetes.io/pv-protection` finalizer (and shows
 * `Terminating`) while it is Bound; once its phase is anything else
 * (Released, Available, Failed) the controller removes the finalizer with an
 * UPDATE and the API server deletes it. Informer: volumes that need the
 * finalizer or are deletion candidates (pvAddedUpdated). Pure logic:
 * core/storage-protection.ts.
 */
import { clone } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import { PV_PROTECTION_FINALIZER, isDeletionCandidate, needToAddFinalizer, pvProtectionDecision, withoutFinalizer } from '../../core/storage-protection.ts';
import type { World } from '../world.ts';
import { Controller } from './controller.ts';
import { retryDelayMs } from './pvc-protection.ts';

const PV = resourceForKind('PersistentVolume')!;

export const PV_PROTECTION_CONTROLLER = 'persistentvolume-protection-controller';

export class PvProtectionController extends Controller {
  private readonly failures = new Map<string, number>();

  constructor(w: World) {
    super(w, PV_PROTECTION_CONTROLLER);
    this.watch({
      kinds: ['PersistentVolume'],
      filter: (o, t) => t !== 'DELETED' && (needToAddFinalizer(o, PV_PROTECTION_FINALIZER) || isDeletionCandidate(o, PV_PROTECTION_FINALIZER)),
      handler: (e) => this.enqueue(e.object.metadata.name, e.cause),
    });
  }

  protected reconcile(name: string, cause: string, done: () => void): void {
    const pv = this.w.api.cache.get('PersistentVolume', `/registry/persistentvolumes/${name}`);
    if (!pv) return done();
    const action = pvProtectionDecision(pv);
    if (action === 'keep' || action === 'none') {
      this.failures.delete(name);
      return done();
    }
    const body = clone(pv);
    const rest = action === 'add-finalizer' ? [...(pv.metadata.finalizers ?? []), PV_PROTECTION_FINALIZER] : withoutFinalizer(pv.metadata.finalizers, PV_PROTECTION_FINALIZER);
    if (rest) body.metadata.finalizers = rest;
    else delete body.metadata.finalizers;
    const note = action === 'add-finalizer' ? `(add ${PV_PROTECTION_FINALIZER} finalizer)` : `(remove ${PV_PROTECTION_FINALIZER} finalizer)`;
    this.client.call({ verb: 'update', resource: PV, name, body, cause, note }, (res) => {
      if (res.status === 200 || res.status === 404) {
        this.failures.delete(name);
        return done();
      }
      const n = this.failures.get(name) ?? 0;
      this.failures.set(name, n + 1);
      done();
      this.enqueue(name, res.eventId ?? cause, retryDelayMs(n));
    });
  }
}
