/**
 * What the trace shows about each decision point of a step: which points were
 * reached, with which facts for their labels. Only evidence marks a point as
 * taken; a check without its own phase event counts as passed only when the
 * request demonstrably got past it (a later check or the etcd write happened).
 */
import type { Component, Trace, TraceEvent } from '../../trace/types.ts';
import type { Causality } from '../common/causality.ts';
import { componentOf } from '../common/components.ts';
import { isFailure, joinLabels } from '../common/interactions.ts';
import { READ_CHECKS, WRITE_CHECKS } from './template.ts';
import { plural } from '../../common/text.ts';

export interface Mark {
  taken: boolean;
  /** Replaces the template label (e.g. the real status line). */
  label?: string;
  sublabel?: string;
  /** The point was reached but went wrong (a 404 response). */
  failed?: boolean;
  events: TraceEvent[];
}

export type Marks = Map<string, Mark>;

export function markRequest(main: TraceEvent, events: readonly TraceEvent[], read: boolean, causality: Causality): Marks {
  const marks: Marks = new Map();
  const responseId = causality.responseOf.get(main.id);
  const response = responseId !== undefined ? causality.byId.get(responseId) : undefined;
  // What the API server did for this request: its descendants up to the response.
  const caused = events.filter((e) => e.seq > main.seq && (response === undefined || e.seq < response.seq) && e.from === main.to && causality.descendsFrom(e, main.id));
  const phase = (name: string) => caused.find((e) => e.type === 'phase' && e.phase === name);
  const etcd = caused.filter((e) => e.type === 'request' && e.etcd !== undefined);
  set(marks, 'start', [main], { label: main.summary });
  const checks = read ? READ_CHECKS : WRITE_CHECKS;
  const failedAt = checks.findIndex((c) => isFailure(phase(c.phase)?.result));
  const reached = (i: number): boolean => failedAt < 0 ? phase(checks[i]!.phase) !== undefined /* i is an index of checks: only checks.forEach calls reached */ || laterEvidence(i) : i <= failedAt;
  const laterEvidence = (i: number): boolean => checks.slice(i + 1).some((c) => phase(c.phase) !== undefined) || etcd.length > 0 || (read && response !== undefined);
  checks.forEach((c, i) => {
    if (!reached(i)) return;
    const ev = phase(c.phase);
    // Only a failure's reason is worth a sublabel; passed checks speak for themselves.
    set(marks, c.key, ev ? [ev] : [], ev && i === failedAt ? { sublabel: ev.summary } : {});
    if (i === failedAt) set(marks, `${c.key}-fail`, response ? [ev!, response] : [ev!], response ? { label: response.summary } : {});
  });
  if (failedAt >= 0) return marks;
  if (read) {
    const cache = phase('watch-cache');
    if (cache || etcd.length > 0) set(marks, 'cache', cache ? [cache] : etcd);
    // Served from the cache, the list asks etcd only for its current revision (a range with limit 1) so that the
    // cache answers once it is that fresh (consistent reads from cache, KEP-2340; apiserver storage/cacher
    // cacher.go GetList → storage.GetCurrentResourceVersionFromStorage): that is not "read from etcd".
    if (cache) set(marks, 'cache-hit', [cache, ...etcd], etcd.length > 0 ? { sublabel: 'etcd asked only for its current revision' } : {});
    else if (etcd.length > 0) set(marks, 'etcd-read', etcd, { sublabel: etcd[0]!.etcd?.key ?? '' }); // etcd.length > 0 (checked above)
  } else if (etcd.length > 0) {
    set(marks, 'etcd', etcd, { sublabel: etcd[0]!.etcd?.key ?? '' }); // etcd.length > 0 (checked above)
  }
  if (response) set(marks, 'response', [response], { label: response.summary, failed: response.result !== undefined && response.result !== 'ok' });
  return marks;
}

/**
 * A client step that writes several objects (`kubectl apply -f app.yaml` with 3 Deployments and 3 Services): the
 * etcd point and the response say all of its writes, not the first one's (review D62: `stored in etcd
 * /registry/deployments/default/frontend`, `201 Created deployments` under an apply of six objects). Returns
 * what the request point says: `POST ×6` (the etcd keys name the resources; `POST ×6: 3 Deployments, 3 Services`
 * widened architecture-overview's picture past a 900-px column), or the one write's summary.
 */
