import { describe, expect, it } from 'vitest';
import { closest, levenshtein } from '../../src/scenario/suggest.ts';

describe('did you mean', () => {
  it('counts edits, transpositions as one', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('alcie', 'alice')).toBe(1);
    expect(levenshtein('', 'abc')).toBe(3);
  });
  it('suggests close keys only', () => {
    expect(closest('replica', ['replicas', 'selector'])).toBe('replicas');
    expect(closest('kubeclt', ['kubectl', 'wait'])).toBe('kubectl');
    expect(closest('Nodes', ['nodes'])).toBe('nodes');
    expect(closest('banana', ['kubectl', 'wait'])).toBeUndefined();
  });
  it('does not guess between equally close candidates', () => {
    expect(closest('worker-3', ['worker-1', 'worker-2'])).toBeUndefined();
  });
});
