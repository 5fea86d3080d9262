/**
 * Folding repeated work. Events form a forest through `cause`; siblings whose
 * root events have the same *shape* (component kinds, verb, resource kind,
 * phase, action, status — never generated names or node ids) are the same
 * work done for k objects, e.g. one subtree per Pod a ReplicaSet created.
 * They become ONE loop holding a representative subtree (the first one), so
 * 3 and 10,000 replicas give the same diagram. When the members' subtrees
 * differ (one node pulls the image, another already has it) the loop holds
 * one variant per distinct subtree shape.
 */
import type { Component, TraceEvent } from '../../trace/types.ts';
import { componentOf, hostOf, laneKey } from '../common/components.ts';
import { pushTo } from '../common/collections.ts';
import { isEventRecord } from '../common/interactions.ts';
import { isNodeLevel } from './node-level.ts';

/** `Pulled` of `POST events (Pulled)`: which Event a component records is part of what it does. */
function eventReason(e: TraceEvent): string | undefined {
  return e.type === 'request' && e.resource?.kind === 'Event' ? /\(([^)]+)\)/.exec(e.summary)?.[1] : undefined;
}

export type Unit = { kind: 'event'; event: TraceEvent } | LoopUnit;

export interface LoopUnit {
  kind: 'loop';
  /** The first root event of the representative subtree. */
  root: TraceEvent;
  count: number;
  /**
   * Hosts whose lanes stand for several: the representative's k-th node
   * (in the order its work first touches a node) → how many nodes the
   * members touch k-th. 3 Pods started on 3 nodes: `worker-1 → 3`; a request
   * from worker-1 to a Pod on worker-2, 7 times: `worker-1 → 1, worker-2 → 1`.
   */
  standsFor: Map<string, number>;
  /** One entry per distinct subtree shape, each with how many members had it. */
  variants: { count: number; units: Unit[]; first: TraceEvent }[];
}

interface Forest {
  children: Map<string, TraceEvent[]>;
  roots: TraceEvent[];
}

export class Arranger {
  private readonly shapes = new Map<string, string>();
  private readonly deep = new Map<string, string>();
  private readonly interned = new Map<string, string>();

  /**
   * `podClass`: what a Pod or container lane stands for in a shape (standard:
   * its workload when it carries traffic, summary.ts SummaryLanes.podClass);
   * without it every Pod is alike, as at full where each has its own lane.
   */
  constructor(
    private readonly index: Map<string, Component>,
    private readonly podClass?: (c: Component) => string,
  ) {}

  /** The lane part of a shape: node-level components and Pods abstracted (laneKey), Pods by podClass when given. */
  laneClass(id: string): string {
    const c = componentOf(this.index, id);
    return this.podClass !== undefined && (c.kind === 'pod' || c.kind === 'container') ? this.podClass(c) : laneKey(c);
  }

  /** Units for events (trace order), with repeated sibling subtrees folded. */
  arrange(events: readonly TraceEvent[]): Unit[] {
    const forest = this.forest(events);
    const hidden = new Set<string>();
    const loopsAt = new Map<string, LoopUnit>();
    // Iterative walk (cause chains can be thousands deep): fold sibling groups, descend into singles.
    const pending: TraceEvent[][] = [forest.roots];
    while (pending.length > 0) {
      for (const group of this.groupByShape(pending.pop()!)) {
        const head = group[0]!; // groupByShape yields only non-empty groups (pushTo)
        if (group.length === 1) {
          pending.push(forest.children.get(head.id) ?? []);
          continue;
        }
        loopsAt.set(head.id, this.loop(group, forest));
        for (const member of group) for (const e of this.subtree(member, forest)) hidden.add(e.id);
      }
    }
    const units: Unit[] = [];
    for (const e of events) {
      const loop = loopsAt.get(e.id);
      if (loop) units.push(loop);
      else if (!hidden.has(e.id)) units.push({ kind: 'event', event: e });
    }
    return units;
  }

  private loop(group: TraceEvent[], forest: Forest): LoopUnit {
    const byDeep = new Map<string, TraceEvent[]>();
    for (const member of group) {
      const key = this.deepShape(member, forest);
      pushTo(byDeep, key, member);
    }
    const variants = [...byDeep.values()].map((members) => {
      const first = members[0]!; // pushTo never leaves a list empty
      return { count: members.length, first, units: this.arrange(this.subtree(first, forest)) };
    });
    return { kind: 'loop', root: group[0]!, /* arrange calls loop with groups of 2 or more */ count: group.length, standsFor: this.standsFor([...byDeep.values()], forest), variants };
  }

