/**
 * Streaming trace output: the pieces of traceChunks concatenate to exactly
 * the bytes of writeTrace (pretty and --compact), and `kubescene trace`
 * writes the same bytes to a file and to stdout.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { streamTrace, traceChunks, writeTrace } from '../../src/trace/io.ts';
import type { Trace } from '../../src/trace/types.ts';

const FIXTURES = resolve('test/fixtures/traces');
const BIN = resolve('bin/kubescene.js');

describe('streaming trace write', () => {
  for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.trace.json'))) {
    it(`${file}: chunks are byte-identical to writeTrace, pretty and compact`, () => {
      const text = readFileSync(join(FIXTURES, file), 'utf8');
      const trace = JSON.parse(text) as Trace;
      expect([...traceChunks(trace)].join('')).toBe(writeTrace(trace));
      expect([...traceChunks(trace, { compact: true })].join('')).toBe(JSON.stringify(trace) + '\n');
      expect(writeTrace(trace, { compact: true })).toBe(JSON.stringify(trace) + '\n');
    });
  }

  it('follows JSON.stringify on the odd cases (empty arrays and objects, undefined, newlines in strings)', () => {
    const odd = { a: [], b: [undefined, 1, { c: [] }, [2, [3]]], u: undefined, e: {}, s: 'x\ny', n: null } as unknown as Trace;
    expect([...traceChunks(odd)].join('')).toBe(JSON.stringify(odd, null, 2) + '\n');
    expect([...traceChunks(odd, { compact: true })].join('')).toBe(JSON.stringify(odd) + '\n');
    expect([...traceChunks({} as Trace)].join('')).toBe('{}\n');
  });

  it('streamTrace writes in batches and waits for drain', async () => {
    const trace = JSON.parse(readFileSync(join(FIXTURES, 'apply-deployment.trace.json'), 'utf8')) as Trace;
    let out = '';
    let writes = 0;
    await streamTrace(trace, {
      write: (s: string) => {
        out += s;
        writes++;
        return false;
      },
      once: (_event: 'drain', listener: () => void) => queueMicrotask(listener),
    });
    expect(out).toBe(writeTrace(trace));
    expect(writes).toBeGreaterThan(0);
  });

  it('kubescene trace -o and stdout give the same bytes; --compact is one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-stream-'));
    const stdout = execFileSync(process.execPath, [BIN, 'trace', 'scenarios/apply-deployment.yaml'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    execFileSync(process.execPath, [BIN, 'trace', 'scenarios/apply-deployment.yaml', '-o', join(dir, 't.json')]);
    expect(readFileSync(join(dir, 't.json'), 'utf8')).toBe(stdout);
    const compact = execFileSync(process.execPath, [BIN, 'trace', 'scenarios/apply-deployment.yaml', '--compact'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(compact).toBe(JSON.stringify(JSON.parse(stdout)) + '\n');
    expect(readdirSync(dir)).toEqual(['t.json']);
  });
});

describe('streamed simulation (onEvent + EventSpill)', () => {
  it('keeps no events in the model and writes the same bytes as the in-memory trace, pretty and compact', async () => {
    const { simulate } = await import('../../src/cluster/index.ts');
    const { EventSpill } = await import('../../src/trace/spill.ts');
    // @ts-expect-error -- plain JS module shared with the bench
    const { scaleScenario } = (await import('../../bench/scale-scenario.mjs')) as { scaleScenario: (r: number, n: number) => Parameters<typeof simulate>[0] };
    for (const compact of [false, true]) {
      const expected = writeTrace(simulate(scaleScenario(20, 3)), { compact });
      const spill = new EventSpill({ compact });
      try {
        const streamed = simulate(scaleScenario(20, 3), { onEvent: spill.add });
        spill.finish();
        expect(streamed.events).toEqual([]);
        expect(spill.count).toBeGreaterThan(100);
        expect([...traceChunks(streamed, { compact }, spill)].join('')).toBe(expected);
      } finally {
        spill.remove();
      }
    }
  });
});
