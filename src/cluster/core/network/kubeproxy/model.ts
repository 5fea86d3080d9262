/**
 * kube-proxy's view of Services and EndpointSlices (pkg/proxy: ServicePort,
 * Endpoint, EndpointSliceCache, CategorizeEndpoints in topology.go), shared by
 * the iptables, IPVS and nftables rule writers.
 */
import { CLUSTER_CIDR, SERVICE_CIDR } from '../ipam.ts';
import { SERVICE_NAME_LABEL } from '../endpointslices.ts';
import type { EndpointSlice, Protocol, Service } from '../types.ts';

export type ProxyMode = 'iptables' | 'ipvs' | 'nftables';

export interface ProxyInput {
  /** The node this kube-proxy runs on (decides which endpoints are local). */
  nodeName: string;
  /** The node's primary InternalIP. */
  nodeIP: string;
  /** --cluster-cidr, used to tell pod traffic from everything else. */
  clusterCIDR?: string;
  /** The Service CIDR (ServiceCIDR objects), default 10.96.0.0/12. */
  serviceCIDR?: string;
  services: readonly Service[];
  endpointSlices: readonly EndpointSlice[];
}

export interface EndpointInfo {
  ip: string;
  port: number;
  /** `ip:port`, BaseEndpointInfo.String(). */
  endpoint: string;
  isLocal: boolean;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  nodeName?: string;
  podName?: string;
}

export interface ServicePortInfo {
  namespace: string;
  name: string;
  portName: string;
  /** ServicePortName.String(): `ns/name` or `ns/name:port`. */
  key: string;
  /** Lower-case, as kube-proxy writes it into rules and hashes. */
  protocol: 'tcp' | 'udp' | 'sctp';
  clusterIP: string;
  port: number;
  nodePort: number;
  loadBalancerIPs: string[];
  externalIPs: string[];
  externalPolicyLocal: boolean;
  internalPolicyLocal: boolean;
  /** ClientIP affinity timeout in seconds, when sessionAffinity is ClientIP. */
  affinitySeconds?: number;
  /** Every usable endpoint, sorted by `ip:port` string like the EndpointSliceCache. */
  endpoints: EndpointInfo[];
}

export interface ProxyContext {
  nodeName: string;
  nodeIP: string;
  clusterCIDR: string;
  serviceCIDR: string;
}

export function proxyContext(input: ProxyInput): ProxyContext {
  return {
    nodeName: input.nodeName,
    nodeIP: input.nodeIP,
    clusterCIDR: input.clusterCIDR ?? CLUSTER_CIDR,
    serviceCIDR: input.serviceCIDR ?? SERVICE_CIDR,
  };
}

function hasClusterIP(svc: Service): boolean {
  const ip = svc.spec.clusterIP;
  return ip !== undefined && ip !== '' && ip !== 'None' && svc.spec.type !== 'ExternalName';
}

/** The service ports kube-proxy programs (headless and ExternalName Services are skipped), sorted by key. */
export function servicePorts(input: ProxyInput): ServicePortInfo[] {
  // Index the slices by `ns/service` once: large clusters have thousands.
  const byService = new Map<string, EndpointSlice[]>();
  for (const s of input.endpointSlices) {
    const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
    if (svc === undefined) continue;
    const k = `${s.metadata.namespace ?? 'default'}/${svc}`;
    const list = byService.get(k);
    if (list) list.push(s);
    else byService.set(k, [s]);
  }
  const out: ServicePortInfo[] = [];
  for (const svc of input.services) {
    if (!hasClusterIP(svc)) continue;
    const slices = byService.get(`${svc.metadata.namespace ?? 'default'}/${svc.metadata.name}`) ?? [];
    for (const sp of svc.spec.ports ?? []) out.push(servicePortInfo(svc, sp, slices, input.nodeName));
  }
  const sortKey = (x: ServicePortInfo) => `${x.key}\u0000${x.protocol}`;
  return out.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
}

