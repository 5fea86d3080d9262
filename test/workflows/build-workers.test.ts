/**
 * `build` on worker threads (src/build/workers.ts): the scenarios are shared
 * among workers, and what is written is byte for byte what a serial build
 * writes, reported and counted in scenario order.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild, type BuildResult } from '../../src/build/build.ts';
import type { Reporter } from '../../src/build/progress.ts';
import { realStages } from '../../src/build/stages.ts';
import { defaultWorkers, MAX_DEFAULT_WORKERS } from '../../src/build/workers.ts';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '../..');
const TOOL = 'test-tool-hash';
// The gallery's two smallest scenarios, given out of name order (the build sorts them).
const PATHS = ['scenarios/invalid-manifest.yaml', 'scenarios/get-pods.yaml'];

function recording(): { lines: string[]; reporter: Reporter } {
  const lines: string[] = [];
  return {
    lines,
    reporter: {
      start: (i, total, name) => lines.push(`start ${i}/${total} ${name}`),
      done: (i, total, name, state) => lines.push(`done ${i}/${total} ${name} ${state}`),
      finish: () => undefined,
    },
  };
}

/** Every file under `dir` (relative path → bytes). */
async function files(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    out.set(path.slice(dir.length + 1), await readFile(path));
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

describe('build on worker threads', () => {
  let tmp: string;
  let serial: { result: BuildResult; lines: string[] };
  let parallel: { result: BuildResult; lines: string[] };

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'ks-build-workers-'));
    const stages = await realStages();
    const run = async (out: string, workers: number) => {
      const r = recording();
      const result = await runBuild({ paths: PATHS, out: join(tmp, out), cwd: ROOT, stages, toolHash: TOOL, reporter: r.reporter, workers });
      return { result, lines: r.lines };
    };
    serial = await run('serial', 0);
    parallel = await run('parallel', 2);
  }, 1_200_000);
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('writes the bytes a serial build writes', async () => {
    const a = await files(join(tmp, 'serial'));
    const b = await files(join(tmp, 'parallel'));
    expect([...b.keys()]).toEqual([...a.keys()]);
    expect([...a.keys()].filter((f) => f.endsWith('.png')).length).toBeGreaterThan(4);
    for (const [name, data] of a) expect(b.get(name)!.equals(data), name).toBe(true);
  });

  it('reports, counts and fails as a serial build does, in scenario order', () => {
    expect(parallel.lines).toEqual(serial.lines);
    expect(parallel.lines.filter((l) => l.startsWith('done'))).toEqual(['done 1/2 get-pods built', 'done 2/2 invalid-manifest built']);
    expect(parallel.result.exitCode).toBe(serial.result.exitCode);
    expect(parallel.result.built).toBe(2);
    expect(parallel.result.statuses.map((s) => [s.name, s.state])).toEqual(serial.result.statuses.map((s) => [s.name, s.state]));
    expect(parallel.result.diagnostics).toEqual(serial.result.diagnostics);
  });

  it('a rebuild with nothing changed is up to date (the workers wrote the manifests a serial build reads)', async () => {
    const r = recording();
    const again = await runBuild({ paths: PATHS, out: join(tmp, 'parallel'), cwd: ROOT, stages: await realStages(), toolHash: TOOL, reporter: r.reporter, workers: 2 });
    expect(again.built).toBe(0);
    expect(again.upToDate).toBe(2);
    expect(r.lines).toEqual(['done 1/2 get-pods up-to-date', 'done 2/2 invalid-manifest up-to-date']);
  });
});

describe('a worker thread from source', () => {
  // `node bench/tsx-entry.mjs build a.yaml b.yaml` started outside the repository failed: the worker's boot code
  // imported 'tsx/esm/api' by its bare name, which resolves from the working directory (ERR_MODULE_NOT_FOUND).
  it('starts when the process runs outside the repository', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'ks-worker-cwd-'));
    try {
      const url = (p: string) => JSON.stringify(pathToFileURL(join(ROOT, p)).href);
      const code = [
        `const { register } = await import(${url('node_modules/tsx/dist/esm/api/index.mjs')}); register();`,
        `const { sourceWorker } = await import(${url('src/build/workers.ts')});`,
        `const w = sourceWorker(new URL(${url('test/fixtures/workers/hello-worker.ts')}));`,
        `w.once('message', (m) => { console.log(m); w.terminate(); }); w.once('error', (e) => { console.log('error: ' + e.code); process.exitCode = 1; });`,
      ].join('\n');
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd, encoding: 'utf8' });
      expect(out.trim()).toBe('hello from a TypeScript worker');
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});

describe('defaultWorkers', () => {
  it('one per core, at most MAX_DEFAULT_WORKERS, none for one scenario or one core', () => {
    expect(defaultWorkers(30, 2)).toBe(2);
    expect(defaultWorkers(30, 64)).toBe(MAX_DEFAULT_WORKERS);
    expect(defaultWorkers(3, 8)).toBe(3);
    expect(defaultWorkers(1, 8)).toBe(0);
    expect(defaultWorkers(30, 1)).toBe(0);
  });
});
