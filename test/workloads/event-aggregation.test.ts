/**
 * Repeated Kubernetes Events are merged as client-go's core/v1 recorder does
 * (k8s.io/client-go/tools/record/events_cache.go EventCorrelator, event.go
 * recordToSink/recordEvent): cases after events_cache_test.go
 * (TestEventCorrelator, TestEventAggregatorByReasonFunc, TestSpamFilter…) and
 * a crash-looping pod whose Events kubectl shows as "(xN over 10m)".
 */
import { describe, expect, it } from 'vitest';
import { AGGREGATE_MAX_EVENTS, EventCorrelator, aggregateKeys, eventKey, spamKey, type Correlated } from '../../src/cluster/components/event-correlator.ts';
import type { Obj } from '../../src/cluster/core/object.ts';
import { run } from './helpers.ts';

let made = 0;

function makeEvent(over: { reason?: string; message?: string; type?: string; name?: string; fieldPath?: string; host?: string } = {}): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${over.name ?? 'foo'}.${(++made).toString(16)}`, namespace: 'default' },
    involvedObject: { apiVersion: 'v1', kind: 'Pod', name: over.name ?? 'foo', namespace: 'default', uid: 'uid-1', ...(over.fieldPath ? { fieldPath: over.fieldPath } : {}) },
    reason: over.reason ?? 'BackOff',
    message: over.message ?? 'Back-off restarting failed container',
    type: over.type ?? 'Warning',
    source: { component: 'kubelet', host: over.host ?? 'worker-1' },
    count: 1,
    firstTimestamp: 'T0',
    lastTimestamp: 'T0',
    reportingComponent: 'kubelet',
    reportingInstance: over.host ?? 'worker-1',
  };
}

/** A correlator on a settable clock; sent events are echoed back as the server would (UpdateState). */
function harness() {
  let now = 0;
  let n = 0;
  const c = new EventCorrelator(
    () => now,
    (name) => `${name}.agg${++n}`,
  );
  const record = (e: Obj, stamp = `t${now}`): Correlated => {
    const r = c.correlate({ ...e, lastTimestamp: stamp, firstTimestamp: stamp }, stamp);
    if (!r.skip) c.updateState({ ...r.event, metadata: { ...r.event.metadata, resourceVersion: String(++n) } });
    return r;
  };
  return { c, record, advance: (ms: number) => void (now += ms) };
}

function sent(r: Correlated): Obj {
  if (r.skip) throw new Error('event was skipped');
  return r.event;
}

describe('EventCorrelator (events_cache.go)', () => {
  it('an identical event is the first one again with count + 1, its first name and firstTimestamp, and the new lastTimestamp (TestEventCorrelator "the-same-event-should-just-count")', () => {
    const h = harness();
    const first = h.record(makeEvent());
    expect(first).toMatchObject({ skip: false, update: false });
    const name = sent(first).metadata.name;
    h.advance(10_000);
    const second = sent(h.record(makeEvent()));
    h.advance(10_000);
    const third = h.record(makeEvent());
    expect(third).toMatchObject({ skip: false, update: true });
    expect(sent(third)).toMatchObject({ count: 3, firstTimestamp: 't0', lastTimestamp: 't20000', metadata: { name } });
    expect(second).toMatchObject({ count: 2, metadata: { name } });
  });

  it('a different message, reason, type, fieldPath or source host is another event (getEventKey)', () => {
    const base = makeEvent();
    for (const other of [makeEvent({ message: 'other' }), makeEvent({ reason: 'Failed' }), makeEvent({ type: 'Normal' }), makeEvent({ fieldPath: 'spec.containers{main}' }), makeEvent({ host: 'worker-2' })]) {
      expect(eventKey(other)).not.toBe(eventKey(base));
    }
    const h = harness();
    h.record(base);
    expect(h.record(makeEvent({ message: 'other' }))).toMatchObject({ skip: false, update: false, event: { count: 1 } });
    // the metadata name is not part of the key
    expect(eventKey(makeEvent())).toBe(eventKey(base));
  });

  it('events that differ only by message are combined from the 10th one in 10 minutes (TestEventAggregatorByReasonFunc, EventAggregate)', () => {
    const h = harness();
    const { aggregateKey } = aggregateKeys(makeEvent());
    expect(aggregateKeys(makeEvent({ message: 'x' })).aggregateKey).toBe(aggregateKey);
    for (let i = 1; i < AGGREGATE_MAX_EVENTS; i++) {
      expect(sent(h.record(makeEvent({ message: `m${i}` })))).toMatchObject({ message: `m${i}`, count: 1 });
      h.advance(1000);
    }
    const combined = h.record(makeEvent({ message: 'm10' }));
    expect(combined).toMatchObject({ skip: false, update: false, event: { message: '(combined from similar events): m10', count: 1 } });
    const name = sent(combined).metadata.name;
    expect(name).toMatch(/^foo\.agg\d+$/);
    expect(sent(combined).reportingComponent).toBeUndefined();
    h.advance(1000);
    // the next new message updates the combined event (keyed by the aggregate key), with its message
    const next = h.record(makeEvent({ message: 'm11' }));
    expect(next).toMatchObject({ skip: false, update: true, event: { message: '(combined from similar events): m11', count: 2, metadata: { name } } });
  });

  it('similar events more than 10 minutes apart start a new aggregation window', () => {
    const h = harness();
    for (let i = 1; i < AGGREGATE_MAX_EVENTS; i++) {
      h.record(makeEvent({ message: `m${i}` }));
      h.advance(601_000);
    }
    expect(sent(h.record(makeEvent({ message: 'm10' }))).message).toBe('m10');
  });

  it('a source may send 25 events about an object at once, then 1 per 300 s (EventSourceObjectSpamFilter, TestSpamFilter)', () => {
    const h = harness();
    expect(spamKey(makeEvent({ reason: 'A' }))).toBe(spamKey(makeEvent({ reason: 'B', message: 'x' })));
    const results = Array.from({ length: 27 }, (_, i) => h.record(makeEvent({ reason: `R${i % 3}` })));
    expect(results.filter((r) => r.skip)).toHaveLength(2);
    expect(results[24]!.skip).toBe(false);
    expect(results[25]!.skip).toBe(true);
    h.advance(299_000);
    expect(h.record(makeEvent()).skip).toBe(true);
    h.advance(1_000);
    // one token refilled after 300 s (qps is float32(1/300), slightly above 1/300)
    const refilled = h.record(makeEvent({ reason: 'R1' }));
    expect(refilled.skip).toBe(false);
    // the skipped R1 (the 26th) was counted anyway (eventObserve runs before the filter): 8 sent, 1 skipped, then this one
    expect(sent(refilled).count).toBe(10);
    expect(h.record(makeEvent()).skip).toBe(true);
    // another object has its own bucket
    expect(h.record(makeEvent({ name: 'bar' })).skip).toBe(false);
  });
});

const CRASH = `kubescene: v1
name: crash
seed: 0
cluster:
  kubernetes: "1.31"
  nodes:
    - { name: worker-1, images: ["busybox:1.36"] }
