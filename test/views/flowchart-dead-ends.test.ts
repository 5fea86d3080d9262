/**
 * No flowchart box is a dead end unless it is an end of the story (issue 9,
 * review D21): every box that is not a terminal has an outgoing edge — it
 * leads on, or loops back to the point the story goes on from. A box with
 * no way on is drawn as an end (shape `terminal`, icon `end`), the way the
 * other ends are; and a box drawn as an end leads nowhere (a wait that loops
 * back is a box, not an end).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioOnce, simulateOnce } from '../helpers/library.ts';
import { buildFlowchart } from '../../src/views/index.ts';
import type { FlowchartView } from '../../src/views/types.ts';

const dir = new URL('../../scenarios/', import.meta.url);
const cwd = new URL('../../', import.meta.url).pathname;
const names = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

/** Ends (terminals) that lead on: drawn as an end although the story goes on from them (a wait that loops back). The start pill is not one. */
function falseEnds(view: FlowchartView): string[] {
  return view.nodes.filter((n, i) => i > 0 && n.shape === 'terminal' && view.edges.some((e) => e.from === n.id)).map((n) => `${n.id} (${n.label})`);
}

/** Boxes with no outgoing edge that are not drawn as an end. */
function deadEnds(view: FlowchartView): string[] {
  return view.nodes.filter((n) => !view.edges.some((e) => e.from === n.id) && !(n.shape === 'terminal' && n.icon === 'end')).map((n) => `${n.id} (${n.label})`);
}

async function flowchartOf(file: string, detail: 'summary' | 'standard' | 'full'): Promise<FlowchartView> {
  const loaded = await loadScenarioOnce(new URL(file, dir).pathname, { cwd });
  if (!loaded.ok) throw new Error(`${file}: ${JSON.stringify(loaded)}`);
  const trace = await simulateOnce(new URL(file, dir).pathname, { cwd });
  const step = loaded.value.diagrams.flowchart.step;
  return buildFlowchart(trace, { detail, ...(step !== undefined ? { step } : {}) });
}

describe('every box of every scenario flowchart leads on or is drawn as an end', () => {
  for (const file of names) {
    for (const detail of ['summary', 'standard', 'full'] as const) {
      it(`${file.replace(/\.yaml$/, '')} (${detail})`, async () => {
        const view = await flowchartOf(file, detail);
        expect(deadEnds(view)).toEqual([]);
        expect(falseEnds(view)).toEqual([]);
      });
    }
  }
});

describe('the boxes that were dead ends lead back where the story goes on', () => {
  const edge = (view: FlowchartView, from: string, to: string) => view.edges.find((e) => e.from === `fc:${from}` && e.to === `fc:${to}`);

  it('job-cronjob: a failed pod is replaced after a back-off, back to "create a pod"', async () => {
    const view = await flowchartOf('job-cronjob.yaml', 'standard');
    expect(edge(view, 'retry', 'create')).toBeDefined();
    expect(view.nodes.find((n) => n.id === 'fc:retry')?.shape).toBe('process');
  });

  it('drain-pdb: a 429 is retried: back to the budget check', async () => {
    const view = await flowchartOf('drain-pdb.yaml', 'standard');
    expect(edge(view, 'refused', 'budget')?.emphasis).toBe('danger');
  });

  it('pod-vs-container: a restarted container can exit again; a new Pod is the end of this Pod', async () => {
    const view = await flowchartOf('pod-vs-container.yaml', 'standard');
    expect(edge(view, 'restart', 'exits')).toBeDefined();
    expect(view.nodes.find((n) => n.id === 'fc:new-pod')?.shape).toBe('terminal');
    expect(view.nodes.find((n) => n.id === 'fc:new-pod')?.label).toMatch(/^replaced by a new Pod/);
  });

  it('reapply-idempotent: create and patch are ends of the apply, named by what kubectl prints', async () => {
    const view = await flowchartOf('reapply-idempotent.yaml', 'standard');
    expect(view.nodes.filter((n) => n.id === 'fc:create' || n.id === 'fc:patch').map((n) => [n.shape, n.label])).toEqual([
      ['terminal', 'created (POST)'],
      ['terminal', 'configured (PATCH the difference)'],
    ]);
  });

  it('statefulset: after deleting the highest ordinal, replicas are checked again', async () => {
    const view = await flowchartOf('statefulset.yaml', 'standard');
    expect(edge(view, 'scale-down', 'more')).toBeDefined();
  });
});
