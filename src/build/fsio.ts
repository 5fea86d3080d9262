/**
 * File-system edges of build/check/watch: atomic writes, reading what is in
 * `out/`, finding scenario files, hashing kubescene's own sources.
 */
import { mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from '../common/hash.ts';
import { writeAtomic } from '../common/fs.ts';

export { writeAtomic };
import { MANIFEST_FILE, manifestText, parseManifest, type OutputFiles, type ScenarioManifest } from './outputs.ts';


/**
 * Replace a scenario's output folder: every new file atomically, then remove
 * files that are no longer produced, and the manifest last — an interruption
 * before the manifest leaves a folder that the next build sees as stale.
 */
export async function writeScenarioDir(dir: string, files: OutputFiles, manifest: ScenarioManifest): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, data] of files) {
    // Unchanged files keep their mtime: editors, watchers and rsync see no change.
    const old = await readBytes(join(dir, name));
    if (old && Buffer.compare(Buffer.from(old), Buffer.from(data)) === 0) continue;
    await writeAtomic(join(dir, name), data);
  }
  for (const name of await listFiles(dir)) {
    if (name !== MANIFEST_FILE && !files.has(name)) await rm(join(dir, name), { force: true });
  }
  await writeAtomic(join(dir, MANIFEST_FILE), manifestText(manifest));
}

export async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

export async function readBytes(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch {
    return undefined;
  }
}

/** Plain files directly in `dir` (not folders), sorted; [] when dir does not exist. */
export async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

export async function listDirs(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

export async function readManifest(dir: string): Promise<ScenarioManifest | undefined> {
  return parseManifest(await readText(join(dir, MANIFEST_FILE)));
}

export interface OutputProblem {
  kind: 'missing' | 'modified' | 'extra';
  file: string;
}

/** Compares a folder with its manifest: missing files, files whose hash differs, files nobody produced. */
export async function verifyOutputs(dir: string, manifest: ScenarioManifest): Promise<OutputProblem[]> {
  const problems: OutputProblem[] = [];
  const present = new Set(await listFiles(dir));
  for (const [name, hash] of Object.entries(manifest.files).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!present.has(name)) problems.push({ kind: 'missing', file: name });
    else if (sha256((await readBytes(join(dir, name)))!) !== hash) problems.push({ kind: 'modified', file: name });
  }
  for (const name of present) {
    if (name !== MANIFEST_FILE && !(name in manifest.files)) problems.push({ kind: 'extra', file: name });
  }
  return problems;
}

const SCENARIO_MARKER = /^kubescene\s*:/m;
const IGNORED_DIRS = new Set(['node_modules', '.git', 'out']);

/**
 * Scenario files named by `paths`: files as given; folders searched
 * recursively for `*.yaml`/`*.yml` files with a top-level `kubescene:` key
 * (other YAML files next to them are manifests they read with `-f`).
 */
export async function findScenarios(paths: readonly string[], cwd: string): Promise<string[]> {
  const found = new Set<string>();
  for (const p of paths) {
    const abs = resolve(cwd, p);
    const st = await stat(abs).catch(() => undefined);
    if (!st) {
      found.add(abs); // let the loader report it as a Diagnostic
    } else if (st.isDirectory()) {
      for (const f of await walkYaml(abs)) if (SCENARIO_MARKER.test((await readText(f)) ?? '')) found.add(f);
    } else {
      found.add(abs);
    }
  }
  return [...found].map((f) => relativeTo(cwd, f)).sort();
}

async function walkYaml(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory() && !IGNORED_DIRS.has(e.name)) out.push(...(await walkYaml(p)));
    else if (e.isFile() && /\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}

/** A path relative to cwd, with forward slashes (outputs never carry absolute paths). */
export function relativeTo(cwd: string, abs: string): string {
  const r = relative(cwd, abs);
  return (r === '' ? '.' : r).split(sep).join('/');
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A hash of package-lock.json and every file under kubescene's `src/` and `templates/`: any change
 * to the code or templates that shape outputs invalidates the build cache.
 * Deliberately coarse (a comment edit also rebuilds): honest and simple.
 */
export async function toolHash(root = REPO_ROOT): Promise<string> {
  const parts: string[] = [];
  // Dependency versions (elkjs, resvg, mermaid …) shape outputs too.
  const lock = await readBytes(join(root, 'package-lock.json'));
  if (lock) parts.push(`package-lock.json\u0000${sha256(lock)}`);
  for (const top of ['src', 'templates']) {
    for (const f of await walkAll(join(root, top))) {
      parts.push(`${relativeTo(root, f)}\u0000${sha256((await readBytes(f)) ?? new Uint8Array())}`);
    }
  }
  return sha256(parts.join('\n'));
}

async function walkAll(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    // Hidden files (editor swap files, .DS_Store) and temp files never shape outputs.
    if (e.name.startsWith('.') || /\.tmp-\d+$/.test(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walkAll(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}
