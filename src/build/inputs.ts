/**
 * What `diff`, `explain` and `export-otlp` accept as input: a trace file, a
 * scenario (run through the model), or `git:REV:path` (either of those, as
 * committed at REV; a scenario's `-f` files come from the same revision).
 */
import { execFileSync } from 'node:child_process';
import { posix, resolve } from 'node:path';
import { DiagnosticError, type Diagnostic } from '../common/diagnostic.ts';
import type { Result } from '../common/result.ts';
import type { Scenario } from '../scenario/types.ts';
import { looksLikeTrace, readHead, readTrace, readTraceFile } from '../trace/io.ts';
import type { Trace } from '../trace/types.ts';
import type { Stages } from './stages.ts';

export interface LoadedInput {
  trace: Trace;
  /** The scenario, when the input was one (not a trace). */
  scenario?: Scenario;
  /** How to name the input in messages: the argument as given. */
  label: string;
}

export interface InputOptions {
  cwd: string;
  /** Kubernetes behaviour profile to simulate a scenario with. */
  kubernetes?: string;
  stages: () => Promise<Stages>;
}

const GIT_SPEC = /^git:([^:]+):(.+)$/;

function problem(file: string, message: string, code = 'input', hint?: string): DiagnosticError {
  const d: Diagnostic = { code, severity: 'error', message, file, ...(hint ? { hint } : {}) };
  return new DiagnosticError([d]);
}

function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw new DiagnosticError(r.diagnostics);
  return r.value;
}

/** Loads a trace from a trace file, a scenario or `git:REV:path`; invalid input throws a DiagnosticError. */
export async function loadInput(spec: string, opts: InputOptions): Promise<LoadedInput> {
  const git = GIT_SPEC.exec(spec);
  if (git) return loadFromGit(spec, git[1]!, git[2]!, opts);
  const path = resolve(opts.cwd, spec);
  let head: string;
  try {
    head = await readHead(path);
  } catch {
    throw problem(spec, 'cannot read this file', 'file-not-found');
  }
  if (looksLikeTrace(head)) {
    if (opts.kubernetes) throw problem(spec, '--kubernetes needs a scenario, not a trace', 'usage');
    // Streamed: a trace file can be larger than V8's longest string (trace/read.ts).
    return { trace: unwrap(await readTraceFile(path, spec)), label: spec };
  }
  const stages = await opts.stages();
  const scenario = unwrap(await stages.loadScenario(spec, { cwd: opts.cwd }));
  const trace = stages.simulate(scenario, opts.kubernetes ? { kubernetes: opts.kubernetes } : {});
  return { trace, scenario, label: spec };
}

/**
 * Every git call goes through here: no shell, and `--end-of-options` before
 * the first value that came from the user, so no value can be read as an
 * option (`--output=…`, `--exec=…`).
 */
function git(cwd: string, args: readonly string[], userValues: readonly string[]): string | undefined {
  try {
    return execFileSync('git', [...args, '--end-of-options', ...userValues], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}

/** What a revision may look like before git sees it: not an option, no path separator `:`, no control characters. */
const REVISION = /^[^-:\s\x00-\x1f\x7f][^:\x00-\x1f\x7f]*$/;

/**
 * The commit a user-given revision names, as a full object id:
 * `git rev-parse --verify --end-of-options REV^{commit}`. Anything that is not
 * a commit (an option, a range, a blob, garbage) is undefined.
 */
export function resolveRevision(cwd: string, rev: string): string | undefined {
  if (!REVISION.test(rev)) return undefined;
  const out = git(cwd, ['rev-parse', '--verify', '--quiet'], [`${rev}^{commit}`])?.trim();
  return out !== undefined && /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(out) ? out : undefined;
}

/** `git show COMMIT:path` (COMMIT from `resolveRevision`), run without a shell. */
export function gitShow(cwd: string, commit: string, path: string): string | undefined {
  return git(cwd, ['show'], [`${commit}:${path}`]);
}

/** Repository-relative path of `path` as git sees it from `cwd` (git show needs `./` for cwd-relative). */
function gitPath(path: string): string {
  return path.startsWith('/') || path.startsWith('./') ? path : `./${path}`;
}

async function loadFromGit(spec: string, rev: string, path: string, opts: InputOptions): Promise<LoadedInput> {
  const commit = resolveRevision(opts.cwd, rev);
  if (commit === undefined) {
    throw problem(spec, `"${rev}" is not a commit in this repository`, 'git', 'name a commit: a branch, a tag, HEAD~1 or a commit id (git:REV:path)');
  }
  const text = gitShow(opts.cwd, commit, gitPath(path));
  if (text === undefined) throw problem(spec, `git show ${rev}:${path} failed (no such file at that revision)`, 'git');
  if (looksLikeTrace(text)) return { trace: unwrap(readTrace(text, spec)), label: spec };
  const stages = await opts.stages();
  const scenario = unwrap(await parseScenarioFromGit(text, spec, commit, path, opts.cwd));
  const trace = stages.simulate(scenario, opts.kubernetes ? { kubernetes: opts.kubernetes } : {});
  return { trace, scenario, label: spec };
}

/** Parses a scenario whose `-f` files are read from the same revision (never from the working tree). */
async function parseScenarioFromGit(text: string, spec: string, rev: string, path: string, cwd: string): Promise<Result<Scenario>> {
  const mod = await import('../scenario/index.ts');
  const dir = posix.dirname(path);
  const at = (rel: string) => gitPath(posix.normalize(posix.join(dir, rel)));
  const readFile = (rel: string) => (gitObjectType(cwd, rev, at(rel)) === 'blob' ? gitShow(cwd, rev, at(rel)) : undefined);
  const listDir = (rel: string) => (gitObjectType(cwd, rev, at(rel)) === 'tree' ? gitTreeEntries(cwd, rev, at(rel)) : undefined);
  return mod.parseScenario(text, spec, readFile, { listDir });
}

function gitObjectType(cwd: string, commit: string, path: string): string | undefined {
  return git(cwd, ['cat-file', '-t'], [`${commit}:${path}`])?.trim();
}

function gitTreeEntries(cwd: string, commit: string, path: string): string[] {
  const out = git(cwd, ['ls-tree', '--name-only'], [`${commit}:${path}`]);
  return out === undefined ? [] : out.split('\n').filter(Boolean).sort();
}
