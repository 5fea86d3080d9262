/**
 * Does a picture fit where people put it?
 *
 * - A **slide**: at most 1600×900 logical px, and its smallest text stays at
 *   least 12 px tall when the picture is shown 1280 px wide (so, with the
 *   views' 12-px text, at most 1280 px wide in practice). Every picture the
 *   gallery shows by default fits one (`test/views/slide-fit.test.ts`).
 * - A **docs page**: a column about 900 px wide; a wider picture is scaled
 *   down to it, a narrower one is shown 1:1, and its text must stay ≥ 12 px
 *   (`fitsPage`; with 12-px text: at most 900 px wide). Every page that
 *   embeds a picture (`out/README.md`, `out/<name>/README.md`, `steps.md`,
 *   `explain --pictures`) does it with common/embed.ts `embedPicture`: a
 *   picture that fits the column as it is; one that does not as a preview
 *   linked to the full-size file, marked "slide-sized picture".
 *   - flowcharts wrap their rows at the column's width when the picture then
 *     still fits a slide's height, else at the slide's (layout/flowchart.ts);
 *   - a sequence diagram cannot wrap (its width is its lanes): `build` draws
 *     it (whole, or one step) at the finest level that fits a slide AND the
 *     column, else at the finest that fits a slide (pictures.ts);
 *   - architecture pictures are laid out to fit a slide AND the column
 *     (900×900) when they can (layout/graph.ts forColumn); when the slide
 *     picture is wider, build writes the same view laid out for the column,
 *     as tall as it needs, `architecture.column.svg`, which the pages embed
 *     (pictures.ts); with neither, the slide picture is a preview.
 *   `test/views/slide-fit.test.ts` asserts `fitsPage` for every flowchart
 *   and sequence picture a page embeds, with reasoned exemptions.
 *
 * `build` draws the gallery's sequence at the detail level that fits a slide
 * and, when the whole story fits none, one slide per focus step
 * (`sequence.step-NN.svg`), a step too long for one slide cut into parts
 * (`sequence.step-NNa.svg` …; see pictures.ts).
 */
import { fitsPage, PAGE, pageText, svgSize, type PictureSize } from '../common/embed.ts';

// The docs-page rule is common/embed.ts (embedPicture), shared with explain; re-exported here beside the slide's.
export { fitsPage, PAGE, pageText, svgSize, type PictureSize };

export const SLIDE = { width: 1600, height: 900, shownWidth: 1280, minText: 12 } as const;

/** Text size when the picture is scaled to SLIDE.shownWidth. */
export function shownText(p: PictureSize): number {
  return p.width > 0 ? (p.minFont * SLIDE.shownWidth) / p.width : p.minFont;
}

export function fitsSlide(p: PictureSize): boolean {
  return p.width <= SLIDE.width && p.height <= SLIDE.height && shownText(p) >= SLIDE.minText - 1e-9;
}

/** Why a picture does not fit a slide, in words (for test failures and build notes); '' when it fits. */
export function slideMisfit(p: PictureSize): string {
  const why: string[] = [];
  if (p.width > SLIDE.width) why.push(`${p.width} px wide > ${SLIDE.width}`);
  if (p.height > SLIDE.height) why.push(`${p.height} px tall > ${SLIDE.height}`);
  if (shownText(p) < SLIDE.minText - 1e-9) why.push(`text ${shownText(p).toFixed(1)} px at ${SLIDE.shownWidth} px < ${SLIDE.minText}`);
  return why.join(', ');
}
