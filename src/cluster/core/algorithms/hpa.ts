/**
 * The HorizontalPodAutoscaler's resource-utilization arithmetic
 * (pkg/controller/podautoscaler/replica_calculator.go GetResourceReplicas and
 * horizontal.go stabilizeRecommendation / normalizeDesiredReplicas).
 */

export interface HpaPod {
  name: string;
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  /** metadata.deletionTimestamp is set. */
  deleting?: boolean;
  /**
   * The pod counts as unready for CPU (groupPods: no Ready condition, not yet
   * ready within the CPU initialization period, or never ready). The caller
   * decides; the model knows readiness history.
   */
  unready?: boolean;
  /** Sum of container requests for the resource (millicores for CPU). */
  request: number;
  /** Usage from the metrics API; undefined = no metric for this pod. */
  usage?: number;
}

export interface HpaInput {
  currentReplicas: number;
  pods: readonly HpaPod[];
  /** Target average utilization in percent of requests (e.g. 50). */
  targetUtilization: number;
  /** Default 0.1 (the controller's --horizontal-pod-autoscaler-tolerance). */
  tolerance?: number;
  minReplicas?: number;
  maxReplicas: number;
}

export type HpaResult =
  | {
      ok: true;
      /** Recommendation before min/max and stabilization. */
      replicas: number;
      /**
       * `replicas` clamped by normalizeReplicas (min/max, scale-up limit) but
       * NOT stabilized: the controller stabilizes first (see `stabilize`).
       */
      limited: number;
      /** Current utilization in percent (integer, as status.currentMetrics reports). */
      utilization: number;
      /** Average usage per pod with metrics (raw value). */
      averageUsage: number;
    }
  | { ok: false; error: string };

interface Grouped {
  ready: number;
  unready: Set<string>;
  missing: Set<string>;
  metrics: Map<string, number>;
}

function groupPods(pods: readonly HpaPod[]): Grouped {
  const g: Grouped = { ready: 0, unready: new Set(), missing: new Set(), metrics: new Map() };
  for (const p of pods) {
    if (p.deleting || p.phase === 'Failed') continue; // ignored
    if (p.phase === 'Pending') {
      g.unready.add(p.name);
      continue;
    }
    if (p.usage === undefined) {
      g.missing.add(p.name);
      continue;
    }
    g.metrics.set(p.name, p.usage);
    if (p.unready) {
      g.unready.add(p.name);
      continue;
    }
    g.ready++;
  }
  return g;
}

/** metricsclient.GetResourceUtilizationRatio (integer percent, as Kubernetes truncates). */
function utilizationRatio(
  metrics: Map<string, number>,
  requests: Map<string, number>,
  target: number,
): { ratio: number; utilization: number; average: number } | null {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let n = 0;
  for (const [name, value] of metrics) {
    const r = requests.get(name);
    if (r === undefined) continue;
    metricsTotal += value;
    requestsTotal += r;
    n++;
  }
  if (requestsTotal === 0) return null;
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return { ratio: utilization / target, utilization, average: Math.trunc(metricsTotal / n) };
}

/** GetResourceReplicas: the raw recommendation for a Utilization target. */
export function desiredReplicas(input: HpaInput): HpaResult {
  const r = rawReplicas(input);
  if (!r.ok) return r;
  const limited = normalizeReplicas(input.currentReplicas, r.replicas, input.minReplicas ?? 1, input.maxReplicas).replicas;
  return { ...r, limited };
}

