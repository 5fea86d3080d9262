/**
 * Go durations (`time.ParseDuration`): `30s`, `5m`, `1h30m`, `250ms`, `1.5h`,
 * `0`. Units: ns, us (µs), ms, s, m, h. A bare number other than 0 is invalid,
 * as in Go (`30` is not a duration; write `30s`).
 */

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3,
  'μs': 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

export class InvalidDurationError extends Error {
  constructor(readonly input: string) {
    super(`invalid duration "${input}": expected a duration such as 250ms, 30s, 5m or 1h30m`);
    this.name = 'InvalidDurationError';
  }
}

/** Milliseconds (possibly fractional for ns/us), or undefined when not a Go duration. */
export function tryParseDuration(s: string): number | undefined {
  let i = 0;
  let sign = 1;
  if (s[0] === '+' || s[0] === '-') {
    sign = s[0] === '-' ? -1 : 1;
    i = 1;
  }
  if (s.slice(i) === '0') return 0;
  if (i === s.length) return undefined;
  let total = 0;
  while (i < s.length) {
    PART.lastIndex = i;
    const m = PART.exec(s);
    if (!m) return undefined;
    total += Number(m[1]) * (UNIT_MS[m[2] as string] ?? 0);
    i = PART.lastIndex;
  }
  return sign * total;
}

/** Milliseconds; throws InvalidDurationError. */
export function parseDuration(s: string): number {
  const v = tryParseDuration(s);
  if (v === undefined) throw new InvalidDurationError(s);
  return v;
}

/** Go's String(): `90000` → `1m30s`, `250` → `250ms`, `0` → `0s`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0;
  let rest = Math.abs(ms);
  if (rest < 1000) return `${neg ? '-' : ''}${rest}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Number((rest / 1000).toFixed(3));
  let out = '';
  if (h > 0) out += `${h}h`;
  if (h > 0 || m > 0) out += `${m}m`;
  out += `${s}s`;
  return (neg ? '-' : '') + out;
}
