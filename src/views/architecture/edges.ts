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
  for (const e of events) {
    const it = interactionOf(e);
    // Recording a Kubernetes Event is bookkeeping every component does; it would double the edges.
    if (it === null || e.from === e.to || isEventRecord(e) || recordParts.has(e.id)) continue;
    const from = drawnAs.get(e.from);
    const to = drawnAs.get(e.to);
    if (from === undefined || to === undefined || from === to) continue;
    const id = `${from}->${to}:${it.key}`;
    let d = drafts.get(id);
    if (d === undefined) {
      const numberKey = `${laneOf(index, e.from)}->${laneOf(index, e.to)}:${it.key}`;
      d = { edge: { id, from, to, emphasis: 'normal', ...(it.dashed ? { dashed: true } : {}), steps: [], events: [] }, numberKey, labels: [], failed: false };
      drafts.set(id, d);
    }
    d.edge.events.push(e.id);
    d.edge.steps.push(e.step);
    d.labels.push(it.label);
    d.failed ||= failedRequests.has(e.id) || isFailure(e.result);
  }
  return numberEdges([...drafts.values()]);
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
    return { ...d.edge, number: numbers.get(d.numberKey)!, label: joinLabels(d.labels), emphasis, steps: sortedNumbers(d.edge.steps) };
  });
  const legend: LegendEntry[] = [...members.entries()].map(([number, group]) => {
    const text = joinLabels(group.flatMap((d) => d.labels));
    const suffix = group.length > 1 ? ` (×${group.length})` : '';
    return { number, text: text + suffix, step: Math.min(...group.flatMap((d) => d.edge.steps)) };
  });
  return { edges, legend };
}
