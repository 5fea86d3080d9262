/**
 * Gallery review D69: ingress sequence.step-04.svg (standard) wrapped its
 * URL in three, `GET http://` / `shop.example.com/api/` / `orders`, and its
 * reply `HTTP/1.1 200 OK (from` / `http://shop.example.com/` / `api/orders)`
 * repeated the request. A URL in a message label stays whole or breaks once,
 * after a `/` of its path (layout/wrap-url.ts), and its lane is made wide
 * enough for that (sequence-columns.ts labelWrap); at standard a reply does
 * not repeat the URL of its request (views/sequence/replies.ts).
 */
import { describe, expect, it } from 'vitest';
import { simulateOnce } from '../helpers/library.ts';
import { layoutOnce } from '../helpers/layouts.ts';
import { buildSequence } from '../../src/views/index.ts';
import { allMessages } from '../views/helpers.ts';
import { urlWrapWidth, wrapUrl } from '../../src/layout/wrap-url.ts';
import { textWidth } from '../../src/layout/measure.ts';
import { TYPE } from '../../src/layout/style.ts';
import { allProblems } from './check.ts';

const root = new URL('../../', import.meta.url).pathname;
const traceOf = (name: string) => simulateOnce(`${root}scenarios/${name}.yaml`, { cwd: root });
const style = TYPE.edgeLabel;
const width = (s: string) => textWidth(s, style);

describe('wrapUrl: a URL whole, or broken once after a `/` of its path', () => {
  const get = 'GET http://shop.example.com/api/orders';

  it('keeps the URL whole on a line of its own when that costs no line', () => {
    expect(wrapUrl(get, style, width('http://shop.example.com/api/orders'), 3)?.lines).toEqual(['GET', 'http://shop.example.com/api/orders']);
  });

  it('breaks it once, after a path slash, with the words before it on its first line when they fit', () => {
    expect(wrapUrl(get, style, width('GET http://shop.example.com/'), 3)?.lines).toEqual(['GET http://shop.example.com/', 'api/orders']);
  });

  it('puts the first part on a line of its own when the words before it leave no room', () => {
    expect(wrapUrl(get, style, width('http://shop.example.com/'), 3)?.lines).toEqual(['GET', 'http://shop.example.com/', 'api/orders']);
  });

  it('never breaks inside the scheme or host: too narrow for the host is left to the general rule', () => {
    expect(wrapUrl(get, style, width('shop.example.com/api/'), 3)).toBeUndefined();
    expect(wrapUrl('HTTP/1.1 200 OK', style, 40, 3)).toBeUndefined();
  });

  it('urlWrapWidth: the least width at which the URL label takes two lines', () => {
    const w = urlWrapWidth(get, style, 2);
    expect(w).toBe(Math.ceil(width('GET http://shop.example.com/')));
    expect(wrapUrl(get, style, w, 2)?.lines).toEqual(['GET http://shop.example.com/', 'api/orders']);
    expect(wrapUrl(get, style, w - 1, 2)).toBeUndefined();
    expect(urlWrapWidth('POST pods ×3', style, 2)).toBe(0);
  });
});

describe('ingress step 4 at standard (sequence.step-04.svg, D69)', () => {
  it('the request breaks its URL once at a path slash; the reply reads `HTTP/1.1 200 OK`', async () => {
    const trace = await traceOf('ingress');
    const view = buildSequence(trace, { steps: [4], detail: 'standard' });
    const laid = await layoutOnce(view);
    const lines = laid.edges.flatMap((e) => (e.label ? [e.label.lines ?? [e.label.text]] : []));
    expect(lines).toContainEqual(['GET http://shop.example.com/', 'api/orders']);
    for (const l of lines.flat()) expect(l).not.toMatch(/\/\/$|^[a-z.]+\/[a-z]+\/$/);
    expect(allMessages(view.items).map((m) => m.label)).toContain('HTTP/1.1 200 OK');
    expect(allMessages(view.items).filter((m) => m.label.includes('(from http'))).toEqual([]);
    expect(allProblems(laid)).toEqual([]);
  });

  it('full keeps the reply as the trace says it; a reply from an address keeps the address', async () => {
    const trace = await traceOf('ingress');
    const full = allMessages(buildSequence(trace, { steps: [4], detail: 'full' }).items).map((m) => m.label);
    expect(full).toContain('HTTP/1.1 200 OK (from http://shop.example.com/api/orders)');
    const standard = allMessages(buildSequence(trace, { steps: [4], detail: 'standard' }).items).map((m) => m.label);
    expect(standard.filter((l) => /\(from 10\.244\.\d+\.\d+:\d+\)$/.test(l))).toHaveLength(1);
  });
});
