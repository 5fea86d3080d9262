/**
 * ELK results by the content of the graph given to it, within one process.
 *
 * One cold `build` of the gallery runs ELK many times on graphs it has laid
 * out already: a scenario's `architecture.column.svg` view differs from its
 * slide view only in `layoutFor`, so the slide layouts it tries first
 * (layout/graph.ts chooseArchitecture: down, right, the compact ones) are the
 * same ELK graphs again; the player's detail levels and the fit search's
 * levels often build graphs that differ in nothing ELK reads. ELK (layered,
 * `elk.randomSeed: 1`, model order) is deterministic: the same JSON graph in
 * gives the same layout out, so a graph seen before is answered from here.
 *
 * The key is the whole graph as JSON (sha256 of it, to keep the table small):
 * ids, sizes, ports, edges, every layout option, in the order given (ELK's
 * model-order options read that order). Results are deep-copied in and out,
 * because elkjs writes its layout into the graph it is given and callers read
 * (and may change) what they get. Bounded (least recently used first out),
 * so a long `watch` session does not grow without end.
 *
 * A second level may stand behind the table: an `ElkStore` (`useStore`),
 * asked on a miss and given each new result. The product sets none; the test
 * suite sets a folder that outlives the run (test/helpers/elk-store.mjs), so
 * its workers and the binaries it runs do not lay out again a graph ELK laid
 * out before with the same elkjs. Errors are never stored: ELK runs again.
 */
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import { sha256 } from '../common/hash.ts';

export interface ElkCacheStats {
  hits: number;
  misses: number;
}

/** Results kept outside the process, by the cache key; each call reads or writes its own copy. */
export interface ElkStore {
  read(key: string): ElkNode | undefined;
  write(key: string, layout: ElkNode): void;
}

/** What ELK did with a graph: its layout, or the error it threw (thrown again for an equal graph). */
type Outcome = { layout: ElkNode } | { error: unknown };

export class ElkCache {
  private readonly results = new Map<string, Outcome>();
  readonly stats: ElkCacheStats = { hits: 0, misses: 0 };
  private store: ElkStore | undefined;

  constructor(
    private readonly limit = 512,
    private readonly keyOf: (graph: ElkNode) => string = graphKey,
  ) {}

  /** Puts `store` behind the table (undefined: none). */
  useStore(store: ElkStore | undefined): void {
    this.store = store;
  }

  /**
   * `run(graph)`'s result, or a copy of the one of an equal graph run before;
   * a graph ELK threw on throws the same error again (graph-elk.ts then
   * retries without the model-order options, itself a graph of its own).
   */
  async layout(graph: ElkNode, run: (graph: ElkNode) => Promise<ElkNode>): Promise<ElkNode> {
    const key = this.keyOf(graph);
    const hit = this.results.get(key);
    if (hit !== undefined) {
      this.stats.hits++;
      // Most recently used last.
      this.results.delete(key);
      this.results.set(key, hit);
      if ('error' in hit) throw hit.error;
      return structuredClone(hit.layout);
    }
    this.stats.misses++;
    const stored = this.store?.read(key);
    if (stored !== undefined) {
      this.remember(key, { layout: structuredClone(stored) });
      return stored;
    }
    try {
      const result = await run(graph);
      this.remember(key, { layout: structuredClone(result) });
      this.store?.write(key, result);
      return result;
    } catch (error) {
      this.remember(key, { error });
      throw error;
    }
  }

  private remember(key: string, outcome: Outcome): void {
    this.results.set(key, outcome);
    if (this.results.size > this.limit) this.results.delete(this.results.keys().next().value!);
  }

  get size(): number {
    return this.results.size;
  }
}

/** The cache key of a graph: sha256 of its JSON (every member, in order). */
export function graphKey(graph: ElkNode): string {
  return sha256(JSON.stringify(graph));
}

/** The process's cache, used by graph-elk.ts runElk. */
export const elkCache = new ElkCache();
