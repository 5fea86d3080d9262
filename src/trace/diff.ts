/**
 * `diffTraces(a, b)`: what changed in behaviour between two traces.
 *
 * Events are aligned by content signature, not by position, so one inserted
 * step shows as insertions and the rest of the trace still lines up. The
 * alignment uses the signature's identity fields (see `alignKey`), leaving
 * out the outcome fields, so a changed outcome reads as a change.
 * Aligned events are compared on the fields that are not part of the
 * signature but matter to a reader: status, result, summary and attrs. Steps
 * are aligned the same way (by kind, command and user) and compared on what
 * kubectl printed, its exit code and the expectations.
 */
import type { ExpectationResult, Trace, TraceEvent, TraceStep } from './types.ts';
import { diffArrays } from 'diff';
import { align } from './diff-align.ts';
import { canonicalJson } from '../common/hash.ts';
import { plural } from '../common/text.ts';

export interface FieldChange {
  field: string;
  a: unknown;
  b: unknown;
  /**
   * For multi-line values (kubectl output, error text, expectation results):
   * the change line by line — unchanged lines (`' '`) stay as they are, so an
   * unchanged Pod row of `kubectl get pods` is not shown as removed and added.
   */
  lines?: LineChange[];
}

export interface LineChange {
  op: ' ' | '-' | '+';
  text: string;
}

/** A value as lines: strings split at line breaks, lists one item a line, nothing as no lines. */
function asLines(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.map(String);
  const text = String(v).replace(/\r\n?/g, '\n').replace(/\n$/, '');
  return text === '' ? [] : text.split('\n');
}

/** Line-by-line changes between two values (jsdiff's array diff: Myers' shortest edit script over lines). */
export function lineChanges(a: unknown, b: unknown): LineChange[] {
  const out: LineChange[] = [];
  for (const part of diffArrays(asLines(a), asLines(b))) {
    const op = part.added ? '+' : part.removed ? '-' : ' ';
    for (const text of part.value) out.push({ op, text });
  }
  return out;
}

/** `moved`: the same event, at another place in the order (a reordering is a change in behaviour too). */
export type DiffOp = 'same' | 'added' | 'removed' | 'changed' | 'moved';

export interface EventDiff {
  op: DiffOp;
  /** The event in `a` (absent for additions). */
  a?: TraceEvent;
  /** The event in `b` (absent for removals). */
  b?: TraceEvent;
  /** For `changed`: the fields that differ. */
  changes?: FieldChange[];
}

export interface StepDiff {
  op: 'added' | 'removed' | 'changed';
  /** Step number in `a` / in `b`. */
  a?: number;
  b?: number;
  title: string;
  command: string;
  changes: FieldChange[];
}

export interface DiffSide {
  label: string;
  scenario: string;
  kubernetes: string;
  digest: string;
  events: number;
  steps: number;
}

export interface TraceDiff {
  a: DiffSide;
  b: DiffSide;
  /** True when no event, step or expectation differs (header-only differences do not count). */
  equal: boolean;
  /** Header fields that differ (kubernetes profile, digest, scenario name) — context, not a difference in behaviour. */
  header: FieldChange[];
  /** The merged event list in order: unchanged, added, removed and changed events. */
  events: EventDiff[];
  steps: StepDiff[];
  counts: { added: number; removed: number; changed: number; moved: number; same: number };
}

const COMPARED_FIELDS = ['status', 'result', 'summary', 'attrs'] as const;

export function diffTraces(a: Trace, b: Trace, labels: { a: string; b: string } = { a: 'a', b: 'b' }): TraceDiff {
  const servers = new Set([...a.components, ...b.components].filter((c) => c.kind === 'apiserver' || c.kind === 'etcd').map((c) => c.id));
  const events = diffEvents(a.events, b.events, servers);
  const steps = diffSteps(a.steps, b.steps);
  const counts = { added: 0, removed: 0, changed: 0, moved: 0, same: 0 };
  for (const e of events) counts[e.op]++;
  const outcomeChange =
    a.outcome.passed !== b.outcome.passed ? [{ field: 'outcome.passed', a: a.outcome.passed, b: b.outcome.passed }] : [];
  return {
    a: side(a, labels.a),
    b: side(b, labels.b),
    equal: counts.added + counts.removed + counts.changed + counts.moved === 0 && steps.length === 0 && outcomeChange.length === 0,
    header: [...headerChanges(a, b), ...outcomeChange],
    events,
    steps,
    counts,
  };
}

