/**
 * Simulated time and the event queue of the discrete-event model. Tasks run
 * in order of time, then of scheduling (insertion sequence), so the same
 * scenario always runs the same way. Time is in milliseconds.
 */
import { BudgetExceeded } from '../../common/budget.ts';

export class Clock {
  private nowMs = 0;
  /**
   * The queue as buckets: the tasks due at one moment in a FIFO array (their
   * order of scheduling, which is the tie-break), and a binary heap of the
   * distinct moments. Most moments hold several tasks (a request's hops are
   * 1–3 ms apart), so this sifts plain numbers through a heap of a tenth of
   * the tasks, instead of one task object per task with a two-key compare.
   */
  private readonly buckets = new Map<number, (() => void)[]>();
  private readonly times: number[] = [];
  /** The bucket being run (the earliest moment) and the index of its next task. */
  private current: (() => void)[] | undefined;
  private currentAt = 0;
  private next = 0;
  private count = 0;
  /** Tasks run so far, and how many may run in all (the run budget, ../common/budget.ts). */
  private ran = 0;
  maxTasks = Number.POSITIVE_INFINITY;

  now(): number {
    return this.nowMs;
  }

  /** Runs `run` after `delayMs` of simulated time (0 = after what is already queued for now). */
  after(delayMs: number, run: () => void): void {
    const t = this.nowMs + Math.max(0, delayMs);
    this.count++;
    // The bucket being run is not in `buckets` (a task due at its moment joins its end).
    if (this.current !== undefined && t === this.currentAt) {
      this.current.push(run);
      return;
    }
    const b = this.buckets.get(t);
    if (b !== undefined) b.push(run);
    else {
      this.buckets.set(t, [run]);
      this.pushTime(t);
    }
  }

  pending(): number {
    return this.count;
  }

  /** Runs tasks until the queue is empty or the next task is later than `untilMs`. Returns the number run. */
  runUntil(untilMs: number, maxTasks = Number.POSITIVE_INFINITY): number {
    let n = 0;
    while (n < maxTasks) {
      let b = this.current;
      if (b === undefined || this.next >= b.length) {
        // The current moment is done: open the earliest queued one.
        this.current = undefined;
        if (this.times.length === 0 || this.times[0]! > untilMs) break;
        const t = this.popTime();
        b = this.buckets.get(t)!;
        this.buckets.delete(t);
        this.current = b;
        this.currentAt = t;
        this.next = 0;
      } else if (this.currentAt > untilMs) break;
      if (++this.ran > this.maxTasks) throw new BudgetExceeded('tasks', this.maxTasks);
      const run = b[this.next]!;
      // The slot is cleared so a long bucket does not keep its closures alive.
      b[this.next++] = DONE;
      this.count--;
      this.nowMs = this.currentAt;
      run();
      n++;
    }
    return n;
  }

  /** Moves time forward without running anything (an idle cluster). */
  advanceTo(ms: number): void {
    if (ms > this.nowMs) this.nowMs = ms;
  }

  // Sift with a hole (the moving time is written once at its place): no swap per level.
  private pushTime(t: number): void {
    const h = this.times;
    let i = h.length;
    h.push(t);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p]!;
      if (parent <= t) break;
      h[i] = parent;
      i = p;
    }
    h[i] = t;
  }

  private popTime(): number {
    const h = this.times;
    const top = h[0]!;
    const last = h.pop()!;
    const n = h.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let m = l;
        let child = h[l]!;
        if (r < n && h[r]! < child) {
          m = r;
          child = h[r]!;
        }
        if (child >= last) break;
        h[i] = child;
        i = m;
      }
      h[i] = last;
    }
    return top;
  }
}

const DONE = (): void => {};

/** Per-hop latencies (ms) of the model; realistic orders of magnitude, not measurements. */
export const LATENCY = {
  /** kubectl or a component → API server (TLS connection already open). */
  clientToApi: 2,
  /** One handler-chain phase inside the API server. */
  apiPhase: 1,
  /** etcd write: raft proposal, quorum of fsyncs, apply. */
  etcdWrite: 3,
  /** etcd read (linearizable range). */
  etcdRead: 1,
  /** Watch notification from the API server's cache to a watcher. */
  watchDelivery: 1,
  /** A controller's work queue picking up a key. */
  controllerQueue: 1,
  /** One scheduling cycle (filter + score). */
  schedulingCycle: 5,
  /** CRI call from the kubelet to containerd. */
  cri: 2,
  /** RunPodSandbox incl. CNI ADD. */
  sandbox: 150,
  /** Creating a container. */
  createContainer: 50,
  /** Starting a container. */
  containerStart: 300,
  /** Image pull per MiB (plus a base). */
  pullBase: 500,
  pullPerMiB: 40,
  /** Readiness: first probe / status sync after start. */
  statusSync: 10,
  /** kube-proxy rule programming. */
  iptables: 20,
} as const;
