/**
 * Which folders of `out/` a run is responsible for. A run builds or checks the
 * scenarios under its `paths`; `out/` may also hold scenarios from elsewhere
 * (`kubescene build scenarios/a.yaml` must not forget `b`). So:
 * - an **orphan** is a folder kubescene wrote (it has a manifest) for a
 *   scenario whose source is under this run's paths but which no longer
 *   exists under that name (deleted or renamed) — build removes it, check
 *   reports it;
 * - the **gallery** lists the scenarios loaded in this run plus every other
 *   folder with a manifest (scenarios outside the paths, and invalid ones,
 *   whose last good outputs stay), so every run writes the same gallery.
 */
import { join, resolve } from 'node:path';
import type { Scenario } from '../scenario/types.ts';
import { listDirs, readManifest, relativeTo } from './fsio.ts';
import type { GalleryEntry } from './gallery.ts';
import type { ScenarioManifest } from './outputs.ts';

export interface OutScope {
  /** Folder names to remove (build) or report (check). */
  orphans: string[];
  /** Folders in out/ without a manifest: not kubescene's. */
  foreign: string[];
  entries: GalleryEntry[];
}

function inScope(source: string, paths: readonly string[], cwd: string): boolean {
  return paths.some((p) => {
    const rel = relativeTo(cwd, resolve(cwd, p));
    return rel === '.' || source === rel || source.startsWith(`${rel}/`);
  });
}

export async function outScope(outDir: string, loaded: readonly Scenario[], invalidSources: readonly string[], paths: readonly string[], cwd: string): Promise<OutScope> {
  const names = new Set(loaded.map((s) => s.name));
  const invalid = new Set(invalidSources);
  const orphans: string[] = [];
  const foreign: string[] = [];
  const kept: ScenarioManifest[] = [];
  for (const dir of await listDirs(outDir)) {
    if (dir.startsWith('.') || names.has(dir)) continue;
    const m = await readManifest(join(outDir, dir));
    if (!m) foreign.push(dir);
    else if (inScope(m.source, paths.length > 0 ? paths : ['scenarios'], cwd) && !invalid.has(m.source)) orphans.push(dir);
    else kept.push({ ...m, name: dir });
  }
  const entries: GalleryEntry[] = [
    ...loaded.map((s) => ({ name: s.name, title: s.title, description: s.description, source: s.source, ...(s.diagrams.gallery ? { cover: s.diagrams.gallery } : {}) })),
    ...kept.map((m) => ({ name: m.name, title: m.title, description: m.description, source: m.source, ...(m.cover ? { cover: m.cover } : {}) })),
  ];
  return { orphans, foreign, entries };
}
