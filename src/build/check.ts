/**
 * `runCheck`: is `out/` what `build` would write? Cheap when it is: keys are
 * recomputed from the scenarios and compared with the committed manifests,
 * and the files are verified against the hashes the manifest records. Only
 * scenarios whose key changed are rebuilt, in memory, and compared byte for
 * byte — and then the trace diff says what changed in behaviour.
 */
import { join, resolve } from 'node:path';
import { DiagnosticError, diagnosticLine, type Diagnostic } from '../common/diagnostic.ts';
import { EXIT } from '../common/io.ts';
import type { DetailLevel, Scenario } from '../scenario/types.ts';
import { stepFailureDiagnostic, stepFailureText } from '../cluster/steps/step-failure.ts';
import { diffTraces, summarizeDiff } from '../trace/diff.ts';
import { readTraceFile } from '../trace/io.ts';
import { VERSION } from '../version.ts';
import { loadScenarios, markSkipped, notBuiltSkip, stepFailureSkip, type SourceSkip } from './build.ts';
import { listFiles, readBytes, readManifest, readText, relativeTo, toolHash as computeToolHash, verifyOutputs } from './fsio.ts';
import { galleryMarkdown } from './gallery.ts';
import { MANIFEST_FILE, produceOutputs, type OutputFiles, type ScenarioManifest } from './outputs.ts';
import { cacheKey } from './plan.ts';
import { outScope, type OutScope } from './scope.ts';
import type { Stages } from './stages.ts';

/** `invalid`: the model refused the scenario (e.g. its run budget): located diagnostics, exit 2, as `build` says. */
export type FindingKind = 'stale' | 'missing' | 'modified' | 'extra' | 'expectations' | 'invalid' | 'error' | 'note';

export interface Finding {
  kind: FindingKind;
  /** Scenario name, or null for gallery-level findings. */
  scenario: string | null;
  message: string;
}

export interface CheckOptions {
  paths: string[];
  out: string;
  cwd: string;
  stages: Stages;
  toolHash?: string;
  /**
   * Rebuild every scenario in memory and compare bytes even when its cache
   * key matches: proves on this machine that the committed outputs are what
   * the code produces here (CI uses it to catch non-determinism across machines).
   */
  full?: boolean;
  /** `--detail`: compare against a gallery built with `build --detail` at this level. */
  detail?: DetailLevel;
}

export interface CheckResult {
  exitCode: number;
  diagnostics: Diagnostic[];
  findings: Finding[];
  scenarios: number;
}

export async function runCheck(opts: CheckOptions): Promise<CheckResult> {
  const outDir = resolve(opts.cwd, opts.out);
  const outRel = relativeTo(opts.cwd, outDir);
  const loaded = await loadScenarios(opts.paths, opts.cwd, opts.out, opts.stages, opts.detail);
  const tool = opts.toolHash ?? (await computeToolHash());
  const findings: Finding[] = [];
  const sorted = [...loaded.scenarios].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const stepFailures: Diagnostic[] = [];
  const unbuilt: SourceSkip[] = [];
  const refused: Diagnostic[] = [];
  for (const s of sorted) findings.push(...(await checkScenario(s, outDir, outRel, tool, opts.stages, opts.full ?? false, { stepFailures, unbuilt, refused })));
  const scope = await outScope(outDir, loaded.scenarios, loaded.invalid, opts.paths, opts.cwd);
  findings.push(...(await checkGallery(outDir, outRel, { ...scope, entries: markSkipped(scope.entries, [...stepFailures.map(stepFailureSkip), ...unbuilt]) })));
  let exitCode: number = loaded.diagnostics.some((d) => d.severity === 'error') || findings.some((f) => f.kind === 'invalid') ? EXIT.invalid : EXIT.ok;
  if (findings.some((f) => f.kind === 'error')) exitCode = Math.max(exitCode, EXIT.internal);
  if (findings.some((f) => f.kind !== 'note' && f.kind !== 'error') && exitCode === EXIT.ok) exitCode = EXIT.different;
  return { exitCode, diagnostics: [...loaded.diagnostics, ...refused, ...stepFailures], findings, scenarios: sorted.length };
}

