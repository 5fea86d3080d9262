/**
 * Column definitions of `kubectl get` per resource (the server-side table
 * handlers in pkg/printers/internalversion/printers.go).
 */
import type { KubeObjectLike } from './types.ts';
import {
  asArray,
  asDict,
  asNumber,
  asString,
  containersOf,
  formatLabels,
  formatLabelSelector,
  spec,
  status,
  templateSpec,
  type Dict,
} from './format.ts';
import { humanDuration, since } from './duration.ts';
import { podColumns } from './pods.ts';
import { csidrivers, csistoragecapacities, persistentvolumeclaims, persistentvolumes, storageclasses, volumeattachments } from './storage.ts';
import { apiservices, certificatesigningrequests, flowschemas, mutatingwebhookconfigurations, prioritylevelconfigurations, runtimeclasses, validatingadmissionpolicies, validatingadmissionpolicybindings, validatingwebhookconfigurations } from './admission.ts';

export interface TableDef {
  headers: string[];
  /** Extra columns of `-o wide`, appended after the regular ones. */
  wide?: string[];
  namespaced: boolean;
  /** Cells after NAME (the printer adds NAMESPACE and NAME). */
  row(o: KubeObjectLike, now: number, wide: boolean): string[];
  /** The NAME cell, when it is not just the name (StorageClass: `standard (default)`). */
  name?(o: KubeObjectLike): string;
}

const age = (o: KubeObjectLike, now: number): string => since(o.metadata.creationTimestamp, now);
const none = (s: string): string => (s === '' ? '<none>' : s);

function workloadWide(o: KubeObjectLike): string[] {
  const cs = containersOf(templateSpec(o));
  return [
    cs.map((c) => asString(c.name)).join(','),
    cs.map((c) => asString(c.image)).join(','),
    formatLabelSelector(spec(o).selector),
  ];
}

const WORKLOAD_WIDE = ['CONTAINERS', 'IMAGES', 'SELECTOR'];

const pods: TableDef = {
  headers: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
  wide: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
  namespaced: true,
  row(o, now, wide) {
    const c = podColumns(o, now);
    const cells = [c.ready, c.status, c.restarts, age(o, now)];
    if (!wide) return cells;
    const gates = asArray(spec(o).readinessGates).map(asDict);
    const conds = asArray(status(o).conditions).map(asDict);
    const trueGates = gates.filter((g) => conds.some((c2) => c2.type === g.conditionType && c2.status === 'True')).length;
    return [
      ...cells,
      none(asString(status(o).podIP)),
      none(asString(spec(o).nodeName)),
      none(asString(status(o).nominatedNodeName)),
      gates.length === 0 ? '<none>' : `${trueGates}/${gates.length}`,
    ];
  },
};

const deployments: TableDef = {
  headers: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
  wide: WORKLOAD_WIDE,
  namespaced: true,
  row(o, now, wide) {
    const st = status(o);
    const cells = [
      `${asNumber(st.readyReplicas)}/${asNumber(spec(o).replicas, 1)}`,
      String(asNumber(st.updatedReplicas)),
      String(asNumber(st.availableReplicas)),
      age(o, now),
    ];
    return wide ? [...cells, ...workloadWide(o)] : cells;
  },
};

const replicaSetLike = (defaultReplicas: number): TableDef => ({
  headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
  wide: WORKLOAD_WIDE,
  namespaced: true,
  row(o, now, wide) {
    const st = status(o);
    const cells = [String(asNumber(spec(o).replicas, defaultReplicas)), String(asNumber(st.replicas)), String(asNumber(st.readyReplicas)), age(o, now)];
    return wide ? [...cells, ...workloadWide(o)] : cells;
  },
});

const statefulsets: TableDef = {
  headers: ['NAME', 'READY', 'AGE'],
  wide: ['CONTAINERS', 'IMAGES'],
  namespaced: true,
  row(o, now, wide) {
    const cells = [`${asNumber(status(o).readyReplicas)}/${asNumber(spec(o).replicas, 1)}`, age(o, now)];
    return wide ? [...cells, ...workloadWide(o).slice(0, 2)] : cells;
  },
};

