/**
 * `kubectl describe` for Pod, Deployment, ReplicaSet, ReplicationController,
 * Service and Node (the essentials of pkg/describe/describe.go), StatefulSet,
 * DaemonSet, Job (./describe-workloads.ts), CronJob (./describe-cronjob.ts),
 * PersistentVolumeClaim, PersistentVolume and StorageClass
 * (./describe-storage.ts), Ingress, IngressClass, NetworkPolicy, Endpoints
 * and EndpointSlice (./describe-network.ts), HorizontalPodAutoscaler,
 * PodDisruptionBudget, PriorityClass, Namespace, ResourceQuota and LimitRange
 * (./describe-policy.ts), ServiceAccount and the RBAC kinds
 * (./describe-rbac.ts); every other kind through kubectl's generic describer
 * (./describe-generic.ts), as kubectl does.
 */
import type { DescribeRelated, KubeObjectLike } from './types.ts';
import {
  controllerOf,
  describeContainers,
  describeEvents,
  describePodTemplate,
  describeVolumes,
  DescribeWriter,
  eventsFor,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTolerationsMultiline,
  rfc1123z,
} from './describe-common.ts';
import { asArray, asDict, asNumber, asString, formatLabels, formatLabelSelector, spec, status} from './format.ts';
import { since } from './duration.ts';
import { describeConfigMap, describeSecret } from './describe-config.ts';
import { describeUnstructured } from './describe-generic.ts';
import { describeDaemonSet, describeJob, describeStatefulSet } from './describe-workloads.ts';
import { describePersistentVolume, describePersistentVolumeClaim, describeStorageClass, podsForPVC } from './describe-storage.ts';
import { cpuMillis, memoryBytes } from '../../core/algorithms/quantity.ts';
import { describeCronJob } from './describe-cronjob.ts';
import { describeEndpoints, describeEndpointSlice, describeIngress, describeIngressClass, describeNetworkPolicy, formatEndpointSlices } from './describe-network.ts';
import { describeHorizontalPodAutoscaler, describeLimitRange, describeNamespace, describePodDisruptionBudget, describePriorityClass, describeResourceQuota } from './describe-policy.ts';
import { describeRole, describeRoleBinding, describeServiceAccount } from './describe-rbac.ts';
import { describeCertificateSigningRequest } from './describe-certificates.ts';

/**
 * The kinds kubectl 1.31 has a describer of its own for (describerMap in
 * describe.go, by kind; their groups are the built-in ones). Any other kind is
 * printed by the generic describer (DescriberFor falls back to
 * GenericDescriberFor): Event, Lease, ControllerRevision, webhooks, …
 */
export const KUBECTL_DESCRIBER_KINDS: ReadonlySet<string> = new Set([
  'Pod', 'ReplicationController', 'Secret', 'Service', 'ServiceAccount', 'Node', 'LimitRange', 'ResourceQuota', 'PersistentVolume',
  'PersistentVolumeClaim', 'Namespace', 'Endpoints', 'ConfigMap', 'PriorityClass', 'EndpointSlice', 'HorizontalPodAutoscaler', 'Ingress',
  'IngressClass', 'ServiceCIDR', 'IPAddress', 'Job', 'CronJob', 'StatefulSet', 'Deployment', 'DaemonSet', 'ReplicaSet',
  'CertificateSigningRequest', 'StorageClass', 'CSINode', 'VolumeAttributesClass', 'PodDisruptionBudget', 'Role', 'ClusterRole',
  'RoleBinding', 'ClusterRoleBinding', 'NetworkPolicy',
]);

/**
 * The describers that search no Events (k8s.io/kubectl pkg/describe/describe.go: NamespaceDescriber,
 * LimitRangeDescriber, ResourceQuotaDescriber, SecretDescriber, the RBAC describers, NetworkPolicyDescriber).
 * kubectl sends no Events list for these kinds (../read.ts) and prints no Events section.
 */
export const NO_EVENTS: ReadonlySet<string> = new Set(['Namespace', 'LimitRange', 'ResourceQuota', 'Secret', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'NetworkPolicy']);

