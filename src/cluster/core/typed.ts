/**
 * Typed views of stored objects, per kind, with the official API types
 * (kubernetes-models). An `Obj` read from the store is any kind; a component
 * that knows the kind it holds reads it through one of these views
 * (`asPod(o)`, or a parameter typed `PodObj`), so every field it touches is
 * the field of the real API. The views cost nothing at run time (casts only).
 *
 * Where the model writes what the API server serialises but the generated
 * types leave out (`lastProbeTime: null` in conditions), the view widens that
 * one field and says so.
 */
import type { IDaemonSetSpec } from 'kubernetes-models/apps/v1/DaemonSetSpec';
import type { IDaemonSetStatus } from 'kubernetes-models/apps/v1/DaemonSetStatus';
import type { IDeploymentSpec } from 'kubernetes-models/apps/v1/DeploymentSpec';
import type { IDeploymentStatus } from 'kubernetes-models/apps/v1/DeploymentStatus';
import type { IReplicaSetSpec } from 'kubernetes-models/apps/v1/ReplicaSetSpec';
import type { IReplicaSetStatus } from 'kubernetes-models/apps/v1/ReplicaSetStatus';
import type { IStatefulSetSpec } from 'kubernetes-models/apps/v1/StatefulSetSpec';
import type { IStatefulSetStatus } from 'kubernetes-models/apps/v1/StatefulSetStatus';
import type { IHorizontalPodAutoscalerSpec } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscalerSpec';
import type { IHorizontalPodAutoscalerStatus } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscalerStatus';
import type { ICronJobSpec } from 'kubernetes-models/batch/v1/CronJobSpec';
import type { ICronJobStatus } from 'kubernetes-models/batch/v1/CronJobStatus';
import type { IJobSpec } from 'kubernetes-models/batch/v1/JobSpec';
import type { IJobStatus } from 'kubernetes-models/batch/v1/JobStatus';
import type { IPodDisruptionBudgetSpec } from 'kubernetes-models/policy/v1/PodDisruptionBudgetSpec';
import type { IPodDisruptionBudgetStatus } from 'kubernetes-models/policy/v1/PodDisruptionBudgetStatus';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IContainerPort } from 'kubernetes-models/v1/ContainerPort';
import type { IContainerState } from 'kubernetes-models/v1/ContainerState';
import type { IContainerStatus } from 'kubernetes-models/v1/ContainerStatus';
import type { INamespaceSpec } from 'kubernetes-models/v1/NamespaceSpec';
import type { INamespaceStatus } from 'kubernetes-models/v1/NamespaceStatus';
import type { INodeCondition } from 'kubernetes-models/v1/NodeCondition';
import type { INodeSpec } from 'kubernetes-models/v1/NodeSpec';
import type { INodeStatus } from 'kubernetes-models/v1/NodeStatus';
import type { IPersistentVolumeClaimSpec } from 'kubernetes-models/v1/PersistentVolumeClaimSpec';
import type { IPersistentVolumeClaimStatus } from 'kubernetes-models/v1/PersistentVolumeClaimStatus';
import type { IPersistentVolumeSpec } from 'kubernetes-models/v1/PersistentVolumeSpec';
import type { IPersistentVolumeStatus } from 'kubernetes-models/v1/PersistentVolumeStatus';
import type { IPodCondition } from 'kubernetes-models/v1/PodCondition';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IPodStatus } from 'kubernetes-models/v1/PodStatus';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { IServiceSpec } from 'kubernetes-models/v1/ServiceSpec';
import type { IServiceStatus } from 'kubernetes-models/v1/ServiceStatus';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import type { IObjectReference } from 'kubernetes-models/v1/ObjectReference';
import type { IToleration } from 'kubernetes-models/v1/Toleration';
import type { ITaint } from 'kubernetes-models/v1/Taint';
import type { IReplicationControllerSpec } from 'kubernetes-models/v1/ReplicationControllerSpec';
import type { IStorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import type { ICSIDriverSpec } from 'kubernetes-models/storage.k8s.io/v1/CSIDriverSpec';
import type { ICSIStorageCapacity } from 'kubernetes-models/storage.k8s.io/v1/CSIStorageCapacity';
import type { IVolumeAttachmentSpec } from 'kubernetes-models/storage.k8s.io/v1/VolumeAttachmentSpec';
import type { IVolumeAttachmentStatus } from 'kubernetes-models/storage.k8s.io/v1/VolumeAttachmentStatus';
import type { ILeaseSpec } from 'kubernetes-models/coordination.k8s.io/v1/LeaseSpec';
import type { IIngressSpec } from 'kubernetes-models/networking.k8s.io/v1/IngressSpec';
import type { IIngressStatus } from 'kubernetes-models/networking.k8s.io/v1/IngressStatus';
import type { IIngressClassSpec } from 'kubernetes-models/networking.k8s.io/v1/IngressClassSpec';
import type { INetworkPolicySpec } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicySpec';
import type { IRoleRef } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleRef';
import type { Meta, Obj } from './object.ts';

export type Container = IContainer;
export type ContainerPort = IContainerPort;
export type ContainerState = IContainerState;
export type ContainerStatus = IContainerStatus;
export type Probe = IProbe;
export type Volume = IVolume;
export type VolumeMount = IVolumeMount;
export type PodTemplateSpec = IPodTemplateSpec;
export type PodSpec = IPodSpec;
export type ObjectReference = IObjectReference;
export type Toleration = IToleration;
export type Taint = ITaint;
export type NodeStatus = INodeStatus;
export type ServiceSpec = IServiceSpec;
export type DeploymentStatus = IDeploymentStatus;
export type ReplicaSetStatus = IReplicaSetStatus;
export type StatefulSetStatus = IStatefulSetStatus;
export type DaemonSetStatus = IDaemonSetStatus;
export type JobStatus = IJobStatus;
export type JobSpec = IJobSpec;
export type CronJobSpec = ICronJobSpec;
export type DeploymentSpec = IDeploymentSpec;
export type ReplicationControllerSpec = IReplicationControllerSpec;
export type PvcSpec = IPersistentVolumeClaimSpec;
export type StatefulSetSpec = IStatefulSetSpec;
export type CronJobStatus = ICronJobStatus;
export type HpaStatus = IHorizontalPodAutoscalerStatus;
export type PdbStatus = IPodDisruptionBudgetStatus;

/**
 * A condition as the API server serialises it: `lastProbeTime: null` is written out, and so is
 * `lastTransitionTime: null` of PodScheduled when the Binding had no creationTimestamp (apiserver bindPod).
 */
export type PodCondition = Omit<IPodCondition, 'lastProbeTime' | 'lastTransitionTime'> & { lastProbeTime?: string | null; lastTransitionTime?: string | null };
export type NodeCondition = INodeCondition;
export type PodStatus = Omit<IPodStatus, 'conditions'> & { conditions?: PodCondition[] };

/** A status condition of the workload kinds (Deployment, Job, PDB…): the common fields. */
export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
  lastProbeTime?: string | null;
  observedGeneration?: number;
}

