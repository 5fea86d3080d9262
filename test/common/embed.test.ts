/**
 * One rule for embedding a picture in a page (src/common/embed.ts): shown
 * when its smallest text stays ≥ 12 px at the width a ~900-px column shows
 * it, else a preview linked to the full-size file. The scenario page, the
 * gallery index, steps.md and `explain --pictures` all use it.
 */
import { describe, expect, it } from 'vitest';
import { embedPicture, fitsPage, pageText, shownWidth, svgSize } from '../../src/common/embed.ts';
import { explainTrace } from '../../src/explain/index.ts';
import { pageImage } from '../../src/build/gallery.ts';
import { applyDeploymentTrace } from '../fixtures/traces/fixtures.ts';

const PREVIEW = /^\[!\[[^\]]*\]\(([^)]+)\)\]\(\1\)\n\n\*Slide-sized picture \((\d+) px wide, more than a 900-px column\): \[open it full size\]\(\1\)\.\*$/;

describe('embedPicture', () => {
  it('shows a picture at most 900 px wide 1:1 and as an image', () => {
    const size = { width: 900, height: 600, minFont: 12 };
    expect(shownWidth(size)).toBe(900);
    expect(pageText(size)).toBe(12);
    expect(embedPicture('sequence', 'sequence.svg', size)).toBe('![sequence](sequence.svg)');
  });

  it('shows a wider picture scaled to the column when its text stays ≥ 12 px there', () => {
    const size = { width: 1200, height: 600, minFont: 16 };
    expect(shownWidth(size)).toBe(900);
    expect(pageText(size)).toBe(12);
    expect(embedPicture('flowchart', 'flowchart.svg', size)).toBe('![flowchart](flowchart.svg)');
  });

  it('links a picture whose text would shrink under 12 px to its full-size file', () => {
    const size = { width: 901, height: 600, minFont: 12 };
    expect(fitsPage(size)).toBe(false);
    const md = embedPicture('sequence', 'out/web/sequence.svg', size);
    expect(md).toMatch(PREVIEW);
    expect(PREVIEW.exec(md)?.[2]).toBe('901');
  });

  it('draws no picture from outside (an absolute URL is a link, as mdImage does), with or without a size', () => {
    expect(embedPicture('x', 'https://example.com/x.svg', { width: 2000, height: 10, minFont: 12 })).toBe('[x](https://example.com/x.svg)');
    expect(embedPicture('x', 'javascript:alert(1)')).toBe('x');
  });

  it('without a size it is an image', () => {
    expect(embedPicture('architecture', 'architecture.svg')).toBe('![architecture](architecture.svg)');
  });

  it('reads the size and smallest text of a rendered SVG', () => {
    expect(svgSize('<svg xmlns="http://www.w3.org/2000/svg" width="812" height="300"><text font-size="13">a</text><text font-size="12">b</text></svg>')).toEqual({ width: 812, height: 300, minFont: 12 });
  });
});

describe('every page embeds by the same rule', () => {
  const wide = { width: 1600, height: 900, minFont: 12 };
  const narrow = { width: 700, height: 900, minFont: 12 };

  it('the scenario page', () => {
    expect(pageImage({ name: 'sequence', kind: 'sequence', detail: 'summary', size: wide })).toBe(embedPicture('sequence (summary)', 'sequence.svg', wide));
    expect(pageImage({ name: 'sequence', kind: 'sequence', detail: 'summary', size: narrow })).toBe('![sequence (summary)](sequence.svg)');
  });

  it('steps.md and explain --pictures: a picture too wide for the column is linked, one that fits is shown', () => {
    const pictures = { architecture: 'out/a/architecture.svg', sequence: 'out/a/sequence.svg', flowchart: 'out/a/flowchart.svg' };
    const md = explainTrace(applyDeploymentTrace(), { pictures, sizes: { sequence: wide, flowchart: narrow } });
    expect(md).toContain(embedPicture('sequence', 'out/a/sequence.svg', wide));
    expect(md).toContain('*Slide-sized picture (1600 px wide, more than a 900-px column): [open it full size](out/a/sequence.svg).*');
    expect(md).toContain('\n![flowchart](out/a/flowchart.svg)\n');
    // No size known (the file was not there): shown as an image, as before.
    expect(md).toContain('\n![architecture](out/a/architecture.svg)\n');
  });
});
