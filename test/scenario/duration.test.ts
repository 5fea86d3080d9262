import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, tryParseDuration, InvalidDurationError } from '../../src/scenario/duration.ts';

describe('durations (Go syntax)', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['1.5h', 5_400_000],
    ['1h0m0s', 3_600_000],
    ['0', 0],
    ['0s', 0],
    ['500us', 0.5],
    ['2µs', 0.002],
    ['1000000ns', 1],
    ['-1s', -1000],
    ['.5s', 500],
  ])('%s = %d ms', (s, ms) => {
    expect(parseDuration(s)).toBeCloseTo(ms, 9);
  });

  it.each(['', '30', '1h30', '2 minutes', '1d', 's', '1.2.3s', '5M', '30s ', ' 30s', '+', '1h-30m'])('rejects %j', (s) => {
    expect(tryParseDuration(s)).toBeUndefined();
    expect(() => parseDuration(s)).toThrow(InvalidDurationError);
  });

  it.each([
    [0, '0s'],
    [250, '250ms'],
    [30_000, '30s'],
    [90_000, '1m30s'],
    [5_400_000, '1h30m0s'],
    [1500, '1.5s'],
  ])('formatDuration(%d) = %s', (ms, s) => expect(formatDuration(ms)).toBe(s));
});
