/**
 * Kubelet back-off delays (pkg/kubelet/kubelet.go: backOffPeriod 10s,
 * MaxContainerBackOff 300s; client-go flowcontrol.Backoff). The delay doubles
 * on each failure up to the cap and resets when the container has run
 * without failing for 2 × the cap (10 minutes) — the "reset after 10 min" rule.
 * Image pulls use the same 10s → 300s back-off (ImagePullBackOff).
 */

export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;
/** flowcontrol.Backoff forgets an entry after 2 × maxDuration without failure. */
export const BACKOFF_RESET_MS = 2 * BACKOFF_MAX_MS;

export interface BackoffState {
  /** Delay applied after the last failure (0 = no failure yet). */
  delayMs: number;
  /** Simulated time of the last failure. */
  lastFailureAt: number;
}

export const NO_BACKOFF: BackoffState = { delayMs: 0, lastFailureAt: 0 };

/**
 * Records a failure at `now` and returns the new state; `state.delayMs` is
 * how long to wait before the next restart (or pull).
 */
export function nextBackoff(state: BackoffState, now: number): BackoffState {
  const expired = state.delayMs === 0 || now - state.lastFailureAt > BACKOFF_RESET_MS;
  const delayMs = expired ? BACKOFF_INITIAL_MS : Math.min(state.delayMs * 2, BACKOFF_MAX_MS);
  return { delayMs, lastFailureAt: now };
}

/** The delay before restart number `n` (1-based) of a container that keeps crashing quickly. */
export function crashLoopDelay(n: number): number {
  if (n <= 0) return 0;
  return Math.min(BACKOFF_INITIAL_MS * 2 ** (n - 1), BACKOFF_MAX_MS);
}

/** Whether the back-off has expired (no failure for 2 × the cap), so the next failure starts again at 10s. */
export function backoffReset(state: BackoffState, now: number): boolean {
  return state.delayMs !== 0 && now - state.lastFailureAt > BACKOFF_RESET_MS;
}
