/**
 * The attach/detach controller of kube-controller-manager
 * (pkg/controller/volume/attachdetach, `attachdetach-controller`, 1.31) for
 * CSI volumes: for every scheduled pod that uses a claim bound to a CSI
 * PersistentVolume, the volume must be attached to the pod's node. The
 * controller creates a VolumeAttachment `csi-<sha256(handle+driver+node)>`
 * (../../core/attach.ts) for the driver's external-attacher to act on; once
 * it reports `status.attached: true`, the controller adds the volume to the
 * node's `status.volumesAttached` (the kubelet waits for it there,
 * VerifyControllerAttachedVolume) and records SuccessfulAttachVolume on the
 * pods. When no pod on the node uses the volume any more, it waits until the
 * kubelet no longer lists the volume in the node's `status.volumesInUse`
 * (it has unmounted it), then removes the volume from
 * `status.volumesAttached` and deletes the VolumeAttachment; the attacher
 * detaches (ControllerUnpublishVolume) and lets the object go. A volume
 * still in use is force-detached at once when the node has the
 * `node.kubernetes.io/out-of-service` taint, and after 6 minutes
 * (maxWaitForUnmountDuration) when the node is NotReady; a Ready node keeps
 * it attached (../../core/attach.ts detachDecision).
 * A volume whose PersistentVolume allows neither ReadWriteMany nor
 * ReadOnlyMany (isMultiAttachAllowed) is not attached to a second node while
 * it is attached to another: the pods wanting it get FailedAttachVolume
 * "Multi-Attach error for volume … Volume is already used by pod(s) …" once
 * (reportMultiAttachError), and the attach follows when the other node's
 * attachment is gone.
 */
import { etcdKey, resourceForKind } from '../../core/resources.ts';
import type { Obj } from '../../core/object.ts';
import { asNode, asPod, asVolumeAttachment } from '../../core/typed.ts';
import { OUT_OF_SERVICE_TAINT, attachmentName, detachDecision, uniqueVolumeName, type CsiVolume } from '../../core/attach.ts';
import { Controller } from './controller.ts';
import { volumeClaimName } from '../../core/scheduler/index.ts';
import { backgroundAfter } from '../timers.ts';
import { minor, statusPatch, type World } from '../world.ts';
import { isPodPhaseTerminal } from '../../core/pod-phase.ts';

const VA = resourceForKind('VolumeAttachment')!;
const NODE = resourceForKind('Node')!;
export const ADC_ID = 'attachdetach-controller';
/** ReconcilerLoopPeriod: the reconciler notices an expired timeout within 100 ms. */
const RECONCILER_LOOP_MS = 100;

/** The CSI volume behind a pod's claim volume, if it is bound to a CSI PersistentVolume. */
export function csiVolumeOf(w: World, namespace: string, claimName: string): CsiVolume | undefined {
  const claim = w.api.cache.get('PersistentVolumeClaim', `/registry/persistentvolumeclaims/${namespace}/${claimName}`);
  const pvName = claim?.spec?.volumeName;
  if (typeof pvName !== 'string' || pvName === '') return undefined;
  const pv = w.api.cache.get('PersistentVolume', `/registry/persistentvolumes/${pvName}`);
  const csi = pv?.spec?.csi;
  if (!csi || typeof csi.driver !== 'string' || typeof csi.volumeHandle !== 'string') return undefined;
  return { pv: pvName, driver: csi.driver, handle: csi.volumeHandle };
}

/** Every CSI volume a pod uses through its claims. */
export function podCsiVolumes(w: World, pod: Obj): CsiVolume[] {
  const out: CsiVolume[] = [];
  for (const v of asPod(pod).spec?.volumes ?? []) {
    const name = volumeClaimName(pod.metadata.name, v);
    if (!name) continue;
    const vol = csiVolumeOf(w, pod.metadata.namespace ?? 'default', name);
    if (vol) out.push(vol);
  }
  return out;
}

function active(p: Obj): boolean {
  const phase = asPod(p).status?.phase;
  return !isPodPhaseTerminal(phase);
}

export class AttachDetachController extends Controller {
  /** Keys `<node>|<pv>` → the volume, remembered so a detach can be reconciled after the pod is gone. */
  private readonly volumes = new Map<string, CsiVolume>();
  /** Keys whose Multi-Attach error was reported (desiredStateOfWorld.SetMultiAttachError). */
  private readonly multiAttachReported = new Set<string>();
  /** Keys whose detach waits for the node (still in volumesInUse) → when the detach was first wanted (SetDetachRequestTime). */
  private readonly detachRequested = new Map<string, number>();
  /** Keys with a force-detach timeout check pending. */
  private readonly recheck = new Set<string>();

