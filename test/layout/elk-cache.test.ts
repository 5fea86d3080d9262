/**
 * src/layout/elk-cache.ts: an ELK result is reused only for a graph equal in
 * everything ELK reads (a graph that differs in one size, one option or the
 * order of its children gets its own layout), and what the cache hands out
 * are copies (a caller that changes its result does not change the next one).
 */
import { describe, expect, it } from 'vitest';
import ElkBundled from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import { ElkCache, graphKey, type ElkStore } from '../../src/layout/elk-cache.ts';

const elk = new ElkBundled.default();
const run = (g: ElkNode) => elk.layout(structuredClone(g));

function graph(opts: { width?: number; spacing?: string; reversed?: boolean } = {}): ElkNode {
  const children: ElkNode[] = [
    { id: 'a', width: opts.width ?? 40, height: 20 },
    { id: 'b', width: 60, height: 20 },
    { id: 'c', width: 30, height: 30 },
  ];
  return {
    id: 'root',
    layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT', 'elk.spacing.nodeNode': opts.spacing ?? '20', 'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES', 'elk.layered.crossingMinimization.forceNodeModelOrder': 'true' },
    children: opts.reversed ? children.reverse() : children,
    edges: [
      { id: 'e1', sources: ['a'], targets: ['b'] },
      { id: 'e2', sources: ['a'], targets: ['c'] },
    ],
  };
}

/**
 * The layout without elkjs's `$H` members (GWT's identity hash codes, which
 * it leaves on the objects it touched: a process-wide counter, not layout).
 */
function geometry(laid: ElkNode): unknown {
  return JSON.parse(JSON.stringify(laid, (k, v: unknown) => (k === '$H' ? undefined : v)));
}

/** Each node's id and place, the part of a layout the graph layout reads. */
function places(laid: ElkNode): string[] {
  return (laid.children ?? []).map((c) => `${c.id}@${c.x},${c.y} ${c.width}x${c.height}`).sort();
}

describe('ElkCache', () => {
  it('answers an equal graph from the cache, with the layout ELK gives it', async () => {
    const cache = new ElkCache();
    const first = await cache.layout(graph(), run);
    const again = await cache.layout(graph(), run);
    expect(cache.stats).toEqual({ hits: 1, misses: 1 });
    expect(places(again)).toEqual(places(await run(graph())));
    expect(again).toEqual(first);
    expect(geometry(again)).toEqual(geometry(await run(graph())));
  });

  // Each variant changes something ELK reads: a cache keyed on less (the ids, the edges) would return the first layout.
  const variants: [string, ElkNode][] = [
    ['a box size', graph({ width: 200 })],
    ['a layout option', graph({ spacing: '90' })],
    ['the order of the children (model order)', graph({ reversed: true })],
  ];
  for (const [what, other] of variants) {
    it(`a graph that differs in ${what} gets its own layout`, async () => {
      const cache = new ElkCache();
      await cache.layout(graph(), run);
      const laid = await cache.layout(other, run);
      expect(cache.stats).toEqual({ hits: 0, misses: 2 });
      expect(graphKey(other)).not.toBe(graphKey(graph()));
      const direct = await run(other);
      expect(places(laid)).toEqual(places(direct));
      expect(geometry(laid)).toEqual(geometry(direct));
    });
  }

  it('the variants really lay out differently (so the test above can fail)', async () => {
    const base = places(await run(graph()));
    for (const [, other] of variants) expect(places(await run(other))).not.toEqual(base);
  });

  it('hands out copies: changing a result does not change the next answer, nor the graph asked', async () => {
    const cache = new ElkCache();
    const g = graph();
    const before = JSON.stringify(g);
    const first = await cache.layout(g, run);
    first.children![0]!.x = -999;
    const second = await cache.layout(graph(), run);
    expect(second.children![0]!.x).not.toBe(-999);
    second.children![0]!.x = -777;
    const third = await cache.layout(graph(), run);
    expect(places(third)).toEqual(places(await run(graph())));
    expect(JSON.stringify(g)).toBe(before);
  });

  it('a graph ELK throws on throws again from the cache, without running ELK', async () => {
    const cache = new ElkCache();
    let runs = 0;
    const failing = (): Promise<ElkNode> => {
      runs++;
      return Promise.reject(new Error('no layout'));
    };
    await expect(cache.layout(graph(), failing)).rejects.toThrow('no layout');
    await expect(cache.layout(graph(), failing)).rejects.toThrow('no layout');
    expect(runs).toBe(1);
  });

  it('keeps at most `limit` layouts, the least recently used leaving first', async () => {
    const cache = new ElkCache(2);
    await cache.layout(graph({ width: 41 }), run);
    await cache.layout(graph({ width: 42 }), run);
    await cache.layout(graph({ width: 41 }), run); // used again: 42 is now the oldest
    await cache.layout(graph({ width: 43 }), run);
    expect(cache.size).toBe(2);
    await cache.layout(graph({ width: 41 }), run);
    expect(cache.stats).toEqual({ hits: 2, misses: 3 });
    await cache.layout(graph({ width: 42 }), run);
    expect(cache.stats).toEqual({ hits: 2, misses: 4 });
  });
});

