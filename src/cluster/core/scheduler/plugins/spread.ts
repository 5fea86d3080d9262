/**
 * PodTopologySpread (pkg/scheduler/framework/plugins/podtopologyspread):
 * Filter for `DoNotSchedule` constraints, Score for `ScheduleAnyway` ones and
 * for the system defaults (hostname maxSkew 3, zone maxSkew 5) when the pod
 * has no constraints of its own but is selected by a Service/ReplicaSet.
 * Simplified: nodeAffinityPolicy Honor / nodeTaintsPolicy Ignore (the
 * defaults), no matchLabelKeys.
 */
import type { CycleState, FilterPlugin, LabelSelector, NodeInfo, ScorePlugin, TopologySpreadConstraint } from '../types.ts';
import { MAX_NODE_SCORE } from '../types.ts';
import { labelSelectorMatches, podMatchesNodeSelectorAndAffinity } from './helpers.ts';

const HOSTNAME = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';

export const ERR_SPREAD = "node(s) didn't match pod topology spread constraints";
export const ERR_SPREAD_MISSING_LABEL = "node(s) didn't match pod topology spread constraints (missing required label)";

function countMatching(node: NodeInfo, sel: LabelSelector | undefined, namespace: string): number {
  let n = 0;
  for (const p of node.pods ?? []) if (p.namespace === namespace && labelSelectorMatches(sel, p.labels)) n++;
  return n;
}

/** Pod counts per topology value, over nodes the pod could be placed on by affinity (PreFilter, memoised). */
function domainCounts(state: CycleState, c: TopologySpreadConstraint, index: number): Map<string, number> {
  const key = `PodTopologySpread/${index}`;
  const cached = state.cache.get(key);
  if (cached instanceof Map) return cached as Map<string, number>;
  const counts = new Map<string, number>();
  for (const n of state.allNodes) {
    const v = n.labels[c.topologyKey];
    if (v === undefined || !podMatchesNodeSelectorAndAffinity(state.pod, n)) continue;
    counts.set(v, (counts.get(v) ?? 0) + countMatching(n, c.labelSelector, state.pod.namespace));
  }
  state.cache.set(key, counts);
  return counts;
}

export const podTopologySpreadFilter: FilterPlugin = {
  name: 'PodTopologySpread',
  // No DoNotSchedule constraint: PreFilter returns Skip.
  skip: ({ pod }) => !(pod.topologySpreadConstraints ?? []).some((c) => c.whenUnsatisfiable === 'DoNotSchedule'),
  filter(state, node) {
    const all = state.pod.topologySpreadConstraints;
    if (all === undefined || all.length === 0) return null;
    for (const [i, c] of all.entries()) {
      if (c.whenUnsatisfiable !== 'DoNotSchedule') continue;
      const value = node.labels[c.topologyKey];
      if (value === undefined) return { reasons: [ERR_SPREAD_MISSING_LABEL], unresolvable: true };
      const counts = domainCounts(state, c, i);
      let min = Infinity;
      for (const v of counts.values()) min = Math.min(min, v);
      if (min === Infinity || (c.minDomains !== undefined && counts.size < c.minDomains)) min = 0;
      const self = labelSelectorMatches(c.labelSelector, state.pod.labels) ? 1 : 0;
      const skew = (counts.get(value) ?? 0) + self - min;
      if (skew > c.maxSkew) return { reasons: [ERR_SPREAD], unresolvable: false };
    }
    return null;
  },
};

/** The constraints scoring uses, and whether nodes must carry every topology key. */
function scoringConstraints(state: CycleState): { constraints: TopologySpreadConstraint[]; requireAll: boolean } {
  const own = state.pod.topologySpreadConstraints ?? [];
  if (own.length > 0) return { constraints: own.filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway'), requireAll: true };
  const sel = state.pod.defaultSpreadSelector;
  if (!sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0)) {
    return { constraints: [], requireAll: false };
  }
  return {
    constraints: [
      { topologyKey: HOSTNAME, maxSkew: 3, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: sel },
      { topologyKey: ZONE, maxSkew: 5, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: sel },
    ],
    requireAll: false,
  };
}

/** Whether PodTopologySpread scores every node alike (no ScheduleAnyway constraint, own or default): raw 0, normalised 100. */
export function spreadScoresFlat(state: CycleState): boolean {
  return scoringConstraints(state).constraints.length === 0;
}

const hasAllKeys = (n: NodeInfo, cs: TopologySpreadConstraint[]): boolean => cs.every((c) => n.labels[c.topologyKey] !== undefined);

/**
 * Score: Σ count × log(domains + 2) + (maxSkew − 1) per constraint; lower is
 * better, so NormalizeScore maps it to 100 × (max + min − s) / max.
 * Ignored nodes (missing a required key) score 0. Returns -1 for ignored.
 */
export const podTopologySpreadScore: ScorePlugin = {
  name: 'PodTopologySpread',
  weight: 2,
  score(state, nodes) {
    const { constraints, requireAll } = scoringConstraints(state);
    if (constraints.length === 0) return nodes.map(() => 0);
    const scored = nodes.filter((n) => !requireAll || hasAllKeys(n, constraints));
    const weights = constraints.map((c) => {
      if (c.topologyKey === HOSTNAME) return Math.log(scored.length + 2);
      return Math.log(new Set(scored.map((n) => n.labels[c.topologyKey]).filter((v) => v !== undefined)).size + 2);
    });
    const pairCounts = constraints.map((c) => (c.topologyKey === HOSTNAME ? null : countPairs(state, c, requireAll, constraints, scored)));
    return nodes.map((n) => {
      if (requireAll && !hasAllKeys(n, constraints)) return -1;
      let score = 0;
      constraints.forEach((c, i) => {
        const v = n.labels[c.topologyKey];
        if (v === undefined) return;
        const cnt = c.topologyKey === HOSTNAME ? countMatching(n, c.labelSelector, state.pod.namespace) : (pairCounts[i]?.get(v) ?? 0);
        score += cnt * (weights[i] as number) + (c.maxSkew - 1);
      });
      return Math.round(score);
    });
  },
  normalize(_state, scores) {
    let min = Infinity;
    let max = 0;
    for (const s of scores) {
      if (s < 0) continue;
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i] as number;
      if (s < 0) scores[i] = 0;
      else if (max === 0) scores[i] = MAX_NODE_SCORE;
      else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - s)) / max);
    }
  },
};

/** Matching pods per topology value, over all nodes, for the values seen on scored nodes. */
function countPairs(
  state: CycleState,
  c: TopologySpreadConstraint,
  requireAll: boolean,
  all: TopologySpreadConstraint[],
  scored: NodeInfo[],
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const n of scored) {
    const v = n.labels[c.topologyKey];
    if (v !== undefined) counts.set(v, 0);
  }
  for (const n of state.allNodes) {
    if (requireAll && !hasAllKeys(n, all)) continue;
    const v = n.labels[c.topologyKey];
    if (v === undefined || !counts.has(v)) continue;
    counts.set(v, (counts.get(v) ?? 0) + countMatching(n, c.labelSelector, state.pod.namespace));
  }
  return counts;
}
