/**
 * Reading a trace file as a stream. A trace of a large run is far larger than
 * V8's string limit (~512 MiB), so the file is never held as one string: it
 * is read in chunks, and an incremental scanner for the trace's known shape —
 * one JSON object whose arrays (`events`, `steps`, `hosts`…) hold many small
 * values — cuts the text into those values and parses each on its own with
 * JSON.parse. The longest string alive is a chunk or one value (an event,
 * the header), never the file; the reader holds the parsed objects only.
 *
 * The result is exactly JSON.parse of the whole text (the same values, the
 * same key order, the last of duplicate keys): every byte of the input is
 * either punctuation the scanner checks itself (the top-level object, its
 * keys, the `[`, `,` and `]` of its arrays) or inside a value JSON.parse
 * checks. Both writer shapes (pretty, the default, and `--compact`) and any
 * other whitespace are read. Invalid JSON is a Diagnostic with line and
 * column (JSON.parse on Node 20 gives no position, so a failing value is
 * handed to jsonc-parser, strict, which says where and what breaks).
 *
 * No streaming-JSON library is among the dependencies, and none is needed
 * for this one known shape: the scanner only tracks strings and bracket
 * depth to find where a value ends, and JSON.parse does the parsing.
 */
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { Diagnostic } from '../common/diagnostic.ts';
import { fail, ok, type Result } from '../common/result.ts';
import { TRACE_FORMAT, TRACE_VERSION, type Trace } from './types.ts';
import { jsonSyntaxError } from './json-syntax.ts';

/** Bytes read from a trace file at a time. */
export const READ_CHUNK = 1 << 20;

/** What the reader kept in memory at most (for tests that prove it never holds the file). */
export interface ReadStats {
  /** Longest string handed to JSON.parse (one value: an event, the header…). */
  longestValue: number;
  /** Longest chunk of text fed in. */
  longestChunk: number;
}

class JsonSyntax extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

type Where = 'start' | 'key-or-end' | 'key' | 'colon' | 'value' | 'comma-or-end' | 'element-or-end' | 'element' | 'element-comma-or-end' | 'done';

const WS = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * The incremental scanner: feed text with `push`, then `end()` gives the
 * parsed top-level value (an object for any trace; anything else is returned
 * as parsed, for the caller to reject).
 */
export class TraceScanner {
  readonly stats: ReadStats = { longestValue: 0, longestChunk: 0 };
  private where: Where = 'start';
  /** Absolute offset (UTF-16 units) of the start of the current chunk. */
  private base = 0;
  /** Line and column bookkeeping: offsets of line starts are not kept, only the count up to `base`. */
  private line = 1;
  private lineStart = 0;
  private readonly result: Record<string, unknown> = {};
  private rootValue: unknown;
  private rootIsObject = false;
  private key = '';
  private array: unknown[] | undefined;
  // The value being cut out: its pieces, start offset, depth, and string state.
  private pieces: string[] = [];
  private valueStart = -1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private scalar = false;
  /** For error positions inside a value: line and column of its first character. */
  private valueLine = 1;
  private valueCol = 1;