function side(t: Trace, label: string): DiffSide {
  return {
    label,
    scenario: t.header.scenario.name,
    kubernetes: t.header.kubernetes,
    digest: t.header.digest,
    events: t.events.length,
    steps: t.steps.length,
  };
}

function headerChanges(a: Trace, b: Trace): FieldChange[] {
  const pairs: [string, unknown, unknown][] = [
    ['scenario', a.header.scenario.name, b.header.scenario.name],
    ['kubernetes', a.header.kubernetes, b.header.kubernetes],
    ['digest', a.header.digest, b.header.digest],
    ['origin', a.header.origin, b.header.origin],
  ];
  return pairs.filter(([, x, y]) => x !== y).map(([field, x, y]) => ({ field, a: x, b: y }));
}

/**
 * `servers`: the components that act for others (API server, etcd). Order is
 * compared within a lane: what one component did (or had a server do for it:
 * handler phases, etcd round trip, watch notifications of its write) in
 * answer to one client request — the nearest request up the cause chain that
 * is not a server's own. Two controllers woken by the same change, or two
 * requests of one controller in flight at once, interleave differently when
 * one has more to do; that is not a change in behaviour, a reorder within a
 * lane is.
 */
export function diffEvents(a: readonly TraceEvent[], b: readonly TraceEvent[], servers: ReadonlySet<string> = new Set(['kube-apiserver', 'etcd'])): EventDiff[] {
  // Requests anchor the alignment: they name what they are about, while other
  // summaries may carry counters (etcd revisions) that shift after an insertion.
  const ops = align(
    a.map(alignKey),
    b.map(alignKey),
    { anchorA: (i) => a[i]!.type === 'request', anchorB: (j) => b[j]!.type === 'request' },
  );
  const out: EventDiff[] = [];
  let removed: TraceEvent[] = [];
  let added: TraceEvent[] = [];
  const flush = () => {
    if (removed.length + added.length > 0) out.push(...pairRun(removed, added));
    removed = [];
    added = [];
  };
  for (const op of ops) {
    if (op.op === 'added') added.push(b[op.b]!);
    else if (op.op === 'removed') removed.push(a[op.a]!);
    else {
      flush();
      const ea = a[op.a]!;
      const eb = b[op.b]!;
      const changes = eventChanges(ea, eb);
      out.push(changes.length > 0 ? { op: 'changed', a: ea, b: eb, changes } : { op: 'same', a: ea, b: eb });
    }
  }
  flush();
  const idsA = new Map(a.map((e) => [e.id, e]));
  const idsB = new Map(b.map((e) => [e.id, e]));
  const posA = new Map(a.map((e, i) => [e, i]));
  const posB = new Map(b.map((e, i) => [e, i]));
  return pairMoves(out, (e) => moveKey(e, idsA), (e) => moveKey(e, idsB), posA, posB, (e) => laneOf(e, idsA, servers));
}

function laneOf(e: TraceEvent, ids: Map<string, TraceEvent>, servers: ReadonlySet<string>): string {
  let actor = '';
  let request = '';
  for (let cur: TraceEvent | undefined = e, guard = 0; cur && guard < 1000 && (actor === '' || request === ''); guard++) {
    if (actor === '' && !servers.has(cur.from)) actor = cur.from;
    if (request === '' && cur !== e && cur.type === 'request' && !servers.has(cur.from)) request = cur.id;
    cur = cur.cause ? ids.get(cur.cause) : undefined;
  }
  return `${request}\u0000${actor}`;
}

/** What identifies an event for a move: itself and what caused it (a generic "validate Pod" phase is only the same one under the same request). */
function moveKey(e: TraceEvent, ids: Map<string, TraceEvent>): string {
  const cause = e.cause ? ids.get(e.cause) : undefined;
  return `${alignKey(e)}\u0000${cause ? alignKey(cause) : ''}`;
}

/**
 * An event removed in one place and added in another is one event, paired in
 * order by its content-derived identity (`moveKey`: what it is and what caused
 * it), shown once, where it is now. It is reported as **moved** only when its
 * order really changed: relative to the events of its lane (see `diffEvents`)
 * that the alignment kept, and to the other paired events of its lane. An event whose neighbours merely grew (a fourth Pod's
 * requests inserted before a ReplicaSet status update) is the same event in
 * the same order — `same`, or `changed` when its outcome differs.
 */