const daemonsets: TableDef = {
  headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
  wide: WORKLOAD_WIDE,
  namespaced: true,
  row(o, now, wide) {
    const st = status(o);
    const cells = [
      String(asNumber(st.desiredNumberScheduled)),
      String(asNumber(st.currentNumberScheduled)),
      String(asNumber(st.numberReady)),
      String(asNumber(st.updatedNumberScheduled)),
      String(asNumber(st.numberAvailable)),
      formatLabels(asDict(templateSpec(o).nodeSelector) as Record<string, string>),
      age(o, now),
    ];
    return wide ? [...cells, ...workloadWide(o)] : cells;
  },
};

/** printJob (1.28+: STATUS column). */
const jobs: TableDef = {
  headers: ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'],
  wide: WORKLOAD_WIDE,
  namespaced: true,
  row(o, now, wide) {
    const sp = spec(o);
    const st = status(o);
    const succeeded = asNumber(st.succeeded);
    const parallelism = asNumber(sp.parallelism);
    const completions = sp.completions !== undefined && sp.completions !== null ? `${succeeded}/${asNumber(sp.completions)}` : parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
    const start = asString(st.startTime);
    const end = asString(st.completionTime);
    const duration = start === '' ? '' : humanDuration((end === '' ? now : Date.parse(end)) - Date.parse(start));
    const has = (type: string) => asArray(st.conditions).map(asDict).some((c) => c.type === type && c.status === 'True');
    const state = has('Complete') ? 'Complete' : has('Failed') ? 'Failed' : o.metadata.deletionTimestamp ? 'Terminating' : has('Suspended') ? 'Suspended' : has('FailureTarget') ? 'FailureTarget' : 'Running';
    const cells = [state, completions, duration, age(o, now)];
    return wide ? [...cells, ...workloadWide(o)] : cells;
  },
};

/** printCronJob (1.27+: TIMEZONE column). */
const cronjobs: TableDef = {
  headers: ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'],
  wide: WORKLOAD_WIDE,
  namespaced: true,
  row(o, now, wide) {
    const sp = spec(o);
    const st = status(o);
    const last = asString(st.lastScheduleTime);
    const cells = [asString(sp.schedule), none(asString(sp.timeZone)), sp.suspend === true ? 'True' : 'False', String(asArray(st.active).length), last === '' ? '<none>' : since(last, now), age(o, now)];
    if (!wide) return cells;
    const jt = asDict(asDict(sp.jobTemplate).spec);
    const cs = containersOf(asDict(asDict(jt.template).spec));
    return [...cells, cs.map((c) => asString(c.name)).join(','), cs.map((c) => asString(c.image)).join(','), formatLabelSelector(jt.selector)];
  },
};

/** makePortString: `80/TCP`, `80:30080/TCP`, joined by ','. */
function servicePorts(ports: Dict[]): string {
  if (ports.length === 0) return '<none>';
  return ports
    .map((p) => {
      const proto = asString(p.protocol, 'TCP');
      const nodePort = asNumber(p.nodePort);
      return nodePort > 0 ? `${asNumber(p.port)}:${nodePort}/${proto}` : `${asNumber(p.port)}/${proto}`;
    })
    .join(',');
}

function loadBalancerIngress(st: Dict): string[] {
  return asArray(asDict(st.loadBalancer).ingress)
    .map(asDict)
    .map((i) => asString(i.ip) || asString(i.hostname))
    .filter((s) => s !== '');
}

function serviceExternalIP(o: KubeObjectLike): string {
  const sp = spec(o);
  const type = asString(sp.type, 'ClusterIP');
  const external = asArray(sp.externalIPs).map((x) => asString(x));
  switch (type) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length > 0 ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const all = [...loadBalancerIngress(status(o)), ...external];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return asString(sp.externalName);
    default:
      return '<unknown>';
  }
}

const services: TableDef = {
  headers: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
  wide: ['SELECTOR'],
  namespaced: true,
  row(o, now, wide) {
    const sp = spec(o);
    const cells = [
      asString(sp.type, 'ClusterIP'),
      none(asString(sp.clusterIP)),
      serviceExternalIP(o),
      servicePorts(asArray(sp.ports).map(asDict)),
      age(o, now),
    ];
    return wide ? [...cells, formatLabels(asDict(sp.selector) as Record<string, string>)] : cells;
  },
};