function servicePortInfo(
  svc: Service,
  sp: NonNullable<Service['spec']['ports']>[number],
  slices: readonly EndpointSlice[],
  nodeName: string,
): ServicePortInfo {
  const ns = svc.metadata.namespace ?? 'default';
  const portName = sp.name ?? '';
  const protocol = (sp.protocol ?? 'TCP') as Protocol;
  const type = svc.spec.type ?? 'ClusterIP';
  const nodePort = type === 'NodePort' || type === 'LoadBalancer' ? (sp.nodePort ?? 0) : 0;
  const lbIPs = type === 'LoadBalancer' ? (svc.status?.loadBalancer?.ingress ?? []).flatMap((i) => (i.ip ? [i.ip] : [])) : [];
  const externalIPs = svc.spec.externalIPs ?? [];
  const externallyAccessible = nodePort !== 0 || lbIPs.length > 0 || externalIPs.length > 0;
  const info: ServicePortInfo = {
    namespace: ns,
    name: svc.metadata.name,
    portName,
    key: `${ns}/${svc.metadata.name}${portName ? `:${portName}` : ''}`,
    protocol: protocol.toLowerCase() as ServicePortInfo['protocol'],
    clusterIP: svc.spec.clusterIP ?? '',
    port: sp.port,
    nodePort,
    loadBalancerIPs: lbIPs,
    externalIPs,
    externalPolicyLocal: externallyAccessible && svc.spec.externalTrafficPolicy === 'Local',
    internalPolicyLocal: svc.spec.internalTrafficPolicy === 'Local',
    endpoints: endpointsFor(slices, portName, protocol, nodeName),
  };
  if (svc.spec.sessionAffinity === 'ClientIP') {
    info.affinitySeconds = svc.spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800;
  }
  return info;
}

function endpointsFor(slices: readonly EndpointSlice[], portName: string, protocol: Protocol, nodeName: string): EndpointInfo[] {
  const byKey = new Map<string, EndpointInfo>();
  for (const s of slices) {
    const p = s.ports.find((x) => x.name === portName && x.protocol === protocol);
    if (!p) continue;
    for (const e of s.endpoints) {
      const ip = e.addresses[0];
      if (!ip) continue;
      const endpoint = `${ip}:${p.port}`;
      if (byKey.has(endpoint)) continue;
      const ready = e.conditions.ready ?? true;
      byKey.set(endpoint, {
        ip,
        port: p.port,
        endpoint,
        isLocal: e.nodeName !== undefined && e.nodeName === nodeName,
        ready,
        serving: e.conditions.serving ?? ready,
        terminating: e.conditions.terminating ?? false,
        nodeName: e.nodeName,
        podName: e.targetRef?.name,
      });
    }
  }
  return [...byKey.values()].sort((a, b) => (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0));
}

export function externallyAccessible(sp: ServicePortInfo): boolean {
  return sp.nodePort !== 0 || sp.loadBalancerIPs.length > 0 || sp.externalIPs.length > 0;
}

export function usesClusterEndpoints(sp: ServicePortInfo): boolean {
  return !sp.internalPolicyLocal || (externallyAccessible(sp) && !sp.externalPolicyLocal);
}

export function usesLocalEndpoints(sp: ServicePortInfo): boolean {
  return sp.internalPolicyLocal || (externallyAccessible(sp) && sp.externalPolicyLocal);
}

export interface Categorized {
  clusterEndpoints: EndpointInfo[];
  localEndpoints: EndpointInfo[];
  allReachable: EndpointInfo[];
  hasAnyEndpoints: boolean;
}

/**
 * pkg/proxy/topology.go CategorizeEndpoints (without topology hints): ready
 * endpoints, falling back to serving-and-terminating ones when none is ready.
 */
export function categorizeEndpoints(sp: ServicePortInfo): Categorized {
  const eps = sp.endpoints;
  let cluster: EndpointInfo[] = [];
  let local: EndpointInfo[] = [];
  let hasAny = false;
  if (usesClusterEndpoints(sp)) {
    cluster = eps.filter((e) => e.ready);
    if (cluster.length === 0) cluster = eps.filter((e) => e.serving && e.terminating);
    hasAny = cluster.length > 0;
  }
  if (!usesLocalEndpoints(sp)) return { clusterEndpoints: cluster, localEndpoints: [], allReachable: cluster, hasAnyEndpoints: hasAny };
  let localReady = false;
  let localServingTerminating = false;
  for (const e of eps) {
    if (e.ready) {
      hasAny = true;
      if (e.isLocal) localReady = true;
    } else if (e.serving && e.terminating) {
      hasAny = true;
      if (e.isLocal) localServingTerminating = true;
    }
  }
  if (localReady) local = eps.filter((e) => e.isLocal && e.ready);
  else if (localServingTerminating) local = eps.filter((e) => e.isLocal && e.serving && e.terminating);
  if (!usesClusterEndpoints(sp)) return { clusterEndpoints: cluster, localEndpoints: local, allReachable: local, hasAnyEndpoints: hasAny };
  const all = eps.filter((e) => cluster.includes(e) || local.includes(e));
  return { clusterEndpoints: cluster, localEndpoints: local, allReachable: all, hasAnyEndpoints: hasAny };
}
