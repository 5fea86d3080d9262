/**
 * CLI start-up, as users pay it: each command is a fresh process, timed over
 * several runs (min/median/max of wall time), with its CPU time (user + sys)
 * and peak RSS from GNU time (`/usr/bin/time -f`), so the figures count the
 * whole process, not a sampler inside it. Baselines in the same run:
 * `node -e 0` (the machine's floor) and the tsx-transpiled CLI kubescene used
 * before the compiled distribution (bench/tsx-entry.mjs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchFigure } from './types.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.KUBESCENE_BENCH_RUNS ?? 7);
const NODE0 = 'node -e 0';

interface Sample {
  wall: number;
  cpu: number;
  rssKiB: number;
}

function once(args: string[]): Sample {
  const dir = mkdtempSync(join(tmpdir(), 'ks-bench-'));
  const out = join(dir, 'time.txt');
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', '-o', out, process.execPath, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const wall = performance.now() - t;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.toString().slice(0, 500)}`);
  const [user, sys, rss] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  rmSync(dir, { recursive: true, force: true });
  return { wall, cpu: (user! + sys!) * 1000, rssKiB: rss! };
}

function measure(name: string, args: string[], baseline?: string): BenchFigure {
  once(args); // warm the file cache
  const s = Array.from({ length: RUNS }, () => once(args));
  const walls = s.map((x) => x.wall).sort((a, b) => a - b);
  const cpus = s.map((x) => x.cpu).sort((a, b) => a - b);
  const mid = (xs: number[]) => xs[Math.floor(xs.length / 2)]!;
  return {
    name,
    ms: mid(walls),
    peakMiB: Math.max(...s.map((x) => x.rssKiB)) / 1024,
    ...(baseline ? { baseline } : {}),
    note: `wall min/median/max ${walls[0]!.toFixed(0)}/${mid(walls).toFixed(0)}/${walls[walls.length - 1]!.toFixed(0)} ms; cpu median ${mid(cpus).toFixed(0)} ms; ${RUNS} runs`,
  };
}

export async function run(): Promise<BenchFigure[]> {
  if (!existsSync('/usr/bin/time')) return [{ name: 'cli start-up', ms: 0, note: 'skipped: /usr/bin/time (GNU time) is not installed' }];
  const bin = join(ROOT, 'bin/kubescene.js');
  const tsx = join(ROOT, 'bench/tsx-entry.mjs');
  const scenario = 'scenarios/apply-deployment.yaml';
  return [
    measure(NODE0, ['-e', '0']),
    measure('kubescene --version (compiled)', [bin, '--version'], NODE0),
    measure('kubescene --help (compiled)', [bin, '--help'], NODE0),
    measure('kubescene --version (tsx, before)', [tsx, '--version'], NODE0),
    measure('kubescene trace apply-deployment (compiled)', [bin, 'trace', scenario, '-o', '/dev/null'], NODE0),
    measure('kubescene trace apply-deployment (tsx, before)', [tsx, 'trace', scenario, '-o', '/dev/null'], NODE0),
  ];
}
