/**
 * InterPodAffinity (pkg/scheduler/framework/plugins/interpodaffinity):
 * required affinity / anti-affinity of the incoming pod, the existing pods'
 * required anti-affinity (symmetry), and the incoming pod's preferred terms
 * for scoring. Simplified: no namespaceSelector; existing pods' preferred
 * terms are not scored.
 */
import type { CycleState, FilterPlugin, NodeInfo, PodAffinityTerm, PodInfo, ScorePlugin } from '../types.ts';
import { MAX_NODE_SCORE } from '../types.ts';
import { labelSelectorMatches } from './helpers.ts';

export const ERR_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
export const ERR_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

function termNamespaces(term: PodAffinityTerm, ownNamespace: string): string[] {
  return term.namespaces && term.namespaces.length > 0 ? term.namespaces : [ownNamespace];
}

/** Topology values whose domain holds a pod matching `term` (PreFilter, memoised per term object). */
function matchingDomains(state: CycleState, term: PodAffinityTerm): Set<string> {
  let memo = state.cache.get('InterPodAffinity') as Map<PodAffinityTerm, Set<string>> | undefined;
  if (!memo) {
    memo = new Map();
    state.cache.set('InterPodAffinity', memo);
  }
  const hit = memo.get(term);
  if (hit) return hit;
  const namespaces = termNamespaces(term, state.pod.namespace);
  const values = new Set<string>();
  for (const n of state.allNodes) {
    const v = n.labels[term.topologyKey];
    if (v === undefined || values.has(v)) continue;
    for (const p of n.pods ?? []) {
      if (namespaces.includes(p.namespace) && labelSelectorMatches(term.labelSelector, p.labels)) {
        values.add(v);
        break;
      }
    }
  }
  memo.set(term, values);
  return values;
}

/** Whether some pod in the same topology domain as `node` matches `term`. */
function domainHasMatch(state: CycleState, node: NodeInfo, term: PodAffinityTerm): boolean {
  const value = node.labels[term.topologyKey];
  return value !== undefined && matchingDomains(state, term).has(value);
}

function anyPodMatches(state: CycleState, term: PodAffinityTerm): boolean {
  const namespaces = termNamespaces(term, state.pod.namespace);
  for (const n of state.allNodes) {
    for (const p of n.pods ?? []) if (namespaces.includes(p.namespace) && labelSelectorMatches(term.labelSelector, p.labels)) return true;
  }
  return false;
}

function selfMatches(pod: PodInfo, term: PodAffinityTerm): boolean {
  return termNamespaces(term, pod.namespace).includes(pod.namespace) && labelSelectorMatches(term.labelSelector, pod.labels);
}

interface ExistingAntiTerm {
  term: PodAffinityTerm;
  namespaces: string[];
  /** The topology value of the node the existing pod runs on. */
  value: string;
}

/** Existing pods' required anti-affinity terms, collected once per cycle. */
function existingAntiTerms(state: CycleState): ExistingAntiTerm[] {
  const hit = state.cache.get('InterPodAffinity/existing');
  if (Array.isArray(hit)) return hit as ExistingAntiTerm[];
  const out: ExistingAntiTerm[] = [];
  for (const n of state.summaries?.antiAffinityNodes ?? state.allNodes) {
    if (n.hasRequiredAntiAffinityPods === false) continue;
    for (const p of n.pods ?? []) {
      for (const term of p.antiAffinity ?? []) {
        const value = n.labels[term.topologyKey];
        if (value === undefined) continue;
        out.push({ term, value, namespaces: term.namespaces && term.namespaces.length > 0 ? term.namespaces : [p.namespace] });
      }
    }
  }
  state.cache.set('InterPodAffinity/existing', out);
  return out;
}

/** An existing pod's anti-affinity term that the incoming pod would violate on `node`. */
function existingAntiAffinityViolated(state: CycleState, node: NodeInfo): boolean {
  for (const e of existingAntiTerms(state)) {
    if (node.labels[e.term.topologyKey] !== e.value) continue;
    if (e.namespaces.includes(state.pod.namespace) && labelSelectorMatches(e.term.labelSelector, state.pod.labels)) return true;
  }
  return false;
}

export const interPodAffinityFilter: FilterPlugin = {
  name: 'InterPodAffinity',
  // No required (anti-)affinity of its own and no existing pod's required anti-affinity: PreFilter returns Skip.
  skip: (state) =>
    (state.pod.affinity?.podAffinity?.required ?? []).length === 0 &&
    (state.pod.affinity?.podAntiAffinity?.required ?? []).length === 0 &&
    existingAntiTerms(state).length === 0,
  filter(state, node) {
    if (existingAntiAffinityViolated(state, node)) return { reasons: [ERR_EXISTING_ANTI_AFFINITY], unresolvable: false };
    for (const term of state.pod.affinity?.podAntiAffinity?.required ?? []) {
      if (domainHasMatch(state, node, term)) return { reasons: [ERR_ANTI_AFFINITY], unresolvable: false };
    }
    const affinity = state.pod.affinity?.podAffinity?.required ?? [];
    for (const term of affinity) {
      if (domainHasMatch(state, node, term)) continue;
      // The first pod of a group may land anywhere its own labels satisfy the term.
      const bootstrap = !anyPodMatches(state, term) && selfMatches(state.pod, term) && node.labels[term.topologyKey] !== undefined;
      if (!bootstrap) return { reasons: [ERR_AFFINITY], unresolvable: true };
    }
    return null;
  },
};

/** Whether InterPodAffinity scores every node alike (the pod has no preferred terms): raw 0, normalised 0. */
export function interPodScoresFlat(pod: PodInfo): boolean {
  return (pod.affinity?.podAffinity?.preferred ?? []).length === 0 && (pod.affinity?.podAntiAffinity?.preferred ?? []).length === 0;
}

export const interPodAffinityScore: ScorePlugin = {
  name: 'InterPodAffinity',
  weight: 2,
  score(state, nodes) {
    const affinity = state.pod.affinity?.podAffinity?.preferred ?? [];
    const anti = state.pod.affinity?.podAntiAffinity?.preferred ?? [];
    if (interPodScoresFlat(state.pod)) return nodes.map(() => 0);
    return nodes.map((n) => {
      let s = 0;
      for (const w of affinity) if (domainHasMatch(state, n, w.podAffinityTerm)) s += w.weight;
      for (const w of anti) if (domainHasMatch(state, n, w.podAffinityTerm)) s -= w.weight;
      return s;
    });
  },
  normalize(_state, scores) {
    let min = Infinity;
    let max = -Infinity;
    for (const s of scores) {
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    const diff = max - min;
    for (let i = 0; i < scores.length; i++) {
      scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * (((scores[i] as number) - min) / diff)) : 0;
    }
  },
};
