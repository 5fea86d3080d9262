/**
 * `importAuditLog(text, file)`: a real API server audit log becomes a Trace
 * that every view, diff and export understands.
 *
 * Mapping (documented in docs/workflows.md):
 * - components: `client:<user>` per distinct effective user (the impersonated
 *   user when there is one), `kube-apiserver`, and `etcd` when a write
 *   succeeded (etcd hops are inferred: the audit log does not record storage);
 * - events per request: the request (verb, method, path, resource), an
 *   authentication phase, an impersonation check when the log shows one, an
 *   authorization phase (denied on 403), the inferred etcd round trip for
 *   successful writes, and the response with its status code;
 * - steps: consecutive requests of the same user less than STEP_GAP_MS apart;
 * - time: ms since the first request was received.
 */
import type { Diagnostic } from '../common/diagnostic.ts';
import { sha256 } from '../common/hash.ts';
import { eventId, eventSignature } from './signature.ts';
import { fail, ok, type Result } from '../common/result.ts';
import { parseAuditLog, type AuditRequest } from './audit-parse.ts';
import type { Component, ResourceRef, Trace, TraceEvent, TraceStep } from './types.ts';
import { TRACE_FORMAT, TRACE_VERSION } from './types.ts';

/** Requests of one user further apart than this start a new step. */
export const STEP_GAP_MS = 5000;

const APISERVER = 'kube-apiserver';
const ETCD = 'etcd';
const WRITES = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);
const METHODS: Record<string, TraceEvent['method']> = {
  get: 'GET',
  list: 'GET',
  watch: 'GET',
  create: 'POST',
  update: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
  deletecollection: 'DELETE',
};
const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Audit logs do not record the server's version: the profile assumed unless `--kubernetes` says otherwise. */
export const DEFAULT_AUDIT_KUBERNETES = '1.31';

export interface ImportOptions {
  /** Report bad lines as warnings and import the rest, instead of failing. */
  lenient?: boolean;
  /** The cluster's Kubernetes version (`1.29`), for the trace header. */
  kubernetes?: string;
}

export function importAuditLog(text: string, file: string, opts: ImportOptions = {}): Result<Trace> {
  const parsed = parseAuditLog(text, file);
  let warnings: Diagnostic[] = [];
  if (parsed.diagnostics.length > 0) {
    if (!opts.lenient) return fail(parsed.diagnostics);
    warnings = parsed.diagnostics.map((d) => ({ ...d, severity: 'warning' as const }));
  }
  if (parsed.requests.length === 0) {
    return fail([...parsed.diagnostics, { code: 'audit-empty', severity: 'error', message: 'the audit log contains no audit events', file }]);
  }
  const kubernetes = opts.kubernetes ?? DEFAULT_AUDIT_KUBERNETES;
  if (!/^\d+\.\d+$/.test(kubernetes)) {
    return fail([{ code: 'usage', severity: 'error', message: `--kubernetes must look like 1.31, got "${kubernetes}"`, file: '<command line>' }]);
  }
  return ok(buildTrace(parsed.requests, text, file, kubernetes, opts.kubernetes === undefined), warnings);
}

function effectiveUser(r: AuditRequest): string {
  return (r.impersonatedUser ?? r.user).username;
}

function resultOf(code: number | undefined): TraceEvent['result'] {
  if (code === undefined || (code >= 200 && code < 400)) return 'ok';
  if (code === 401 || code === 403) return 'denied';
  if (code === 404) return 'not-found';
  if (code === 409) return 'conflict';
  if (code === 400 || code === 422) return 'invalid';
  if (code === 503 || code === 504 || code === 429) return 'unavailable';
  return 'error';
}

function resourceRef(r: AuditRequest): ResourceRef | undefined {
  const o = r.objectRef;
  if (!o?.resource) return undefined;
  const apiVersion = o.apiGroup ? `${o.apiGroup}/${o.apiVersion ?? 'v1'}` : o.apiVersion;
  return {
    ...(apiVersion ? { apiVersion } : {}),
    kind: o.resource,
    resource: o.resource,
    ...(o.namespace ? { namespace: o.namespace } : {}),
    ...(o.name ? { name: o.name } : {}),
    ...(o.subresource ? { subresource: o.subresource } : {}),
  };
}

function what(r: AuditRequest): string {
  const o = r.objectRef;
  if (!o?.resource) return r.requestURI.split('?')[0]!;
  const res = o.subresource ? `${o.resource}/${o.subresource}` : o.resource;
  return `${res}${o.name ? ` ${o.name}` : ''}${o.namespace ? ` -n ${o.namespace}` : ''}`;
}

