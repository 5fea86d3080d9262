import { mkdtemp, rm, writeFile, mkdir, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWatch } from '../../src/build/watch.ts';
import { fakeStages, scenarioYaml } from './helpers/fake-stages.ts';

let dir: string;
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function waitFor(lines: string[], re: RegExp, ms = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      const hit = lines.find((l) => re.test(l));
      if (hit) return resolve(hit);
      if (Date.now() - started > ms) return reject(new Error(`no line matching ${re} in:\n${lines.join('\n')}`));
      setTimeout(tick, 25);
    };
    tick();
  });
}

describe('watch', () => {
  it('builds, then rebuilds only the scenario that changed', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ks-watch-'));
    await mkdir(join(dir, 'scenarios', 'more'), { recursive: true });
    await writeFile(join(dir, 'scenarios', 'a.yaml'), scenarioYaml('a', ['create configmap a']));
    await writeFile(join(dir, 'scenarios', 'more', 'b.yaml'), scenarioYaml('b', ['create configmap b']));
    const stages = fakeStages();
    const lines: string[] = [];
    const w = startWatch({ paths: ['scenarios'], out: 'out', cwd: dir, stages, toolHash: 't', debounceMs: 50, onLine: (l) => lines.push(l) });
    try {
      await w.ready;
      // The first build reports progress as it goes, and only then says it is watching.
      expect(lines.slice(0, 4)).toEqual(['building 1/2 a …', 'built a', 'building 2/2 b …', 'built b']);
      expect(lines[4]).toMatch(/^2 built, 0 up to date \(2 scenarios\)/);
      expect(lines[5]).toMatch(/^watching scenarios for changes/);
      lines.length = 0;
      stages.simulated.length = 0;
      await writeFile(join(dir, 'scenarios', 'more', 'b.yaml'), scenarioYaml('b', ['create configmap b2']));
      await waitFor(lines, /^rebuilt b$/);
      expect(stages.simulated).toEqual(['b']);
    } finally {
      await w.stop();
    }
  });

  it('prints the located diagnostics of a file saved broken, and rebuilds when an editor saves by rename', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ks-watch-'));
    await mkdir(join(dir, 'scenarios'), { recursive: true });
    const file = join(dir, 'scenarios', 'a.yaml');
    await writeFile(file, scenarioYaml('a', ['create configmap a']));
    const stages = fakeStages();
    const lines: string[] = [];
    const w = startWatch({ paths: ['scenarios'], out: 'out', cwd: dir, stages, toolHash: 't', debounceMs: 50, onLine: (l) => lines.push(l) });
    try {
      await w.ready;
      lines.length = 0;
      await writeFile(file, 'kubescene: v2\n');
      const diag = await waitFor(lines, /not-a-scenario/);
      expect(diag).toMatch(/^scenarios\/a\.yaml:1:1: error\[not-a-scenario\]/);
      lines.length = 0;
      // Save by rename, as vim and many IDEs do: write a temporary file, then move it over.
      await writeFile(join(dir, 'scenarios', '.a.yaml.swp-new'), scenarioYaml('a', ['create configmap a2']));
      await rename(join(dir, 'scenarios', '.a.yaml.swp-new'), file);
      await waitFor(lines, /^rebuilt a$/);
    } finally {
      await w.stop();
    }
  });
  it('watches a folder created after the start, and files saved by rename more than once', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ks-watch-'));
    await mkdir(join(dir, 'scenarios'), { recursive: true });
    await writeFile(join(dir, 'scenarios', 'a.yaml'), scenarioYaml('a', ['create configmap a']));
    const stages = fakeStages();
    const lines: string[] = [];
    const w = startWatch({ paths: ['scenarios'], out: 'out', cwd: dir, stages, toolHash: 't', debounceMs: 50, onLine: (l) => lines.push(l) });
    try {
      await w.ready;
      lines.length = 0;
      await mkdir(join(dir, 'scenarios', 'new'));
      await writeFile(join(dir, 'scenarios', 'new', 'b.yaml'), scenarioYaml('b', ['create configmap b']));
      await waitFor(lines, /^rebuilt b$/);
      lines.length = 0;
      await writeFile(join(dir, 'scenarios', 'new', 'b.yaml'), scenarioYaml('b', ['create configmap b2']));
      await waitFor(lines, /^rebuilt b$/);
      for (const cm of ['a2', 'a3']) {
        lines.length = 0;
        await writeFile(join(dir, 'scenarios', '.a.yaml.new'), scenarioYaml('a', [`create configmap ${cm}`]));
        await rename(join(dir, 'scenarios', '.a.yaml.new'), join(dir, 'scenarios', 'a.yaml'));
        await waitFor(lines, /^rebuilt a$/);
      }
      lines.length = 0;
      await writeFile(join(dir, 'scenarios', 'a.yaml'), scenarioYaml('a', ['create configmap a4']));
      await waitFor(lines, /^rebuilt a$/);
    } finally {
      await w.stop();
    }
  });
});
