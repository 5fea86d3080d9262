/**
 * client-go's EventCorrelator (k8s.io/client-go/tools/record/events_cache.go),
 * which every core/v1 event recorder runs before it writes an Event:
 *
 * 1. EventAggregator.EventAggregate: events that differ only by message
 *    (same source, involvedObject, type, reason, reporting controller and
 *    instance: EventAggregatorByReasonFunc) are counted per 10-minute window;
 *    from the 10th distinct message on, the event becomes a new one whose
 *    message is "(combined from similar events): <message>", keyed by the
 *    aggregate key so that later ones update it.
 * 2. eventLogger.eventObserve: an event whose key is in the cache takes the
 *    cached name and firstTimestamp and count + 1, and is sent as a PATCH of
 *    count, lastTimestamp and message (event.go recordEvent); otherwise a POST.
 * 3. EventSourceObjectSpamFilter.Filter: a token bucket per source + object +
 *    type (getSpamKey; burst 25, refill 1 every 300 s) drops what exceeds it —
 *    after eventObserve has already counted the event, as upstream.
 *
 * One correlator per recorder: a broadcaster's StartRecordingToSink makes one
 * (event.go), and each controller of kube-controller-manager, each kubelet,
 * the CSI sidecars… builds its own broadcaster. In the model a recorder is a
 * component id of one World (`recorderFor` in world.ts). All caches are LRUs of 4096
 * entries (maxLruCacheEntries), as k8s.io/utils/lru.
 */
import type { Obj } from '../core/object.ts';

/** events_cache.go constants. */
export const MAX_LRU_CACHE_ENTRIES = 4096;
export const AGGREGATE_MAX_EVENTS = 10;
export const AGGREGATE_INTERVAL_MS = 600_000;
export const SPAM_BURST = 25;
/** defaultSpamQPS is a float32 in Go (1/300 → 0.0033333334): refills are computed with that value. */
export const SPAM_QPS = Math.fround(1 / 300);

/**
 * A least-recently-used cache (k8s.io/utils/lru over groupcache's lru: Get and Add move the key to the front).
 * The Map's insertion order is the recency order (oldest first). The correlator
 * gets a key and then adds the same one, so the key most recently moved is
 * remembered: moving it again would leave the order as it is, and a Map
 * delete + set (a hole in the Map's table and a new entry, for every event
 * three times) is skipped.
 *
 * The oldest key is found by one iterator kept for the cache's life, not by a
 * new `keys()` per eviction: a Map keeps deleted entries as holes in
 * insertion order until it rehashes, and every eviction leaves one at the
 * front, so a fresh iterator walked past up to ~4,000 of them for each
 * eviction of a full cache (every new event key of a busy recorder). The kept
 * iterator is always just past the last key it returned; every key before it
 * was evicted or moved to the end (a Map iterator visits the entries added
 * after it started and skips the deleted ones), so its next key is the
 * oldest, and it walks each hole once.
 */
export class Lru<V> {
  private readonly map = new Map<string, V>();
  /** The most recently used key (the Map's last), when known. */
  private newest: string | undefined;
  /** Walks the keys oldest first; what it returned was evicted, so it never reaches the end while a key is left. */
  private readonly oldestFirst: Iterator<string> = this.map.keys();
  constructor(readonly max: number) {}

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined && key !== this.newest) {
      this.map.delete(key);
      this.map.set(key, v);
      this.newest = key;
    }
    return v;
  }

  add(key: string, value: V): void {
    if (key === this.newest) {
      // Already the most recent: a set in place keeps the order delete + set would give.
      this.map.set(key, value);
      return;
    }
    this.map.delete(key);
    this.map.set(key, value);
    this.newest = key;
    if (this.map.size > this.max) {
      const oldest = this.oldestFirst.next();
      if (!oldest.done) {
        this.map.delete(oldest.value);
        if (oldest.value === key) this.newest = undefined;
      }
    }
  }

  get size(): number {
    return this.map.size;
  }
}

/** getEventKey: source, involvedObject (with fieldPath), type, reason and message, joined without separator. */
export function eventKey(e: Obj): string {
  const o = e.involvedObject ?? {};
  return [e.source?.component, e.source?.host, o.kind, o.namespace, o.name, o.fieldPath, o.uid, o.apiVersion, e.type, e.reason, e.message].map((s) => s ?? '').join('');
}

/** getSpamKey: source, involvedObject (without fieldPath) and type. */
export function spamKey(e: Obj): string {
  const o = e.involvedObject ?? {};
  return [e.source?.component, e.source?.host, o.kind, o.namespace, o.name, o.uid, o.apiVersion, e.type].map((s) => s ?? '').join('');
}

/** EventAggregatorByReasonFunc: the aggregate key (everything but the message) and the local key (the message). */
export function aggregateKeys(e: Obj): { aggregateKey: string; localKey: string } {
  const o = e.involvedObject ?? {};
  const aggregateKey = [e.source?.component, e.source?.host, o.kind, o.namespace, o.name, o.uid, o.apiVersion, e.type, e.reason, e.reportingComponent, e.reportingInstance]
    .map((s) => s ?? '')
    .join('');
  return { aggregateKey, localKey: e.message ?? '' };
}

