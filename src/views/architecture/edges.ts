/**
 * Architecture edges: one per (from, to, kind of interaction), numbered in
 * order of first occurrence. The same interaction between components of the
 * same kinds on different hosts (kubelet → containerd on every worker) shares
 * one number, so the legend reads like the story and not like a log.
 */
import type { Component, TraceEvent } from '../../trace/types.ts';
import type { Emphasis, GraphEdge, LegendEntry } from '../types.ts';
import type { Causality } from '../common/causality.ts';
import { componentOf, laneKey } from '../common/components.ts';
import { eventStorage, interactionOf, isEventRecord, isFailure, joinLabels } from '../common/interactions.ts';
import { sortedNumbers } from '../common/steps.ts';
import { pushTo } from '../common/collections.ts';

interface EdgeDraft {
  edge: GraphEdge;
  numberKey: string;
  labels: string[];
  failed: boolean;
  /** Pods this edge stands for (fan-out/fan-in merged into one edge). */
  pods: Set<string>;
}

export interface EdgeSet {
  edges: GraphEdge[];
  legend: LegendEntry[];
}

export function buildEdges(events: readonly TraceEvent[], index: Map<string, Component>, drawnAs: Map<string, string>, causality: Causality): EdgeSet {
  const failedRequests = new Set(
    events.filter((e) => e.type === 'response' && isFailure(e.result)).flatMap((e) => causality.requestOf.get(e.id) ?? []),
  );
  const recordParts = eventStorage(events, causality);
  const drafts = new Map<string, EdgeDraft>();
  const fans = new Map<string, string>();
  for (const e of events) {
    const it = interactionOf(e);
    // Recording a Kubernetes Event is bookkeeping every component does; it would double the edges.
    if (it === null || e.from === e.to || isEventRecord(e) || recordParts.has(e.id)) continue;
    const from = drawnAs.get(edgeEnd(index, e.from));
    const to = drawnAs.get(edgeEnd(index, e.to));
    if (from === undefined || to === undefined || from === to) continue;
    // The same interaction with several pods (containerd → each pod, each pod → ingress) is one
    // edge to or from the first of them, labelled with how many pods it stands for.
    const fan = isPod(index, to) ? `out:${from}:${it.key}` : isPod(index, from) ? `in:${to}:${it.key}` : null;
    const id = (fan !== null ? fans.get(fan) : undefined) ?? `${from}->${to}:${it.key}`;
    if (fan !== null && !fans.has(fan)) fans.set(fan, id);
    let d = drafts.get(id);
    if (d === undefined) {
      const numberKey = `${laneOf(index, e.from)}->${laneOf(index, e.to)}:${it.key}`;
      d = { edge: { id, from, to, emphasis: 'normal', ...(it.dashed ? { dashed: true } : {}), steps: [], events: [] }, numberKey, labels: [], failed: false, pods: new Set() };
      drafts.set(id, d);
    }
    if (fan !== null) d.pods.add(fan.startsWith('out:') ? edgeEnd(index, e.to) : edgeEnd(index, e.from));
    d.edge.events.push(e.id);
    d.edge.steps.push(e.step);
    d.labels.push(it.label);
    d.failed ||= failedRequests.has(e.id) || isFailure(e.result);
  }
  return numberEdges([...drafts.values()]);
}

function isPod(index: Map<string, Component>, drawn: string): boolean {
  return drawn.startsWith('more:') || index.get(drawn)?.kind === 'pod';
}

/** Edges to a container end at its pod: the runtime acts on the pod, the container is drawn inside it. */
function edgeEnd(index: Map<string, Component>, id: string): string {
  const c = index.get(id);
  return c?.kind === 'container' && c.parent !== undefined ? c.parent : id;
}

function laneOf(index: Map<string, Component>, id: string): string {
  return laneKey(componentOf(index, id));
}

function numberEdges(drafts: EdgeDraft[]): EdgeSet {
  const numbers = new Map<string, number>();
  const members = new Map<number, EdgeDraft[]>();
  for (const d of drafts) {
    if (!numbers.has(d.numberKey)) numbers.set(d.numberKey, numbers.size + 1);
    const n = numbers.get(d.numberKey)!;
    pushTo(members, n, d);
  }
  // Stable sort: edges that share a number sit together, in first-occurrence order.
  const ordered = [...drafts].sort((a, b) => numbers.get(a.numberKey)! - numbers.get(b.numberKey)!);
  const edges = ordered.map((d) => {
    const emphasis: Emphasis = d.failed ? 'danger' : 'normal';
    const label = joinLabels(d.labels) + (d.pods.size > 1 ? ` (${d.pods.size} pods)` : '');
    return { ...d.edge, number: numbers.get(d.numberKey)!, label, emphasis, steps: sortedNumbers(d.edge.steps) };
  });
  const legend: LegendEntry[] = [...members.entries()].map(([number, group]) => {
    const text = joinLabels(group.flatMap((d) => d.labels));
    const suffix = group.length > 1 ? ` (×${group.length})` : '';
    return { number, text: text + suffix, step: Math.min(...group.flatMap((d) => d.edge.steps)) };
  });
  return { edges, legend };
}
