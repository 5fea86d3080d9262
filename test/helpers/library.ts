/**
 * Scenarios loaded and simulated once per test worker instead of once per
 * test file. The suite runs without per-file isolation (vitest.config.ts), so
 * a worker keeps this module, and its memo, across the files it runs: the
 * library's scenarios, which a dozen files read, are simulated about once per
 * worker. The model is deterministic (test/trace/scenarios.test.ts checks a
 * fresh second run against this one), so a memoised trace is the trace the
 * file would have simulated itself.
 *
 * Each call returns its own deep copy: a test may change what it gets without
 * changing what another test reads. The memo is keyed by the scenario file's
 * absolute path, the cwd (resolved; the trace names the file relative to it)
 * and the file's text, so an edited file is simulated again.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadScenario } from '../../src/scenario/index.ts';
import { simulate } from '../../src/cluster/index.ts';
import type { Result } from '../../src/common/result.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import type { Trace } from '../../src/trace/types.ts';

const loads = new Map<string, Promise<Result<Scenario>>>();
const traces = new Map<string, Promise<Trace>>();

function keyOf(path: string, cwd: string): string {
  const abs = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch {
    text = '';
  }
  return `${cwd}\0${abs}\0${createHash('sha256').update(text).digest('hex')}`;
}

/** `loadScenario(path, { cwd })`, memoised; a deep copy per call. */
export async function loadScenarioOnce(path: string, opts: { cwd?: string } = {}): Promise<Result<Scenario>> {
  const cwd = resolve(opts.cwd ?? process.cwd());
  const key = keyOf(path, cwd);
  let hit = loads.get(key);
  if (!hit) loads.set(key, (hit = loadScenario(path, { cwd })));
  return structuredClone(await hit);
}

/**
 * The trace of `simulate(scenario)` (default options) of a scenario that
 * loads, memoised; a deep copy per call. Rejects when the scenario does not
 * load (with its diagnostics) or the model throws (with its error).
 */
export async function simulateOnce(path: string, opts: { cwd?: string } = {}): Promise<Trace> {
  const cwd = resolve(opts.cwd ?? process.cwd());
  const key = keyOf(path, cwd);
  let hit = traces.get(key);
  if (!hit) {
    hit = loadScenarioOnce(path, { cwd }).then((loaded) => {
      if (!loaded.ok) throw new Error(`${path} does not load: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
      return simulate(loaded.value);
    });
    hit.catch(() => undefined); // reported to each caller
    traces.set(key, hit);
  }
  return structuredClone(await hit);
}
