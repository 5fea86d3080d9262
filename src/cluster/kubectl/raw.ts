/**
 * kubectl requests that do not go through the API server's storage path:
 * discovery (`GET /api`, `GET /apis`) and aggregated APIs (`metrics.k8s.io`,
 * served by metrics-server behind the API server). Recorded hop by hop:
 * kubectl → (load balancer) → API server: authentication, authorization,
 * then `serve` (which may proxy further) → the answer back to kubectl.
 */
import { LATENCY } from '../kernel/clock.ts';
import { authorize, type Attributes } from '../apiserver/rbac.ts';
import type { ResourceRef } from '../../trace/types.ts';
import { enterApi, leaveApi } from './api-hop.ts';
import type { Session } from './session.ts';
import { metricsServerInstalled } from '../components/metrics-server.ts';
import { RESOURCES } from '../core/resources.ts';
import type { World } from '../components/world.ts';

export interface RawRequest {
  method: 'GET' | 'POST';
  path: string;
  /** The API resource, for resource requests (aggregated APIs); absent for discovery. */
  resource?: ResourceRef;
  /** RBAC attributes; absent: a non-resource URL every authenticated user may GET (ClusterRole system:discovery). */
  authz?: Attributes;
  summary: string;
}

export interface Reply {
  status: number;
  summary: string;
  detail?: string;
}

/**
 * Sends `r` as kubectl; `serve` runs at the API server once the request is
 * authorized (`at`: the API server id, `cause`: the last event) and calls
 * `reply` when the answer is ready; `done` runs back at kubectl.
 */
export function rawRequest(s: Session, r: RawRequest, serve: (at: string, cause: string, reply: (x: Reply, cause: string) => void) => void, done: (x: Reply) => void): void {
  const { w } = s;
  const verb = r.authz?.verb ?? 'get';
  const entry = enterApi(w, { type: 'request', verb, method: r.method, path: r.path, ...(r.resource ? { resource: r.resource } : {}), summary: r.summary }, s.last);
  if (!entry) {
    s.error('The connection to the server was refused - did you specify the right host or port?');
    return w.clock.after(LATENCY.clientToApi, () => s.finish(1));
  }
  const api = entry.server;
  const answer = (x: Reply, cause: string): void => {
    const res = leaveApi(w, entry, { type: 'response', verb, method: r.method, ...(r.resource ? { resource: r.resource } : {}), status: x.status, result: x.status < 400 ? 'ok' : x.status === 403 ? 'denied' : 'error', summary: x.summary, ...(x.detail ? { detail: x.detail } : {}) }, cause);
    w.clock.after(LATENCY.clientToApi, () => {
      s.last = res;
      done(x);
    });
  };
  w.clock.after(LATENCY.clientToApi, () => {
    let last = w.rec.emit({ type: 'phase', from: api, to: api, phase: 'authentication', summary: `authenticated as "${s.who.user}"`, cause: entry.id });
    if (!r.authz) {
      last = w.rec.emit({ type: 'phase', from: api, to: api, phase: 'authorization', summary: `allowed: get ${r.path.replace(/\?.*$/, '')}`, result: 'ok', cause: last, attrs: { reason: 'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"' } });
      return serve(api, last, answer);
    }
    const a = r.authz;
    const cache = w.api.cache;
    const store = { roles: (n: string) => cache.list('Role', n), clusterRoles: () => cache.list('ClusterRole'), roleBindings: (n: string) => cache.list('RoleBinding', n), clusterRoleBindings: () => cache.list('ClusterRoleBinding') };
    const d = authorize(s.who, a, store);
    const what = `${a.verb} ${a.group ? `${a.resource}.${a.group}` : a.resource}${a.subresource ? `/${a.subresource}` : ''}`;
    last = w.rec.emit({ type: 'phase', from: api, to: api, phase: 'authorization', summary: d.allowed ? `allowed: ${what}` : `forbidden: ${s.who.user} cannot ${what}`, result: d.allowed ? 'ok' : 'denied', cause: last, attrs: { reason: d.reason } });
    if (!d.allowed) return answer({ status: 403, summary: '403 Forbidden', detail: d.reason }, last);
    serve(api, last, answer);
  });
}

/** kubectl's discovery of the API groups (ServerGroups): `GET /api`, then `GET /apis` (aggregated discovery). */
export function discover(s: Session, why: string, done: () => void): void {
  rawRequest(
    s,
    { method: 'GET', path: '/api', summary: `GET /api (discovery: ${why})` },
    (_at, cause, reply) => reply({ status: 200, summary: '200 OK APIVersions v1' }, cause),
    () =>
      rawRequest(
        s,
        { method: 'GET', path: '/apis', summary: `GET /apis (discovery: ${why})` },
        (_at, cause, reply) => reply({ status: 200, summary: '200 OK APIGroupList', detail: apiGroups(s.w).join(' ') }, cause),
        () => done(),
      ),
  );
}

/** The group/versions `GET /apis` lists: the model's, and metrics.k8s.io when metrics-server is installed. */
function apiGroups(w: World): string[] {
  const gvs = new Set([...RESOURCES, ...w.api.customResources()].filter((r) => r.group).map((r) => `${r.group}/${r.version}`));
  if (metricsServerInstalled(w)) gvs.add('metrics.k8s.io/v1beta1');
  return [...gvs].sort();
}
