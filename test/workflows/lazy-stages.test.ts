/**
 * Commands that only load and simulate do not load the renderer: `explain`
 * and `trace` draw nothing, so elkjs and resvg (and their start-up cost) stay
 * out of the process (src/build/stages.ts loads the renderer on the first
 * drawing stage). Each command runs through the real binary with a preload
 * (test/fixtures/lazy/report-modules.mjs) that lists the CommonJS modules
 * loaded when the process exits; a control run that imports the renderer
 * shows the preload does see elkjs and resvg when they load.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/bin.ts';

const PRELOAD = join(ROOT, 'test/fixtures/lazy/report-modules.mjs');
const RENDERER = /node_modules\/(elkjs|@resvg)\//;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ks-lazy-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `node --import PRELOAD <args>`; the CommonJS modules it loaded, with its exit code. */
function loadedModules(name: string, args: string[]): Promise<{ code: number; stderr: string; modules: string[] }> {
  const report = join(dir, `${name}.modules`);
  return new Promise((done, fail) => {
    execFile(process.execPath, ['--import', pathToFileURL(PRELOAD).href, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', CI: '1', KUBESCENE_MODULE_REPORT: report } }, (err, _stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 70) : 0;
      readFile(report, 'utf8').then((text) => done({ code, stderr, modules: text.split('\n').filter(Boolean) }), fail);
    });
  });
}

describe('commands that draw nothing do not load the renderer', () => {
  it('control: importing the renderer loads elkjs and resvg', async () => {
    const r = await loadedModules('control', ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/render/index.js')).href)})`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.modules.filter((m) => RENDERER.test(m)).map((m) => m.replace(/.*node_modules\/((?:@[^/]+\/)?[^/]+)\/.*/, '$1'))).toEqual(expect.arrayContaining(['elkjs', '@resvg/resvg-js']));
  });

  it.each([
    ['explain', ['explain', 'scenarios/apply-deployment.yaml', '-o', 'EXPLAIN']],
    ['trace', ['trace', 'scenarios/apply-deployment.yaml', '-o', 'TRACE']],
  ])('%s', async (name, args) => {
    const r = await loadedModules(name, [BIN, ...args.map((a) => (a === 'EXPLAIN' ? join(dir, 'explain.md') : a === 'TRACE' ? join(dir, 'trace.json') : a))]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.modules.length).toBeGreaterThan(0);
    expect(r.modules.filter((m) => RENDERER.test(m))).toEqual([]);
  });
});