files:
  pod.yaml: |
    apiVersion: v1
    kind: Pod
    metadata: { name: crash }
    spec:
      containers:
        - { name: main, image: "busybox:1.36", command: ["sh", "-c", "exit 1"] }
steps:
  - kubectl: apply -f pod.yaml
  - advance: 10m
  - kubectl: describe pod crash
  - kubectl: events --for pod/crash
  - kubectl: get events -o jsonpath='{range .items[*]}{.reason} {.count} {.firstTimestamp} {.lastTimestamp}{"\\n"}{end}'
  - kubectl: get pods
    expect:
      - event: { reason: Started, object: pod/crash, count: 7 }
      - event: { reason: BackOff, object: pod/crash, count: 1 }
`;

describe('a crash-looping pod: repeated kubelet Events are one Event each, counted', () => {
  const t = run(CRASH);
  const output = (i: number): string => t.steps[i]?.output ?? '';

  it('one Event object per distinct event, with its count', () => {
    const kube = t.outcome.kubeEvents.filter((e) => e.object === 'default/Pod/crash');
    expect(kube.map((e) => `${e.reason} x${e.count}`)).toEqual(['Scheduled x1', 'Pulled x7', 'Created x7', 'Started x7', 'BackOff x6']);
  });

  it('repeats are PATCHes of the first Event, not new POSTs (event.go recordEvent)', () => {
    const writes = t.events.filter((e) => e.type === 'request' && e.resource?.kind === 'Event' && e.from.startsWith('kubelet'));
    expect(writes.filter((e) => e.verb === 'create')).toHaveLength(4);
    for (const p of writes.filter((e) => e.verb === 'patch')) expect(p.summary).toMatch(/^PATCH events \((Pulled|Created|Started|BackOff)\) count [2-7]$/);
    expect(writes.filter((e) => e.verb === 'patch')).toHaveLength(6 * 3 + 5);
  });

  it('count, firstTimestamp and lastTimestamp are stored on the Event', () => {
    expect(output(4)).toContain('BackOff 6 2025-01-01T00:00:');
    expect(output(4)).toMatch(/^Started 7 2025-01-01T00:00:00Z 2025-01-01T00:05:\d\dZ$/m);
  });

  it('an expect on an event counts occurrences, the sum of the matching Events\' counts', () => {
    const results = t.outcome.expectations.map((e) => [e.passed, e.found]);
    expect(results).toEqual([
      [true, '1 matching event(s), 7 occurrences, e.g. Started: Started container main'],
      [false, expect.stringMatching(/^1 matching event\(s\), 6 occurrences, e\.g\. BackOff: Back-off restarting failed container main/)],
    ]);
  });

  it('kubectl describe and kubectl events print the count form "(x7 over 10m)" (DescribeEvents)', () => {
    expect(output(2)).toMatch(/Normal {3}Started {4}\S+ \(x7 over 10m\) {2}kubelet/);
    expect(output(2)).toMatch(/Warning {2}BackOff {4}\S+ \(x6 over 10m\)/);
    expect(output(3)).toMatch(/\(x7 over 10m\) {3}Normal {4}Started/);
  });
});

describe('an Event deleted meanwhile: the PATCH of its count is answered 404 and the recorder POSTs it again (event.go recordEvent)', () => {
  const at30s = (extra: string): string => CRASH.replace(/  - advance: 10m\n[\s\S]*$/, `  - advance: 30s\n${extra}`);
  const first = run(at30s(''));
  const started = first.events.find((e) => e.type === 'request' && e.verb === 'create' && e.summary === 'POST events (Started)');
  const name = started?.resource?.name ?? '';
  const t = run(at30s(`  - kubectl: delete event ${name}\n  - advance: 5m\n`));

  it('the next Started is a PATCH answered 404, then a POST under the same name with the count the recorder had', () => {
    expect(name).toMatch(/^crash\.[0-9a-f]+$/);
    const deletedAt = t.events.find((e) => e.type === 'request' && e.verb === 'delete' && e.resource?.kind === 'Event')!.t;
    const after = t.events.filter((e) => e.type === 'request' && e.resource?.kind === 'Event' && e.resource.name === name && e.t > deletedAt);
    expect(after.slice(0, 2).map((e) => e.verb)).toEqual(['patch', 'create']);
    expect(t.events.filter((e) => e.type === 'response' && e.cause === after[0]!.id).map((e) => e.result)).toEqual(['not-found']);
    const kube = t.outcome.kubeEvents.filter((e) => e.reason === 'Started');
    expect(kube).toHaveLength(1);
    expect(kube[0]!.count).toBeGreaterThan(2);
  });
});
