/**
 * The scenario stage: scenario YAML (+ the manifests it names) → Scenario, or
 * every Diagnostic found. `loadScenario` reads from disk; `parseScenario` is
 * the pure core, for tests and for scenarios read from git revisions.
 */
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../common/diagnostic.ts';
import { fail, type Result } from '../common/result.ts';
import type { Scenario } from './types.ts';
import type { FileHost, KustomizeOutcome, ReadOutcome } from './files.ts';
import { parseWithHost } from './parse.ts';

export interface ParseOptions {
  /** Lists a folder relative to the scenario's (for `-f dir/`); undefined when it is not a folder. */
  listDir?: (relPath: string) => string[] | undefined;
}

/**
 * Parse and validate a scenario from its text. `file` is the path shown in
 * diagnostics and stored as `Scenario.source`; `readFile` serves `-f` files
 * by path relative to the scenario's folder (undefined when missing).
 */
export function parseScenario(
  text: string,
  file: string,
  readFile: (relPath: string) => string | undefined,
  opts: ParseOptions = {},
): Result<Scenario> {
  const host: FileHost = {
    read(rel): ReadOutcome {
      const t = readFile(rel);
      if (t !== undefined) return { kind: 'file', text: t };
      const entries = opts.listDir?.(rel);
      return entries === undefined ? { kind: 'missing' } : { kind: 'dir', entries };
    },
  };
  return parseWithHost(text, toSlashes(file), host);
}

/** Read a scenario file (and the files its commands name) from disk and validate it. */
export async function loadScenario(path: string, opts: { cwd?: string } = {}): Promise<Result<Scenario>> {
  const cwd = opts.cwd ?? process.cwd();
  const abs = resolve(cwd, path);
  const shown = displayPath(cwd, abs);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (err) {
    return fail([readError(shown, err)]);
  }
  return parseWithHost(text, shown, diskHost(dirname(abs)));
}

/**
 * Validate scenario text as if it were the file at `abs` (its `-f` files read
 * from disk next to it), without the file existing; for `kubescene init`.
 */
export function parseScenarioAt(text: string, abs: string, cwd: string): Result<Scenario> {
  return parseWithHost(text, displayPath(cwd, abs), diskHost(dirname(abs)));
}

/** `path` relative to `cwd`, forward slashes; never absolute when avoidable. */
export function displayPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return toSlashes(rel === '' ? abs : isAbsolute(rel) ? rel : rel);
}

function toSlashes(p: string): string {
  return p.split(sep).join('/').replace(/\\/g, '/');
}

function readError(file: string, err: unknown): Diagnostic {
  const code = (err as { code?: string }).code;
  const message =
    code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a scenario file' : code === 'EACCES' ? 'permission denied' : `cannot read the file (${code ?? 'unknown error'})`;
  return { code: 'file-not-found', severity: 'error', message, file };
}

/**
 * `kubectl kustomize DIR` (no shell; DIR is absolute, so it cannot be read as
 * an option). kustomize's own load restrictions apply to what it reads.
 */
export function runKustomize(dir: string): KustomizeOutcome {
  try {
    const text = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
    return { kind: 'output', text };
  } catch (err) {
    const e = err as { code?: string; stderr?: string; status?: number | null };
    if (e.code === 'ENOENT') return {
        kind: 'unavailable',
        reason: 'kubectl is not on PATH, and kubescene builds kustomizations with `kubectl kustomize`',
        hint: 'install kubectl, or build the manifests once with `kubectl kustomize DIR > app.yaml` and apply -f app.yaml',
      };
    const first = (e.stderr ?? '').split('\n').map((l) => l.trim()).find((l) => l !== '');
    return { kind: 'failed', message: first ?? `exit code ${e.status ?? 'unknown'}` };
  }
}

/** Files relative to the scenario folder; symbolic links must not lead out of it. */
function diskHost(folder: string): FileHost {
  const root = realpathSync(folder);
  /** The real path of `rel`, or why there is none to use. */
  const inside = (rel: string): string | { kind: 'missing' } | { kind: 'escape' } => {
    let real: string;
    try {
      real = realpathSync(resolve(root, rel));
    } catch {
      return { kind: 'missing' };
    }
    return real === root || real.startsWith(root + sep) ? real : { kind: 'escape' };
  };
  return {
    kustomize(rel): KustomizeOutcome {
      const real = inside(rel);
      return typeof real === 'string' ? runKustomize(real) : real;
    },
    read(rel): ReadOutcome {
      const real = inside(rel);
      if (typeof real !== 'string') return real;
      try {
        const st = statSync(real);
        if (st.isDirectory()) return { kind: 'dir', entries: readdirSync(real).sort() };
        return { kind: 'file', text: readFileSync(real, 'utf8') };
      } catch {
        return { kind: 'missing' };
      }
    },
  };
}

export type { Scenario } from './types.ts';
export { parseCpu, parseMemory, parseQuantity, tryParseQuantity, formatCpu, formatMemory } from './quantity.ts';
export { parseDuration, tryParseDuration, formatDuration } from './duration.ts';
export { parseSelector, matchesSelector, matchLabelSelector, formatSelector, labelSelectorToSelector } from './selector.ts';
export { tokenizeKubectl, splitArgv } from './argv.ts';
export { isKnownKind, lookupKind, resolveResource, qualifiedKindName, RESOURCES, KUBERNETES_PROFILES } from './kinds.ts';
export { lookupFile, normalizeFilePath, fileArgs } from './files.ts';
export { describeExpectation } from './steps.ts';
