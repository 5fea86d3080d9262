/**
 * Architecture edges, grouped by the level of detail:
 *
 * - `full`: one edge per (from, to, kind of interaction);
 * - `standard` and `summary`: one edge per (from, to), its interactions listed.
 *
 * An edge points the way the request goes (hops.ts): a component's watch is
 * its own request to the API server, so the scheduler's edge is one arrow
 * scheduler → API server, `watch pods; POST pods/binding`, never an API
 * server → scheduler arrow carrying the scheduler's POST. Two boxes get two
 * edges only when each really calls the other (the kubelet watches the API
 * server; the API server calls the kubelet for `kubectl logs`).
 *
 * Edges are numbered in order of first occurrence. The same interaction
 * between components of the same kinds on different hosts (kubelet →
 * containerd on every worker) shares one number and the legend says how many
 * edges it stands for (`watch pods (×3)`), so the legend reads like the story
 * and not like a log. Legend entries are unique: two with the same text say
 * which boxes they join; a number never joins a failed (red) edge and one
 * that worked. Setup interactions (drawn only at `full`) are faint
 * and unnumbered.
 *
 * Red is for what failed: an edge is drawn failed only when every request it
 * stands for failed; one where some worked is drawn as working, its legend
 * entry saying what failed and in which steps, and red in those steps' frames
 * (`Fate`, `mixedNote`).
 */
import type { Component } from '../../trace/types.ts';
import type { DetailLevel, Emphasis, GraphEdge, GraphNode, LegendEntry } from '../types.ts';
import { componentOf, laneKey } from '../common/components.ts';
import { joinLabels } from '../common/interactions.ts';
import { phraseLabels } from './phrases.ts';
import { sortedNumbers } from '../common/steps.ts';
import { pushTo } from '../common/collections.ts';
import type { Hop } from './hops.ts';
import { isIncarnation, podOfIncarnation } from './incarnations.ts';
import { failedNote, failedRequests } from '../common/failed-note.ts';
import { guessedWorkload } from '../../common/generated-names.ts';

interface EdgeDraft {
  edge: GraphEdge;
  numberKey: string;
  labels: string[];
  /** Events this edge stands for that failed, and the steps and labels of their hops. */
  failedEvents: Set<string>;
  failedSteps: number[];
  failedLabels: string[];
  setup: boolean;
  /** Pods this edge stands for (fan-out/fan-in merged into one edge). */
  pods: Set<string>;
  /** Workers of a folded group (see fold.ts) whose interaction this edge stands for. */
  hosts: Set<string>;
  /** Traffic (packets): entries that read the same share one number, whichever boxes they join. */
  traffic: boolean;
}

export interface EdgeSet {
  edges: GraphEdge[];
  legend: LegendEntry[];
}

/**
 * Most things (resources, containers, …) named per list of an edge and legend entry (its watches, its other
 * requests); the rest are counted (`+2 more`). A summary's entry stays about one line in a legend beside the
 * clients (persistent-volumes: four made its summary 945 px tall, more than a slide's 900).
 */
const MAX_NAMED: Record<DetailLevel, number> = { summary: 3, standard: 5, full: 6 };

