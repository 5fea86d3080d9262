/**
 * A step too long for one slide, cut into consecutive parts
 * (views/sequence/split.ts): nothing lost, nothing repeated, the order and
 * numbers of the whole kept, each part drawing only its own lanes.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/cluster/index.ts';
import { loadScenario } from '../../src/scenario/index.ts';
import { buildSequence } from '../../src/views/index.ts';
import { partSuffix, splitSequence } from '../../src/views/sequence/split.ts';
import type { SequenceItem, SequenceView } from '../../src/views/types.ts';
import { applyDeploymentTrace } from '../fixtures/traces/fixtures.ts';
import { allMessages } from './helpers.ts';

const root = new URL('../../', import.meta.url).pathname;

async function stepView(file: string, step: number, detail: 'summary' | 'standard'): Promise<SequenceView> {
  const loaded = await loadScenario(`scenarios/${file}`, { cwd: root });
  if (!loaded.ok) throw new Error(`${file} does not load`);
  return buildSequence(simulate(loaded.value), { steps: [step], detail });
}

function lanes(items: readonly SequenceItem[]): Set<string> {
  const out = new Set<string>();
  const visit = (i: SequenceItem): void => {
    if (i.type === 'message') [i.from, i.to].forEach((x) => out.add(x));
    else if (i.type === 'note') i.over.forEach((x) => out.add(x));
    else if (i.type === 'loop') i.items.forEach(visit);
    else if (i.type === 'alt') i.branches.forEach((b) => b.items.forEach(visit));
  };
  items.forEach(visit);
  return out;
}

const CASES: { file: string; step: number; detail: 'summary' | 'standard' }[] = [
  { file: 'statefulset.yaml', step: 1, detail: 'summary' },
  { file: 'persistent-volumes.yaml', step: 7, detail: 'summary' },
  { file: 'rolling-update.yaml', step: 3, detail: 'standard' },
];

describe('splitSequence', () => {
  for (const c of CASES) {
    for (const of of [2, 3, 4]) {
      it(`${c.file} step ${c.step} (${c.detail}) in ${of} parts`, async () => {
        const whole = await stepView(c.file, c.step, c.detail);
        const parts = splitSequence(whole, of)!;
        expect(parts).toHaveLength(of);
        const body = (v: SequenceView) => v.items.slice(v.items.findIndex((i) => i.type === 'separator' && i.id.startsWith('step:')) + 1);
        // Nothing lost or repeated, in the same order; numbers run on across the parts.
        expect(parts.flatMap((p) => body(p)).map((i) => i.id)).toEqual(body(whole).map((i) => i.id));
        expect(parts.flatMap((p) => allMessages(p.items)).map((m) => m.number)).toEqual(allMessages(whole.items).map((m) => m.number));
        const title = whole.items.find((i) => i.type === 'separator' && i.id.startsWith('step:'))!;
        parts.forEach((p, k) => {
          // The band with the state before the step opens part 1 only; every part names itself.
          const head = p.items.slice(0, p.items.findIndex((i) => i.type === 'separator' && i.id.startsWith('step:')));
          expect(head.length > 0).toBe(k === 0 && whole.items[0]!.id === 'setup');
          const band = p.items.find((i) => i.type === 'separator' && i.id.startsWith('step:'));
          expect(band && band.type === 'separator' ? band.title : '').toBe(`${title.type === 'separator' ? title.title : ''} ${partSuffix(k + 1, of)}`);
          // A part starts with an exchange, not with a note that belongs to the previous one.
          expect(body(p)[0]!.type).not.toBe('note');
          // Only the lanes its own items use, in the whole's order.
          const used = lanes(body(p));
          expect(p.participants.map((x) => x.id)).toEqual(whole.participants.filter((x) => used.has(x.id)).map((x) => x.id));
          for (const m of allMessages(p.items)) expect(m.activate ?? m.deactivate).toBeUndefined();
        });
      });
    }
  }

  it('cuts nothing it cannot: a picture of several steps, or fewer exchanges than parts', () => {
    const trace = applyDeploymentTrace();
    expect(splitSequence(buildSequence(trace, { detail: 'summary' }), 2)).toBeUndefined();
    const one = buildSequence(trace, { detail: 'summary', steps: [trace.steps[0]!.number] });
    const exchanges = one.items.filter((i) => i.type !== 'note' && i.type !== 'separator').length;
    expect(splitSequence(one, exchanges + 1)).toBeUndefined();
    expect(splitSequence(one, 1)).toBeUndefined();
  });
});
