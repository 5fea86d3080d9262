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
  const r = resource;
  const res =
    r === undefined
      ? undefined
      : { apiVersion: r.apiVersion, kind: r.kind, name: r.name, namespace: r.namespace, resource: r.resource, subresource: r.subresource };
  return shortHash(JSON.stringify({ action, from, method, path, phase, resource: res, result, status, summary, to, type, verb }));
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
