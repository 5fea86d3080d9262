/**
 * build draws a scenario's pictures (gallery SVG/PNG, step slides, frames,
 * the HTML player) through one PictureCache (`Stages.forTrace`,
 * src/build/stages.ts): each distinct view is laid out once. The outputs are
 * the bytes the stages make without sharing, and the cache is really shared
 * (the player asks for layouts the gallery already made).
 */
import { describe, expect, it } from 'vitest';
import { produceOutputs } from '../../src/build/outputs.ts';
import { realStages, type Stages } from '../../src/build/stages.ts';
import { PictureCache } from '../../src/render/frames.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import type { Trace } from '../../src/trace/types.ts';
import type { View } from '../../src/views/types.ts';
import { loadScenarioOnce, simulateOnce } from '../helpers/library.ts';

/** A PictureCache that records which layouts it was asked for (by view content). */
class CountingCache extends PictureCache {
  readonly asked: string[] = [];

  override laid(view: View): ReturnType<PictureCache['laid']> {
    this.asked.push(JSON.stringify(view));
    return super.laid(view);
  }
}

async function scenarioAndTrace(path: string): Promise<{ scenario: Scenario; trace: Trace }> {
  const loaded = await loadScenarioOnce(path);
  if (!loaded.ok) throw new Error(`${path} does not load`);
  return { scenario: loaded.value, trace: await simulateOnce(path) };
}

describe('one scenario, one set of layouts', () => {
  // internet-egress: gallery pictures, per-step slides and the player, at a small cost.
  for (const path of ['scenarios/internet-egress.yaml']) {
    it(`${path}: the outputs drawn through one PictureCache are the bytes drawn without it, and layouts are reused`, async () => {
      const { scenario, trace } = await scenarioAndTrace(path);
      const real = await realStages();
      let cache: CountingCache | undefined;
      // How many layouts the gallery pictures and frames had asked for when the player started.
      let beforePlayer = -1;
      const shared: Stages = {
        ...real,
        simulate: () => trace,
        forTrace: (t) => {
          const counting = new CountingCache(t);
          cache = counting;
          const bound = real.forTrace!(t, counting);
          return { ...bound, player: (tr, settings) => ((beforePlayer = counting.asked.length), bound.player(tr, settings)) };
        },
      };
      const separate: Stages = { ...real, simulate: () => trace, forTrace: undefined };
      const withCache = await produceOutputs(scenario, shared);
      const without = await produceOutputs(scenario, separate);
      expect([...withCache.files.keys()]).toEqual([...without.files.keys()]);
      for (const [name, data] of without.files) expect(Buffer.from(withCache.files.get(name)!).equals(Buffer.from(data)), name).toBe(true);
      // The gallery's pictures and the player asked the one cache; the player reused layouts the gallery made.
      expect(cache).toBeDefined();
      const gallery = new Set(cache!.asked.slice(0, beforePlayer));
      const player = cache!.asked.slice(beforePlayer);
      expect(gallery.size).toBeGreaterThanOrEqual(3);
      expect(player.length).toBeGreaterThan(0);
      expect(player.filter((k) => gallery.has(k)).length).toBeGreaterThan(0);
    });
  }
});
