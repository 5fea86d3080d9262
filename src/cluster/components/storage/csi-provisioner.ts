/**
 * A CSI driver's controller with the external-provisioner sidecar
 * (kubernetes-csi/external-provisioner): it watches claims annotated
 * `volume.kubernetes.io/storage-provisioner: <its driver>` (set by the PV
 * controller), and — for WaitForFirstConsumer classes only once the scheduler
 * has written `volume.kubernetes.io/selected-node` — calls the driver's
 * CreateVolume and creates a PersistentVolume `pvc-<claim uid>` pre-bound to
 * the claim (the PV controller then completes the binding). Events as the
 * sidecar records them: Provisioning "External provisioner is provisioning
 * volume for claim \"ns/name\"", ProvisioningSucceeded "Successfully
 * provisioned volume pvc-…". A released volume with reclaimPolicy Delete is
 * deleted (DeleteVolume, then the PV object).
 */
import { serviceAccountIdentity } from '../../apiserver/identity.ts';
import type { WatchEvent } from '../../apiserver/types.ts';
import type { Obj } from '../../core/object.ts';
import { asPv, asPvc } from '../../core/typed.ts';
import { resourceForKind } from '../../core/resources.ts';
import { PROVISIONED_BY_ANNOTATION, SELECTED_NODE_ANNOTATION, STORAGE_PROVISIONER_ANNOTATION } from '../../core/volumes.ts';
import { Client, type World } from '../world.ts';

const PV = resourceForKind('PersistentVolume')!;
/** The driver of the cluster's default StorageClass (kubernetes-csi/csi-driver-host-path). */
export const CSI_DRIVER = 'hostpath.csi.k8s.io';
export const CSI_PROVISIONER_ID = 'csi-provisioner';
/**
 * The topology key the driver's node plugin reports (NodeGetInfo): the
 * kubelet labels its Node with it when the driver registers, and a volume
 * provisioned for a node carries it in its nodeAffinity.
 */
export const CSI_TOPOLOGY_KEY = 'topology.hostpath.csi/node';
/** CreateVolume on the driver (a local volume: tens of milliseconds). */
const CREATE_VOLUME_MS = 40;

export class CsiProvisioner {
  private readonly client: Client;
  private readonly inFlight = new Set<string>();

  constructor(private readonly w: World) {
    this.client = new Client(w, CSI_PROVISIONER_ID, serviceAccountIdentity('kube-system', CSI_PROVISIONER_ID));
    w.rec.addComponent({ id: CSI_PROVISIONER_ID, kind: 'csi-driver', name: `csi-provisioner (${CSI_DRIVER})`, host: 'control-plane', group: 'control-plane', namespace: 'kube-system' });
    w.api.watch({
      component: CSI_PROVISIONER_ID,
      kinds: ['PersistentVolumeClaim'],
      filter: (o, t) => t !== 'DELETED' && this.wants(o),
      handler: (e) => this.provision(e),
    });
    w.api.watch({
      component: CSI_PROVISIONER_ID,
      kinds: ['PersistentVolume'],
      filter: (o, t) => t === 'MODIFIED' && !o.metadata.deletionTimestamp && asPv(o).status?.phase === 'Released' && asPv(o).spec?.persistentVolumeReclaimPolicy === 'Delete' && o.metadata.annotations?.[PROVISIONED_BY_ANNOTATION] === CSI_DRIVER,
      handler: (e) => this.deleteVolume(e),
    });
  }

  private wants(obj: Obj): boolean {
    const claim = asPvc(obj);
    if (claim.metadata.annotations?.[STORAGE_PROVISIONER_ANNOTATION] !== CSI_DRIVER) return false;
    if (claim.spec?.volumeName || claim.status?.phase === 'Bound' || claim.metadata.deletionTimestamp) return false;
    if (this.inFlight.has(claim.metadata.uid ?? '')) return false;
    const klass = this.w.api.cache.get('StorageClass', `/registry/storageclasses/${claim.spec?.storageClassName ?? ''}`);
    if (!klass) return false;
    if (klass.volumeBindingMode === 'WaitForFirstConsumer' && !claim.metadata.annotations?.[SELECTED_NODE_ANNOTATION]) return false;
    return !this.w.api.cache.get('PersistentVolume', `/registry/persistentvolumes/pvc-${claim.metadata.uid}`);
  }