export function buildEdges(
  hops: readonly Hop[],
  index: Map<string, Component>,
  drawnAs: Map<string, string>,
  nodes: readonly GraphNode[],
  detail: DetailLevel,
  foldHost: ReadonlyMap<string, string> = new Map(),
  workloads: ReadonlyMap<string, string> = new Map(),
): EdgeSet {
  const drafts = new Map<string, EdgeDraft>();
  const fans = new Map<string, string>();
  const podLike = new Set(nodes.filter((n) => n.icon === 'pod').map((n) => n.id));
  for (const h of hops) {
    const from = drawnAs.get(edgeEnd(index, h.from));
    const to = drawnAs.get(edgeEnd(index, h.to));
    if (from === undefined || to === undefined || from === to) continue;
    const kind = detail === 'full' ? `:${h.it.key}` : '';
    const pair = `${from}->${to}`;
    // The same interaction with several pods (containerd → each pod, each pod → ingress) is one
    // edge to or from the first of them, labelled with how many pods it stands for.
    // Traffic merges only Pods of one workload on one node, with the same fate: a packet must end on
    // the node it really reached, a canary's traffic is not drawn as the stable Pods', and a dropped
    // connection keeps its own edge from the Pod that opened it.
    const group = (pod: string) => (h.event.type === 'packet' ? `:${namespacedWorkload(pod, workloads)}@${index.get(pod)?.host ?? ''}:${h.failed}` : '');
    const fan = podLike.has(to) && !podLike.has(from) ? `out:${from}${kind}:${h.setup}${group(edgeEnd(index, h.to))}` : podLike.has(from) && !podLike.has(to) ? `in:${to}${kind}:${h.setup}${group(edgeEnd(index, h.from))}` : null;
    const id = (fan !== null ? fans.get(fan) : undefined) ?? `${pair}${kind}${h.setup ? ':setup' : ''}`;
    if (fan !== null && !fans.has(fan)) fans.set(fan, id);
    let d = drafts.get(id);
    if (d === undefined) {
      // Numbered by the direction of the first interaction, so `client → Service` and `Service → Pod` stay apart.
      const numberKey = `${laneOf(index, edgeEnd(index, h.from))}->${laneOf(index, edgeEnd(index, h.to))}${kind}`;
      d = { edge: { id, from, to, emphasis: 'normal', ...(h.it.dashed ? { dashed: true } : {}), steps: [], events: [] }, numberKey, labels: [], failedEvents: new Set(), failedSteps: [], failedLabels: [], setup: h.setup, pods: new Set(), hosts: new Set(), traffic: h.event.type === 'packet' };
      drafts.set(id, d);
    }
    const hostOf = (id: string) => foldHost.get(id) ?? foldHost.get(edgeEnd(index, id)) ?? '';
    d.hosts.add([hostOf(h.from), hostOf(h.to)].filter((x) => x !== '').sort().join('|'));
    if (fan !== null) d.pods.add(fan.startsWith('out:') ? edgeEnd(index, h.to) : edgeEnd(index, h.from));
    if (!d.edge.events.includes(h.event.id)) d.edge.events.push(h.event.id);
    d.edge.steps.push(h.event.step);
    d.labels.push(h.it.label);
    if (h.failed) {
      d.failedEvents.add(h.event.id);
      d.failedSteps.push(h.event.step);
      d.failedLabels.push(h.it.label);
    }
    // A merged edge is dashed only when everything on it is (a watch); requests draw it solid.
    if (!h.it.dashed) delete d.edge.dashed;
  }
  if (detail === 'summary') liveEnds([...drafts.values()], nodes, drawnAs, podLike);
  // A picture of one step tells that step's story: an edge whose requests failed in it is red even when others worked.
  const oneStep = new Set(hops.filter((h) => !h.setup).map((h) => h.event.step)).size === 1;
  return numberEdges([...drafts.values()], nodes, (labels) => joinEdgeLabels(labels, detail), oneStep);
}

/**
 * At summary a Pod that failed and was deleted has a box apart from its node's live Pods (nodes.ts, fold.ts). An
 * edge that stands for several Pods ends on the first Pod's box; when that is a deleted one's and a live Pod's box is
 * among them, it ends there instead: the kubelet's probes of the live Pods (probes: `… readiness probe (2 pods)`)
 * went to the deleted `once` box, and the live Pods' box had no edge.
 */
function liveEnds(drafts: readonly EdgeDraft[], nodes: readonly GraphNode[], drawnAs: Map<string, string>, podLike: ReadonlySet<string>): void {
  const gone = new Set(nodes.filter((n) => n.emphasis === 'faint').map((n) => n.id));
  for (const d of drafts) {
    const end = podLike.has(d.edge.to) && !podLike.has(d.edge.from) ? 'to' : podLike.has(d.edge.from) && !podLike.has(d.edge.to) ? 'from' : undefined;
    if (end === undefined || !gone.has(d.edge[end])) continue;
    const live = [...d.pods].map((p) => drawnAs.get(p)).find((box) => box !== undefined && !gone.has(box));
    if (live !== undefined) d.edge[end] = live;
  }
}

/**
 * What an edge's requests came to: `failed` (drawn red) when every one of them
 * failed, `mixed` when some worked and some failed, `ok` when none failed. A
 * mixed edge is drawn as working — red would say the path is broken, which it
 * was only for a while (etcd-quorum: the writes of steps 1, 3 and 9 commit, the
 * one of step 5 does not) — and its legend entry says what failed and when;
 * in the frame of a step where it failed (`failedSteps`) it is red.
 */
type Fate = 'ok' | 'mixed' | 'failed';

function fateOf(d: EdgeDraft, oneStep: boolean): Fate {
  if (d.failedEvents.size === 0) return 'ok';
  return oneStep || d.edge.events.every((id) => d.failedEvents.has(id)) ? 'failed' : 'mixed';
}

/** Resources whose names fill a slide's legend line by themselves, as instructors write them. */
const SHORT_NAMES: [RegExp, string][] = [
  [/\bpersistentvolumeclaims\b/g, 'PVCs'],
  [/\bpersistentvolumes\b/g, 'PVs'],
  [/\bhorizontalpodautoscalers\b/g, 'HPAs'],
];