function nodeRoles(labels: Record<string, string>): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels)) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role !== '') roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
}

function nodeStatus(o: KubeObjectLike): string {
  const ready = asArray(status(o).conditions)
    .map(asDict)
    .find((c) => c.type === 'Ready');
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (spec(o).unschedulable === true) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function nodeAddress(o: KubeObjectLike, type: string): string {
  const a = asArray(status(o).addresses)
    .map(asDict)
    .find((x) => x.type === type);
  return a ? asString(a.address) : '<none>';
}

const nodes: TableDef = {
  headers: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
  wide: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
  namespaced: false,
  row(o, now, wide) {
    const info = asDict(status(o).nodeInfo);
    const cells = [nodeStatus(o), nodeRoles(o.metadata.labels ?? {}), age(o, now), asString(info.kubeletVersion)];
    if (!wide) return cells;
    return [
      ...cells,
      nodeAddress(o, 'InternalIP'),
      nodeAddress(o, 'ExternalIP'),
      none(asString(info.osImage)) === '<none>' ? '<unknown>' : asString(info.osImage),
      none(asString(info.kernelVersion)) === '<none>' ? '<unknown>' : asString(info.kernelVersion),
      none(asString(info.containerRuntimeVersion)) === '<none>' ? '<unknown>' : asString(info.containerRuntimeVersion),
    ];
  },
};

const namespaces: TableDef = {
  headers: ['NAME', 'STATUS', 'AGE'],
  namespaced: false,
  row: (o, now) => [asString(status(o).phase, 'Active'), age(o, now)],
};

const configmaps: TableDef = {
  headers: ['NAME', 'DATA', 'AGE'],
  namespaced: true,
  row: (o, now) => [String(Object.keys(asDict(o.data)).length + Object.keys(asDict(o.binaryData)).length), age(o, now)],
};

const secrets: TableDef = {
  headers: ['NAME', 'TYPE', 'DATA', 'AGE'],
  namespaced: true,
  row: (o, now) => [asString(o.type, 'Opaque'), String(Object.keys(asDict(o.data)).length), age(o, now)],
};

/** formatEndpoints: up to 3 `ip:port`, then ` + N more...`. */
export function formatEndpoints(o: KubeObjectLike): string {
  const subsets = asArray(o.subsets).map(asDict);
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  const add = (s: string): void => {
    if (list.length === max) more = true;
    if (!more) list.push(s);
    count++;
  };
  for (const ss of subsets) {
    const addrs = asArray(ss.addresses).map(asDict);
    const ports = asArray(ss.ports).map(asDict);
    if (ports.length === 0) for (const a of addrs) add(asString(a.ip));
    else for (const p of ports) for (const a of addrs) add(joinHostPort(asString(a.ip), asNumber(p.port)));
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

const endpoints: TableDef = {
  headers: ['NAME', 'ENDPOINTS', 'AGE'],
  namespaced: true,
  row: (o, now) => [formatEndpoints(o), age(o, now)],
};

function firstThree(items: string[], empty: string): string {
  if (items.length === 0) return empty;
  const shown = items.slice(0, 3).join(',');
  return items.length > 3 ? `${shown} + ${items.length - 3} more...` : shown;
}

const endpointslices: TableDef = {
  headers: ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'],
  namespaced: true,
  row(o, now) {
    const ports = asArray(o.ports).map(asDict);
    const addrs = asArray(o.endpoints)
      .map(asDict)
      .flatMap((e) => asArray(e.addresses).map((a) => asString(a)));
    const portStr = ports.length === 0 ? '<unset>' : firstThree(ports.map((p) => (p.port === undefined ? '<unset>' : String(asNumber(p.port)))), '<unset>');
    return [asString(o.addressType), portStr, firstThree(addrs, '<unset>'), age(o, now)];
  },
};

const ingresses: TableDef = {
  headers: ['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE'],
  namespaced: true,
  row(o, now) {
    const sp = spec(o);
    const hosts = asArray(sp.rules)
      .map(asDict)
      .map((r) => asString(r.host))
      .filter((h) => h !== '');
    const tls = asArray(sp.tls).length > 0;
    return [
      none(asString(sp.ingressClassName)),
      hosts.length === 0 ? '*' : firstThree(hosts, '*'),
      loadBalancerIngress(status(o)).join(','),
      tls ? '80, 443' : '80',
      age(o, now),
    ];
  },
};

/** formatHPAMetrics for Resource metrics (kubectl ≥ 1.30 prints `cpu: 20%/50%`). */
function hpaTargets(o: KubeObjectLike): string {
  const metrics = asArray(spec(o).metrics).map(asDict);
  const current = asArray(status(o).currentMetrics).map(asDict);
  if (metrics.length === 0) return '<none>';
  const parts = metrics.map((m) => {
    const r = asDict(m.resource);
    const name = asString(r.name);
    const target = asDict(r.target);
    const cur = current.map((c) => asDict(c.resource)).find((c) => asString(c.name) === name);
    if (target.averageUtilization !== undefined) {
      const curUtil = cur ? asDict(cur.current).averageUtilization : undefined;
      return `${name}: ${curUtil === undefined ? '<unknown>' : `${asNumber(curUtil)}%`}/${asNumber(target.averageUtilization)}%`;
    }
    const curVal = cur ? asString(asDict(cur.current).averageValue) : '';
    return `${name}: ${curVal === '' ? '<unknown>' : curVal}/${asString(target.averageValue)}`;
  });
  const shown = parts.slice(0, 2).join(', ');
  return parts.length > 2 ? `${shown} + ${parts.length - 2} more...` : shown;
}

const hpa: TableDef = {
  headers: ['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE'],
  namespaced: true,
  row(o, now) {
    const sp = spec(o);
    const ref = asDict(sp.scaleTargetRef);
    return [
      `${asString(ref.kind)}/${asString(ref.name)}`,
      hpaTargets(o),
      sp.minReplicas === undefined ? '<unset>' : String(asNumber(sp.minReplicas)),
      String(asNumber(sp.maxReplicas)),
      String(asNumber(status(o).currentReplicas)),
      age(o, now),
    ];
  },
};

const networkpolicies: TableDef = {
  headers: ['NAME', 'POD-SELECTOR', 'AGE'],
  namespaced: true,
  row: (o, now) => [formatLabelSelector(spec(o).podSelector), age(o, now)],
};

const createdAt = (namespaced: boolean): TableDef => ({
  headers: ['NAME', 'CREATED AT'],
  namespaced,
  row: (o) => [o.metadata.creationTimestamp ?? '<unknown>'],
});

function subjects(o: KubeObjectLike, kind: string): string {
  return asArray(o.subjects)
    .map(asDict)
    .filter((s) => s.kind === kind)
    .map((s) => (kind === 'ServiceAccount' ? `${asString(s.namespace)}/${asString(s.name)}` : asString(s.name)))
    .join(', ');
}

const binding = (namespaced: boolean): TableDef => ({
  headers: ['NAME', 'ROLE', 'AGE'],
  wide: ['USERS', 'GROUPS', 'SERVICEACCOUNTS'],
  namespaced,
  row(o, now, wide) {
    const ref = asDict(o.roleRef);
    const cells = [`${asString(ref.kind)}/${asString(ref.name)}`, age(o, now)];
    return wide ? [...cells, subjects(o, 'User'), subjects(o, 'Group'), subjects(o, 'ServiceAccount')] : cells;
  },
});

const serviceaccounts: TableDef = {
  headers: ['NAME', 'SECRETS', 'AGE'],
  namespaced: true,
  row: (o, now) => [String(asArray(o.secrets).length), age(o, now)],
};

const leases: TableDef = {
  headers: ['NAME', 'HOLDER', 'AGE'],
  namespaced: true,
  row: (o, now) => [asString(spec(o).holderIdentity), age(o, now)],
};

/** printPodDisruptionBudget: MIN AVAILABLE / MAX UNAVAILABLE are N/A when unset. */
const poddisruptionbudgets: TableDef = {
  headers: ['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE'],
  namespaced: true,
  row(o, now) {
    const sp = asDict(o.spec);
    const show = (v: unknown) => (v === undefined || v === null ? 'N/A' : String(v));
    return [show(sp.minAvailable), show(sp.maxUnavailable), String(asNumber(status(o).disruptionsAllowed)), age(o, now)];
  },
};

const generic: TableDef = {
  headers: ['NAME', 'AGE'],
  namespaced: true,
  row: (o, now) => [age(o, now)],
};

/** Resource (plural, lower case) → table. Events have their own printer (no NAME column). */
export const TABLES: Record<string, TableDef> = {
  // The API server's default table (rest.NewDefaultTableConvertor): apiextensions registers no printer for CRDs.
  customresourcedefinitions: createdAt(false),
  pods,
  deployments,
  replicasets: replicaSetLike(1),
  replicationcontrollers: replicaSetLike(1),
  statefulsets,
  daemonsets,
  jobs,
  cronjobs,
  services,
  nodes,
  namespaces,
  configmaps,
  secrets,
  endpoints,
  endpointslices,
  ingresses,
  horizontalpodautoscalers: hpa,
  networkpolicies,
  roles: createdAt(true),
  clusterroles: createdAt(false),
  rolebindings: binding(true),
  clusterrolebindings: binding(false),
  serviceaccounts,
  leases,
  persistentvolumeclaims,
  persistentvolumes,
  poddisruptionbudgets,
  storageclasses,
  volumeattachments,
  csidrivers,
  csistoragecapacities,
  validatingwebhookconfigurations,
  mutatingwebhookconfigurations,
  validatingadmissionpolicies,
  apiservices,
  runtimeclasses,
  prioritylevelconfigurations,
  flowschemas,
  validatingadmissionpolicybindings,
  certificatesigningrequests,
};

export const GENERIC_TABLE = generic;

/** Cluster-scoped resources of the generic fallback (no NAMESPACE column with -A). */
export const CLUSTER_SCOPED = new Set([
  'nodes',
  'namespaces',
  'clusterroles',
  'clusterrolebindings',
  'persistentvolumes',
  'storageclasses',
  'volumeattachments',
  'csidrivers',
  'customresourcedefinitions',
  'priorityclasses',
  'ingressclasses',
  'validatingwebhookconfigurations',
  'mutatingwebhookconfigurations',
  'apiservices',
  'certificatesigningrequests',
]);

/** kubectl's short names and singulars for the resources above. */
export const ALIASES: Record<string, string> = {
  po: 'pods',
  pod: 'pods',
  deploy: 'deployments',
  deployment: 'deployments',
  rs: 'replicasets',
  replicaset: 'replicasets',
  rc: 'replicationcontrollers',
  replicationcontroller: 'replicationcontrollers',
  sts: 'statefulsets',
  statefulset: 'statefulsets',
  ds: 'daemonsets',
  daemonset: 'daemonsets',
  pdb: 'poddisruptionbudgets',
  poddisruptionbudget: 'poddisruptionbudgets',
  svc: 'services',
  service: 'services',
  no: 'nodes',
  node: 'nodes',
  ns: 'namespaces',
  namespace: 'namespaces',
  cm: 'configmaps',
  configmap: 'configmaps',
  secret: 'secrets',
  ep: 'endpoints',
  endpointslice: 'endpointslices',
  ing: 'ingresses',
  ingress: 'ingresses',
  hpa: 'horizontalpodautoscalers',
  horizontalpodautoscaler: 'horizontalpodautoscalers',
  netpol: 'networkpolicies',
  networkpolicy: 'networkpolicies',
  role: 'roles',
  clusterrole: 'clusterroles',
  rolebinding: 'rolebindings',
  clusterrolebinding: 'clusterrolebindings',
  sa: 'serviceaccounts',
  serviceaccount: 'serviceaccounts',
  lease: 'leases',
  pvc: 'persistentvolumeclaims',
  persistentvolumeclaim: 'persistentvolumeclaims',
  pv: 'persistentvolumes',
  persistentvolume: 'persistentvolumes',
  sc: 'storageclasses',
  storageclass: 'storageclasses',
  volumeattachment: 'volumeattachments',
  csidriver: 'csidrivers',
  csistoragecapacity: 'csistoragecapacities',
  ev: 'events',
  event: 'events',
};