  private provision(e: WatchEvent): void {
    const claim = asPvc(e.object);
    const uid = claim.metadata.uid ?? '';
    this.inFlight.add(uid);
    const klass = this.w.api.cache.get('StorageClass', `/registry/storageclasses/${claim.spec.storageClassName}`)!;
    const ns = claim.metadata.namespace ?? 'default';
    const name = `pvc-${uid}`;
    const node = claim.metadata.annotations?.[SELECTED_NODE_ANNOTATION];
    this.client.event(claim, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${ns}/${claim.metadata.name}"`, { component: `${CSI_DRIVER}_csi-hostpathplugin-0_${CSI_PROVISIONER_ID}` }, e.cause);
    const req = this.w.rec.emit({ type: 'request', from: CSI_PROVISIONER_ID, to: CSI_PROVISIONER_ID, action: 'csi-create-volume', summary: `CreateVolume ${name} (${claim.spec.resources?.requests?.storage ?? ''})`, cause: e.cause });
    this.w.clock.after(CREATE_VOLUME_MS, () => {
      const res = this.w.rec.emit({ type: 'response', from: CSI_PROVISIONER_ID, to: CSI_PROVISIONER_ID, action: 'csi-create-volume', result: 'ok', summary: `volume ${name} created`, cause: req });
      const pv: Obj = {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name, annotations: { [PROVISIONED_BY_ANNOTATION]: CSI_DRIVER, 'volume.kubernetes.io/provisioner-deletion-secret-name': '', 'volume.kubernetes.io/provisioner-deletion-secret-namespace': '' } },
        spec: {
          accessModes: [...(claim.spec.accessModes ?? [])],
          capacity: { storage: claim.spec.resources?.requests?.storage ?? '0' },
          claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: claim.metadata.name, namespace: ns, resourceVersion: claim.metadata.resourceVersion, uid },
          csi: { driver: CSI_DRIVER, volumeHandle: uid, volumeAttributes: { kind: 'file' } },
          ...(node ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: CSI_TOPOLOGY_KEY, operator: 'In', values: [node] }] }] } } } : {}),
          persistentVolumeReclaimPolicy: klass.reclaimPolicy ?? 'Delete',
          storageClassName: claim.spec.storageClassName,
          volumeMode: claim.spec.volumeMode ?? 'Filesystem',
        },
      };
      this.client.call({ verb: 'create', resource: PV, body: pv, cause: res, note: name }, (r) => {
        this.inFlight.delete(uid);
        if (r.status === 201) this.client.event(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${name}`, { component: `${CSI_DRIVER}_csi-hostpathplugin-0_${CSI_PROVISIONER_ID}` }, r.eventId);
      });
    });
  }

  private deleteVolume(e: WatchEvent): void {
    const pv = e.object;
    const req = this.w.rec.emit({ type: 'request', from: CSI_PROVISIONER_ID, to: CSI_PROVISIONER_ID, action: 'csi-delete-volume', summary: `DeleteVolume ${pv.metadata.name}`, cause: e.cause });
    this.w.clock.after(CREATE_VOLUME_MS, () => {
      const res = this.w.rec.emit({ type: 'response', from: CSI_PROVISIONER_ID, to: CSI_PROVISIONER_ID, action: 'csi-delete-volume', result: 'ok', summary: `volume ${pv.metadata.name} deleted`, cause: req });
      this.client.call({ verb: 'delete', resource: PV, name: pv.metadata.name, cause: res });
    });
  }
}
