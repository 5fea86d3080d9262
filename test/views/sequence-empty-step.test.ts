/**
 * A step that draws no interaction (an `expect` step, an `advance` during
 * which nothing talks) on its own — a per-step slide, a frame of the player,
 * `render --step N --view sequence` — is a readable picture: the state band
 * before it, the step's title, and a note saying what happened, over the
 * client's lifeline. Before, such a picture had no lifeline at all and its
 * band was laid out zero wide ("B…").
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/cluster/index.ts';
import { loadScenario } from '../../src/scenario/index.ts';
import type { Trace } from '../../src/trace/types.ts';
import { buildSequence } from '../../src/views/index.ts';
import { layout } from '../../src/layout/index.ts';
import { DETAIL_LEVELS } from '../../src/scenario/types.ts';
import type { SequenceNote } from '../../src/views/types.ts';
import { allItems, allMessages, expectSequenceInvariants } from './helpers.ts';

const root = new URL('../../', import.meta.url).pathname;

async function traceOf(name: string): Promise<Trace> {
  const loaded = await loadScenario(`${root}scenarios/${name}.yaml`, { cwd: root });
  if (!loaded.ok) throw new Error(`${name}: does not load`);
  return simulate(loaded.value);
}

describe('a step with no interaction, on its own', () => {
  it('rolling-update step 5 (expect): state band, title, a note over kubectl; laid out uncut', async () => {
    const trace = await traceOf('rolling-update');
    const step = trace.steps.find((s) => s.number === 5)!;
    expect(step.kind).toBe('expect');
    expect(step.events).toBeNull();
    for (const detail of DETAIL_LEVELS) {
      const view = buildSequence(trace, { steps: [5], detail });
      expectSequenceInvariants(view);
      expect(allMessages(view.items)).toEqual([]);
      expect(view.participants.map((p) => p.id)).toEqual(['kubectl']);
      const notes = allItems(view.items).filter((i): i is SequenceNote => i.type === 'note');
      const n = step.expectations.length;
      expect(notes).toEqual([{ type: 'note', id: 'quiet:5', over: ['kubectl'], step: 5, text: `No component interaction in this step: ${n} expectations checked against the cluster state, all passed` }]);
      const laid = await layout(view);
      // Every band and title is drawn whole: nothing is ellipsized to a letter.
      const band = laid.nodes.find((x) => x.kind === 'band')!;
      expect(band.label.lines!.join(' ')).toBe('Before step 5');
      expect(band.width).toBeGreaterThan(300);
      const separator = laid.nodes.find((x) => x.kind === 'separator')!;
      expect(separator.label.lines).toEqual(['5. Revision 2 runs everywhere']);
      const note = laid.nodes.find((x) => x.kind === 'note')!;
      expect(note.label.lines!.join(' ')).toBe(notes[0]!.text);
      expect(laid.nodes.filter((x) => x.kind === 'lifeline')).toHaveLength(1);
    }
  });

  it('node-failure step 4 (advance, nothing talks): the note says the clock advanced', async () => {
    const trace = await traceOf('node-failure');
    const step = trace.steps.find((s) => s.number === 4)!;
    expect(step.command).toBe('advance 30s');
    const view = buildSequence(trace, { steps: [4], detail: 'standard' });
    expect(allItems(view.items).filter((i) => i.type === 'note').map((i) => (i.type === 'note' ? i.text : ''))).toEqual([
      'No component interaction in this step: the clock advances 30s',
    ]);
  });

  it('a picture that draws other steps too keeps an empty step as its title alone', async () => {
    const trace = await traceOf('rolling-update');
    const view = buildSequence(trace, { steps: [4, 5], detail: 'summary' });
    expect(allItems(view.items).some((i) => i.id.startsWith('quiet:'))).toBe(false);
  });
});
