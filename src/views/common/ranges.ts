/**
 * Runs of numbers in one short text, one convention for every view:
 *
 * - step numbers (legends, headings, setup bands): `3, 5–7`, an en dash
 *   between the first and last of two or more consecutive numbers;
 * - numbered names (nodes `worker-1..3`, a StatefulSet's Pods `web-0..2`,
 *   their claims `www-web-0..2`): `..` between the first and last of three
 *   or more consecutive ordinals (a dash would run into the name's own
 *   `-`), else the names one by one in numeric order (`web-0, web-2`).
 */

/** `1, 2, 3, 5` → `1–3, 5`; `5, 6` → `5–6`. Sorted, without duplicates. */
export function numberRanges(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    out.push(j > i ? `${sorted[i]}–${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return out.join(', ');
}

/** Shortest run of consecutive ordinals written as a range. */
const MIN_RUN = 3;

/**
 * `worker-1, worker-2, worker-3` → `worker-1..3`; `web-2, web-0` → `web-0,
 * web-2`; names that are not all `<one prefix><number>` as given.
 */
export function numberedNames(names: readonly string[]): string {
  return numberedRange(names) ?? names.join(', ');
}

/**
 * The names in the numbered-name convention when they all share one prefix
 * followed by a number (`www-web-` 0, 1, 2); undefined when they do not.
 */
export function numberedRange(names: readonly string[]): string | undefined {
  const parsed = names.map((n) => /^(.*?)(\d+)$/.exec(n));
  const prefix = parsed[0]?.[1];
  if (prefix === undefined || parsed.some((m) => m === null || m[1] !== prefix)) return undefined;
  const ordered = parsed.map((m) => ({ name: m!.input, n: Number(m![2]) })).sort((a, b) => a.n - b.n);
  const run = ordered.every((o, i) => o.n === ordered[0]!.n + i);
  return run && ordered.length >= MIN_RUN ? `${prefix}${ordered[0]!.n}..${ordered[ordered.length - 1]!.n}` : ordered.map((o) => o.name).join(', ');
}