/** Built-in resources are stored as /registry/<resource>/<namespace>/<name> (group not part of the key). */
function etcdKey(r: AuditRequest): string {
  const o = r.objectRef!;
  return ['/registry', o.resource, o.namespace, o.name].filter(Boolean).join('/');
}

/** Accumulates events with ids and signatures exactly as the trace format defines them. */
class Recorder {
  readonly events: TraceEvent[] = [];
  private readonly seen = new Map<string, number>();
  add(e: Omit<TraceEvent, 'seq' | 'id' | 'sig'>): TraceEvent {
    const sig = eventSignature(e);
    const n = (this.seen.get(sig) ?? 0) + 1;
    this.seen.set(sig, n);
    const event: TraceEvent = { seq: this.events.length, id: eventId(sig, n), sig, ...e };
    this.events.push(event);
    return event;
  }
}

function requestEvents(rec: Recorder, r: AuditRequest, step: number, t0: number): void {
  const client = `client:${effectiveUser(r)}`;
  const t = r.receivedMs - t0;
  const tEnd = Math.max(t, (r.completedMs ?? r.receivedMs) - t0);
  const resource = resourceRef(r);
  const [path, query] = r.requestURI.split('?', 2) as [string, string | undefined];
  const result = resultOf(r.code);
  const attrs: Record<string, string | number | boolean> = { auditID: r.auditID };
  if (query) attrs.query = query;
  if (r.sourceIPs.length > 0) attrs.sourceIPs = r.sourceIPs.join(',');
  if (r.userAgent) attrs.userAgent = r.userAgent;
  if (r.impersonatedUser) attrs.impersonatedBy = r.user.username;
  const base = { t, step, ...(resource ? { resource } : {}) };
  const request = rec.add({
    ...base,
    type: 'request',
    from: client,
    to: APISERVER,
    verb: r.verb,
    ...(METHODS[r.verb] ? { method: METHODS[r.verb] } : {}),
    path,
    summary: `${r.verb} ${what(r)}`,
    cause: null,
    attrs: sortAttrs(attrs),
  });
  const phase = (p: 'authentication' | 'authorization' | 'other', summary: string, detail: string, denied: boolean, cause: string) =>
    rec.add({ ...base, type: 'phase', from: APISERVER, to: APISERVER, phase: p, summary, detail, result: denied ? 'denied' : 'ok', cause });
  const u = r.user.username;
  // Like the model: every handler-chain phase and the storage call are caused by the request itself.
  if (r.code === 401) phase('authentication', 'authentication failed', 'The API server rejects the credentials: 401 Unauthorized', true, request.id);
  else phase('authentication', `authenticated ${u}`, `The API server authenticates ${u}`, false, request.id);
  if (r.code !== 401 && r.impersonatedUser) {
    const imp = r.impersonatedUser.username;
    // The impersonation filter sits between authentication and authorization.
    phase('other', `${u} impersonates ${imp}`, `The API server lets ${u} impersonate ${imp}`, false, request.id);
  }
  if (r.code !== 401) {
    const who = effectiveUser(r);
    const denied = r.code === 403;
    const action = `${r.verb} ${what(r)}`;
    const detail = denied
      ? `The API server denies ${who} the permission to ${action} (403 Forbidden)`
      : `The API server authorizes ${who} to ${action}`;
    phase('authorization', `${denied ? 'forbid' : 'allow'} ${action}`, detail, denied, request.id);
  }
  if (WRITES.has(r.verb) && result === 'ok' && r.objectRef?.resource) {
    const key = etcdKey(r);
    const op = r.verb === 'delete' || r.verb === 'deletecollection' ? 'delete' : 'put';
    const store = rec.add({ ...base, type: 'request', from: APISERVER, to: ETCD, verb: 'txn', etcd: { key, op: 'txn' }, summary: `${op} ${key}`, cause: request.id, attrs: { inferred: true } });
    rec.add({ ...base, type: 'response', from: ETCD, to: APISERVER, verb: 'txn', etcd: { key, op: 'txn' }, summary: `${op} ok`, result: 'ok', cause: store.id, attrs: { inferred: true } });
  }
  const code = r.code;
  rec.add({
    ...base,
    t: tEnd,
    type: 'response',
    from: APISERVER,
    to: client,
    verb: r.verb,
    ...(code !== undefined ? { status: code } : {}),
    result: r.stages.includes('Panic') ? 'error' : result,
    summary: code !== undefined ? `${code} ${STATUS_TEXT[code] ?? ''}`.trim() : r.stages.includes('Panic') ? 'panic' : 'no response recorded',
    ...(r.message ? { detail: `The API server answers ${code ?? ''} ${r.reason ?? ''}: ${r.message}`.replace(/\s+/g, ' ') } : {}),
    cause: request.id,
  });
}

