import { describe, expect, it } from 'vitest';
import { DEFAULT_OTLP_START_MS, toOtlp, type OtlpJson, type OtlpSpan } from '../../src/trace/otlp.ts';
import { importAuditLog } from '../../src/trace/audit.ts';
import type { Trace } from '../../src/trace/types.ts';
import { readFileSync } from 'node:fs';
import { applyDeploymentTrace, failedSchedulingTrace, rbacDeniedTrace } from '../fixtures/traces/fixtures.ts';

function spans(o: OtlpJson): OtlpSpan[] {
  return o.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
}

/** What Jaeger and collectors rely on. */
function expectValid(o: OtlpJson, trace: Trace): void {
  const all = spans(o);
  const byId = new Map(all.map((s) => [s.spanId, s]));
  expect(byId.size).toBe(all.length); // span ids unique
  for (const s of all) {
    expect(s.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(BigInt(s.startTimeUnixNano)).toBeLessThanOrEqual(BigInt(s.endTimeUnixNano));
    for (const ev of s.events) {
      expect(BigInt(ev.timeUnixNano)).toBeGreaterThanOrEqual(BigInt(s.startTimeUnixNano));
      expect(BigInt(ev.timeUnixNano)).toBeLessThanOrEqual(BigInt(s.endTimeUnixNano));
    }
    if (s.parentSpanId) {
      const parent = byId.get(s.parentSpanId);
      expect(parent, `parent of ${s.name}`).toBeDefined();
      expect(parent!.traceId).toBe(s.traceId);
    }
  }
  for (const r of o.resourceSpans) expect(r.resource.attributes.find((a) => a.key === 'service.name')).toBeDefined();
  // every request became a span, every other event a span event (responses close their span)
  const requests = trace.events.filter((e) => e.type === 'request').length;
  expect(all.filter((s) => s.kind === 2).length).toBe(requests);
  expect(all.filter((s) => s.kind === 3).length).toBe(requests);
  const others = trace.events.filter((e) => e.type !== 'request' && e.type !== 'response').length;
  expect(all.reduce((n, s) => n + s.events.length, 0)).toBe(others);
}

describe('export-otlp', () => {
  it('produces valid, deterministic OTLP/JSON for the fixtures', () => {
    for (const t of [applyDeploymentTrace(), failedSchedulingTrace(), rbacDeniedTrace()]) {
      const o = toOtlp(t);
      expectValid(o, t);
      expect(JSON.stringify(toOtlp(t))).toBe(JSON.stringify(o));
    }
  });

  it('nests spans along the cause chain and carries HTTP and Kubernetes attributes', () => {
    const t = failedSchedulingTrace();
    const all = spans(toOtlp(t));
    const post = all.find((s) => s.name === 'POST pods' && s.kind === 2)!;
    const attrs = Object.fromEntries(post.attributes.map((a) => [a.key, Object.values(a.value)[0]]));
    expect(attrs).toMatchObject({ 'http.method': 'POST', 'url.path': '/api/v1/namespaces/default/pods', 'http.status_code': '201', 'k8s.namespace.name': 'default', 'k8s.resource.name': 'big' });
    const store = all.find((s) => s.name === 'store /registry/pods/default/big')!;
    expect(store.parentSpanId).toBe(post.spanId);
    expect(post.events.map((e) => e.name)).toContain('authenticate admin');
    const root = all.find((s) => s.name.startsWith('step 1:'))!;
    const client = all.find((s) => s.name === 'POST pods' && s.kind === 3)!;
    expect(post.parentSpanId).toBe(client.spanId);
    expect(client.parentSpanId).toBe(root.spanId);
  });

  it('marks denied requests as errors', () => {
    const all = spans(toOtlp(rbacDeniedTrace()));
    const post = all.find((s) => s.kind === 2)!;
    expect(post.status).toEqual({ code: 2, message: 'denied' });
  });

  it('exports an imported audit log too', () => {
    const r = importAuditLog(readFileSync('../shared/corpus/audit/audit2rbac-demo.log', 'utf8'), 'audit.log');
    if (!r.ok) throw new Error('import failed');
    expectValid(toOtlp(r.value), r.value);
  });

  it('starts at 2026-01-01T00:00:00Z by default, or at startTimeMs, and step roots cover their children', () => {
    const t = applyDeploymentTrace();
    const byDefault = spans(toOtlp(t));
    const epochMs = Date.UTC(2026, 0, 1);
    const min = (ss: OtlpSpan[]) => ss.reduce((m, s) => (BigInt(s.startTimeUnixNano) < m ? BigInt(s.startTimeUnixNano) : m), BigInt(ss[0]!.startTimeUnixNano));
    expect(min(byDefault)).toBe(BigInt(epochMs + t.steps[0]!.startMs) * 1_000_000n);
    expect(DEFAULT_OTLP_START_MS).toBe(epochMs);
    const later = Date.parse('2026-03-04T05:06:07.890Z');
    const moved = spans(toOtlp(t, { startTimeMs: later }));
    for (const [i, s] of moved.entries()) {
      expect(BigInt(s.startTimeUnixNano) - BigInt(byDefault[i]!.startTimeUnixNano)).toBe(BigInt(later - epochMs) * 1_000_000n);
    }
    for (const root of byDefault.filter((s) => s.name.startsWith('step '))) {
      const children = byDefault.filter((s) => s.traceId === root.traceId && s !== root);
      expect(children.length).toBeGreaterThan(0);
      for (const c of children) {
        expect(BigInt(c.startTimeUnixNano), c.name).toBeGreaterThanOrEqual(BigInt(root.startTimeUnixNano));
        expect(BigInt(c.endTimeUnixNano), c.name).toBeLessThanOrEqual(BigInt(root.endTimeUnixNano));
      }
    }
  });

  it('golden', async () => {
    await expect(JSON.stringify(toOtlp(rbacDeniedTrace()), null, 2) + '\n').toMatchFileSnapshot('__golden__/rbac-denied.otlp.json');
  });
});
