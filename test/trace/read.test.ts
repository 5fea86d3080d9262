/**
 * Streaming trace read (src/trace/read.ts): the same Trace as JSON.parse of
 * the whole file, for every golden and fixture trace in both written shapes
 * and cut into chunks at every kind of boundary; never the whole text as one
 * string; located diagnostics for a broken file.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTrace, readTraceFile, writeTrace } from '../../src/trace/io.ts';
import { TraceScanner, type ReadStats } from '../../src/trace/read.ts';
import { jsonSyntaxError } from '../../src/trace/json-syntax.ts';
import { TRACE_FORMAT, TRACE_VERSION, type Trace } from '../../src/trace/types.ts';

const DIRS = [resolve('test/fixtures/traces'), resolve('test/trace/__golden__')];
const TRACES = DIRS.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.trace.json')).map((f) => join(dir, f)));
const tmp = mkdtempSync(join(tmpdir(), 'ks-read-'));

/** The scanner fed `text` in pieces of `size` characters. */
function scan(text: string, size: number): unknown {
  const s = new TraceScanner();
  for (let i = 0; i < text.length; i += size) s.push(text.slice(i, i + size));
  return s.end();
}

describe('streaming trace read', () => {
  it('has traces to read', () => {
    expect(TRACES.length).toBeGreaterThan(20);
  });

  for (const path of TRACES) {
    const name = path.split('/').slice(-2).join('/');
    it(`${name}: the same Trace as JSON.parse, pretty and compact, in chunks`, async () => {
      const text = readFileSync(path, 'utf8');
      const whole = JSON.parse(text) as Trace;
      const compact = writeTrace(whole, { compact: true });
      const file = join(tmp, name.replace('/', '-'));
      writeFileSync(file, compact);
      for (const [input, at] of [
        [text, path],
        [compact, file],
      ] as const) {
        const streamed = await readTraceFile(at, name, { chunk: 4093 });
        expect(streamed.ok).toBe(true);
        if (!streamed.ok) return;
        expect(streamed.value).toStrictEqual(whole);
        // Same key order too: written back, the bytes are the file's.
        expect(writeTrace(streamed.value)).toBe(text);
        const fromText = readTrace(input, name);
        expect(fromText.ok && fromText.value).toStrictEqual(whole);
      }
    });
  }

  it('cuts at every boundary: strings with brackets, escapes, scalars, nesting, multi-byte characters split across chunks', async () => {
    const odd = {
      format: TRACE_FORMAT,
      version: TRACE_VERSION,
      header: { '': [] },
      outcome: {},
      hosts: [],
      components: [],
      steps: [],
      simplifications: [],
      s: 'a "quoted" ] } [ { , : \\ \n\t \u2028 é 日本 🎉',
      n: -1.5e-3,
      t: true,
      z: null,
      e: [],
      o: {},
      events: [1, -2.5, true, false, null, 'x]', '', [], {}, [[1, [2]], { a: ['}'] }], { 'k"]': '\\"' }, '🎉'],
      last: [0],
    };
    for (const text of [JSON.stringify(odd), JSON.stringify(odd, null, 2), ` \r\n${JSON.stringify(odd, null, '\t')}\r\n `]) {
      for (const size of [1, 2, 3, 7, 64, 1 << 20]) expect(scan(text, size)).toStrictEqual(JSON.parse(text));
      // Through the file reader: a 1-byte chunk splits every multi-byte UTF-8 sequence.
      const file = join(tmp, 'odd.json');
      writeFileSync(file, text);
      const r = await readTraceFile(file, 'odd.json', { chunk: 1 });
      expect(r.ok && r.value).toStrictEqual(JSON.parse(text));
    }
  });

  it('follows JSON.parse on duplicate keys and __proto__', () => {
    const text = '{"a":[1],"__proto__":{"x":1},"a":[2,3],"b":{"c":1}}';
    const parsed = scan(text, 5) as Record<string, unknown>;
    expect(parsed).toStrictEqual(JSON.parse(text));
    expect(Object.keys(parsed)).toEqual(Object.keys(JSON.parse(text) as object));
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(scan('[1, {"a": 2}]', 3)).toStrictEqual([1, { a: 2 }]);
    expect(scan(' 42 ', 1)).toBe(42);
    expect(scan('"s"', 1)).toBe('s');
  });

  it('never holds the file as one string: chunks and single values only', async () => {
    const base = JSON.parse(readFileSync(resolve('test/fixtures/traces/apply-deployment.trace.json'), 'utf8')) as Trace;
    const events = Array.from({ length: 40 }, (_, i) => base.events.map((e) => ({ ...e, id: `${e.id}-${i}` }))).flat();
    const big = { ...base, events } as Trace;
    const text = writeTrace(big);
    const file = join(tmp, 'big.trace.json');
    writeFileSync(file, text);
    const chunk = 1 << 14;
    const stats: ReadStats = { longestValue: 0, longestChunk: 0 };
    const r = await readTraceFile(file, 'big.trace.json', { chunk, stats });
    expect(r.ok && r.value).toStrictEqual(JSON.parse(text));
    const longestElement = Math.max(...[big.header, big.outcome, ...big.events, ...big.steps, ...big.hosts, ...big.components].map((v) => JSON.stringify(v, null, 2).length + 4096));
    expect(stats.longestChunk).toBeLessThanOrEqual(chunk);
    expect(stats.longestValue).toBeLessThanOrEqual(longestElement);
    expect(text.length).toBeGreaterThan(50 * Math.max(stats.longestChunk, stats.longestValue));
  });
});

