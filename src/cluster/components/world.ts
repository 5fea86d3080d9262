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
   * Records a Kubernetes Event about `about` (as client-go's event recorder
   * does: a POST of a core/v1 Event).
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
    this.call(
      { verb: 'create', resource: resourceForKind('Event')!, namespace: ev.metadata.namespace, body: ev, cause, note: `(${reason})` },
      () => done?.(),
    );
  }
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
