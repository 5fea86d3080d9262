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
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Diagnostic } from '../common/diagnostic.ts';
import { sha256 } from '../common/hash.ts';
import { eventId, eventSignature } from './signature.ts';
import { OccurrenceTable } from './occurrences.ts';
import { fail, ok, type Result } from '../common/result.ts';
import { AuditLogReader, parseAuditLog, type AuditParse, type AuditRequest } from './audit-parse.ts';
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
  const checked = checkParse(parseAuditLog(text, file), file, opts);
  if (!checked.ok) return checked;
  const plan = planTrace(checked.value.requests, sha256(text), file, checked.value.kubernetes, opts.kubernetes === undefined);
  return ok({ ...plan.trace, steps: [...plan.steps()], events: [...plan.events()] }, checked.warnings);
}

/**
 * The streaming import of the CLI: the file is read line by line (only the
 * merged requests are kept), and the trace is written to `sink` piece by
 * piece, its steps and events generated as they are written (no array of
 * either), so a log of 100k requests runs in bounded memory.
 */
export async function importAuditFile(path: string, file: string, opts: ImportOptions, write: (trace: Trace) => Promise<void>): Promise<Result<{ steps: number; events: number }>> {
  const reader = new AuditLogReader(file);
  const hash = createHash('sha256');
  const input = createReadStream(path, { encoding: 'utf8' });
  input.on('data', (chunk) => hash.update(chunk as string, 'utf8'));
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  for await (const raw of lines) reader.add(raw, ++n);
  const checked = checkParse(reader.result(), file, opts);
  if (!checked.ok) return checked;
  const plan = planTrace(checked.value.requests, hash.digest('hex'), file, checked.value.kubernetes, opts.kubernetes === undefined);
  await write({ ...plan.trace, steps: readOnce(plan.stepCount, plan.steps()), events: readOnce(plan.count, plan.events()) });
  return ok({ steps: plan.stepCount, events: plan.count }, checked.warnings);
}

/**
 * A read-once array view of `count` generated items, for the trace writer
 * (io.ts traceChunks reads `length` and then each index in order): the
 * steps and events are produced while they are written and never held together.
 */
