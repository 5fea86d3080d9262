/**
 * Seeded PRNG (mulberry32 over a 32-bit seed mixed with a stream name), so that
 * generated names and jitter are identical on every machine and every run.
 * Streams are independent: adding a draw in one component does not shift the
 * names another component generates.
 */
export class Prng {
  private state: number;

  constructor(seed: number, stream = '') {
    this.state = (hashString(stream) ^ (seed >>> 0) ^ 0x9e3779b9) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Prng.pick on an empty list');
    return items[this.int(items.length)] as T;
  }

  /**
   * A string of `length` characters drawn from `alphabet`. Joined from an
   * array: `+=` would leave a chain of `length` cons strings (~1.7 KB for a
   * 64-character container id instead of ~90 bytes) in every object that keeps it.
   */
  string(alphabet: string, length: number): string {
    const out: string[] = new Array(length);
    for (let i = 0; i < length; i++) out[i] = alphabet[this.int(alphabet.length)]!;
    return out.join('');
  }
}

/** FNV-1a 32-bit; for seeding streams only (use sha256 for content ids). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
