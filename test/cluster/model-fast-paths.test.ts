// Session 16's model fast paths (docs/performance.md) give the same results
// as the plain definitions they replace.
import { describe, expect, it } from 'vitest';
import { Lru } from '../../src/cluster/components/event-correlator.ts';
import { Prng } from '../../src/common/prng.ts';

/** The plain LRU (k8s.io/utils/lru): every get that hits and every add move the key to the end; the oldest is evicted. */
class ReferenceLru<V> {
  private readonly map = new Map<string, V>();
  constructor(readonly max: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  add(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
  get size(): number {
    return this.map.size;
  }
}

describe('Lru (the event correlator caches) with its most-recent-key fast path', () => {
  it('answers every get and evicts like the plain LRU over random gets and adds (get-then-add of one key included)', () => {
    for (const max of [1, 2, 3, 5, 8]) {
      const prng = new Prng(max, "lru");
      const fast = new Lru<number>(max);
      const ref = new ReferenceLru<number>(max);
      for (let step = 0; step < 20_000; step++) {
        // Keys made fresh each time (as the correlator's joined keys are), so equality is by content.
        const key = ['k', String(prng.int(12))].join('');
        const op = prng.int(4);
        if (op === 0) expect(fast.get(key), `step ${step}`).toBe(ref.get(key));
        else if (op === 1) {
          fast.add(key, step);
          ref.add(key, step);
        } else {
          // The correlator's pattern: get a key, then add the same key.
          expect(fast.get(key)).toBe(ref.get(key));
          fast.add(key, step);
          ref.add(key, step);
        }
        expect(fast.size).toBe(ref.size);
      }
    }
  });
});
