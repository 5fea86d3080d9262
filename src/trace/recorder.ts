/**
 * Appends trace events in simulated-time order and hands out their stable
 * ids. Registers the components and hosts that appear. The model calls
 * `emit` at the simulated moment something happens; the clock guarantees
 * that moments only move forward.
 */
import type { Component, Host, TraceEvent } from './types.ts';
import { eventId, signatureOf } from './signature.ts';
import { OccurrenceTable } from './occurrences.ts';
import { buildEvent } from './event-shapes.ts';
import { BudgetExceeded } from '../common/budget.ts';

export type EventInput = Omit<TraceEvent, 'seq' | 'id' | 'sig' | 't' | 'step' | 'cause'> & {
  cause: string | null;
};

/** Receives each event as it is recorded (a streaming trace writer, ./spill.ts). */
export type EventSink = (event: TraceEvent) => void;

export class Recorder {
  /** The recorded events, unless `streamTo` was told not to keep them. */
  readonly events: TraceEvent[] = [];
  /** How many events were recorded (also those handed to a sink and not kept). */
  private total = 0;
  private latest: TraceEvent | undefined;
  /** Component ids that appear in some event (for componentList without the events). */
  private readonly used = new Set<string>();
  /** The last `from` and `to` added to `used`. */
  private lastFrom: string | undefined;
  private lastTo: string | undefined;
  private sink: EventSink | undefined;
  private keep = true;
  private readonly hosts = new Map<string, Host>();
  private readonly components = new Map<string, Component>();
  private readonly occurrences = new OccurrenceTable();
  /** Components listed even when no event involves them (control-plane members). */
  private readonly always = new Set<string>();
  /** The scenario step whose consequences are being recorded. */
  step = 0;
  /** How many events may be recorded in all (the run budget, ../common/budget.ts). */
  maxEvents = Number.POSITIVE_INFINITY;

  constructor(private readonly now: () => number) {}

  /**
   * Hands every event to `sink` as it is recorded; with `keep: false` the
   * recorder does not hold them, so a large run's memory does not grow with
   * its trace (`events` stays empty; `count` and `last` still answer).
   */
  streamTo(sink: EventSink, opts: { keep: boolean }): void {
    this.sink = sink;
    this.keep = opts.keep;
  }

  /** How many events were recorded so far. */
  get count(): number {
    return this.total;
  }

  /** Whether the recorder holds every recorded event in `events`. */
  get keepsEvents(): boolean {
    return this.keep;
  }

  /** The last recorded event. */
  last(): TraceEvent | undefined {
    return this.latest;
  }

  addHost(host: Host): void {
    if (!this.hosts.has(host.id)) this.hosts.set(host.id, host);
  }

  addComponent(c: Component, opts: { always?: boolean } = {}): void {
    if (!this.components.has(c.id)) this.components.set(c.id, c);
    if (opts.always) this.always.add(c.id);
  }

  /** Every registered component by id (used or not). */
  componentMap(): ReadonlyMap<string, Component> {
    return this.components;
  }

  hasComponent(id: string): boolean {
    return this.components.has(id);
  }

  /** Records one event and returns its id (the `cause` of what follows). */
  emit(input: EventInput): string {
    if (this.total >= this.maxEvents) throw new BudgetExceeded('events', this.maxEvents);
    // Each field is read once: inputs come in dozens of shapes, so every read is a megamorphic lookup.
    const { type, from, to, phase, action, verb, method, path, resource, etcd, status, result, summary, detail, cause, attrs } = input;
    const sig = signatureOf(type, from, to, verb, method, path, resource, phase, action, summary, status, result);
    const id = eventId(sig, this.occurrences.next(sig));
    // One literal per common shape of event, keys in the documented order (./event-shapes.ts).
    const ev = buildEvent(
      this.total, id, sig, this.now(), this.step, type, from, to,
      phase, action, verb, method, path, resource, etcd, status, result, summary, detail, cause,
      attrs !== undefined ? sortedAttrs(attrs) : undefined,
    );
    this.total++;
    this.latest = ev;
    // Most events involve the components of the one before, in the same or the
    // opposite direction (a request, then its answer): skip the Set for them.
    const lastFrom = this.lastFrom;
    const lastTo = this.lastTo;
    if (from !== lastFrom && from !== lastTo) this.used.add(from);
    if (to !== lastTo && to !== lastFrom) this.used.add(to);
    this.lastFrom = from;
    this.lastTo = to;
    if (this.keep) this.events.push(ev);
    if (this.sink) this.sink(ev);
    return id;
  }

  /** Hosts in registration order (control plane first, then workers). */
  hostList(): Host[] {
    return [...this.hosts.values()];
  }

  /** Components that appear in events (plus always-present ones), in registration order. */
  componentList(): Component[] {
    const used = new Set<string>(this.always);
    for (const id of this.used) used.add(id);
    const out: Component[] = [];
    for (const c of this.components.values()) {
      if (used.has(c.id)) {
        if (c.parent && !used.has(c.parent)) used.add(c.parent);
      }
    }
    for (const c of this.components.values()) if (used.has(c.id)) out.push(c);
    return out;
  }
}

/**
 * A copy of `a` with its keys in sorted order. Nearly every attrs object has
 * one key or keys already in order: for those the copy is made in one pass,
 * without the key array and its sort.
 */
function sortedAttrs(a: Record<string, string | number | boolean>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  let prev: string | undefined;
  let inOrder = true;
  for (const k in a) {
    if (prev !== undefined && k < prev) {
      inOrder = false;
      break;
    }
    prev = k;
  }
  if (inOrder) {
    for (const k in a) out[k] = a[k]!;
    return out;
  }
  for (const k of Object.keys(a).sort()) out[k] = a[k]!;
  return out;
}
