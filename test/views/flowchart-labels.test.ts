/**
 * No flowchart label is cut mid-word. A picture an instructor puts on a
 * slide must not hide what it is about: `StopContainer liveness → e…` hid
 * exit code 137, `--cpu…` the target, `configmaps/de…` the object (issue 9
 * review: 14 of 30 gallery flowcharts on main had such a cut). A label wraps
 * between words onto more lines; one that is genuinely too long keeps its
 * start and its end and leaves out the middle, at word boundaries.
 *
 * On main before this check: 14 of 30 scenarios had a flowchart label cut
 * mid-word or with its end cut off (at standard; 3 also at summary).
 *
 * Checked for every scenario in scenarios/, at the gallery's level
 * (standard) and at summary, on the view (the evidence strings the
 * flowchart builders shorten) and on the layout (the lines drawn).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioOnce, simulateOnce } from '../helpers/library.ts';
import { layoutOnce } from '../helpers/layouts.ts';
import { buildView } from '../../src/views/index.ts';
import type { DetailLevel } from '../../src/views/types.ts';
import type { LaidLabel } from '../../src/layout/types.ts';
import { shortenText } from '../../src/common/text.ts';

const root = new URL('../../', import.meta.url).pathname;
const files = readdirSync(new URL('scenarios/', new URL('../../', import.meta.url)))
  .filter((f) => f.endsWith('.yaml'))
  .sort();

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);

/**
 * Why the lines drawn for `label` cut a word, or null: the lines, without
 * whitespace, must be the text's (without whitespace), or its start, `…`, and
 * its end, where the start ends at a space or after `/ , ; (` and the end
 * starts after a space or at a `/`. A ` · ` between facts may be dropped
 * where the line breaks.
 */
function midWordCut(label: Pick<LaidLabel, 'text' | 'lines'>): string | null {
  const text = label.text.replace(/\s+/g, ' ').trim();
  const lines = label.lines ?? [label.text];
  const shown = lines.join(' ');
  // A ` · ` between facts may become a line break (measure.ts drops it there).
  const squash = (s: string) => s.replace(/[\s·]+/g, '');
  const added = (shown.match(/…/g)?.length ?? 0) - (text.match(/…/g)?.length ?? 0);
  if (added === 0) return squash(shown) === squash(text) ? null : `lines ${JSON.stringify(lines)} are not the text ${JSON.stringify(text)}`;
  if (added !== 1) return `${added} ellipses added in ${JSON.stringify(lines)}`;
  // Where the added ellipsis is: the first one whose removal leaves a start and an end of the text.
  const pos = [...text.matchAll(/[^\s·]/g)].map((m) => m.index);
  const t = squash(text);
  const s = squash(shown);
  for (let i = s.indexOf('…'); i >= 0; i = s.indexOf('…', i + 1)) {
    const a = s.slice(0, i);
    const b = s.slice(i + 1);
    if (!t.startsWith(a) || !t.endsWith(b) || a.length + b.length >= t.length) continue;
    const headEnd = a.length === 0 ? 0 : pos[a.length - 1]! + 1;
    const tailStart = b.length === 0 ? text.length : pos[t.length - b.length]!;
    const headOk = a.length === 0 || isSpace(text[headEnd]) || '/,;('.includes(text[headEnd - 1]!);
    const tailOk = b.length === 0 || isSpace(text[tailStart - 1]) || text[tailStart] === '/';
    if (!headOk || !tailOk) return `cut mid-word: ${JSON.stringify(lines)} from ${JSON.stringify(text)}`;
    // The end carries the outcome (`old → 0`, `job/batch --timeout=60s`): a shortened label keeps it.
    return b.length === 0 ? `end dropped: ${JSON.stringify(lines)} from ${JSON.stringify(text)}` : null;
  }
  return `lines ${JSON.stringify(lines)} are not a start and an end of ${JSON.stringify(text)}`;
}

