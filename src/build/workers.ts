/**
 * `build` on several cores: the scenarios to rebuild are shared among worker
 * threads (each with its own model, layouts and caches), one scenario at a
 * time, the next to whichever worker is free. A scenario's outputs depend on
 * nothing but the scenario (pure, deterministic stages), so which worker
 * builds it changes no byte; each worker writes its scenario's folder itself
 * (atomically, as a serial build does). The caller (build.ts runBuild)
 * reports and counts the results in scenario order, so the log reads as a
 * serial build's.
 *
 * The worker runs this same file (`isMainThread` false): it builds with the
 * real stages (build/stages.ts realStages). Under tsx (development) the worker
 * inherits the parent's `--import tsx` and loads the `.ts` file; from dist/,
 * the compiled `.js`.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Scenario } from '../scenario/types.ts';
import type { Job } from './plan.ts';
import type { Reporter, ScenarioState } from './progress.ts';

/** One scenario for a worker: what runBuild's buildOne needs. */
export interface WorkerTask {
  id: number;
  scenario: Scenario;
  job: Job;
  outDir: string;
  tool: string;
  index: number;
  total: number;
}

/** A reporter call made in the worker, replayed by the caller in scenario order. */
export type ReporterCall = { kind: 'start'; index: number; total: number; name: string } | { kind: 'done'; index: number; total: number; name: string; state: ScenarioState; note?: string };

export interface WorkerReply<S> {
  id: number;
  status?: S;
  calls: ReporterCall[];
  /** The worker itself failed (not the scenario: buildOne reports those in `status`). */
  crash?: string;
}

/** At most this many workers by default: each holds a model, layouts and a rasteriser (~300–400 MiB at peak for the gallery). */
export const MAX_DEFAULT_WORKERS = 4;

/** The default number of workers for `count` scenarios to rebuild: one per core, at most MAX_DEFAULT_WORKERS, and none (build in this thread) for fewer than two scenarios or one core. */
export function defaultWorkers(count: number, cores = availableParallelism()): number {
  const n = Math.min(cores, count, MAX_DEFAULT_WORKERS);
  return n >= 2 ? n : 0;
}

/** A reporter that records its calls (the worker's side). */
export function recordingReporter(calls: ReporterCall[]): Reporter {
  return {
    start: (index, total, name) => calls.push({ kind: 'start', index, total, name }),
    done: (index, total, name, state, note) => calls.push({ kind: 'done', index, total, name, state, ...(note !== undefined ? { note } : {}) }),
    finish: () => undefined,
  };
}

export function replay(calls: readonly ReporterCall[], reporter: Reporter): void {
  for (const c of calls) {
    if (c.kind === 'start') reporter.start(c.index, c.total, c.name);
    else reporter.done(c.index, c.total, c.name, c.state, c.note);
  }
}

const fromSource = import.meta.url.endsWith('.ts');
const workerFile = new URL(fromSource ? './build-worker.ts' : './build-worker.js', import.meta.url);

/**
 * From src/ (development, tests: tsx or vitest loaded this file) the worker registers tsx first, then loads the `.ts` worker.
 * tsx is resolved here, from this file, not inside the evaluated boot code: a bare specifier there resolves from the
 * process's working directory, so a build started outside the repository failed with ERR_MODULE_NOT_FOUND.
 */
function newWorker(): Worker {
  return fromSource ? sourceWorker(workerFile) : new Worker(workerFile);
}

/** A worker thread running the TypeScript module `file` through tsx (exported for the test that starts one outside the repository). */
export function sourceWorker(file: URL): Worker {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); })`;
  return new Worker(boot, { eval: true });
}

/**
 * Runs every task on `count` worker threads, at most one task per worker at a
 * time, the next task to whichever is free, and hands each reply to
 * `onReply` as it comes. Resolves when all are done.
 */
export async function runOnWorkers<S>(tasks: readonly WorkerTask[], count: number, onReply: (reply: WorkerReply<S>) => void): Promise<void> {
  let nextTask = 0;
  const one = async (): Promise<void> => {
    let worker: Worker | undefined;
    try {
      while (nextTask < tasks.length) {
        const task = tasks[nextTask++]!;
        worker ??= newWorker();
        const reply = await ask<S>(worker, task);
        // A worker that failed is not asked again: the next task gets a fresh one.
        if (reply.crash !== undefined) {
          await worker.terminate();
          worker = undefined;
        }
        onReply(reply);
      }
    } finally {
      await worker?.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.min(count, tasks.length) }, one));
}

function ask<S>(worker: Worker, task: WorkerTask): Promise<WorkerReply<S>> {
  return new Promise((resolve) => {
    const done = (reply: WorkerReply<S>) => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      resolve(reply);
    };
    const onMessage = (reply: WorkerReply<S>) => done(reply);
    const onError = (e: unknown) => done({ id: task.id, calls: [], crash: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    const onExit = (code: number) => done({ id: task.id, calls: [], crash: `the build worker exited (code ${code})` });
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(task);
  });
}
