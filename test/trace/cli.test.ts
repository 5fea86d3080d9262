/** `kubescene trace` through the real binary: exit codes 0/1/2, stdout vs -o, failure messages. */
import { main } from '../../src/cli/main.ts';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBinSync } from '../helpers/bin.ts';


/** In-process run (fast) for the cases that need no separate process. */
async function runInProcess(args: string[], cwd = process.cwd()) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd, env: { NO_COLOR: '1' } });
  return { code, stdout, stderr };
}

const run = (args: string[], cwd = process.cwd()) => runBinSync(args, { cwd });

const FAILING = `kubescene: v1
name: failing
steps:
  - kubectl: create deployment web --image=nginx:1.27 --replicas=2
    expect:
      output: deployment.apps/web created
  - expect:
      - pods: { selector: app=web, phase: Running, count: 5 }
`;

describe('kubescene trace', () => {
  it('exits 0 and writes the trace to stdout', () => {
    const r = run(['trace', 'scenarios/apply-deployment.yaml']);
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout);
    expect(t.format).toBe('kubescene/trace');
    expect(t.header.scenario.source).toBe('scenarios/apply-deployment.yaml');
  });

  it('writes -o atomically and leaves no temp file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-trace-'));
    const out = join(dir, 'nested', 'trace.json');
    const r = await runInProcess(['trace', 'scenarios/invalid-manifest.yaml', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).steps[0].exitCode).toBe(1);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['trace.json']);
  });

  it('exits 1 and names the failed expectation with file:line:col', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-trace-'));
    writeFileSync(join(dir, 'failing.yaml'), FAILING);
    const r = run(['trace', 'failing.yaml', '-o', 'trace.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^failing\.yaml:8:\d+: expectation failed in step 2 \(.*\): expected pods app=web Running count 5, found 2 pod\(s\): 2 Running$/m);
    expect(existsSync(join(dir, 'trace.json'))).toBe(true);
  });

  it('exits 2 on an invalid scenario or profile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-trace-'));
    writeFileSync(join(dir, 'bad.yaml'), 'kubescene: v1\nstepz: []\n');
    const r = run(['trace', 'bad.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.yaml');
    expect((await runInProcess(['trace', 'scenarios/apply-deployment.yaml', '--kubernetes', '9.99'])).code).toBe(2);
    expect((await runInProcess(['trace', 'does-not-exist.yaml'])).code).toBe(2);
  });

  it('has a helpful --help', async () => {
    const r = await runInProcess(['trace', '--help']);
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain('--kubernetes');
    expect(out).toContain('Exit codes');
  });
});
