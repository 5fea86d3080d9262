/** Small builders for scheduler tests (like st.MakePod / st.MakeNode in Kubernetes). */
import type { NodeInfo, PodInfo } from '../../src/cluster/core/scheduler/types.ts';

export function makePod(over: Partial<PodInfo> = {}): PodInfo {
  return {
    namespace: 'default',
    name: 'p',
    labels: {},
    requests: { cpuMillis: 0, memoryBytes: 0 },
    nodeSelector: {},
    tolerations: [],
    hostPorts: [],
    images: [],
    ...over,
  };
}

export function makeNode(name: string, over: Partial<NodeInfo> = {}): NodeInfo {
  return {
    name,
    labels: { 'kubernetes.io/hostname': name },
    taints: [],
    unschedulable: false,
    allocatable: { cpuMillis: 4000, memoryBytes: 8 * 2 ** 30, pods: 110 },
    requested: { cpuMillis: 0, memoryBytes: 0 },
    podCount: 0,
    usedHostPorts: [],
    images: {},
    ...over,
  };
}

/** A node with the given capacity and already-requested resources (non-zero == requested). */
export function sized(name: string, cpu: number, mem: number, reqCpu = 0, reqMem = 0, labels: Record<string, string> = {}): NodeInfo {
  return makeNode(name, {
    labels: { 'kubernetes.io/hostname': name, ...labels },
    allocatable: { cpuMillis: cpu, memoryBytes: mem, pods: 110 },
    requested: { cpuMillis: reqCpu, memoryBytes: reqMem },
  });
}
