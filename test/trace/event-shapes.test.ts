import { describe, expect, it } from 'vitest';
import { buildEvent, buildEventByField, type EventFields } from '../../src/trace/event-shapes.ts';

/** A value for each optional field (all of them present when every bit of `mask` is set). */
const VALUES: Required<Omit<EventFields, 'summary' | 'cause'>> = {
  phase: 'validation',
  action: 'pull-image',
  verb: 'create',
  method: 'POST',
  path: '/api/v1/namespaces/default/pods',
  resource: { apiVersion: 'v1', kind: 'Pod', resource: 'pods', namespace: 'default', name: 'web-1' },
  etcd: { key: '/registry/pods/default/web-1', op: 'txn' },
  status: 201,
  result: 'ok',
  detail: 'a longer text',
  attrs: { a: 1, b: 'two' },
};
const OPTIONAL = Object.keys(VALUES) as (keyof typeof VALUES)[];

function fieldsOf(mask: number): EventFields {
  const f: EventFields = { summary: 's', cause: mask % 3 === 0 ? null : 'c.1' };
  OPTIONAL.forEach((k, i) => {
    if (mask & (1 << i)) (f as Record<string, unknown>)[k] = VALUES[k];
  });
  return f;
}

describe('buildEvent', () => {
  it('gives the field-by-field event, keys in the same order, for every combination of optional fields', () => {
    for (let mask = 0; mask < 1 << OPTIONAL.length; mask++) {
      const f = fieldsOf(mask);
      const fast = buildEvent(7, 'abc.1', 'abc', 42, 1, 'request', 'x', 'y', f.phase, f.action, f.verb, f.method, f.path, f.resource, f.etcd, f.status, f.result, f.summary, f.detail, f.cause, f.attrs);
      const ref = buildEventByField(7, 'abc.1', 'abc', 42, 1, 'request', 'x', 'y', f);
      expect(Object.keys(fast), `mask ${mask}`).toEqual(Object.keys(ref));
      expect(JSON.stringify(fast)).toBe(JSON.stringify(ref));
      expect(fast).toStrictEqual(ref);
    }
  });

  it('keeps the documented key order: identity, phase … result, summary, detail, cause, attrs', () => {
    const f = fieldsOf((1 << OPTIONAL.length) - 1);
    const ev = buildEvent(0, 'i', 's', 0, 1, 'response', 'a', 'b', f.phase, f.action, f.verb, f.method, f.path, f.resource, f.etcd, f.status, f.result, f.summary, f.detail, f.cause, f.attrs);
    expect(Object.keys(ev)).toEqual(['seq', 'id', 'sig', 't', 'step', 'type', 'from', 'to', 'phase', 'action', 'verb', 'method', 'path', 'resource', 'etcd', 'status', 'result', 'summary', 'detail', 'cause', 'attrs']);
  });
});
