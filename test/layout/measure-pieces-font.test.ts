/**
 * The facts about Inter that let textWidth shape a text piece by piece
 * (src/layout/measure.ts, mayReachAcrossSpace), read from the fonts' own GSUB,
 * GPOS and GDEF tables as fontkit parsed them, for the features fontkit
 * applies to Latin text (fontkit DefaultShaper: rvrn, ltra, ltrm, ccmp, locl,
 * rlig, mark, mkmk, calt, clig, liga, rclt, curs, kern; frac/numr/dnom only on
 * digits around U+2044, never on a space). If a font update breaks one, this
 * test fails instead of a width changing silently.
 */
import { config, type FontkitFont } from 'svgdom';
import { describe, expect, it } from 'vitest';
import { mayReachAcrossSpace, textWidth } from '../../src/layout/measure.ts';

type Seq<T> = T[] | { length: number; get(i: number): T };
const all = <T>(x: Seq<T> | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : Array.from({ length: x.length }, (_, i) => x.get(i)));

interface Coverage { version: number; glyphs?: number[]; rangeRecords?: { start: number; end: number }[] }
interface ClassDef { version: number; startGlyph?: number; classValueArray?: number[]; classRangeRecord?: { start: number; end: number; class: number }[] }
interface ChainRule { backtrack?: number[]; input?: number[]; lookahead?: number[] }
interface SubTable {
  version?: number;
  lookupType?: number;
  extension?: SubTable;
  coverage?: Coverage;
  deltaGlyphID?: number;
  substitute?: number[];
  sequences?: Seq<number[]>;
  alternateSet?: Seq<number[]>;
  ligatureSets?: Seq<Seq<{ glyph: number; components: number[] }>>;
  coverages?: Seq<Coverage>;
  backtrackCoverage?: Seq<Coverage>;
  inputCoverage?: Seq<Coverage>;
  lookaheadCoverage?: Seq<Coverage>;
  chainRuleSets?: Seq<Seq<ChainRule>>;
  chainClassSet?: Seq<Seq<ChainRule> | null>;
  backtrackClassDef?: ClassDef;
  inputClassDef?: ClassDef;
  lookaheadClassDef?: ClassDef;
  markCoverage?: Coverage;
  mark1Coverage?: Coverage;
}
interface Lookup { lookupType: number; flags: { flags: { ignoreBaseGlyphs: boolean } }; subTables: Seq<SubTable> }
interface Table { lookupList: Seq<Lookup>; featureList: Seq<{ tag: string; feature: { lookupListIndexes: Seq<number> } }> }
type Tables = FontkitFont & { GSUB: Table; GPOS: Table; GDEF?: { glyphClassDef?: ClassDef }; glyphsForString(s: string): { id: number }[] };

const DEFAULT_FEATURES = new Set(['rvrn', 'ltra', 'ltrm', 'ccmp', 'locl', 'rlig', 'mark', 'mkmk', 'calt', 'clig', 'liga', 'rclt', 'curs', 'kern']);

const covers = (c: Coverage | undefined): number[] => {
  if (c === undefined) return [];
  if (c.version === 1) return c.glyphs ?? [];
  const out: number[] = [];
  for (const r of c.rangeRecords ?? []) for (let g = r.start; g <= r.end; g++) out.push(g);
  return out;
};
const classOf = (cd: ClassDef | undefined, g: number): number => {
  if (cd === undefined) return 0;
  if (cd.version === 1) return cd.classValueArray?.[g - (cd.startGlyph ?? 0)] ?? 0;
  return cd.classRangeRecord?.find((r) => r.start <= g && g <= r.end)?.class ?? 0;
};

function fonts(): [string, Tables][] {
  textWidth('x', { size: 10, weight: 'regular' }); // loads the bundled fonts
  const loaded = config.getFonts();
  return (['Inter', 'Inter SemiBold'] as const).map((name) => {
    const f = loaded[name];
    if (f === undefined || !('GSUB' in f) || !('GPOS' in f)) throw new Error(`${name}: no GSUB/GPOS`);
    return [name, f as Tables];
  });
}

/** Each lookup with its subtables (extensions resolved) and its effective type. */
function lookups(t: Table, extType: number): { index: number; type: number; flags: Lookup['flags']; subs: SubTable[]; features: string[] }[] {
  const feats = all(t.featureList).map((fe) => ({ tag: fe.tag, lookups: all(fe.feature.lookupListIndexes) }));
  return all(t.lookupList).map((l, index) => {
    const raw = all(l.subTables);
    const subs = l.lookupType === extType ? raw.map((s) => s.extension ?? s) : raw;
    const type = l.lookupType === extType ? (raw[0]?.lookupType ?? -1) : l.lookupType;
    return { index, type, flags: l.flags, subs, features: feats.filter((fe) => fe.lookups.includes(index)).map((fe) => fe.tag) };
  });
}

