/**
 * `runBuild`: every scenario into `out/<name>/` plus the `out/README.md`
 * gallery, incrementally. Scenarios are loaded (cheap: that gives their
 * digest), planned against the manifests in `out/` (pure), and only jobs
 * whose key changed or whose outputs were tampered with are rebuilt. Each
 * scenario's outputs are produced in memory and written atomically.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DiagnosticError, diagnosticLine, type Diagnostic } from '../common/diagnostic.ts';
import { EXIT } from '../common/io.ts';
import type { DetailLevel, Scenario } from '../scenario/types.ts';
import { sha256 } from '../common/hash.ts';
import { VERSION } from '../version.ts';
import { findScenarios, readManifest, readText, relativeTo, toolHash as computeToolHash, verifyOutputs, writeAtomic, writeScenarioDir } from './fsio.ts';
import { galleryMarkdown, type GalleryEntry, type Skip } from './gallery.ts';
import { outScope } from './scope.ts';
import { manifestFor, produceOutputs } from './outputs.ts';
import { cacheKey, planJobs, shardSelect, type Job, type PlanItem, type Shard } from './plan.ts';
import { silentReporter, summaryLine, type Reporter, type ScenarioState } from './progress.ts';
import type { Stages } from './stages.ts';
import { defaultWorkers, recordingReporter, replay, runOnWorkers, type ReporterCall, type WorkerTask } from './workers.ts';

export interface BuildOptions {
  /** Scenario files or folders (default `scenarios`). */
  paths: string[];
  /** Output folder (default `out`). */
  out: string;
  cwd: string;
  stages: Stages;
  shard?: Shard;
  /** Rebuild even what is up to date. */
  force?: boolean;
  /** Overrides the hash of kubescene's sources (tests pin it). */
  toolHash?: string;
  reporter?: Reporter;
  /** `--detail`: draw every scenario at this detail level instead of its `diagrams.detail`. */
  detail?: DetailLevel;
  /**
   * Build on this many worker threads (build/workers.ts; each with the real
   * stages, not `stages`); `'auto'`: one per core for two or more scenarios
   * to rebuild (defaultWorkers). Default: none, everything in this thread.
   */
  workers?: number | 'auto';
}

export interface ScenarioStatus {
  name: string;
  source: string;
  state: ScenarioState;
  reason?: Job['reason'];
  /** Failed expectations, or the internal error message. */
  notes: string[];
  /** A step exited non-zero unexpectedly: nothing was written for the scenario. */
  stepFailure?: Diagnostic;
}

export interface BuildResult {
  exitCode: number;
  diagnostics: Diagnostic[];
  statuses: ScenarioStatus[];
  built: number;
  upToDate: number;
}

export interface LoadedSet {
  scenarios: Scenario[];
  diagnostics: Diagnostic[];
  /** Scenario files that did not load (by path). */
  invalid: string[];
}

/** Finds and loads every scenario; all problems of all files are collected. */
/**
 * The scenario drawn at `detail` (`--detail`): its `diagrams.detail` replaced
 * and its digest, and so its cache key, changed with it, so a gallery built at
 * another detail level is rebuilt and `check --detail X` compares like with like.
 */
export function withDetail(s: Scenario, detail: DetailLevel | undefined): Scenario {
  if (detail === undefined || s.diagrams.detail === detail) return s;
  return { ...s, diagrams: { ...s.diagrams, detail }, digest: sha256(`${s.digest}\0detail=${detail}`) };
}

export async function loadScenarios(paths: readonly string[], cwd: string, out: string, stages: Stages, detail?: DetailLevel): Promise<LoadedSet> {
  const outRel = relativeTo(cwd, resolve(cwd, out));
  const files = (await findScenarios(paths.length > 0 ? paths : ['scenarios'], cwd)).filter((f) => f !== outRel && !f.startsWith(`${outRel}/`));
  const scenarios: Scenario[] = [];
  const diagnostics: Diagnostic[] = [];
  const invalid: string[] = [];
  for (const file of files) {
    const r = await stages.loadScenario(file, { cwd });
    if (r.ok) {
      scenarios.push(withDetail(r.value, detail));
      diagnostics.push(...r.warnings);
    } else {
      diagnostics.push(...r.diagnostics);
      invalid.push(file);
    }
  }
  const byName = new Map<string, Scenario>();
  for (const s of scenarios) {
    const prev = byName.get(s.name);
    if (prev) {
      diagnostics.push({ code: 'duplicate-name', severity: 'error', message: `two scenarios are named "${s.name}" (also ${prev.source}): their outputs would share out/${s.name}/`, file: s.source, hint: 'give one of them a different `name:`' });
      invalid.push(s.source);
    } else byName.set(s.name, s);
  }
  if (files.length === 0) {
    diagnostics.push({ code: 'no-scenarios', severity: 'error', message: `no scenario files found in ${paths.join(', ') || 'scenarios'}`, file: paths[0] ?? 'scenarios', hint: 'a scenario is a .yaml file with a top-level `kubescene: v1` key' });
  }
  return { scenarios: [...byName.values()], diagnostics, invalid };
}

