/**
 * The default profile's Score plugins with their default weights
 * (pkg/scheduler/apis/config/v1/default_plugins.go) and each plugin's
 * NormalizeScore, so every plugin contributes 0..100 × weight.
 */
import type { CycleState, NodeInfo, Resources, ScorePlugin } from '../types.ts';
import { MAX_NODE_SCORE } from '../types.ts';
import { defaultNormalizeScore, normalizedImageName, termMatches, tolerationsTolerate } from './helpers.ts';

/** TaintToleration: count of PreferNoSchedule taints the pod does not tolerate, reversed. */
export const taintTolerationScore: ScorePlugin = {
  name: 'TaintToleration',
  weight: 3,
  score({ pod }, nodes) {
    const tolerations = pod.tolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    const out = new Array<number>(nodes.length);
    for (let i = 0; i < nodes.length; i++) {
      const taints = (nodes[i] as NodeInfo).taints;
      let count = 0;
      for (const taint of taints) {
        if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerate(tolerations, taint)) count++;
      }
      out[i] = count;
    }
    return out;
  },
  normalize(_state, scores) {
    defaultNormalizeScore(scores, true);
  },
};

/** NodeAffinity: sum of the weights of matching preferred terms, normalised. */
export const nodeAffinityScore: ScorePlugin = {
  name: 'NodeAffinity',
  weight: 2,
  score({ pod }, nodes) {
    const preferred = pod.affinity?.nodeAffinity?.preferred ?? [];
    if (preferred.length === 0) return new Array<number>(nodes.length).fill(0);
    return nodes.map((n) => {
      let sum = 0;
      for (const p of preferred) if (p.weight !== 0 && termMatches(p.preference, n)) sum += p.weight;
      return sum;
    });
  },
  normalize(_state, scores) {
    defaultNormalizeScore(scores, false);
  },
};

/** noderesources.leastRequestedScore for one resource. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** LeastAllocated over cpu and memory (weights 1, 1) with non-zero requests. */
export function leastAllocated(req: Resources, nodeReq: Resources, node: NodeInfo): number {
  const cpuCap = node.allocatable.cpuMillis;
  const memCap = node.allocatable.memoryBytes;
  let score = 0;
  let weights = 0;
  if (cpuCap !== 0) {
    score += leastRequestedScore(nodeReq.cpuMillis + req.cpuMillis, cpuCap);
    weights++;
  }
  if (memCap !== 0) {
    score += leastRequestedScore(nodeReq.memoryBytes + req.memoryBytes, memCap);
    weights++;
  }
  return weights === 0 ? 0 : Math.trunc(score / weights);
}

export const nodeResourcesFitScore: ScorePlugin = {
  name: 'NodeResourcesFit',
  weight: 1,
  score({ pod }, nodes) {
    const req = pod.nonZeroRequests ?? pod.requests;
    const out = new Array<number>(nodes.length);
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i] as NodeInfo;
      out[i] = leastAllocated(req, n.nonZeroRequested ?? n.requested, n);
    }
    return out;
  },
};

/** balancedResourceScorer: 1 − the standard deviation of the requested fractions (cpu, memory). */
export function balancedAllocation(req: Resources, node: NodeInfo): number {
  const cpuCap = node.allocatable.cpuMillis;
  const memCap = node.allocatable.memoryBytes;
  // With fewer than two resources the deviation is 0 (Kubernetes computes it only for 2+).
  if (cpuCap === 0 || memCap === 0) return MAX_NODE_SCORE;
  const cpu = Math.min((node.requested.cpuMillis + req.cpuMillis) / cpuCap, 1);
  const mem = Math.min((node.requested.memoryBytes + req.memoryBytes) / memCap, 1);
  const std = Math.abs((cpu - mem) / 2);
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/**
 * NodeResourcesBalancedAllocation: uses actual (not non-zero) requests; a
 * best-effort pod skips the plugin (kubernetes#129138), contributing 0 everywhere.
 */
export const balancedAllocationScore: ScorePlugin = {
  name: 'NodeResourcesBalancedAllocation',
  weight: 1,
  score({ pod }, nodes) {
    const out = new Array<number>(nodes.length);
    if (pod.requests.cpuMillis === 0 && pod.requests.memoryBytes === 0) return out.fill(0);
    for (let i = 0; i < nodes.length; i++) out[i] = balancedAllocation(pod.requests, nodes[i] as NodeInfo);
    return out;
  },
};

const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** imagelocality.calculatePriority. */
export function imageLocalityPriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  const s = Math.min(Math.max(sumScores, MIN_THRESHOLD), maxThreshold);
  return Math.trunc((MAX_NODE_SCORE * (s - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

/** ImageLocality: image sizes present on the node, scaled by how many nodes have them. */
export const imageLocalityScore: ScorePlugin = {
  name: 'ImageLocality',
  weight: 1,
  score(state: CycleState, nodes) {
    const images = state.pod.images.map(normalizedImageName);
    const total = state.allNodes.length;
    const spread = new Map<string, number>();
    const known = state.summaries?.imageNodes;
    for (const img of new Set(images)) {
      let count = 0;
      if (known) count = known.get(img) ?? 0;
      else for (const n of state.allNodes) if (n.images[img] !== undefined) count++;
      spread.set(img, count);
    }
    const out = new Array<number>(nodes.length);
    if (images.length === 0) return out.fill(0);
    // The spread ratio per image, computed once (the same division as per node).
    const ratios = images.map((img) => (spread.get(img) ?? 0) / total);
    for (let i = 0; i < nodes.length; i++) {
      const nodeImages = (nodes[i] as NodeInfo).images;
      let sum = 0;
      for (let k = 0; k < images.length; k++) {
        const size = nodeImages[images[k] as string];
        if (size !== undefined) sum += Math.trunc(size * (ratios[k] as number));
      }
      out[i] = imageLocalityPriority(sum, images.length);
    }
    return out;
  },
};
