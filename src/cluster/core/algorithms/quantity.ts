/**
 * Quantities as the model's hot paths want them: CPU in millicores and memory
 * in bytes, 0 for an absent value and NaN (never an exception) for a value
 * that is not a quantity. The grammar and rounding are the scenario stage's
 * (src/scenario/quantity.ts), so the loader and the model cannot disagree.
 */
import { parseCpu, parseMemory, tryParseQuantity } from '../../../scenario/quantity.ts';

/** The quantity's value in base units (e.g. "500m" → 0.5, "1Gi" → 1073741824); NaN when invalid. */
export function parseQuantity(q: string | number): number {
  return tryParseQuantity(q) ?? NaN;
}

/** CPU quantity → millicores, rounded up as Quantity.MilliValue does. */
export function cpuMillis(q: string | number | undefined): number {
  if (q === undefined) return 0;
  return tryParseQuantity(q) === undefined ? NaN : parseCpu(q);
}

/** Memory quantity → bytes, rounded up as Quantity.Value does. */
export function memoryBytes(q: string | number | undefined): number {
  if (q === undefined) return 0;
  return tryParseQuantity(q) === undefined ? NaN : parseMemory(q);
}
