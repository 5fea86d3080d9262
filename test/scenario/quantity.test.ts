import { describe, expect, it } from 'vitest';
import { formatCpu, formatMemory, parseCpu, parseMemory, parseQuantity, tryParseQuantity, InvalidQuantityError } from '../../src/scenario/quantity.ts';

describe('quantities', () => {
  it.each([
    ['100m', 100],
    ['0.5', 500],
    ['.5', 500],
    ['2', 2000],
    ['2.', 2000],
    ['1e3', 1_000_000],
    ['1k', 1_000_000],
    ['250m', 250],
    ['0.1', 100],
    ['0.0001', 1], // rounded up like MilliValue
    ['+1', 1000],
  ])('cpu %s = %d millicores', (q, m) => {
    expect(parseCpu(q)).toBe(m);
  });

  it.each([
    ['8Gi', 8 * 2 ** 30],
    ['512Mi', 512 * 2 ** 20],
    ['1M', 1_000_000],
    ['1k', 1000],
    ['1Ki', 1024],
    ['1e3', 1000],
    ['1E3', 1000],
    ['1E', 1e18],
    ['128974848', 128974848],
    ['129e6', 129_000_000],
    ['123Mi', 123 * 2 ** 20],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['100m', 1],
  ])('memory %s = %d bytes', (q, b) => {
    expect(parseMemory(q)).toBe(b);
  });

  it('accepts YAML numbers as quantities', () => {
    expect(parseCpu(2)).toBe(2000);
    expect(parseMemory(1024)).toBe(1024);
  });

  it.each(['', 'Gi', '8GB', '8 Gi', '1.5.2', '10mb', '1u', '1n', '1Ki2', 'e3', '0x10', '1e', 'abc', '--1'])('rejects %j', (q) => {
    expect(tryParseQuantity(q)).toBeUndefined();
    expect(() => parseQuantity(q)).toThrow(InvalidQuantityError);
  });

  it('negative quantities parse (the loader refuses them where they make no sense)', () => {
    expect(parseQuantity('-2')).toBe(-2);
  });

  it.each([
    [100, '100m'],
    [1000, '1'],
    [1500, '1500m'],
    [4000, '4'],
  ])('formatCpu(%d) = %s', (m, s) => expect(formatCpu(m)).toBe(s));

  it.each([
    [8 * 2 ** 30, '8Gi'],
    [64 * 2 ** 20, '64Mi'],
    [1000, '1k'],
    [1_000_000, '1M'],
    [1500, '1500'],
    [0, '0'],
  ])('formatMemory(%d) = %s', (b, s) => expect(formatMemory(b)).toBe(s));
});
