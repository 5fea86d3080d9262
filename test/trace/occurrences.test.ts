import { describe, expect, it } from 'vitest';
import { OccurrenceTable } from '../../src/trace/occurrences.ts';
import { shortHash } from '../../src/common/hash.ts';

/** The reference: a Map from signature to count. */
function reference(sigs: string[]): number[] {
  const m = new Map<string, number>();
  return sigs.map((s) => {
    const n = (m.get(s) ?? 0) + 1;
    m.set(s, n);
    return n;
  });
}

describe('OccurrenceTable', () => {
  it('counts like a Map over many hash signatures, through several resizes', () => {
    const sigs: string[] = [];
    for (let i = 0; i < 20000; i++) sigs.push(shortHash(String(i % 7001)));
    const t = new OccurrenceTable();
    expect(sigs.map((s) => t.next(s))).toEqual(reference(sigs));
  });

  it('keeps signatures apart that share either half (12 and 16 digits)', () => {
    for (const sigs of [
      ['000000000001', '000100000001', '000100000000', '000000000001', 'ffffffffffff', 'ffffffffffff'],
      ['0000000000000001', '0000000100000001', '8000000000000001', '0000000000000001', 'ffffffffffffffff', 'ffffffffffffffff'],
    ]) {
      const t = new OccurrenceTable();
      expect(sigs.map((s) => t.next(s))).toEqual(reference(sigs));
    }
  });

  it('counts other strings (another length, not lowercase hex) apart and correctly', () => {
    const sigs = ['abc', 'ABC', 'abcd', 'abc', 'xyz', 'abcd', '', '', 'ABC', 'a'.repeat(17), 'a'.repeat(17)];
    const t = new OccurrenceTable();
    expect(sigs.map((s) => t.next(s))).toEqual(reference(sigs));
  });
});
