import { describe, expect, it } from 'vitest';
import { longestFirst, readDurations } from './sequencer.ts';

describe('longest-first test order', () => {
  it('runs unknown files first (by name), then the longest recorded, ties by name', () => {
    const durations = { 'test/a.test.ts': 1, 'test/b.test.ts': 30, 'test/c.test.ts': 5, 'test/d.test.ts': 5 };
    const files = ['test/a.test.ts', 'test/d.test.ts', 'test/new2.test.ts', 'test/c.test.ts', 'test/b.test.ts', 'test/new1.test.ts'];
    expect(longestFirst(files, durations)).toEqual(['test/new1.test.ts', 'test/new2.test.ts', 'test/b.test.ts', 'test/c.test.ts', 'test/d.test.ts', 'test/a.test.ts']);
  });

  it('does not depend on the order it is given the files in', () => {
    const durations = { 'x.test.ts': 2, 'y.test.ts': 2, 'z.test.ts': 9 };
    const files = ['x.test.ts', 'y.test.ts', 'z.test.ts', 'w.test.ts'];
    const orders = [files, [...files].reverse(), [files[2]!, files[0]!, files[3]!, files[1]!]];
    for (const o of orders) expect(longestFirst(o, durations)).toEqual(['w.test.ts', 'z.test.ts', 'x.test.ts', 'y.test.ts']);
  });

  it('keeps every file (none dropped, none repeated)', () => {
    const files = Array.from({ length: 50 }, (_, i) => `test/f${i}.test.ts`);
    const durations = Object.fromEntries(files.filter((_, i) => i % 3 !== 0).map((f, i) => [f, (i * 7) % 11]));
    expect([...longestFirst(files, durations)].sort()).toEqual([...files].sort());
  });

  it('the recorded durations are seconds per test file', () => {
    const durations = readDurations();
    expect(Object.keys(durations).length).toBeGreaterThan(50);
    for (const [file, seconds] of Object.entries(durations)) {
      expect(file).toMatch(/^test\/.+\.test\.ts$/);
      expect(Number.isFinite(seconds) && seconds >= 0, `${file}: ${seconds}`).toBe(true);
    }
  });
});
