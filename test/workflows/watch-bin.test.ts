/**
 * `kubescene watch` as a user runs it: the real binary (test/helpers/bin.ts
 * BIN) with the real stages, in a temporary folder (issue 12, item 5). It
 * reports progress on the initial build and only then says it is watching,
 * prints the located diagnostics of a file saved broken, rebuilds when an
 * editor saves by rename, and stops cleanly on SIGTERM. Nothing here asserts
 * a time: every wait polls the output and is bounded only generously, so a
 * slow machine is slow, not a failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/bin.ts';

/** A bound for one wait, not a performance limit: a build of one small scenario takes a few seconds. */
const WAIT_MS = 180_000;

const scenario = (cm: string) => `kubescene: v1\nname: a\ntitle: "Scenario a"\ndescription: The a story.\nsteps:\n  - kubectl: create configmap ${cm}\n`;

let dir: string | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Lines the process printed (stdout and stderr, in arrival order per stream). */
function collect(proc: ChildProcess): string[] {
  const lines: string[] = [];
  for (const stream of [proc.stdout!, proc.stderr!]) {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      lines.push(...parts);
    });
  }
  return lines;
}

/** Resolves with the index of the first line at or after `from` matching `re`. */
function waitFor(proc: ChildProcess, lines: string[], re: RegExp, from = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      const i = lines.findIndex((l, k) => k >= from && re.test(l));
      if (i >= 0) return resolve(i);
      if (proc.exitCode !== null) return reject(new Error(`watch exited (${proc.exitCode}) before a line matching ${re}:\n${lines.join('\n')}`));
      if (Date.now() - started > WAIT_MS) return reject(new Error(`no line matching ${re} in:\n${lines.join('\n')}`));
      setTimeout(tick, 50);
    };
    tick();
  });
}

describe('kubescene watch (real binary)', () => {
  it('builds with progress, prints located diagnostics of a broken save, rebuilds after a save by rename, stops on SIGTERM', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ks-watch-bin-'));
    await mkdir(join(dir, 'scenarios'));
    const file = join(dir, 'scenarios', 'a.yaml');
    await writeFile(file, scenario('a'));
    child = spawn(process.execPath, [BIN, 'watch', 'scenarios', '--out', 'out'], { cwd: dir, env: { ...process.env, NO_COLOR: '1', CI: '1' } });
    const lines = collect(child);

    // Progress on the initial build, and "watching" only after it.
    const watching = await waitFor(child, lines, /^watching scenarios for changes/);
    expect(lines.slice(0, watching)).toEqual(['building 1/1 a …', 'built a', expect.stringMatching(/^1 built, 0 up to date \(1 scenario\)/)]);
    expect(existsSync(join(dir, 'out', 'a'))).toBe(true);

    // Saved broken: the diagnostics validate would print, located.
    let from = lines.length;
    await writeFile(file, 'kubescene: v1\nname: a\ntitle: "Scenario a"\nsteps:\n  - kubectl: create configmap\n    bogus: [\n');
    const diag = await waitFor(child, lines, /error\[/, from);
    expect(lines[diag]).toMatch(/^scenarios\/a\.yaml:\d+:\d+: error\[[a-z-]+\]: /);

    // Saved by rename, as vim and many IDEs do: a temporary file moved over the scenario.
    from = lines.length;
    await writeFile(join(dir, 'scenarios', '.a.yaml.new'), scenario('b'));
    await rename(join(dir, 'scenarios', '.a.yaml.new'), file);
    await waitFor(child, lines, /^rebuilt a$/, from);

    // Still watching the renamed file: a second save rebuilds again.
    from = lines.length;
    await writeFile(file, scenario('c'));
    await waitFor(child, lines, /^rebuilt a$/, from);

    const exited = new Promise<number | null>((done) => child!.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines).toContain('stopped watching');
  }, 4 * WAIT_MS);
});
