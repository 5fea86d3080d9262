/**
 * Golden views of the real scenario library: scenarios/*.yaml → simulate →
 * each view. Update with `npx vitest run test/views --update` and review the diff.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/cluster/index.ts';
import { loadScenario } from '../../src/scenario/index.ts';
import type { Trace } from '../../src/trace/types.ts';
import { buildArchitecture, buildFlowchart, buildSequence } from '../../src/views/index.ts';
import { MAX_MESSAGES } from '../../src/views/sequence/build.ts';
import type { KubeObject } from '../../src/scenario/types.ts';
import type { SequenceItem } from '../../src/views/types.ts';
import { allItems, allMessages, expectArchitectureNumbers, expectFlowchartInvariants, expectGraphInvariants, expectSequenceInvariants } from './helpers.ts';

const dir = new URL('../../scenarios/', import.meta.url);
const names = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

async function traceOf(file: string, replicas?: number): Promise<Trace> {
  const loaded = await loadScenario(new URL(file, dir).pathname, { cwd: new URL('../../', import.meta.url).pathname });
  if (!loaded.ok) throw new Error(`${file}: ${JSON.stringify(loaded)}`);
  if (replicas !== undefined) {
    for (const f of Object.values(loaded.value.files)) {
      for (const o of f.objects as KubeObject[]) if (o.kind === 'Deployment') (o.spec as { replicas: number }).replicas = replicas;
    }
  }
  return simulate(loaded.value);
}

describe('views of the scenario library', () => {
  it('has scenarios', () => expect(names.length).toBeGreaterThan(0));

  it('folds the real model too: 6 and 60 replicas give the same sequence size', async () => {
    const loops = (items: SequenceItem[]) => allItems(items).filter((i) => i.type === 'loop');
    const small = buildSequence(await traceOf('apply-deployment.yaml', 6), { maxMessages: 10_000 });
    const big = buildSequence(await traceOf('apply-deployment.yaml', 60), { maxMessages: 10_000 });
    expect(allItems(big.items).length).toBe(allItems(small.items).length);
    expect(loops(big.items).map((l) => l.type === 'loop' && l.label)).toContain('for each of 60 Pods');
    expect(big.participants.length).toBe(small.participants.length);
    expectSequenceInvariants(big);
  });

  for (const file of names) {
    const name = file.replace(/\.yaml$/, '');
    it(`${name}: golden views and invariants`, async () => {
      const trace = await traceOf(file);
      const architecture = buildArchitecture(trace);
      expectGraphInvariants(architecture);
      expectArchitectureNumbers(architecture);
      const sequence = buildSequence(trace);
      expectSequenceInvariants(sequence);
      expect(allMessages(sequence.items).length).toBeLessThanOrEqual(MAX_MESSAGES);
      const flowchart = buildFlowchart(trace);
      expectFlowchartInvariants(flowchart);
      for (const step of trace.steps) {
        expectSequenceInvariants(buildSequence(trace, { steps: [step.number], detail: 'full' }));
        expectFlowchartInvariants(buildFlowchart(trace, { step: step.number }));
      }
      await expect(JSON.stringify(architecture, null, 2) + '\n').toMatchFileSnapshot(`__golden__/scenarios/${name}.architecture.json`);
      await expect(JSON.stringify(sequence, null, 2) + '\n').toMatchFileSnapshot(`__golden__/scenarios/${name}.sequence.json`);
      await expect(JSON.stringify(flowchart, null, 2) + '\n').toMatchFileSnapshot(`__golden__/scenarios/${name}.flowchart.json`);
    });
  }
});