describe('broken trace files', () => {
  const HEAD = `{\n  "format": "kubescene/trace",\n  "version": ${TRACE_VERSION},\n`;
  const cases: Array<[string, string, number, number, string]> = [
    ['a trailing comma in an event', `${HEAD}  "events": [\n    {\n      "id": "e1",\n    }\n  ]\n}\n`, 7, 5, 'trace-json'],
    ['a missing comma between events', `${HEAD}  "events": [\n    {"id": "e1"}\n    {"id": "e2"}\n  ]\n}\n`, 6, 5, 'trace-json'],
    ['a bad escape in a header string', `${HEAD}  "header": {"title": "a\\qb"}\n}\n`, 4, 25, 'trace-json'],
    ['a missing colon', `${HEAD}  "events" [\n  ]\n}\n`, 4, 12, 'trace-json'],
    ['text after the end', `${HEAD}  "events": []\n}\nx\n`, 6, 1, 'trace-json'],
    ['a truncated file', `${HEAD}  "events": [\n    {"id": "e1"},\n    {"id": "e`, 6, 14, 'trace-json'],
    ['an unquoted key at the top', `${HEAD}  events: []\n}\n`, 4, 3, 'trace-json'],
    ['a bare word as a value', `${HEAD}  "events": [nope]\n}\n`, 4, 14, 'trace-json'],
  ];
  for (const [what, text, line, column, code] of cases) {
    it(`${what}: ${code} at ${line}:${column}, from text and from the file`, async () => {
      const file = join(tmp, 'broken.trace.json');
      writeFileSync(file, text);
      for (const r of [readTrace(text, 'broken.trace.json'), await readTraceFile(file, 'broken.trace.json', { chunk: 5 })]) {
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.diagnostics).toHaveLength(1);
        const d = r.diagnostics[0]!;
        expect(d).toMatchObject({ code, severity: 'error', file: 'broken.trace.json', start: { line, column } });
        expect(d.message).toMatch(/^not valid JSON: /);
        expect(d.sourceLine).toBe(text.split('\n')[line - 1]);
      }
    });
  }

  it('still checks the shape: format, version and required fields, all at once', () => {
    const r = readTrace('{"format": "x", "version": 99}', 't.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map((d) => d.code)).toEqual(['trace-invalid', 'trace-version', ...Array(7).fill('trace-invalid')]);
    const arr = readTrace('[1]', 't.json');
    expect(!arr.ok && arr.diagnostics[0]!.message).toBe('a trace must be a JSON object');
  });

  it('a value JSON.parse rejects is located (0-based offset) and worded by jsonc-parser, strict', () => {
    const at = (text: string) => {
      let err: unknown;
      try {
        JSON.parse(text);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SyntaxError);
      const { offset, message } = jsonSyntaxError(text, err);
      return [offset, message];
    };
    expect(at('{"a":1,}')).toEqual([7, 'property name expected']);
    expect(at('[1 2]')).toEqual([3, 'comma expected']);
    expect(at('"a\\x"')).toEqual([2, 'invalid escape character']);
    expect(at('{"a":tru}')).toEqual([5, 'invalid symbol']);
    expect(at('{"a":1} // c')).toEqual([8, 'invalid comment token']);
    expect(at('{"a":"x\ny"}')).toEqual([7, 'control character in a string (escape it)']);
  });
});
