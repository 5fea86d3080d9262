/**
 * A scenario about namespaces names them in its sequence messages: the
 * namespaces scenario lists Pods with `-n team-a` (step 3) and without it
 * (step 4, default); both calls used to read `GET pods`, so the picture
 * could not show what the step is about. An API call names its namespace
 * (`GET pods · team-a`, `GET pods · default`), a call on a Namespace the
 * Namespace (`POST namespaces · team-a`), at summary and standard, in the
 * whole story and in a step's own picture. A scenario whose calls all stay
 * in one namespace keeps its labels (views/sequence/namespaces.ts).
 */
import { describe, expect, it } from 'vitest';
import { simulateOnce } from '../helpers/library.ts';
import { buildSequence } from '../../src/views/index.ts';
import type { SequenceView } from '../../src/views/types.ts';
import { allMessages } from './helpers.ts';

const fromKubectl = (view: SequenceView, step: number) => allMessages(view.items).filter((m) => m.step === step && m.from === 'kubectl').map((m) => m.label);

describe('namespaces in message labels', () => {
  for (const detail of ['summary', 'standard'] as const) {
    it(`namespaces at ${detail}: kubectl's calls say in which namespace they are`, async () => {
      const trace = await simulateOnce('scenarios/namespaces.yaml');
      const view = buildSequence(trace, { detail });
      expect(fromKubectl(view, 1)).toEqual(['POST namespaces · team-a']);
      expect(fromKubectl(view, 3)).toEqual(['GET pods · team-a']);
      expect(fromKubectl(view, 4)).toEqual(['GET pods · default']);
      // Cluster-scoped lists name nothing.
      expect(fromKubectl(view, 5)).toEqual(['GET namespaces']);
      // A controller's calls too: the garbage collector empties team-a.
      expect(allMessages(view.items).some((m) => m.step === 6 && m.from !== 'kubectl' && /^DELETE pods.* · team-a$/.test(m.label))).toBe(true);
      // Said once: a label that names the Namespace already gets no suffix.
      expect(allMessages(view.items).filter((m) => / team-a\b.* · team-a$/.test(m.label)).map((m) => m.label)).toEqual([]);
      // A step's own picture reads as the whole story does.
      expect(fromKubectl(buildSequence(trace, { detail, steps: [4] }), 4)).toEqual(['GET pods · default']);
    });
  }

  it('full draws the trace’s own words', async () => {
    const trace = await simulateOnce('scenarios/namespaces.yaml');
    const full = buildSequence(trace, { detail: 'full' });
    expect(fromKubectl(full, 3).concat(fromKubectl(full, 4)).filter((l) => / · (team-a|default)$/.test(l))).toEqual([]);
  });

  it('a scenario that stays in one namespace keeps its labels (apply-deployment)', async () => {
    const trace = await simulateOnce('scenarios/apply-deployment.yaml');
    for (const detail of ['summary', 'standard'] as const) {
      expect(allMessages(buildSequence(trace, { detail }).items).filter((m) => / · default$/.test(m.label))).toEqual([]);
    }
  });
});
