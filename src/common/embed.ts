/**
 * How a picture is embedded in a Markdown (or HTML) page — one rule for the
 * scenario page (`out/<name>/README.md`), `steps.md`, `explain --pictures`
 * and the gallery index (`out/README.md`).
 *
 * A docs column is about PAGE.shownWidth (900) px wide. A picture is shown
 * at its own width when that fits the column, else scaled down to the
 * column; either way its smallest text must stay at least PAGE.minText
 * (12) px at the width it is shown at. A picture whose text would shrink
 * below that is not shown as if it were readable: it is a preview linked to
 * the full-size file, with a line saying so.
 */
import { mdImage, mdUrl } from './markdown.ts';

export const PAGE = { shownWidth: 900, minText: 12 } as const;

export interface PictureSize {
  width: number;
  height: number;
  /** Smallest font size used, in logical px. */
  minFont: number;
}

/** Size and smallest font of an SVG written by the native renderer. */
export function svgSize(svg: string): PictureSize {
  const head = /<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/.exec(svg);
  const sizes = [...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
  return { width: Number(head?.[1] ?? 0), height: Number(head?.[2] ?? 0), minFont: sizes.length > 0 ? Math.min(...sizes) : Infinity };
}

/** The width a page shows the picture at: its own, or the column's when it is wider (never scaled up). */
export function shownWidth(p: PictureSize): number {
  return Math.min(p.width, PAGE.shownWidth);
}

/** Text size in a docs column: scaled down to PAGE.shownWidth when wider, never up. */
export function pageText(p: PictureSize): number {
  return p.width > 0 ? (p.minFont * shownWidth(p)) / p.width : p.minFont;
}

export function fitsPage(p: PictureSize): boolean {
  return pageText(p) >= PAGE.minText - 1e-9;
}

/**
 * `url` is embedded so that its text stays ≥ 12 px: with no size known, or
 * one that fits (`fitsPage`), an image (`![alt](url)`; a page scales a wider
 * one down to its column); else a preview linked to the full-size file and a
 * line saying why. `url` is a relative path (common/markdown.ts `mdUrl`
 * encodes it; anything else is not drawn, see `mdImage`).
 */
export function embedPicture(alt: string, url: string, size?: PictureSize): string {
  const image = mdImage(alt, url);
  const target = mdUrl(url, { image: true });
  if (size === undefined || fitsPage(size) || target === undefined) return image;
  return `[${image}](${target})\n\n*Slide-sized picture (${Math.round(size.width)} px wide, more than a ${PAGE.shownWidth}-px column): [open it full size](${target}).*`;
}
