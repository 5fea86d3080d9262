/**
 * What every simulated component shares: simulated time, the trace recorder,
 * the API server it talks to, seeded randomness and the behaviour profile.
 * Components never reach into each other; they talk through the API server.
 */
import { Prng } from '../../common/prng.ts';
import type { Recorder } from '../../trace/recorder.ts';
import type { ApiServer } from '../apiserver/server.ts';
import type { Identity } from '../apiserver/identity.ts';
import type { ApiRequest, ApiResponse } from '../apiserver/types.ts';
import type { Clock } from '../kernel/clock.ts';
import type { Etcd } from '../kernel/etcd.ts';
import { timestamp, type Obj } from '../core/object.ts';
import { resourceForKind } from '../core/resources.ts';
import { EventCorrelator } from './event-correlator.ts';

export interface World {
  clock: Clock;
  rec: Recorder;
  api: ApiServer;
  etcd: Etcd<Obj>;
  seed: number;
  /** Behaviour profile, e.g. "1.31". */
  kubernetes: string;
  prng(stream: string): Prng;
  /** Unique, deterministic sequence numbers (Event names). */
  nextSeq(): number;
}

export function createPrngs(seed: number): (stream: string) => Prng {
  const streams = new Map<string, Prng>();
  return (stream) => {
    let p = streams.get(stream);
    if (!p) streams.set(stream, (p = new Prng(seed, stream)));
    return p;
  };
}

/** Minor version of the profile as a number (1.31 → 31). */
export function minor(w: World): number {
  return Number(w.kubernetes.split('.')[1] ?? '31');
}

export type Call = Omit<ApiRequest, 'from' | 'who'>;

/**
 * PATCH <resource>/<name>/status: the one request shape every status writer
 * (kubelet, readiness prober, scheduler, taint manager) sends.
 */
export function statusPatch(
  resource: ApiRequest['resource'],
  target: { namespace?: string | undefined; name: string },
  patch: (live: Obj) => Obj | null,
  cause: string | null,
  note?: string,
): Call {
  return {
    verb: 'patch',
    resource,
    ...(target.namespace !== undefined ? { namespace: target.namespace } : {}),
    name: target.name,
    subresource: 'status',
    cause,
    ...(note !== undefined ? { note } : {}),
    patch,
  };
}

/** A client of the API server with a fixed identity (one per component). */
export class Client {
  constructor(
    readonly w: World,
    readonly component: string,
    readonly who: Identity,
  ) {}

  call(req: Call, done: (res: ApiResponse) => void = () => {}): void {
    // Built field by field (not `{ ...req, … }`): a spread-first literal gets a
    // new hidden class for nearly every request on Node 20, and this runs for
    // every API call of very large simulations. Undefined members stay out.
    const r: ApiRequest = { from: this.component, who: this.who, verb: req.verb, resource: req.resource, cause: req.cause };
    if (req.namespace !== undefined) r.namespace = req.namespace;
    if (req.name !== undefined) r.name = req.name;
    if (req.subresource !== undefined) r.subresource = req.subresource;
    if (req.body !== undefined) r.body = req.body;
    if (req.patch !== undefined) r.patch = req.patch;
    if (req.match !== undefined) r.match = req.match;
    if (req.propagationPolicy !== undefined) r.propagationPolicy = req.propagationPolicy;
    if (req.gracePeriodSeconds !== undefined) r.gracePeriodSeconds = req.gracePeriodSeconds;
    if (req.note !== undefined) r.note = req.note;
    if (req.server !== undefined) r.server = req.server;
    if (req.fieldValidation !== undefined) r.fieldValidation = req.fieldValidation;
    this.w.api.call(r, done);
  }