async function checkScenario(s: Scenario, outDir: string, outRel: string, tool: string, stages: Stages, full: boolean, found: { stepFailures: Diagnostic[]; unbuilt: SourceSkip[]; refused: Diagnostic[] }): Promise<Finding[]> {
  const { stepFailures, unbuilt } = found;
  const dir = join(outDir, s.name);
  const where = `${outRel}/${s.name}`;
  const f = (kind: FindingKind, message: string): Finding => ({ kind, scenario: s.name, message });
  const manifest = await readManifest(dir);
  if (!manifest) {
    // Never built, perhaps because a step fails (build writes nothing then): say so.
    let trace: ReturnType<Stages['simulate']>;
    try {
      trace = stages.simulate(s);
    } catch (e) {
      // build writes nothing for it either, and its gallery entry says so.
      unbuilt.push(notBuiltSkip(s.source, e instanceof DiagnosticError ? e.diagnostics.map(diagnosticLine) : [e instanceof Error ? (e.stack ?? e.message) : String(e)]));
      if (e instanceof DiagnosticError) return refusedFindings(e, found.refused, f);
      return [f('error', `internal error while running the scenario: ${e instanceof Error ? e.message : String(e)}`)];
    }
    const failed = stepFailureDiagnostic(trace);
    if (failed) {
      stepFailures.push(failed);
      return [f('expectations', `step failed: ${stepFailureText(trace) ?? failed.message}`)];
    }
    const present = await listFiles(dir);
    return [f('missing', present.length === 0 ? `${where}/ was never built (${s.source})` : `${where}/ has no ${MANIFEST_FILE}: not written by kubescene build`)];
  }
  const key = cacheKey(s.digest, VERSION, tool);
  const keyMatches = manifest.key === key;
  if (keyMatches && !full) {
    const out = (await verifyOutputs(dir, manifest)).map((p) =>
      f(p.kind === 'extra' ? 'extra' : p.kind === 'missing' ? 'missing' : 'modified', p.kind === 'modified' ? `${where}/${p.file} differs from what build wrote (edited by hand?)` : p.kind === 'missing' ? `${where}/${p.file} is missing` : `${where}/${p.file} is not a build output`),
    );
    for (const x of manifest.failures) out.push(f('expectations', `expectation failed: ${x}`));
    return out;
  }
  // The scenario or kubescene changed: rebuild in memory and compare bytes.
  let fresh: Awaited<ReturnType<typeof produceOutputs>>;
  try {
    fresh = await produceOutputs(s, stages);
  } catch (e) {
    if (e instanceof DiagnosticError) return refusedFindings(e, found.refused, f);
    return [f('error', `internal error while rebuilding: ${e instanceof Error ? e.message : String(e)}`)];
  }
  if (fresh.stepFailure) {
    // The run stopped at a failing step: build writes nothing for it, so there is nothing to compare.
    stepFailures.push(fresh.stepFailure);
    return fresh.failures.map((x, i) => f('expectations', i === 0 ? `step failed: ${x}` : `expectation failed: ${x}`));
  }
  const changed = await compareFiles(dir, fresh.files);
  const out: Finding[] = [];
  if (changed.length > 0) {
    const traceNote = changed.includes('trace.json') ? await traceSummary(dir, fresh.trace, where) : '';
    out.push(f('stale', `${where}/ is stale (${whatChanged(manifest, s, tool)})${traceNote ? `: trace ${traceNote}` : ''}; files: ${changed.join(', ')}`));
  } else if (!keyMatches) {
    out.push(f('note', `${where}/ is current, but its ${MANIFEST_FILE} was written for other inputs or another kubescene; \`kubescene build\` refreshes it`));
  }
  for (const x of fresh.failures) out.push(f('expectations', `expectation failed: ${x}`));
  return out;
}

