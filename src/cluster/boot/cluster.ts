/**
 * Builds a running cluster from the scenario's ClusterSpec: etcd, the API
 * server, kube-controller-manager's controllers, the scheduler, and a
 * kubelet, containerd and kube-proxy per node; then the objects a fresh
 * kubeadm cluster already has (namespaces, default ServiceAccounts, the
 * `kubernetes` Service, the Node objects). Controllers and node agents are
 * registered here, in one place, so later modules plug in the same way.
 */
import { removeMetricsServer } from '../components/metrics-server.ts';
import { Recorder } from '../../trace/recorder.ts';
import type { ClusterSpec } from '../../scenario/types.ts';
import { ApiServer } from '../apiserver/server.ts';
import { IpAllocator } from '../apiserver/allocators.ts';
import { Clock } from '../kernel/clock.ts';
import { Etcd } from '../kernel/etcd.ts';
import type { Obj } from '../core/object.ts';
import { createPrngs, type World } from '../components/world.ts';
import { KCM } from '../components/controllers/controller.ts';
import { DeploymentController } from '../components/controllers/deployment.ts';
import { ReplicaSetController } from '../components/controllers/replicaset.ts';
import { GarbageCollector } from '../components/controllers/garbage-collector.ts';
import { EndpointSliceController } from '../components/controllers/endpointslice.ts';
import { EndpointsController } from '../components/controllers/endpoints.ts';
import { EndpointSliceMirroringController } from '../components/controllers/endpointslicemirroring.ts';
import { NamespaceController } from '../components/controllers/namespace.ts';
import { ApiExtensionsControllers } from '../components/apiextensions.ts';
import { ApfConfigController } from '../components/apf-config.ts';
import { ServiceAccountController } from '../components/controllers/serviceaccount.ts';
import { CloudControllerManager } from '../components/controllers/cloud-controller-manager.ts';
import { NodeLifecycleController } from '../components/controllers/node-lifecycle.ts';
import { TaintEvictionController } from '../components/controllers/taint-eviction.ts';
import { PodGcController } from '../components/controllers/podgc.ts';
import { JobController } from '../components/controllers/job.ts';
import { CronJobController } from '../components/controllers/cronjob.ts';
import { TtlAfterFinishedController } from '../components/controllers/ttl-after-finished.ts';
import { DaemonSetController } from '../components/controllers/daemonset.ts';
import { DisruptionController } from '../components/controllers/disruption.ts';
import { HpaController } from '../components/controllers/hpa.ts';
import { StatefulSetController } from '../components/controllers/statefulset.ts';
import { PersistentVolumeController } from '../components/controllers/persistentvolume.ts';
import { PvcProtectionController } from '../components/controllers/pvc-protection.ts';
import { EphemeralVolumeController } from '../components/controllers/ephemeral-volume.ts';
import { PvProtectionController } from '../components/controllers/pv-protection.ts';
import { CSI_DRIVER, CsiProvisioner } from '../components/storage/csi-provisioner.ts';
import { CsiAttacher } from '../components/storage/csi-attacher.ts';
import { AttachDetachController } from '../components/controllers/attach-detach.ts';
import { IngressNginx } from '../components/network/ingress-nginx.ts';
import { KubeScheduler } from '../components/kube-scheduler.ts';
import { Kubelet } from '../components/kubelet/kubelet.ts';
import { nodeObject } from '../components/kubelet/node-object.ts';
import { KubeProxy } from '../components/network/kube-proxy.ts';
import { KUBECTL_ID } from '../kubectl/index.ts';
import { LeaderElection } from '../components/leader-election.ts';
import { ApiServerEndpoints, kubernetesEndpointSlice, kubernetesEndpoints } from '../components/apiserver-endpoints.ts';
import { apiServerAddresses } from '../core/network/index.ts';
import type { GitOpsController } from '../components/controllers/gitops.ts';

export interface Cluster {
  w: World;
  kubelets: Map<string, Kubelet>;
  scheduler: KubeScheduler;
  /** etcd keys of objects that existed before the scenario started. */
  bootstrapKeys: Set<string>;
  /** Several control-plane nodes: leader election of kube-controller-manager and kube-scheduler. */
  leaders?: LeaderElection;
  /** The API servers' endpoint reconciler (the `kubernetes` Service's Endpoints and EndpointSlice). */
  apiEndpoints: ApiServerEndpoints;
  /** `cluster.gitops`: the GitOps controller (set up by simulate(), which has the scenario's files). */
  gitops?: GitOpsController;
}