function shortNames(text: string): string {
  return SHORT_NAMES.reduce((t, [re, short]) => t.replace(re, short), text);
}

/**
 * `pod:default/web-7c5ddbdf54-x2kqp` → `default/web`: the workload a Pod belongs to, with its namespace, as buildNodes'
 * `workloads` found it (views/common/workloads.ts), else by its generated name.
 */
function namespacedWorkload(pod: string, workloads: ReadonlyMap<string, string>): string {
  const base = podOfIncarnation(pod);
  const slash = base.indexOf('/');
  return `${base.slice(0, slash + 1)}${workloads.get(pod) ?? workloads.get(base) ?? guessedWorkload(base.slice(slash + 1))}`;
}

/** Edges to a container end at its pod: the runtime acts on the pod, the container is drawn inside it. */
function edgeEnd(index: Map<string, Component>, id: string): string {
  const c = index.get(id);
  return c?.kind === 'container' && c.parent !== undefined ? c.parent : id;
}

function laneOf(index: Map<string, Component>, id: string): string {
  // Objects of one kind do the same for traffic (Ingress → Service, Service → kube-proxy's rules): one number.
  if (id.startsWith('object:')) return id.slice(0, id.indexOf('/'));
  // An earlier Pod of a name (incarnations.ts) does what its successor does: one number.
  if (isIncarnation(id)) return laneOf(index, podOfIncarnation(id));
  const c = componentOf(index, id);
  // Replicas of the scheduler and the controller manager (HA control planes) do the same work: one number.
  if ((c.kind === 'scheduler' || c.kind === 'controller-manager') && c.parent === undefined) return c.kind;
  return laneKey(c);
}

/**
 * A packet edge's labels without the generic `traffic` when the edge says more (`to another node`):
 * `traffic, to another node` would be a second legend entry for what `to another node` already says.
 */
function labelsOf(d: EdgeDraft): string[] {
  return d.traffic && d.labels.some((l) => l !== GENERIC_TRAFFIC) ? d.labels.filter((l) => l !== GENERIC_TRAFFIC) : d.labels;
}

const GENERIC_TRAFFIC = 'traffic';

const API_LABEL = /^[A-Z]+ \S+$/;

/**
 * An edge's labels: the watches it opened, then its other requests (`watch pods; POST pods/binding`),
 * each part in few words (phrases.ts: `store / read in etcd`, `create / start container`), at most
 * MAX_NAMED things named and the rest counted (`+2 more`). A summary also names a status update as an
 * update of its object and shortens calls and resource names. The standard and full views list API
 * requests method per resource, subresources in brackets (`PATCH/POST pods (status, binding)`).
 */
function joinEdgeLabels(labels: readonly string[], detail: DetailLevel): string {
  // Said once for the group too: a group of a `traffic` edge and a `to another node` edge reads `to another node`.
  if (labels.some((l) => l !== GENERIC_TRAFFIC) && labels.includes(GENERIC_TRAFFIC)) labels = labels.filter((l) => l !== GENERIC_TRAFFIC);
  const watches = labels.filter((l) => l.startsWith('watch '));
  const rest = labels.filter((l) => !l.startsWith('watch '));
  // A summary names a call to a component's own HTTP API by its method and first path segment
  // (`POST /exec/default/web/app (kubelet :10250)` → `POST /exec`): one line on a slide.
  const shortCall = (l: string) => l.replace(/^([A-Z]+) (\/[^/\s]+)\/\S*(?: \(.*\))?$/, '$1 $2');
  const part = (ls: readonly string[], max: number) => {
    if (detail === 'summary') return shortNames(phraseLabels(ls.map(shortCall), { max, foldStatus: true }));
    return ls.every((l) => API_LABEL.test(l)) ? joinLabels(ls, max) : phraseLabels(ls, { max });
  };
  return [watches, rest].map((ls) => part(ls, MAX_NAMED[detail])).filter((text) => text !== '').join('; ');
}