describe('Inter shapes nothing across a space except next to the characters textWidth does not split at', () => {
  for (const [name, f] of fonts()) {
    it(name, () => {
      const space = f.glyphsForString(' ')[0]!.id;
      const glyphOf = (code: number) => f.glyphsForString(String.fromCharCode(code))[0]!.id;
      const safeCodes = [...Array.from({ length: 126 - 32 }, (_, i) => 33 + i), 0xb7, 0x2026].filter((c) => !mayReachAcrossSpace(c));
      const gsub = lookups(f.GSUB, 7).filter((l) => l.features.some((t) => DEFAULT_FEATURES.has(t)));
      const gpos = lookups(f.GPOS, 9).filter((l) => l.features.some((t) => DEFAULT_FEATURES.has(t)));
      // Glyphs a safe character can become (substitutions of the default features, to a fixpoint).
      const safe = new Set(safeCodes.map(glyphOf));
      for (let grew = true; grew; ) {
        grew = false;
        const add = (g: number) => { if (!safe.has(g)) { safe.add(g); grew = true; } };
        for (const l of gsub) for (const s of l.subs) {
          const cov = covers(s.coverage);
          if (l.type === 1) cov.forEach((g, i) => { if (safe.has(g)) add(s.version === 1 ? (g + (s.deltaGlyphID ?? 0)) & 0xffff : s.substitute![i]!); });
          if (l.type === 2 || l.type === 3) cov.forEach((g, i) => { if (safe.has(g)) all(s.sequences ?? s.alternateSet)[i]!.forEach(add); });
          if (l.type === 4) all(s.ligatureSets).forEach((set, i) => all(set).forEach((lig) => { if ([cov[i]!, ...lig.components].some((g) => safe.has(g))) add(lig.glyph); }));
        }
      }
      // Rules that can match the space glyph: they apply at one glyph next to the space(s) they match.
      const reaching: number[] = [];
      for (const l of gsub) {
        expect(l.flags.flags.ignoreBaseGlyphs, `GSUB lookup ${l.index} skips base glyphs`).toBe(false);
        for (const s of l.subs) {
          if (l.type <= 3) continue;
          if (l.type === 4) {
            expect(covers(s.coverage).includes(space) || all(s.ligatureSets).some((set) => all(set).some((lig) => lig.components.includes(space))), `ligature with a space, lookup ${l.index}`).toBe(false);
          } else if (l.type === 6 && s.version === 3) {
            const back = all(s.backtrackCoverage).map((c) => covers(c).includes(space));
            const ahead = all(s.lookaheadCoverage).map((c) => covers(c).includes(space));
            const input = all(s.inputCoverage);
            if (input.some((c) => covers(c).includes(space))) throw new Error(`lookup ${l.index}: a space in the input`);
            if (!back.includes(true) && !ahead.includes(true)) continue;
            expect(input.length, `lookup ${l.index}: one input glyph`).toBe(1);
            // The matched spaces sit right next to the input glyph (no other glyph between).
            for (const side of [back, ahead]) expect(side.indexOf(false) === -1 || side.lastIndexOf(true) < side.indexOf(false), `lookup ${l.index}: spaces next to the input`).toBe(true);
            reaching.push(...covers(input[0]));
          } else if (l.type === 6 && (s.version === 1 || s.version === 2)) {
            expect(covers(s.coverage).includes(space), `lookup ${l.index}: applies at a space`).toBe(false);
            const cls = s.version === 2 ? [classOf(s.backtrackClassDef, space), classOf(s.inputClassDef, space), classOf(s.lookaheadClassDef, space)] : [space, space, space];
            const rules = (s.version === 1 ? all(s.chainRuleSets) : all(s.chainClassSet)).flatMap((r) => (r ? all(r) : []));
            for (const r of rules) {
              if (r.backtrack === undefined || r.input === undefined || r.lookahead === undefined) throw new Error(`lookup ${l.index}: unexpected rule shape`);
              expect(r.backtrack.includes(cls[0]!) || r.input.includes(cls[1]!) || r.lookahead.includes(cls[2]!), `lookup ${l.index} (format ${s.version}) matches a space`).toBe(false);
            }
          } else if (l.type === 5 && s.version === 3) {
            expect(all(s.coverages).some((c) => covers(c).includes(space)), `lookup ${l.index} matches a space`).toBe(false);
          } else throw new Error(`GSUB lookup ${l.index}: type ${l.type} format ${s.version} not checked`);
        }
      }
      expect(reaching.length).toBeGreaterThan(0); // the case-sensitive forms are there, so the check can see something
      expect(reaching.filter((g) => safe.has(g) || g === space)).toEqual([]);
      for (const l of gpos) {
        for (const s of l.subs) {
          if (l.type === 1) continue;
          if (l.type === 2) expect(covers(s.coverage).includes(space), `GPOS lookup ${l.index}: kerning after a space`).toBe(false);
          else if (l.type === 4 || l.type === 6) expect(covers(s.markCoverage ?? s.mark1Coverage).filter((g) => safe.has(g) || g === space)).toEqual([]);
          else throw new Error(`GPOS lookup ${l.index}: type ${l.type} not checked`);
        }
      }
      // No safe glyph is a mark (lookups that skip marks would reach past it).
      expect([...safe].filter((g) => classOf(f.GDEF?.glyphClassDef, g) === 3)).toEqual([]);
    });
  }
});
