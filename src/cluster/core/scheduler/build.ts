/**
 * Building PodInfo / NodeInfo from plain API objects (pod spec JSON), so the
 * model does not have to repeat Kubernetes' request arithmetic.
 */
import type { HostPort, NodeInfo, PlacedPod, PodInfo, Resources, Taint, Toleration, Affinity, TopologySpreadConstraint, LabelSelector } from './types.ts';
import { cpuMillis, memoryBytes } from '../algorithms/quantity.ts';

/** schedutil.DefaultMilliCPURequest / DefaultMemoryRequest (non-zero defaults for scoring). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export interface ContainerLike {
  name?: string;
  image?: string;
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  ports?: { containerPort: number; hostPort?: number; hostIP?: string; protocol?: string }[];
  restartPolicy?: string;
}

export interface PodSpecLike {
  containers?: ContainerLike[];
  initContainers?: ContainerLike[];
  overhead?: Record<string, string | number>;
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  affinity?: {
    nodeAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NonNullable<NonNullable<Affinity['nodeAffinity']>['required']> };
      preferredDuringSchedulingIgnoredDuringExecution?: NonNullable<NonNullable<Affinity['nodeAffinity']>['preferred']>;
    };
    podAffinity?: PodAffinityLike;
    podAntiAffinity?: PodAffinityLike;
  };
  tolerations?: Toleration[];
  topologySpreadConstraints?: TopologySpreadConstraint[];
}

interface PodAffinityLike {
  requiredDuringSchedulingIgnoredDuringExecution?: NonNullable<NonNullable<Affinity['podAffinity']>['required']>;
  preferredDuringSchedulingIgnoredDuringExecution?: NonNullable<NonNullable<Affinity['podAffinity']>['preferred']>;
}

/**
 * resource.PodRequests: max(Σ containers (+ sidecar init containers), max
 * init container) per resource, plus overhead. `nonZero` applies the scoring
 * defaults to containers that request nothing.
 */
export function effectiveRequests(spec: PodSpecLike, nonZero = false): Resources {
  const of = (c: ContainerLike): Resources => {
    const cpu = c.resources?.requests?.cpu;
    const mem = c.resources?.requests?.memory;
    return {
      cpuMillis: cpu === undefined ? (nonZero ? DEFAULT_MILLI_CPU_REQUEST : 0) : cpuMillis(cpu),
      memoryBytes: mem === undefined ? (nonZero ? DEFAULT_MEMORY_REQUEST : 0) : memoryBytes(mem),
    };
  };
  const sum: Resources = { cpuMillis: 0, memoryBytes: 0 };
  for (const c of spec.containers ?? []) {
    const r = of(c);
    sum.cpuMillis += r.cpuMillis;
    sum.memoryBytes += r.memoryBytes;
  }
  // Init containers run one at a time before the app containers; restartable
  // (sidecar) init containers keep running, so they add to the sum.
  const initMax: Resources = { cpuMillis: 0, memoryBytes: 0 };
  const sidecars: Resources = { cpuMillis: 0, memoryBytes: 0 };
  for (const c of spec.initContainers ?? []) {
    const r = of(c);
    if (c.restartPolicy === 'Always') {
      sidecars.cpuMillis += r.cpuMillis;
      sidecars.memoryBytes += r.memoryBytes;
      sum.cpuMillis += r.cpuMillis;
      sum.memoryBytes += r.memoryBytes;
    } else {
      initMax.cpuMillis = Math.max(initMax.cpuMillis, sidecars.cpuMillis + r.cpuMillis);
      initMax.memoryBytes = Math.max(initMax.memoryBytes, sidecars.memoryBytes + r.memoryBytes);
    }
  }
  const out = { cpuMillis: Math.max(sum.cpuMillis, initMax.cpuMillis), memoryBytes: Math.max(sum.memoryBytes, initMax.memoryBytes) };
  if (spec.overhead) {
    out.cpuMillis += cpuMillis(spec.overhead.cpu);
    out.memoryBytes += memoryBytes(spec.overhead.memory);
  }
  return out;
}

export function hostPortsOf(spec: PodSpecLike): HostPort[] {
  const out: HostPort[] = [];
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort) continue;
      out.push({ port: p.hostPort, hostIP: p.hostIP ?? '', protocol: (p.protocol ?? 'TCP') as HostPort['protocol'] });
    }
  }
  return out;
}

