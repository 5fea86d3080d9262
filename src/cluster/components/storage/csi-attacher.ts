/**
 * A CSI driver's controller with the external-attacher sidecar
 * (kubernetes-csi/external-attacher): it acts on the VolumeAttachments whose
 * `spec.attacher` is its driver. A new one gets the attacher's finalizer
 * `external-attacher/<driver with non-alphanumerics as ->`, then the driver's
 * ControllerPublishVolume makes the volume available on the node, and the
 * status says `attached: true`. A VolumeAttachment being deleted is detached
 * (ControllerUnpublishVolume) and its finalizer removed, which lets the API
 * server delete it.
 */
import { serviceAccountIdentity } from '../../apiserver/identity.ts';
import type { WatchEvent } from '../../apiserver/types.ts';
import type { Obj } from '../../core/object.ts';
import { asVolumeAttachment } from '../../core/typed.ts';
import { resourceForKind } from '../../core/resources.ts';
import { Client, statusPatch, type World } from '../world.ts';
import { CSI_DRIVER } from './csi-provisioner.ts';

const VA = resourceForKind('VolumeAttachment')!;
export const CSI_ATTACHER_ID = 'csi-attacher';
/** ControllerPublishVolume / ControllerUnpublishVolume on a local driver: tens of milliseconds. */
const PUBLISH_MS = 30;

/** The finalizer the external-attacher puts on what it attaches (GetFinalizerName). */
export function attacherFinalizer(driver: string): string {
  return `external-attacher/${driver.replace(/[^a-zA-Z0-9-]/g, '-')}`;
}

export class CsiAttacher {
  private readonly client: Client;
  private readonly finalizer = attacherFinalizer(CSI_DRIVER);

  constructor(private readonly w: World) {
    this.client = new Client(w, CSI_ATTACHER_ID, serviceAccountIdentity('kube-system', CSI_ATTACHER_ID));
    w.rec.addComponent({ id: CSI_ATTACHER_ID, kind: 'csi-driver', name: `csi-attacher (${CSI_DRIVER})`, host: 'control-plane', group: 'control-plane', namespace: 'kube-system' });
    w.api.watch({
      component: CSI_ATTACHER_ID,
      kinds: ['VolumeAttachment'],
      filter: (o, t, old) => {
        if (t === 'DELETED' || asVolumeAttachment(o).spec?.attacher !== CSI_DRIVER) return false;
        if (o.metadata.deletionTimestamp) return !old?.metadata.deletionTimestamp && (o.metadata.finalizers ?? []).includes(this.finalizer);
        return t === 'ADDED';
      },
      handler: (e) => (e.object.metadata.deletionTimestamp ? this.detach(e) : this.attach(e)),
    });
  }

  private attach(e: WatchEvent): void {
    const va = asVolumeAttachment(e.object);
    const name = va.metadata.name;
    const short = `${name.slice(0, 16)}…`;
    const addFinalizer = (live: Obj): Obj | null => {
      const f = live.metadata.finalizers ?? [];
      if (f.includes(this.finalizer)) return null;
      live.metadata.finalizers = [...f, this.finalizer];
      return live;
    };
    this.client.call({ verb: 'patch', resource: VA, name, patch: addFinalizer, cause: e.cause, note: `${short} (add finalizer)` }, (res) => {
      if (res.status !== 200) return;
      const pv = va.spec?.source?.persistentVolumeName ?? '';
      const req = this.w.rec.emit({ type: 'request', from: CSI_ATTACHER_ID, to: CSI_ATTACHER_ID, action: 'csi-controller-publish', summary: `ControllerPublishVolume ${pv} on ${va.spec?.nodeName}`, cause: res.eventId });
      this.w.clock.after(PUBLISH_MS, () => {
        const done = this.w.rec.emit({ type: 'response', from: CSI_ATTACHER_ID, to: CSI_ATTACHER_ID, action: 'csi-controller-publish', result: 'ok', summary: `${pv} published to ${va.spec?.nodeName}`, cause: req });
        this.client.call(
          statusPatch(VA, { name }, (live) => {
            live.status = { ...(live.status ?? {}), attached: true };
            return live;
          }, done, `${short} (attached: true)`),
        );
      });
    });
  }

  private detach(e: WatchEvent): void {
    const va = asVolumeAttachment(e.object);
    const name = va.metadata.name;
    const pv = va.spec?.source?.persistentVolumeName ?? '';
    const req = this.w.rec.emit({ type: 'request', from: CSI_ATTACHER_ID, to: CSI_ATTACHER_ID, action: 'csi-controller-unpublish', summary: `ControllerUnpublishVolume ${pv} from ${va.spec?.nodeName}`, cause: e.cause });
    this.w.clock.after(PUBLISH_MS, () => {
      const done = this.w.rec.emit({ type: 'response', from: CSI_ATTACHER_ID, to: CSI_ATTACHER_ID, action: 'csi-controller-unpublish', result: 'ok', summary: `${pv} unpublished from ${va.spec?.nodeName}`, cause: req });
      const removeFinalizer = (live: Obj): Obj | null => {
        const f = live.metadata.finalizers ?? [];
        if (!f.includes(this.finalizer)) return null;
        live.metadata.finalizers = f.filter((x) => x !== this.finalizer);
        return live;
      };
      this.client.call({ verb: 'patch', resource: VA, name, patch: removeFinalizer, cause: done, note: `${name.slice(0, 16)}… (remove finalizer)` });
    });
  }
}
