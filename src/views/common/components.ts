/**
 * Facts about trace components that every view needs: the icon, a sort rank
 * (the reading order client → control plane → nodes → workloads) and a short
 * description for sublabels.
 */
import type { Component, ComponentKind, Trace } from '../../trace/types.ts';
import type { IconName } from '../types.ts';

const ICONS: Record<ComponentKind, IconName> = {
  client: 'user',
  'load-balancer': 'load-balancer',
  apiserver: 'apiserver',
  etcd: 'etcd',
  'controller-manager': 'controller',
  scheduler: 'scheduler',
  'cloud-controller-manager': 'cloud-controller',
  kubelet: 'kubelet',
  'container-runtime': 'runtime',
  dockershim: 'runtime',
  'docker-engine': 'runtime',
  cni: 'cni',
  'kube-proxy': 'kube-proxy',
  dns: 'dns',
  'ingress-controller': 'ingress',
  'metrics-server': 'metrics',
  'gitops-controller': 'git',
  'csi-driver': 'controller',
  'cloud-load-balancer': 'load-balancer',
  pod: 'pod',
  container: 'container',
  registry: 'registry',
  'git-repository': 'git',
  internet: 'internet',
  external: 'none',
};

export function iconFor(kind: ComponentKind): IconName {
  return ICONS[kind];
}

/**
 * Reading order within a group. Actors that start traffic from outside
 * (internet, cloud load balancer, git) sit next to the client on the left;
 * the registry, which only answers pulls, sits on the right.
 */
const RANK: Record<ComponentKind, number> = {
  client: 0,
  internet: 1,
  'cloud-load-balancer': 2,
  'git-repository': 3,
  'load-balancer': 4,
  apiserver: 10,
  etcd: 11,
  'controller-manager': 12,
  'cloud-controller-manager': 13,
  scheduler: 14,
  'gitops-controller': 15,
  dns: 16,
  'metrics-server': 17,
  'ingress-controller': 18,
  'csi-driver': 19,
  kubelet: 20,
  'container-runtime': 21,
  dockershim: 21,
  'docker-engine': 22,
  cni: 23,
  'kube-proxy': 24,
  pod: 30,
  container: 31,
  registry: 40,
  external: 41,
};

export function rankOf(kind: ComponentKind): number {
  return RANK[kind];
}

const DESCRIPTIONS: Partial<Record<ComponentKind, string>> = {
  client: 'user',
  'load-balancer': 'load balancer',
  apiserver: 'API server',
  etcd: 'key-value store',
  'controller-manager': 'controllers',
  scheduler: 'scheduler',
  'cloud-controller-manager': 'cloud controllers',
  kubelet: 'node agent',
  'container-runtime': 'container runtime',
  'kube-proxy': 'service proxy',
  dns: 'cluster DNS',
  'ingress-controller': 'ingress controller',
  'csi-driver': 'storage driver',
  'cloud-load-balancer': 'cloud load balancer',
  registry: 'image registry',
  'git-repository': 'git repository',
};

export function describeKind(kind: ComponentKind): string | undefined {
  return DESCRIPTIONS[kind];
}

/** `csi-provisioner (hostpath.csi.k8s.io)`: a CSI sidecar and the driver it serves. */
const SIDECAR_OF_DRIVER = /^(\S+) \((\S+)\)$/;

/**
 * First label line for a component: its name, except a CSI sidecar's, whose
 * driver goes to the second line (`csi-provisioner` / `hostpath.csi.k8s.io`):
 * on one line the name read `…` / `(hostpath.csi.…` in a narrow lane.
 */
export function labelOf(c: Component): string {
  const m = c.kind === 'csi-driver' ? SIDECAR_OF_DRIVER.exec(c.name) : null;
  return m ? m[1]! : c.name;
}

/** Second label line for a component: what it is, unless its name says so already; a CSI sidecar's driver. */
export function sublabelOf(c: Component): string | undefined {
  const m = c.kind === 'csi-driver' ? SIDECAR_OF_DRIVER.exec(c.name) : null;
  if (m) return m[2]!;
  const sub = c.kind === 'controller-manager' && c.parent !== undefined ? 'controller' : describeKind(c.kind);
  return sub !== undefined && sub !== c.name ? sub : undefined;
}

export function componentIndex(trace: Trace): Map<string, Component> {
  return new Map(trace.components.map((c) => [c.id, c]));
}

/** A component the trace mentions in an event but forgot to list: treat it as external. */
export function componentOf(index: Map<string, Component>, id: string): Component {
  return index.get(id) ?? { id, kind: 'external', name: id, host: null, group: 'external' };
}

/** Host of a component, following `parent` for containers and sub-controllers. */
export function hostOf(index: Map<string, Component>, c: Component): string | null {
  if (c.host !== null) return c.host;
  const parent = c.parent !== undefined ? index.get(c.parent) : undefined;
  return parent ? hostOf(index, parent) : null;
}

/**
 * Components that exist once per node or per replica (kubelet@worker-2, a
 * pod, one API server of several) are interchangeable when views fold or
 * number repeated work; anything else (deployment-controller vs
 * replicaset-controller) keeps its identity.
 */
const REPLICATED = new Set<ComponentKind>(['kubelet', 'container-runtime', 'dockershim', 'docker-engine', 'cni', 'kube-proxy', 'pod', 'container', 'apiserver', 'etcd', 'load-balancer']);

export function laneKey(c: Component): string {
  return REPLICATED.has(c.kind) ? c.kind : c.id;
}

/**
 * Natural order of names: digit runs compare as numbers, so `worker-2` comes
 * before `worker-10` and `etcd-3` before `etcd-12`. Plain code-unit order
 * otherwise (no locale), so the result is the same on every machine.
 */
export function naturalCompare(a: string, b: string): number {
  const re = /(\d+)|(\D+)/g;
  const pa = a.match(re) ?? [];
  const pb = b.match(re) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length || (a < b ? -1 : a > b ? 1 : 0);
}