  push(chunk: string): void {
    if (chunk.length > this.stats.longestChunk) this.stats.longestChunk = chunk.length;
    let from = 0;
    const n = chunk.length;
    let i = 0;
    const markValue = (at: number) => {
      this.valueStart = this.base + at;
      this.valueLine = this.line;
      this.valueCol = this.base + at - this.lineStart + 1;
      from = at;
    };
    /** A value starts at `at` (the root, a property's value or an array element). */
    const beginValue = (c: number, at: number) => {
      this.startValue(c, at);
      markValue(at);
      if (!this.scalar && !this.inString) this.depth = 1;
    };
    while (i < n) {
      const c = chunk.charCodeAt(i);
      if (this.valueStart >= 0) {
        // Inside a value: find where it ends.
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (c === 0x5c) this.escaped = true;
          else if (c === 0x22) {
            this.inString = false;
            if (this.depth === 0 && !this.scalar) {
              // A bare string value ends with its closing quote.
              this.pieces.push(chunk.slice(from, i + 1));
              this.finishValue();
              i++;
              continue;
            }
          } else if (c === 0x0a) this.newline(i);
          i++;
          continue;
        }
        if (this.scalar) {
          // A number, true, false or null ends at the next delimiter.
          if (WS(c) || c === 0x2c || c === 0x5d || c === 0x7d) {
            this.pieces.push(chunk.slice(from, i));
            this.finishValue();
            continue; // the delimiter is read by the structure below
          }
          i++;
          continue;
        }
        if (c === 0x22) this.inString = true;
        else if (c === 0x7b || c === 0x5b) this.depth++;
        else if (c === 0x7d || c === 0x5d) {
          this.depth--;
          if (this.depth === 0) {
            this.pieces.push(chunk.slice(from, i + 1));
            this.finishValue();
            i++;
            continue;
          }
        } else if (c === 0x0a) this.newline(i);
        i++;
        continue;
      }
      // Between values: the trace's own structure.
      if (WS(c)) {
        if (c === 0x0a) this.newline(i);
        i++;
        continue;
      }
      switch (this.where) {
        case 'start':
          if (c === 0x7b) {
            this.rootIsObject = true;
            this.where = 'key-or-end';
            i++;
          } else {
            beginValue(c, i);
            i++;
          }
          continue;
        case 'key-or-end':
        case 'key':
          if (c === 0x7d && this.where === 'key-or-end') {
            this.where = 'done';
            i++;
            continue;
          }
          if (c !== 0x22) throw this.error(i, 'expected a double-quoted property name');
          this.startValue(c, i);
          markValue(i);
          i++;
          continue;
        case 'colon':
          if (c !== 0x3a) throw this.error(i, "expected ':' after a property name");
          this.where = 'value';
          i++;
          continue;
        case 'value':
          if (c === 0x5b) {
            // A top-level array: its elements are parsed one by one.
            this.array = [];
            this.where = 'element-or-end';
            i++;
            continue;
          }
          beginValue(c, i);
          i++;
          continue;
        case 'comma-or-end':
          if (c === 0x2c) this.where = 'key';
          else if (c === 0x7d) this.where = 'done';
          else throw this.error(i, "expected ',' or '}' after a property value");
          i++;
          continue;
        case 'element-or-end':
        case 'element':
          if (c === 0x5d && this.where === 'element-or-end') {
            this.set(this.array ?? []);
            i++;
            continue;
          }
          beginValue(c, i);
          i++;
          continue;
        case 'element-comma-or-end':
          if (c === 0x2c) this.where = 'element';
          else if (c === 0x5d) this.set(this.array ?? []);
          else throw this.error(i, "expected ',' or ']' after an array element");
          i++;
          continue;
        case 'done':
          throw this.error(i, 'unexpected text after the end of the JSON value');
      }
    }
    if (this.valueStart >= 0 && from < n) this.pieces.push(chunk.slice(from));
    this.base += n;
  }

  /** The parsed top-level value; throws JsonSyntax when the text ended early. */
  end(): unknown {
    if (this.valueStart >= 0 && this.scalar && this.where === 'start') this.finishValue();
    if (this.where !== 'done' || this.valueStart >= 0) throw this.error(0, 'unexpected end of the JSON input', this.base);
    return this.rootIsObject ? this.result : this.rootValue;
  }

  /** Line and column (1-based) of an absolute offset already scanned on the current line. */
  position(offset: number): { line: number; column: number } {
    return { line: this.line, column: offset - this.lineStart + 1 };
  }

  private newline(i: number): void {
    this.line++;
    this.lineStart = this.base + i + 1;
  }

  private startValue(c: number, i: number): void {
    this.pieces = [];
    this.depth = 0;
    this.escaped = false;
    this.inString = c === 0x22;
    this.scalar = !(c === 0x22 || c === 0x7b || c === 0x5b);
    if (this.scalar && !/[-0-9tfn]/.test(String.fromCharCode(c))) {
      throw this.error(i, `unexpected character ${JSON.stringify(String.fromCharCode(c))}`);
    }
  }

  private finishValue(): void {
    const text = this.pieces.length === 1 ? this.pieces[0]! : this.pieces.join('');
    this.pieces = [];
    if (text.length > this.stats.longestValue) this.stats.longestValue = text.length;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      // jsonc-parser (strict: no comments, no trailing commas) locates and words the error.
      const syntax = jsonSyntaxError(text, e);
      const at = Math.min(syntax.offset, Math.max(0, text.length - 1));
      const before = text.slice(0, at);
      const nl = before.lastIndexOf('\n');
      const lines = before.split('\n').length - 1;
      throw Object.assign(new JsonSyntax(syntax.message, -1), {
        line: this.valueLine + lines,
        column: nl < 0 ? this.valueCol + at : at - nl,
      });
    }
    this.valueStart = -1;
    switch (this.where) {
      case 'start':
        this.rootValue = value;
        this.where = 'done';
        break;
      case 'key-or-end':
      case 'key':
        this.key = value as string;
        this.where = 'colon';
        break;
      case 'value':
        this.set(value);
        break;
      default:
        (this.array ?? []).push(value);
        this.where = 'element-comma-or-end';
    }
  }

  /** Sets a top-level property as JSON.parse does (an own property, also for `__proto__`). */
  private set(value: unknown): void {
    Object.defineProperty(this.result, this.key, { value, writable: true, enumerable: true, configurable: true });
    this.array = undefined;
    this.where = 'comma-or-end';
  }

  private error(i: number, message: string, absolute = this.base + i): JsonSyntax {
    const e = new JsonSyntax(message, absolute);
    return Object.assign(e, this.position(absolute));
  }
}

function diag(file: string, message: string, code = 'trace-invalid', at?: { line: number; column: number }, sourceLine?: string): Diagnostic {
  return { code, severity: 'error', message, file, ...(at ? { start: at } : {}), ...(sourceLine !== undefined ? { sourceLine } : {}) };
}