/**
 * In a view's text, a `…` right after a letter or digit is a word cut short
 * (`→ e…`, `ClusterRole…`), and one that ends the text right after a word
 * or a separator (`kube-controller-manager:…`, `missing,…`) is an end cut
 * off; `data, …` (a list that goes on) and `POST …/eviction` are not.
 */
const viewCut = (text: string | undefined): boolean => text !== undefined && (/[\p{L}\p{N}]…/u.test(text) || /\S…$/.test(text));

describe('the check itself', () => {
  it('accepts whole text, wrapped text and a boundary cut; rejects a mid-word cut', () => {
    expect(midWordCut({ text: 'a b', lines: ['a', 'b'] })).toBeNull();
    expect(midWordCut({ text: 'GET /a/default/web', lines: ['GET /a/', 'default/web'] })).toBeNull();
    expect(midWordCut({ text: 'GET /a/default/web x', lines: ['GET …/default/web x'] })).toBeNull();
    expect(midWordCut({ text: 'Event Killing · StopContainer liveness → exit code 137', lines: ['Event Killing', 'StopContainer liveness → e…'] })).toMatch(/mid-word/);
    expect(midWordCut({ text: 'kubectl autoscale deployment web --cpu-percent=50', lines: ['kubectl autoscale deployment', 'web --cpu…'] })).toMatch(/mid-word/);
    expect(midWordCut({ text: 'a b c', lines: ['a', 'b'] })).toMatch(/not the text/);
    expect(midWordCut({ text: 'old → 3 · new → 4 · old → 0', lines: ['old → 3 · new → 4 …'] })).toMatch(/end dropped/);
    expect(viewCut('PATCH nodes worker-2…')).toBe(true);
    expect(viewCut('acquired lease kube-system/kube-controller-manager:…')).toBe(true);
    expect(viewCut('6 claims: logs, gold, big, data, …')).toBe(false);
    expect(viewCut('POST …/eviction, next ordinal (0, 1, 2 …)')).toBe(false);
  });

  it('shortens evidence at boundaries, keeping the end', () => {
    const s = shortenText('raft: leader etcd-1 appends put /registry/configmaps/default/flags to etcd-2, etcd-3', 60);
    expect(s.length).toBeLessThanOrEqual(60);
    expect(s).toMatch(/etcd-3$/);
    expect(viewCut(s)).toBe(false);
    expect(midWordCut({ text: 'raft: leader etcd-1 appends put /registry/configmaps/default/flags to etcd-2, etcd-3', lines: [s] })).toBeNull();
  });
});

describe('no flowchart label is cut mid-word', () => {
  for (const file of files) {
    const name = file.replace(/\.yaml$/, '');
    for (const detail of ['standard', 'summary'] as DetailLevel[]) {
      it(`${name} (${detail})`, async () => {
        const loaded = await loadScenarioOnce(`scenarios/${file}`, { cwd: root });
        if (!loaded.ok) throw new Error(`${file} does not load`);
        const trace = await simulateOnce(`scenarios/${file}`, { cwd: root });
        const step = loaded.value.diagrams.flowchart.step;
        const view = buildView(trace, 'flowchart', { ...(step !== undefined ? { step } : {}), detail });
        if (view.kind !== 'flowchart') throw new Error('not a flowchart');
        const cuts: string[] = [];
        for (const n of view.nodes) for (const t of [n.label, n.sublabel]) if (viewCut(t)) cuts.push(`view ${n.id}: ${t}`);
        for (const e of view.edges) if (viewCut(e.label)) cuts.push(`view ${e.id}: ${e.label}`);
        const laid = await layoutOnce(view);
        for (const n of laid.nodes)
          for (const l of [n.label, n.sublabel]) {
            const why = l ? midWordCut(l) : null;
            if (why) cuts.push(`${n.id}: ${why}`);
          }
        for (const e of laid.edges) {
          const why = e.label ? midWordCut(e.label) : null;
          if (why) cuts.push(`${e.id}: ${why}`);
        }
        expect(cuts).toEqual([]);
      });
    }
  }
});
