/**
 * Simulated time and the event queue of the discrete-event model. Tasks run
 * in order of time, then of scheduling (insertion sequence), so the same
 * scenario always runs the same way. Time is in milliseconds.
 */
import { BudgetExceeded } from '../../common/budget.ts';

interface Task {
  t: number;
  seq: number;
  run: () => void;
}

export class Clock {
  private nowMs = 0;
  private seq = 0;
  private readonly heap: Task[] = [];
  /** Tasks run so far, and how many may run in all (the run budget, ../common/budget.ts). */
  private ran = 0;
  maxTasks = Number.POSITIVE_INFINITY;

  now(): number {
    return this.nowMs;
  }

  /** Runs `run` after `delayMs` of simulated time (0 = after what is already queued for now). */
  after(delayMs: number, run: () => void): void {
    this.push({ t: this.nowMs + Math.max(0, delayMs), seq: this.seq++, run });
  }

  pending(): number {
    return this.heap.length;
  }

  /** Runs tasks until the queue is empty or the next task is later than `untilMs`. Returns the number run. */
  runUntil(untilMs: number, maxTasks = Number.POSITIVE_INFINITY): number {
    let n = 0;
    while (this.heap.length > 0 && this.heap[0]!.t <= untilMs && n < maxTasks) {
      if (++this.ran > this.maxTasks) throw new BudgetExceeded('tasks', this.maxTasks);
      const task = this.pop();
      this.nowMs = task.t;
      task.run();
      n++;
    }
    return n;
  }

  /** Moves time forward without running anything (an idle cluster). */
  advanceTo(ms: number): void {
    if (ms > this.nowMs) this.nowMs = ms;
  }

  // Sift with a hole (the moving task is written once at its place): no swap per level.
  private push(task: Task): void {
    const h = this.heap;
    let i = h.length;
    h.push(task);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p]!;
      if (!before(task, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = task;
  }

  private pop(): Task {
    const h = this.heap;
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
        if (r < n && before(h[r]!, child)) {
          m = r;
          child = h[r]!;
        }
        if (!before(child, last)) break;
        h[i] = child;
        i = m;
      }
      h[i] = last;
    }
    return top;
  }
}

function before(a: Task, b: Task): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}

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