/**
 * A stored object of a kind that has a spec: the API server defaults `spec`
 * (validation rejects an object of these kinds without one), so it is always
 * there; `status` is written by the object's controller and may not be yet.
 */
export interface Kind<Spec, Status> extends Obj<Spec, Status> {
  spec: Spec;
}

/**
 * An object as a client wrote it, before the API server's defaulting and
 * validation (apiserver/defaults.ts, validation.ts): its spec may be missing,
 * and so may any field of it, required or not.
 */
export type Written<Spec, Status = unknown> = Obj<Partial<Spec>, Status>;

/** A spec whose `keys` the API server's defaulting always sets (apiserver/defaults.ts). */
export type Defaulted<Spec, K extends keyof Spec> = Spec & Required<Pick<Spec, K>>;

export type PodObj = Kind<PodSpec, PodStatus>;
export type NodeObj = Kind<INodeSpec, INodeStatus>;
export type ServiceObj = Kind<IServiceSpec, IServiceStatus>;
export type NamespaceObj = Kind<INamespaceSpec, INamespaceStatus>;
export type DeploymentObj = Kind<Defaulted<IDeploymentSpec, 'replicas'>, IDeploymentStatus>;
/** `template`: validation rejects a ReplicaSet without one (validateWorkload). */
export type ReplicaSetObj = Kind<Defaulted<IReplicaSetSpec, 'replicas' | 'template'>, IReplicaSetStatus>;
export type StatefulSetObj = Kind<Defaulted<IStatefulSetSpec, 'replicas'>, IStatefulSetStatus>;
export type DaemonSetObj = Kind<IDaemonSetSpec, IDaemonSetStatus>;
export type JobObj = Kind<IJobSpec, IJobStatus>;
export type CronJobObj = Kind<ICronJobSpec, ICronJobStatus>;
export type PvcObj = Kind<IPersistentVolumeClaimSpec, IPersistentVolumeClaimStatus>;
export type PvObj = Kind<IPersistentVolumeSpec, IPersistentVolumeStatus>;
/** autoscaling/v2, or an autoscaling/v1 object stored as written (its `targetCPUUtilizationPercentage`). */
export type HpaObj = Kind<IHorizontalPodAutoscalerSpec & { targetCPUUtilizationPercentage?: number }, IHorizontalPodAutoscalerStatus>;
export type PdbObj = Kind<IPodDisruptionBudgetSpec, IPodDisruptionBudgetStatus>;
export type VolumeAttachmentObj = Kind<IVolumeAttachmentSpec, IVolumeAttachmentStatus>;
export type LeaseObj = Kind<ILeaseSpec, unknown>;
export type IngressObj = Kind<IIngressSpec, IIngressStatus>;
export type IngressClassObj = Kind<IIngressClassSpec, unknown>;
export type NetworkPolicyObj = Kind<INetworkPolicySpec, unknown>;

