/**
 * Sequence alignment for trace diffs: patience diff (elements unique on both
 * sides — e.g. the request that creates one named object — are anchors, the
 * longest increasing run of anchors is kept) with Myers' O((N+M)·D) shortest
 * edit script between anchors. Anchors make an inserted step align as an
 * insertion even when its phases look like the neighbours' (same signature).
 * When a stretch differs too much (D above `maxD`) it is reported as one block
 * of removals followed by one block of insertions instead of spending
 * quadratic memory on an alignment nobody can read anyway.
 */

export type AlignOp =
  | { op: 'same'; a: number; b: number }
  | { op: 'removed'; a: number }
  | { op: 'added'; b: number };

export interface AlignOptions {
  /** Give up on a stretch whose edit distance exceeds this. */
  maxD?: number;
  /** Which elements may serve as anchors (default: all). */
  anchorA?: (i: number) => boolean;
  anchorB?: (j: number) => boolean;
}

interface Ctx {
  a: readonly string[];
  b: readonly string[];
  maxD: number;
  anchorA: (i: number) => boolean;
  anchorB: (j: number) => boolean;
  ops: AlignOp[];
}

export function align(a: readonly string[], b: readonly string[], opts: AlignOptions = {}): AlignOp[] {
  const ctx: Ctx = { a, b, maxD: opts.maxD ?? 2000, anchorA: opts.anchorA ?? (() => true), anchorB: opts.anchorB ?? (() => true), ops: [] };
  patience(ctx, 0, a.length, 0, b.length);
  return ctx.ops;
}

function patience(ctx: Ctx, aLo: number, aHi: number, bLo: number, bHi: number): void {
  const { a, b, maxD, ops } = ctx;
  while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) ops.push({ op: 'same', a: aLo++, b: bLo++ });
  const tail: AlignOp[] = [];
  while (aHi > aLo && bHi > bLo && a[aHi - 1] === b[bHi - 1]) tail.push({ op: 'same', a: --aHi, b: --bHi });
  const anchors = uniqueAnchors(ctx, aLo, aHi, bLo, bHi);
  if (anchors.length === 0) {
    for (const m of myers(a.slice(aLo, aHi), b.slice(bLo, bHi), maxD)) {
      if (m.op === 'same') ops.push({ op: 'same', a: m.a + aLo, b: m.b + bLo });
      else if (m.op === 'removed') ops.push({ op: 'removed', a: m.a + aLo });
      else ops.push({ op: 'added', b: m.b + bLo });
    }
  } else {
    let ai = aLo;
    let bi = bLo;
    for (const [x, y] of anchors) {
      patience(ctx, ai, x, bi, y);
      ops.push({ op: 'same', a: x, b: y });
      ai = x + 1;
      bi = y + 1;
    }
    patience(ctx, ai, aHi, bi, bHi);
  }
  for (let i = tail.length - 1; i >= 0; i--) ops.push(tail[i]!);
}

/** Pairs (i, j) of elements that occur exactly once in a[aLo..aHi) and in b[bLo..bHi), longest increasing subsequence by j. */
function uniqueAnchors(ctx: Ctx, aLo: number, aHi: number, bLo: number, bHi: number): [number, number][] {
  const { a, b } = ctx;
  const countA = new Map<string, number>();
  const posA = new Map<string, number>();
  for (let i = aLo; i < aHi; i++) {
    countA.set(a[i]!, (countA.get(a[i]!) ?? 0) + 1);
    posA.set(a[i]!, i);
  }
  const countB = new Map<string, number>();
  const posB = new Map<string, number>();
  for (let j = bLo; j < bHi; j++) {
    countB.set(b[j]!, (countB.get(b[j]!) ?? 0) + 1);
    posB.set(b[j]!, j);
  }
  const pairs: [number, number][] = [];
  for (let i = aLo; i < aHi; i++) {
    const k = a[i]!;
    if (countA.get(k) === 1 && countB.get(k) === 1 && ctx.anchorA(i) && ctx.anchorB(posB.get(k)!)) pairs.push([i, posB.get(k)!]);
  }
  return longestIncreasing(pairs);
}

/** Patience sorting: the longest subsequence of pairs whose second elements increase. */
function longestIncreasing(pairs: [number, number][]): [number, number][] {
  const tails: number[] = [];
  const prev = new Int32Array(pairs.length).fill(-1);
  for (let p = 0; p < pairs.length; p++) {
    const y = pairs[p]![1];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]!]![1] < y) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[p] = tails[lo - 1]!;
    tails[lo] = p;
  }
  const out: [number, number][] = [];
  for (let p = tails.length > 0 ? tails[tails.length - 1]! : -1; p >= 0; p = prev[p]!) out.push(pairs[p]!);
  return out.reverse();
}

function myers(a: readonly string[], b: readonly string[], maxD: number): AlignOp[] {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((_, j) => ({ op: 'added', b: j }) as AlignOp);
  if (m === 0) return a.map((_, i) => ({ op: 'removed', a: i }) as AlignOp);
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trail[d] = V after round d, for diagonals -d..d only: O(D²) memory, not O(D·(N+M)).
  const trail: Int32Array[] = [];
  for (let d = 0; d <= Math.min(max, maxD); d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        trail.push(v.slice(offset - d, offset + d + 1));
        return backtrack(trail, n, m);
      }
    }
    trail.push(v.slice(offset - d, offset + d + 1));
  }
  return blockReplace(n, m);
}

function backtrack(trail: Int32Array[], n: number, m: number): AlignOp[] {
  const ops: AlignOp[] = [];
  let x = n;
  let y = m;
  for (let d = trail.length - 1; d > 0; d--) {
    const prev = trail[d - 1]!;
    const at = (k: number) => prev[k + d - 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) ops.push({ op: 'same', a: --x, b: --y });
    if (down) ops.push({ op: 'added', b: --y });
    else ops.push({ op: 'removed', a: --x });
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) ops.push({ op: 'same', a: --x, b: --y });
  return ops.reverse();
}

function blockReplace(n: number, m: number): AlignOp[] {
  const ops: AlignOp[] = [];
  for (let i = 0; i < n; i++) ops.push({ op: 'removed', a: i });
  for (let j = 0; j < m; j++) ops.push({ op: 'added', b: j });
  return ops;
}