/** The kinds with a kubectl describer the model does not print: `describe` refuses them (src/scenario/kubectl-commands.ts). */
export const UNMODELLED_DESCRIBER_KINDS: ReadonlySet<string> = new Set(['ServiceCIDR', 'IPAddress', 'CSINode', 'VolumeAttributesClass']);

export function printDescribe(obj: KubeObjectLike, related: DescribeRelated, now: number): string {
  // A Secret has no Events section (SecretDescriber searches none; ./describe-config.ts).
  if (obj.kind === 'Secret' && !related.custom) return describeSecret(obj);
  const w = new DescribeWriter();
  // kubectl has no describer of its own for a custom resource, nor for the built-in kinds outside describerMap:
  // the generic one (DescriberFor falls back to GenericDescriberFor).
  if (related.custom || !KUBECTL_DESCRIBER_KINDS.has(obj.kind)) {
    describeUnstructured(w, obj);
    describeEvents(w, eventsFor(obj, related.events), now);
    return w.toString();
  }
  switch (obj.kind) {
    case 'ConfigMap':
      describeConfigMap(obj, w);
      break;
    case 'Pod':
      describePod(w, obj);
      break;
    case 'Deployment':
      describeDeployment(w, obj, related);
      break;
    case 'ReplicaSet':
      describeReplicaSet(w, obj, related);
      break;
    case 'ReplicationController':
      describeReplicationController(w, obj, related);
      break;
    case 'Service':
      describeService(w, obj, related);
      break;
    case 'Node':
      describeNode(w, obj, related, now);
      break;
    case 'StatefulSet':
      describeStatefulSet(w, obj, related);
      break;
    case 'DaemonSet':
      describeDaemonSet(w, obj, related);
      break;
    case 'Job':
      describeJob(w, obj);
      break;
    case 'CronJob':
      describeCronJob(w, obj);
      break;
    case 'PersistentVolumeClaim':
      describePersistentVolumeClaim(w, obj, { ...related, pods: podsForPVC(obj, related.pods ?? []) }, now);
      break;
    case 'PersistentVolume':
      describePersistentVolume(w, obj, now);
      break;
    case 'StorageClass':
      describeStorageClass(w, obj);
      break;
    case 'HorizontalPodAutoscaler':
      describeHorizontalPodAutoscaler(w, obj);
      break;
    case 'PodDisruptionBudget':
      describePodDisruptionBudget(w, obj);
      break;
    case 'PriorityClass':
      describePriorityClass(w, obj);
      break;
    case 'Namespace':
      describeNamespace(w, obj, related.resourceQuotas ?? [], related.limitRanges ?? []);
      break;
    case 'LimitRange':
      describeLimitRange(w, obj);
      break;
    case 'ResourceQuota':
      describeResourceQuota(w, obj);
      break;
    case 'Ingress':
      describeIngress(w, obj, { services: related.services ?? [], endpointSlices: related.endpointSlices ?? [] });
      break;
    case 'IngressClass':
      describeIngressClass(w, obj);
      break;
    case 'NetworkPolicy':
      describeNetworkPolicy(w, obj);
      break;
    case 'Endpoints':
      describeEndpoints(w, obj);
      break;
    case 'EndpointSlice':
      describeEndpointSlice(w, obj);
      break;
    case 'ServiceAccount':
      describeServiceAccount(w, obj, related.secrets ?? []);
      break;
    case 'Role':
    case 'ClusterRole':
      describeRole(w, obj);
      break;
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      describeRoleBinding(w, obj);
      break;
    case 'CertificateSigningRequest':
      describeCertificateSigningRequest(w, obj);
      break;
    default:
      // A kind in describerMap the model has no describer for (UNMODELLED_DESCRIBER_KINDS): refused before the run.
      describeGeneric(w, obj);
  }
  if (!NO_EVENTS.has(obj.kind)) describeEvents(w, eventsFor(obj, related.events), now);
  return w.toString();
}

