/**
 * `toOtlp(trace)`: the trace as OpenTelemetry OTLP/JSON (`resourceSpans`), loadable
 * by Jaeger (its OTLP JSON import) and any OTLP collector.
 *
 * - one resource per component (`service.name` = the component's name);
 * - one OTLP trace per scenario step: traceId = 32 hex of sha256(digest:step),
 *   with a root span for the step itself (in the resource of the component
 *   that started it);
 * - per request (from the request to its response) a CLIENT span in the
 *   caller's resource and, under it, a SERVER span in the handler's; the
 *   client span's parent is the nearest span up the `cause` chain in the same
 *   step, else the step's root;
 * - every other event (phases, watch notifications, actions, packets,
 *   outcomes) is a span event on the nearest span up its cause chain;
 * - span ids: 16 hex of sha256(event id); times: the simulated ms added to a
 *   fixed start, 2026-01-01T00:00:00Z unless `startTimeMs` says otherwise
 *   (a realistic time, so Jaeger and other backends find the spans in a
 *   normal search window, and still deterministic);
 * - a step's root span covers all of its children (spans and span events).
 */
import { sha256 } from '../common/hash.ts';
import { VERSION } from '../version.ts';
import type { Trace, TraceEvent } from './types.ts';

export type OtlpValue = { stringValue: string } | { intValue: string } | { boolValue: boolean } | { doubleValue: number };
export interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
export interface OtlpSpanEvent {
  timeUnixNano: string;
  name: string;
  attributes: OtlpAttribute[];
}
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** 1 internal, 2 server, 3 client. */
  kind: 1 | 2 | 3;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpAttribute[];
  events: OtlpSpanEvent[];
  /** 0 unset, 2 error. */
  status: { code: 0 | 2; message?: string };
}
export interface OtlpJson {
  resourceSpans: {
    resource: { attributes: OtlpAttribute[] };
    scopeSpans: { scope: { name: string; version: string }; spans: OtlpSpan[] }[];
  }[];
}

/** The default start of a scenario's simulated clock: 2026-01-01T00:00:00Z, in ms since the Unix epoch. */
export const DEFAULT_OTLP_START_MS = Date.UTC(2026, 0, 1);

export interface OtlpOptions {
  /** When simulated time 0 is, in ms since the Unix epoch (default DEFAULT_OTLP_START_MS). */
  startTimeMs?: number;
}
const spanIdOf = (key: string): string => sha256(key).slice(0, 16);

function attr(key: string, v: string | number | boolean): OtlpAttribute {
  if (typeof v === 'boolean') return { key, value: { boolValue: v } };
  if (typeof v === 'number') return { key, value: Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v } };
  return { key, value: { stringValue: v } };
}

function eventAttributes(e: TraceEvent): OtlpAttribute[] {
  const out: OtlpAttribute[] = [attr('kubescene.event.id', e.id), attr('kubescene.step', e.step), attr('kubescene.event.type', e.type)];
  if (e.method) out.push(attr('http.method', e.method));
  if (e.path) out.push(attr('url.path', e.path), attr('http.route', e.path));
  if (e.verb) out.push(attr('k8s.verb', e.verb));
  if (e.resource?.namespace) out.push(attr('k8s.namespace.name', e.resource.namespace));
  if (e.resource?.resource ?? e.resource?.kind) out.push(attr('k8s.resource', (e.resource.resource ?? e.resource.kind)!));
  if (e.resource?.name) out.push(attr('k8s.resource.name', e.resource.name));
  if (e.etcd) out.push(attr('etcd.key', e.etcd.key), attr('etcd.op', e.etcd.op));
  if (e.phase) out.push(attr('kubescene.phase', e.phase));
  if (e.action) out.push(attr('kubescene.action', e.action));
  if (e.result) out.push(attr('kubescene.result', e.result));
  for (const [k, v] of Object.entries(e.attrs ?? {})) out.push(attr(`kubescene.attr.${k}`, v));
  return out;
}