function numberEdges(drafts: EdgeDraft[], nodes: readonly GraphNode[], textOf: (labels: readonly string[]) => string, oneStep: boolean): EdgeSet {
  // Traffic that reads the same is one step of the story wherever it runs (a packet `to the Service` from the
  // internet and from the cloud load balancer, `deliver` to each Pod): one number, its legend entry counting the edges
  // (a dropped connection keeps a number of its own, drawn red).
  const byKey = new Map<string, EdgeDraft[]>();
  // A failed edge and one that worked never share a number: the legend would give a red and a black arrow one text.
  // A mixed edge is drawn black but its legend entry says what failed: a number of its own too.
  const fate = new Map(drafts.map((d) => [d, fateOf(d, oneStep)]));
  const fateOfDraft = (d: EdgeDraft) => fate.get(d)!;
  const failed = (d: EdgeDraft) => fateOfDraft(d) === 'failed';
  const groupOf = (d: EdgeDraft) => `${d.numberKey}:${fateOfDraft(d)}`;
  for (const d of drafts) if (!d.setup) pushTo(byKey, groupOf(d), d);
  const keyOf = new Map<string, string>();
  for (const [key, group] of byKey) keyOf.set(key, group.every((d) => d.traffic) ? `traffic:${fateOfDraft(group[0]!)}:${textOf(group.flatMap(labelsOf))}` : key);
  const numbers = new Map<string, number>();
  const members = new Map<number, EdgeDraft[]>();
  for (const d of drafts) {
    if (d.setup) continue;
    const key = keyOf.get(groupOf(d))!;
    if (!numbers.has(key)) numbers.set(key, numbers.size + 1);
    pushTo(members, numbers.get(key)!, d);
  }
  const numberOf = (d: EdgeDraft) => (d.setup ? Number.MAX_SAFE_INTEGER : numbers.get(keyOf.get(groupOf(d))!)!);
  // Stable sort: edges that share a number sit together, in first-occurrence order; setup edges last.
  const ordered = [...drafts].sort((a, b) => numberOf(a) - numberOf(b));
  const edges = ordered.map((d): GraphEdge => {
    const emphasis: Emphasis = d.setup ? 'faint' : failed(d) ? 'danger' : 'normal';
    // On a folded worker group the edge stands for one interaction per worker: (×3), not (3 pods).
    const label = textOf(labelsOf(d)) + (d.hosts.size > 1 ? ` (×${d.hosts.size})` : d.pods.size > 1 ? ` (${d.pods.size} pods)` : '');
    const edge: GraphEdge = { ...d.edge, label, emphasis, steps: sortedNumbers(d.edge.steps) };
    if (!d.setup) edge.number = numberOf(d);
    if (!d.setup && fateOfDraft(d) === 'mixed') {
      edge.failedSteps = sortedNumbers(d.failedSteps);
      const what = failedRequests(d.failedLabels, d.failedSteps, d.labels, textOf);
      if (what !== undefined) edge.failedRequests = what;
    }
    return edge;
  });
  const name = new Map(nodes.map((n) => [n.id, n.label]));
  const legend: LegendEntry[] = [...members.entries()].map(([number, group]) => {
    const text = textOf(group.flatMap(labelsOf));
    const times = group.reduce((sum, d) => sum + Math.max(1, d.hosts.size), 0);
    const suffix = times > 1 ? ` (×${times})` : '';
    return { number, text: text + suffix + mixedNote(group.filter((d) => fateOfDraft(d) === 'mixed'), textOf), step: Math.min(...group.flatMap((d) => d.edge.steps)) };
  });
  // Entries that read the same say what failed (a dropped connection's hops read like the allowed one's), then which boxes they join.
  const countOf = () => {
    const count = new Map<string, number>();
    for (const l of legend) count.set(l.text, (count.get(l.text) ?? 0) + 1);
    return count;
  };
  let count = countOf();
  for (const l of legend) {
    const group = members.get(l.number)!;
    if (count.get(l.text)! < 2 || !group.some(failed)) continue;
    l.text += group.every((d) => d.traffic) ? ' · dropped connection' : ' · failed';
  }
  count = countOf();
  for (const l of legend) {
    if (count.get(l.text)! < 2) continue;
    const first = members.get(l.number)![0]!.edge;
    l.text = `${name.get(first.from) ?? first.from} → ${name.get(first.to) ?? first.to}: ${l.text}`;
  }
  return { edges, legend };
}

/**
 * The legend's note on edges where some requests failed and others worked:
 * which failed and in which steps (`· POST pods/eviction failed in step 6`,
 * `· POST configmaps failed in step 5, GET configmaps in steps 6–7`), or the
 * steps alone (`· failed in steps 3, 5–7`; views/common/failed-note.ts). Empty when none is mixed (never in a picture of one step: there
 * an edge whose requests failed in it is drawn failed, fateOf).
 */
function mixedNote(mixed: readonly EdgeDraft[], textOf: (labels: readonly string[]) => string): string {
  if (mixed.length === 0) return '';
  const what = failedRequests(mixed.flatMap((d) => d.failedLabels), mixed.flatMap((d) => d.failedSteps), mixed.flatMap((d) => d.labels), textOf);
  return ` · ${failedNote(what, sortedNumbers(mixed.flatMap((d) => d.failedSteps)))}`;
}