function rawReplicas(input: HpaInput): { ok: true; replicas: number; utilization: number; averageUsage: number } | { ok: false; error: string } {
  const tolerance = input.tolerance ?? 0.1;
  const within = (r: number): boolean => Math.abs(1 - r) <= tolerance;
  const { currentReplicas, targetUtilization } = input;
  if (input.pods.length === 0) return { ok: false, error: 'no pods returned by selector while calculating replica count' };
  const g = groupPods(input.pods);
  for (const name of g.unready) g.metrics.delete(name);
  if (g.metrics.size === 0) return { ok: false, error: 'did not receive metrics for targeted pods (pods might be unready)' };
  const requests = new Map<string, number>();
  for (const p of input.pods) {
    if (p.request <= 0) return { ok: false, error: `missing request for cpu in container of Pod ${p.name}` };
    requests.set(p.name, p.request);
  }
  const first = utilizationRatio(g.metrics, requests, targetUtilization);
  if (!first) return { ok: false, error: 'no metrics returned matched known pods' };
  const base = { utilization: first.utilization, averageUsage: first.average };
  const usageRatio = first.ratio;
  const scaleUpWithUnready = g.unready.size > 0 && usageRatio > 1;
  if (!scaleUpWithUnready && g.missing.size === 0) {
    if (within(usageRatio)) return { ok: true, replicas: currentReplicas, ...base };
    return { ok: true, replicas: Math.ceil(usageRatio * g.ready), ...base };
  }
  if (g.missing.size > 0) {
    // Conservative: on scale-down a missing pod counts as using 100% (or the
    // target when above 100%); on scale-up as using 0%.
    const fallback = Math.max(100, targetUtilization);
    for (const name of g.missing) {
      if (usageRatio < 1) g.metrics.set(name, Math.trunc(((requests.get(name) ?? 0) * fallback) / 100));
      else if (usageRatio > 1) g.metrics.set(name, 0);
    }
  }
  if (scaleUpWithUnready) for (const name of g.unready) g.metrics.set(name, 0);
  const second = utilizationRatio(g.metrics, requests, targetUtilization);
  if (!second) return { ok: false, error: 'no metrics returned matched known pods' };
  const r = second.ratio;
  if (within(r) || (usageRatio < 1 && r > 1) || (usageRatio > 1 && r < 1)) {
    return { ok: true, replicas: currentReplicas, ...base };
  }
  const replicas = Math.ceil(r * g.metrics.size);
  if ((r < 1 && replicas > currentReplicas) || (r > 1 && replicas < currentReplicas)) {
    return { ok: true, replicas: currentReplicas, ...base };
  }
  return { ok: true, replicas, ...base };
}

export interface Recommendation {
  /** Simulated time (ms). */
  t: number;
  replicas: number;
}

/** Default --horizontal-pod-autoscaler-downscale-stabilization (5 minutes). */
export const DOWNSCALE_STABILIZATION_MS = 5 * 60_000;

/**
 * stabilizeRecommendation: the highest recommendation within the window
 * (`t >= now - windowMs`), so that a scale-down only happens once every
 * recommendation of the last 5 minutes agrees. Include the current one.
 */
export function stabilize(recommendations: readonly Recommendation[], now: number, windowMs = DOWNSCALE_STABILIZATION_MS): number {
  const cutoff = now - windowMs;
  let max = -Infinity;
  for (const r of recommendations) if (r.t >= cutoff && r.replicas > max) max = r.replicas;
  return max === -Infinity ? 0 : max;
}

/** Recommendations still inside the window (what the controller keeps). */
export function pruneRecommendations(recommendations: readonly Recommendation[], now: number, windowMs = DOWNSCALE_STABILIZATION_MS): Recommendation[] {
  return recommendations.filter((r) => r.t >= now - windowMs);
}

/**
 * normalizeDesiredReplicas (no `behavior`): clamp to [minReplicas, maxReplicas]
 * and to the scale-up limit max(2 × current, 4). Returns the replicas and the
 * ScalingLimited condition reason Kubernetes would report.
 */
export function normalizeReplicas(
  current: number,
  stabilized: number,
  minReplicas: number,
  maxReplicas: number,
): { replicas: number; reason: 'DesiredWithinRange' | 'TooFewReplicas' | 'TooManyReplicas' | 'ScaleUpLimit' } {
  const scaleUpLimit = Math.max(2 * current, 4);
  const max = Math.min(maxReplicas, scaleUpLimit);
  if (stabilized < minReplicas) return { replicas: minReplicas, reason: 'TooFewReplicas' };
  if (stabilized > max) return { replicas: max, reason: max === scaleUpLimit && scaleUpLimit < maxReplicas ? 'ScaleUpLimit' : 'TooManyReplicas' };
  return { replicas: stabilized, reason: 'DesiredWithinRange' };
}
