/**
 * The cluster's networking logic, pure and table-tested; the simulation wires
 * it into Services, kube-proxy, DNS, ingress, traffic steps and the CNI.
 */
export * from './types.ts';
export { selectorMatches, mapSelectorMatches } from './labels.ts';
export { cidrContains, compareIPs, ipToInt, intToIp, isIPv4, parseCidr, parseIPSloppy } from './ip.ts';
export type { AddressType } from './ip.ts';
export {
  allocateClusterIP,
  allocateLoadBalancerIP,
  allocateNodePort,
  allocatePodIP,
  isClusterAddress,
  nodeAddressing,
  CLUSTER_CIDR,
  KUBE_DNS_SERVICE_IP,
  KUBERNETES_SERVICE_IP,
  API_SERVER_PORT,
  apiServerAddresses,
  LOAD_BALANCER_POOL,
  NODE_PORT_MAX,
  NODE_PORT_MIN,
  SERVICE_CIDR,
} from './ipam.ts';
export type { Allocation, NodeAddressing } from './ipam.ts';
export {
  backendsFor,
  computeEndpointSlices,
  diffEndpointSlices,
  findPort,
  isHeadless,
  isPodReady,
  managesSlices,
  selectPods,
  SERVICE_NAME_LABEL,
  MANAGED_BY_LABEL,
  CONTROLLER_NAME as ENDPOINTSLICE_CONTROLLER_NAME,
} from './endpointslices.ts';
export type { Backend, EndpointSliceOptions, SliceChanges, StoredSlice } from './endpointslices.ts';
export { computeEndpoints, compareAddresses, endpointsUpToDate, managesEndpoints, shouldPodBeInEndpointsV1, HEADLESS_LABEL, MAX_ENDPOINTS_CAPACITY, OVER_CAPACITY_ANNOTATION } from './endpoints.ts';
export type { DesiredEndpoints, EndpointAddress, EndpointSubset, EndpointsPort, ObjectReference } from './endpoints.ts';
export {
  addressToEndpoint,
  isMirroredFor,
  newMirroredSlice,
  reconcileMirror,
  shouldMirror,
  LEADER_ELECTION_ANNOTATION,
  MAX_ENDPOINTS_PER_SUBSET,
  MIRRORING_CONTROLLER_NAME,
  MIRRORING_EVENT_COMPONENT,
  SKIP_MIRROR_LABEL,
} from './endpointslicemirroring.ts';
export type { EndpointsObject, ExistingSlice, MirrorEvent, MirroredEndpoint, MirroredPort, MirroredSlice, MirrorPlan } from './endpointslicemirroring.ts';
export * from './kubeproxy/index.ts';
export {
  COREFILE,
  CLUSTER_DOMAIN,
  podResolvConf,
  queryCoreDNS,
  renderResolvConf,
  resolveFromPod,
  searchCandidates,
} from './dns.ts';
export type { DnsData, DnsLookup, DnsQuery, DnsRecord, ResolvConf } from './dns.ts';
export { hostMatches, ingressClassOf, ingressesForController, pathMatchLength, resolveIngressBackend, routeIngress } from './ingress.ts';
export type { Ingress, IngressBackend, IngressClass, IngressRequest, IngressRoute, PathType, UpstreamResolution } from './ingress.ts';
export { effectivePolicyTypes, evaluateConnection, evaluateDirection, selectingPolicies } from './netpol.ts';
export type { ConnectionVerdict, DirectionVerdict, NamespaceLabels, NetpolEndpoint, NetworkPolicy } from './netpol.ts';
export {
  clientIPPreserved,
  egressSNAT,
  finalFlow,
  loadBalancerTargetNodes,
  loadBalancerToNode,
  needsEgressMasquerade,
  podMasqueradeRule,
  replyView,
  serviceNatSteps,
} from './nat.ts';
export type { Flow, LoadBalancerMode, NatStep } from './nat.ts';
