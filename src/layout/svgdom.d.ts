/**
 * The part of svgdom we use: its font configuration, which opens the bundled
 * TTFs with fontkit. svgdom ships no type declarations.
 */
declare module 'svgdom' {
  export interface FontkitGlyphPosition {
    xAdvance: number;
  }
  /** An OpenType script tag as fontkit gives it (a few scripts map to two tags). */
  export type FontkitScript = string | string[];
  export interface FontkitFont {
    unitsPerEm: number;
    ascent: number;
    descent: number;
    lineGap: number;
    capHeight: number;
    xHeight: number;
    /**
     * Shapes `text`. Without `script`, fontkit takes the script of the first
     * character that has one (not Common, Inherited or Unknown), else `zzzz`,
     * and returns it as the run's `script`.
     */
    layout(
      text: string,
      features?: string[],
      script?: FontkitScript,
    ): { glyphs: { advanceWidth: number }[]; positions: FontkitGlyphPosition[]; script: FontkitScript };
  }
  export const config: {
    setFontDir(dir: string): unknown;
    setFontFamilyMappings(map: Record<string, string>): unknown;
    preloadFonts(): unknown;
    getFonts(): Record<string, FontkitFont>;
  };
}
