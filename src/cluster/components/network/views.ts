/**
 * The model's stored objects seen through the networking module's structural
 * types: the store's typed views (core/typed.ts) are assignable to them, so no
 * cast is needed except for EndpointSlice (below).
 */
import type { EndpointSlice, Ingress, IngressClass, NamespaceLabels, NetworkPolicy, Pod, Service } from '../../core/network/index.ts';
import type { Obj } from '../../core/object.ts';
import { asPod as asPodView } from '../../core/typed.ts';
import type { World } from '../world.ts';

export function services(w: World): Service[] {
  return w.api.cache.list('Service');
}

export function endpointSlices(w: World): EndpointSlice[] {
  // The networking type is the slice as the EndpointSlice controller writes it (literal apiVersion/kind,
  // endpoints and ports always present); the store holds it as a plain Obj (a user may write one too).
  return w.api.cache.list('EndpointSlice') as unknown as EndpointSlice[];
}

export function pods(w: World): Pod[] {
  return w.api.cache.list('Pod');
}

export function asPod(o: Obj): Pod {
  return asPodView(o);
}

export function ingresses(w: World): Ingress[] {
  return w.api.cache.list('Ingress');
}

export function ingressClasses(w: World): IngressClass[] {
  return w.api.cache.list('IngressClass');
}

export function networkPolicies(w: World): NetworkPolicy[] {
  return w.api.cache.list('NetworkPolicy');
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
    const addr = (n.status?.addresses ?? []).find((a) => a.type === 'InternalIP')?.address ?? '';
    const ready = (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
    return { name: n.metadata.name, ip: String(addr), podCIDR: String(n.spec?.podCIDR ?? ''), ready };
  });
}

export function nodeNamed(w: World, name: string): NodeInfo | undefined {
  return nodes(w).find((n) => n.name === name);
}
