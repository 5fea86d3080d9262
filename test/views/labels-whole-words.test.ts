/**
 * No label of a sequence or architecture picture is cut inside a word: every
 * view wraps with the word-boundary rule of flowcharts (layout/measure.ts
 * wrapText = wrapWords), so a label too long for its lines loses a middle
 * word (`… `), never the end of one (pod boxes used to read `ContainerCre…`).
 * Nor does an architecture box's count lose its word (`2 … 1 ContainerCreating`, COUNT_CUT).
 * Checked on every scenario of the library at summary and standard.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateOnce } from '../helpers/library.ts';
import { layoutOnce } from '../helpers/layouts.ts';
import { buildView } from '../../src/views/index.ts';
import type { LaidLabel } from '../../src/layout/types.ts';

const root = new URL('../../', import.meta.url).pathname;
const files = readdirSync(new URL('scenarios/', new URL('../../', import.meta.url)))
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/** A line that ends in `…` right after a letter or digit: a word cut short. */
const CUT = /[\p{L}\p{N}]…$/u;
/** The one exception: a piece with no boundary at all (a VolumeAttachment's 64-hex-digit name) is cut inside it. */
const HASH = /[0-9a-f]{12,}…$/;
/**
 * A count that lost its word: `2 … 1 ContainerCreating` (gallery review D31: a Pods box's states shortened in their
 * middle). A box whose states do not fit says fewer of them, whole (`2 Running +1 more`).
 */
const COUNT_CUT = /(?:^|[\s·,])\d+ …/u;

describe('labels are never cut inside a word', () => {
  for (const file of files) {
    const name = file.replace(/\.yaml$/, '');
    it(name, async () => {
      const trace = await simulateOnce(`scenarios/${file}`, { cwd: root });
      const cut: string[] = [];
      for (const detail of ['summary', 'standard'] as const) {
        for (const kind of ['architecture', 'sequence'] as const) {
          const laid = await layoutOnce(buildView(trace, kind, { detail }));
          const labels: (LaidLabel | undefined)[] = [...laid.nodes.flatMap((n) => [n.label, n.sublabel]), ...laid.edges.map((e) => e.label)];
          for (const l of labels) for (const line of l?.lines ?? []) if ((CUT.test(line) && !HASH.test(line)) || (kind === 'architecture' && COUNT_CUT.test(line))) cut.push(`${kind} ${detail}: "${line}" (${l!.text})`);
        }
      }
      expect(cut).toEqual([]);
    });
  }
});