function pairMoves(
  entries: EventDiff[],
  keyA: (e: TraceEvent) => string,
  keyB: (e: TraceEvent) => string,
  posA: Map<TraceEvent, number>,
  posB: Map<TraceEvent, number>,
  lane: (a: TraceEvent) => string,
): EventDiff[] {
  const removedAt = new Map<string, number[]>();
  entries.forEach((e, i) => {
    if (e.op !== 'removed') return;
    const k = keyA(e.a!);
    removedAt.set(k, [...(removedAt.get(k) ?? []), i]);
  });
  if (removedAt.size === 0) return entries;
  const drop = new Set<number>();
  const paired: number[] = [];
  const out = entries.map((e, i): EventDiff => {
    if (e.op !== 'added') return e;
    const queue = removedAt.get(keyB(e.b!));
    const from = queue?.shift();
    if (from === undefined) return e;
    drop.add(from);
    paired.push(i);
    const a = entries[from]!.a!;
    const changes = eventChanges(a, e.b!);
    return { op: 'moved', a, b: e.b!, ...(changes.length > 0 ? { changes } : {}) };
  });
  // Per lane: the aligned pairs, increasing in a and in b, are the order both sides agree on.
  const skeletons = new Map<string, { xs: number[]; ys: number[] }>();
  for (const e of entries) {
    if (e.op !== 'same' && e.op !== 'changed') continue;
    const k = lane(e.a!);
    const sk = skeletons.get(k) ?? { xs: [], ys: [] };
    sk.xs.push(posA.get(e.a!)!);
    sk.ys.push(posB.get(e.b!)!);
    skeletons.set(k, sk);
  }
  const before = (xs: readonly number[], v: number): number => {
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // A pair fits its lane when as many of the lane's aligned events precede it in a as in b;
  // among the pairs of a lane that fit, the longest run increasing in both keeps its order.
  const fitting = new Map<string, { i: number; x: number; y: number }[]>();
  for (const i of paired) {
    const e = out[i]!;
    const k = lane(e.a!);
    const x = posA.get(e.a!)!;
    const y = posB.get(e.b!)!;
    const sk = skeletons.get(k) ?? { xs: [], ys: [] };
    if (before(sk.xs, x) !== before(sk.ys, y)) continue;
    fitting.set(k, [...(fitting.get(k) ?? []), { i, x, y }]);
  }
  for (const fits of fitting.values()) {
    fits.sort((p, q) => p.x - q.x);
    for (const k of longestIncreasingBy(fits.map((p) => p.y))) {
      const e = out[fits[k]!.i]!;
      out[fits[k]!.i] = e.changes ? { op: 'changed', a: e.a!, b: e.b!, changes: e.changes } : { op: 'same', a: e.a!, b: e.b! };
    }
  }
  return out.filter((_, i) => !drop.has(i));
}

/** Indices of a longest strictly increasing subsequence of `ys` (the earliest such run on ties). */
function longestIncreasingBy(ys: readonly number[]): number[] {
  const tails: number[] = [];
  const prev = new Int32Array(ys.length).fill(-1);
  for (let p = 0; p < ys.length; p++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ys[tails[mid]!]! < ys[p]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[p] = tails[lo - 1]!;
    tails[lo] = p;
  }
  const out: number[] = [];
  for (let p = tails.length > 0 ? tails[tails.length - 1]! : -1; p >= 0; p = prev[p]!) out.push(p);
  return out.reverse();
}

/**
 * A run of removals and insertions between two aligned events: the same
 * interaction with a new label (`stored at revision 3` → `… 4`) is one changed
 * event, paired in order by what the event is about without its summary.
 */
function pairRun(removed: TraceEvent[], added: TraceEvent[]): EventDiff[] {
  if (removed.length === 0) return added.map((e) => ({ op: 'added', b: e }));
  if (added.length === 0) return removed.map((e) => ({ op: 'removed', a: e }));
  const ops = align(removed.map(shapeKey), added.map(shapeKey), { anchorA: () => false, anchorB: () => false, maxD: 200 });
  return ops.map((op): EventDiff => {
    if (op.op === 'added') return { op: 'added', b: added[op.b] };
    if (op.op === 'removed') return { op: 'removed', a: removed[op.a] };
    const ea = removed[op.a]!;
    const eb = added[op.b]!;
    return { op: 'changed', a: ea, b: eb, changes: eventChanges(ea, eb) };
  });
}

/** What an event is about, without any of its text. */
function shapeKey(e: TraceEvent): string {
  return JSON.stringify([e.type, e.from, e.to, e.verb, e.method, e.path, e.resource ? canonicalJson(e.resource) : null, e.phase, e.action, e.etcd?.key ?? null]);
}

/**
 * What an event is, without how it turned out: the signature's fields minus
 * `status` and `result`. Aligning on it reports an event whose outcome changed
 * (201 → 403) as changed, not as one removal and one insertion.
 */
export function alignKey(e: TraceEvent): string {
  return JSON.stringify([e.type, e.from, e.to, e.verb, e.method, e.path, e.resource ? canonicalJson(e.resource) : null, e.phase, e.action, e.summary]);
}

function eventChanges(a: TraceEvent, b: TraceEvent): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of COMPARED_FIELDS) {
    if (canonicalJson(a[field] ?? null) !== canonicalJson(b[field] ?? null)) {
      out.push({ field, a: a[field] ?? null, b: b[field] ?? null });
    }
  }
  return out;
}

