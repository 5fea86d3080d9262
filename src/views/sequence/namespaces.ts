/**
 * Namespaces in message labels. A scenario whose focus is about namespaces —
 * kubectl works in two or more of them in its focus steps (`get pods -n
 * team-a`, then `get pods` in default), or a focus step writes a Namespace —
 * tells them apart in its sequence: an API call names the namespace it is
 * in (`GET pods · team-a`, `GET pods · default`, `POST pods ×2 · team-a`),
 * a call on a Namespace names the Namespace (`DELETE namespaces · team-a`).
 * Other scenarios keep their labels: a namespace that never changes says
 * nothing. At `summary` and `standard`; `full` draws the trace's own words.
 */
import type { Component, Trace, TraceEvent } from '../../trace/types.ts';
import type { SequenceItem, SequenceMessage } from '../types.ts';

/** Whether the focus steps are about namespaces (see the module comment). */
export function namespacesMatter(trace: Trace, kindOf: (id: string) => Component['kind']): boolean {
  const focus = new Set(trace.steps.filter((s) => s.setup !== true).map((s) => s.number));
  const requests = trace.events.filter((e) => focus.has(e.step) && e.type === 'request' && e.method !== undefined && e.resource !== undefined);
  if (requests.some((e) => e.resource!.kind === 'Namespace' && e.method !== 'GET')) return true;
  const used = new Set(requests.filter((e) => kindOf(e.from) === 'client').map((e) => e.resource!.namespace).filter((n) => n !== undefined));
  return used.size >= 2;
}

/**
 * Appends the namespace to every API call message (` · team-a`; several,
 * when merged calls span them: ` · default, team-a`), inside loops and alts.
 * A message that also stands for something cluster-scoped keeps its label,
 * and so does one whose label names it already (`DELETE namespaces team-a
 * (finalize)`).
 */
export function labelNamespaces(items: readonly SequenceItem[], byId: ReadonlyMap<string, TraceEvent>): void {
  for (const item of items) {
    if (item.type === 'message') nameIn(item, byId);
    else if (item.type === 'loop') labelNamespaces(item.items, byId);
    else if (item.type === 'alt') for (const b of item.branches) labelNamespaces(b.items, byId);
  }
}

function nameIn(m: SequenceMessage, byId: ReadonlyMap<string, TraceEvent>): void {
  const events = m.events.map((id) => byId.get(id));
  if (events.length === 0 || events.some((e) => e === undefined || e.type !== 'request' || e.method === undefined || e.resource === undefined)) return;
  const names = events.map((e) => namespaceOf(e!));
  if (names.some((n) => n === undefined)) return;
  const distinct = [...new Set(names as string[])].sort();
  // `DELETE namespaces team-a (finalize)` names it already.
  const words = new Set(m.label.split(/[\s/]+/));
  if (distinct.every((n) => words.has(n))) return;
  m.label = `${m.label} · ${distinct.join(', ')}`;
}

/** The namespace a call is in, or the Namespace it is on; undefined for other cluster-scoped objects. */
function namespaceOf(e: TraceEvent): string | undefined {
  const r = e.resource!;
  return r.kind === 'Namespace' ? r.name : r.namespace;
}
