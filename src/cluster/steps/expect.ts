/**
 * Evaluates a scenario's `expect` entries against the cluster and the trace
 * right after their step. Every result says what was expected and what was
 * found, in words, so a failure reads like a test failure.
 */
import { matchesSelector, parseSelector } from '../../scenario/selector.ts';
import type { Expectation } from '../../scenario/types.ts';
import type { Component, ExpectationResult, TraceEvent } from '../../trace/types.ts';
import type { ObjectStore } from '../apiserver/store.ts';
import type { Obj } from '../core/object.ts';
import { asPod } from '../core/typed.ts';
import { resolveType } from '../kubectl/resolve.ts';
import { etcdKey, customResourceOf } from '../core/resources.ts';
import { isPodReady } from '../core/object-helpers.ts';

export interface ExpectContext {
  step: number;
  cache: ObjectStore;
  /** Events the expectation looks at (the step's, or all so far for an `expect` step). */
  events: readonly TraceEvent[];
  components: ReadonlyMap<string, Component>;
  kubectl?: { stdout: string; stderr: string; exitCode: number };
}

export function evaluate(e: Expectation, ctx: ExpectContext): ExpectationResult {
  const r = evaluateInner(e, ctx);
  return { step: ctx.step, ...r, line: e.pos.line, column: e.pos.column };
}

type Partial = Omit<ExpectationResult, 'step' | 'line' | 'column'>;

function evaluateInner(e: Expectation, ctx: ExpectContext): Partial {
  switch (e.type) {
    case 'exit': {
      const found = ctx.kubectl?.exitCode;
      return { description: `exit code ${e.equals}`, passed: found === e.equals, expected: `exit code ${e.equals}`, found: found === undefined ? 'no kubectl command in this step' : `exit code ${found}` };
    }
    case 'output': {
      const text = ctx.kubectl ? ctx.kubectl.stdout + ctx.kubectl.stderr : '';
      return { description: `output contains "${e.contains}"`, passed: text.includes(e.contains), expected: `output containing "${e.contains}"`, found: text.trim() === '' ? 'no output' : `output "${clip(text.trim())}"` };
    }
    case 'pods':
      return pods(e, ctx);
    case 'object':
      return object(e, ctx);
    case 'event':
      return kubeEvent(e, ctx);
    case 'trace':
      return trace(e, ctx);
  }
}

function pods(e: Extract<Expectation, { type: 'pods' }>, ctx: ExpectContext): Partial {
  const sel = parseSelector(e.selector);
  const ns = e.namespace ?? 'default';
  const words = [`pods ${e.selector}`, e.phase, e.node ? `on ${e.node}` : undefined, e.ready !== undefined ? (e.ready ? 'ready' : 'not ready') : undefined, e.count !== undefined ? `count ${e.count}` : undefined].filter(Boolean).join(' ');
  if (!sel.ok) return { description: words, passed: false, expected: words, found: `invalid selector: ${sel.error}` };
  const selected = ctx.cache.list('Pod', ns).filter((p) => matchesSelector(sel.value, p.metadata.labels) && (!e.node || p.spec?.nodeName === e.node));
  const ok = (p: Obj) => (!e.phase || podPhase(p) === e.phase) && (e.ready === undefined || isPodReady(p) === e.ready);
  const good = selected.filter(ok);
  const passed = e.count !== undefined ? good.length === e.count && (e.phase !== undefined || e.ready !== undefined || selected.length === e.count) : selected.length > 0 && good.length === selected.length;
  const summary = summarizePhases(selected);
  return { description: words, passed, expected: words, found: selected.length === 0 ? 'no pods selected' : `${selected.length} pod(s): ${summary}` };
}

function podPhase(p: Obj): string {
  return p.metadata.deletionTimestamp ? 'Terminating' : (asPod(p).status?.phase ?? 'Pending');
}