export function markWrites(marks: Marks, writes: readonly TraceEvent[], events: readonly TraceEvent[], causality: Causality): string {
  const first = writes[0];
  if (first === undefined) return '';
  if (writes.length === 1) return first.summary;
  const responseOf = (w: TraceEvent): TraceEvent | undefined => {
    const id = causality.responseOf.get(w.id);
    return id !== undefined ? causality.byId.get(id) : undefined;
  };
  // What the API server wrote for each request, before answering it (not what controllers wrote afterwards).
  const stored = writes.flatMap((w) => {
    const end = responseOf(w)?.seq ?? Infinity;
    return events.filter((e) => e.seq > w.seq && e.seq < end && e.from === w.to && e.type === 'request' && e.etcd !== undefined && e.etcd.op !== 'range' && causality.descendsFrom(e, w.id));
  });
  const etcd = marks.get('etcd');
  if (etcd && stored.length > 0) marks.set('etcd', { ...etcd, events: stored, sublabel: keysText(stored.map((e) => e.etcd!.key)) });
  const responses = writes.flatMap((w) => responseOf(w) ?? []);
  const response = marks.get('response');
  if (response && responses.length > 0) {
    const statuses = responses.map((r) => (r.resource?.resource !== undefined ? r.summary.replace(new RegExp(` ${r.resource.resource}$`), '') : r.summary));
    marks.set('response', { ...response, events: responses, label: tally(statuses).join(', '), failed: responses.some((r) => r.result !== undefined && r.result !== 'ok') });
  }
  const byMethod = new Map<string, TraceEvent[]>();
  for (const w of writes) byMethod.set(w.method ?? w.verb ?? '', [...(byMethod.get(w.method ?? w.verb ?? '') ?? []), w]);
  return [...byMethod]
    .map(([method, ws]) => (ws.length === 1 ? ws[0]!.summary : `${method} ×${ws.length}`))
    .join(' · ');
}

/** A kind's plural as English has it: `NetworkPolicies`, `IngressClasses`, `Ingresses`; `Endpoints` stays. */
export function kindPlural(kind: string): string {
  if (/[^aeiou]y$/.test(kind)) return `${kind.slice(0, -1)}ies`;
  if (kind === 'Endpoints') return kind;
  return /(s|x|ch|sh)$/.test(kind) ? `${kind}es` : `${kind}s`;
}

/** Distinct texts in first-seen order, a repeated one with its count (`201 Created ×6`); `say` words a count otherwise. */
export function tally(texts: readonly string[], say: (text: string, n: number) => string = (t, n) => (n > 1 ? `${t} ×${n}` : t)): string[] {
  const n = new Map<string, number>();
  for (const t of texts) n.set(t, (n.get(t) ?? 0) + 1);
  return [...n].map(([t, k]) => say(t, k));
}

/**
 * Several etcd keys as one: `/registry/{deployments,services/specs}/default/*` — the segments all keys share
 * are said once, the part that differs between them as `{a,b}` (the resources), differing names (the last
 * segment) as `*`, as a key prefix reads (an `…` read as a label cut short); keys of different depths as the
 * first and `+N more`; one key as it is.
 */
export function keysText(keys: readonly string[]): string {
  const distinct = [...new Set(keys)];
  if (distinct.length === 1) return distinct[0]!;
  const parts = distinct.map((k) => k.split('/'));
  const shortest = Math.min(...parts.map((p) => p.length));
  const same = (at: (p: string[]) => string | undefined) => parts.every((p) => at(p) === at(parts[0]!));
  // Shared leading segments, then shared segments before the name, counted from the end.
  let head = 0;
  while (head < shortest - 1 && same((p) => p[head])) head++;
  let tail = 0;
  while (head + tail < shortest - 1 && same((p) => p[p.length - 2 - tail])) tail++;
  const middles = [...new Set(parts.map((p) => p.slice(head, p.length - 1 - tail).join('/')))];
  if (middles.length > 1 && middles.includes('')) return `${distinct[0]} +${distinct.length - 1} more`;
  const names = new Set(parts.map((p) => p[p.length - 1]));
  const middle = middles.length === 1 ? middles.filter((m) => m !== '') : [`{${middles.join(',')}}`];
  return [...parts[0]!.slice(0, head), ...middle, ...parts[0]!.slice(parts[0]!.length - 1 - tail, -1), names.size === 1 ? parts[0]!.at(-1)! : '*'].join('/');
}

/**
 * A 422's reason as kubectl printed it, each field error by its detail (`\`selector\` does not match template
 * \`labels\``; a bare error type with its field: `spec.replicas: Required value`), in place of the validation
 * phase's bare `Deployment "web" is invalid` (review D55: the reason is what invalid-manifest is about).
 */
export function explainInvalid(marks: Marks, stderr: string | undefined): void {
  const mark = marks.get('validation');
  const list = stderr ? / is invalid: (.+)$/m.exec(stderr.trim())?.[1] : undefined;
  if (!mark || list === undefined || !/ is invalid$/.test(mark.sublabel ?? '')) return;
  const errors = list.replace(/^\[(.*)\]$/, '$1').split(/, (?=[A-Za-z][\w.[\]]*: )/);
  // The detail says what is wrong; a bare error type (`Required value`) needs its field.
  const short = errors.map((e) => {
    const field = e.slice(0, e.indexOf(': '));
    const detail = e.slice(e.lastIndexOf(': ') + 2);
    if (!field || field === e) return e;
    return /^(Required|Invalid|Unsupported|Duplicate|Not found|Forbidden|Too long|Too many)\b/.test(detail) ? `${field}: ${detail}` : detail;
  });
  marks.set('validation', { ...mark, sublabel: short.join('; ') });
}

