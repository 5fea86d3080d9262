/**
 * How an ingress controller picks a backend for a request, after the
 * networking.k8s.io/v1 API docs (kubernetes.io "Ingress": path types, the
 * Prefix examples table, hostname wildcards, defaultBackend) and
 * IngressClass selection (spec.ingressClassName, the deprecated
 * kubernetes.io/ingress.class annotation, the default class annotation).
 *
 * Matching: rules whose host equals the request host win over wildcard
 * rules (`*.foo.com` matches exactly one extra label), which win over rules
 * without host. Among their paths the longest match wins; on a tie Exact beats
 * Prefix. Prefix matches whole `/`-separated elements, ignoring a trailing
 * slash. ImplementationSpecific is ingress-nginx's: an nginx `location`
 * string prefix (so `/foo` also matches `/foobar`). No match → the Ingress's
 * defaultBackend, else the controller's own default backend (404).
 */
import { backendsFor } from './endpointslices.ts';
import type { Backend } from './endpointslices.ts';
import type { EndpointSlice, ObjectMeta, Service } from './types.ts';

export type PathType = 'Exact' | 'Prefix' | 'ImplementationSpecific';

export interface IngressServiceBackend {
  name: string;
  /** Optional in the API's schema (the API server's validation requires it). */
  port?: { number?: number; name?: string };
}

export interface IngressBackend {
  service?: IngressServiceBackend;
  resource?: { apiGroup?: string; kind: string; name: string };
}

export interface HTTPIngressPath {
  path?: string;
  pathType: PathType;
  backend: IngressBackend;
}

export interface IngressRule {
  host?: string;
  http?: { paths: HTTPIngressPath[] };
}

