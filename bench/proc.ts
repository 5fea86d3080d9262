/**
 * Whole-process measurements for the bench: a command run as a fresh child
 * under GNU time (`/usr/bin/time -f`), which counts the CPU of every
 * descendant the child waited for (Chromium's processes included) and the
 * peak RSS of the largest process, several runs, min/median/max.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const HAVE_TIME = existsSync('/usr/bin/time');

export interface ProcSample {
  wallMs: number;
  cpuMs: number;
  rssKiB: number;
  stdout: string;
}

/** One run of `argv` (argv[0] is the program) under GNU time. Throws on a non-zero exit. */
export function timed(argv: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ProcSample {
  const dir = mkdtempSync(join(tmpdir(), 'ks-bench-'));
  const out = join(dir, 'time.txt');
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', '-o', out, ...argv], {
    cwd: opts.cwd ?? ROOT,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 28,
  });
  const wallMs = performance.now() - t;
  try {
    if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr.toString().slice(0, 800)}`);
    const [user, sys, rss] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    return { wallMs, cpuMs: (user! + sys!) * 1000, rssKiB: rss!, stdout: r.stdout.toString() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** min / median / max of a list. */
export function spread(xs: number[]): { min: number; median: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0]!, median: s[Math.floor(s.length / 2)]!, max: s[s.length - 1]! };
}

export function fmtSpread(xs: number[], unit = 'ms', digits = 0): string {
  const { min, median, max } = spread(xs);
  return `${min.toFixed(digits)}/${median.toFixed(digits)}/${max.toFixed(digits)} ${unit}`;
}

/**
 * CPU time (ms) used so far by the processes descending from this one (not
 * itself): Chromium's browser, GPU and renderer processes while they run.
 * Linux /proc only; 0 elsewhere.
 */
export function descendantsCpuMs(): number {
  if (!existsSync('/proc/self/stat')) return 0;
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command (which may contain spaces) in parentheses.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(name), Number(rest[1]));
      ticks.set(Number(name), Number(rest[11]) + Number(rest[12]));
    } catch {
      // The process ended while we read.
    }
  }
  let total = 0;
  for (const [pid, t] of ticks) {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === process.pid) {
        total += t;
        break;
      }
    }
  }
  return (total * 1000) / 100; // USER_HZ is 100 on Linux
}
