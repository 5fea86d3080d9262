/**
 * Files named by `kubectl … -f`: which argv words are file names, how they are
 * normalised, and where they may come from. A path must stay inside the
 * scenario's folder, so a scenario cannot read (and leak into diagrams) files
 * of the machine that renders it.
 */
import { posix } from 'node:path';
import type { ScenarioFile } from './types.ts';

/** What the loader's file host found at a path relative to the scenario folder. */
export type ReadOutcome =
  | { kind: 'file'; text: string }
  | { kind: 'dir'; entries: string[] }
  | { kind: 'missing' }
  | { kind: 'escape' };

export interface FileHost {
  read(relPath: string): ReadOutcome;
}

/** kubectl commands whose `-f` means `--filename` (for `logs` it means `--follow`). */
const FILENAME_COMMANDS = new Set([
  'annotate',
  'apply',
  'autoscale',
  'create',
  'delete',
  'describe',
  'diff',
  'expose',
  'get',
  'label',
  'patch',
  'replace',
  'rollout',
  'scale',
  'set',
  'wait',
]);

/** Manifest file extensions kubectl reads from a directory. */
export const MANIFEST_EXTENSIONS = ['.json', '.yaml', '.yml'];

/**
 * The `-f` values of a kubectl argv (without `kubectl`), in order:
 * `-f a.yaml`, `-fa.yaml`, `-f=a.yaml`, `--filename a.yaml`, `--filename=a.yaml`,
 * comma-separated lists. Stops at `--`.
 */
export function fileArgs(argv: readonly string[]): string[] {
  if (!FILENAME_COMMANDS.has(argv[0] ?? '')) return [];
  const out: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') break;
    let value: string | undefined;
    if (a === '-f' || a === '--filename') value = argv[++i];
    else if (a.startsWith('--filename=')) value = a.slice('--filename='.length);
    else if (a.startsWith('-f=')) value = a.slice(3);
    else if (a.startsWith('-f') && !a.startsWith('--')) value = a.slice(2);
    if (value !== undefined) out.push(...value.split(',').filter((v) => v !== ''));
  }
  return out;
}

/**
 * A `-f` path as a normalised path relative to the scenario folder
 * (`./a/../web.yaml` → `web.yaml`, `dir/` → `dir`), or undefined when it
 * leaves the folder (absolute, or `..` at the top).
 */
export function normalizeFilePath(p: string): string | undefined {
  const slashed = p.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:\//.test(slashed)) return undefined;
  const n = posix.normalize(slashed).replace(/\/+$/, '');
  if (n === '..' || n.startsWith('../')) return undefined;
  return n === '' ? '.' : n;
}

export function isRemote(p: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(p);
}

/** The scenario file a `-f` argument names (after normalisation), if any. */
export function lookupFile(files: Readonly<Record<string, ScenarioFile>>, arg: string): ScenarioFile | undefined {
  const n = normalizeFilePath(arg);
  return n === undefined ? undefined : files[n];
}

export function hasManifestExtension(name: string): boolean {
  return MANIFEST_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext));
}
