/**
 * Gallery review D100: at summary the kubelet's `pull image ×3` to the
 * runtime was followed by a note `pull image (registry (docker.io)) ×3` on
 * the runtime: the pull told twice. The note names what is pulled and from
 * where.
 */
import { describe, expect, it } from 'vitest';
import { buildSequence } from '../../src/views/index.ts';
import { simulateOnce } from '../helpers/library.ts';
import { allItems } from './helpers.ts';

describe('summary: the registry note names the image (D100)', () => {
  it('apply-deployment: `nginx:1.27 from image registry`, not the pull again', async () => {
    const view = buildSequence(await simulateOnce('scenarios/apply-deployment.yaml'), { detail: 'summary' });
    const notes = allItems(view.items).flatMap((i) => (i.type === 'note' ? [i.text] : []));
    expect(notes.filter((n) => n.includes('image registry'))).toEqual([expect.stringMatching(/^nginx:1\.27 from image registry( ×\d+)?$/)]);
    expect(notes.filter((n) => n.startsWith('pull image'))).toEqual([]);
  });
});
