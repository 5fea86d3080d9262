import { describe, expect, it } from 'vitest';
import { formatSelector, matchLabelSelector, matchesSelector, parseSelector } from '../../src/scenario/selector.ts';

function matches(sel: string, labels: Record<string, string>): boolean {
  const r = parseSelector(sel);
  if (!r.ok) throw new Error(r.error);
  return matchesSelector(r.value, labels);
}

describe('label selectors', () => {
  const web = { app: 'web', env: 'prod', tier: '3' };
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=web', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['env in (prod,staging)', true],
    ['env in (staging)', false],
    ['env notin (staging)', true],
    ['env notin (prod)', false],
    ['missing notin (prod)', true],
    ['app', true],
    ['missing', false],
    ['!app', false],
    ['!missing', true],
    ['app=web,env=prod', true],
    ['app=web,env=dev', false],
    ['app=web, env in (prod, dev)', true],
    ['tier>2', true],
    ['tier<2', false],
    ['', true],
  ])('%j matches {app: web, env: prod, tier: 3}: %s', (sel, expected) => {
    expect(matches(sel, web)).toBe(expected);
  });

  it.each(['app in (web', 'app=web,,env=a', 'app=we b', '-app=web', 'env in ()', 'tier>x', 'a b c', 'app=(x)'])('rejects %j', (sel) => {
    expect(parseSelector(sel).ok).toBe(false);
  });

  it('prints the canonical form, sorted by key', () => {
    const r = parseSelector('tier in (b,a), app=web, !legacy, env');
    expect(r.ok && formatSelector(r.value)).toBe('app=web,env,!legacy,tier in (a,b)');
  });

  it('matches manifest LabelSelectors (matchLabels and matchExpressions)', () => {
    const labels = { app: 'web', env: 'prod' };
    expect(matchLabelSelector({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(matchLabelSelector({ matchLabels: { app: 'db' } }, labels)).toBe(false);
    expect(matchLabelSelector({ matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] }, labels)).toBe(true);
    expect(matchLabelSelector({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, labels)).toBe(false);
    expect(matchLabelSelector({ matchExpressions: [{ key: 'env', operator: 'Exists' }] }, labels)).toBe(true);
    expect(matchLabelSelector({ matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }, labels)).toBe(false);
    expect(matchLabelSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'x', operator: 'Exists' }] }, labels)).toBe(false);
    expect(matchLabelSelector({ matchExpressions: [{ key: 'env', operator: 'Bogus' }] }, labels)).toBe(false);
  });

  it('an empty LabelSelector matches everything, a missing one nothing', () => {
    expect(matchLabelSelector({}, { a: 'b' })).toBe(true);
    expect(matchLabelSelector(undefined, { a: 'b' })).toBe(false);
    expect(matchLabelSelector(null, {})).toBe(false);
  });
});
