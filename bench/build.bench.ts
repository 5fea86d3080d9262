/**
 * `kubescene build` of the scenario library: a full build into a fresh
 * folder, then a no-op rebuild (everything cached) — its ratio to the full
 * build is what makes `build` and `check` cheap enough for every commit.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBuild } from '../src/build/build.ts';
import { runCheck } from '../src/build/check.ts';
import { toolHash } from '../src/build/fsio.ts';
import { realStages } from '../src/build/stages.ts';
import type { BenchFigure } from './types.ts';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function run(): Promise<BenchFigure[]> {
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
      { name: 'build scenarios/ (full)', ms: fullMs, note: `${n} scenarios, ${full.built} built` },
      { name: 'build scenarios/ (no-op rebuild)', ms: median(noop), baseline: 'build scenarios/ (full)', note: 'everything up to date' },
      { name: 'check scenarios/ (fresh gallery)', ms: median(checks), baseline: 'build scenarios/ (full)' },
    ];
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
