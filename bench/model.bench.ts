/**
 * The cluster model at scale: a 10,000-replica Deployment on 1,000 nodes
 * against a 1,000-replica / 100-node baseline in the same run (10× the Pods
 * and 10× the nodes should cost about 10×, not 100×).
 *
 * Each simulation is a fresh child process (bench/simulate-child.mjs, the
 * compiled model as the CLI runs it, etcd history on as in the CLI) under GNU
 * time, so the peak RSS is the kernel's figure for the whole process, not a
 * sampler that cannot run during the synchronous simulate(). Events per
 * CPU-second count the simulate() call's own CPU time. KUBESCENE_BENCH_MODEL_RUNS
 * sets the number of runs (default 3; min/median/max are printed).
 */
import { HAVE_TIME, fmtSpread, spread, timed } from './proc.ts';
import type { BenchFigure } from './types.ts';

const RUNS = Number(process.env.KUBESCENE_BENCH_MODEL_RUNS ?? 3);

interface ChildResult {
  events: number;
  simulateCpuMs: number;
  running: number;
  maxRssKiB: number;
}

function measure(name: string, replicas: number, nodes: number, baseline?: string): BenchFigure {
  const runs = Array.from({ length: RUNS }, () => {
    const s = timed([process.execPath, 'bench/simulate-child.mjs', String(replicas), String(nodes), 'history']);
    return { ...s, child: JSON.parse(s.stdout) as ChildResult };
  });
  const events = runs[0]!.child.events;
  const rate = runs.map((r) => events / (r.child.simulateCpuMs / 1000));
  const rss = runs.map((r) => r.rssKiB / 1024);
  return {
    name,
    ms: spread(runs.map((r) => r.child.simulateCpuMs)).median,
    peakMiB: spread(rss).max,
    ...(baseline ? { baseline } : {}),
    note: `simulate CPU ${fmtSpread(runs.map((r) => r.child.simulateCpuMs))}; ${events} events (${(events / replicas).toFixed(1)} per Pod), ${runs[0]!.child.running} running; events per CPU-second ${fmtSpread(rate, '')}; peak RSS ${fmtSpread(rss, 'MiB')}; ${RUNS} runs`,
  };
}

export async function run(): Promise<BenchFigure[]> {
  if (!HAVE_TIME) return [{ name: 'simulate', ms: 0, note: 'skipped: /usr/bin/time (GNU time) is not installed' }];
  const base = 'simulate 1k replicas on 100 nodes (CPU)';
  return [measure(base, 1000, 100), measure('simulate 10k replicas on 1k nodes (CPU)', 10_000, 1000, base)];
}
