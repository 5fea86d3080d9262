/**
 * The ephemeral volume controller (pkg/controller/volume/ephemeral,
 * `ephemeral-volume-controller`, 1.31): for each generic ephemeral volume of
 * a pod (`volumes[].ephemeral.volumeClaimTemplate`) it creates the
 * PersistentVolumeClaim `<pod name>-<volume name>` (ephemeral.VolumeClaimName)
 * from the template's labels, annotations and spec, controlled by the pod
 * (ownerReferences controller and blockOwnerDeletion true), so the garbage
 * collector deletes it with the pod. From there the claim is like any other:
 * the scheduler's VolumeBinding waits for it, the PV controller or the CSI
 * provisioner gives it a volume, the kubelet mounts it.
 *
 * syncHandler/handleVolume: a pod being deleted is skipped; a claim of that
 * name the pod does not control is an error (ephemeral.VolumeIsForPod): a
 * Warning `FailedBinding` Event on the pod, and the pod is queued again with
 * the rate limiter's back-off. Informers: pods added (the pod spec is
 * immutable, so updates are ignored), and claims deleted (the pods whose
 * ephemeral volume names the claim are queued again, so it is re-created).
 */
import { clone, controllerOf, type Obj } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import { ephemeralNotForPod } from '../../core/scheduler/index.ts';
import { asPod, type PodObj } from '../../core/typed.ts';
import type { World } from '../world.ts';
import { Controller } from './controller.ts';
import { retryDelayMs } from './pvc-protection.ts';

const PVC = resourceForKind('PersistentVolumeClaim')!;

export const EPHEMERAL_VOLUME_CONTROLLER = 'ephemeral-volume-controller';
/** The Events' source (NewRecorder with EventSource{Component: "ephemeral_volume"}). */
const EVENT_SOURCE = { component: 'ephemeral_volume' };

function hasEphemeralVolume(pod: PodObj): boolean {
  return (pod.spec?.volumes ?? []).some((v) => v.ephemeral !== undefined);
}

export class EphemeralVolumeController extends Controller {
  private readonly failures = new Map<string, number>();

  constructor(w: World) {
    super(w, EPHEMERAL_VOLUME_CONTROLLER);
    this.watch({
      kinds: ['Pod'],
      // enqueuePod (AddFunc only): a pod not being deleted with at least one ephemeral volume.
      filter: (o, t) => t === 'ADDED' && !o.metadata.deletionTimestamp && hasEphemeralVolume(asPod(o)),
      handler: (e) => this.enqueue(`${e.object.metadata.namespace ?? 'default'}/${e.object.metadata.name}`, e.cause),
    });
    this.watch({
      kinds: ['PersistentVolumeClaim'],
      // onPVCDelete: the pods whose ephemeral volume names the claim (the pod-PVC index).
      filter: (o, t) => t === 'DELETED' && this.podsNaming(o).length > 0,
      handler: (e) => {
        for (const p of this.podsNaming(e.object)) this.enqueue(`${p.metadata.namespace ?? 'default'}/${p.metadata.name}`, e.cause);
      },
    });
  }

  private podsNaming(claim: Obj): PodObj[] {
    const ns = claim.metadata.namespace ?? 'default';
    return this.w.api.cache
      .list('Pod', ns)
      .map(asPod)
      .filter((p) => !p.metadata.deletionTimestamp && (p.spec?.volumes ?? []).some((v) => v.ephemeral !== undefined && `${p.metadata.name}-${v.name}` === claim.metadata.name));
  }

  protected reconcile(key: string, cause: string, done: () => void): void {
    const [ns, name] = key.split('/') as [string, string];
    const found = this.w.api.cache.get('Pod', `/registry/pods/${ns}/${name}`);
    if (!found || found.metadata.deletionTimestamp) {
      this.failures.delete(key);
      return done();
    }
    const pod = asPod(found);
    const volumes = (pod.spec?.volumes ?? []).filter((v) => v.ephemeral !== undefined);
    let i = 0;
    const next = (c: string): void => {
      const v = volumes[i++];
      if (v === undefined) {
        this.failures.delete(key);
        return done();
      }
      const claimName = `${name}-${v.name}`;
      const existing = this.w.api.cache.get('PersistentVolumeClaim', `/registry/persistentvolumeclaims/${ns}/${claimName}`);
      if (existing) {
        // Already created, nothing more to do; a claim of that name the pod does not control is an error.
        if (controllerOf(existing)?.uid === pod.metadata.uid) return next(c);
        return this.fail(pod, key, v.name, ephemeralNotForPod(ns, claimName, name), c, done);
      }
      const template = v.ephemeral?.volumeClaimTemplate;
      const claim: Obj = {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: {
          name: claimName,
          namespace: ns,
          ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name, uid: pod.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
          ...(template?.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
          ...(template?.metadata?.labels ? { labels: { ...template.metadata.labels } } : {}),
        },
        spec: clone(template?.spec ?? {}),
      };
      this.client.call({ verb: 'create', resource: PVC, namespace: ns, body: claim, cause: c, note: `(ephemeral volume ${v.name} of pod ${name})` }, (res) => {
        if (res.status !== 201) return this.fail(pod, key, v.name, `create PVC ${claimName}: ${res.message ?? res.reason ?? String(res.status)}`, res.eventId ?? c, done);
        next(res.eventId ?? c);
      });
    };
    next(cause);
  }

  /** syncHandler's error path: a FailedBinding Event on the pod, then AddRateLimited. */
  private fail(pod: PodObj, key: string, volume: string, message: string, cause: string, done: () => void): void {
    this.client.event(pod, 'Warning', 'FailedBinding', `ephemeral volume ${volume}: ${message}`, EVENT_SOURCE, cause);
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    done();
    // AddRateLimited: the key waits outside the queue, so an Add meanwhile (a claim deleted) is processed at once.
    this.w.clock.after(retryDelayMs(n), () => this.enqueue(key, cause));
  }
}
