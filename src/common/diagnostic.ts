/**
 * One type for every user-facing problem (bad YAML, unknown keys, invalid
 * manifests, bad flags, unreadable audit logs …). An internal bug is never a
 * Diagnostic: it is an exception with a stack and exits 70.
 */
export type Severity = 'error' | 'warning';

export interface SourcePosition {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

export interface Diagnostic {
  /** Stable machine-readable code, e.g. `KS1001` or `unknown-key`. */
  code: string;
  severity: Severity;
  message: string;
  /** Path as the user named it (relative where possible); never absolute in goldens. */
  file: string;
  /** Where the problem is; absent for problems that concern a whole file. */
  start?: SourcePosition;
  end?: SourcePosition;
  /** The offending source line, verbatim, for the caret display. */
  sourceLine?: string;
  /** Extra hint, e.g. `did you mean "replicas"?`. */
  hint?: string;
}

/** Thrown by stages that cannot continue on invalid input; caught by the CLI (exit 2). */
export class DiagnosticError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => formatDiagnostic(d, { color: false })).join('\n'));
    this.name = 'DiagnosticError';
    this.diagnostics = diagnostics;
  }
}

/**
 * Characters that must never reach a terminal or a reader as themselves: C0
 * controls (but tab and line feed), DEL, C1 controls, the line and paragraph
 * separators, and the bidirectional marks, embeddings, overrides and isolates
 * (U+061C, U+200E/F, U+202A–E, U+2066–9) that make `abc\u202Egpj.exe` display
 * as `abcexe.jpg`.
 */
export const CONTROL_OR_BIDI = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/** Shows every control or bidi character as `\uXXXX` (visible, inert) and keeps the rest. */
export function showControls(s: string): string {
  return s.replace(CONTROL_OR_BIDI, (ch) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** `file:line:col` (or the file alone) of a diagnostic. */
export function diagnosticWhere(d: Diagnostic): string {
  return d.start ? `${d.file}:${d.start.line}:${d.start.column}` : d.file;
}

/** A diagnostic on one line, for progress lines and findings: `file:line:col: message`. */
export function diagnosticLine(d: Diagnostic): string {
  return `${diagnosticWhere(d)}: ${d.message}`;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  const al = a.start?.line ?? 0;
  const bl = b.start?.line ?? 0;
  if (al !== bl) return al - bl;
  const ac = a.start?.column ?? 0;
  const bc = b.start?.column ?? 0;
  if (ac !== bc) return ac - bc;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/**
 * `file:line:col: error[code]: message`, then the source line with a caret
 * under the offending range, then the hint.
 */
export function formatDiagnostic(d: Diagnostic, opts: { color: boolean }): string {
  const red = (s: string) => (opts.color ? `\x1b[31m${s}\x1b[0m` : s);
  const yellow = (s: string) => (opts.color ? `\x1b[33m${s}\x1b[0m` : s);
  const bold = (s: string) => (opts.color ? `\x1b[1m${s}\x1b[0m` : s);
  const where = diagnosticWhere(d);
  const sev = d.severity === 'error' ? red(`error[${d.code}]`) : yellow(`warning[${d.code}]`);
  // Everything from input is shown with its control and bidi characters escaped:
  // an ESC sequence in a file name or a YAML value must not drive the terminal.
  const line1 = `${bold(showControls(where))}: ${sev}: ${showControls(d.message)}`;
  const lines = [line1];
  if (d.sourceLine !== undefined && d.start) {
    const gutter = String(d.start.line);
    const pad = ' '.repeat(gutter.length);
    const startCol = d.start.column;
    const endCol =
      d.end && d.end.line === d.start.line && d.end.column > startCol
        ? d.end.column
        : startCol + 1;
    const caretWidth = Math.max(1, Math.min(endCol, d.sourceLine.length + 1) - startCol);
    // Escaping widens the line: the caret moves by what was added before it.
    const before = showControls(d.sourceLine.slice(0, startCol - 1)).length;
    const under = showControls(d.sourceLine.slice(startCol - 1, startCol - 1 + caretWidth)).length;
    lines.push(`${pad} |`);
    lines.push(`${gutter} | ${showControls(d.sourceLine)}`);
    lines.push(`${pad} | ${' '.repeat(Math.max(0, before))}${red('^'.repeat(Math.max(1, under)))}`);
  }
  if (d.hint) lines.push(`  = ${showControls(d.hint)}`);
  return lines.join('\n');
}