/** Controllers, scheduler and kubelet: evidence anywhere in the step and its continuation. */
export function markPods(trace: Trace, index: Map<string, Component>, events: readonly TraceEvent[], controllers: string[], marks: Marks): void {
  const kind = (id: string) => componentOf(index, id).kind;
  const VERBS: Record<string, string> = { create: 'creates', update: 'updates', patch: 'updates', delete: 'deletes' };
  const fromController = events.filter((e) => e.type === 'request' && kind(e.from) === 'controller-manager' && VERBS[e.verb ?? ''] !== undefined && e.resource?.subresource === undefined);
  controllers.forEach((c, i) => {
    // A controller shows by acting on what comes next: a Deployment's controller on a ReplicaSet, the last one on Pods.
    const next = controllers[i + 1] ?? 'Pod';
    const acts = fromController.filter((e) => e.resource?.kind === next);
    if (acts.length === 0) return;
    const verbs = [...new Set(acts.map((e) => VERBS[e.verb!]))];
    set(marks, `ctrl-${c.toLowerCase()}`, acts, { sublabel: `${verbs.join('/')} ${plural(acts.length, next)}` });
  });
  const filters = events.filter((e) => e.type === 'phase' && e.phase === 'filter' && kind(e.from) === 'scheduler');
  const passed = filters.filter((e) => !isFailure(e.result));
  const failed = filters.filter((e) => isFailure(e.result));
  // A pass is told without the Pod's generated name (`3/3 nodes fit`); a failure keeps the scheduler's message.
  if (filters.length > 0) set(marks, 'sched', filters, { sublabel: failed[0]?.summary ?? passed[0]!.summary.replace(/^(filter: \d+\/\d+ nodes? fits?) .*$/, '$1') });
  if (failed.length > 0) set(marks, 'pending', failed);
  const binds = events.filter((e) => e.type === 'request' && e.resource?.subresource === 'binding');
  const hostOrder = trace.hosts.map((h) => h.id);
  const nodes = [...new Set(events.filter((e) => e.type === 'watch' && kind(e.to) === 'kubelet').map((e) => componentOf(index, e.to).host ?? e.to))].sort(
    (a, b) => hostOrder.indexOf(a) - hostOrder.indexOf(b),
  );
  if (binds.length > 0) set(marks, 'bind', binds, nodes.length > 0 ? { sublabel: joinLabels(nodes, 3) } : {});
  const pulls = events.filter((e) => e.action === 'pull-image');
  const present = events.filter((e) => e.action === 'image-present' || /already present/.test(e.summary));
  // The kubelet's own `Pulled … already present on machine` Events, for the pods this flow touched.
  const touchedPods = new Set(events.flatMap((e) => (e.resource?.kind === 'Pod' && e.resource.name ? [`${e.resource.namespace ?? ''}/Pod/${e.resource.name}`] : [])));
  const presentEvents = trace.outcome.kubeEvents.filter((k) => k.reason === 'Pulled' && /already present/.test(k.message) && touchedPods.has(k.object));
  // …and its `Pulling image …` Events: both branches counted the same way, so the two counts add up (review D17).
  const pullingEvents = trace.outcome.kubeEvents.filter((k) => k.reason === 'Pulling' && touchedPods.has(k.object));
  const times = (ks: typeof presentEvents) => ks.reduce((n, k) => n + k.count, 0);
  const skipped = present.length > 0 || presentEvents.length > 0;
  if (pulls.length > 0 || skipped) set(marks, 'image', [...present, ...pulls]);
  // Every branch taken has its count, or none has.
  const counted = (!skipped || presentEvents.length > 0) && (pulls.length === 0 || pullingEvents.length > 0);
  if (skipped) set(marks, 'skip-pull', present, counted ? { sublabel: `${times(presentEvents)}× already present` } : {});
  if (pulls.length > 0) set(marks, 'pull', pulls, counted ? { sublabel: `${times(pullingEvents)}× pulled` } : {});
  const sandboxes = events.filter((e) => e.action === 'run-pod-sandbox');
  if (sandboxes.length > 0) set(marks, 'sandbox', sandboxes);
  const starts = events.filter((e) => e.action === 'start-container');
  if (starts.length > 0) set(marks, 'started', starts);
  // Ready shows as the kubelet reporting the pod's status (or an outcome event) after a container started.
  const firstStart = starts[0]?.seq ?? Infinity;
  const running = events.filter(
    (e) =>
      e.seq > firstStart &&
      !isFailure(e.result) &&
      ((e.type === 'outcome' && kind(e.to) === 'pod') || (e.type === 'request' && kind(e.from) === 'kubelet' && e.resource?.kind === 'Pod' && e.resource.subresource === 'status')),
  );
  const ready = trace.outcome.pods.filter((p) => p.ready).length;
  if (running.length > 0) set(marks, 'ready', running, { sublabel: `${ready}/${trace.outcome.pods.length} pods ready` });
}

function set(marks: Marks, key: string, events: TraceEvent[], extra: { label?: string; sublabel?: string; failed?: boolean } = {}): void {
  marks.set(key, { taken: true, events, ...extra });
}
