/** "Did you mean" for unknown keys and names. */

/** Edit distance with adjacent transpositions (optimal string alignment): "alcie" → "alice" is 1. */
export function levenshtein(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] as number[];
    const prev = d[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, ((d[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = v;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/**
 * The closest candidate, if it is close enough to be a typo: at most a third
 * of the word's length (minimum 1, maximum 3) edits away, or equal ignoring case.
 * No suggestion when two candidates are equally close.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  let tie = false;
  for (const c of candidates) {
    const d = c.toLowerCase() === word.toLowerCase() ? 0 : levenshtein(word, c);
    if (d < bestDist) {
      best = c;
      bestDist = d;
      tie = false;
    } else if (d === bestDist) tie = true;
  }
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  // Two equally close candidates (worker-3 vs worker-1, worker-2): guessing would mislead.
  return bestDist <= limit && !tie ? best : undefined;
}

export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const c = closest(word, candidates);
  return c === undefined ? undefined : `did you mean "${c}"?`;
}