function sortAttrs(a: Record<string, string | number | boolean>): Record<string, string | number | boolean> {
  return Object.fromEntries(Object.entries(a).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}

/** Consecutive requests of one user, less than STEP_GAP_MS apart. */
function groupSteps(requests: AuditRequest[]): AuditRequest[][] {
  const groups: AuditRequest[][] = [];
  for (const r of requests) {
    const g = groups[groups.length - 1];
    const prev = g?.[g.length - 1];
    if (g && prev && effectiveUser(prev) === effectiveUser(r) && r.receivedMs - prev.receivedMs < STEP_GAP_MS) g.push(r);
    else groups.push([r]);
  }
  return groups;
}

function kubectlError(r: AuditRequest): string | undefined {
  if (r.code === undefined || r.code < 400) return undefined;
  return `Error from server (${r.reason ?? STATUS_TEXT[r.code] ?? r.code}): ${r.message ?? `${r.verb} ${what(r)} failed with ${r.code}`}`;
}

function buildTrace(requests: AuditRequest[], text: string, file: string, kubernetes: string, assumed: boolean): Trace {
  const t0 = requests[0]!.receivedMs;
  const rec = new Recorder();
  const steps: TraceStep[] = [];
  groupSteps(requests).forEach((group, i) => {
    const number = i + 1;
    const first = rec.events.length;
    for (const r of group) requestEvents(rec, r, number, t0);
    const summaries = [...new Set(group.map((r) => `${r.verb} ${what(r)}`))];
    const errors = group.map(kubectlError).filter((e): e is string => Boolean(e));
    const user = effectiveUser(group[0]!);
    const more = group.length > 1 ? ` (+${group.length - 1} more request${group.length > 2 ? 's' : ''})` : '';
    steps.push({
      number,
      kind: 'kubectl',
      title: `${user}: ${summaries[0]}${more}`,
      command: summaries.length <= 3 ? summaries.join('; ') : `${summaries.slice(0, 3).join('; ')}; …`,
      as: user,
      ...(errors.length > 0 ? { error: errors.join('\n') } : {}),
      exitCode: errors.length > 0 ? 1 : 0,
      startMs: group[0]!.receivedMs - t0,
      endMs: Math.max(...group.map((r) => (r.completedMs ?? r.receivedMs) - t0)),
      events: { first, last: rec.events.length - 1 },
      expectations: [],
    });
  });
  const users = [...new Set(requests.map(effectiveUser))];
  const wrote = rec.events.some((e) => e.to === ETCD);
  const components: Component[] = [
    ...users.map((u): Component => ({ id: `client:${u}`, kind: 'client', name: u, host: null, group: 'client' })),
    { id: APISERVER, kind: 'apiserver', name: 'kube-apiserver', host: 'control-plane', group: 'control-plane' },
    ...(wrote ? [{ id: ETCD, kind: 'etcd', name: 'etcd', host: 'control-plane', group: 'control-plane' } satisfies Component] : []),
  ];
  const name = file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || 'audit';
  const digest = sha256(text);
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    header: {
      scenario: {
        name,
        title: `Audit log: ${name}`,
        description: `Imported from the API server audit log \`${file}\`: ${requests.length} requests by ${users.length} user${users.length === 1 ? '' : 's'}.`,
        source: file,
      },
      digest,
      inputs: [{ path: file, sha256: digest }],
      kubernetes,
      seed: 0,
      origin: 'audit-log',
      cluster: { apiServers: 1, etcdMembers: wrote ? 1 : 0, proxyMode: 'unknown', nodes: 0 },
    },
    hosts: [{ id: 'control-plane', name: 'control-plane', role: 'control-plane' }],
    components,
    steps,
    events: rec.events,
    outcome: { objects: [], pods: [], nodes: [], kubeEvents: [], expectations: [], passed: true },
    simplifications: [
      'Events come from an API server audit log: authentication and authorization phases are inferred from the recorded user, impersonation and response code.',
      'etcd hops are inferred for successful writes; the audit log does not record storage.',
      `Steps group consecutive requests by the same user less than ${STEP_GAP_MS / 1000} s apart.`,
      'Times are milliseconds since the first request was received, from the audit timestamps.',
      ...(assumed ? [`Audit logs do not record the Kubernetes version; ${kubernetes} is assumed (import with --kubernetes to set it).`] : []),
    ],
  };
}
