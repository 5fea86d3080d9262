/**
 * Every string a view carries came from the trace, and so possibly from
 * input. Control and bidi characters in it (an ESC sequence, U+202E that
 * makes `abc\u202Egpj.exe` display as `abcexe.jpg`) are shown as `\uXXXX`
 * here, once, so that every output format (SVG, PNG, Mermaid, D2, PlantUML,
 * layout JSON) draws them visibly and none can be spoofed. Ids pass through
 * the same function, so references between them stay consistent.
 */
import { CONTROL_OR_BIDI, showControls } from '../../common/diagnostic.ts';

export function inertStrings<T>(value: T): T {
  return map(value) as T;
}

/** The value with its strings made visible; the same object (no copy) where nothing needed it, the usual case. */
function map(v: unknown): unknown {
  if (typeof v === 'string') {
    CONTROL_OR_BIDI.lastIndex = 0;
    return CONTROL_OR_BIDI.test(v) ? showControls(v) : v;
  }
  if (Array.isArray(v)) {
    const out = v.map(map);
    return out.some((x, i) => x !== v[i]) ? out : v;
  }
  if (v !== null && typeof v === 'object') {
    let out: Record<string, unknown> | undefined;
    for (const [k, x] of Object.entries(v)) {
      const y = map(x);
      if (y !== x) (out ??= { ...(v as Record<string, unknown>) })[k] = y;
    }
    return out ?? v;
  }
  return v;
}
