/**
 * One scheduling cycle for one pod (pkg/scheduler/schedule_one.go):
 * filter nodes from a rotating start index until enough feasible nodes are
 * found, score them with the default plugins, pick the best.
 *
 * Ties: kube-scheduler picks uniformly among the best with reservoir
 * sampling (`rand.Intn(cnt) == 0`). With `opts.rand` we do the same, in scan
 * order; without it the first node in name order among the best wins, so
 * results are deterministic without a PRNG.
 */
import type {
  CycleState,
  FilterFailure,
  FilterPlugin,
  NodeInfo,
  NodeScore,
  PodInfo,
  Resources,
  ScheduleOptions,
  ScheduleResult,
  ScorePlugin,
} from './types.ts';
import { nodeAffinity, nodeName, nodePorts, nodeResourcesFit, nodeUnschedulable, taintToleration } from './plugins/filters.ts';
import { podTopologySpreadFilter, podTopologySpreadScore } from './plugins/spread.ts';
import { interPodAffinityFilter, interPodAffinityScore } from './plugins/interpod.ts';
import {
  balancedAllocation,
  balancedAllocationOf,
  balancedAllocationScore,
  imageLocalityOf,
  imageLocalityOfOne,
  imageLocalityPrep,
  imageLocalityScore,
  nodeAffinityScore,
  nodeAffinityScoresFlat,
  leastAllocatedOf,
  nodeResourcesFitOf,
  nodeResourcesFitScore,
  skipsBalancedAllocation,
  taintTolerationScore,
} from './plugins/scores.ts';
import { spreadScoresFlat } from './plugins/spread.ts';
import { interPodScoresFlat } from './plugins/interpod.ts';
import { MAX_NODE_SCORE } from './types.ts';
import { failedSchedulingMessage } from './message.ts';
import type { NodeColumns } from './node-columns.ts';
import { volumeBinding } from './volumebinding.ts';

/**
 * Default profile filters, in kube-scheduler's order (VolumeRestrictions,
 * NodeVolumeLimits and VolumeZone not modelled). VolumeBinding's
 * PreFilterResult is not a filter: it narrows the nodes scanned (see
 * `nodesToScan`).
 */
export const DEFAULT_FILTERS: readonly FilterPlugin[] = [
  nodeUnschedulable,
  nodeName,
  taintToleration,
  nodeAffinity,
  nodePorts,
  nodeResourcesFit,
  volumeBinding,
  podTopologySpreadFilter,
  interPodAffinityFilter,
];

/** Default profile scorers with their default weights. */
export const DEFAULT_SCORERS: readonly ScorePlugin[] = [
  taintTolerationScore,
  nodeAffinityScore,
  nodeResourcesFitScore,
  podTopologySpreadScore,
  interPodAffinityScore,
  balancedAllocationScore,
  imageLocalityScore,
];

const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE = 5;

/** numFeasibleNodesToFind: all nodes below 100; else an adaptive percentage, at least 100 nodes. */
export function numFeasibleNodesToFind(numAllNodes: number, percentageOfNodesToScore = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND || percentageOfNodesToScore >= 100) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage <= 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE) percentage = MIN_FEASIBLE_NODES_PERCENTAGE;
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return numNodes < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : numNodes;
}

interface FilterOutcome {
  feasible: NodeInfo[];
  /** With columns: each feasible node's row (its index in the node list). */
  rows: number[] | undefined;
  filtered: FilterFailure[];
  /** Node name → whether its failure is unresolvable (for the preemption message). */
  unresolvable: Map<string, boolean>;
  processed: number;
}

function runFilters(state: CycleState, nodes: readonly NodeInfo[], start: number, want: number, all: readonly FilterPlugin[], cols: NodeColumns | undefined): FilterOutcome {
  const rows: number[] | undefined = cols ? [] : undefined;
  const out: FilterOutcome = { feasible: [], rows, filtered: [], unresolvable: new Map(), processed: 0 };
  // PreFilter: plugins that answer Skip for this pod are not run per node.
  const filters = all.filter((f) => f.skip === undefined || !f.skip(state));
  // When every filter left is one whose pass condition is known here, a node that plainly passes them all
  // (schedulable, untainted, room for the pod) is feasible without calling them; any other node runs them.
  const quick = filters.every((f) => f === nodeUnschedulable || f === taintToleration || f === nodeResourcesFit);
  const req = state.pod.requests;
  const n = nodes.length;
  for (let i = 0; i < n && out.feasible.length < want; i++) {
    const row = (start + i) % n;
    const node = nodes[row] as NodeInfo;
    out.processed++;
    if (quick && (cols ? plainlyFitsRow(cols, row, req) : plainlyFits(node, req))) {
      out.feasible.push(node);
      rows?.push(row);
      continue;
    }
    let failed = false;
    for (const f of filters) {
      const status = f.filter(state, node);
      if (status === null) continue;
      for (const reason of status.reasons) out.filtered.push({ node: node.name, plugin: f.name, reason });
      out.unresolvable.set(node.name, status.unresolvable);
      failed = true;
      break; // the framework stops at the first failing filter
    }
    if (!failed) {
      out.feasible.push(node);
      rows?.push(row);
    }
  }
  return out;
}

