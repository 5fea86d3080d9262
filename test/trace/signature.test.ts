import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { canonicalSignatureInput, eventId, eventSignature, signatureInput, signatureOf } from '../../src/trace/signature.ts';
import { Recorder } from '../../src/trace/recorder.ts';
import { shortHash, shortHashBytes } from '../../src/common/hash.ts';

describe('event signatures and ids', () => {
  const e = {
    type: 'request' as const,
    from: 'kubectl',
    to: 'kube-apiserver',
    verb: 'create',
    method: 'POST' as const,
    path: '/apis/apps/v1/namespaces/default/deployments',
    resource: { resource: 'deployments', kind: 'Deployment', namespace: 'default', apiVersion: 'apps/v1', name: 'web' },
    summary: 'POST deployments',
  };

  it('the fast input is byte-identical to canonicalJson of the signed fields', () => {
    expect(signatureInput(e)).toBe(canonicalSignatureInput(e));
    const phase = { type: 'phase' as const, from: 'a', to: 'a', phase: 'authentication' as const, summary: 's', result: 'ok' as const, status: 200 };
    expect(signatureInput(phase)).toBe(canonicalSignatureInput(phase));
    expect(eventSignature(e)).toMatch(/^[0-9a-f]{12}$/);
  });

  it('ignores time, cause, revisions and attrs; depends on content', () => {
    let now = 0;
    const rec = new Recorder(() => now);
    const a = rec.emit({ ...e, cause: null, etcd: { key: '/k', op: 'put', revision: 5 }, attrs: { x: 1 } });
    now = 100;
    const b = rec.emit({ ...e, cause: a, etcd: { key: '/k', op: 'put', revision: 9 } });
    const c = rec.emit({ ...e, summary: 'POST deployments (2)', cause: null });
    const sig = eventSignature(e);
    expect([a, b]).toEqual([eventId(sig, 1), eventId(sig, 2)]);
    expect(c.startsWith(sig)).toBe(false);
    expect(rec.events.map((x) => x.t)).toEqual([0, 100, 100]);
    expect(Object.keys(rec.events[0]!.attrs!)).toEqual(['x']);
  });

  it('an unrelated event inserted earlier does not change later ids', () => {
    const run = (extra: boolean) => {
      const rec = new Recorder(() => 0);
      if (extra) rec.emit({ type: 'action', from: 'x', to: 'x', action: 'noise', summary: 'noise', cause: null });
      rec.emit({ ...e, cause: null });
      return rec.events.at(-1)!.id;
    };
    expect(run(true)).toBe(run(false));
  });

  it('signatureOf (fields one by one, as the recorder passes them) equals eventSignature on every event of a golden trace', () => {
    const trace = JSON.parse(readFileSync('test/trace/__golden__/architecture-overview.trace.json', 'utf8')) as { events: Parameters<typeof eventSignature>[0][] };
    expect(trace.events.length).toBeGreaterThan(100);
    for (const ev of trace.events) {
      const sig = signatureOf(ev.type, ev.from, ev.to, ev.verb, ev.method, ev.path, ev.resource, ev.phase, ev.action, ev.summary, ev.status, ev.result);
      expect(sig).toBe(eventSignature(ev));
      expect(sig).toBe((ev as { sig?: string }).sig);
    }
  });

  it('signatureOf writes the same bytes as JSON.stringify for values it must escape or cannot copy (fallback path)', () => {
    const odd = [
      'quote " inside',
      'back\\slash',
      'tab\there',
      'new\nline',
      'caf\u00e9 ünïcode → ✓',
      'lone \ud800 surrogate',
      'del \u007f char',
      'x'.repeat(20_000),
      '',
    ];
    const sig = (f: Parameters<typeof eventSignature>[0]) =>
      signatureOf(f.type, f.from, f.to, f.verb, f.method, f.path, f.resource, f.phase, f.action, f.summary, f.status, f.result);
    for (const v of odd) {
      for (const f of [
        { ...e, summary: v },
        { ...e, from: v },
        { ...e, path: v },
        { ...e, resource: { ...e.resource, name: v } },
        { type: 'action' as const, from: 'a', to: v, action: v, summary: 's' },
      ]) {
        expect(sig(f)).toBe(eventSignature(f));
        expect(sig(f)).toBe(shortHash(canonicalSignatureInput(f)));
      }
    }
    for (const status of [200, 0, -1, 1.5, Number.NaN, 2 ** 60]) {
      const f = { ...e, type: 'response' as const, status, result: 'ok' as const };
      expect(sig(f)).toBe(shortHash(canonicalSignatureInput(f)));
    }
    // A plain value after a fallback is written by the fast path again.
    expect(sig(e)).toBe(shortHash(canonicalSignatureInput(e)));
  });

  it('shortHashBytes is shortHash of the same ASCII bytes', () => {
    for (const text of ['', 'a', '{"from":"kubectl"}', 'z'.repeat(5000)]) {
      expect(shortHashBytes(new TextEncoder().encode(text))).toBe(shortHash(text));
    }
  });
});
