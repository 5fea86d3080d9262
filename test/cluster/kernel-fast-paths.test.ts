// The model's per-event fast paths give the same results as the plain
// definitions they replace (docs/performance.md, session 14).
import { describe, expect, it } from 'vitest';
import { Clock } from '../../src/cluster/kernel/clock.ts';
import { eventNameSuffix } from '../../src/cluster/components/world.ts';
import { apiPath, resourceForKind } from '../../src/cluster/core/resources.ts';
import { eventId } from '../../src/trace/signature.ts';
import { Prng } from '../../src/common/prng.ts';

/** The reference queue: every task in one list, run in order of (time, scheduling sequence). */
class ReferenceClock {
  private nowMs = 0;
  private seq = 0;
  private tasks: { t: number; seq: number; run: () => void }[] = [];
  now(): number {
    return this.nowMs;
  }
  after(delayMs: number, run: () => void): void {
    this.tasks.push({ t: this.nowMs + Math.max(0, delayMs), seq: this.seq++, run });
  }
  pending(): number {
    return this.tasks.length;
  }
  runUntil(untilMs: number, maxTasks = Number.POSITIVE_INFINITY): number {
    let n = 0;
    while (n < maxTasks) {
      this.tasks.sort((a, b) => a.t - b.t || a.seq - b.seq);
      const next = this.tasks[0];
      if (!next || next.t > untilMs) break;
      this.tasks.shift();
      this.nowMs = next.t;
      next.run();
      n++;
    }
    return n;
  }
  advanceTo(ms: number): void {
    if (ms > this.nowMs) this.nowMs = ms;
  }
}

type AnyClock = Pick<Clock, 'now' | 'after' | 'pending' | 'runUntil' | 'advanceTo'>;

/** A random workload: tasks that schedule tasks (delay 0, equal times, fractions), partial runs, idle jumps. */
function drive(clock: AnyClock, seed: number): string[] {
  const rnd = new Prng(seed, 'clock');
  const log: string[] = [];
  let id = 0;
  const task = (depth: number): (() => void) => {
    const me = id++;
    return () => {
      log.push(`${me}@${clock.now()}`);
      if (depth >= 4) return;
      const k = Math.floor(rnd.next() * 4);
      for (let i = 0; i < k; i++) {
        const r = rnd.next();
        const delay = r < 0.3 ? 0 : r < 0.5 ? -1 : r < 0.9 ? Math.floor(r * 5) : 2.5;
        clock.after(delay, task(depth + 1));
      }
    };
  };
  for (let round = 0; round < 30; round++) {
    for (let i = 0; i < 5; i++) clock.after(Math.floor(rnd.next() * 6), task(0));
    const r = rnd.next();
    if (r < 0.3) log.push(`ran ${clock.runUntil(clock.now() + 3, 1 + Math.floor(rnd.next() * 5))}`);
    else if (r < 0.4) log.push(`ran ${clock.runUntil(clock.now() - 1)}`);
    else if (r < 0.5) clock.advanceTo(clock.now() + 2);
    else log.push(`ran ${clock.runUntil(clock.now() + Math.floor(rnd.next() * 8))}`);
    log.push(`pending ${clock.pending()} now ${clock.now()}`);
  }
  log.push(`ran ${clock.runUntil(Number.POSITIVE_INFINITY)}`);
  return log;
}

describe('kernel fast paths', () => {
  it('the bucketed clock runs tasks in the order of (time, scheduling) like one sorted queue, partial runs and idle jumps included', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const fast = drive(new Clock(), seed);
      const ref = drive(new ReferenceClock(), seed);
      expect(fast).toEqual(ref);
      expect(fast.length).toBeGreaterThan(100);
    }
  });

  it('the clock counts every task against the run budget', () => {
    const c = new Clock();
    c.maxTasks = 3;
    for (let i = 0; i < 5; i++) c.after(0, () => {});
    expect(() => c.runUntil(10)).toThrow(/tasks/);
  });

  it('an Event name suffix is the hex of now × 10^6 + seq + 0x180000000000000 (client-go makeEvent), without BigInt', () => {
    const big = (now: number, seq: number) => (BigInt(now) * 1000000n + BigInt(seq) + 0x180000000000000n).toString(16);
    const rnd = new Prng(7, 'suffix');
    const cases: [number, number][] = [[0, 0], [0, 1], [1, 0], [999, 999_999], [4_503_599_627, 370_495], [4_503_599_627, 370_496], [9_007_199_254, 740_991], [9_007_199_254, 740_992], [1e13, 5]];
    for (let i = 0; i < 2000; i++) cases.push([Math.floor(rnd.next() * 1e10), Math.floor(rnd.next() * 1e6)]);
    for (const [now, seq] of cases) expect(eventNameSuffix(now, seq)).toBe(big(now, seq));
  });

  it('apiPath (collection paths memoised) is the path made piece by piece', () => {
    const pod = resourceForKind('Pod')!;
    const dep = resourceForKind('Deployment')!;
    const node = resourceForKind('Node')!;
    expect(apiPath(pod, 'default', 'web-1', 'status')).toBe('/api/v1/namespaces/default/pods/web-1/status');
    expect(apiPath(pod, 'default', 'web-2')).toBe('/api/v1/namespaces/default/pods/web-2');
    expect(apiPath(pod, 'kube-system')).toBe('/api/v1/namespaces/kube-system/pods');
    expect(apiPath(pod)).toBe('/api/v1/pods');
    expect(apiPath(dep, 'default', 'web')).toBe('/apis/apps/v1/namespaces/default/deployments/web');
    expect(apiPath(node, 'default', 'n1')).toBe('/api/v1/nodes/n1');
    expect(apiPath(node, undefined, 'n1', 'status')).toBe('/api/v1/nodes/n1/status');
  });

  it('event ids are <sig>.<n> for small and large n', () => {
    for (const n of [1, 2, 9, 10, 4095, 4096, 123_456]) expect(eventId('0123456789ab', n)).toBe(`0123456789ab.${n}`);
  });
});
