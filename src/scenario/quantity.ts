/**
 * Kubernetes resource quantities (`100m`, `0.5`, `8Gi`, `1e3`, `1k`), with the
 * grammar of k8s.io/apimachinery/pkg/api/resource:
 *
 *   quantity ::= sign? number suffix?
 *   number   ::= digits | digits "." digits? | "." digits
 *   suffix   ::= Ki|Mi|Gi|Ti|Pi|Ei | m|k|M|G|T|P|E | (e|E) sign? digits
 *
 * Anything else (spaces, `1.5.2`, `10mb`, `Gi`) is invalid, as in Kubernetes.
 */

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E))?$/;

const MULTIPLIER: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** Thrown by the parse functions; the loader turns it into a Diagnostic at the value. */
export class InvalidQuantityError extends Error {
  constructor(readonly input: string) {
    super(`invalid quantity "${input}": expected a Kubernetes quantity such as 100m, 0.5, 2, 512Mi or 8Gi`);
    this.name = 'InvalidQuantityError';
  }
}

/** A quantity in base units (cores, bytes, …), or undefined when it is not a quantity. */
export function tryParseQuantity(q: string | number): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  const m = QUANTITY.exec(q);
  if (!m) return undefined;
  const sign = m[1] === '-' ? -1 : 1;
  const mantissa = Number(m[2]);
  const value = m[3] !== undefined ? mantissa * 10 ** Number(m[3].slice(1)) : mantissa * (MULTIPLIER[m[4] ?? ''] ?? 1);
  return Number.isFinite(value) ? sign * value : undefined;
}

/** A quantity in base units; throws InvalidQuantityError. */
export function parseQuantity(q: string | number): number {
  const v = tryParseQuantity(q);
  if (v === undefined) throw new InvalidQuantityError(String(q));
  return v;
}

/** Float noise (0.1 * 1000 = 100.00000000000001) must not round a value up. */
function ceilClean(v: number): number {
  return Math.ceil(Number(v.toFixed(6)));
}

/** CPU in millicores, rounded up like Kubernetes' MilliValue (`0.1` → 100, `100m` → 100). */
export function parseCpu(q: string | number): number {
  return ceilClean(parseQuantity(q) * 1000);
}

/** Memory in bytes, rounded up like Kubernetes' Value (`512Mi` → 536870912). */
export function parseMemory(q: string | number): number {
  return ceilClean(parseQuantity(q));
}

/** `1500` → `1500m`, `2000` → `2`: the way kubectl prints CPU. */
export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

const BINARY: [string, number][] = [
  ['Ei', 2 ** 60],
  ['Pi', 2 ** 50],
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
];
const DECIMAL: [string, number][] = [
  ['E', 1e18],
  ['P', 1e15],
  ['T', 1e12],
  ['G', 1e9],
  ['M', 1e6],
  ['k', 1e3],
];

/** Bytes in the largest suffix that divides them exactly: `8589934592` → `8Gi`, `1000` → `1k`. */
export function formatMemory(bytes: number): string {
  if (bytes === 0) return '0';
  for (const [suffix, mult] of BINARY) if (bytes % mult === 0) return `${bytes / mult}${suffix}`;
  for (const [suffix, mult] of DECIMAL) if (bytes % mult === 0) return `${bytes / mult}${suffix}`;
  return String(bytes);
}