/** Schedulable, untainted, room for one more pod and for its cpu and memory: passes NodeUnschedulable, TaintToleration and NodeResourcesFit. */
function plainlyFits(node: NodeInfo, req: Resources): boolean {
  return (
    !node.unschedulable &&
    node.taints.length === 0 &&
    node.podCount + 1 <= node.allocatable.pods &&
    !(req.cpuMillis > 0 && req.cpuMillis > node.allocatable.cpuMillis - node.requested.cpuMillis) &&
    !(req.memoryBytes > 0 && req.memoryBytes > node.allocatable.memoryBytes - node.requested.memoryBytes)
  );
}

/** `plainlyFits` of the node in row `row`, read from the columns. */
function plainlyFitsRow(c: NodeColumns, row: number, req: Resources): boolean {
  return (
    c.plain[row] === 1 &&
    c.podCount[row]! + 1 <= c.allocPods[row]! &&
    !(req.cpuMillis > 0 && req.cpuMillis > c.allocCpu[row]! - c.requestedCpu[row]!) &&
    !(req.memoryBytes > 0 && req.memoryBytes > c.allocMemory[row]! - c.requestedMemory[row]!)
  );
}

/** The caller's node columns and the row of each feasible node. */
interface Columns {
  columns: NodeColumns;
  rows: readonly number[];
}

/** The feasible nodes' weighted totals, and each plugin's normalised scores (for the per-plugin breakdown, built when asked). */
interface Scored {
  totals: number[];
  perPlugin(): number[][];
}

function scoreNodes(state: CycleState, feasible: readonly NodeInfo[], scorers: readonly ScorePlugin[], cols: Columns | undefined): Scored {
  if (scorers === DEFAULT_SCORERS) {
    const flat = flatDefaultScores(state, feasible, cols);
    if (flat !== undefined) return flat;
  }
  const perPlugin = scorers.map((p) => {
    const raw = p.score(state, feasible);
    p.normalize?.(state, raw);
    return raw;
  });
  // A plain array: a Float64Array this size gets an off-heap backing store, slow to allocate once per cycle.
  const totals = new Array<number>(feasible.length).fill(0);
  for (let k = 0; k < perPlugin.length; k++) {
    const raw = perPlugin[k] as number[];
    const weight = (scorers[k] as ScorePlugin).weight;
    // Summed plugin by plugin, in plugin order: the same additions, in the same order, as node by node.
    for (let i = 0; i < totals.length; i++) totals[i] = (totals[i] as number) + (raw[i] as number) * weight;
  }
  return { totals, perPlugin: () => perPlugin };
}

/**
 * The default scorers' normalised score for every node when the plugin scores
 * all nodes alike: TaintToleration with no taint on any scored node (raw 0,
 * reversed: 100), NodeAffinity and InterPodAffinity without preferred terms
 * (0), PodTopologySpread without ScheduleAnyway constraints (raw 0: 100).
 */
const FLAT_SCORES = new Map<ScorePlugin, number>([
  [taintTolerationScore, MAX_NODE_SCORE],
  [nodeAffinityScore, 0],
  [podTopologySpreadScore, MAX_NODE_SCORE],
  [interPodAffinityScore, 0],
]);

/** Their weighted sum: what those four plugins add to every node's total. */
const FLAT_TOTAL = [...FLAT_SCORES].reduce((sum, [p, score]) => sum + score * p.weight, 0);

