import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import UPNG from 'upng-js';
import { renderView } from '../../src/render/index.ts';
import { rasterise, renderPng, renderPngAsync } from '../../src/render/png.ts';
import { crc32, encodeOpaquePng, opaqueRgbRows } from '../../src/render/png-encode.ts';
import { architecture, flowchart, sequence } from '../layout/fixtures.ts';

/** The chunks of a PNG, each checked against its CRC (the table CRC, not the one the encoder used). */
function chunks(png: Uint8Array): { type: string; data: Uint8Array; crcOk: boolean }[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: { type: string; data: Uint8Array; crcOk: boolean }[] = [];
  for (let at = 8; at < png.length; ) {
    const len = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + len);
    out.push({ type, data, crcOk: view.getUint32(at + 8 + len) === crc32(png.subarray(at + 4, at + 8 + len), false) });
    at += 12 + len;
  }
  return out;
}

const toArrayBuffer = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
/** The RGBA pixels a PNG decoder reads (upng-js, the decoder the GIF writer uses). */
const decoded = (png: Uint8Array): Buffer => Buffer.from(UPNG.toRGBA8(UPNG.decode(toArrayBuffer(png)))[0]!);

async function pictures(): Promise<{ name: string; svg: string }[]> {
  const out: { name: string; svg: string }[] = [];
  for (const [name, view] of [['architecture', architecture], ['sequence', sequence], ['flowchart', flowchart]] as const) {
    for (const theme of ['light', 'dark'] as const) out.push({ name: `${name} ${theme}`, svg: (await renderView(view, { format: 'svg', theme })) as string });
  }
  return out;
}

describe('PNG encoding (png-encode.ts)', () => {
  it("holds exactly the pixels resvg drew, the same as resvg-js's asPng decodes to: every view, both themes, 1× and the default scale", async () => {
    for (const { name, svg } of await pictures()) {
      for (const opts of [{ scale: 1 }, {}]) {
        const image = rasterise(svg, opts);
        const png = renderPng(svg, opts);
        const c = chunks(png);
        expect(c.map((x) => x.type), name).toEqual(['IHDR', 'IDAT', 'IEND']);
        expect(c.every((x) => x.crcOk), `${name}: chunk CRCs`).toBe(true);
        expect(c[0]!.data[9], `${name}: colour type RGB`).toBe(2);
        const ours = decoded(png);
        expect(ours.equals(decoded(new Uint8Array(image.asPng()))), `${name}: pixels as asPng`).toBe(true);
        expect(ours.equals(Buffer.from(image.pixels)), `${name}: pixels as drawn`).toBe(true);
        expect(Buffer.from(opaqueRgbRows(image.pixels, image.width, image.height, true)!).equals(Buffer.from(opaqueRgbRows(image.pixels, image.width, image.height, false)!)), `${name}: rows by words and by bytes`).toBe(true);
      }
    }
  });

  it('gives the same bytes every run, sync or async', async () => {
    for (const { name, svg } of await pictures()) {
      const png = renderPng(svg);
      expect(Buffer.from(png).equals(Buffer.from(renderPng(svg))), name).toBe(true);
      expect(Buffer.from(await renderPngAsync(svg)).equals(Buffer.from(png)), name).toBe(true);
    }
  });

  it('leaves a picture with transparency to asPng (its premultiplied colours are not demultiplied here)', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="30" height="20" fill="#2563eb" fill-opacity="0.5"/></svg>';
    const image = rasterise(svg, { scale: 1 });
    expect(encodeOpaquePng(image.pixels, image.width, image.height)).toBeUndefined();
    expect(Buffer.from(renderPng(svg, { scale: 1 })).equals(image.asPng())).toBe(true);
  });

  it('writes rows of a 0 filter byte and R G B, and refuses a pixel buffer of the wrong size', () => {
    const rgba = Uint8Array.of(1, 2, 3, 255, 4, 5, 6, 255, 7, 8, 9, 255, 10, 11, 12, 255);
    for (const words of [true, false]) {
      expect([...opaqueRgbRows(rgba, 2, 2, words)!], `words ${words}`).toEqual([0, 1, 2, 3, 4, 5, 6, 0, 7, 8, 9, 10, 11, 12]);
      expect(opaqueRgbRows(Uint8Array.of(1, 2, 3, 254), 1, 1, words), `words ${words}`).toBeUndefined();
      expect(opaqueRgbRows(Uint8Array.of(255, 255, 255, 255, 9, 9, 9, 0), 2, 1, words), `words ${words}: the last pixel`).toBeUndefined();
    }
    // Unaligned pixels (a view at an odd offset) are read byte by byte, with the same rows.
    const odd = new Uint8Array(rgba.length + 1).subarray(1);
    odd.set(rgba);
    expect([...opaqueRgbRows(odd, 2, 2)!]).toEqual([0, 1, 2, 3, 4, 5, 6, 0, 7, 8, 9, 10, 11, 12]);
    expect(() => opaqueRgbRows(rgba, 3, 2)).toThrow(/16 bytes of pixels for 3 × 2/);
  });

  it('computes CRC-32 as PNG needs, natively and by table alike', () => {
    expect(crc32(new TextEncoder().encode('123456789'), false)).toBe(0xcbf43926);
    const data = randomBytes(10_000);
    expect(crc32(data, true)).toBe(crc32(data, false));
    expect(crc32(new Uint8Array(0), false)).toBe(0);
  });
});