export interface Ingress {
  metadata: ObjectMeta;
  spec: {
    ingressClassName?: string;
    defaultBackend?: IngressBackend;
    rules?: IngressRule[];
    tls?: { hosts?: string[]; secretName?: string }[];
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

export interface IngressClass {
  metadata: ObjectMeta;
  spec: { controller?: string };
}

const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/** The IngressClass an Ingress belongs to, or undefined (no class, no default). */
export function ingressClassOf(ing: Ingress, classes: readonly IngressClass[]): string | undefined {
  if (ing.spec.ingressClassName) return ing.spec.ingressClassName;
  const legacy = ing.metadata.annotations?.[LEGACY_CLASS_ANNOTATION];
  if (legacy) return legacy;
  // The admission plugin fills in the default class at creation; more than one default is ambiguous.
  const defaults = classes.filter((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
  return defaults.length === 1 ? defaults[0]?.metadata.name : undefined;
}

/** The Ingresses a controller (e.g. `k8s.io/ingress-nginx`) serves. */
export function ingressesForController(ingresses: readonly Ingress[], classes: readonly IngressClass[], controller: string): Ingress[] {
  const mine = new Set(classes.filter((c) => c.spec.controller === controller).map((c) => c.metadata.name));
  return ingresses.filter((i) => {
    const cls = ingressClassOf(i, classes);
    return cls !== undefined && mine.has(cls);
  });
}

/** Host match: exact (case-insensitive), or `*.suffix` for exactly one more label. */
export function hostMatches(ruleHost: string, host: string): 'exact' | 'wildcard' | false {
  const r = ruleHost.toLowerCase();
  const h = host.toLowerCase();
  if (!r.startsWith('*.')) return r === h ? 'exact' : false;
  const suffix = r.slice(1); // ".foo.com"
  if (!h.endsWith(suffix)) return false;
  const first = h.slice(0, h.length - suffix.length);
  return first.length > 0 && !first.includes('.') ? 'wildcard' : false;
}

function elements(path: string): string[] {
  return path.split('/').filter((e) => e !== '');
}

/** Does a path of this type match the request path? Returns the match length (for longest-match), or -1. */
export function pathMatchLength(pathType: PathType, rulePath: string, reqPath: string): number {
  switch (pathType) {
    case 'Exact':
      return rulePath === reqPath ? rulePath.length : -1;
    case 'Prefix': {
      const r = elements(rulePath);
      const q = elements(reqPath);
      if (r.length > q.length) return -1;
      for (let i = 0; i < r.length; i++) if (r[i] !== q[i]) return -1;
      return r.join('/').length + 1;
    }
    case 'ImplementationSpecific':
      return reqPath.startsWith(rulePath) ? rulePath.length : -1;
  }
}

export interface IngressRequest {
  /** Host header (a port is ignored). */
  host?: string;
  /** Request path (a query string is ignored). */
  path: string;
}

export type IngressRoute =
  | {
      matched: true;
      /** `ns/name` of the Ingress that routed it. */
      ingress: string;
      namespace: string;
      via: 'rule' | 'defaultBackend';
      host?: string;
      path?: string;
      pathType?: PathType;
      backend: IngressBackend;
    }
  | { matched: false; status: 404; reason: string };

interface Candidate {
  ing: Ingress;
  rank: number;
  host?: string;
  p: HTTPIngressPath;
  len: number;
}

/** Route a request across the Ingresses one controller serves (in the given order). */
export function routeIngress(ingresses: readonly Ingress[], req: IngressRequest): IngressRoute {
  const host = (req.host ?? '').replace(/:\d+$/, '');
  const path = (req.path.split('?')[0] || '/');
  const candidates: Candidate[] = [];
  for (const ing of ingresses) {
    for (const rule of ing.spec.rules ?? []) {
      const hm = rule.host ? hostMatches(rule.host, host) : 'any';
      if (!hm) continue;
      const rank = hm === 'exact' ? 0 : hm === 'wildcard' ? 1 : 2;
      for (const p of rule.http?.paths ?? []) {
        const len = pathMatchLength(p.pathType, p.path ?? '/', path);
        if (len >= 0) candidates.push({ ing, rank, host: rule.host, p, len });
      }
    }
  }
  const best = candidates.sort(
    (a, b) => a.rank - b.rank || b.len - a.len || Number(b.p.pathType === 'Exact') - Number(a.p.pathType === 'Exact'),
  )[0];
  if (best) {
    return {
      matched: true,
      ingress: key(best.ing),
      namespace: best.ing.metadata.namespace ?? 'default',
      via: 'rule',
      host: best.host,
      path: best.p.path ?? '/',
      pathType: best.p.pathType,
      backend: best.p.backend,
    };
  }
  const withDefault = ingresses.find((i) => i.spec.defaultBackend);
  if (withDefault?.spec.defaultBackend) {
    return { matched: true, ingress: key(withDefault), namespace: withDefault.metadata.namespace ?? 'default', via: 'defaultBackend', backend: withDefault.spec.defaultBackend };
  }
  return { matched: false, status: 404, reason: `no rule matches host "${host}" path "${path}": default backend - 404` };
}

function key(i: Ingress): string {
  return `${i.metadata.namespace ?? 'default'}/${i.metadata.name}`;
}

export type UpstreamResolution =
  | { ok: true; service: string; servicePort: number; portName: string; upstreams: Backend[] }
  | { ok: false; status: 503; reason: string };

/**
 * The upstreams an ingress controller proxies to for a backend. ingress-nginx
 * watches EndpointSlices and sends straight to ready pod endpoints (not through
 * the ClusterIP and kube-proxy); the backend's port is a Service port number
 * or name. No Service, no such port or no ready endpoint → 503.
 */
export function resolveIngressBackend(
  backend: IngressBackend,
  namespace: string,
  services: readonly Service[],
  slices: readonly EndpointSlice[],
): UpstreamResolution {
  const ref = backend.service;
  if (!ref) return { ok: false, status: 503, reason: 'resource backends are not served by this controller' };
  const svc = services.find((s) => s.metadata.name === ref.name && (s.metadata.namespace ?? 'default') === namespace);
  if (!svc) return { ok: false, status: 503, reason: `service "${namespace}/${ref.name}" not found` };
  const sp = (svc.spec.ports ?? []).find((p) => (ref.port?.name !== undefined ? p.name === ref.port.name : p.port === ref.port?.number));
  const portText = ref.port?.name ?? String(ref.port?.number);
  if (!sp) return { ok: false, status: 503, reason: `service "${namespace}/${ref.name}" does not have port ${portText}` };
  const mine = slices.filter(
    (s) => (s.metadata.namespace ?? 'default') === namespace && s.metadata.labels?.['kubernetes.io/service-name'] === ref.name,
  );
  const upstreams = backendsFor(mine, sp.name ?? '', sp.protocol ?? 'TCP').filter((b) => b.ready);
  if (upstreams.length === 0) return { ok: false, status: 503, reason: `service "${namespace}/${ref.name}" does not have any active endpoint` };
  return { ok: true, service: `${namespace}/${ref.name}`, servicePort: sp.port, portName: sp.name ?? '', upstreams };
}