  /**
   * LoopUnit.standsFor. A member's k-th node is drawn on the representative's
   * k-th (variants.ts maps a variant's lanes onto the first variant's the same
   * way); a node past the representative's is drawn on the variant's own.
   */
  private standsFor(variants: readonly TraceEvent[][], forest: Forest): Map<string, number> {
    const nodesOf = (member: TraceEvent): string[] => {
      const out: string[] = [];
      for (const e of this.subtree(member, forest)) {
        for (const id of [e.from, e.to]) {
          const c = componentOf(this.index, id);
          const h = hostOf(this.index, c);
          if (h !== null && isNodeLevel(c.kind) && !out.includes(h)) out.push(h);
        }
      }
      return out;
    };
    // Each member's nodes once (a loop may fold thousands); a variant's first member is the one drawn.
    const nodes = variants.map((members) => members.map(nodesOf));
    const representative = nodes[0]![0]!; // a loop has a variant, a variant a member (pushTo)
    const drawnOn = new Map<string, Set<string>>();
    for (const members of nodes) {
      const own = members[0]!; // pushTo never leaves a list empty
      for (const member of members) {
        member.forEach((h, k) => {
          const box = representative[k] ?? own[k];
          if (box !== undefined) drawnOn.set(box, (drawnOn.get(box) ?? new Set()).add(h));
        });
      }
    }
    return new Map([...drawnOn].map(([box, hosts]) => [box, hosts.size]));
  }

  private forest(events: readonly TraceEvent[]): Forest {
    const ids = new Set(events.map((e) => e.id));
    const children = new Map<string, TraceEvent[]>();
    const roots: TraceEvent[] = [];
    for (const e of events) {
      if (e.cause !== null && ids.has(e.cause)) pushTo(children, e.cause, e);
      else roots.push(e);
    }
    return { children, roots };
  }

  /** Siblings grouped by shape, groups in order of their first member. */
  private groupByShape(siblings: TraceEvent[]): TraceEvent[][] {
    const groups = new Map<string, TraceEvent[]>();
    for (const e of siblings) {
      // Responses, phases and outcomes are part of the work, not repeated work items.
      const key = e.type === 'request' || e.type === 'watch' || e.type === 'action' || e.type === 'packet' ? this.shape(e) : `single:${e.id}`;
      pushTo(groups, key, e);
    }
    return [...groups.values()];
  }

  /** The event and its descendants, in trace order. */
  subtree(root: TraceEvent, forest: Forest): TraceEvent[] {
    const out: TraceEvent[] = [];
    const stack = [root];
    while (stack.length > 0) {
      const e = stack.pop()!;
      out.push(e);
      stack.push(...(forest.children.get(e.id) ?? []));
    }
    return out.sort((a, b) => a.seq - b.seq);
  }

  /** Shape of one event: what it is, with names and nodes abstracted away. */
  shape(e: TraceEvent): string {
    let s = this.shapes.get(e.id);
    if (s === undefined) {
      const lane = (id: string): string => this.laneClass(id);
      // Recording an Event is one kind of work whether it is the first POST or the PATCH of a repeat's count.
      if (isEventRecord(e)) s = ['event-record', lane(e.from), lane(e.to), eventReason(e)].map((v) => v ?? '').join('|');
      else s = [e.type, lane(e.from), lane(e.to), e.verb, e.method, e.resource?.kind, e.resource?.subresource, e.phase, e.action, e.etcd?.op, e.status, e.result, eventReason(e)].map((v) => v ?? '').join('|');
      this.shapes.set(e.id, s);
    }
    return s;
  }

  /**
   * Shape of a whole subtree, as a small interned number (iterative: cause
   * chains can be thousands deep; interned: nested strings would grow quadratically).
   */
  private deepShape(root: TraceEvent, forest: Forest): string {
    const stack: { e: TraceEvent; expanded: boolean }[] = [{ e: root, expanded: false }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!; // stack.length > 0 (loop condition)
      if (this.deep.has(top.e.id)) {
        stack.pop();
        continue;
      }
      // An Event record's handling (POST or PATCH, etcd create or put) is not part of its shape.
      const children = isEventRecord(top.e) ? [] : (forest.children.get(top.e.id) ?? []);
      if (!top.expanded) {
        top.expanded = true;
        for (const c of children) if (!this.deep.has(c.id)) stack.push({ e: c, expanded: false });
        continue;
      }
      stack.pop();
      const key = `${this.shape(top.e)}(${children.map((c) => this.deep.get(c.id)).join(',')})`;
      let id = this.interned.get(key);
      if (id === undefined) {
        id = String(this.interned.size);
        this.interned.set(key, id);
      }
      this.deep.set(top.e.id, id);
    }
    return this.deep.get(root.id)!;
  }

}