/**
 * The default profile's scores in one pass when four of its seven plugins
 * score every node alike (a pod without preferences or spread constraints on
 * untainted nodes, the common case): each node's total is their constant part
 * plus NodeResourcesFit, NodeResourcesBalancedAllocation and ImageLocality,
 * with no per-plugin arrays; the per-plugin breakdown is rebuilt only when
 * read. Every score is an integer, so the sum is exactly the plugin-by-plugin
 * one. `undefined` when the case does not apply (the plugins then run).
 */
function flatDefaultScores(state: CycleState, feasible: readonly NodeInfo[], cols: Columns | undefined): Scored | undefined {
  const { pod } = state;
  if (!nodeAffinityScoresFlat(pod) || !interPodScoresFlat(pod) || !spreadScoresFlat(state)) return undefined;
  const n = feasible.length;
  const fitRequests = pod.nonZeroRequests ?? pod.requests;
  const balanced = !skipsBalancedAllocation(pod.requests);
  const images = imageLocalityPrep(state);
  const fitWeight = nodeResourcesFitScore.weight;
  const balancedWeight = balancedAllocationScore.weight;
  const imageWeight = imageLocalityScore.weight;
  const fit = (node: NodeInfo): number => nodeResourcesFitOf(fitRequests, node);
  const bal = (node: NodeInfo): number => (balanced ? balancedAllocation(pod.requests, node) : 0);
  const img = (node: NodeInfo): number => imageLocalityOf(images, node);
  const totals = new Array<number>(n);
  if (cols) {
    // The same scores from the columns (one row per node): no NodeInfo is read unless the pod has several images.
    const { columns: c, rows } = cols;
    const one = images.images.length === 1 ? images.images[0]! : undefined;
    const none = images.images.length === 0;
    for (let i = 0; i < n; i++) {
      const row = rows[i]!;
      if (c.tainted[row] === 1) return undefined;
      const fitScore = leastAllocatedOf(fitRequests.cpuMillis, fitRequests.memoryBytes, c.nonZeroCpu[row]!, c.nonZeroMemory[row]!, c.allocCpu[row]!, c.allocMemory[row]!);
      const balScore = balanced ? balancedAllocationOf(pod.requests.cpuMillis, pod.requests.memoryBytes, c.requestedCpu[row]!, c.requestedMemory[row]!, c.allocCpu[row]!, c.allocMemory[row]!) : 0;
      const imgScore = none ? 0 : one !== undefined ? imageLocalityOfOne(images, c.imageSize(one, row)) : img(feasible[i] as NodeInfo);
      totals[i] = FLAT_TOTAL + fitScore * fitWeight + balScore * balancedWeight + imgScore * imageWeight;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const node = feasible[i] as NodeInfo;
      // A tainted node (rare among feasible ones): TaintToleration may not score alike, so the plugins run.
      if (node.taints.length !== 0) return undefined;
      totals[i] = FLAT_TOTAL + fit(node) * fitWeight + bal(node) * balancedWeight + img(node) * imageWeight;
    }
  }
  let perPlugin: number[][] | undefined;
  const column = (p: ScorePlugin): number[] => {
    const of = p === nodeResourcesFitScore ? fit : p === balancedAllocationScore ? bal : p === imageLocalityScore ? img : undefined;
    return of ? feasible.map(of) : new Array<number>(n).fill(FLAT_SCORES.get(p)!);
  };
  return { totals, perPlugin: () => (perPlugin ??= DEFAULT_SCORERS.map(column)) };
}

/** NodeScore objects for every scored node (built only when a caller reads `scores`). */
function nodeScores(feasible: readonly NodeInfo[], scored: Scored, scorers: readonly ScorePlugin[]): NodeScore[] {
  const build = scorers === DEFAULT_SCORERS ? defaultByPlugin : genericByPlugin(scorers);
  const scores: NodeScore[] = new Array(feasible.length);
  for (let i = 0; i < feasible.length; i++) {
    scores[i] = new LazyScore((feasible[i] as NodeInfo).name, scored.totals[i] as number, scored, i, build);
  }
  return scores;
}

/** A successful cycle's result whose NodeScore objects are built only when `scores` is read. */
class ScoredResult {
  readonly ok = true as const;
  private built: NodeScore[] | undefined;
  constructor(
    readonly node: string,
    readonly evaluated: number,
    readonly filtered: FilterFailure[],
    readonly nextStartIndex: number,
    private readonly feasible: readonly NodeInfo[],
    private readonly scored: Scored,
    private readonly scorers: readonly ScorePlugin[],
    /** With columns: the feasible nodes' name ranks, taken now (a later cycle may rank again). */
    private readonly ranks: readonly number[] | undefined,
  ) {}

