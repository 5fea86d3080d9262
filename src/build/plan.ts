/**
 * The pure half of `build`: which scenarios this machine builds (`--shard`)
 * and which of those need work (the cache key against the manifest). No I/O.
 */
import type { Diagnostic } from '../common/diagnostic.ts';
import { canonicalJson, sha256 } from '../common/hash.ts';
import type { ScenarioManifest } from './outputs.ts';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/**
 * The cache key of one scenario's outputs: its digest (the scenario and every
 * file it reads), kubescene's version, and `toolHash` (a hash of the sources
 * that shape outputs: `src/` and `templates/`).
 */
export function cacheKey(digest: string, version: string, toolHash: string): string {
  return sha256(canonicalJson({ digest, toolHash, version }));
}

/** `--shard i/n` with 1 ≤ i ≤ n. */
export function parseShard(text: string): Shard | Diagnostic {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    return { code: 'bad-shard', severity: 'error', message: `--shard must be i/n with 1 ≤ i ≤ n, got "${text}"`, file: '<command line>', hint: 'e.g. --shard 2/4 builds the second quarter of the scenarios' };
  }
  return { index, count };
}

/** Scenarios sorted by name; shard i of n takes those at positions p with p % n === i - 1. */
export function shardSelect<T extends { name: string }>(items: readonly T[], shard: Shard | undefined): T[] {
  const sorted = [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (!shard) return sorted;
  return sorted.filter((_, p) => p % shard.count === shard.index - 1);
}

export type JobReason = 'new' | 'changed' | 'outputs-differ' | 'up-to-date';

export interface PlanItem {
  name: string;
  key: string;
  /** Manifest found in `out/<name>/`, if any. */
  manifest?: ScenarioManifest;
  /** True when every file the manifest lists exists with its recorded hash and nothing else is there. */
  outputsIntact: boolean;
}

export interface Job {
  name: string;
  key: string;
  build: boolean;
  reason: JobReason;
}

export function planJobs(items: readonly PlanItem[]): Job[] {
  return items.map((it): Job => {
    if (!it.manifest) return { name: it.name, key: it.key, build: true, reason: 'new' };
    if (it.manifest.key !== it.key) return { name: it.name, key: it.key, build: true, reason: 'changed' };
    if (!it.outputsIntact) return { name: it.name, key: it.key, build: true, reason: 'outputs-differ' };
    return { name: it.name, key: it.key, build: false, reason: 'up-to-date' };
  });
}
