/**
 * The Kubernetes API shapes the networking logic reads (core/v1 Service and
 * Pod, discovery.k8s.io/v1 EndpointSlice, networking.k8s.io/v1 Ingress and
 * NetworkPolicy), reduced to the fields it uses. Structural, plain JSON: the
 * model passes its stored objects straight in.
 */

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** metav1.LabelSelector: an empty selector selects everything. */
export type { LabelSelector, LabelSelectorRequirement } from '../../../scenario/selector.ts';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  uid?: string;
  /** Set when the object is being deleted (a terminating Pod). */
  deletionTimestamp?: string;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: Protocol;
}

export interface PodCondition {
  type: string;
  status: string;
}

export interface Pod {
  metadata: ObjectMeta;
  spec: {
    nodeName?: string;
    hostname?: string;
    subdomain?: string;
    containers: { name: string; ports?: ContainerPort[] }[];
  };
  status?: {
    phase?: string;
    podIP?: string;
    conditions?: PodCondition[];
  };
}

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

export interface ServicePort {
  name?: string;
  protocol?: Protocol;
  port: number;
  /** A number or a container port name; defaults to `port`. */
  targetPort?: number | string;
  nodePort?: number;
  appProtocol?: string;
}

export interface Service {
  metadata: ObjectMeta;
  spec: {
    type?: ServiceType;
    selector?: Record<string, string>;
    /** `None` for a headless Service. */
    clusterIP?: string;
    clusterIPs?: string[];
    ports?: ServicePort[];
    externalName?: string;
    externalIPs?: string[];
    externalTrafficPolicy?: 'Cluster' | 'Local';
    internalTrafficPolicy?: 'Cluster' | 'Local';
    sessionAffinity?: 'None' | 'ClientIP';
    sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
    publishNotReadyAddresses?: boolean;
    loadBalancerSourceRanges?: string[];
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

export interface EndpointConditions {
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
}

export interface Endpoint {
  addresses: string[];
  conditions: EndpointConditions;
  hostname?: string;
  nodeName?: string;
  zone?: string;
  targetRef?: { kind: 'Pod'; namespace: string; name: string; uid?: string };
}

export interface EndpointPort {
  name: string;
  port: number;
  protocol: Protocol;
  appProtocol?: string;
}

export interface EndpointSlice {
  apiVersion: 'discovery.k8s.io/v1';
  kind: 'EndpointSlice';
  metadata: ObjectMeta & {
    generateName?: string;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid?: string; controller?: boolean; blockOwnerDeletion?: boolean }[];
  };
  addressType: 'IPv4' | 'IPv6' | 'FQDN';
  endpoints: Endpoint[];
  ports: EndpointPort[];
}

/** A request or connection: a 5-tuple minus the source port. */
export interface Packet {
  srcIP?: string;
  dstIP: string;
  dstPort: number;
  protocol: Protocol;
}