function summarizePhases(pods: Obj[]): string {
  const counts = new Map<string, number>();
  for (const p of pods) {
    const k = `${podPhase(p)}${isPodReady(p) ? '' : ' (not ready)'}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
}

function object(e: Extract<Expectation, { type: 'object' }>, ctx: ExpectContext): Partial {
  const [type, name] = e.object.split('/') as [string, string | undefined];
  const r = resolveType(type, ctx.cache.list('CustomResourceDefinition').flatMap((c) => customResourceOf(c) ?? []));
  const description = e.exists !== undefined ? `${e.object} ${e.exists ? 'exists' : 'does not exist'}` : `${e.object} ${e.path} equals ${JSON.stringify(e.equals)}`;
  if (!r || !name) return { description, passed: false, expected: description, found: `unknown object "${e.object}"` };
  const o = ctx.cache.get(r.kind, etcdKey(r, r.namespaced ? (e.namespace ?? 'default') : undefined, name));
  if (e.exists !== undefined && (e.path === '' || e.path === undefined)) {
    return { description, passed: Boolean(o) === e.exists, expected: e.exists ? 'the object to exist' : 'no such object', found: o ? 'it exists' : 'it does not exist' };
  }
  if (!o) return { description, passed: e.exists === false, expected: description, found: `${e.object} not found` };
  const v = valueAt(o, e.path);
  if (e.exists !== undefined) return { description, passed: (v !== undefined) === e.exists, expected: `${e.path} ${e.exists ? 'set' : 'unset'}`, found: v === undefined ? `${e.path} unset` : `${e.path} = ${JSON.stringify(v)}` };
  const passed = looselyEqual(v, e.equals);
  return { description, passed, expected: `${e.path} = ${JSON.stringify(e.equals)}`, found: v === undefined ? `${e.path} unset` : `${e.path} = ${clip(JSON.stringify(v))}` };
}

/** `status.conditions[0].type`, `metadata.labels.app`; keys with dots can be quoted: `metadata.labels["app.kubernetes.io/name"]`. */
export function valueAt(o: unknown, path: string): unknown {
  const parts: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["([^"]+)"\]/g;
  for (let m = re.exec(path); m; m = re.exec(path)) parts.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]!));
  let cur: unknown = o;
  for (const p of parts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

function looselyEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((typeof a === 'number' || typeof a === 'string' || typeof a === 'boolean') && (typeof b === 'number' || typeof b === 'string' || typeof b === 'boolean')) return String(a) === String(b);
  return JSON.stringify(a) === JSON.stringify(b);
}

function kubeEvent(e: Extract<Expectation, { type: 'event' }>, ctx: ExpectContext): Partial {
  const description = ['event', e.reason, e.message ? `"${e.message}"` : undefined, e.object ? `on ${e.object}` : undefined, e.count !== undefined ? `count ${e.count}` : undefined].filter(Boolean).join(' ');
  const all = ctx.cache.list('Event');
  const matched = all.filter(
    (ev) =>
      (!e.reason || ev.reason === e.reason) &&
      (!e.message || String(ev.message).includes(e.message)) &&
      (!e.object || objectMatches(e.object, ev.involvedObject)),
  );
  // `count` is how many times it happened: a repeated Event is one object whose count grows (client-go's
  // EventCorrelator; kubectl describe shows "(x3 over 45s)"), so the counts of the matching Events are added.
  const occurrences = matched.reduce((n, ev) => n + (ev.series?.count ?? ev.count ?? 1), 0);
  const passed = e.count !== undefined ? occurrences === e.count : matched.length > 0;
  const sameReason = all.filter((ev) => !e.reason || ev.reason === e.reason).map((ev) => `${ev.reason}: ${ev.message}`);
  const times = occurrences !== matched.length ? `, ${occurrences} occurrences` : '';
  const found = matched.length > 0 ? `${matched.length} matching event(s)${times}, e.g. ${clip(`${matched[0]!.reason}: ${matched[0]!.message}`)}` : sameReason.length > 0 ? `no match; events: ${clip(sameReason.slice(0, 3).join(' | '))}` : 'no such event';
  return { description, passed, expected: description, found };
}

function objectMatches(want: string, involved: { kind?: string; name?: string } | undefined): boolean {
  if (!involved) return false;
  const [type, name] = want.includes('/') ? (want.split('/') as [string, string]) : ['', want];
  const r = type ? resolveType(type) : undefined;
  return (!type || r?.kind === involved.kind) && (involved.name === name || Boolean(name && involved.name?.startsWith(name)));
}

function trace(e: Extract<Expectation, { type: 'trace' }>, ctx: ExpectContext): Partial {
  const description = ['trace', e.from ? `from ${e.from}` : undefined, e.to ? `to ${e.to}` : undefined, e.contains ? `contains "${e.contains}"` : undefined, e.absent ? '(absent)' : undefined].filter(Boolean).join(' ');
  const matched = ctx.events.filter(
    (ev) =>
      (!e.from || componentMatches(e.from, ev.from, ctx.components)) &&
      (!e.to || componentMatches(e.to, ev.to, ctx.components)) &&
      (!e.contains || [ev.summary, ev.path ?? '', ev.detail ?? '', ev.action ?? ''].some((s) => s.includes(e.contains!))),
  );
  if (e.absent) {
    return { description, passed: matched.length === 0, expected: 'no such event', found: matched.length === 0 ? 'none' : `${matched.length} event(s), e.g. ${matched[0]!.from} → ${matched[0]!.to}: ${matched[0]!.summary}` };
  }
  return { description, passed: matched.length > 0, expected: 'at least one such event', found: matched.length === 0 ? 'none' : `${matched.length} event(s), e.g. ${matched[0]!.from} → ${matched[0]!.to}: ${matched[0]!.summary}` };
}

/** A component is named by id, by kind (`kubelet` matches every kubelet), by display name, or by `<name>@<host>`. */
export function componentMatches(want: string, id: string, components: ReadonlyMap<string, Component>): boolean {
  if (want === id) return true;
  const c = components.get(id);
  if (!c) return false;
  return c.kind === want || c.name === want || id.startsWith(`${want}@`) || (c.kind === 'etcd' && want === 'etcd') || (c.kind === 'apiserver' && want === 'kube-apiserver');
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 160 ? `${one.slice(0, 157)}...` : one;
}