function stepKey(s: TraceStep): string {
  return `${s.kind}\u0000${s.command}\u0000${s.as ?? ''}`;
}

export function diffSteps(a: readonly TraceStep[], b: readonly TraceStep[]): StepDiff[] {
  const out: StepDiff[] = [];
  for (const op of align(a.map(stepKey), b.map(stepKey))) {
    if (op.op === 'added') {
      const s = b[op.b]!;
      out.push({ op: 'added', b: s.number, title: s.title, command: s.command, changes: [] });
    } else if (op.op === 'removed') {
      const s = a[op.a]!;
      out.push({ op: 'removed', a: s.number, title: s.title, command: s.command, changes: [] });
    } else {
      const sa = a[op.a]!;
      const sb = b[op.b]!;
      const changes = stepChanges(sa, sb);
      if (changes.length > 0) out.push({ op: 'changed', a: sa.number, b: sb.number, title: sb.title, command: sb.command, changes });
    }
  }
  return out;
}

function stepChanges(a: TraceStep, b: TraceStep): FieldChange[] {
  const out: FieldChange[] = [];
  const cmp = (field: string, x: unknown, y: unknown) => {
    if (canonicalJson(x ?? null) === canonicalJson(y ?? null)) return;
    const multi = field !== 'exitCode' && (asLines(x).length > 1 || asLines(y).length > 1 || Array.isArray(x) || Array.isArray(y));
    out.push({ field, a: x ?? null, b: y ?? null, ...(multi ? { lines: lineChanges(x, y) } : {}) });
  };
  cmp('output', a.output, b.output);
  cmp('error', a.error, b.error);
  cmp('exitCode', a.exitCode, b.exitCode);
  cmp('expectations', expectSummary(a.expectations), expectSummary(b.expectations));
  return out;
}

function expectSummary(list: readonly ExpectationResult[]): string[] {
  return list.map((e) => `${e.passed ? 'passed' : 'FAILED'}: ${e.description}${e.passed ? '' : ` (found ${e.found})`}`);
}


/** One line for `check`: `+3 events, -1 event, ~2 changed, step 2 output changed`. */
export function summarizeDiff(d: TraceDiff): string {
  const parts: string[] = [];
  if (d.counts.added) parts.push(`+${plural(d.counts.added, 'event')}`);
  if (d.counts.removed) parts.push(`-${plural(d.counts.removed, 'event')}`);
  if (d.counts.changed) parts.push(`~${d.counts.changed} changed`);
  if (d.counts.moved) parts.push(`${d.counts.moved} moved`);
  for (const s of d.steps) {
    if (s.op === 'added') parts.push(`step ${s.b} added`);
    else if (s.op === 'removed') parts.push(`step ${s.a} removed`);
    else parts.push(`step ${s.b} ${s.changes.map((c) => c.field).join(', ')} changed`);
  }
  for (const h of d.header) if (h.field === 'outcome.passed') parts.push(`expectations now ${h.b ? 'pass' : 'fail'}`);
  return parts.length > 0 ? parts.join(', ') : 'no difference in behaviour';
}
