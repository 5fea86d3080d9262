/**
 * Content signature of a trace event: a short hash of what the event *is*
 * (who talked to whom, about what, with which result), never of when it
 * happened, which revision it produced or what caused it. Two traces can be
 * aligned on signatures even when unrelated events are added before.
 */
import { canonicalJson, shortHash } from '../common/hash.ts';
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
  // The same bytes as JSON.stringify of the signed fields with their keys in
  // sorted order (undefined members dropped), concatenated directly: no
  // object is built and only the strings go through JSON.stringify (for
  // their escaping). Checked against eventSignature in test/trace/signature.test.ts.
  let s = '{';
  if (action !== undefined) s += '"action":' + JSON.stringify(action) + ',';
  s += '"from":' + JSON.stringify(from) + ',';
  if (method !== undefined) s += '"method":' + JSON.stringify(method) + ',';
  if (path !== undefined) s += '"path":' + JSON.stringify(path) + ',';
  if (phase !== undefined) s += '"phase":' + JSON.stringify(phase) + ',';
  if (resource !== undefined) {
    const r = resource;
    let o = '';
    if (r.apiVersion !== undefined) o += ',"apiVersion":' + JSON.stringify(r.apiVersion);
    if (r.kind !== undefined) o += ',"kind":' + JSON.stringify(r.kind);
    if (r.name !== undefined) o += ',"name":' + JSON.stringify(r.name);
    if (r.namespace !== undefined) o += ',"namespace":' + JSON.stringify(r.namespace);
    if (r.resource !== undefined) o += ',"resource":' + JSON.stringify(r.resource);
    if (r.subresource !== undefined) o += ',"subresource":' + JSON.stringify(r.subresource);
    s += '"resource":{' + o.slice(1) + '},';
  }
  if (result !== undefined) s += '"result":' + JSON.stringify(result) + ',';
  if (status !== undefined) s += '"status":' + JSON.stringify(status) + ',';
  s += '"summary":' + JSON.stringify(summary) + ',"to":' + JSON.stringify(to) + ',"type":' + JSON.stringify(type);
  if (verb !== undefined) s += ',"verb":' + JSON.stringify(verb);
  return shortHash(s + '}');
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
  return `${sig}.${occurrence}`;
}
