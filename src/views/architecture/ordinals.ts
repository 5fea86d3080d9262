/**
 * Names of a StatefulSet's numbered members in one label: its Pods
 * (`web-0..2`, `web-0, web-2`) or their claims (`www-web-0..2`).
 */

/**
 * `base-0`, `base-1`, `base-2` → `base-0..2` (three or more in a run), else
 * the names in ordinal order joined by commas; undefined when a name is not
 * `base-<number>`.
 */
export function ordinalLabel(base: string, names: readonly string[]): string | undefined {
  const ordinals = names.map((n) => (n.startsWith(`${base}-`) && /^\d+$/.test(n.slice(base.length + 1)) ? Number(n.slice(base.length + 1)) : NaN));
  if (ordinals.some((n) => Number.isNaN(n))) return undefined;
  const sorted = [...ordinals].sort((a, b) => a - b);
  const run = sorted.every((n, i) => n === sorted[0]! + i);
  return run && sorted.length > 2 ? `${base}-${sorted[0]}..${sorted[sorted.length - 1]}` : sorted.map((n) => `${base}-${n}`).join(', ');
}

/** The base a numbered name shares with its siblings: `www-web-0` → `www-web`. */
export function ordinalBase(name: string): string {
  return name.replace(/-\d+$/, '');
}
