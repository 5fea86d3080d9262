import { describe, expect, it } from 'vitest';
import { BACKOFF_MAX_MS, crashLoopDelay, NO_BACKOFF, nextBackoff } from '../../src/cluster/core/algorithms/backoff.ts';
import { computePodTemplateHash, fnv32a, generateNameSuffix, safeEncodeString } from '../../src/cluster/core/algorithms/podTemplateHash.ts';
import { SAFE_ALPHABET } from '../../src/common/generated-names.ts';
import { cpuMillis, memoryBytes, parseQuantity } from '../../src/cluster/core/algorithms/quantity.ts';
import { Prng } from '../../src/common/prng.ts';

describe('CrashLoopBackOff', () => {
  it('doubles from 10s to the 5 minute cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(crashLoopDelay)).toEqual([10e3, 20e3, 40e3, 80e3, 160e3, 300e3, 300e3, 300e3]);
  });
  it('nextBackoff doubles per failure and resets after 10 minutes without one', () => {
    let s = NO_BACKOFF;
    const delays: number[] = [];
    let t = 0;
    for (let i = 0; i < 7; i++) {
      s = nextBackoff(s, t);
      delays.push(s.delayMs);
      t += s.delayMs + 1000;
    }
    expect(delays).toEqual([10e3, 20e3, 40e3, 80e3, 160e3, 300e3, 300e3]);
    expect(nextBackoff(s, s.lastFailureAt + 2 * BACKOFF_MAX_MS).delayMs).toBe(300e3);
    expect(nextBackoff(s, s.lastFailureAt + 2 * BACKOFF_MAX_MS + 1).delayMs).toBe(10e3);
  });
});

describe('pod-template-hash', () => {
  it('FNV-32a matches the reference vectors', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(fnv32a(enc(''))).toBe(0x811c9dc5);
    expect(fnv32a(enc('a'))).toBe(0xe40c292c);
    expect(fnv32a(enc('foobar'))).toBe(0xbf9cf968);
  });
  it('SafeEncodeString maps each byte through the alphabet modulo 27', () => {
    expect(safeEncodeString('09')).toBe('4f'); // '0' = 48 → 48 % 27 = 21 → '4'; '9' = 57 → 3 → 'f'
    expect(SAFE_ALPHABET).toHaveLength(27);
  });
  it('is deterministic, content-derived, key-order independent and shaped like Kubernetes hashes', () => {
    const a = computePodTemplateHash({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } });
    const b = computePodTemplateHash({ spec: { containers: [{ image: 'nginx:1.25', name: 'web' }] }, metadata: { labels: { app: 'web' } } });
    const c = computePodTemplateHash({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.26' }] } });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(computePodTemplateHash({ x: 1 }, 1)).not.toBe(computePodTemplateHash({ x: 1 }));
  });
  it('generateNameSuffix draws 5 safe characters from the PRNG', () => {
    const p = new Prng(42, 'names');
    const s = generateNameSuffix(() => p.next());
    expect(s).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const q = new Prng(42, 'names');
    expect(generateNameSuffix(() => q.next())).toBe(s);
  });
});

describe('quantities', () => {
  it.each([
    ['100m', 100],
    ['1', 1000],
    ['0.5', 500],
    ['2.5', 2500],
  ])('cpu %s → %i millicores', (q, want) => {
    expect(cpuMillis(q)).toBe(want);
  });
  it.each([
    ['128Mi', 128 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['1G', 1e9],
    ['500k', 5e5],
    ['1000', 1000],
  ])('memory %s → %i bytes', (q, want) => {
    expect(memoryBytes(q)).toBe(want);
  });
  it('rejects garbage', () => {
    expect(parseQuantity('12xyz')).toBeNaN();
  });
});
