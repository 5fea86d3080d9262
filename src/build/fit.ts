/**
 * Does a picture fit where people put it? A slide is 1600×900 logical px and
 * its text must stay at least 12 px tall when the picture is shown 1280 px
 * wide; a docs picture (standard detail) is at most 2400 px wide and 2400 px
 * tall, beyond which `build` also writes the sequence diagram one focus step
 * per file (`sequence.step-N.svg`).
 */
export const SLIDE = { width: 1600, height: 900, shownWidth: 1280, minText: 12 } as const;
export const PAGE = { width: 2400, height: 2400 } as const;

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

/** Text size when the picture is scaled to SLIDE.shownWidth. */
export function shownText(p: PictureSize): number {
  return (p.minFont * SLIDE.shownWidth) / p.width;
}

export function fitsSlide(p: PictureSize): boolean {
  return p.width <= SLIDE.width && p.height <= SLIDE.height && shownText(p) >= SLIDE.minText - 1e-9;
}

export function fitsPage(p: PictureSize): boolean {
  return p.width <= PAGE.width && p.height <= PAGE.height;
}
