/**
 * Nothing silent, in the trace: one line under `simplifications` for every
 * kind the scenario uses that the model only stores, and every field it
 * ignores (the table is ../scenario/coverage.ts; the loader warns at the
 * object). Objects come from the scenario's files and from what the cluster
 * holds at the end (e.g. `kubectl create job`).
 */
import type { Scenario } from '../scenario/types.ts';
import { coverageGaps, kindSupport } from '../scenario/coverage.ts';
import type { ObjectStore } from './apiserver/store.ts';

export function coverageNotes(s: Scenario, cache: ObjectStore): string[] {
  const notes = new Set<string>();
  for (const name of Object.keys(s.files).sort()) {
    for (const o of s.files[name]!.objects) for (const g of coverageGaps(o as Record<string, unknown>)) notes.add(g.note);
  }
  for (const kind of cache.kinds().sort()) {
    if (kindSupport(kind)?.support !== 'stored' || cache.count(kind) === 0) continue;
    for (const g of coverageGaps({ kind })) notes.add(g.note);
  }
  return [...notes];
}
