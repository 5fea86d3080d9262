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

function map(v: unknown): unknown {
  if (typeof v === 'string') {
    CONTROL_OR_BIDI.lastIndex = 0;
    return CONTROL_OR_BIDI.test(v) ? showControls(v) : v;
  }
  if (Array.isArray(v)) return v.map(map);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = map(x);
    return out;
  }
  return v;
}
