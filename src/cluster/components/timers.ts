/**
 * Background timers: the delayed and periodic work of a real cluster that
 * does not follow from a request (a crash-loop back-off running out, the node
 * lifecycle controller noticing a missed heartbeat, the taint manager's
 * eviction deadline, the HPA's 15 s sync). After each step the model runs the
 * clock until the cluster is quiet; these timers are kept out of that queue so
 * they fire only when the scenario lets time pass (`advance`, `wait`) — which
 * is what a reader expects: `kubectl get pods` right after a crash shows
 * CrashLoopBackOff, and the restart appears after `advance: 10s`.
 */
import type { World } from './world.ts';

interface Timer {
  t: number;
  seq: number;
  run: () => void;
}

export class Timers {
  private readonly list: Timer[] = [];
  private seq = 0;

  /** Whether any timer was ever set (the trace then notes how they fire). */
  used(): boolean {
    return this.seq > 0;
  }

  /** Runs `run` at simulated time `t` (or as soon as time is let pass, if `t` is already past). */
  at(t: number, run: () => void): void {
    this.list.push({ t, seq: this.seq++, run });
    this.list.sort((a, b) => a.t - b.t || a.seq - b.seq);
  }

  next(): number | undefined {
    return this.list[0]?.t;
  }

  size(): number {
    return this.list.length;
  }

  shift(): Timer | undefined {
    return this.list.shift();
  }
}

const byWorld = new WeakMap<World, Timers>();

export function timersOf(w: World): Timers {
  let t = byWorld.get(w);
  if (!t) byWorld.set(w, (t = new Timers()));
  return t;
}

/** Schedules background work `delayMs` from now. */
export function backgroundAfter(w: World, delayMs: number, run: () => void): void {
  timersOf(w).at(w.clock.now() + delayMs, run);
}

/**
 * Lets simulated time pass until `untilMs`: queued work runs in time order,
 * and each background timer fires at its time (after the work queued for that
 * instant), its consequences interleaved with the rest.
 */
export function passTime(w: World, untilMs: number): void {
  const timers = timersOf(w);
  for (;;) {
    const t = timers.next();
    const due = t !== undefined && t <= untilMs;
    // One queued task at a time: any task may set a timer that is due before the next task.
    if (w.clock.runUntil(due ? t : untilMs, 1) === 1) continue;
    if (!due) break;
    w.clock.advanceTo(t);
    timers.shift()!.run();
  }
  w.clock.advanceTo(untilMs);
}

/** Whether background timers are waiting (a `wait` step keeps polling while they are). */
export function hasTimers(w: World): boolean {
  return timersOf(w).size() > 0;
}

/**
 * Fires the background timers that are due by now. A command that waits in
 * real life (`kubectl rollout status`) lets time pass while it waits: it calls
 * this from its own polling on the clock.
 */
export function fireDue(w: World): void {
  const timers = timersOf(w);
  for (let t = timers.next(); t !== undefined && t <= w.clock.now(); t = timers.next()) timers.shift()!.run();
}

/**
 * Polls `check` every `pollMs` of simulated time, firing due background
 * timers in between, until it returns true or `maxMs` has passed. Keeps the
 * clock busy while a command waits, so time passes for the whole cluster.
 */
export function waitWhilePassingTime(w: World, check: () => boolean, pollMs: number, maxMs: number, onTimeout: () => void): void {
  const start = w.clock.now();
  // Wake at the next timer's own time (not only at poll ticks), so timers fire exactly when due.
  const delay = (): number => {
    const next = timersOf(w).next();
    return next === undefined ? pollMs : Math.min(pollMs, Math.max(0, next - w.clock.now()));
  };
  const tick = (): void => {
    fireDue(w);
    if (check()) return;
    if (w.clock.now() - start >= maxMs) return onTimeout();
    w.clock.after(delay(), tick);
  };
  w.clock.after(delay(), tick);
}

/** The simplification sentence for traces that used background timers (empty when none were set). */
export function timerNotes(w: World, already: readonly string[]): string[] {
  return timersOf(w).used() && !already.includes(TIMERS_NOTE) ? [TIMERS_NOTE] : [];
}

export const TIMERS_NOTE =
  'Delayed work (crash back-offs, readiness probes, node-monitor and taint-eviction deadlines, HPA syncs every 15 s) fires only while the scenario lets time pass (advance, wait, kubectl rollout status); after other steps the model runs only until the cluster is quiet.';
