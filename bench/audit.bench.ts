/**
 * `npm run bench -- audit`: `kubescene import-audit` on a generated
 * 100k-line API server audit log (scripts/audit-log.ts, ~74 MB), as users run
 * it: a fresh process under GNU time, CPU (user + sys) and peak RSS of the
 * whole process, several runs. Baselines in the same run: `node -e 0` (the
 * machine's floor) and a bare read of the same log (readline + JSON.parse of
 * every line, nothing kept): what any import has to pay. The target
 * for 100k lines is ≤ 10 s CPU and ≤ 300 MB peak RSS with the default heap.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditLogLines } from '../scripts/audit-log.ts';
import { HAVE_TIME, ROOT, spread, timed, type ProcSample } from './proc.ts';
import type { BenchFigure } from './types.ts';

const RUNS = Number(process.env.KUBESCENE_BENCH_RUNS ?? 3);
const LINES = 100_000;
const NODE0 = 'node -e 0';
const READ = `read + JSON.parse ${LINES / 1000}k audit lines`;
const TARGET = { cpuMs: 10_000, rssMiB: 300 };

/** Reads the log as import-audit does (streamed, line by line) and parses every line; keeps nothing. */
const READ_ONLY = `
const { createReadStream } = require('node:fs');
const { createInterface } = require('node:readline');
(async () => {
  let n = 0;
  for await (const l of createInterface({ input: createReadStream(process.argv[1], { encoding: 'utf8' }), crlfDelay: Infinity })) if (l) n += JSON.parse(l).stage.length;
  if (n === 0) process.exit(1);
})();
`;

function figure(name: string, s: ProcSample[], base: { rssKiB: number } | undefined, baseline?: string, extra = ''): BenchFigure {
  const wall = spread(s.map((x) => x.wallMs));
  const cpu = spread(s.map((x) => x.cpuMs));
  const peak = Math.max(...s.map((x) => x.rssKiB));
  const ratio = base ? `; peak RSS ${(peak / base.rssKiB).toFixed(1)}× of ${NODE0}` : '';
  return {
    name,
    ms: wall.median,
    peakMiB: peak / 1024,
    ...(baseline ? { baseline } : {}),
    note: `cpu min/median/max ${cpu.min.toFixed(0)}/${cpu.median.toFixed(0)}/${cpu.max.toFixed(0)} ms${ratio}; ${s.length} runs${extra}`,
  };
}

function runs(argv: string[], cwd?: string): ProcSample[] {
  const opts = cwd ? { cwd } : {};
  timed(argv, opts); // warm the file cache
  return Array.from({ length: RUNS }, () => timed(argv, opts));
}

export async function run(): Promise<BenchFigure[]> {
  if (!HAVE_TIME) return [{ name: 'import-audit', ms: 0, note: 'skipped: /usr/bin/time (GNU time) is not installed' }];
  const dir = mkdtempSync(join(tmpdir(), 'ks-bench-audit-'));
  try {
    const log = join(dir, 'audit.log');
    writeFileSync(log, [...auditLogLines(LINES)].join('\n') + '\n');
    const out = join(dir, 'trace.json');
    const bin = join(ROOT, 'bin/kubescene.js');
    const node0 = runs([process.execPath, '-e', '0']);
    const base = { rssKiB: Math.max(...node0.map((x) => x.rssKiB)) };
    const read = runs([process.execPath, '-e', READ_ONLY, log]);
    // Relative paths: the trace names its source, so its digest is the same in every run and on every machine.
    const imp = runs([process.execPath, bin, 'import-audit', 'audit.log', '-o', 'trace.json'], dir);
    const digest = createHash('sha256').update(readFileSync(out)).digest('hex').slice(0, 12);
    const cpu = spread(imp.map((x) => x.cpuMs)).max;
    const rssMiB = Math.max(...imp.map((x) => x.rssKiB)) / 1024;
    const verdict = `; target ≤ ${TARGET.cpuMs / 1000} s CPU, ≤ ${TARGET.rssMiB} MB: ${cpu <= TARGET.cpuMs && rssMiB * 1.048576 <= TARGET.rssMiB ? 'met' : 'NOT met'} (worst run); trace sha256 ${digest}…`;
    return [
      figure(NODE0, node0, undefined),
      figure(READ, read, base, NODE0),
      figure(`kubescene import-audit ${LINES / 1000}k lines`, imp, base, READ, verdict),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