export async function planFor(scenarios: readonly Scenario[], outDir: string, tool: string, force = false): Promise<Job[]> {
  const items: PlanItem[] = [];
  for (const s of scenarios) {
    const dir = join(outDir, s.name);
    const manifest = await readManifest(dir);
    const key = cacheKey(s.digest, VERSION, tool);
    const intact = manifest && manifest.key === key && !force ? (await verifyOutputs(dir, manifest)).length === 0 : false;
    items.push({ name: s.name, key, manifest: force ? undefined : manifest, outputsIntact: intact });
  }
  return planJobs(items);
}

export async function runBuild(opts: BuildOptions): Promise<BuildResult> {
  const reporter = opts.reporter ?? silentReporter();
  const started = performance.now();
  const outDir = resolve(opts.cwd, opts.out);
  const loaded = await loadScenarios(opts.paths, opts.cwd, opts.out, opts.stages, opts.detail);
  const tool = opts.toolHash ?? (await computeToolHash());
  const mine = shardSelect(loaded.scenarios, opts.shard);
  const jobs = await planFor(mine, outDir, tool, opts.force);
  const statuses: ScenarioStatus[] = loaded.invalid.map((f) => ({ name: f, source: f, state: 'invalid', notes: [] }));
  let exitCode: number = loaded.diagnostics.some((d) => d.severity === 'error') ? EXIT.invalid : EXIT.ok;
  const fail = (code: number) => {
    if (code > exitCode) exitCode = code;
  };
  if (loaded.scenarios.length === 0 && exitCode !== EXIT.ok) {
    // Every scenario is invalid (or there is none): nothing to build, so nothing is written, not even an empty gallery.
    reporter.finish(`nothing written: ${loaded.invalid.length === 0 ? 'no scenario found' : `${loaded.invalid.length} invalid scenario${loaded.invalid.length === 1 ? '' : 's'}, none valid`}`);
    return { exitCode, diagnostics: loaded.diagnostics, statuses, built: 0, upToDate: 0 };
  }
  let built = 0;
  const stepFailures: Diagnostic[] = [];
  const unbuilt: ScenarioStatus[] = [];
  const record = (job: Job, status: ScenarioStatus) => {
    if (status.stepFailure) stepFailures.push(status.stepFailure);
    if (job.build && (status.state === 'invalid' || status.state === 'error')) unbuilt.push(status);
    statuses.push(status);
    if (job.build && (status.state === 'built' || (status.state === 'failed' && !status.stepFailure))) built++;
    if (status.state === 'failed') fail(EXIT.different);
    if (status.state === 'error') fail(EXIT.internal);
    if (status.state === 'invalid') fail(EXIT.invalid);
  };
  const toBuild = jobs.filter((j) => j.build).length;
  const workers = opts.workers === 'auto' ? defaultWorkers(toBuild) : (opts.workers ?? 0);
  if (workers >= 2 && toBuild >= 2) await buildOnWorkers(jobs, mine, outDir, opts.stages, tool, reporter, workers, record);
  else {
    for (const [i, job] of jobs.entries()) record(job, await buildOne(mine[i]!, job, outDir, opts.stages, tool, reporter, i + 1, jobs.length));
  }
  const scope = await outScope(outDir, loaded.scenarios, loaded.invalid, opts.paths, opts.cwd);
  for (const dir of scope.orphans) await rm(join(outDir, dir), { recursive: true, force: true });
  const skips = stepFailures.map(stepFailureSkip);
  for (const s of unbuilt) if (!(await readManifest(join(outDir, s.name)))) skips.push(notBuiltSkip(s.source, s.notes));
  await writeGallery(outDir, markSkipped(scope.entries, skips));
  const upToDate = jobs.filter((j) => !j.build).length;
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  const bad = statuses.filter((s) => s.state !== 'built' && s.state !== 'up-to-date').length;
  // Relative when the gallery is under the working directory (`out/README.md`), else absolute.
  const rel = relativeTo(opts.cwd, join(outDir, 'README.md'));
  const gallery = rel.startsWith('../') ? join(outDir, 'README.md') : rel;
  reporter.finish(summaryLine({ built, upToDate, problems: bad, scenarios: jobs.length, ...(opts.shard ? { shard: opts.shard } : {}), seconds: secs, gallery }));
  return { exitCode, diagnostics: [...loaded.diagnostics, ...stepFailures], statuses, built, upToDate };
}

/**
 * The jobs to rebuild on `count` worker threads (build/workers.ts), the rest
 * here; reported and recorded in job order, as a serial build does.
 */
