/**
 * The part of svgdom we use: its font configuration, which opens the bundled
 * TTFs with fontkit. svgdom ships no type declarations.
 */
declare module 'svgdom' {
  export interface FontkitGlyphPosition {
    xAdvance: number;
  }
  export interface FontkitFont {
    unitsPerEm: number;
    ascent: number;
    descent: number;
    lineGap: number;
    capHeight: number;
    xHeight: number;
    layout(text: string): { glyphs: { advanceWidth: number }[]; positions: FontkitGlyphPosition[] };
  }
  export const config: {
    setFontDir(dir: string): unknown;
    setFontFamilyMappings(map: Record<string, string>): unknown;
    preloadFonts(): unknown;
    getFonts(): Record<string, FontkitFont>;
  };
}