function qosClass(pod: KubeObjectLike): string {
  const fromStatus = asString(status(pod).qosClass);
  if (fromStatus !== '') return fromStatus;
  const cs = [...asArray(spec(pod).containers), ...asArray(spec(pod).initContainers)].map(asDict);
  let any = false;
  let guaranteed = true;
  for (const c of cs) {
    const res = asDict(c.resources);
    const req = asDict(res.requests);
    const lim = asDict(res.limits);
    if (Object.keys(req).length > 0 || Object.keys(lim).length > 0) any = true;
    for (const r of ['cpu', 'memory']) {
      const l = lim[r];
      const q = req[r] ?? l;
      if (l === undefined || asString(q) !== asString(l)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function describePod(w: DescribeWriter, pod: KubeObjectLike): void {
  const sp = spec(pod);
  const st = status(pod);
  w.write(0, `Name:\t${pod.metadata.name}\n`);
  w.write(0, `Namespace:\t${pod.metadata.namespace ?? ''}\n`);
  if (sp.priority !== undefined) w.write(0, `Priority:\t${asNumber(sp.priority)}\n`);
  if (asString(sp.priorityClassName) !== '') w.write(0, `Priority Class Name:\t${asString(sp.priorityClassName)}\n`);
  w.write(0, `Service Account:\t${asString(sp.serviceAccountName)}\n`);
  const node = asString(sp.nodeName);
  w.write(0, `Node:\t${node === '' ? '<none>' : `${node}/${asString(st.hostIP)}`}\n`);
  if (st.startTime !== undefined) w.write(0, `Start Time:\t${rfc1123z(asString(st.startTime))}\n`);
  printLabelsMultiline(w, 'Labels', pod.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', pod.metadata.annotations);
  if (pod.metadata.deletionTimestamp) {
    w.write(0, `Status:\tTerminating (lasts ${since(pod.metadata.deletionTimestamp, Date.parse(pod.metadata.deletionTimestamp))})\n`);
    w.write(0, `Termination Grace Period:\t${asNumber(sp.terminationGracePeriodSeconds, 30)}s\n`);
  } else {
    w.write(0, `Status:\t${asString(st.phase)}\n`);
  }
  if (asString(st.reason) !== '') w.write(0, `Reason:\t${asString(st.reason)}\n`);
  if (asString(st.message) !== '') w.write(0, `Message:\t${asString(st.message)}\n`);
  w.write(0, `IP:\t${asString(st.podIP)}\n`);
  const ips = asArray(st.podIPs).map(asDict);
  if (ips.length === 0) w.write(0, 'IPs:\t<none>\n');
  else {
    w.write(0, 'IPs:\n');
    for (const ip of ips) w.write(1, `IP:\t${asString(ip.ip)}\n`);
  }
  const ctl = controllerOf(pod);
  if (ctl !== '') w.write(0, `Controlled By:\t${ctl}\n`);
  if (asString(st.nominatedNodeName) !== '') w.write(0, `NominatedNodeName:\t${asString(st.nominatedNodeName)}\n`);
  const inits = asArray(sp.initContainers).map(asDict);
  if (inits.length > 0) describeContainers(w, 'Init Containers', inits, asArray(st.initContainerStatuses).map(asDict), '');
  describeContainers(w, 'Containers', asArray(sp.containers).map(asDict), asArray(st.containerStatuses).map(asDict), '');
  const conditions = asArray(st.conditions).map(asDict);
  if (conditions.length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of conditions) w.write(1, `${asString(c.type)} \t${asString(c.status)} \n`);
  }
  describeVolumes(w, asArray(sp.volumes).map(asDict), '');
  w.write(0, `QoS Class:\t${qosClass(pod)}\n`);
  printLabelsMultiline(w, 'Node-Selectors', asDict(sp.nodeSelector) as Record<string, string>);
  printTolerationsMultiline(w, 'Tolerations', asArray(sp.tolerations).map(asDict));
}

function intOrString(v: unknown, fallback: string): string {
  return v === undefined ? fallback : typeof v === 'number' ? String(v) : asString(v);
}

function replicaSetsSummary(rss: KubeObjectLike[]): string {
  if (rss.length === 0) return '<none>';
  return rss.map((rs) => `${rs.metadata.name} (${asNumber(status(rs).replicas)}/${asNumber(spec(rs).replicas, 1)} replicas created)`).join(', ');
}

function describeDeployment(w: DescribeWriter, d: KubeObjectLike, related: DescribeRelated): void {
  const sp = spec(d);
  const st = status(d);
  w.write(0, `Name:\t${d.metadata.name}\n`);
  w.write(0, `Namespace:\t${d.metadata.namespace ?? ''}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', d.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations);
  w.write(0, `Selector:\t${formatLabelSelector(sp.selector)}\n`);
  w.write(
    0,
    `Replicas:\t${asNumber(sp.replicas, 1)} desired | ${asNumber(st.updatedReplicas)} updated | ${asNumber(st.replicas)} total | ${asNumber(st.availableReplicas)} available | ${asNumber(st.unavailableReplicas)} unavailable\n`,
  );
  const strategy = asDict(sp.strategy);
  const type = asString(strategy.type, 'RollingUpdate');
  w.write(0, `StrategyType:\t${type}\n`);
  w.write(0, `MinReadySeconds:\t${asNumber(sp.minReadySeconds)}\n`);
  if (type === 'RollingUpdate') {
    const ru = asDict(strategy.rollingUpdate);
    w.write(0, `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable, '25%')} max unavailable, ${intOrString(ru.maxSurge, '25%')} max surge\n`);
  }
  describePodTemplate(w, asDict(sp.template));
  const conditions = asArray(st.conditions).map(asDict);
  if (conditions.length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(1, '----\t------\t------\n');
    for (const c of conditions) w.write(1, `${asString(c.type)} \t${asString(c.status)}\t${asString(c.reason)}\n`);
  }
  const rss = related.replicaSets;
  if (rss !== undefined) {
    const hash = (rs: KubeObjectLike) => rs.metadata.labels?.['pod-template-hash'];
    const templateHash = asDict(asDict(sp.template).metadata).labels as Record<string, string> | undefined;
    const newHash = templateHash?.['pod-template-hash'];
    // The new ReplicaSet is the newest one whose template matches; without a hash label, the newest.
    const sorted = [...rss].sort((a, b) => Date.parse(a.metadata.creationTimestamp ?? '') - Date.parse(b.metadata.creationTimestamp ?? ''));
    const newRS = newHash ? sorted.filter((r) => hash(r) === newHash) : sorted.slice(-1);
    const oldRSs = sorted.filter((r) => !newRS.includes(r) && asNumber(spec(r).replicas, 1) > 0);
    w.write(0, `OldReplicaSets:\t${replicaSetsSummary(oldRSs)}\n`);
    w.write(0, `NewReplicaSet:\t${replicaSetsSummary(newRS)}\n`);
  }
}

function podPhaseCounts(pods: KubeObjectLike[]): string {
  const count = (phase: string) => pods.filter((p) => asString(status(p).phase) === phase).length;
  return `${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed`;
}

function describeReplicaSet(w: DescribeWriter, rs: KubeObjectLike, related: DescribeRelated): void {
  const sp = spec(rs);
  w.write(0, `Name:\t${rs.metadata.name}\n`);
  w.write(0, `Namespace:\t${rs.metadata.namespace ?? ''}\n`);
  w.write(0, `Selector:\t${formatLabelSelector(sp.selector)}\n`);
  printLabelsMultiline(w, 'Labels', rs.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', rs.metadata.annotations);
  const ctl = controllerOf(rs);
  if (ctl !== '') w.write(0, `Controlled By:\t${ctl}\n`);
  w.write(0, `Replicas:\t${asNumber(status(rs).replicas)} current / ${asNumber(sp.replicas, 1)} desired\n`);
  w.write(0, `Pods Status:\t${podPhaseCounts(related.pods ?? [])}\n`);
  describePodTemplate(w, asDict(sp.template));
  // describe.go ReplicaSetDescriber: the conditions (e.g. ReplicaFailure) after the pod template.
  const conditions = asArray(status(rs).conditions).map(asDict);
  if (conditions.length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(1, '----\t------\t------\n');
    for (const c of conditions) w.write(1, `${asString(c.type)} \t${asString(c.status)}\t${asString(c.reason)}\n`);
  }
}

/** describeReplicationController: as a ReplicaSet, its selector a plain map (labels.FormatLabels). */
function describeReplicationController(w: DescribeWriter, rc: KubeObjectLike, related: DescribeRelated): void {
  const sp = spec(rc);
  w.write(0, `Name:\t${rc.metadata.name}\n`);
  w.write(0, `Namespace:\t${rc.metadata.namespace ?? ''}\n`);
  w.write(0, `Selector:\t${formatLabels(asDict(sp.selector) as Record<string, string>)}\n`);
  printLabelsMultiline(w, 'Labels', rc.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', rc.metadata.annotations);
  w.write(0, `Replicas:\t${asNumber(status(rc).replicas)} current / ${asNumber(sp.replicas, 1)} desired\n`);
  w.write(0, `Pods Status:\t${podPhaseCounts(related.pods ?? [])}\n`);
  describePodTemplate(w, asDict(sp.template));
  const conditions = asArray(status(rc).conditions).map(asDict);
  if (conditions.length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(1, '----\t------\t------\n');
    for (const c of conditions) w.write(1, `${asString(c.type)} \t${asString(c.status)}\t${asString(c.reason)}\n`);
  }
}

function describeService(w: DescribeWriter, svc: KubeObjectLike, related: DescribeRelated): void {
  const sp = spec(svc);
  w.write(0, `Name:\t${svc.metadata.name}\n`);
  w.write(0, `Namespace:\t${svc.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', svc.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', svc.metadata.annotations);
  w.write(0, `Selector:\t${formatLabels(asDict(sp.selector) as Record<string, string>)}\n`);
  w.write(0, `Type:\t${asString(sp.type, 'ClusterIP')}\n`);
  if (sp.ipFamilyPolicy !== undefined) w.write(0, `IP Family Policy:\t${asString(sp.ipFamilyPolicy)}\n`);
  const families = asArray(sp.ipFamilies).map((x) => asString(x));
  w.write(0, `IP Families:\t${families.length > 0 ? families.join(',') : '<none>'}\n`);
  w.write(0, `IP:\t${asString(sp.clusterIP)}\n`);
  const ips = asArray(sp.clusterIPs).map((x) => asString(x));
  w.write(0, `IPs:\t${ips.length > 0 ? ips.join(',') : '<none>'}\n`);
  const external = asArray(sp.externalIPs).map((x) => asString(x));
  if (external.length > 0) w.write(0, `External IPs:\t${external.join(',')}\n`);
  if (asString(sp.loadBalancerIP) !== '') w.write(0, `Desired LoadBalancer IP:\t${asString(sp.loadBalancerIP)}\n`);
  if (asString(sp.externalName) !== '') w.write(0, `External Name:\t${asString(sp.externalName)}\n`);
  const lb = asArray(asDict(status(svc).loadBalancer).ingress).map(asDict);
  // buildIngressString: an IP with its ipMode in parentheses, else the hostname.
  const lbText = lb.map((i) => (asString(i.ip) !== '' ? `${asString(i.ip)}${i.ipMode !== undefined ? ` (${asString(i.ipMode)})` : ''}` : asString(i.hostname)));
  if (lb.length > 0) w.write(0, `LoadBalancer Ingress:\t${lbText.join(', ')}\n`);
  for (const p of asArray(sp.ports).map(asDict)) {
    const name = asString(p.name) || '<unset>';
    const proto = asString(p.protocol, 'TCP');
    w.write(0, `Port:\t${name}\t${asNumber(p.port)}/${proto}\n`);
    const target = p.targetPort === undefined ? asNumber(p.port) : p.targetPort;
    w.write(0, `TargetPort:\t${typeof target === 'number' ? target : asString(target)}/${proto}\n`);
    if (asNumber(p.nodePort) !== 0) w.write(0, `NodePort:\t${name}\t${asNumber(p.nodePort)}/${proto}\n`);
    // formatEndpointSlices (kubectl 1.31): every endpoint of the slices, ready or not, for this port's name.
    w.write(0, `Endpoints:\t${formatEndpointSlices(related.endpointSlices ?? [], new Set([asString(p.name)]))}\n`);
  }
  w.write(0, `Session Affinity:\t${asString(sp.sessionAffinity, 'None')}\n`);
  if (asString(sp.externalTrafficPolicy) !== '') w.write(0, `External Traffic Policy:\t${asString(sp.externalTrafficPolicy)}\n`);
  if (asString(sp.internalTrafficPolicy) !== '') w.write(0, `Internal Traffic Policy:\t${asString(sp.internalTrafficPolicy)}\n`);
  if (asNumber(sp.healthCheckNodePort) !== 0) w.write(0, `HealthCheck NodePort:\t${asNumber(sp.healthCheckNodePort)}\n`);
  const ranges = asArray(sp.loadBalancerSourceRanges).map((x) => asString(x));
  if (ranges.length > 0) w.write(0, `LoadBalancer Source Ranges:\t${ranges.join(',')}\n`);
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.trunc((part * 100) / whole);
}

function nodeRoles(labels: Record<string, string>): string {
  const roles = Object.keys(labels)
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length))
    .filter((r) => r !== '')
    .sort();
  return roles.length === 0 ? '<none>' : roles.join(',');
}

function podRequestsLimits(pod: KubeObjectLike): { cpuReq: number; cpuLim: number; memReq: number; memLim: number } {
  const out = { cpuReq: 0, cpuLim: 0, memReq: 0, memLim: 0 };
  for (const c of asArray(spec(pod).containers).map(asDict)) {
    const res = asDict(c.resources);
    const req = asDict(res.requests);
    const lim = asDict(res.limits);
    out.cpuReq += cpuMillis(asString(req.cpu, '0'));
    out.cpuLim += cpuMillis(asString(lim.cpu, '0'));
    out.memReq += memoryBytes(asString(req.memory, '0'));
    out.memLim += memoryBytes(asString(lim.memory, '0'));
  }
  return out;
}

/** resource.Quantity String() for the two quantities describe prints. */
function cpuString(m: number): string {
  return m % 1000 === 0 ? String(m / 1000) : `${m}m`;
}
function memString(b: number): string {
  for (const [suffix, size] of [
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
  ] as const) {
    if (b !== 0 && b % size === 0) return `${b / size}${suffix}`;
  }
  return String(b);
}

function describeNode(w: DescribeWriter, node: KubeObjectLike, related: DescribeRelated, now: number): void {
  const sp = spec(node);
  const st = status(node);
  w.write(0, `Name:\t${node.metadata.name}\n`);
  w.write(0, `Roles:\t${nodeRoles(node.metadata.labels ?? {})}\n`);
  printLabelsMultiline(w, 'Labels', node.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
  const taints = asArray(sp.taints).map(asDict);
  w.write(0, 'Taints:\t');
  if (taints.length === 0) w.write(0, '<none>\n');
  taints.forEach((t, i) => {
    if (i > 0) w.write(0, '\t');
    const value = asString(t.value);
    w.write(0, `${asString(t.key)}${value === '' ? '' : `=${value}`}:${asString(t.effect)}\n`);
  });
  w.write(0, `Unschedulable:\t${sp.unschedulable === true}\n`);
  const conditions = asArray(st.conditions).map(asDict);
  if (conditions.length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of conditions) {
      w.write(
        1,
        `${asString(c.type)} \t${asString(c.status)} \t${rfc1123z(asString(c.lastHeartbeatTime))} \t${rfc1123z(asString(c.lastTransitionTime))} \t${asString(c.reason)} \t${asString(c.message)}\n`,
      );
    }
  }
  const addresses = asArray(st.addresses).map(asDict);
  w.write(0, 'Addresses:\n');
  for (const a of addresses) w.write(1, `${asString(a.type)}:\t${asString(a.address)}\n`);
  for (const [title, key] of [
    ['Capacity', 'capacity'],
    ['Allocatable', 'allocatable'],
  ] as const) {
    const r = asDict(st[key]);
    if (Object.keys(r).length === 0) continue;
    w.write(0, `${title}:\n`);
    for (const k of Object.keys(r).sort()) w.write(1, `${k}:\t${asString(r[k])}\n`);
  }
  const info = asDict(st.nodeInfo);
  if (Object.keys(info).length > 0) {
    w.write(0, 'System Info:\n');
    const rows: [string, string][] = [
      ['Machine ID', 'machineID'],
      ['System UUID', 'systemUUID'],
      ['Boot ID', 'bootID'],
      ['Kernel Version', 'kernelVersion'],
      ['OS Image', 'osImage'],
      ['Operating System', 'operatingSystem'],
      ['Architecture', 'architecture'],
      ['Container Runtime Version', 'containerRuntimeVersion'],
      ['Kubelet Version', 'kubeletVersion'],
      ['Kube-Proxy Version', 'kubeProxyVersion'],
    ];
    for (const [title, key] of rows) w.write(1, `${title}:\t${asString(info[key])}\n`);
  }
  if (asString(sp.podCIDR) !== '') w.write(0, `PodCIDR:\t${asString(sp.podCIDR)}\n`);
  const podCIDRs = asArray(sp.podCIDRs).map((x) => asString(x));
  if (podCIDRs.length > 0) w.write(0, `PodCIDRs:\t${podCIDRs.join(',')}\n`);
  const pods = (related.pods ?? []).filter((p) => !['Succeeded', 'Failed'].includes(asString(status(p).phase)));
  const alloc = asDict(st.allocatable);
  const cpuAlloc = cpuMillis(asString(alloc.cpu, '0'));
  const memAlloc = memoryBytes(asString(alloc.memory, '0'));
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const total = { cpuReq: 0, cpuLim: 0, memReq: 0, memLim: 0 };
  for (const p of pods) {
    const r = podRequestsLimits(p);
    total.cpuReq += r.cpuReq;
    total.cpuLim += r.cpuLim;
    total.memReq += r.memReq;
    total.memLim += r.memLim;
    w.write(
      1,
      `${p.metadata.namespace ?? ''}\t${p.metadata.name}\t\t${cpuString(r.cpuReq)} (${percent(r.cpuReq, cpuAlloc)}%)\t${cpuString(r.cpuLim)} (${percent(r.cpuLim, cpuAlloc)}%)\t${memString(r.memReq)} (${percent(r.memReq, memAlloc)}%)\t${memString(r.memLim)} (${percent(r.memLim, memAlloc)}%)\t${since(p.metadata.creationTimestamp, now)}\n`,
    );
  }
  w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(1, 'Resource\tRequests\tLimits\n');
  w.write(1, '--------\t--------\t------\n');
  w.write(1, `cpu\t${cpuString(total.cpuReq)} (${percent(total.cpuReq, cpuAlloc)}%)\t${cpuString(total.cpuLim)} (${percent(total.cpuLim, cpuAlloc)}%)\n`);
  w.write(1, `memory\t${memString(total.memReq)} (${percent(total.memReq, memAlloc)}%)\t${memString(total.memLim)} (${percent(total.memLim, memAlloc)}%)\n`);
}

function describeGeneric(w: DescribeWriter, o: KubeObjectLike): void {
  w.write(0, `Name:\t${o.metadata.name}\n`);
  if (o.metadata.namespace) w.write(0, `Namespace:\t${o.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', o.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', o.metadata.annotations);
  w.write(0, `API Version:\t${o.apiVersion}\n`);
  w.write(0, `Kind:\t${o.kind}\n`);
}

