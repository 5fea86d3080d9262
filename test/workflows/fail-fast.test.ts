/**
 * Fail fast (issue 15): a kubectl, wait or traffic step that exits non-zero
 * without `expect: { exit: N }` stops the run; `trace`, `build` and `check`
 * fail with a diagnostic at the step's file:line:col, and `build` writes
 * nothing for the scenario. `continueOnError: true` goes on. Through the real
 * binary, as CI runs it; the runs that pass or stop at the scenario's
 * validation go through the same CLI in this process (test/helpers/bin.ts
 * runMain), which spares a process start and a fresh load of the layout and
 * rasteriser per call.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBinSync, runMain } from '../helpers/bin.ts';

const run = (args: string[], cwd: string) => runBinSync(args, { cwd });
const runIn = (args: string[], cwd: string) => runMain(args, { cwd });

/** Step 2 fails (line 5, column 5); `extra` is added under it. */
function scenario(extra = ''): string {
  return `kubescene: v1
name: step-fails
steps:
  - kubectl: create deployment web --image=nginx:1.27
  - kubectl: get deployment nope
${extra}  - kubectl: scale deployment web --replicas=2
`;
}

function dirWith(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ks-failfast-'));
  writeFileSync(join(dir, 'step-fails.yaml'), text);
  return dir;
}

const LOCATED = 'step-fails.yaml:5:5: error[step-failed]: step 2 (kubectl get deployment nope) failed: `kubectl get deployment nope` exited with code 1: Error from server (NotFound): deployments.apps "nope" not found; the run stopped here';
const HINT = 'if this failure is the point of the scenario, add `expect: { exit: 1 }`';

describe('a step that fails unexpectedly', () => {
  it('fails trace with the located diagnostic, stops the run and records outcome.failedStep', () => {
    const dir = dirWith(scenario());
    const r = run(['trace', 'step-fails.yaml', '-o', 'trace.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(LOCATED);
    expect(r.stderr).toContain(HINT);
    expect(r.stderr).toContain('`continueOnError: true`');
    const t = JSON.parse(readFileSync(join(dir, 'trace.json'), 'utf8'));
    expect(t.steps.map((s: { number: number }) => s.number)).toEqual([1, 2]);
    expect(t.outcome.failedStep).toEqual({ step: 2, title: 'kubectl get deployment nope', line: 5, column: 5, command: 'kubectl get deployment nope', exitCode: 1, stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n' });
    expect(t.outcome.passed).toBe(false);
  });

  it('fails build, which writes nothing for the scenario, and check', () => {
    const dir = dirWith(scenario());
    const b = run(['build', 'step-fails.yaml'], dir);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain(LOCATED);
    expect(b.stderr).toContain(HINT);
    expect(b.stdout).toMatch(/step-fails: step failed, nothing written/);
    expect(b.stdout).toMatch(/0 built/);
    expect(existsSync(join(dir, 'out', 'step-fails'))).toBe(false);
    // The gallery lists it as skipped, and check agrees with it.
    const gallery = readFileSync(join(dir, 'out', 'README.md'), 'utf8');
    expect(gallery).toContain('| step-fails | step-fails (skipped: a step fails) |');
    expect(gallery).not.toContain('step-fails/README.md');
    expect(gallery).toContain('**Skipped:** a step fails, so nothing was built — ``step-fails.yaml:5:5: step 2');
    const c = run(['check', 'step-fails.yaml'], dir);
    expect(c.code).toBe(1);
    expect(c.stderr).toContain(LOCATED);
    expect(c.stdout).toMatch(/^FAILED +step-fails: step failed: step-fails\.yaml:5:5: step 2/m);
    expect(c.stdout).not.toContain('gallery');
  });

  it('passes with continueOnError: true, and with an expect on the exit code', async () => {
    const dir = dirWith(scenario('    continueOnError: true\n'));
    const r = await runIn(['trace', 'step-fails.yaml', '-o', 'trace.json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const t = JSON.parse(readFileSync(join(dir, 'trace.json'), 'utf8'));
    expect(t.steps).toHaveLength(3);
    expect(t.steps[1].exitCode).toBe(1);
    expect(t.outcome.failedStep).toBeUndefined();
    expect(t.outcome.passed).toBe(true);
    expect((await runIn(['build', 'step-fails.yaml'], dir)).code).toBe(0);
    expect(existsSync(join(dir, 'out', 'step-fails', 'trace.json'))).toBe(true);
    expect((await runIn(['check', 'step-fails.yaml'], dir)).code).toBe(0);

    const expected = dirWith(scenario('    expect: { exit: 1, output: NotFound }\n'));
    const e = await runIn(['trace', 'step-fails.yaml', '-o', 'trace.json'], expected);
    expect(e.code).toBe(0);
    // An exit code other than the expected one is a failed expectation (the run goes on).
    const other = dirWith(scenario('    expect: { exit: 2 }\n'));
    const o = await runIn(['trace', 'step-fails.yaml', '-o', 'trace.json'], other);
    expect(o.code).toBe(1);
    expect(o.stderr).toContain('step-fails.yaml:6:15: expectation failed in step 2');
    expect(o.stderr).not.toContain('step-failed');
  });

  it('refuses a non-boolean continueOnError with a located diagnostic (exit 2)', async () => {
    const dir = dirWith(scenario('    continueOnError: sometimes\n'));
    const r = await runIn(['trace', 'step-fails.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('step-fails.yaml:6:22: error[wrong-type]');
    expect(r.stderr).toContain('steps[1].continueOnError');
  });
});