/** The model refused to run the scenario (its run budget): located, not a bug — exit 2 and "nothing written", as `build` reports it. */
function refusedFindings(e: DiagnosticError, refused: Diagnostic[], f: (kind: FindingKind, message: string) => Finding): Finding[] {
  refused.push(...e.diagnostics);
  return [f('invalid', `nothing written: ${e.diagnostics.map(diagnosticLine).join('; ')}`)];
}

/** Why the key differs, in words. */
function whatChanged(m: ScenarioManifest, s: Scenario, tool: string): string {
  const why: string[] = [];
  if (m.digest !== s.digest) why.push(`${s.source} or a file it reads changed`);
  if (m.kubescene !== VERSION) why.push(`kubescene ${m.kubescene || '?'} → ${VERSION}`);
  else if (m.toolHash !== tool) why.push("kubescene's sources changed");
  return why.join('; ') || 'cache key changed';
}

/** Names of files that differ, are missing, or are extra. */
async function compareFiles(dir: string, files: OutputFiles): Promise<string[]> {
  const changed: string[] = [];
  for (const [name, data] of files) {
    const disk = await readBytes(join(dir, name));
    if (!disk || !sameBytes(disk, data)) changed.push(name);
  }
  for (const name of await listFiles(dir)) if (name !== MANIFEST_FILE && !files.has(name)) changed.push(name);
  return changed.sort();
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

async function traceSummary(dir: string, fresh: Parameters<typeof diffTraces>[1], where: string): Promise<string> {
  let old: Awaited<ReturnType<typeof readTraceFile>>;
  try {
    old = await readTraceFile(join(dir, 'trace.json'), `${where}/trace.json`);
  } catch {
    return 'missing';
  }
  if (!old.ok) return 'unreadable';
  return summarizeDiff(diffTraces(old.value, fresh));
}

async function checkGallery(outDir: string, outRel: string, scope: OutScope): Promise<Finding[]> {
  const out: Finding[] = [];
  const actual = await readText(join(outDir, 'README.md'));
  if (actual === undefined) out.push({ kind: 'missing', scenario: null, message: `${outRel}/README.md (the gallery) is missing` });
  else if (actual !== galleryMarkdown(scope.entries)) out.push({ kind: 'stale', scenario: null, message: `${outRel}/README.md (the gallery) is stale` });
  for (const d of scope.orphans) out.push({ kind: 'extra', scenario: null, message: `${outRel}/${d}/ belongs to no scenario (deleted or renamed?)` });
  for (const d of scope.foreign) out.push({ kind: 'extra', scenario: null, message: `${outRel}/${d}/ was not written by kubescene build` });
  for (const file of await listFiles(outDir)) {
    if (file !== 'README.md' && !file.startsWith('.')) out.push({ kind: 'extra', scenario: null, message: `${outRel}/${file} is not a build output` });
  }
  return out;
}

const LABEL: Record<FindingKind, string> = {
  stale: 'stale',
  missing: 'missing',
  modified: 'modified',
  extra: 'extra',
  expectations: 'FAILED',
  invalid: 'invalid',
  error: 'ERROR',
  note: 'note',
};

/** The report `kubescene check` prints. */
export function formatCheck(r: CheckResult): string {
  const lines = r.findings.map((f) => `${LABEL[f.kind].padEnd(8)} ${f.scenario ? `${f.scenario}: ` : ''}${f.message}`);
  const problems = r.findings.filter((f) => f.kind !== 'note');
  if (problems.length === 0 && r.exitCode === EXIT.ok) lines.push(`check: up to date (${r.scenarios} scenario${r.scenarios === 1 ? '' : 's'})`);
  else if (problems.length > 0) {
    const affected = new Set(problems.map((f) => f.scenario ?? '(gallery)')).size;
    lines.push(`check: ${problems.length} problem${problems.length === 1 ? '' : 's'} (${affected} affected, ${r.scenarios} scenario${r.scenarios === 1 ? '' : 's'} checked); run \`kubescene build\` to refresh`);
  }
  return lines.join('\n') + '\n';
}
