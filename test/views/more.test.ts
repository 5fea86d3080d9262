/**
 * Lists cut short (views/common/more.ts): one convention in every view,
 * `a, b, +2 more`. The architecture view's Pods boxes wrote `2 Completed +1
 * more`, the read replies of the sequence view `…, +1 more`.
 */
import { describe, expect, it } from 'vitest';
import { firstOf, fittingList, moreCount, moreItem, withMore } from '../../src/views/common/more.ts';
import { buildView } from '../../src/views/index.ts';
import { simulateOnce } from '../helpers/library.ts';

describe('more.ts', () => {
  it('withMore: the count is one more item of the list', () => {
    expect(withMore(['a', 'b'], 2)).toBe('a, b, +2 more');
    expect(withMore(['a', 'b'], 0)).toBe('a, b');
    expect(withMore([], 3)).toBe('+3 more');
    expect(moreItem(1)).toBe('+1 more');
  });

  it('firstOf: never more than max entries, the count included', () => {
    expect(firstOf(['w2', 'w3', 'w4'], 3)).toBe('w2, w3, w4');
    expect(firstOf(['w2', 'w3', 'w4', 'w5'], 3)).toBe('w2, w3, +2 more');
  });

  it('fittingList: the longest run that fits, else the first item and the count', () => {
    const items = ['alpha', 'beta', 'gamma-delta-epsilon'];
    expect(fittingList(items, () => true)).toBe('alpha, beta, gamma-delta-epsilon');
    expect(fittingList(items, (t) => t.length <= 20)).toBe('alpha, beta, +1 more');
    expect(fittingList(items, () => false)).toBe('alpha, +2 more');
    expect(fittingList(['alpha'], () => false)).toBe('alpha');
  });

  it('moreCount reads back what moreItem wrote, nothing else', () => {
    expect(moreCount(moreItem(12))).toBe(12);
    expect(moreCount('3 Pods')).toBeUndefined();
    expect(moreCount('a, +2 more')).toBeUndefined();
  });
});

describe('the architecture view writes the same convention', () => {
  it('job-cronjob summary: a Pods box shortened by whole counts ends `, +N more`', async () => {
    const view = buildView(await simulateOnce('scenarios/job-cronjob.yaml'), 'architecture', { detail: 'summary' });
    if (view.kind !== 'architecture') throw new Error('an architecture view');
    const texts = view.nodes.flatMap((n) => [n.label, n.sublabel ?? '', ...(n.shorter ?? [])]).filter((t) => /\bmore$/.test(t));
    expect(texts.length).toBeGreaterThan(0);
    // A box that pairs states with workloads separates the pairs with `; ` (`flaky · 2 Error; +3 more`): the count is
    // still one more item of that list.
    for (const t of texts) expect(t).toMatch(/(?:^|, |; )\+\d+ more$/);
  });
});
