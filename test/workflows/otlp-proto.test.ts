/**
 * The OTLP export checked against the official OTLP protobuf schema
 * (opentelemetry-proto's .proto files, vendored in test/fixtures/otlp-proto)
 * with protobufjs: what `kubescene export-otlp` prints for library scenarios
 * is an `ExportTraceServiceRequest` in OTLP/JSON form — hex trace and span
 * ids become bytes as the OTLP/JSON mapping specifies — that `verify()`
 * accepts, that survives encode → decode unchanged, whose parent links resolve
 * and whose step root spans cover every span and span event under them.
 */
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runBin, runMain } from '../helpers/bin.ts';
import type { OtlpJson } from '../../src/trace/otlp.ts';

const PROTO_DIR = join(ROOT, 'test/fixtures/otlp-proto');

let Request: protobuf.Type;

beforeAll(async () => {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(PROTO_DIR, target);
  await root.load('opentelemetry/proto/collector/trace/v1/trace_service.proto', { keepCase: false });
  root.resolveAll();
  Request = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
});

const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);
/** protobufjs' Long (the `long` package it depends on): 64-bit values without rounding. */
const Long = protobuf.util.Long as unknown as { fromString(s: string, unsigned: boolean): protobuf.Long };
const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

/**
 * OTLP/JSON → the protobuf message's plain-object form, walking the schema:
 * every key must be a field of the message type (an unknown field fails);
 * 64-bit integers are decimal strings (proto3 JSON mapping) and become Longs;
 * trace and span ids are hex, not base64 — the one place where the OTLP/JSON
 * mapping differs from proto3's — and become bytes; enums stay integers.
 * Throws at the first value that breaks a rule, naming its path (plain
 * throws, not one `expect` per value: an export has ~10⁵ values, and each
 * `expect` call costs vitest ~10 µs of bookkeeping).
 */