  constructor(w: World) {
    super(w, ADC_ID);
    this.watch({
      kinds: ['Pod'],
      filter: (obj, t, prev) => {
        const o = asPod(obj);
        const old = prev && asPod(prev);
        if (typeof o.spec?.nodeName !== 'string' || podCsiVolumes(w, o).length === 0) return false;
        if (t === 'DELETED' || t === 'ADDED') return true;
        return old?.spec?.nodeName !== o.spec.nodeName || active(o) !== (old ? active(old) : true);
      },
      handler: (e) => {
        for (const v of podCsiVolumes(w, e.object)) {
          const key = `${asPod(e.object).spec.nodeName}|${v.pv}`;
          this.volumes.set(key, v);
          this.enqueue(key, e.cause);
        }
      },
    });
    this.watch({
      kinds: ['VolumeAttachment'],
      filter: (o, t, old) => t === 'MODIFIED' && asVolumeAttachment(o).status?.attached === true && (old && asVolumeAttachment(old))?.status?.attached !== true && !o.metadata.deletionTimestamp,
      handler: (e) => this.attached(e.object, e.cause),
    });
    // A node update may let a waiting detach go on (processVolumesInUse, nodeIsHealthy, hasOutOfServiceTaint).
    this.watch({
      kinds: ['Node'],
      filter: (o, t, old) => t === 'MODIFIED' && old !== undefined && this.waitingOn(o.metadata.name).length > 0 && detachInputs(old) !== detachInputs(o),
      handler: (e) => {
        for (const k of this.waitingOn(e.object.metadata.name)) this.enqueue(k, e.cause);
      },
    });
    // An attachment gone may let a volume waiting on a Multi-Attach error attach elsewhere (the reconciler's next pass).
    this.watch({
      kinds: ['VolumeAttachment'],
      filter: (o, t) => t === 'DELETED' && this.multiAttachReported.size > 0 && [...this.multiAttachReported].some((k) => k.endsWith(`|${asVolumeAttachment(o).spec.source.persistentVolumeName}`)),
      handler: (e) => {
        const pvName = asVolumeAttachment(e.object).spec.source.persistentVolumeName ?? '';
        for (const k of [...this.multiAttachReported].sort()) if (k.endsWith(`|${pvName}`)) this.enqueue(k, e.cause);
      },
    });
  }

  private waitingOn(node: string): string[] {
    return [...this.detachRequested.keys()].filter((k) => k.startsWith(`${node}|`)).sort();
  }

  /** isMultiAttachAllowed: a PersistentVolume with ReadWriteMany or ReadOnlyMany (no access modes: not allowed). */
  private multiAttachAllowed(pvName: string): boolean {
    const modes = (this.w.api.cache.get('PersistentVolume', `/registry/persistentvolumes/${pvName}`)?.spec?.accessModes ?? []) as string[];
    return modes.includes('ReadWriteMany') || modes.includes('ReadOnlyMany');
  }

  protected reconcile(key: string, cause: string, done: () => void): void {
    const [node, pvName] = key.split('|') as [string, string];
    const vol = this.volumes.get(key)!;
    const name = attachmentName(vol.handle, vol.driver, node);
    const users = [...this.w.api.cache.podsOnNode(node)].filter((p) => active(p) && podCsiVolumes(this.w, p).some((v) => v.pv === pvName));
    const va = this.w.api.cache.get('VolumeAttachment', etcdKey(VA, undefined, name));
    if (users.length === 0) this.multiAttachReported.delete(key);
    else this.detachRequested.delete(key); // ResetDetachRequestTime
    if (users.length > 0 && !va && !this.multiAttachAllowed(pvName)) {
      const elsewhere = this.w.api.cache.list('VolumeAttachment').filter((o) => o.spec?.source?.persistentVolumeName === pvName && o.spec?.nodeName !== node);
      if (elsewhere.length > 0) {
        if (!this.multiAttachReported.has(key)) {
          this.multiAttachReported.add(key);
          this.reportMultiAttachError(pvName, elsewhere.map((o) => o.spec?.nodeName as string), users, cause);
        }
        return done();
      }
    }
    if (users.length > 0 && !va) {
      this.multiAttachReported.delete(key);
      const body: Obj = {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'VolumeAttachment',
        metadata: { name },
        spec: { attacher: vol.driver, nodeName: node, source: { persistentVolumeName: pvName } },
      };
      return this.client.call({ verb: 'create', resource: VA, body, cause, note: `${name.slice(0, 16)}… (attach ${pvName} to ${node})` }, () => done());
    }
    if (users.length === 0 && va && !va.metadata.deletionTimestamp) {
      const unique = uniqueVolumeName(vol.driver, vol.handle);
      const n = this.w.api.cache.get('Node', `/registry/minions/${node}`);
      const now = this.w.clock.now();
      const waiting = this.detachRequested.has(key);
      const since = this.detachRequested.get(key) ?? now;
      // Before 1.25 the timeout force-detached from any node (PR 110721); the out-of-service taint is honoured from 1.26 (NodeOutOfServiceVolumeDetach beta).
      const v = minor(this.w);
      const d = detachDecision({
        mounted: n !== undefined && (asNode(n).status?.volumesInUse ?? []).includes(unique),
        nodeReady: v >= 25 && n !== undefined && nodeReady(n),
        outOfService: v >= 26 && n !== undefined && (asNode(n).spec?.taints ?? []).some((t) => t.key === OUT_OF_SERVICE_TAINT),
        elapsedMs: now - since,
      });
      if (!d.detach) {
        this.detachRequested.set(key, since);
        if (!waiting) {
          this.w.rec.emit({ type: 'action', from: ADC_ID, to: ADC_ID, action: 'detach-volume', result: 'unavailable', summary: `cannot detach volume "${pvName}" from ${node}: still mounted (in node.status.volumesInUse)`, cause });
        }
        if (d.recheckAfterMs !== undefined && !this.recheck.has(key)) {
          this.recheck.add(key);
          backgroundAfter(this.w, d.recheckAfterMs + RECONCILER_LOOP_MS, () => {
            this.recheck.delete(key);
            if (this.detachRequested.has(key)) this.enqueue(key, cause);
          });
        }
        return done();
      }
      this.detachRequested.delete(key);
      if (d.force) {
        const why = d.force === 'timeout' ? `maxWaitForUnmountDuration (6m0s) expired${v >= 25 ? ' on a NotReady node' : ''}` : `node has the ${OUT_OF_SERVICE_TAINT} taint`;
        cause = this.w.rec.emit({ type: 'action', from: ADC_ID, to: ADC_ID, action: 'detach-volume', summary: `volume "${pvName}" is not safe to detach from ${node}, but ${why}: force detaching`, cause });
      }
      // The volume leaves the node's volumesAttached first, then the attachment is deleted (reconciler.go).
      return this.client.call(
        statusPatch(NODE, { name: node }, (obj) => {
          const live = asNode(obj);
          const list = (live.status?.volumesAttached ?? []).filter((x) => x.name !== unique);
          if (list.length === (live.status?.volumesAttached ?? []).length) return null;
          live.status = { ...live.status, volumesAttached: list };
          return live;
        }, cause, `${node} (volumesAttached − ${pvName})`),
        (res) => this.client.call({ verb: 'delete', resource: VA, name, cause: res.eventId, note: `${name.slice(0, 16)}… (detach ${pvName} from ${node})` }, () => done()),
      );
    }
    done();
  }

