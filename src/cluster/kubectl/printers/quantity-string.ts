/**
 * resource.Quantity's String() (k8s.io/apimachinery pkg/api/resource,
 * quantity.go CanonicalizeBytes): what kubectl prints for a quantity it
 * decoded from the API, e.g. "1000m" → "1", "0.5" → "500m", "1024Mi" → "1Gi",
 * "1e3" → "1e3". The value is rounded up to nano units as Quantity does.
 */

export type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_NAME = new Map(Object.entries(DECIMAL_SUFFIX).map(([k, v]) => [v, k]));
const BINARY_NAME = new Map(Object.entries(BINARY_SUFFIX).map(([k, v]) => [v, k]));

const NANO = 10n ** 9n;

/** The format a quantity's text gives it (its suffix); undefined when it does not parse. */
export function quantityFormat(q: unknown): Format | undefined {
  const text = typeof q === 'number' ? String(q) : typeof q === 'string' ? q.trim() : '';
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  return m[5] !== undefined ? 'DecimalExponent' : m[4] !== undefined && m[4] in BINARY_SUFFIX ? 'BinarySI' : 'DecimalSI';
}

const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;

/**
 * The canonical String() of a quantity; the input as is when it does not
 * parse. `as` (describeQuota's resource.NewQuantity(q.Value(), format)):
 * the value rounded up to a whole number, printed in that format.
 */
export function quantityString(q: unknown, as?: Format): string {
  const text = typeof q === 'number' ? String(q) : typeof q === 'string' ? q.trim() : '';
  const m = QUANTITY.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return text;
  const [, sign, int = '', frac = '', suffix, exp] = m;
  let format: Format;
  let scale10 = 0;
  let scale2 = 0;
  if (exp !== undefined) {
    format = 'DecimalExponent';
    scale10 = Number(exp);
  } else if (suffix !== undefined && suffix in BINARY_SUFFIX) {
    format = 'BinarySI';
    scale2 = BINARY_SUFFIX[suffix]!;
  } else {
    format = 'DecimalSI';
    scale10 = DECIMAL_SUFFIX[suffix ?? '']!;
  }
  // The value in nano units, rounded up (away from zero) as Quantity's infDec rounding to scale -9 does.
  let num = BigInt(`${int}${frac}` || '0') * 2n ** BigInt(scale2);
  let den = 10n ** BigInt(frac.length);
  const e = scale10 + 9;
  if (e >= 0) num *= 10n ** BigInt(e);
  else den *= 10n ** BigInt(-e);
  let nanos = num / den;
  if (num % den !== 0n) nanos += 1n;
  if (sign === '-') nanos = -nanos;
  if (as !== undefined && as !== format) {
    format = as;
    // Value(): rounded up to a whole number.
    const whole = nanos / NANO + (nanos % NANO > 0n ? 1n : 0n);
    nanos = whole * NANO;
  }
  if (nanos === 0n) return '0';
  if (format === 'BinarySI') {
    const abs = nanos < 0n ? -nanos : nanos;
    if (abs < 1024n * NANO || nanos % NANO !== 0n) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let value = nanos / NANO;
    let exp2 = 0;
    while (exp2 < 60 && value % 1024n === 0n) {
      value /= 1024n;
      exp2 += 10;
    }
    return `${value}${BINARY_NAME.get(exp2) ?? ''}`;
  }
  // AsCanonicalBytes: the largest exponent (a multiple of 3, at least -9) that keeps the mantissa whole.
  let mantissa = nanos;
  let exp10 = -9;
  while (mantissa % 1000n === 0n && exp10 < 18) {
    mantissa /= 1000n;
    exp10 += 3;
  }
  if (format === 'DecimalExponent') return exp10 === 0 ? `${mantissa}` : `${mantissa}e${exp10}`;
  return `${mantissa}${DECIMAL_NAME.get(exp10) ?? ''}`;
}