/** An object of a namespaced kind as stored: the API server sets its namespace (the request's). */
export type Namespaced<O extends Obj> = O & { metadata: Meta & { namespace: string } };
/**
 * The RBAC kinds have no spec: `rules`, `aggregationRule`, `subjects` and
 * `roleRef` are top-level fields (object.ts, the official types); the schema
 * requires a binding's `roleRef`.
 */
export type RoleObj = Namespaced<Obj>;
export type ClusterRoleObj = Obj;
export type RoleBindingObj = Namespaced<Obj & { roleRef: IRoleRef }>;
export type ClusterRoleBindingObj = Obj & { roleRef: IRoleRef };

/** StorageClass has no spec: its fields are top-level. */
export type StorageClassObj = Obj & Partial<Pick<IStorageClass, 'provisioner' | 'parameters' | 'reclaimPolicy' | 'volumeBindingMode' | 'allowedTopologies' | 'allowVolumeExpansion'>>;

export type CSIDriverObj = Kind<ICSIDriverSpec, unknown>;
/** CSIStorageCapacity has no spec: its fields are top-level. */
export type CSIStorageCapacityObj = Obj & Partial<Pick<ICSIStorageCapacity, 'storageClassName' | 'capacity' | 'maximumVolumeSize' | 'nodeTopology'>>;

/** The typed view of an object the caller knows the kind of (no run-time cost). */
export const asPod = (o: Obj): PodObj => o as PodObj;
export const asNode = (o: Obj): NodeObj => o as NodeObj;
export const asService = (o: Obj): ServiceObj => o as ServiceObj;
export const asDeployment = (o: Obj): DeploymentObj => o as DeploymentObj;
export const asReplicaSet = (o: Obj): ReplicaSetObj => o as ReplicaSetObj;
export const asStatefulSet = (o: Obj): StatefulSetObj => o as StatefulSetObj;
export const asDaemonSet = (o: Obj): DaemonSetObj => o as DaemonSetObj;
export const asJob = (o: Obj): JobObj => o as JobObj;
export const asCronJob = (o: Obj): CronJobObj => o as CronJobObj;
export const asPvc = (o: Obj): PvcObj => o as PvcObj;
export const asPv = (o: Obj): PvObj => o as PvObj;
export const asStorageClass = (o: Obj): StorageClassObj => o as StorageClassObj;
export const asCSIDriver = (o: Obj): CSIDriverObj => o as CSIDriverObj;
export const asCSIStorageCapacity = (o: Obj): CSIStorageCapacityObj => o as CSIStorageCapacityObj;
export const asHpa = (o: Obj): HpaObj => o as HpaObj;
export const asPdb = (o: Obj): PdbObj => o as PdbObj;
export const asVolumeAttachment = (o: Obj): VolumeAttachmentObj => o as VolumeAttachmentObj;
export const asLease = (o: Obj): LeaseObj => o as LeaseObj;

/**
 * What the scale subresource reads and writes of a workload (Deployment,
 * ReplicaSet, StatefulSet, ReplicationController): `spec.replicas`, and the
 * selector of the kinds whose selector is a LabelSelector.
 */
export type ScalableObj = Obj<Partial<Pick<IDeploymentSpec, 'replicas' | 'selector'>>>;
export const asScalable = (o: Obj): ScalableObj => o as ScalableObj;

/** `spec.nodeName` of the kinds placed on a node (Pod, VolumeAttachment); undefined for the others. */
export const specNodeName = (o: Obj | undefined): unknown => (o as Obj<{ nodeName?: unknown }> | undefined)?.spec?.nodeName;

/** The typed view of each kind the model runs, by kind name. */
export interface KindMap {
  Pod: PodObj;
  Node: NodeObj;
  Service: ServiceObj;
  Namespace: NamespaceObj;
  Deployment: DeploymentObj;
  ReplicaSet: ReplicaSetObj;
  StatefulSet: StatefulSetObj;
  DaemonSet: DaemonSetObj;
  Job: JobObj;
  CronJob: CronJobObj;
  PersistentVolumeClaim: PvcObj;
  PersistentVolume: PvObj;
  HorizontalPodAutoscaler: HpaObj;
  PodDisruptionBudget: PdbObj;
  VolumeAttachment: VolumeAttachmentObj;
  Lease: LeaseObj;
  Ingress: IngressObj;
  IngressClass: IngressClassObj;
  NetworkPolicy: NetworkPolicyObj;
  Role: RoleObj;
  ClusterRole: ClusterRoleObj;
  RoleBinding: RoleBindingObj;
  ClusterRoleBinding: ClusterRoleBindingObj;
}

/** `ObjOf<'Pod'>` is `PodObj`; a kind without a view (or a kind only known at run time) is `Obj`. */
export type ObjOf<K extends string> = K extends keyof KindMap ? KindMap[K] : Obj;
