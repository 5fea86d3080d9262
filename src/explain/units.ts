/**
 * Narrative units: a request together with how its server handled it (the
 * handler-chain phases, the etcd round trip, the response) is told as one
 * thing, the way an article says "the API server authenticates alice,
 * authorizes the request, … and answers 201 Created". Everything else (watch
 * notifications, controller reconciles, scheduler decisions, outcomes) is a
 * unit of its own. Units of the same shape about different objects are told
 * once ("creates 3 Pods: a, b, c").
 */
import type { TraceEvent } from '../trace/types.ts';
import { objectName } from './sentences.ts';

export interface Unit {
  /** The request, or the standalone event. */
  head: TraceEvent;
  /** The server's handling of the request, in order (empty for standalone events). */
  handling: TraceEvent[];
}

/** Splits a step's events into units, in order of their first event. */
export function unitsOf(events: readonly TraceEvent[]): Unit[] {
  const units: Unit[] = [];
  const unitOf = new Map<string, Unit>();
  for (const e of events) {
    const parent = e.cause ? unitOf.get(e.cause) : undefined;
    if (parent && belongsTo(e, parent)) {
      parent.handling.push(e);
      unitOf.set(e.id, parent);
      continue;
    }
    const unit: Unit = { head: e, handling: [] };
    units.push(unit);
    if (e.type === 'request') unitOf.set(e.id, unit);
  }
  return units;
}

/**
 * Part of the handling: the server's own phases and actions, its calls to
 * storage and their answers, and its response to the client. Watch
 * notifications and other components' reactions are consequences, told apart.
 */
function belongsTo(e: TraceEvent, u: Unit): boolean {
  if (u.head.type !== 'request') return false;
  const server = u.head.to;
  const client = u.head.from;
  switch (e.type) {
    case 'phase':
    case 'action':
      return e.from === server;
    case 'request':
      return e.from === server && e.to !== client && u.handling.length < 64;
    case 'response':
      return e.to === server || (e.from === server && e.to === client);
    default:
      return false;
  }
}

/** Units that say the same thing about different objects share a shape. */
export function shapeOf(u: Unit): string {
  const object = objectName(u.head, u.handling);
  const headPath = !object && u.head.path ? u.head.path.split('?')[0]! : undefined;
  const strip = (e: TraceEvent) => {
    const name = e.resource?.name;
    const key = e.etcd?.key;
    let s = e.summary.replace(/\b\d+\b/g, '#');
    if (name) s = s.split(name).join('*');
    if (object) s = s.split(object).join('*');
    if (key) s = s.split(key).join('*');
    // Requests about no named object (discovery, non-resource URLs) differ only by path.
    if (headPath && !object) s = s.split(headPath).join('*');
    return [e.type, e.from, e.to, e.verb ?? '', e.method ?? '', e.resource?.kind ?? '', e.resource?.subresource ?? '', e.phase ?? '', e.action ?? '', e.result ?? '', e.status ?? '', s].join('|');
  };
  return [u.head, ...u.handling].map(strip).join('\n');
}