/** The checks on a parsed trace: its format, version and the fields every view needs. */
export function checkTrace(data: unknown, file: string): Result<Trace> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return fail([diag(file, 'a trace must be a JSON object')]);
  }
  const t = data as Partial<Trace>;
  const problems: Diagnostic[] = [];
  if (t.format !== TRACE_FORMAT) problems.push(diag(file, `"format" must be "${TRACE_FORMAT}", found ${JSON.stringify(t.format)}`));
  if (t.version !== TRACE_VERSION) problems.push(diag(file, `unsupported trace version ${JSON.stringify(t.version)} (this kubescene reads version ${TRACE_VERSION})`, 'trace-version'));
  for (const key of ['header', 'outcome'] as const) {
    if (t[key] === null || typeof t[key] !== 'object') problems.push(diag(file, `"${key}" is missing or not an object`));
  }
  for (const key of ['hosts', 'components', 'steps', 'events', 'simplifications'] as const) {
    if (!Array.isArray(t[key])) problems.push(diag(file, `"${key}" is missing or not an array`));
  }
  if (problems.length > 0) return fail(problems);
  return ok(t as Trace);
}

function syntaxDiagnostic(e: JsonSyntax, file: string): Diagnostic {
  const at = e as JsonSyntax & { line?: number; column?: number };
  return diag(file, `not valid JSON: ${e.message}`, 'trace-json', at.line !== undefined && at.column !== undefined ? { line: at.line, column: at.column } : undefined);
}

/** Parses trace text already in memory (e.g. from `git show`) with the same scanner as a file. */
export function readTraceText(text: string, file: string, stats?: ReadStats): Result<Trace> {
  const scanner = new TraceScanner();
  try {
    for (let i = 0; i < text.length; i += READ_CHUNK) scanner.push(text.slice(i, i + READ_CHUNK));
    const data = scanner.end();
    if (stats) Object.assign(stats, scanner.stats);
    return checkTrace(data, file);
  } catch (e) {
    if (!(e instanceof JsonSyntax)) throw e;
    return fail([withSourceLine(syntaxDiagnostic(e, file), (line) => text.split('\n', line)[line - 1])]);
  }
}

/**
 * Reads a trace file in chunks of `chunk` bytes; never holds its text.
 * `shown` is the path as diagnostics name it.
 */
export async function readTraceFile(path: string, shown: string, opts: { chunk?: number; stats?: ReadStats } = {}): Promise<Result<Trace>> {
  const scanner = new TraceScanner();
  const handle = await open(path, 'r');
  let data: unknown;
  try {
    const buf = Buffer.allocUnsafe(opts.chunk ?? READ_CHUNK);
    const decoder = new StringDecoder('utf8');
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      scanner.push(decoder.write(buf.subarray(0, bytesRead)));
    }
    scanner.push(decoder.end());
    data = scanner.end();
  } catch (e) {
    if (!(e instanceof JsonSyntax)) throw e;
    const d = syntaxDiagnostic(e, shown);
    return fail([d.start ? withSourceLine(d, await lineOf(path, d.start.line)) : d]);
  } finally {
    await handle.close();
    if (opts.stats) Object.assign(opts.stats, scanner.stats);
  }
  return checkTrace(data, shown);
}

function withSourceLine(d: Diagnostic, get: string | undefined | ((line: number) => string | undefined)): Diagnostic {
  const line = typeof get === 'function' ? (d.start ? get(d.start.line) : undefined) : get;
  // A source line of a minified trace can be the whole file: show it only when short.
  return line !== undefined && line.length <= 500 ? { ...d, sourceLine: line } : d;
}

/** One line of a file (1-based), read in chunks; undefined past the end or when longer than 500 characters. */
async function lineOf(path: string, wanted: number): Promise<string | undefined> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 16);
    const decoder = new StringDecoder('utf8');
    let line = 1;
    let current = '';
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      const text = bytesRead === 0 ? decoder.end() : decoder.write(buf.subarray(0, bytesRead));
      for (let start = 0; ; ) {
        const nl = text.indexOf('\n', start);
        const piece = text.slice(start, nl < 0 ? undefined : nl);
        if (line === wanted) {
          current += piece;
          if (current.length > 500) return undefined;
          if (nl >= 0) return current.replace(/\r$/, '');
        }
        if (nl < 0) break;
        line++;
        start = nl + 1;
        if (line > wanted) return current;
      }
      if (bytesRead === 0) return line === wanted ? current : undefined;
    }
  } finally {
    await handle.close();
  }
}

/**
 * The first `bytes` bytes of a file as text (a split UTF-8 sequence at the
 * end is dropped), to tell a trace from a scenario (io.ts looksLikeTrace)
 * without reading the whole file. Throws what fs throws (ENOENT, EISDIR…).
 */
export async function readHead(path: string, bytes = 4096): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return new StringDecoder('utf8').write(buf.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}