  get scores(): NodeScore[] {
    return (this.built ??= nodeScores(this.feasible, this.scored, this.scorers));
  }

  top(k: number): { node: string; total: number }[] {
    return topScores(this.feasible, this.scored.totals, k, this.ranks);
  }
}

/**
 * A node's score whose per-plugin breakdown is built only when read: the
 * model reads totals only, and a cycle scores hundreds of nodes.
 */
class LazyScore implements NodeScore {
  private plugins: Record<string, number> | undefined;
  constructor(
    readonly node: string,
    readonly total: number,
    private readonly scored: Scored,
    private readonly index: number,
    private readonly build: (s: number[][], i: number) => Record<string, number>,
  ) {}

  get byPlugin(): Record<string, number> {
    return (this.plugins ??= this.build(this.scored.perPlugin(), this.index));
  }
}

/** An object literal with fixed keys: one hidden class, cheap to allocate 10⁶ times. */
function defaultByPlugin(s: number[][], i: number): Record<string, number> {
  return {
    TaintToleration: s[0]![i]!,
    NodeAffinity: s[1]![i]!,
    NodeResourcesFit: s[2]![i]!,
    PodTopologySpread: s[3]![i]!,
    InterPodAffinity: s[4]![i]!,
    NodeResourcesBalancedAllocation: s[5]![i]!,
    ImageLocality: s[6]![i]!,
  };
}

function genericByPlugin(scorers: readonly ScorePlugin[]): (s: number[][], i: number) => Record<string, number> {
  return (s, i) => {
    const out: Record<string, number> = {};
    scorers.forEach((p, k) => (out[p.name] = s[k]![i]!));
    return out;
  };
}

/** selectHost over the totals (index-aligned with `nodes`): the same walk as `selectHost`, without NodeScore objects. */
function selectBest(nodes: readonly NodeInfo[], totals: readonly number[], rand?: (n: number) => number): string {
  let best = 0;
  let bestTotal = totals[0] as number;
  let count = 1;
  for (let i = 1; i < totals.length; i++) {
    const t = totals[i] as number;
    if (t > bestTotal) {
      best = i;
      bestTotal = t;
      count = 1;
    } else if (t === bestTotal) {
      count++;
      if (rand ? rand(count) === 0 : (nodes[i] as NodeInfo).name < (nodes[best] as NodeInfo).name) {
        best = i;
        bestTotal = t;
      }
    }
  }
  return (nodes[best] as NodeInfo).name;
}

/** selectHost: the best total; ties by reservoir sampling (rand) or by name. */
export function selectHost(scores: readonly NodeScore[], rand?: (n: number) => number): string {
  let best = scores[0] as NodeScore;
  let count = 1;
  for (let i = 1; i < scores.length; i++) {
    const s = scores[i] as NodeScore;
    if (s.total > best.total) {
      best = s;
      count = 1;
    } else if (s.total === best.total) {
      count++;
      if (rand ? rand(count) === 0 : s.node < best.node) best = s;
    }
  }
  return best.node;
}

export interface SchedulerProfile {
  filters?: readonly FilterPlugin[];
  scorers?: readonly ScorePlugin[];
}

/**
 * The nodes a cycle scans (findNodesThatFitPod, 1.31): every node, or only
 * those a PreFilterResult names (VolumeBinding's GetEligibleNodes) that exist
 * in the snapshot. kube-scheduler walks the result's set, a Go map, in random
 * order; the model keeps the snapshot's order so runs stay deterministic.
 */
function nodesToScan(pod: PodInfo, all: readonly NodeInfo[]): readonly NodeInfo[] {
  const eligible = pod.volumes?.eligibleNodes;
  return eligible === undefined ? all : all.filter((node) => eligible.has(node.name));
}

/** ScheduleOptions, and the caller's columns of its node list (./node-columns.ts), kept across cycles; without them every figure is read from the NodeInfos. */
export type CycleOptions = ScheduleOptions & { columns?: NodeColumns };

