/**
 * Builds a recorded trace event in one object literal per common shape.
 *
 * An event has the identity fields (seq … to), then the optional fields its
 * input has, in the documented key order. Added one by one, the optional
 * fields went past the literal's in-object slots into a separate property
 * array, grown two or three times per event, through a chain of hidden-class
 * transitions: for every event of very large simulations, all kept to the end.
 * The shapes below (which optional fields are present) cover nearly every
 * event the model records (API requests and responses, etcd transactions,
 * watch events, phases, runtime actions); each is one literal, so its fields
 * sit in the object itself and all events of a shape share one hidden class.
 * Any other combination takes the field-by-field path. Both give the same
 * keys in the same order (test/trace/event-shapes.test.ts).
 */
import type { TraceEvent } from './types.ts';

/** The fields of an event besides its identity (seq, id, sig, t, step, type, from, to). */
export type EventFields = Pick<
  TraceEvent,
  'phase' | 'action' | 'verb' | 'method' | 'path' | 'resource' | 'etcd' | 'status' | 'result' | 'summary' | 'detail' | 'cause' | 'attrs'
>;

// One bit per optional field.
const PHASE = 1;
const ACTION = 2;
const VERB = 4;
const METHOD = 8;
const PATH = 16;
const RESOURCE = 32;
const ETCD = 64;
const STATUS = 128;
const RESULT = 256;
const DETAIL = 512;
const ATTRS = 1024;

/**
 * The event, its keys in the documented order: the identity fields, then
 * those of phase … attrs that are not undefined (summary and cause always).
 * `attrs` is taken as given (the recorder passes its own sorted copy).
 */
export function buildEvent(
  seq: number,
  id: string,
  sig: string,
  t: number,
  step: number,
  type: TraceEvent['type'],
  from: string,
  to: string,
  phase: TraceEvent['phase'],
  action: string | undefined,
  verb: string | undefined,
  method: TraceEvent['method'],
  path: string | undefined,
  resource: TraceEvent['resource'],
  etcd: TraceEvent['etcd'],
  status: number | undefined,
  result: TraceEvent['result'],
  summary: string,
  detail: string | undefined,
  cause: string | null,
  attrs: TraceEvent['attrs'],
): TraceEvent {
  const shape =
    (phase !== undefined ? PHASE : 0) |
    (action !== undefined ? ACTION : 0) |
    (verb !== undefined ? VERB : 0) |
    (method !== undefined ? METHOD : 0) |
    (path !== undefined ? PATH : 0) |
    (resource !== undefined ? RESOURCE : 0) |
    (etcd !== undefined ? ETCD : 0) |
    (status !== undefined ? STATUS : 0) |
    (result !== undefined ? RESULT : 0) |
    (detail !== undefined ? DETAIL : 0) |
    (attrs !== undefined ? ATTRS : 0);
  switch (shape) {
    // An etcd request, and its response.
    case VERB | ETCD:
      return { seq, id, sig, t, step, type, from, to, verb, etcd, summary, cause };
    case VERB | ETCD | RESULT:
      return { seq, id, sig, t, step, type, from, to, verb, etcd, result, summary, cause };
    // An API request, and its response.
    case VERB | METHOD | PATH | RESOURCE:
      return { seq, id, sig, t, step, type, from, to, verb, method, path, resource, summary, cause };
    case VERB | METHOD | RESOURCE | STATUS | RESULT:
      return { seq, id, sig, t, step, type, from, to, verb, method, resource, status, result, summary, cause };
    // A watch event.
    case VERB | RESOURCE | ATTRS:
      return { seq, id, sig, t, step, type, from, to, verb, resource, summary, cause, attrs };
    // A handler-chain or scheduler phase.
    case PHASE:
      return { seq, id, sig, t, step, type, from, to, phase, summary, cause };
    case PHASE | ATTRS:
      return { seq, id, sig, t, step, type, from, to, phase, summary, cause, attrs };
    // A runtime action (CRI calls, CNI, sandboxes, containers).
    case ACTION:
      return { seq, id, sig, t, step, type, from, to, action, summary, cause };
    case ACTION | ATTRS:
      return { seq, id, sig, t, step, type, from, to, action, summary, cause, attrs };
    case ACTION | RESULT | ATTRS:
      return { seq, id, sig, t, step, type, from, to, action, result, summary, cause, attrs };
    default:
      return buildEventByField(seq, id, sig, t, step, type, from, to, { phase, action, verb, method, path, resource, etcd, status, result, summary, detail, cause, attrs });
  }
}

/** The general path (and the reference the shapes are tested against): field by field, undefined ones left out. */
export function buildEventByField(
  seq: number,
  id: string,
  sig: string,
  t: number,
  step: number,
  type: TraceEvent['type'],
  from: string,
  to: string,
  f: EventFields,
): TraceEvent {
  const ev = { seq, id, sig, t, step, type, from, to } as TraceEvent;
  if (f.phase !== undefined) ev.phase = f.phase;
  if (f.action !== undefined) ev.action = f.action;
  if (f.verb !== undefined) ev.verb = f.verb;
  if (f.method !== undefined) ev.method = f.method;
  if (f.path !== undefined) ev.path = f.path;
  if (f.resource !== undefined) ev.resource = f.resource;
  if (f.etcd !== undefined) ev.etcd = f.etcd;
  if (f.status !== undefined) ev.status = f.status;
  if (f.result !== undefined) ev.result = f.result;
  ev.summary = f.summary;
  if (f.detail !== undefined) ev.detail = f.detail;
  ev.cause = f.cause;
  if (f.attrs !== undefined) ev.attrs = f.attrs;
  return ev;
}