  /**
   * Records a Kubernetes Event about `about` as client-go's core/v1 event
   * recorder does (tools/record/event.go): the recorder's EventCorrelator
   * (event-correlator.ts) aggregates, counts and rate-limits it, then
   * recordEvent sends a PATCH of count, lastTimestamp and message when the
   * event is already in the recorder's cache (count > 1), else a POST; a
   * PATCH answered 404 (the Event was deleted) falls back to a POST, and the
   * server's answer updates the cache (UpdateState). A spam-filtered event is
   * not sent; `done` runs at once.
   */
  event(
    about: Obj,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    source: { component: string; host?: string },
    cause: string | null,
    done?: () => void,
    fieldPath?: string,
  ): void {
    const seq = this.w.nextSeq();
    const name = `${about.metadata.name}.${eventNameSuffix(this.w.clock.now(), seq)}`;
    const now = timestamp(this.w.clock.now());
    const ev: Obj = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: about.metadata.namespace ?? 'default' },
      involvedObject: {
        apiVersion: about.apiVersion,
        kind: about.kind,
        name: about.metadata.name,
        ...(about.metadata.namespace ? { namespace: about.metadata.namespace } : {}),
        uid: about.metadata.uid,
        resourceVersion: about.metadata.resourceVersion,
        ...(fieldPath ? { fieldPath } : {}),
      },
      reason,
      message,
      type,
      source,
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    };
    const correlator = recorderFor(this.w, this.component);
    const result = correlator.correlate(ev, now);
    if (result.skip) return void done?.();
    const event = result.event;
    const namespace = event.metadata.namespace ?? 'default';
    const recorded = (res: ApiResponse): void => {
      if (res.status >= 200 && res.status < 300 && res.object) correlator.updateState(res.object);
      done?.();
    };
    const create = (): void => {
      const body: Obj = { ...event, metadata: { ...event.metadata } };
      delete body.metadata.resourceVersion;
      this.call({ verb: 'create', resource: EVENT, namespace, body, cause, note: `(${reason})` }, recorded);
    };
    if (!result.update) return create();
    const count = event.count ?? 1;
    const lastTimestamp = event.lastTimestamp ?? now;
    const newMessage = event.message ?? message;
    this.call(
      {
        verb: 'patch',
        resource: EVENT,
        namespace,
        name: event.metadata.name,
        cause,
        note: `(${reason}) count ${count}`,
        patch: (live) => ({ ...live, count, lastTimestamp, message: newMessage }),
      },
      (res) => (res.status === 404 ? create() : recorded(res)),
    );
  }
}

const EVENT = resourceForKind('Event')!;

const recorders = new WeakMap<World, Map<string, EventCorrelator>>();

/**
 * The event correlator of recorder `component` (one per component id and
 * World, made on first use); an aggregate Event is named like any other
 * (`<involved>.<suffix>`).
 */
export function recorderFor(w: World, component: string): EventCorrelator {
  let byComponent = recorders.get(w);
  if (!byComponent) recorders.set(w, (byComponent = new Map()));
  let c = byComponent.get(component);
  if (!c) byComponent.set(component, (c = new EventCorrelator(() => w.clock.now(), (involved) => `${involved}.${eventNameSuffix(w.clock.now(), w.nextSeq())}`)));
  return c;
}

/** Every member of ApiRequest is set in Client.call: one added later without a line there fails to compile. */
const everyRequestMemberCopied: Exclude<keyof ApiRequest, 'from' | 'who' | 'verb' | 'resource' | 'cause' | 'namespace' | 'name' | 'subresource' | 'body' | 'patch' | 'match' | 'propagationPolicy' | 'gracePeriodSeconds' | 'note' | 'server' | 'fieldValidation'> extends never ? true : never = true;
void everyRequestMemberCopied;

/** 2^52: 0x180000000000000 is 0x18 of these. */
const P52 = 2 ** 52;

/**
 * The hex of now × 10^6 + seq + 0x180000000000000 (an Event's name suffix).
 * In doubles while now × 10^6 + seq is an exact integer (now below ~104 days):
 * its top bits are added to 0x18 and the 13 hex digits below 2^52 follow, the
 * same digits as the BigInt sum without a BigInt per Event; else the BigInt.
 */
export function eventNameSuffix(now: number, seq: number): string {
  const x = now * 1e6 + seq;
  if (!Number.isSafeInteger(x) || x < 0 || !Number.isSafeInteger(now) || !Number.isSafeInteger(seq)) {
    return (BigInt(now) * 1000000n + BigInt(seq) + 0x180000000000000n).toString(16);
  }
  const hi = 0x18 + Math.floor(x / P52);
  return hi.toString(16) + (x % P52).toString(16).padStart(13, '0');
}