export const BOOTSTRAP_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

export function buildCluster(spec: ClusterSpec, seed: number, kubernetes: string, opts: { etcdHistory?: boolean; defaultStorageClass?: boolean } = {}): Cluster {
  const clock = new Clock();
  const rec = new Recorder(() => clock.now());
  const prng = createPrngs(seed);
  const apiIds = spec.controlPlane.apiServers > 1 ? range(spec.controlPlane.apiServers).map((i) => `apiserver-${i}`) : ['kube-apiserver'];
  const etcdIds = spec.controlPlane.etcd > 1 ? range(spec.controlPlane.etcd).map((i) => `etcd-${i}`) : ['etcd'];
  const etcd = new Etcd<Obj>(etcdIds);
  if (opts.etcdHistory === false) etcd.keepHistory = false;
  registerTopology(rec, spec, apiIds, etcdIds);
  let seq = 0;
  const api = new ApiServer(clock, rec, etcd, prng('names'), new IpAllocator(prng('service-ips')), {
    id: apiIds[0]!,
    etcdId: etcdIds[0]!,
    etcdMembers: etcdIds,
    seed,
    ...(apiIds.length > 1 ? { servers: apiIds } : {}),
  });
  const w: World = { clock, rec, api, etcd, seed, kubernetes, prng, nextSeq: () => ++seq };

  new DeploymentController(w);
  new ReplicaSetController(w, 'ReplicaSet');
  new ReplicaSetController(w, 'ReplicationController');
  new EndpointSliceController(w);
  new EndpointSliceMirroringController(w);
  new EndpointsController(w);
  new GarbageCollector(w);
  new NamespaceController(w);
  new ServiceAccountController(w);
  new CloudControllerManager(w);
  // Node failure: Lease monitoring, unreachable taints, NoExecute evictions.
  new NodeLifecycleController(w);
  new TaintEvictionController(w);
  // Pods bound to a node that no longer exists: force-deleted after a 40 s quarantine.
  new PodGcController(w);
  new HpaController(w);
  new JobController(w);
  new CronJobController(w);
  new TtlAfterFinishedController(w);
  new DaemonSetController(w);
  new DisruptionController(w);
  new StatefulSetController(w);
  new PersistentVolumeController(w);
  new PvcProtectionController(w);
  new PvProtectionController(w);
  new EphemeralVolumeController(w);
  new CsiProvisioner(w);
  new AttachDetachController(w);
  new CsiAttacher(w);
  // `cluster.metricsServer: false`: no metrics.k8s.io (kubectl top: "Metrics API not available").
  if (spec.metricsServer === false) removeMetricsServer(w);
  const scheduler = new KubeScheduler(w);
  const kubelets = new Map<string, Kubelet>();
  spec.nodes.forEach((n, i) => {
    const k = new Kubelet(w, n.name, i, n.images);
    // `joins: later`: the machine is there, its kubelet not started yet (fault `join`).
    if (n.joinsLater) k.up = false;
    kubelets.set(n.name, k);
    new KubeProxy(w, n.name, spec.proxyMode);
  });
  // ingress-nginx runs on the first worker (by name); it shows up only when Ingresses exist.
  new IngressNginx(w, spec.nodes.filter((n) => !n.joinsLater).map((n) => n.name).sort()[0] ?? null);

  const bootstrapKeys = new Set<string>();
  const boot = (o: Obj) => {
    const stored = api.bootstrap(o);
    bootstrapKeys.add(`${stored.kind}/${stored.metadata.namespace ?? ''}/${stored.metadata.name}`);
    return stored;
  };
  for (const ns of BOOTSTRAP_NAMESPACES) {
    boot({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    boot({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } });
  }
  boot({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
  });
  // The API servers' endpoint reconciler has run: the `kubernetes` Service has their addresses.
  const apiAddresses = apiServerAddresses(apiIds.length);
  boot(kubernetesEndpoints(apiAddresses));
  boot(kubernetesEndpointSlice(apiAddresses));
  const apiEndpoints = new ApiServerEndpoints(w, apiIds, apiAddresses);
  // CustomResourceDefinitions: names accepted, then Established (the apiextensions-apiserver's controllers).
  new ApiExtensionsControllers(w, apiIds[0]!, apiIds.length);
  // API Priority and Fairness: the FlowSchemas' Dangling condition (MISSINGPL in kubectl get flowschemas).
  new ApfConfigController(w, apiIds[0]!);
  // The default StorageClass, served by a CSI driver (external-provisioner). Only in clusters whose
  // scenario uses storage (usesStorage): another etcd write at boot would shift every later
  // resourceVersion and uid of scenarios that never look at storage.
  if (opts.defaultStorageClass) boot({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: CSI_DRIVER,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
  });
  // What each kubelet POSTs when it registers (at boot, or when it starts and finds no Node object: ../steps/node-faults.ts).
  spec.nodes.forEach((n, i) => {
    const k = kubelets.get(n.name)!;
    k.registration = () => nodeObject(n, k, kubernetes, i, Boolean(opts.defaultStorageClass));
  });
  const nodes = spec.nodes.filter((n) => !n.joinsLater).map((n) => boot(kubelets.get(n.name)!.registration!()));
  scheduler.primeNodes(nodes);
  // One kube-controller-manager and kube-scheduler per control-plane node; Leases pick who acts (./leader-election.ts).
  const leaders = apiIds.length > 1 ? new LeaderElection(w, apiIds) : undefined;
  return { w, kubelets, scheduler, bootstrapKeys, apiEndpoints, ...(leaders ? { leaders } : {}) };
}

function registerTopology(rec: Recorder, spec: ClusterSpec, apiIds: string[], etcdIds: string[]): void {
  rec.addHost({ id: 'control-plane', name: 'control-plane', role: 'control-plane' });
  for (const n of spec.nodes) rec.addHost({ id: n.name, name: n.name, role: 'worker' });
  rec.addComponent({ id: KUBECTL_ID, kind: 'client', name: 'kubectl', host: null, group: 'client' });
  if (apiIds.length > 1) rec.addComponent({ id: 'apiserver-lb', kind: 'load-balancer', name: 'API load balancer', host: null, group: 'control-plane' }, { always: true });
  for (const id of apiIds) rec.addComponent({ id, kind: 'apiserver', name: id, host: 'control-plane', group: 'control-plane' }, { always: true });
  for (const id of etcdIds) rec.addComponent({ id, kind: 'etcd', name: id, host: 'control-plane', group: 'control-plane' }, { always: true });
  rec.addComponent({ id: KCM, kind: 'controller-manager', name: 'kube-controller-manager', host: 'control-plane', group: 'control-plane' }, { always: true });
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

const STORAGE_KINDS = new Set(['PersistentVolumeClaim', 'PersistentVolume', 'StorageClass', 'VolumeAttachment', 'CSIDriver']);
const STORAGE_WORDS = /^(pvc|pv|sc|persistentvolumeclaims?|persistentvolumes?|storageclass(es)?|volumeattachments?)(\.|,|$)|,(pvc|pv|sc|persistentvolumeclaims?|persistentvolumes?|storageclass(es)?)(\.|,|$)/;

/** A generic ephemeral volume in the object's pod spec (a Pod, a pod template, a CronJob's job template): its claim needs a class. */
function hasEphemeralVolume(o: { kind?: unknown; spec?: unknown }): boolean {
  type Vols = { volumes?: { ephemeral?: unknown }[] };
  type Spec = Vols & { template?: { spec?: Vols }; jobTemplate?: { spec?: { template?: { spec?: Vols } } } };
  const spec = o.spec as Spec | undefined;
  const podSpec = o.kind === 'Pod' ? spec : o.kind === 'CronJob' ? spec?.jobTemplate?.spec?.template?.spec : spec?.template?.spec;
  return (podSpec?.volumes ?? []).some((v) => v.ephemeral !== undefined);
}

/**
 * Whether a scenario touches storage (so its cluster gets the default
 * StorageClass): a PV, PVC, StorageClass, CSI object or a StatefulSet with
 * volumeClaimTemplates in its files, or a kubectl command naming them.
 */
export function usesStorage(objects: readonly { kind?: unknown; spec?: unknown }[], kubectlArgs: readonly string[][]): boolean {
  for (const o of objects) {
    if (typeof o.kind === 'string' && STORAGE_KINDS.has(o.kind)) return true;
    const spec = o.spec as { volumeClaimTemplates?: unknown[]; volumes?: { persistentVolumeClaim?: unknown }[] } | undefined;
    if (o.kind === 'StatefulSet' && (spec?.volumeClaimTemplates ?? []).length > 0) return true;
    if (hasEphemeralVolume(o)) return true;
  }
  return kubectlArgs.some((argv) => argv.some((a) => STORAGE_WORDS.test(a.split('/')[0] ?? '')));
}
