/**
 * The default profile's Score plugins with their default weights
 * (pkg/scheduler/apis/config/v1/default_plugins.go) and each plugin's
 * NormalizeScore, so every plugin contributes 0..100 × weight.
 */
import type { CycleState, NodeInfo, PodInfo, Resources, ScorePlugin } from '../types.ts';
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
    if (nodeAffinityScoresFlat(pod)) return new Array<number>(nodes.length).fill(0);
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

/** Whether NodeAffinity scores every node alike (the pod has no preferred terms): raw 0, normalised 0. */
export function nodeAffinityScoresFlat(pod: PodInfo): boolean {
  return (pod.affinity?.nodeAffinity?.preferred ?? []).length === 0;
}

/** noderesources.leastRequestedScore for one resource. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** LeastAllocated over cpu and memory (weights 1, 1) with non-zero requests. */
export function leastAllocated(req: Resources, nodeReq: Resources, node: NodeInfo): number {
  return leastAllocatedOf(req.cpuMillis, req.memoryBytes, nodeReq.cpuMillis, nodeReq.memoryBytes, node.allocatable.cpuMillis, node.allocatable.memoryBytes);
}

/** `leastAllocated` of plain numbers: the pod's requests, the node's requested sums and its allocatable cpu and memory. */
export function leastAllocatedOf(cpu: number, memory: number, nodeCpu: number, nodeMemory: number, cpuCap: number, memCap: number): number {
  let score = 0;
  let weights = 0;
  if (cpuCap !== 0) {
    score += leastRequestedScore(nodeCpu + cpu, cpuCap);
    weights++;
  }
  if (memCap !== 0) {
    score += leastRequestedScore(nodeMemory + memory, memCap);
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
    for (let i = 0; i < nodes.length; i++) out[i] = nodeResourcesFitOf(req, nodes[i] as NodeInfo);
    return out;
  },
};

/** NodeResourcesFit's raw score of one node (`req`: the pod's non-zero requests). */
export function nodeResourcesFitOf(req: Resources, n: NodeInfo): number {
  return leastAllocated(req, n.nonZeroRequested ?? n.requested, n);
}

/** balancedResourceScorer: 1 − the standard deviation of the requested fractions (cpu, memory). */
export function balancedAllocation(req: Resources, node: NodeInfo): number {
  return balancedAllocationOf(req.cpuMillis, req.memoryBytes, node.requested.cpuMillis, node.requested.memoryBytes, node.allocatable.cpuMillis, node.allocatable.memoryBytes);
}

/** `balancedAllocation` of plain numbers: the pod's requests, the node's requested sums and its allocatable cpu and memory. */
export function balancedAllocationOf(cpu: number, memory: number, nodeCpu: number, nodeMemory: number, cpuCap: number, memCap: number): number {
  // With fewer than two resources the deviation is 0 (Kubernetes computes it only for 2+).
  if (cpuCap === 0 || memCap === 0) return MAX_NODE_SCORE;
  const cpuFraction = Math.min((nodeCpu + cpu) / cpuCap, 1);
  const memFraction = Math.min((nodeMemory + memory) / memCap, 1);
  const std = Math.abs((cpuFraction - memFraction) / 2);
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
    if (skipsBalancedAllocation(pod.requests)) return out.fill(0);
    for (let i = 0; i < nodes.length; i++) out[i] = balancedAllocation(pod.requests, nodes[i] as NodeInfo);
    return out;
  },
};

/** A best-effort pod (no cpu, no memory requested) skips NodeResourcesBalancedAllocation. */
export function skipsBalancedAllocation(requests: Resources): boolean {
  return requests.cpuMillis === 0 && requests.memoryBytes === 0;
}

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
    const out = new Array<number>(nodes.length);
    const prep = imageLocalityPrep(state);
    if (prep.images.length === 0) return out.fill(0);
    for (let i = 0; i < nodes.length; i++) out[i] = imageLocalityOf(prep, nodes[i] as NodeInfo);
    return out;
  },
};

/** ImageLocality's per-cycle state: the pod's normalised images and each one's spread ratio (nodes that have it / all nodes). */
export interface ImageLocalityPrep {
  images: string[];
  ratios: number[];
}

/** ImageLocality's PreScore: the spread ratio per image, computed once (the same division as per node). */
export function imageLocalityPrep(state: CycleState): ImageLocalityPrep {
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
  return { images, ratios: images.map((img) => (spread.get(img) ?? 0) / total) };
}

/** ImageLocality's raw score of one node (0 when the pod has no images). */
export function imageLocalityOf(prep: ImageLocalityPrep, node: NodeInfo): number {
  const { images, ratios } = prep;
  if (images.length === 0) return 0;
  const nodeImages = node.images;
  let sum = 0;
  for (let k = 0; k < images.length; k++) {
    const size = nodeImages[images[k] as string];
    if (size !== undefined) sum += Math.trunc(size * (ratios[k] as number));
  }
  return imageLocalityPriority(sum, images.length);
}

/** `imageLocalityOf` for a pod with exactly one image, whose size on the node is `size` (undefined: not there). */
export function imageLocalityOfOne(prep: ImageLocalityPrep, size: number | undefined): number {
  return imageLocalityPriority(size === undefined ? 0 : Math.trunc(size * (prep.ratios[0] as number)), 1);
}
