/**
 * How many times each event signature occurred so far (the `n` of an event id
 * `<sig>.<n>`, ./signature.ts). A signature is a string of hex digits from a
 * hash, so its digits are already uniformly spread: they are read as two
 * 32-bit halves (no substring, no parse) and counted in an open-addressed
 * table of typed arrays. A `Map<string, number>` with one entry per distinct
 * signature (hundreds of thousands in a large run) cost about 5 % of a
 * simulation in hashing and cache misses; this costs a fraction of that and
 * allocates nothing per event.
 */
export class OccurrenceTable {
  private hi = new Int32Array(1024);
  private lo = new Int32Array(1024);
  /** 0: empty slot. */
  private counts = new Uint32Array(1024);
  private size = 0;

  /** The length of the signatures in the table (the first one's); 0 before the first. */
  private width = 0;
  /** Signatures of another length or not lowercase hex (never made by ./signature.ts), counted in a Map. */
  private readonly other = new Map<string, number>();

  /** Counts one more occurrence of `sig` and returns its 1-based number. */
  next(sig: string): number {
    const len = sig.length;
    if (len !== this.width) {
      if (this.width !== 0 || len === 0 || len > 16) return this.nextOther(sig);
      this.width = len;
    }
    // Leading digits into `hi`, the last eight into `lo` (all keys have the same length).
    const split = len > 8 ? len - 8 : 0;
    let hi = 0;
    let bad = 0;
    for (let i = 0; i < split; i++) {
      const v = hexValue(sig.charCodeAt(i));
      bad |= v;
      hi = (hi << 4) | v;
    }
    let lo = 0;
    for (let i = split; i < len; i++) {
      const v = hexValue(sig.charCodeAt(i));
      bad |= v;
      lo = (lo << 4) | v;
    }
    if (bad > 15) return this.nextOther(sig);
    return this.bump(hi, lo);
  }

  private nextOther(sig: string): number {
    const n = (this.other.get(sig) ?? 0) + 1;
    this.other.set(sig, n);
    return n;
  }

  private bump(hi: number, lo: number): number {
    const mask = this.counts.length - 1;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const c = this.counts[i]!;
      if (c === 0) break;
      if (this.hi[i] === hi && this.lo[i] === lo) return (this.counts[i] = c + 1);
      i = (i + 1) & mask;
    }
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.counts[i] = 1;
    if (++this.size * 2 > this.counts.length) this.grow();
    return 1;
  }

  private grow(): void {
    const { hi, lo, counts } = this;
    const cap = counts.length * 2;
    this.hi = new Int32Array(cap);
    this.lo = new Int32Array(cap);
    this.counts = new Uint32Array(cap);
    const mask = cap - 1;
    for (let j = 0; j < counts.length; j++) {
      const c = counts[j]!;
      if (c === 0) continue;
      const h = hi[j]!;
      const l = lo[j]!;
      let i = (l ^ Math.imul(h, 0x9e3779b1)) & mask;
      while (this.counts[i] !== 0) i = (i + 1) & mask;
      this.hi[i] = h;
      this.lo[i] = l;
      this.counts[i] = c;
    }
  }
}

/** The value of a lowercase hex digit; outside 0–15 (or negative) for any other character. */
function hexValue(code: number): number {
  return code >= 48 && code <= 57 ? code - 48 : code >= 97 && code <= 102 ? code - 87 : 16;
}