async function buildOnWorkers(jobs: readonly Job[], scenarios: readonly Scenario[], outDir: string, stages: Stages, tool: string, reporter: Reporter, count: number, record: (job: Job, status: ScenarioStatus) => void): Promise<void> {
  const ready = new Map<number, { status: ScenarioStatus; calls: ReporterCall[] }>();
  let next = 0;
  const flush = () => {
    for (let r = ready.get(next); r !== undefined; r = ready.get(next)) {
      ready.delete(next);
      replay(r.calls, reporter);
      record(jobs[next]!, r.status);
      next++;
    }
  };
  const tasks: WorkerTask[] = [];
  for (const [i, job] of jobs.entries()) {
    const scenario = scenarios[i]!;
    if (job.build) tasks.push({ id: i, scenario, job, outDir, tool, index: i + 1, total: jobs.length });
    else {
      // Up to date: only its manifest is read, here.
      const calls: ReporterCall[] = [];
      ready.set(i, { status: await buildOne(scenario, job, outDir, stages, tool, recordingReporter(calls), i + 1, jobs.length), calls });
    }
  }
  flush();
  await runOnWorkers<ScenarioStatus>(tasks, count, (reply) => {
    const scenario = scenarios[reply.id]!;
    const status: ScenarioStatus = reply.status ?? { name: scenario.name, source: scenario.source, reason: jobs[reply.id]!.reason, state: 'error', notes: [reply.crash ?? 'the build worker gave no answer'] };
    const calls = reply.status ? reply.calls : [...reply.calls, { kind: 'done' as const, index: reply.id + 1, total: jobs.length, name: scenario.name, state: 'error' as const, note: `internal error, nothing written: ${reply.crash ?? ''}` }];
    ready.set(reply.id, { status, calls });
    flush();
  });
}

export async function buildOne(scenario: Scenario, job: Job, outDir: string, stages: Stages, tool: string, reporter: Reporter, i: number, total: number): Promise<ScenarioStatus> {
  const base = { name: scenario.name, source: scenario.source, reason: job.reason };
  if (!job.build) {
    // Up to date; a failing expectation recorded in the manifest still fails the build.
    const manifest = await readManifest(join(outDir, scenario.name));
    const failures = manifest?.failures ?? [];
    const state: ScenarioState = failures.length > 0 ? 'failed' : 'up-to-date';
    reporter.done(i, total, scenario.name, state, failures.length ? failures.join('; ') : undefined);
    return { ...base, state, notes: failures };
  }
  reporter.start(i, total, scenario.name);
  try {
    const outputs = await produceOutputs(scenario, stages);
    if (outputs.stepFailure) {
      // The run stopped at a failing step: no trace, no pictures of a flow that never happened.
      reporter.done(i, total, scenario.name, 'failed', `step failed, nothing written: ${outputs.failures.join('; ')}`);
      return { ...base, state: 'failed', notes: outputs.failures, stepFailure: outputs.stepFailure };
    }
    await writeScenarioDir(join(outDir, scenario.name), outputs.files, manifestFor(scenario, job.key, VERSION, tool, outputs));
    const state: ScenarioState = outputs.failures.length > 0 ? 'failed' : 'built';
    reporter.done(i, total, scenario.name, state, outputs.failures.length ? `expectation failed: ${outputs.failures.join('; ')}` : undefined);
    return { ...base, state, notes: outputs.failures };
  } catch (e) {
    if (e instanceof DiagnosticError) {
      // The model refused to run the scenario (e.g. its run budget): located, not a bug.
      const notes = e.diagnostics.map(diagnosticLine);
      reporter.done(i, total, scenario.name, 'invalid', `nothing written: ${notes.join('; ')}`);
      return { ...base, state: 'invalid', notes };
    }
    const err = e instanceof Error ? e : new Error(String(e));
    reporter.done(i, total, scenario.name, 'error', `internal error, nothing written: ${err.message}`);
    return { ...base, state: 'error', notes: [err.stack ?? err.message] };
  }
}

/** A gallery skip for the scenario read from `source`. */
export type SourceSkip = Skip & { source: string };

/** A scenario whose run stopped at a failing step: nothing of it is built (an earlier folder is left as it was). */
export function stepFailureSkip(d: Diagnostic): SourceSkip {
  return { source: d.file ?? '', why: 'a step fails', detail: diagnosticLine(d) };
}

/**
 * A scenario this run tried to build and wrote nothing for (the model refused
 * it, or an internal error), with no earlier folder: the gallery must not link
 * a page that is not there.
 */
export function notBuiltSkip(source: string, notes: readonly string[]): SourceSkip {
  const first = (notes[0] ?? '').split('\n')[0]!;
  return { source, why: 'its run stopped with an error', detail: first || 'nothing written' };
}

/** Gallery entries of scenarios of which this run built nothing say so (and link no page). */
export function markSkipped(entries: readonly GalleryEntry[], skips: readonly (SourceSkip)[]): GalleryEntry[] {
  const why = new Map(skips.map((k) => [k.source, { why: k.why, detail: k.detail }] as const));
  return entries.map((e) => (why.has(e.source) ? { ...e, skipped: why.get(e.source)! } : e));
}

async function writeGallery(outDir: string, entries: readonly GalleryEntry[]): Promise<void> {
  const text = galleryMarkdown(entries);
  const path = join(outDir, 'README.md');
  if ((await readText(path)) !== text) {
    await mkdir(outDir, { recursive: true });
    await writeAtomic(path, text);
  }
}
