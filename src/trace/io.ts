/**
 * Reading and writing traces. The written form is canonical (keys in the
 * order of the types, two-space indent, trailing newline) so that a trace is
 * byte-identical for the same input and diffs well in git.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Result } from '../common/result.ts';
import { readTraceText } from './read.ts';
import type { Trace, TraceEvent } from './types.ts';

export { readHead, readTraceFile } from './read.ts';

export interface WriteTraceOptions {
  /** One line, no indentation (for machines; the pretty default is for people diffing traces in git). */
  compact?: boolean;
}

/** The whole trace as one string; the same bytes as the concatenated `traceChunks`. */
export function writeTrace(trace: Trace, opts: WriteTraceOptions = {}): string {
  return opts.compact ? JSON.stringify(trace) + '\n' : JSON.stringify(trace, null, 2) + '\n';
}

/**
 * The trace's JSON in pieces, each array element (event, step, host…) on its
 * own, so a trace far larger than V8's string limit (~512 MiB) can be written.
 * Concatenated, the pieces are exactly `writeTrace(trace, opts)`: the pretty
 * form is `JSON.stringify(trace, null, 2)`, element by element re-indented.
 */
export function* traceChunks(trace: Trace, opts: WriteTraceOptions = {}, spilled?: SpilledEvents): Generator<string> {
  const compact = opts.compact === true;
  const nl = compact ? '' : '\n';
  const indent = (text: string, by: string) => (compact ? text : text.replace(/\n/g, `\n${by}`));
  const one = (v: unknown) => (compact ? JSON.stringify(v) : JSON.stringify(v, null, 2)) as string | undefined;
  const members: [string, unknown][] = Object.entries(trace);
  const entries = members
    .map(([k, v]) => [k, v, Array.isArray(v) ? undefined : one(v)] as const)
    .filter(([, v, text]) => Array.isArray(v) || text !== undefined);
  if (entries.length === 0) {
    yield '{}\n';
    return;
  }
  yield `{${nl}`;
  let first = true;
  for (const [key, value, text] of entries) {
    const head = `${first ? '' : `,${nl}`}${compact ? '' : '  '}${JSON.stringify(key)}:${compact ? '' : ' '}`;
    first = false;
    if (key === 'events' && spilled && spilled.count > 0) {
      // The events as a streaming writer spilled them (./spill.ts), already in this form.
      yield `${head}[${nl}`;
      yield* spilled.body();
      yield `${nl}${compact ? '' : '  '}]`;
      continue;
    }
    if (!Array.isArray(value) || value.length === 0) {
      yield head + indent(text ?? '[]', '  ');
      continue;
    }
    yield `${head}[${nl}`;
    for (let i = 0; i < value.length; i++) {
      // JSON.stringify writes undefined (and functions) in arrays as null.
      const el = one(value[i]) ?? 'null';
      yield `${i === 0 ? '' : `,${nl}`}${compact ? '' : '    '}${indent(el, '    ')}`;
    }
    yield `${nl}${compact ? '' : '  '}]`;
  }
  yield `${nl}}\n`;
}

/**
 * One event as it stands in the written trace's `events` array (indented for
 * the pretty form), without the separator: what traceChunks writes for it.
 */
export function eventText(event: TraceEvent, opts: WriteTraceOptions = {}): string {
  return opts.compact === true ? JSON.stringify(event) : `    ${JSON.stringify(event, null, 2).replace(/\n/g, '\n    ')}`;
}

/** The separator between two events of the `events` array. */
export function eventSeparator(opts: WriteTraceOptions = {}): string {
  return opts.compact === true ? ',' : ',\n';
}

/**
 * Events written out while the model ran (./spill.ts): how many, and the
 * body of the `events` array (eventText joined by eventSeparator) in pieces.
 * traceChunks writes it in place of the trace's own (empty) `events`.
 */
export interface SpilledEvents {
  count: number;
  body(): Iterable<string>;
}

export interface TraceSink {
  write(chunk: string): unknown;
  once?(event: 'drain', listener: () => void): unknown;
}

/** Writes the trace piece by piece to a stream (stdout or a file), waiting for it to drain. */
export async function streamTrace(trace: Trace, out: TraceSink, opts: WriteTraceOptions = {}, spilled?: SpilledEvents): Promise<void> {
  let batch = '';
  const flush = async () => {
    if (batch === '') return;
    const ok = out.write(batch);
    batch = '';
    if (ok === false && out.once) await new Promise<void>((done) => out.once?.('drain', () => done()));
  };
  for (const chunk of traceChunks(trace, opts, spilled)) {
    batch += chunk;
    if (batch.length >= 1 << 16) await flush();
  }
  await flush();
}

/** Writes the trace to a file atomically (a temporary file renamed into place), streaming. */
export async function writeTraceFile(path: string, trace: Trace, opts: WriteTraceOptions = {}, spilled?: SpilledEvents): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    const file = createWriteStream(tmp);
    const closed = new Promise<void>((done, failed) => {
      file.once('close', () => done());
      file.once('error', failed);
    });
    await streamTrace(trace, file, opts, spilled);
    file.end();
    await closed;
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Parses trace text already in memory; every problem is a Diagnostic (exit 2),
 * never a crash. Files are read with `readTraceFile` (./read.ts), which streams.
 */
export function readTrace(text: string, file: string): Result<Trace> {
  return readTraceText(text, file);
}

/** True when the text looks like a trace (a JSON object with our format marker) rather than a scenario. */
export function looksLikeTrace(text: string): boolean {
  return /^\s*\{[\s\S]*"format"\s*:\s*"kubescene\/trace"/.test(text.slice(0, 4096));
}
