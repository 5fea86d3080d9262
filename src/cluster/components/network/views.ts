/**
 * The model's stored objects (plain JSON) seen through the networking
 * module's structural types. The API server validated them; these casts only
 * narrow `Obj` to the fields the pure networking code reads.
 */
import type { EndpointSlice, Ingress, IngressClass, NamespaceLabels, NetworkPolicy, Pod, Service } from '../../core/network/index.ts';
import type { Obj } from '../../core/object.ts';
import type { World } from '../world.ts';

export function services(w: World): Service[] {
  return w.api.cache.list('Service') as unknown as Service[];
}

export function endpointSlices(w: World): EndpointSlice[] {
  return w.api.cache.list('EndpointSlice') as unknown as EndpointSlice[];
}

export function pods(w: World): Pod[] {
  return w.api.cache.list('Pod') as unknown as Pod[];
}

export function asPod(o: Obj): Pod {
  return o as unknown as Pod;
}

export function ingresses(w: World): Ingress[] {
  return w.api.cache.list('Ingress') as unknown as Ingress[];
}

export function ingressClasses(w: World): IngressClass[] {
  return w.api.cache.list('IngressClass') as unknown as IngressClass[];
}

export function networkPolicies(w: World): NetworkPolicy[] {
  return w.api.cache.list('NetworkPolicy') as unknown as NetworkPolicy[];
}

export function namespaceLabels(w: World): NamespaceLabels {
  const out: Record<string, Record<string, string>> = {};
  for (const ns of w.api.cache.list('Namespace')) out[ns.metadata.name] = { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns.metadata.name };
  return out;
}

export interface NodeInfo {
  name: string;
  ip: string;
  podCIDR: string;
  ready: boolean;
}

/** Worker nodes in cluster order with their InternalIP (from the Node objects). */
export function nodes(w: World): NodeInfo[] {
  return w.api.cache.list('Node').map((n) => {
    /* eslint-disable @typescript-eslint/no-explicit-any -- Node status is plain JSON */
    const addr = (n.status?.addresses ?? []).find((a) => a.type === 'InternalIP')?.address ?? '';
    const ready = (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
    /* eslint-enable @typescript-eslint/no-explicit-any */
    return { name: n.metadata.name, ip: String(addr), podCIDR: String(n.spec?.podCIDR ?? ''), ready };
  });
}

export function nodeNamed(w: World, name: string): NodeInfo | undefined {
  return nodes(w).find((n) => n.name === name);
}
