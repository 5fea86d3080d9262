import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
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
      expect(lines.filter((l) => l.startsWith('rebuilt'))).toEqual(['rebuilt a', 'rebuilt b']);
      lines.length = 0;
      stages.simulated.length = 0;
      await writeFile(join(dir, 'scenarios', 'more', 'b.yaml'), scenarioYaml('b', ['create configmap b2']));
      await waitFor(lines, /^rebuilt b$/);
      expect(stages.simulated).toEqual(['b']);
    } finally {
      await w.stop();
    }
  });
});
