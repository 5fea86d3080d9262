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

/** What `kubectl kustomize DIR` produced for a folder relative to the scenario's. */
export type KustomizeOutcome =
  | { kind: 'output'; text: string }
  | { kind: 'failed'; message: string }
  /** kubectl is not on PATH (or this host cannot run programs, e.g. a git revision). */
  | { kind: 'unavailable'; reason: string; hint?: string }
  | { kind: 'missing' }
  | { kind: 'escape' };

export interface FileHost {
  read(relPath: string): ReadOutcome;
  /** Runs `kubectl kustomize` on a folder; hosts without it report `unavailable`. */
  kustomize?(relPath: string): KustomizeOutcome;
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

/** kubectl commands that take `-k DIR` / `--kustomize DIR`. */
const KUSTOMIZE_COMMANDS = new Set(['apply', 'create', 'delete', 'diff', 'get', 'replace', 'wait']);

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

/** The `-k` / `--kustomize` values of a kubectl argv (without `kubectl`), in order. Stops at `--`. */
export function kustomizeArgs(argv: readonly string[]): string[] {
  if (!KUSTOMIZE_COMMANDS.has(argv[0] ?? '')) return [];
  const out: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') break;
    let value: string | undefined;
    if (a === '-k' || a === '--kustomize') value = argv[++i];
    else if (a.startsWith('--kustomize=')) value = a.slice('--kustomize='.length);
    else if (a.startsWith('-k=')) value = a.slice(3);
    else if (a.startsWith('-k') && !a.startsWith('--')) value = a.slice(2);
    if (value !== undefined && value !== '') out.push(value);
  }
  return out;
}

/** Whether a kubectl argv asks for folders to be read recursively (`-R`, `--recursive`, `--recursive=true`). */
export function isRecursive(argv: readonly string[]): boolean {
  let on = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') break;
    if (a === '-R' || a === '--recursive' || a === '--recursive=true') on = true;
    else if (a === '--recursive=false' || a === '-R=false') on = false;
  }
  return on;
}

/**
 * The `Scenario.files` key of a folder read with `-R` (its files and every
 * sub-folder's), distinct from the same folder read without it.
 */
export function recursiveKey(name: string): string {
  return `${name.replace(/\/+$/, '')}/**`;
}

/** The `Scenario.files` key of the output of `kubectl kustomize DIR`. */
export function kustomizeKey(name: string): string {
  return `kustomize:${name}`;
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
