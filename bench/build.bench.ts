/**
 * `kubescene build` of the scenario library: a full build into a fresh
 * folder, then a no-op rebuild (everything cached) — its ratio to the full
 * build is what makes `build` and `check` cheap enough for every commit.
 *
 * And the cold build as users run it: `node bin/kubescene.js build scenarios`
 * into a fresh folder, a fresh process under GNU time (CPU of the whole
 * process, libuv's rendering threads included), against `node -e 0` in the
 * same run. The build before issue 11 is not reproducible by a flag (its
 * model, layout and renderer changed since), so it is compared as a recorded
 * figure in units of the machine's `node -e 0`: 153 s CPU for the gallery's
 * 72 diagrams when `node -e 0` cost ~185 ms CPU (issue 11: `--version` cost
 * 3.7 s, 20× `node -e 0`), i.e. ~827× `node -e 0`.
 * KUBESCENE_BENCH_BUILD_RUNS sets the cold build's runs (default 1);
 * KUBESCENE_BENCH_BUILD_COLD_ONLY=1 measures only the cold build (with its
 * `node -e 0`), not the in-process full, no-op and check figures.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBuild } from '../src/build/build.ts';
import { runCheck } from '../src/build/check.ts';
import { toolHash } from '../src/build/fsio.ts';
import { realStages } from '../src/build/stages.ts';
import { HAVE_TIME, fmtSpread, spread, timed } from './proc.ts';
import type { BenchFigure } from './types.ts';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** The cold build before issue 11 in units of `node -e 0` CPU (see the file comment). */
export const RECORDED_COLD_BUILD_NODE0 = 153_000 / 185;
/** The number of PNG (and SVG) pictures that recorded build wrote: 24 scenarios × 3 views. */
export const RECORDED_COLD_BUILD_PICTURES = 72;

/** The PNG pictures a build wrote under `out` (one per SVG picture). */
function countPngs(out: string): number {
  return readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.png')).length;
}

function coldBuild(): BenchFigure[] {
  if (!HAVE_TIME) return [];
  const node0 = Array.from({ length: 5 }, () => timed([process.execPath, '-e', '0']).cpuMs);
  let pictures = 0;
  const runs = Array.from({ length: Number(process.env.KUBESCENE_BENCH_BUILD_RUNS ?? 1) }, () => {
    const out = mkdtempSync(join(tmpdir(), 'ks-bench-cold-'));
    try {
      const t = timed([process.execPath, 'bin/kubescene.js', 'build', 'scenarios', '--out', out, '--force']);
      pictures = countPngs(out);
      return t;
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
  const n0 = spread(node0).median;
  const cpu = spread(runs.map((r) => r.cpuMs)).median;
  const units = cpu / n0;
  // The gallery grew since the recorded build (more scenarios, long sequences
  // split into one picture per step, index.html players): per picture too.
  const perPicture = RECORDED_COLD_BUILD_NODE0 / RECORDED_COLD_BUILD_PICTURES / (units / Math.max(1, pictures));
  return [
    { name: 'node -e 0 (CPU)', ms: n0, note: `CPU ${fmtSpread(node0)}` },
    {
      name: 'cold build scenarios/ (CPU, fresh process)',
      ms: cpu,
      peakMiB: Math.max(...runs.map((r) => r.rssKiB)) / 1024,
      baseline: 'node -e 0 (CPU)',
      note: `CPU ${fmtSpread(runs.map((r) => r.cpuMs))}, wall ${fmtSpread(runs.map((r) => r.wallMs))}; recorded before issue 11: ${RECORDED_COLD_BUILD_NODE0.toFixed(0)}× node -e 0, so ${(RECORDED_COLD_BUILD_NODE0 / units).toFixed(2)}× faster for the whole gallery; ${pictures} PNG+SVG pictures now against ${RECORDED_COLD_BUILD_PICTURES} then, so ${perPicture.toFixed(2)}× faster per picture`,
    },
  ];
}

export async function run(): Promise<BenchFigure[]> {
  const cold = coldBuild();
  if (process.env.KUBESCENE_BENCH_BUILD_COLD_ONLY === '1') return cold;
  const stages = await realStages();
  const tool = await toolHash();
  const out = await mkdtemp(join(tmpdir(), 'ks-bench-build-'));
  const opts = { paths: ['scenarios'], out, cwd: ROOT, stages, toolHash: tool };
  try {
    const t0 = performance.now();
    const full = await runBuild(opts);
    const fullMs = performance.now() - t0;
    const noop: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await runBuild(opts);
      noop.push(performance.now() - t);
    }
    const checks: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await runCheck(opts);
      checks.push(performance.now() - t);
    }
    const n = full.statuses.length;
    return [
      ...cold,
      { name: 'build scenarios/ (full)', ms: fullMs, note: `${n} scenarios, ${full.built} built` },
      { name: 'build scenarios/ (no-op rebuild)', ms: median(noop), baseline: 'build scenarios/ (full)', note: 'everything up to date' },
      { name: 'check scenarios/ (fresh gallery)', ms: median(checks), baseline: 'build scenarios/ (full)' },
    ];
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