/** EventAggregatorByReasonMessageFunc. */
export function aggregateMessage(message: string): string {
  return `(combined from similar events): ${message}`;
}

interface AggregateRecord {
  /** Distinct messages seen in the window (insertion order). */
  localKeys: Set<string>;
  lastTimestamp: number;
}

interface EventLog {
  count: number;
  firstTimestamp: string;
  name: string;
  resourceVersion: string;
}

/** flowcontrol.NewTokenBucketPassiveRateLimiterWithClock over golang.org/x/time/rate: starts full. */
interface TokenBucket {
  tokens: number;
  last: number;
}

export type Correlated = { skip: true } | { skip: false; event: Obj; update: boolean };

export class EventCorrelator {
  private readonly aggregates = new Lru<AggregateRecord>(MAX_LRU_CACHE_ENTRIES);
  private readonly logs = new Lru<EventLog>(MAX_LRU_CACHE_ENTRIES);
  private readonly spam = new Lru<TokenBucket>(MAX_LRU_CACHE_ENTRIES);

  /**
   * @param now simulated time in ms (the recorder's clock)
   * @param aggregateName the name of an aggregate event made now for the involved object
   *   (`<name>.<hex UnixNano>` upstream)
   */
  constructor(
    private readonly now: () => number,
    private readonly aggregateName: (involvedName: string) => string,
  ) {}

  /** EventCorrelate: aggregate, observe (count), then filter. `update`: send as a PATCH (count > 1). */
  correlate(newEvent: Obj, stamp: string): Correlated {
    const { event: aggregated, key } = this.aggregate(newEvent, stamp);
    const observed = this.observe(aggregated, key);
    if (this.filter(observed)) return { skip: true };
    return { skip: false, event: observed, update: (observed.count ?? 1) > 1 };
  }

  /** UpdateState: the server's copy (name, resourceVersion, count) under its full event key. */
  updateState(event: Obj): void {
    this.logs.add(eventKey(event), {
      count: event.count ?? 0,
      firstTimestamp: event.firstTimestamp ?? '',
      name: event.metadata.name,
      resourceVersion: event.metadata.resourceVersion ?? '',
    });
  }

  /** EventAggregator.EventAggregate. */
  private aggregate(newEvent: Obj, stamp: string): { event: Obj; key: string } {
    const now = this.now();
    const fullKey = eventKey(newEvent);
    const { aggregateKey, localKey } = aggregateKeys(newEvent);
    let record = this.aggregates.get(aggregateKey);
    // No record, or the last similar event is more than 10 minutes old: a fresh one.
    if (!record || now - record.lastTimestamp > AGGREGATE_INTERVAL_MS) record = { localKeys: new Set(), lastTimestamp: 0 };
    record.localKeys.add(localKey);
    record.lastTimestamp = now;
    this.aggregates.add(aggregateKey, record);
    if (record.localKeys.size < AGGREGATE_MAX_EVENTS) return { event: newEvent, key: fullKey };
    // localKeys.PopAny(): Go pops an arbitrary member of the set (also in the cached record); the
    // model pops the oldest, so runs stay deterministic.
    const first = record.localKeys.values().next();
    if (!first.done) record.localKeys.delete(first.value);
    const involved = newEvent.involvedObject ?? {};
    const event: Obj = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: this.aggregateName(involved.name ?? ''), namespace: newEvent.metadata.namespace ?? 'default' },
      involvedObject: involved,
      reason: newEvent.reason ?? '',
      message: aggregateMessage(newEvent.message ?? ''),
      type: newEvent.type ?? 'Normal',
      ...(newEvent.source ? { source: newEvent.source } : {}),
      count: 1,
      firstTimestamp: stamp,
      lastTimestamp: stamp,
    };
    return { event, key: aggregateKey };
  }

  /** eventLogger.eventObserve. */
  private observe(newEvent: Obj, key: string): Obj {
    const event: Obj = { ...newEvent, metadata: { ...newEvent.metadata } };
    const last = this.logs.get(key);
    if (last && last.count > 0) {
      event.metadata.name = last.name;
      if (last.resourceVersion !== '') event.metadata.resourceVersion = last.resourceVersion;
      event.firstTimestamp = last.firstTimestamp;
      event.count = last.count + 1;
    }
    this.logs.add(key, { count: event.count ?? 1, firstTimestamp: event.firstTimestamp ?? '', name: event.metadata.name, resourceVersion: event.metadata.resourceVersion ?? '' });
    return event;
  }

  /** EventSourceObjectSpamFilter.Filter: true drops the event. */
  private filter(event: Obj): boolean {
    const now = this.now();
    const key = spamKey(event);
    const bucket = this.spam.get(key) ?? { tokens: SPAM_BURST, last: now };
    // rate.Limiter.reserveN (AllowN(now, 1)): advance refills for the time since the last
    // accepted event, at most to the burst; the state changes only when the token is taken.
    const tokens = Math.min(SPAM_BURST, bucket.tokens + (Math.max(0, now - bucket.last) / 1000) * SPAM_QPS) - 1;
    const accept = tokens >= 0;
    if (accept) {
      bucket.tokens = tokens;
      bucket.last = now;
    }
    this.spam.add(key, bucket);
    return !accept;
  }
}