function readOnce<T>(count: number, items: Iterator<T>): T[] {
  let next = 0;
  return new Proxy([] as T[], {
    get(target, key, receiver) {
      if (key === 'length') return count;
      if (typeof key === 'string' && /^\d+$/.test(key)) {
        if (Number(key) !== next) throw new Error(`read-once events read out of order (${key}, expected ${next})`);
        next++;
        const r = items.next();
        if (r.done) throw new Error('read-once events ended early');
        return r.value;
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

/** Diagnostics of the parse (warnings with --lenient), an empty log, a log without responses, the version. */
function checkParse(parsed: AuditParse, file: string, opts: ImportOptions): Result<{ requests: AuditRequest[]; kubernetes: string }> {
  let warnings: Diagnostic[] = [];
  if (parsed.diagnostics.length > 0) {
    if (!opts.lenient) return fail(parsed.diagnostics);
    warnings = parsed.diagnostics.map((d) => ({ ...d, severity: 'warning' as const }));
  }
  if (parsed.requests.length === 0) {
    return fail([...parsed.diagnostics, { code: 'audit-empty', severity: 'error', message: 'the audit log contains no audit events', file }]);
  }
  const st = parsed.stages;
  if (st.ResponseComplete + st.ResponseStarted + st.Panic === 0) {
    // Only RequestReceived: the log says who asked for what, never what happened.
    const d: Diagnostic = {
      code: 'audit-no-response',
      severity: opts.lenient ? 'warning' : 'error',
      message: `all ${st.RequestReceived} audit events are RequestReceived: the log has no response, so no outcome (status, authorization, storage) can be shown`,
      file,
      start: { line: parsed.requests[0]!.line, column: 1 },
      hint: 'log the ResponseComplete stage (audit policy: omitStages: ["RequestReceived"] keeps one event per request); --lenient imports the requests without outcomes',
    };
    if (!opts.lenient) return fail([d]);
    warnings.push(d);
  }
  const kubernetes = opts.kubernetes ?? DEFAULT_AUDIT_KUBERNETES;
  if (!/^\d+\.\d+$/.test(kubernetes)) {
    return fail([{ code: 'usage', severity: 'error', message: `--kubernetes must look like 1.31, got "${kubernetes}"`, file: '<command line>' }]);
  }
  return ok({ requests: parsed.requests, kubernetes }, warnings);
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
  // Built key by key from a literal, never by `{ ...(…), kind }`: see Recorder.
  const ref: ResourceRef = apiVersion ? { apiVersion, kind: o.resource } : { kind: o.resource };
  ref.resource = o.resource;
  if (o.namespace) ref.namespace = o.namespace;
  if (o.name) ref.name = o.name;
  if (o.subresource) ref.subresource = o.subresource;
  return ref;
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

/** An event before the Recorder numbers it; keys set to `undefined` are left out of the event. */
type EventFields = Omit<TraceEvent, 'seq' | 'id' | 'sig'>;

/**
 * Gives events ids and signatures exactly as the trace format defines them
 * (numbered in order, not stored).
 *
 * Every event is a literal of one fixed shape per kind of event (absent
 * fields `undefined`), copied key by key, in order, behind `seq`, `id` and
 * `sig`. Not `{ ...base, type, from, … }`: on Node 20 (V8 11.3) an object
 * literal that starts with a spread gets a fresh hidden class (Map) for each
 * object, with its own descriptor array grown once per following key. That
 * is ~4 KB per event, and the garbage Maps, which only a full collection
 * frees, keep the young descriptor arrays alive through every scavenge: the
 * write phase of a 100k-line log promoted ~400 MB of garbage to the old
 * generation, which is what made the peak RSS (docs/performance.md).
 */
class Recorder {
  seq = 0;
  private readonly seen = new OccurrenceTable();
  add(e: EventFields): TraceEvent {
    const sig = eventSignature(e);
    const out = { seq: this.seq++, id: eventId(sig, this.seen.next(sig)), sig } as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      const value = e[key as keyof EventFields];
      if (value !== undefined) out[key] = value;
    }
    return out as unknown as TraceEvent; // EventFields' own keys behind seq, id, sig: a TraceEvent, built key by key (TS cannot pair each key with its value's type)
  }
}

/** Whether the log shows the API server answered (a response stage, or a panic). */
function answered(r: AuditRequest): boolean {
  return r.code !== undefined || r.stages.includes('Panic') || r.stages.includes('ResponseComplete') || r.stages.includes('ResponseStarted');
}

/** A successful write, which reached etcd (inferred): never for a request without a recorded response. */
function wroteEtcd(r: AuditRequest): boolean {
  return WRITES.has(r.verb) && r.code !== undefined && resultOf(r.code) === 'ok' && Boolean(r.objectRef?.resource);
}

/** How many events `requestEvents` yields for `r` (steps know their event ranges before the events are written). */
function eventCount(r: AuditRequest): number {
  if (!answered(r)) return 2;
  const authenticated = r.code !== 401;
  return 3 + (authenticated && r.impersonatedUser ? 1 : 0) + (authenticated ? 1 : 0) + (wroteEtcd(r) ? 2 : 0);
}

function* requestEvents(rec: Recorder, r: AuditRequest, step: number, t0: number): Generator<TraceEvent> {
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
  const request = rec.add({
    t,
    step,
    resource,
    type: 'request',
    from: client,
    to: APISERVER,
    verb: r.verb,
    method: METHODS[r.verb],
    path,
    summary: `${r.verb} ${what(r)}`,
    cause: null,
    attrs: sortAttrs(attrs),
  });
  yield request;
  const phase = (p: 'authentication' | 'authorization' | 'other', summary: string, detail: string, denied: boolean, cause: string) =>
    rec.add({ t, step, resource, type: 'phase', from: APISERVER, to: APISERVER, phase: p, summary, detail, result: denied ? 'denied' : 'ok', cause });
  const u = r.user.username;
  // Like the model: every handler-chain phase and the storage call are caused by the request itself.
  if (r.code === 401) yield phase('authentication', 'authentication failed', 'The API server rejects the credentials: 401 Unauthorized', true, request.id);
  else yield phase('authentication', `authenticated ${u}`, `The API server authenticates ${u}`, false, request.id);
  // Only RequestReceived: the request was authenticated (the audit filter runs after authentication); nothing more is known.
  if (!answered(r)) return;
  if (r.code !== 401 && r.impersonatedUser) {
    const imp = r.impersonatedUser.username;
    // The impersonation filter sits between authentication and authorization.
    yield phase('other', `${u} impersonates ${imp}`, `The API server lets ${u} impersonate ${imp}`, false, request.id);
  }
  if (r.code !== 401) {
    const who = effectiveUser(r);
    const denied = r.code === 403;
    const action = `${r.verb} ${what(r)}`;
    const detail = denied
      ? `The API server denies ${who} the permission to ${action} (403 Forbidden)`
      : `The API server authorizes ${who} to ${action}`;
    yield phase('authorization', `${denied ? 'forbid' : 'allow'} ${action}`, detail, denied, request.id);
  }
  if (wroteEtcd(r)) {
    const key = etcdKey(r);
    const op = r.verb === 'delete' || r.verb === 'deletecollection' ? 'delete' : 'put';
    const store = rec.add({ t, step, resource, type: 'request', from: APISERVER, to: ETCD, verb: 'txn', etcd: { key, op: 'txn' }, summary: `${op} ${key}`, cause: request.id, attrs: { inferred: true } });
    yield store;
    yield rec.add({ t, step, resource, type: 'response', from: ETCD, to: APISERVER, verb: 'txn', etcd: { key, op: 'txn' }, summary: `${op} ok`, result: 'ok', cause: store.id, attrs: { inferred: true } });
  }
  const code = r.code;
  yield rec.add({
    t: tEnd,
    step,
    resource,
    type: 'response',
    from: APISERVER,
    to: client,
    verb: r.verb,
    status: code,
    result: r.stages.includes('Panic') ? 'error' : result,
    summary: code !== undefined ? `${code} ${STATUS_TEXT[code] ?? ''}`.trim() : r.stages.includes('Panic') ? 'panic' : 'no response recorded',
    detail: r.message ? `The API server answers ${code ?? ''} ${r.reason ?? ''}: ${r.message}`.replace(/\s+/g, ' ') : undefined,
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

interface TracePlan {
  /** The trace without its steps and events (`steps: []`, `events: []`). */
  trace: Trace;
  /** How many steps and events `steps()` and `events()` generate. */
  stepCount: number;
  count: number;
  /** The steps, generated in order (call once). */
  steps: () => Generator<TraceStep>;
  /** The events, generated in order (call once). */
  events: () => Generator<TraceEvent>;
}

/** The step of one group of requests, whose events are `first`..`last`. */
function stepOf(group: AuditRequest[], number: number, first: number, last: number, t0: number): TraceStep {
  let endMs = -Infinity;
  const summaries = new Set<string>();
  const errors: string[] = [];
  for (const r of group) {
    // A loop, not Math.max(...): one user's step can hold 100k+ requests, more arguments than a call takes.
    endMs = Math.max(endMs, (r.completedMs ?? r.receivedMs) - t0);
    summaries.add(`${r.verb} ${what(r)}`);
    const e = kubectlError(r);
    if (e) errors.push(e);
  }
  const as = effectiveUser(group[0]!);
  const more = group.length > 1 ? ` (+${group.length - 1} more request${group.length > 2 ? 's' : ''})` : '';
  const shown = [...summaries].slice(0, 4);
  const title = `${as}: ${shown[0]}${more}`;
  const command = shown.length <= 3 ? shown.join('; ') : `${shown.slice(0, 3).join('; ')}; …`;
  const startMs = group[0]!.receivedMs - t0;
  const events = { first, last };
  // Two literals rather than `...(error ? { error } : {})`: the keys in the written order, no undefined members.
  return errors.length === 0
    ? { number, kind: 'kubectl', title, command, as, exitCode: 0, startMs, endMs, events, expectations: [] }
    : { number, kind: 'kubectl', title, command, as, error: errors.join('\n'), exitCode: 1, startMs, endMs, events, expectations: [] };
}

/**
 * Everything but the steps and events, which are generated while they are
 * written (the CLI) and never held together: for 100k lines, the 41k steps
 * alone were 19 MB of the live heap.
 */
function planTrace(requests: AuditRequest[], digest: string, file: string, kubernetes: string, assumed: boolean): TracePlan {
  const t0 = requests[0]!.receivedMs;
  const groups = groupSteps(requests);
  let count = 0;
  for (const r of requests) count += eventCount(r);
  const steps = function* (): Generator<TraceStep> {
    let first = 0;
    for (const [i, group] of groups.entries()) {
      let n = 0;
      for (const r of group) n += eventCount(r);
      yield stepOf(group, i + 1, first, first + n - 1, t0);
      first += n;
    }
  };
  const users = [...new Set(requests.map(effectiveUser))];
  const wrote = requests.some(wroteEtcd);
  const components: Component[] = [
    ...users.map((u): Component => ({ id: `client:${u}`, kind: 'client', name: u, host: null, group: 'client' })),
    { id: APISERVER, kind: 'apiserver', name: 'kube-apiserver', host: 'control-plane', group: 'control-plane' },
    ...(wrote ? [{ id: ETCD, kind: 'etcd', name: 'etcd', host: 'control-plane', group: 'control-plane' } satisfies Component] : []),
  ];
  const name = file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || 'audit';
  const events = function* (): Generator<TraceEvent> {
    const rec = new Recorder();
    for (const [i, group] of groups.entries()) for (const r of group) yield* requestEvents(rec, r, i + 1, t0);
  };
  const trace: Trace = {
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
    steps: [],
    events: [],
    outcome: { objects: [], pods: [], nodes: [], kubeEvents: [], expectations: [], passed: true },
    simplifications: [
      'Events come from an API server audit log: authentication and authorization phases are inferred from the recorded user, impersonation and response code.',
      'etcd hops are inferred for successful writes; the audit log does not record storage.',
      `Steps group consecutive requests by the same user less than ${STEP_GAP_MS / 1000} s apart.`,
      'Times are milliseconds since the first request was received, from the audit timestamps.',
      ...(assumed ? [`Audit logs do not record the Kubernetes version; ${kubernetes} is assumed (import with --kubernetes to set it).`] : []),
    ],
  };
  return { trace, stepCount: groups.length, count, steps, events };
}