interface SpanSlot {
  span: OtlpSpan;
  component: string;
}

export function toOtlp(trace: Trace, opts: OtlpOptions = {}): OtlpJson {
  const base = BigInt(Math.round(opts.startTimeMs ?? DEFAULT_OTLP_START_MS));
  const nanos = (ms: number): string => ((base + BigInt(Math.round(ms))) * 1_000_000n).toString();
  const byId = new Map(trace.events.map((e) => [e.id, e]));
  const responseOf = new Map<string, TraceEvent>();
  for (const e of trace.events) if (e.type === 'response' && e.cause && !responseOf.has(e.cause)) responseOf.set(e.cause, e);
  const spans: SpanSlot[] = [];
  const spanOfEvent = new Map<string, OtlpSpan>();
  const roots = new Map<number, OtlpSpan>();
  const traceIdOf = (step: number) => sha256(`${trace.header.digest}:${step}`).slice(0, 32);

  for (const step of trace.steps) {
    const first = step.events ? trace.events[step.events.first] : undefined;
    const span: OtlpSpan = {
      traceId: traceIdOf(step.number),
      spanId: spanIdOf(`step:${step.number}`),
      name: `step ${step.number}: ${step.title}`,
      kind: 1,
      startTimeUnixNano: nanos(step.startMs),
      endTimeUnixNano: nanos(Math.max(step.startMs, step.endMs)),
      attributes: [attr('kubescene.step', step.number), attr('kubescene.command', step.command), ...(step.exitCode !== undefined ? [attr('process.exit.code', step.exitCode)] : [])],
      events: [],
      status: step.exitCode ? { code: 2, message: `exit code ${step.exitCode}` } : { code: 0 },
    };
    roots.set(step.number, span);
    spans.push({ span, component: first?.from ?? trace.components[0]?.id ?? 'kubescene' });
  }

  /** The nearest span up the cause chain, in the same step; else the step's root. */
  const parentOf = (e: TraceEvent): OtlpSpan | undefined => {
    let cur = e.cause ? byId.get(e.cause) : undefined;
    for (let guard = 0; cur && guard < 10_000; guard++) {
      if (cur.step !== e.step) break;
      const s = spanOfEvent.get(cur.id);
      if (s) return s;
      cur = cur.cause ? byId.get(cur.cause) : undefined;
    }
    return roots.get(e.step);
  };

  for (const e of trace.events) {
    if (e.type === 'response' && e.cause && spanOfEvent.has(e.cause)) {
      spanOfEvent.set(e.id, spanOfEvent.get(e.cause)!);
      continue;
    }
    const parent = parentOf(e);
    if (e.type !== 'request') {
      const host = parent ?? ensureRoot(e);
      host.events.push({ timeUnixNano: nanos(e.t), name: e.summary, attributes: eventAttributes(e) });
      spanOfEvent.set(e.id, host);
      continue;
    }
    const resp = responseOf.get(e.id);
    const end = Math.max(e.t, resp?.t ?? e.t);
    const failed = resp?.result && resp.result !== 'ok' ? resp.result : e.result && e.result !== 'ok' ? e.result : undefined;
    const status: OtlpSpan['status'] = failed ? { code: 2, message: failed } : { code: 0 };
    const httpStatus = resp?.status !== undefined ? [attr('http.status_code', resp.status)] : [];
    // The caller's side (so every component is a service in Jaeger) …
    const client: OtlpSpan = {
      traceId: traceIdOf(e.step),
      spanId: spanIdOf(`${e.id}:client`),
      ...(parent ? { parentSpanId: parent.spanId } : {}),
      name: e.summary,
      kind: 3,
      startTimeUnixNano: nanos(e.t),
      endTimeUnixNano: nanos(end),
      attributes: [...eventAttributes(e), attr('peer.service', e.to), ...httpStatus],
      events: [],
      status,
    };
    // … and the handler's side, which the handling (phases, storage calls) hangs under.
    const span: OtlpSpan = {
      traceId: traceIdOf(e.step),
      spanId: spanIdOf(e.id),
      parentSpanId: client.spanId,
      name: e.summary,
      kind: 2,
      startTimeUnixNano: nanos(e.t),
      endTimeUnixNano: nanos(end),
      attributes: [...eventAttributes(e), attr('peer.service', e.from), ...httpStatus],
      events: [],
      status,
    };
    spans.push({ span: client, component: e.from });
    spans.push({ span, component: e.to });
    spanOfEvent.set(e.id, span);
  }

  /** Events of a step the trace lists no step for (hand-made traces) still need a home. */
  function ensureRoot(e: TraceEvent): OtlpSpan {
    const span: OtlpSpan = {
      traceId: traceIdOf(e.step),
      spanId: spanIdOf(`step:${e.step}`),
      name: `step ${e.step}`,
      kind: 1,
      startTimeUnixNano: nanos(e.t),
      endTimeUnixNano: nanos(e.t),
      attributes: [attr('kubescene.step', e.step)],
      events: [],
      status: { code: 0 },
    };
    roots.set(e.step, span);
    spans.push({ span, component: e.from });
    return span;
  }

  for (const { span } of spans) widenToEvents(span);
  for (const root of roots.values()) coverChildren(root, spans);
  return { resourceSpans: groupByComponent(trace, spans) };
}

