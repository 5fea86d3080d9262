/**
 * Run the real binary, `node bin/kubescene.js …`, as users and CI do. The
 * vitest globalSetup (test/global-setup.ts) builds dist/ first, so the binary
 * always runs the current source. One helper for every CLI test instead of a
 * copy per file.
 */
import { execFile, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/kubescene.js');

export interface BinRun {
  /** Exit code (70 when the process died without one, e.g. killed by a signal). */
  code: number;
  stdout: string;
  stderr: string;
}

export interface BinOptions {
  cwd?: string;
  /** Added to the parent's environment (NO_COLOR=1 and CI=1 are always set). */
  env?: Record<string, string>;
}

function childEnv(env: Record<string, string> | undefined): NodeJS.ProcessEnv {
  return { ...process.env, NO_COLOR: '1', CI: '1', ...env };
}

/** Runs the binary asynchronously (other tests keep running meanwhile). */
export function runBin(args: string[], options: BinOptions = {}): Promise<BinRun> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: childEnv(options.env), maxBuffer: 256 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 70) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/**
 * Runs the same CLI in this process, through `main(argv, io)` (src/cli/main.ts),
 * with stdout and stderr captured: what `runBin` checks, without a process
 * start and a fresh module load per call (~0.5 CPU-s, more for a command that
 * lays out or rasterises: each process loads fonts, ELK and the rasteriser
 * again and keeps no cache). Keep a few real-binary tests per command; use
 * this where the test is about what the command does, not how it starts.
 */
export async function runMain(args: string[], options: BinOptions = {}): Promise<BinRun> {
  const { main } = await import('../../src/cli/main.ts');
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd: options.cwd ?? ROOT,
    env: { CI: '1', NO_COLOR: '1', ...options.env },
  });
  return { code, stdout, stderr };
}

/** Runs the binary and waits for it. */
export function runBinSync(args: string[], options: BinOptions = {}): BinRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, encoding: 'utf8', env: childEnv(options.env), maxBuffer: 256 << 20 });
  return { code: r.status ?? 70, stdout: r.stdout, stderr: r.stderr };
}
