import { describe, expect, it } from 'vitest';
import { clone } from '../../src/cluster/core/object.ts';

describe('clone', () => {
  it('copies deeply with the JSON round trip meaning (undefined members dropped, undefined elements null, key order kept)', () => {
    const src = { b: 1, a: { list: [1, undefined, { x: 'y', gone: undefined }], flag: false, none: null }, s: 'text', '2': 'two', '1': 'one' };
    const copy = clone(src);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(src));
    expect(copy).toEqual(JSON.parse(JSON.stringify(src)));
    expect(Object.keys(copy)).toEqual(Object.keys(JSON.parse(JSON.stringify(src)) as object));
    expect('gone' in (copy.a.list[2] as object)).toBe(false);
    expect(copy.a.list[1]).toBeNull();
    expect(copy.a).not.toBe(src.a);
    expect(copy.a.list).not.toBe(src.a.list);
    copy.a.list.push(4);
    expect(src.a.list).toHaveLength(3);
    expect(clone(undefined)).toBeUndefined();
    expect(clone('x')).toBe('x');
  });
});
