/**
 * Cause-chain helpers. The model may chain causes step by step (request →
 * authentication → authorization → … → etcd reply → response), so a
 * response's `cause` is not always its request: pairs are found by walking
 * up the chain to the nearest open request between the same two components,
 * else the latest open request between them.
 */
import type { TraceEvent } from '../../trace/types.ts';
import { pushTo } from './collections.ts';

/** How far up a cause chain the pairing looks before falling back. */
const PAIRING_HOPS = 64;

export class Causality {
  readonly byId: Map<string, TraceEvent>;
  /** Request id → response id, and back. */
  readonly responseOf = new Map<string, string>();
  readonly requestOf = new Map<string, string>();
  private readonly children = new Map<string, TraceEvent[]>();

  constructor(events: readonly TraceEvent[]) {
    this.byId = new Map(events.map((e) => [e.id, e]));
    const open = new Set<string>();
    const openByPair = new Map<string, TraceEvent[]>();
    for (const e of events) {
      if (e.cause !== null) pushTo(this.children, e.cause, e);
      if (e.type === 'request') {
        open.add(e.id);
        pushTo(openByPair, `${e.from}\n${e.to}`, e);
      }
      if (e.type !== 'response') continue;
      const stack = openByPair.get(`${e.to}\n${e.from}`) ?? [];
      const request = this.requestAbove(e, open) ?? latestOpen(stack, open);
      if (request === undefined) continue;
      this.responseOf.set(request.id, e.id);
      this.requestOf.set(e.id, request.id);
      open.delete(request.id);
    }
  }

  private requestAbove(response: TraceEvent, open: Set<string>): TraceEvent | undefined {
    let hops = 0;
    for (let c = response.cause; c !== null && hops < PAIRING_HOPS; c = this.byId.get(c)?.cause ?? null, hops++) {
      const q = this.byId.get(c);
      if (q && q.type === 'request' && q.from === response.to && q.to === response.from && open.has(q.id)) return q;
    }
    return undefined;
  }

  /** True when `ancestor` is on e's cause chain. */
  descendsFrom(e: TraceEvent, ancestor: string): boolean {
    const stop = this.byId.get(ancestor)?.seq ?? -1;
    for (let c = e.cause; c !== null; ) {
      if (c === ancestor) return true;
      const parent = this.byId.get(c);
      // Causes always come earlier: once past the ancestor's position it cannot be on the chain.
      if (parent === undefined || parent.seq < stop) return false;
      c = parent.cause;
    }
    return false;
  }

  /** The response `request` got, if any. */
  responseTo(request: TraceEvent): TraceEvent | undefined {
    const id = this.responseOf.get(request.id);
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** What serving `request` caused up to its response (the handler's phases, etcd calls, the response itself). */
  servedUntilReply(request: TraceEvent): TraceEvent[] {
    return this.descendantsUntil(request, this.responseTo(request)?.seq ?? request.seq);
  }

  /** Descendants of `root` up to and including position `lastSeq`, found downwards. */
  descendantsUntil(root: TraceEvent, lastSeq: number): TraceEvent[] {
    const out: TraceEvent[] = [];
    const stack = [...(this.children.get(root.id) ?? [])];
    while (stack.length > 0) {
      const e = stack.pop()!;
      if (e.seq > lastSeq) continue;
      out.push(e);
      stack.push(...(this.children.get(e.id) ?? []));
    }
    return out;
  }

  /** The nearest request on e's cause chain that was sent to `to` (the request a phase belongs to). */
  requestInto(e: TraceEvent, to: string): TraceEvent | undefined {
    for (let c = e.cause; c !== null; c = this.byId.get(c)?.cause ?? null) {
      const q = this.byId.get(c);
      if (q && q.type === 'request' && q.to === to) return q;
    }
    return undefined;
  }
}

function latestOpen(stack: TraceEvent[], open: Set<string>): TraceEvent | undefined {
  while (stack.length > 0 && !open.has(stack[stack.length - 1]!.id)) stack.pop(); // stack.length > 0: checked first
  return stack[stack.length - 1];
}
