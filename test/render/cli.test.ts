import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/common/io.ts';

const TRACE = resolve('test/fixtures/traces/apply-deployment.trace.json');
const dirs: string[] = [];

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'kubescene-render-'));
  dirs.push(d);
  return d;
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function run(args: string[], cwd = tempDir()): Promise<{ code: number; stdout: string; stderr: string; cwd: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd, env: {} };
  const code = await main(['render', ...args], io);
  return { code, stdout, stderr, cwd };
}

describe('kubescene render', () => {
  it('renders all three views of a trace to SVG files', async () => {
    const r = await run([TRACE, '-o', 'out']);
    expect(r.code).toBe(0);
    expect(readdirSync(join(r.cwd, 'out')).sort()).toEqual(['architecture.svg', 'flowchart.svg', 'sequence.svg']);
    expect(readFileSync(join(r.cwd, 'out/sequence.svg'), 'utf8')).toMatch(/^<svg /);
  });

  it('writes step frames as <view>.step-NN.<ext> (the --frames names), PNG included', async () => {
    const r = await run([TRACE, '--view', 'architecture', '--format', 'png', '--step', '2', '--theme', 'dark', '-o', '.']);
    expect(r.code).toBe(0);
    const png = readFileSync(join(r.cwd, 'architecture.step-02.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('writes layout JSON to stdout with -o -', async () => {
    const r = await run([TRACE, '--view', 'flowchart', '--format', 'layout', '-o', '-']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { view: string }).view).toBe('flowchart');
  });

  it('rejects bad flags with a clear usage error (exit 2)', async () => {
    const bad = await run([TRACE, '--view', 'pie']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--view must be one of architecture, sequence, flowchart, all');
    expect((await run([TRACE, '--format', 'bmp'])).stderr).toContain('--format must be one of svg, png, layout, mmd, d2, puml, animated-svg, gif, apng');
    expect((await run([TRACE, '--step', 'two'])).code).toBe(2);
    const missingStep = await run([TRACE, '--step', '9']);
    expect(missingStep.code).toBe(2);
    expect(missingStep.stderr).toContain('the trace has steps 1, 2');
    expect((await run([TRACE, '-o', '-'])).stderr).toContain('needs a single --view');
    expect((await run([TRACE, '--renderer', 'mermaid', '--format', 'layout'])).code).toBe(2);
  });

  it('reports a missing or broken input as a diagnostic (exit 2) and writes nothing', async () => {
    const missing = await run(['nope.json', '-o', 'out']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file: nope.json');
    expect(readdirSync(missing.cwd)).toEqual([]);
  });
});