/** A span must contain its span events (Jaeger draws them on the span's bar). */
function widenToEvents(span: OtlpSpan): void {
  for (const ev of span.events) {
    if (BigInt(ev.timeUnixNano) > BigInt(span.endTimeUnixNano)) span.endTimeUnixNano = ev.timeUnixNano;
    if (BigInt(ev.timeUnixNano) < BigInt(span.startTimeUnixNano)) span.startTimeUnixNano = ev.timeUnixNano;
  }
}

/** A step's root span starts no later and ends no earlier than any span of its trace. */
function coverChildren(root: OtlpSpan, spans: readonly SpanSlot[]): void {
  for (const { span } of spans) {
    if (span.traceId !== root.traceId || span === root) continue;
    if (BigInt(span.startTimeUnixNano) < BigInt(root.startTimeUnixNano)) root.startTimeUnixNano = span.startTimeUnixNano;
    if (BigInt(span.endTimeUnixNano) > BigInt(root.endTimeUnixNano)) root.endTimeUnixNano = span.endTimeUnixNano;
  }
}

function groupByComponent(trace: Trace, spans: SpanSlot[]): OtlpJson['resourceSpans'] {
  const names = new Map(trace.components.map((c) => [c.id, c]));
  const order = [...trace.components.map((c) => c.id), ...spans.map((s) => s.component)];
  // Jaeger groups by service.name: components that share a display name (kubelets) keep their id.
  const nameCount = new Map<string, number>();
  for (const c of trace.components) nameCount.set(c.name, (nameCount.get(c.name) ?? 0) + 1);
  const out: OtlpJson['resourceSpans'] = [];
  for (const id of [...new Set(order)]) {
    const mine = spans.filter((s) => s.component === id).map((s) => s.span);
    if (mine.length === 0) continue;
    const c = names.get(id);
    const attributes = [attr('service.name', c && nameCount.get(c.name) === 1 ? c.name : id), attr('kubescene.component.id', id)];
    if (c) attributes.push(attr('kubescene.component.kind', c.kind));
    if (c?.host) attributes.push(attr('host.name', c.host));
    if (c?.namespace) attributes.push(attr('k8s.namespace.name', c.namespace));
    out.push({ resource: { attributes }, scopeSpans: [{ scope: { name: 'kubescene', version: VERSION }, spans: mine }] });
  }
  return out;
}
