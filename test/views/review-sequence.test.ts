/**
 * Defects found reviewing the gallery's sequence pictures at a docs column's width (the etcd-quorum
 * page's sequence.step-05.svg, drawn at `summary`).
 */
import { describe, expect, it } from 'vitest';
import { simulateOnce } from '../helpers/library.ts';
import { buildSequence } from '../../src/views/index.ts';
import { allItems } from './helpers.ts';

const root = new URL('../../', import.meta.url).pathname;
const traceOf = (name: string) => simulateOnce(`${root}scenarios/${name}.yaml`, { cwd: root });

describe('etcd-quorum sequence at summary (sequence.step-05.svg)', () => {
  it('a write that loses its quorum is one "quorum ✗" note, not "quorum · quorum ✗"', async () => {
    const view = buildSequence(await traceOf('etcd-quorum'), { steps: [5], detail: 'summary' });
    const notes = allItems(view.items).flatMap((i) => (i.type === 'note' ? [i.text] : []));
    const quorum = notes.find((t) => /quorum/.test(t));
    expect(quorum).toMatch(/^quorum ✗ \(no quorum: 1\/3 members reachable/);
  });

  it('the etcd lane counts members, not replicas', async () => {
    const view = buildSequence(await traceOf('etcd-quorum'), { steps: [5], detail: 'summary' });
    const etcd = view.participants.find((p) => p.label === 'etcd');
    expect(etcd?.sublabel).toBe('3 members');
    expect(view.participants.map((p) => p.sublabel ?? '').join(' ')).not.toMatch(/replicas/);
  });
});