function toPlain(type: protobuf.Type, v: unknown, path: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${path}: object expected, got ${JSON.stringify(v)}`);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const field = type.fields[k];
    if (field === undefined) throw new Error(`${path}.${k}: a field of ${type.fullName} expected`);
    const one = (y: unknown, at: string): unknown => {
      if (ID_FIELDS.has(k)) {
        if (!/^([0-9a-f]{2})*$/.test(String(y))) throw new Error(`${at}: hex expected, got ${JSON.stringify(y)}`);
        return Buffer.from(String(y), 'hex');
      }
      if (LONG_TYPES.has(field.type)) {
        if (!/^-?\d+$/.test(String(y))) throw new Error(`${at}: a decimal integer string expected, got ${JSON.stringify(y)}`);
        return Long.fromString(String(y), field.type === 'uint64' || field.type === 'fixed64');
      }
      if (field.resolvedType instanceof protobuf.Type) return toPlain(field.resolvedType, y, at);
      return y;
    };
    out[k] = field.repeated && Array.isArray(x) ? x.map((y, i) => one(y, `${path}.${k}[${i}]`)) : one(x, `${path}.${k}`);
  }
  return out;
}

interface PbSpan {
  traceId: Uint8Array;
  spanId: Uint8Array;
  parentSpanId: Uint8Array;
  name: string;
  kind: number;
  startTimeUnixNano: unknown;
  endTimeUnixNano: unknown;
  events: { timeUnixNano: unknown; name: string }[];
  status?: { code: number; message: string };
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const n = (v: unknown) => BigInt(String(v));

const SCENARIOS = ['apply-deployment', 'rbac-denied', 'service-clusterip', 'node-failure', 'kubectl-logs-exec'];

describe('export-otlp against the OTLP protobuf schema', () => {
  // In process (the CLI's own main): the binary's start-up is tested by the last test's run.
  it.each(SCENARIOS)('%s: verify, encode → decode round trip, parents and root spans hold', async (name) => {
    const r = await runMain(['export-otlp', `scenarios/${name}.yaml`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as OtlpJson;
    const plain = toPlain(Request, json, 'request');

    // Unknown fields and wrong types fail here: verify() checks against the schema, fromObject must not drop anything.
    expect(Request.verify(plain)).toBeNull();
    const msg = Request.fromObject(plain);
    const back = Request.toObject(msg, { longs: String, bytes: String, enums: Number, defaults: false });
    const wire = Request.encode(msg).finish();
    expect(wire.length).toBeGreaterThan(1000);
    const decoded = Request.decode(wire);
    const again = Request.toObject(decoded, { longs: String, bytes: String, enums: Number, defaults: false });
    expect(again).toEqual(back);
    // Nothing of the JSON was lost on the way in: back to hex, it is the export (fields at their defaults aside).
    const roundTripped = JSON.parse(JSON.stringify(again, (k, v: unknown) => (ID_FIELDS.has(k) ? Buffer.from(String(v), 'base64').toString('hex') : v))) as OtlpJson;
    const spansIn = json.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
    const spansOut = roundTripped.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
    expect(spansOut.length).toBe(spansIn.length);
    // Each check adds a line to `problems` when it fails: one `expect` per file, not per value (see toPlain).
    const problems: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok) problems.push(what);
    };
    const same = (a: unknown, b: unknown, what: string) => check(Object.is(a, b), `${what}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
    for (const [i, s] of spansIn.entries()) {
      const o = spansOut[i]!;
      same(o.traceId, s.traceId, `span ${i} traceId`);
      same(o.spanId, s.spanId, `span ${i} spanId`);
      same(o.parentSpanId ?? undefined, s.parentSpanId, `span ${i} parentSpanId`);
      same(o.name, s.name, `span ${i} name`);
      same(o.startTimeUnixNano, s.startTimeUnixNano, `span ${i} startTimeUnixNano`);
      same(o.endTimeUnixNano, s.endTimeUnixNano, `span ${i} endTimeUnixNano`);
      same(o.events?.length ?? 0, s.events.length, `span ${i} events`);
      same(o.attributes?.length ?? 0, s.attributes.length, `span ${i} attributes`);
    }

    // The decoded message: ids of the right width, parents in the same trace, children inside their step's root.
    const spans = (decoded as unknown as { resourceSpans: { scopeSpans: { spans: PbSpan[] }[] }[] }).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
    const byId = new Map(spans.map((s) => [hex(s.spanId), s]));
    expect(byId.size).toBe(spans.length);
    const roots = new Map<string, PbSpan>();
    for (const s of spans) {
      same(s.traceId.length, 16, `${s.name}: traceId bytes`);
      same(s.spanId.length, 8, `${s.name}: spanId bytes`);
      if (s.parentSpanId.length === 0) {
        check(!roots.has(hex(s.traceId)), `one root per trace: ${s.name}`);
        roots.set(hex(s.traceId), s);
      }
    }
    expect(roots.size).toBeGreaterThan(0);
    // 2026-01-01T00:00:00Z or later, in nanoseconds: a normal search window, not 1970.
    const earliest = BigInt(Date.UTC(2026, 0, 1)) * 1_000_000n;
    for (const s of spans) {
      check(n(s.startTimeUnixNano) <= n(s.endTimeUnixNano), `${s.name}: starts after it ends`);
      check(n(s.startTimeUnixNano) >= earliest, `${s.name}: starts before 2026`);
      if (s.parentSpanId.length > 0) {
        const parent = byId.get(hex(s.parentSpanId));
        check(parent !== undefined, `parent of ${s.name}: missing`);
        if (parent !== undefined) {
          same(hex(parent.traceId), hex(s.traceId), `parent of ${s.name}: traceId`);
          check(n(s.startTimeUnixNano) >= n(parent.startTimeUnixNano), `${s.name}: starts before its parent`);
        }
      }
      const root = roots.get(hex(s.traceId));
      check(root !== undefined, `root of ${s.name}: missing`);
      if (root === undefined) continue;
      check(n(s.startTimeUnixNano) >= n(root.startTimeUnixNano), `${s.name}: starts before its root`);
      check(n(s.endTimeUnixNano) <= n(root.endTimeUnixNano), `${s.name}: ends after its root`);
      for (const ev of s.events) {
        check(n(ev.timeUnixNano) >= n(root.startTimeUnixNano), `${s.name} event ${ev.name}: before its root`);
        check(n(ev.timeUnixNano) <= n(root.endTimeUnixNano), `${s.name} event ${ev.name}: after its root`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the schema check is not vacuous: a wrong type, an unknown field or a non-hex id is refused', async () => {
    const r = await runBin(['export-otlp', 'scenarios/rbac-denied.yaml']);
    const plain = toPlain(Request, JSON.parse(r.stdout), 'request') as unknown as { resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[] };
    const span = plain.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    const mutate = (k: string, v: unknown) => {
      const copy = structuredClone(plain);
      copy.resourceSpans[0]!.scopeSpans[0]!.spans[0]![k] = v;
      return copy;
    };
    expect(Request.verify(plain)).toBeNull();
    expect(Request.verify(mutate('name', 42))).toMatch(/name: string expected/);
    expect(Request.verify(mutate('kind', 'client'))).toMatch(/kind: enum value expected/);
    expect(Request.verify(mutate('startTimeUnixNano', 'soon'))).toMatch(/startTimeUnixNano: integer\|Long expected/);
    expect(() => toPlain(Request, { resourceSpans: [{ scopeSpans: [{ spans: [{ startTime: '1' }] }] }] }, 'request')).toThrow(/spans\[0\]\.startTime: a field of \.opentelemetry\.proto\.trace\.v1\.Span/);
    expect(() => toPlain(Request, { resourceSpans: [{ scopeSpans: [{ spans: [{ spanId: 'xyz' }] }] }] }, 'request')).toThrow(/spanId/);
    expect(() => toPlain(Request, { resourceSpans: [{ scopeSpans: [{ spans: [{ startTimeUnixNano: 'soon' }] }] }] }, 'request')).toThrow(/spans\[0\]\.startTimeUnixNano: a decimal integer string expected/);
    expect(() => toPlain(Request, { resourceSpans: [{ scopeSpans: [{ spans: ['a span'] }] }] }, 'request')).toThrow(/spans\[0\]: object expected/);
    expect(Request.verify(mutate('events', { not: 'a list' }))).toMatch(/events: array expected/);
    expect(span.spanId).toBeInstanceOf(Buffer);
  });
});
