/**
 * Does a picture fit where people put it?
 *
 * - A **slide**: at most 1600×900 logical px, and its smallest text stays at
 *   least 12 px tall when the picture is shown 1280 px wide (so, with the
 *   views' 12-px text, at most 1280 px wide in practice). Every picture the
 *   gallery shows by default fits one (`test/views/slide-fit.test.ts`).
 * - A **docs page**: a column about 900 px wide; a wider picture is scaled
 *   down to it, a narrower one is shown 1:1, and its text must stay ≥ 12 px.
 *   Landscape pictures that can wrap (flowcharts) fit one; a sequence
 *   diagram cannot wrap (its width is its lanes), so it is made for slides.
 *
 * `build` draws the gallery's sequence at the detail level that fits a slide
 * and, when the whole story fits none, one slide per focus step
 * (`sequence.step-NN.svg`; see pictures.ts).
 */
export const SLIDE = { width: 1600, height: 900, shownWidth: 1280, minText: 12 } as const;
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

/** Text size when the picture is scaled to SLIDE.shownWidth. */
export function shownText(p: PictureSize): number {
  return p.width > 0 ? (p.minFont * SLIDE.shownWidth) / p.width : p.minFont;
}

export function fitsSlide(p: PictureSize): boolean {
  return p.width <= SLIDE.width && p.height <= SLIDE.height && shownText(p) >= SLIDE.minText - 1e-9;
}

/** Text size in a docs column: scaled down to PAGE.shownWidth when wider, never up. */
export function pageText(p: PictureSize): number {
  return p.width > PAGE.shownWidth ? (p.minFont * PAGE.shownWidth) / p.width : p.minFont;
}

export function fitsPage(p: PictureSize): boolean {
  return pageText(p) >= PAGE.minText - 1e-9;
}

/** Why a picture does not fit a slide, in words (for test failures and build notes); '' when it fits. */
export function slideMisfit(p: PictureSize): string {
  const why: string[] = [];
  if (p.width > SLIDE.width) why.push(`${p.width} px wide > ${SLIDE.width}`);
  if (p.height > SLIDE.height) why.push(`${p.height} px tall > ${SLIDE.height}`);
  if (shownText(p) < SLIDE.minText - 1e-9) why.push(`text ${shownText(p).toFixed(1)} px at ${SLIDE.shownWidth} px < ${SLIDE.minText}`);
  return why.join(', ');
}
