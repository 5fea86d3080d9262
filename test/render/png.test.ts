import { describe, expect, it } from 'vitest';
import { renderView } from '../../src/render/index.ts';
import { renderPng } from '../../src/render/png.ts';
import { architecture, flowchart, sequence } from '../layout/fixtures.ts';

/** Width and height from the PNG's IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('renderPng', () => {
  it('renders at 2× by default and at the scale asked for', async () => {
    const svg = (await renderView(flowchart, { format: 'svg', theme: 'light' })) as string;
    const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
    const png = renderPng(svg);
    expect([...png.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: 2 * w!, height: 2 * h! });
    expect(pngSize(renderPng(svg, { scale: 1 }))).toEqual({ width: w, height: h });
  });

  it('is byte-identical across runs (bundled fonts only)', async () => {
    const a = (await renderView(sequence, { format: 'png', theme: 'dark', scale: 1 })) as Uint8Array;
    const b = (await renderView(sequence, { format: 'png', theme: 'dark', scale: 1 })) as Uint8Array;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('draws text with the bundled font: a text-only SVG is not blank', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><text x="4" y="20" font-family="Inter" font-size="16">Inter</text></svg>';
    const withText = renderPng(svg, { scale: 1 });
    const empty = renderPng('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"></svg>', { scale: 1 });
    expect(withText.length).toBeGreaterThan(empty.length + 100);
  });
});

describe('renderView', () => {
  it('returns layout JSON, SVG text or PNG bytes', async () => {
    const json = (await renderView(architecture, { format: 'layout', theme: 'light' })) as string;
    const parsed = JSON.parse(json) as { width: number; nodes: { id: string }[]; edges: unknown[] };
    expect(parsed.nodes.some((n) => n.id === 'apiserver')).toBe(true);
    expect(parsed.edges.length).toBe(architecture.edges.length);
    expect(json.endsWith('\n')).toBe(true);
    expect(await renderView(architecture, { format: 'svg', theme: 'dark' })).toMatch(/^<svg /);
    expect(await renderView(architecture, { format: 'png', theme: 'dark', step: 1, scale: 1 })).toBeInstanceOf(Uint8Array);
  });
});

describe('renderPngAsync', () => {
  it('gives the same bytes as renderPng (rasterised off the main thread)', async () => {
    const { renderPngAsync } = await import('../../src/render/png.ts');
    const svg = (await renderView(architecture, { format: 'svg', theme: 'light' })) as string;
    const [a, b] = await Promise.all([renderPngAsync(svg), renderPngAsync(svg, { scale: 1 })]);
    expect(Buffer.from(a).equals(Buffer.from(renderPng(svg)))).toBe(true);
    expect(Buffer.from(b).equals(Buffer.from(renderPng(svg, { scale: 1 })))).toBe(true);
  });
});