  /**
   * reportMultiAttachError (reconciler.go): each pod waiting for the volume
   * learns which pods of its namespace hold it on other nodes (pods of other
   * namespaces are only counted).
   */
  private reportMultiAttachError(pvName: string, otherNodes: string[], scheduled: Obj[], cause: string): void {
    const holders = otherNodes.flatMap((n) => [...this.w.api.cache.podsOnNode(n)].filter((p) => active(p) && podCsiVolumes(this.w, p).some((v) => v.pv === pvName)));
    for (const pod of [...scheduled].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))) {
      let msg: string;
      if (holders.length === 0) msg = "Volume is already exclusively attached to one node and can't be attached to another";
      else {
        const ns = pod.metadata.namespace ?? 'default';
        const local = holders.filter((p) => (p.metadata.namespace ?? 'default') === ns).map((p) => p.metadata.name).sort();
        const others = holders.length - local.length;
        msg = local.length > 0 ? `Volume is already used by pod(s) ${local.join(', ')}${others > 0 ? ` and ${others} pod(s) in different namespaces` : ''}` : `Volume is already used by ${others} pod(s) in different namespaces`;
      }
      this.client.event(pod, 'Warning', 'FailedAttachVolume', `Multi-Attach error for volume "${pvName}" ${msg}`, this.source(), cause);
    }
  }

  /** The attacher reported the volume attached: the node's status lists it, the pods get SuccessfulAttachVolume. */
  private attached(obj: Obj, cause: string): void {
    const va = asVolumeAttachment(obj);
    const node = va.spec.nodeName;
    const pvName = va.spec.source.persistentVolumeName!; // the attach-detach controller writes it (reconcile)
    const vol = this.volumes.get(`${node}|${pvName}`);
    if (!vol) return;
    const unique = uniqueVolumeName(vol.driver, vol.handle);
    this.client.call(
      statusPatch(NODE, { name: node }, (obj) => {
        const live = asNode(obj);
        const list = live.status?.volumesAttached ?? [];
        if (list.some((x) => x.name === unique)) return null;
        live.status = { ...live.status, volumesAttached: [...list, { name: unique, devicePath: '' }].sort((a, b) => (a.name < b.name ? -1 : 1)) };
        return live;
      }, cause, `${node} (volumesAttached + ${pvName})`),
      (res) => {
        const pods = [...this.w.api.cache.podsOnNode(node)].filter((p) => active(p) && podCsiVolumes(this.w, p).some((v) => v.pv === pvName));
        for (const p of [...pods].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))) {
          this.client.event(p, 'Normal', 'SuccessfulAttachVolume', `AttachVolume.Attach succeeded for volume "${pvName}"`, this.source(), res.eventId);
        }
      },
    );
  }
}

/** nodeIsHealthy: the node's Ready condition is True. */
function nodeReady(n: Obj): boolean {
  return (asNode(n).status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** What of a node the detach decision reads: volumesInUse, readiness, the out-of-service taint. */
function detachInputs(n: Obj): string {
  const node = asNode(n);
  return JSON.stringify([node.status?.volumesInUse ?? [], nodeReady(n), (node.spec?.taints ?? []).some((t) => t.key === OUT_OF_SERVICE_TAINT)]);
}
