/**
 * The PVC protection controller (pkg/controller/volume/pvcprotection,
 * `persistentvolumeclaim-protection-controller`, 1.31): a claim that is
 * being deleted keeps its `kubernetes.io/pvc-protection` finalizer (and shows
 * `Terminating`) while a scheduled pod names it; then the controller removes
 * the finalizer with an UPDATE and the API server deletes the claim.
 *
 * processPVC: the informer's pods first (askInformer); when none uses the
 * claim, a live LIST of the namespace's pods (askAPIServer) confirms it
 * before the finalizer goes. Informers: claims that need the finalizer or
 * are deletion candidates (pvcAddedUpdated); pods that are deleted,
 * terminated or unscheduled queue the claims they name (enqueuePVCs).
 * Pure logic: core/storage-protection.ts.
 */
import { clone, type Obj } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import {
  PVC_PROTECTION_FINALIZER, claimsToRecheck, isDeletionCandidate, needToAddFinalizer, pvcProtectionDecision, withoutFinalizer, type PvcProtectionAction,
} from '../../core/storage-protection.ts';
import { asPod, asPvc, type PodObj } from '../../core/typed.ts';
import type { World } from '../world.ts';
import { Controller } from './controller.ts';

const PVC = resourceForKind('PersistentVolumeClaim')!;
const POD = resourceForKind('Pod')!;
/** The work queue's rate limiter after a failure (DefaultTypedControllerRateLimiter: 5 ms, doubling, at most 1000 s). */
export function retryDelayMs(failures: number): number {
  return Math.min(5 * 2 ** failures, 1_000_000);
}

export const PVC_PROTECTION_CONTROLLER = 'persistentvolumeclaim-protection-controller';

const claimKey = (ns: string, name: string): string => `/registry/persistentvolumeclaims/${ns}/${name}`;

export class PvcProtectionController extends Controller {
  private readonly failures = new Map<string, number>();

  constructor(w: World) {
    super(w, PVC_PROTECTION_CONTROLLER);
    this.watch({
      kinds: ['PersistentVolumeClaim'],
      // pvcAddedUpdated: only claims that need the finalizer or wait for its removal.
      filter: (o, t) => t !== 'DELETED' && (needToAddFinalizer(o, PVC_PROTECTION_FINALIZER) || isDeletionCandidate(o, PVC_PROTECTION_FINALIZER)),
      handler: (e) => this.enqueue(`${e.object.metadata.namespace ?? 'default'}/${e.object.metadata.name}`, e.cause),
    });
    this.watch({
      kinds: ['Pod'],
      // podAddedDeletedUpdated → enqueuePVCs. The trace draws only deliveries that can
      // change something: a claim the pod names is waiting for its finalizer's removal.
      filter: (o, t, old) => this.podKeys(asPod(o), t === 'DELETED', old ? asPod(old) : undefined).some((k) => this.waiting(k)),
      handler: (e) => {
        for (const k of this.podKeys(asPod(e.object), e.type === 'DELETED', e.old ? asPod(e.old) : undefined)) this.enqueue(k, e.cause);
      },
    });
  }

  /** enqueuePVCs for the pod, and for the old pod when a delete and re-create under the same name is seen as an update. */
  private podKeys(pod: PodObj, deleted: boolean, old: PodObj | undefined): string[] {
    const keys = claimsToRecheck(pod, deleted);
    if (old && old.metadata.uid !== pod.metadata.uid) for (const k of claimsToRecheck(old, true)) if (!keys.includes(k)) keys.push(k);
    return keys;
  }

  private waiting(key: string): boolean {
    const [ns, name] = key.split('/') as [string, string];
    const claim = this.w.api.cache.get('PersistentVolumeClaim', claimKey(ns, name));
    return claim !== undefined && isDeletionCandidate(claim, PVC_PROTECTION_FINALIZER);
  }

  protected reconcile(key: string, cause: string, done: () => void): void {
    const [ns, name] = key.split('/') as [string, string];
    const claim = this.w.api.cache.get('PersistentVolumeClaim', claimKey(ns, name));
    if (!claim) return done();
    const informer = this.w.api.cache.list('Pod', ns).map(asPod);
    const first = pvcProtectionDecision(claim, informer);
    if (first !== 'list-pods') return this.act(first, claim, key, cause, done);
    // askAPIServer: a live list, in case the informer has not seen a new pod yet.
    this.client.call({ verb: 'list', resource: POD, namespace: ns, cause, note: `(pods using claim ${name}?)` }, (res) => {
      if (res.status !== 200) return this.retry(key, res.eventId ?? cause, done);
      const live = (res.items ?? []).map(asPod);
      const next = pvcProtectionDecision(claim, informer, live);
      this.act(next === 'list-pods' ? 'keep' : next, claim, key, res.eventId ?? cause, done);
    });
  }

  private act(action: PvcProtectionAction, claim: Obj, key: string, cause: string, done: () => void): void {
    if (action === 'keep' || action === 'none') {
      this.failures.delete(key);
      return done();
    }
    const body = clone(asPvc(claim));
    const rest = action === 'add-finalizer' ? [...(claim.metadata.finalizers ?? []), PVC_PROTECTION_FINALIZER] : withoutFinalizer(claim.metadata.finalizers, PVC_PROTECTION_FINALIZER);
    if (rest) body.metadata.finalizers = rest;
    else delete body.metadata.finalizers;
    const note = action === 'add-finalizer' ? `(add ${PVC_PROTECTION_FINALIZER} finalizer)` : `(remove ${PVC_PROTECTION_FINALIZER} finalizer)`;
    this.client.call({ verb: 'update', resource: PVC, namespace: claim.metadata.namespace, name: claim.metadata.name, body, cause, note }, (res) => {
      // A failed update (a stale resourceVersion) is retried by the rate-limited queue.
      if (res.status !== 200 && res.status !== 404) return this.retry(key, res.eventId ?? cause, done);
      this.failures.delete(key);
      done();
    });
  }

  private retry(key: string, cause: string, done: () => void): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    done();
    this.enqueue(key, cause, retryDelayMs(n));
  }
}
