/**
 * The Deployment controller's RollingUpdate arithmetic, as pure functions on
 * counts (pkg/controller/deployment/util/deployment_util.go and
 * pkg/controller/deployment/rolling.go). The model keeps the objects; these
 * decide the numbers.
 */

export type IntOrPercent = string | number;

/**
 * intstr.GetScaledValueFromIntOrPercent: a number is taken as is; a string
 * must be a percentage (`"25%"`) of `total`, rounded up or down. A string
 * without `%` is an error in Kubernetes too (API validation rejects it first).
 */
export function scaledValue(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  if (!value.endsWith('%')) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  const digits = value.slice(0, -1);
  if (!/^-?\d+$/.test(digits)) {
    throw new Error(`invalid value for IntOrString: invalid value "${value}": strconv.Atoi: parsing "${digits}": invalid syntax`);
  }
  const scaled = (Number(digits) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * ResolveFenceposts: surge rounds up, unavailable rounds down, and when both
 * come out 0 unavailable becomes 1 so that a rollout can always progress.
 * Omitted values default to 0 (as `intstr.ValueOrDefault(x, 0)`).
 */
export function resolveFenceposts(
  maxSurge: IntOrPercent | undefined,
  maxUnavailable: IntOrPercent | undefined,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export interface RollingStrategy {
  type: 'RollingUpdate' | 'Recreate';
  /** Defaults to 25% / 25% as the API server defaults them. */
  maxSurge?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
}

function surgeOf(s: RollingStrategy): IntOrPercent {
  return s.maxSurge ?? '25%';
}
function unavailableOf(s: RollingStrategy): IntOrPercent {
  return s.maxUnavailable ?? '25%';
}

/** deploymentutil.MaxUnavailable: capped at replicas; 0 for Recreate or 0 replicas. */
export function maxUnavailable(strategy: RollingStrategy, replicas: number): number {
  if (strategy.type !== 'RollingUpdate' || replicas === 0) return 0;
  const { unavailable } = resolveFenceposts(surgeOf(strategy), unavailableOf(strategy), replicas);
  return Math.min(unavailable, replicas);
}

/** deploymentutil.MaxSurge: 0 for Recreate. */
export function maxSurge(strategy: RollingStrategy, replicas: number): number {
  if (strategy.type !== 'RollingUpdate') return 0;
  return resolveFenceposts(surgeOf(strategy), unavailableOf(strategy), replicas).surge;
}

/** A ReplicaSet as the rollout arithmetic sees it. */
export interface RsCounts {
  name: string;
  /** spec.replicas */
  replicas: number;
  /** status.availableReplicas */
  available: number;
  /** creationTimestamp (ms), for the oldest-first order Kubernetes scales down in. */
  created: number;
}

/**
 * NewRSNewReplicas: how many replicas the new ReplicaSet should have now.
 * `totalReplicas` is the sum of spec.replicas over all ReplicaSets (new included).
 */
export function newRSNewReplicas(
  strategy: RollingStrategy,
  deploymentReplicas: number,
  totalReplicas: number,
  newRSReplicas: number,
): number {
  if (strategy.type === 'Recreate') return deploymentReplicas;
  const surge = scaledValue(surgeOf(strategy), deploymentReplicas, true);
  const maxTotalPods = deploymentReplicas + surge;
  if (totalReplicas >= maxTotalPods) return newRSReplicas;
  const scaleUpCount = Math.min(maxTotalPods - totalReplicas, deploymentReplicas - newRSReplicas);
  return newRSReplicas + scaleUpCount;
}

/** A scale decision: set ReplicaSet `name` to `replicas`. */
export interface ScaleStep {
  name: string;
  replicas: number;
}

/** ReplicaSetsByCreationTimestamp: oldest first, then by name. */
function oldestFirst(rss: readonly RsCounts[]): RsCounts[] {
  return [...rss].sort((a, b) => a.created - b.created || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * cleanupUnhealthyReplicas: scale old ReplicaSets down by their unavailable
 * pods first (oldest first), at most `maxCleanupCount` in total, so that
 * unhealthy replicas never block a rollout.
 */
export function cleanupUnhealthyReplicas(
  oldRSs: readonly RsCounts[],
  maxCleanupCount: number,
): { steps: ScaleStep[]; oldRSs: RsCounts[]; scaledDown: number } {
  const out: RsCounts[] = [];
  const steps: ScaleStep[] = [];
  let total = 0;
  for (const rs of oldestFirst(oldRSs)) {
    if (total >= maxCleanupCount || rs.replicas === 0 || rs.replicas === rs.available) {
      out.push(rs);
      continue;
    }
    const count = Math.min(maxCleanupCount - total, rs.replicas - rs.available);
    const replicas = rs.replicas - count;
    steps.push({ name: rs.name, replicas });
    out.push({ ...rs, replicas });
    total += count;
  }
  return { steps, oldRSs: out, scaledDown: total };
}

/**
 * scaleDownOldReplicaSetsForRollingUpdate: scale old ReplicaSets down (oldest
 * first) by as many pods as are available above minAvailable.
 * `availableAll` is status.availableReplicas summed over all ReplicaSets.
 */
export function scaleDownOldReplicaSets(
  oldRSs: readonly RsCounts[],
  availableAll: number,
  deploymentReplicas: number,
  maxUnavailableCount: number,
): { steps: ScaleStep[]; scaledDown: number } {
  const minAvailable = deploymentReplicas - maxUnavailableCount;
  if (availableAll <= minAvailable) return { steps: [], scaledDown: 0 };
  const totalScaleDown = availableAll - minAvailable;
  const steps: ScaleStep[] = [];
  let total = 0;
  for (const rs of oldestFirst(oldRSs)) {
    if (total >= totalScaleDown) break;
    if (rs.replicas === 0) continue;
    const count = Math.min(rs.replicas, totalScaleDown - total);
    steps.push({ name: rs.name, replicas: rs.replicas - count });
    total += count;
  }
  return { steps, scaledDown: total };
}

/**
 * reconcileOldReplicaSets: the scale-down half of one RollingUpdate sync.
 * Returns the scale steps in the order Kubernetes issues them (cleanup of
 * unhealthy replicas first, then the regular scale-down).
 */
export function reconcileOldReplicaSets(input: {
  strategy: RollingStrategy;
  deploymentReplicas: number;
  newRS: RsCounts;
  oldRSs: readonly RsCounts[];
}): { steps: ScaleStep[]; scaledDown: number } {
  const { strategy, deploymentReplicas, newRS } = input;
  const oldPodsCount = sum(input.oldRSs, (r) => r.replicas);
  if (oldPodsCount === 0) return { steps: [], scaledDown: 0 };
  const allPodsCount = oldPodsCount + newRS.replicas;
  const maxUnavail = maxUnavailable(strategy, deploymentReplicas);
  const minAvailable = deploymentReplicas - maxUnavail;
  const newRSUnavailable = newRS.replicas - newRS.available;
  const maxScaledDown = allPodsCount - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return { steps: [], scaledDown: 0 };
  const cleanup = cleanupUnhealthyReplicas(input.oldRSs, maxScaledDown);
  // Available counts come from status, which the cleanup did not change.
  const availableAll = sum(input.oldRSs, (r) => r.available) + newRS.available;
  const down = scaleDownOldReplicaSets(cleanup.oldRSs, availableAll, deploymentReplicas, maxUnavail);
  return { steps: mergeSteps(cleanup.steps, down.steps), scaledDown: cleanup.scaledDown + down.scaledDown };
}

/** Keeps every step (Kubernetes issues one update per step, in order). */
function mergeSteps(a: ScaleStep[], b: ScaleStep[]): ScaleStep[] {
  return [...a, ...b];
}

function sum<T>(xs: readonly T[], f: (x: T) => number): number {
  let s = 0;
  for (const x of xs) s += f(x);
  return s;
}
