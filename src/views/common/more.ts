/**
 * Lists cut short for a picture: the first items, then how many were left
 * out, as one more item of the list (`worker-2, worker-3, +2 more`,
 * `2 Error, 2 Completed, +1 more`). One convention for every view: `, `
 * between items, and the count after a comma like any other item, so it is
 * not read as part of the last name or state (`2 Completed +1 more` read as
 * "2 Completed plus 1").
 */

/**
 * The item that stands for `hidden` items left out: `+2 more`. `word` says
 * what they are when they are not just more of the same (`+2 provisioned`:
 * volumes a provisioner named, after the ones people wrote).
 */
export function moreItem(hidden: number, word = 'more'): string {
  return `+${hidden} ${word}`;
}

/** `a, b, +2 more`; only `a, b` when nothing is hidden; `+2 more` alone when nothing is shown. */
export function withMore(shown: readonly string[], hidden: number, word?: string): string {
  return [...shown, ...(hidden > 0 ? [moreItem(hidden, word)] : [])].join(', ');
}

/** Every item when there are at most `max`, else the first `max - 1` and `+N more`: never more than `max` items. */
export function firstItems(items: readonly string[], max: number): string[] {
  return keptItems(items, max, () => false);
}

/**
 * firstItems that never cuts an item `keep` marks (the objects a picture is
 * about), as long as there are fewer of those than `max`: the marked items
 * and the first others, in their order, then `+N more`.
 */
export function keptItems(items: readonly string[], max: number, keep: (item: string) => boolean): string[] {
  if (items.length <= max) return [...items];
  // By position, so two equal items are two items.
  const kept = new Set(items.map((_, i) => i).filter((i) => keep(items[i]!)).slice(0, max - 1));
  for (let i = 0; i < items.length && kept.size < max - 1; i++) kept.add(i);
  return [...items.filter((_, i) => kept.has(i)), moreItem(items.length - kept.size)];
}

/** firstItems in one text: `a, b, +2 more`. */
export function firstOf(items: readonly string[], max: number): string {
  return firstItems(items, max).join(', ');
}

/** The longest run of first items (and `+N more` for the rest) that `fits`; the first item and the count when none does. */
export function fittingList(items: readonly string[], fits: (text: string) => boolean): string {
  for (let kept = items.length; kept > 1; kept--) {
    const text = withMore(items.slice(0, kept), items.length - kept);
    if (fits(text)) return text;
  }
  return withMore(items.slice(0, 1), items.length - 1);
}

/** How many items a `+N more` text stands for; undefined for any other text. */
export function moreCount(text: string): number | undefined {
  const m = /^\+(\d+) more$/.exec(text);
  return m === null ? undefined : Number(m[1]);
}
