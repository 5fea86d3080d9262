/**
 * The four workload scenarios: every expectation holds, the trace is
 * deterministic and matches its golden file, and the story each one tells
 * is in the trace (checked step by step here, beyond the scenario's own
 * `expect` blocks).
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/index.ts';
import { simulateOnce } from '../helpers/library.ts';
import { simulate } from '../../src/cluster/index.ts';
import { writeTrace } from '../../src/trace/io.ts';
import type { Trace } from '../../src/trace/types.ts';

const NAMES = ['self-healing', 'node-failure', 'hpa-autoscaling', 'rolling-update'];

async function traceOf(name: string): Promise<Trace> {
  const loaded = await loadScenario(`scenarios/${name}.yaml`, { cwd: process.cwd() });
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return simulate(loaded.value);
}

describe('workload scenarios', () => {
  for (const name of NAMES) {
    it(`${name}: expectations hold, deterministic, golden`, async () => {
      const t = await simulateOnce(`scenarios/${name}.yaml`);
      expect(t.outcome.expectations.filter((e) => !e.passed)).toEqual([]);
      expect(t.outcome.passed).toBe(true);
      expect(t.outcome.expectations.some((e) => e.description.startsWith('event'))).toBe(true);
      expect(t.outcome.expectations.some((e) => e.description.startsWith('trace'))).toBe(true);
      const text = writeTrace(t);
      // A fresh simulation, not the memoised one.
      expect(writeTrace(await traceOf(name))).toBe(text);
      await expect(text).toMatchFileSnapshot(`__golden__/${name}.trace.json`);
    });
  }

  it('rolling-update: kubectl prints the real progress lines', async () => {
    const t = await traceOf('rolling-update');
    const status = t.steps.find((s) => s.command === 'kubectl rollout status deployment/web' && s.output?.includes('new replicas'))!;
    expect(status.output).toMatch(/^Waiting for deployment "web" rollout to finish: \d out of 4 new replicas have been updated\.\.\.$/m);
    expect(status.output).toMatch(/^Waiting for deployment "web" rollout to finish: \d old replicas are pending termination\.\.\.$/m);
    expect(status.output!.trimEnd().split('\n').at(-1)).toBe('deployment "web" successfully rolled out');
  });

  it('node-failure: NotReady before eviction, eviction 300 s after the taint, replacement elsewhere', async () => {
    const t = await traceOf('node-failure');
    const taint = t.events.find((e) => e.summary.includes('unreachable:NoExecute'))!.t;
    const evict = t.events.find((e) => e.summary === 'POST events (TaintManagerEviction)')!.t;
    expect(evict - Math.floor(taint / 1000) * 1000).toBe(300_000);
    const bind = t.events.find((e) => e.t > evict && e.summary.startsWith('POST pods/binding'))!;
    expect(bind.summary).not.toContain('worker-2');
  });

  it('hpa-autoscaling: 2 → 4 → 6, then 2 only after the 5-minute window', async () => {
    const t = await traceOf('hpa-autoscaling');
    const rescales = t.outcome.kubeEvents.filter((e) => e.reason === 'SuccessfulRescale').map((e) => e.message.split(';')[0]);
    expect(rescales).toEqual(['New size: 4', 'New size: 6', 'New size: 2']);
    const loadDrop = t.steps.find((s) => s.command.includes('cpu=10m'))!.startMs;
    const down = t.events.find((e) => e.summary === 'POST events (SuccessfulRescale)' && e.t > loadDrop)!.t;
    const lastHigh = t.events.filter((e) => e.summary.includes('ceil(') && / = 6 /.test(e.summary) && e.t < loadDrop).at(-1)!.t;
    expect(down - lastHigh).toBeGreaterThan(5 * 60_000);
  });
});
