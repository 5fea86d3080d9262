import { describe, expect, it } from 'vitest';
import { at, must } from './at.ts';

describe('at / must', () => {
  it('return what is there, counting negative indexes from the end', () => {
    expect([at(['a', 'b'], 0), at(['a', 'b'], 1), at(['a', 'b'], -1)]).toEqual(['a', 'b', 'b']);
    expect(at([0], 0)).toBe(0);
    expect(must('', 'x')).toBe('');
  });
  it('throw naming what is missing', () => {
    expect(() => at(['a'], 1, 'slices')).toThrow('slices: no element at index 1 (length 1)');
    expect(() => at([], -1)).toThrow('array: no element at index -1 (length 0)');
    expect(() => at(['a'], 0.5)).toThrow('no element at index 0.5');
    expect(() => must(undefined, 'WORKER_IPS[worker-9]')).toThrow('WORKER_IPS[worker-9] is missing');
  });
});