describe('ElkCache with a store behind it', () => {
  /** A store in memory that counts what it is asked. */
  function memoryStore() {
    const kept = new Map<string, ElkNode>();
    const counts = { read: 0, hit: 0, written: 0 };
    const store: ElkStore = {
      read(key) {
        counts.read++;
        const laid = kept.get(key);
        if (laid !== undefined) counts.hit++;
        return laid === undefined ? undefined : structuredClone(laid);
      },
      write(key, laid) {
        counts.written++;
        kept.set(key, structuredClone(laid));
      },
    };
    return { store, kept, counts };
  }

  it("a graph laid out by another process's cache is answered from the store without running ELK", async () => {
    const { store, kept, counts } = memoryStore();
    const first = new ElkCache();
    first.useStore(store);
    const laid = await first.layout(graph(), run);
    expect(counts).toEqual({ read: 1, hit: 0, written: 1 });
    expect([...kept.keys()]).toEqual([graphKey(graph())]);

    const second = new ElkCache();
    second.useStore(store);
    let runs = 0;
    const counting = (g: ElkNode) => {
      runs++;
      return run(g);
    };
    const again = await second.layout(graph(), counting);
    expect(runs).toBe(0);
    expect(counts).toEqual({ read: 2, hit: 1, written: 1 });
    expect(geometry(again)).toEqual(geometry(laid));
    // Then from the table: the store is asked once per graph and process.
    await second.layout(graph(), counting);
    expect(counts.read).toBe(2);
    // A graph the store does not hold runs ELK, and is written.
    const other = await second.layout(graph({ width: 200 }), counting);
    expect(runs).toBe(1);
    expect(places(other)).toEqual(places(await run(graph({ width: 200 }))));
    expect(counts.written).toBe(2);
  });

  it('hands out copies of what the store holds', async () => {
    const { store } = memoryStore();
    const writer = new ElkCache();
    writer.useStore(store);
    await writer.layout(graph(), run);
    const reader = new ElkCache();
    reader.useStore(store);
    const a = await reader.layout(graph(), run);
    a.children![0]!.x = -999;
    expect(places(await reader.layout(graph(), run))).toEqual(places(await run(graph())));
  });

  it('does not store an error: ELK runs again in the next process', async () => {
    const { store, counts } = memoryStore();
    const failing = () => Promise.reject(new Error('no layout'));
    const cache = new ElkCache();
    cache.useStore(store);
    await expect(cache.layout(graph(), failing)).rejects.toThrow('no layout');
    expect(counts.written).toBe(0);
  });
});
