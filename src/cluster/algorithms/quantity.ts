/**
 * resource.Quantity parsing for the two resources the model schedules on:
 * CPU (to millicores) and memory (to bytes). Suffixes as in
 * k8s.io/apimachinery/pkg/api/resource: decimal SI (k, M, G, T, P, E, m) and
 * binary SI (Ki, Mi, Gi, Ti, Pi, Ei), plus decimal exponents (1e3).
 */

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** The quantity's value as a float (e.g. "500m" → 0.5, "1Gi" → 1073741824); NaN when invalid. */
export function parseQuantity(q: string | number): number {
  if (typeof q === 'number') return q;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/.exec(q.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  if (m[3] !== undefined) return n * 10 ** Number(m[3]);
  const suffix = m[2] ?? '';
  return n * (BINARY[suffix] ?? DECIMAL[suffix] ?? NaN);
}

/** CPU quantity → millicores, rounded up as Quantity.MilliValue does. */
export function cpuMillis(q: string | number | undefined): number {
  if (q === undefined) return 0;
  return Math.ceil(Math.round(parseQuantity(q) * 1e9) / 1e6);
}

/** Memory quantity → bytes, rounded up as Quantity.Value does. */
export function memoryBytes(q: string | number | undefined): number {
  if (q === undefined) return 0;
  return Math.ceil(parseQuantity(q) - 1e-9);
}