export function schedulePod(pod: PodInfo, allNodes: readonly NodeInfo[], opts: CycleOptions = {}, profile: SchedulerProfile = {}): ScheduleResult {
  const numAll = allNodes.length;
  if (numAll === 0) return { ok: false, message: 'no nodes available to schedule pods', filtered: [], nextStartIndex: 0 };
  const startIndex = (opts.startIndex ?? 0) % numAll;
  const state: CycleState = { pod, allNodes, cache: new Map(), summaries: opts.summaries };
  // PreFilterResult: the scan (start index, number of feasible nodes to find) runs over the reduced list;
  // the nodes it leaves out get no status (1.31: absent from NodeToStatusMap, unresolvable for preemption).
  const nodes = nodesToScan(pod, allNodes);
  const n = nodes.length;
  const scorers = profile.scorers ?? DEFAULT_SCORERS;
  // Without Score plugins (and extenders) one feasible node is enough.
  const want = scorers.length === 0 ? 1 : numFeasibleNodesToFind(n, opts.percentageOfNodesToScore);
  // The columns are rows of the whole node list: not used when a PreFilterResult narrows it.
  const columns = nodes === allNodes ? opts.columns : undefined;
  columns?.sync(allNodes);
  const f = n === 0 ? { feasible: [], rows: undefined, filtered: [], unresolvable: new Map<string, boolean>(), processed: 0 } : runFilters(state, nodes, startIndex % n, want, profile.filters ?? DEFAULT_FILTERS, columns);
  // nextStartNodeIndex advances by the nodes processed, modulo all nodes (not the reduced list).
  const nextStartIndex = (startIndex + f.processed) % numAll;
  if (f.feasible.length === 0) {
    let unresolvable = f.unresolvable;
    if (nodes !== allNodes) {
      unresolvable = new Map(unresolvable);
      for (const node of allNodes) if (!unresolvable.has(node.name)) unresolvable.set(node.name, true);
    }
    return { ok: false, message: failedSchedulingMessage(numAll, f.filtered, unresolvable), filtered: f.filtered, nextStartIndex };
  }
  const evaluated = f.processed;
  if (f.feasible.length === 1) {
    const only = (f.feasible[0] as NodeInfo).name;
    return { ok: true, node: only, evaluated, filtered: f.filtered, scores: [], top: () => [], nextStartIndex };
  }
  const feasible = f.feasible;
  const cols = columns && f.rows ? { columns, rows: f.rows } : undefined;
  const scored = scoreNodes(state, feasible, scorers, cols);
  const node = selectBest(feasible, scored.totals, opts.rand);
  const ranks = cols ? cols.rows.map((row) => columns!.rank[row]!) : undefined;
  return new ScoredResult(node, evaluated, f.filtered, nextStartIndex, feasible, scored, scorers, ranks);
}

/**
 * The `k` best scores, best first (higher total, then node name): what sorting
 * all of them and keeping `k` gives, without sorting the hundreds of scored nodes.
 */
function topScores(nodes: readonly NodeInfo[], totals: readonly number[], k: number, ranks: readonly number[] | undefined): { node: string; total: number }[] {
  if (ranks !== undefined) return topScoresRanked(nodes, totals, k, ranks);
  const out: { node: string; total: number }[] = [];
  const better = (total: number, node: string, b: { node: string; total: number }): boolean => total > b.total || (total === b.total && node < b.node);
  for (let j = 0; j < totals.length; j++) {
    const total = totals[j] as number;
    const name = (nodes[j] as NodeInfo).name;
    if (out.length === k && !better(total, name, out[k - 1]!)) continue;
    let i = out.length === k ? k - 1 : out.length;
    while (i > 0 && better(total, name, out[i - 1]!)) {
      out[i] = out[i - 1]!;
      i--;
    }
    out[i] = { node: name, total };
  }
  return out;
}

/** `topScores` with the nodes' name order given as ranks (./node-columns.ts): names are read only for the `k` kept. */
function topScoresRanked(nodes: readonly NodeInfo[], totals: readonly number[], k: number, ranks: readonly number[]): { node: string; total: number }[] {
  const kept: number[] = [];
  const better = (j: number, b: number): boolean => totals[j]! > totals[b]! || (totals[j] === totals[b] && ranks[j]! < ranks[b]!);
  for (let j = 0; j < totals.length; j++) {
    if (kept.length === k && !better(j, kept[k - 1]!)) continue;
    let i = kept.length === k ? k - 1 : kept.length;
    while (i > 0 && better(j, kept[i - 1]!)) {
      kept[i] = kept[i - 1]!;
      i--;
    }
    kept[i] = j;
  }
  return kept.map((j) => ({ node: (nodes[j] as NodeInfo).name, total: totals[j] as number }));
}
