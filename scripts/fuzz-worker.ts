/**
 * Runs fuzz cases in a worker thread for scripts/fuzz.ts, so the campaign can
 * tell a hang (a case that never answers) from a slow case and go on.
 */
import { parentPort } from 'node:worker_threads';
import { loadSeeds, materialize, type FuzzCase } from '../test/fuzz/mutate.ts';
import { runInProcess } from '../test/fuzz/oracle.ts';

const seeds = loadSeeds();

parentPort!.on('message', async (msg: { index: number; c: FuzzCase }) => {
  const t0 = performance.now();
  const m = materialize(seeds, msg.c);
  const outcome = await runInProcess(m.scenario, m.files);
  parentPort!.postMessage({ index: msg.index, outcome, ms: performance.now() - t0, seed: m.seed.name });
});
parentPort!.postMessage({ ready: seeds.length });
