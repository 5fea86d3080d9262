/**
 * Checked indexing for tests under `noUncheckedIndexedAccess`: where a test
 * knows an element is there (it built the array, or an earlier assertion
 * checked the length), `at(xs, i)` says so and fails with a clear message
 * naming the index if it is not, instead of a `!` that would turn a missing
 * element into a confusing `undefined` further on.
 */

/** `xs[i]` (a negative `i` counts from the end), or an Error if there is no such element. */
export function at<T>(xs: ArrayLike<T>, i: number, what = 'array'): T {
  const j = i < 0 ? xs.length + i : i;
  if (!Number.isInteger(j) || j < 0 || j >= xs.length) throw new Error(`${what}: no element at index ${i} (length ${xs.length})`);
  return xs[j] as T;
}

/** `value`, or an Error saying `what` is missing. */
export function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is missing`);
  return value;
}
