/**
 * Content signature of a trace event: a short hash of what the event *is*
 * (who talked to whom, about what, with which result), never of when it
 * happened, which revision it produced or what caused it. Two traces can be
 * aligned on signatures even when unrelated events are added before.
 */
import { canonicalJson, shortHash, shortHashBytes } from '../common/hash.ts';
import type { TraceEvent } from './types.ts';

export type SignedFields = Pick<
  TraceEvent,
  'type' | 'from' | 'to' | 'verb' | 'method' | 'path' | 'resource' | 'phase' | 'action' | 'summary' | 'status' | 'result'
>;

export function eventSignature(e: SignedFields): string {
  return shortHash(signatureInput(e));
}

/**
 * `eventSignature` of the fields given one by one: the recorder reads each
 * field of an event once (its inputs come in dozens of shapes, so every read
 * is a megamorphic lookup) and hands them here, instead of both reading them.
 */
export function signatureOf(
  type: SignedFields['type'],
  from: string,
  to: string,
  verb: string | undefined,
  method: SignedFields['method'],
  path: string | undefined,
  resource: SignedFields['resource'],
  phase: SignedFields['phase'],
  action: string | undefined,
  summary: string,
  status: number | undefined,
  result: SignedFields['result'],
): string {
  // The canonical JSON's bytes, written straight into one reused byte buffer
  // and hashed from there: no signed-fields object, no JSON string, no UTF-8
  // copy of it. JSON.stringify built, then the hash flattened and copied,
  // about 1 KB of short-lived strings per event (a quarter of all the bytes a
  // large simulation allocates). A value the writer does not copy verbatim
  // (not a string of printable ASCII without `"` or `\`, a status that is not
  // an integer, an input longer than the buffer) takes the JSON.stringify
  // path, so the bytes, and the ids, are those of `signatureInput` always.
  pos = 0;
  ok = true;
  BUF[pos++] = 0x7b; // {
  if (action !== undefined) {
    key('"action":');
    str(action);
    key(',"from":');
  } else key('"from":');
  str(from);
  if (method !== undefined) {
    key(',"method":');
    str(method);
  }
  if (path !== undefined) {
    key(',"path":');
    str(path);
  }
  if (phase !== undefined) {
    key(',"phase":');
    str(phase);
  }
  const r = resource;
  if (r !== undefined) {
    key(',"resource":{');
    let comma = false;
    if (r.apiVersion !== undefined) {
      key('"apiVersion":');
      str(r.apiVersion);
      comma = true;
    }
    if (r.kind !== undefined) {
      key(comma ? ',"kind":' : '"kind":');
      str(r.kind);
      comma = true;
    }
    if (r.name !== undefined) {
      key(comma ? ',"name":' : '"name":');
      str(r.name);
      comma = true;
    }
    if (r.namespace !== undefined) {
      key(comma ? ',"namespace":' : '"namespace":');
      str(r.namespace);
      comma = true;
    }
    if (r.resource !== undefined) {
      key(comma ? ',"resource":' : '"resource":');
      str(r.resource);
      comma = true;
    }
    if (r.subresource !== undefined) {
      key(comma ? ',"subresource":' : '"subresource":');
      str(r.subresource);
    }
    BUF[pos++] = 0x7d; // }
  }
  if (result !== undefined) {
    key(',"result":');
    str(result);
  }
  if (status !== undefined) {
    key(',"status":');
    if (Number.isSafeInteger(status)) key(String(status));
    else ok = false;
  }
  key(',"summary":');
  str(summary);
  key(',"to":');
  str(to);
  key(',"type":');
  str(type);
  if (verb !== undefined) {
    key(',"verb":');
    str(verb);
  }
  BUF[pos++] = 0x7d; // }
  if (ok) return shortHashBytes((VIEWS[pos] ??= new Uint8Array(BUF.buffer, 0, pos)));
  const res =
    r === undefined
      ? undefined
      : { apiVersion: r.apiVersion, kind: r.kind, name: r.name, namespace: r.namespace, resource: r.resource, subresource: r.subresource };
  return shortHash(JSON.stringify({ action, from, method, path, phase, resource: res, result, status, summary, to, type, verb }));
}

/** signatureOf's byte buffer; an input longer than it (minus room for a key) takes the JSON.stringify path. */
const BUF = new Uint8Array(16_384);
const ROOM = BUF.length - 64;
let pos = 0;
/** VIEWS[n]: the first n bytes of BUF (made once per length, not once per event). */
const VIEWS: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(BUF.length + 1).fill(undefined);
/** Whether every value so far was written verbatim. */
let ok = true;

/** A key or other literal of the writer (ASCII, at most ~20 characters, so within ROOM's margin). */
function key(s: string): void {
  for (let i = 0; i < s.length; i++) BUF[pos++] = s.charCodeAt(i);
}

/** A JSON string value, when JSON.stringify would write its characters unescaped: printable ASCII except `"` and `\`. */
function str(s: unknown): void {
  if (!ok) return;
  if (typeof s !== 'string' || pos + s.length > ROOM) {
    ok = false;
    return;
  }
  BUF[pos++] = 0x22;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
      ok = false;
      return;
    }
    BUF[pos++] = c;
  }
  BUF[pos++] = 0x22;
}

/**
 * `canonicalJson` of the signed fields. Built with the keys already in sorted
 * order (JSON.stringify drops undefined members), which gives the same bytes
 * as canonicalJson without its recursive sort: this runs for every event of
 * 10,000-pod simulations.
 */
export function signatureInput(e: SignedFields): string {
  const r = e.resource;
  const resource =
    r === undefined
      ? undefined
      : { apiVersion: r.apiVersion, kind: r.kind, name: r.name, namespace: r.namespace, resource: r.resource, subresource: r.subresource };
  return JSON.stringify({
    action: e.action,
    from: e.from,
    method: e.method,
    path: e.path,
    phase: e.phase,
    resource,
    result: e.result,
    status: e.status,
    summary: e.summary,
    to: e.to,
    type: e.type,
    verb: e.verb,
  });
}

/** The reference definition (kept for tests): canonicalJson of the signed fields. */
export function canonicalSignatureInput(e: SignedFields): string {
  return canonicalJson({
    type: e.type,
    from: e.from,
    to: e.to,
    verb: e.verb,
    method: e.method,
    path: e.path,
    resource: e.resource,
    phase: e.phase,
    action: e.action,
    summary: e.summary,
    status: e.status,
    result: e.result,
  });
}

/** `<sig>.<n>`: the n-th (1-based) event with this signature in the trace. */
export function eventId(sig: string, occurrence: number): string {
  // `.<n>` made once per n below 4,096: one concatenation per id, not two and a number's string.
  if (occurrence < DOT_N.length) return sig + (DOT_N[occurrence] ??= `.${occurrence}`);
  return `${sig}.${occurrence}`;
}

const DOT_N: (string | undefined)[] = new Array<string | undefined>(4096).fill(undefined);
