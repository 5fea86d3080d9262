/**
 * Source text with positions: turns offsets of YAML nodes into `file:line:col`
 * diagnostics with the offending line. A Source can also stand for a YAML
 * document embedded in a block string of another file (`files: {x: |…}`), in
 * which case positions are mapped back into the outer file.
 */
import { LineCounter, isNode, isPair, type Node, type Pair, type YAMLError } from 'yaml';
import type { Diagnostic, Severity, SourcePosition } from '../common/diagnostic.ts';

export type Range = [start: number, end: number];

export class Source {
  readonly file: string;
  private readonly lines: string[];
  private readonly toPos: (offset: number) => SourcePosition;

  /**
   * @param file display path of the file the positions point into
   * @param fileText the text of that file (for the source line)
   * @param toPos maps an offset of the text that was parsed to a position in `file`
   */
  constructor(file: string, fileText: string, toPos: (offset: number) => SourcePosition) {
    this.file = file;
    this.lines = fileText.split(/\r?\n/);
    this.toPos = toPos;
  }

  /**
   * A Source for a whole file parsed as is. Positions come from the text's own
   * line starts, not from the parser's LineCounter: when the lexer recovers
   * from an error it can swallow several lines into one token, and the counter
   * then misses their line breaks (an error on line 9 shown as 6:437).
   */
  static forText(file: string, text: string, _lineCounter?: LineCounter): Source {
    const at = linePositions(text);
    return new Source(file, text, (offset) => at(offset));
  }

  position(offset: number): SourcePosition {
    return this.toPos(offset);
  }

  line(n: number): string | undefined {
    return this.lines[n - 1];
  }
}

/** Collects every problem of a load; never stops at the first. */
export class Diagnostics {
  readonly list: Diagnostic[] = [];

  add(
    severity: Severity,
    src: Source,
    range: Range | undefined,
    code: string,
    message: string,
    hint?: string,
  ): void {
    const d: Diagnostic = { code, severity, message, file: src.file };
    if (range) {
      const start = src.position(range[0]);
      let end = src.position(Math.max(range[0], range[1]));
      // A multi-line node is underlined to the end of its first line.
      if (end.line !== start.line) end = { line: start.line, column: (src.line(start.line)?.length ?? 0) + 1 };
      d.start = start;
      d.end = end;
      const line = src.line(start.line);
      if (line !== undefined) d.sourceLine = line;
    }
    if (hint !== undefined) d.hint = hint;
    this.list.push(d);
  }

  error(src: Source, at: Node | Pair | Range | null | undefined, code: string, message: string, hint?: string): void {
    this.add('error', src, rangeOf(at), code, message, hint);
  }

  warning(src: Source, at: Node | Pair | Range | null | undefined, code: string, message: string, hint?: string): void {
    this.add('warning', src, rangeOf(at), code, message, hint);
  }

  /** A problem that concerns a whole file (no position). */
  fileError(file: string, code: string, message: string, hint?: string): void {
    const d: Diagnostic = { code, severity: 'error', message, file };
    if (hint !== undefined) d.hint = hint;
    this.list.push(d);
  }

  /** Name the key: the library only says that some key is repeated. */
  private addDuplicateKey(src: Source, e: YAMLError): void {
    const start = src.position(e.pos[0]);
    const rest = src.line(start.line)?.slice(start.column - 1) ?? '';
    const key = /^("(?:[^"\\]|\\.)*"|'[^']*'|[^:#]*?)\s*:(\s|$)/.exec(rest)?.[1];
    const range: Range = [e.pos[0], e.pos[0] + Math.max(1, key?.length ?? 1)];
    const message = key ? `duplicate key ${key.startsWith('"') || key.startsWith("'") ? key : `"${key}"`}: map keys must be unique` : yamlMessage(e);
    this.add('error', src, range, 'duplicate-key', message);
  }

  /** YAML parse errors and warnings of one document. */
  addYamlProblems(src: Source, errors: readonly YAMLError[], warnings: readonly YAMLError[]): void {
    for (const e of errors) {
      if (e.code === 'DUPLICATE_KEY') this.addDuplicateKey(src, e);
      else this.add('error', src, e.pos, yamlCode(e), yamlMessage(e));
    }
    for (const w of warnings) this.add('warning', src, w.pos, 'yaml-warning', yamlMessage(w));
  }
}

/** The range of a node (value end, not including trailing comments) or of a pair's key. */
export function rangeOf(at: Node | Pair | Range | null | undefined): Range | undefined {
  if (!at) return undefined;
  if (Array.isArray(at)) return at;
  if (isPair(at)) return isNode(at.key) ? rangeOf(at.key) : rangeOf(at.value as Node | null);
  const r = at.range;
  return r ? [r[0], r[1]] : undefined;
}

function yamlCode(e: YAMLError): string {
  return e.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax';
}

function yamlMessage(e: YAMLError): string {
  if (e.code === 'DUPLICATE_KEY') return 'duplicate key: map keys must be unique';
  if (e.code === 'MULTIPLE_DOCS') return 'a scenario is one YAML document; remove the "---" separator';
  // The library's message is a sentence; keep its first line, without the position it appends.
  const first = e.message.split('\n')[0] ?? e.message;
  return first.replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}

/** 1-based line and column of an offset of `text` (lines end at \n, as the YAML library counts them). */
export function linePositions(text: string): (offset: number) => SourcePosition {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    const o = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - starts[lo]! + 1 };
  };
}
