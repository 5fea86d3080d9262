/** `kubescene validate` through the real binary: exit codes and output. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

async function kubescene(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/kubescene.js', ...args], { env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const FIX = 'test/fixtures/scenarios';

describe.concurrent('kubescene validate', () => {
  it('exits 0 and says ok for valid scenarios', async () => {
    const r = await kubescene('validate', `${FIX}/minimal.yaml`, `${FIX}/full-example.yaml`);
    expect(r).toEqual({ code: 0, stdout: `ok ${FIX}/minimal.yaml\nok ${FIX}/full-example.yaml\n`, stderr: '' });
  });

  it('exits 2 and prints every diagnostic of every invalid file', async () => {
    const r = await kubescene('validate', `${FIX}/duplicate-key.expect-error.yaml`, `${FIX}/minimal.yaml`, `${FIX}/missing.yaml`);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(`ok ${FIX}/minimal.yaml\n`);
    expect(r.stderr).toBe(
      [
        `${FIX}/duplicate-key.expect-error.yaml:4:5: error[duplicate-key]: duplicate key "advance": map keys must be unique`,
        '  |',
        '4 |     advance: 2s',
        '  |     ^^^^^^^',
        '1 error',
        `${FIX}/missing.yaml: error[file-not-found]: no such file`,
        '1 error',
        '',
      ].join('\n'),
    );
  });

  it('exits 2 without arguments and 0 for --help', async () => {
    expect((await kubescene('validate')).code).toBe(2);
    const help = await kubescene('validate', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: kubescene validate [options] <scenario...>');
  });
});
