/**
 * The networking scenarios of the library run green (every `expect` holds),
 * are deterministic, and match their golden traces: the whole trace JSON and
 * a one-line-per-hop summary of the networking events for review.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/cluster/index.ts';
import { writeTrace } from '../../src/trace/io.ts';
import { loadNetScenario, networkLines, NET_SCENARIOS } from './helpers.ts';

describe.each(NET_SCENARIOS)('scenario %s', (name) => {
  const trace = simulate(loadNetScenario(name));

  it('meets every expectation', () => {
    const failed = trace.outcome.expectations.filter((e) => !e.passed).map((e) => `step ${e.step}: ${e.description} — found ${e.found}`);
    expect(failed).toEqual([]);
    expect(trace.outcome.passed).toBe(true);
    expect(trace.outcome.expectations.length).toBeGreaterThan(3);
  });

  it('records traffic as packet events and says where it simplifies', () => {
    expect(trace.events.some((e) => e.type === 'packet')).toBe(true);
    expect(trace.simplifications.some((s) => s.startsWith('Traffic:'))).toBe(true);
    expect(trace.simplifications.some((s) => s.includes('not modelled by this version'))).toBe(false);
  });

  it('matches its golden trace', async () => {
    await expect(networkLines(trace)).toMatchFileSnapshot(`__golden__/${name}.hops.txt`);
    await expect(writeTrace(trace)).toMatchFileSnapshot(`__golden__/${name}.trace.json`);
  });
});

describe('determinism', () => {
  it('the canary split is the same on every run', () => {
    const a = simulate(loadNetScenario('canary-release'));
    const b = simulate(loadNetScenario('canary-release'));
    expect(writeTrace(a)).toBe(writeTrace(b));
  });
});