export function podInfoFromSpec(
  meta: { namespace: string; name: string; labels?: Record<string, string> },
  spec: PodSpecLike,
  defaultSpreadSelector?: LabelSelector,
): PodInfo {
  const a = spec.affinity;
  const affinity: Affinity | undefined = a
    ? {
        nodeAffinity: a.nodeAffinity
          ? {
              required: a.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms,
              preferred: a.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution,
            }
          : undefined,
        podAffinity: a.podAffinity
          ? { required: a.podAffinity.requiredDuringSchedulingIgnoredDuringExecution, preferred: a.podAffinity.preferredDuringSchedulingIgnoredDuringExecution }
          : undefined,
        podAntiAffinity: a.podAntiAffinity
          ? {
              required: a.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution,
              preferred: a.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution,
            }
          : undefined,
      }
    : undefined;
  return {
    namespace: meta.namespace,
    name: meta.name,
    labels: meta.labels ?? {},
    requests: effectiveRequests(spec),
    nonZeroRequests: effectiveRequests(spec, true),
    nodeName: spec.nodeName,
    nodeSelector: spec.nodeSelector ?? {},
    affinity,
    tolerations: spec.tolerations ?? [],
    hostPorts: hostPortsOf(spec),
    images: [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c) => c.image ?? '').filter((i) => i !== ''),
    topologySpreadConstraints: spec.topologySpreadConstraints,
    defaultSpreadSelector,
  };
}

/** A NodeInfo for a node with the given pods already bound to it. */
export function nodeInfoFor(
  node: {
    name: string;
    labels: Record<string, string>;
    taints: Taint[];
    unschedulable?: boolean;
    allocatable: Resources & { pods: number };
    images: Record<string, number>;
  },
  pods: readonly PodInfo[],
): NodeInfo {
  const requested: Resources = { cpuMillis: 0, memoryBytes: 0 };
  const nonZero: Resources = { cpuMillis: 0, memoryBytes: 0 };
  const placed: PlacedPod[] = [];
  const ports: HostPort[] = [];
  for (const p of pods) {
    requested.cpuMillis += p.requests.cpuMillis;
    requested.memoryBytes += p.requests.memoryBytes;
    const nz = p.nonZeroRequests ?? p.requests;
    nonZero.cpuMillis += nz.cpuMillis;
    nonZero.memoryBytes += nz.memoryBytes;
    ports.push(...p.hostPorts);
    placed.push({ namespace: p.namespace, name: p.name, labels: p.labels, antiAffinity: p.affinity?.podAntiAffinity?.required });
  }
  return {
    name: node.name,
    labels: node.labels,
    taints: node.taints,
    unschedulable: node.unschedulable ?? false,
    allocatable: node.allocatable,
    requested,
    nonZeroRequested: nonZero,
    podCount: pods.length,
    usedHostPorts: ports,
    images: node.images,
    pods: placed,
    hasRequiredAntiAffinityPods: placed.some((p) => (p.antiAffinity ?? []).length > 0),
  };
}

/** Adds a just-bound pod to a NodeInfo (returns a new NodeInfo; the input is not changed). */
export function withPod(node: NodeInfo, pod: PodInfo): NodeInfo {
  const nz = pod.nonZeroRequests ?? pod.requests;
  const base = node.nonZeroRequested ?? node.requested;
  return {
    ...node,
    requested: { cpuMillis: node.requested.cpuMillis + pod.requests.cpuMillis, memoryBytes: node.requested.memoryBytes + pod.requests.memoryBytes },
    nonZeroRequested: { cpuMillis: base.cpuMillis + nz.cpuMillis, memoryBytes: base.memoryBytes + nz.memoryBytes },
    podCount: node.podCount + 1,
    usedHostPorts: [...node.usedHostPorts, ...pod.hostPorts],
    pods: [...(node.pods ?? []), { namespace: pod.namespace, name: pod.name, labels: pod.labels, antiAffinity: pod.affinity?.podAntiAffinity?.required }],
    // Unknown (undefined) stays unknown unless this pod settles it.
    hasRequiredAntiAffinityPods: (pod.affinity?.podAntiAffinity?.required ?? []).length > 0 ? true : node.hasRequiredAntiAffinityPods,
  };
}
