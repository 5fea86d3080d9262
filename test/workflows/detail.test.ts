/** `build --detail` and `check --detail` through the real binary (issue 9: detail levels on build). */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runBin } from '../helpers/bin.ts';

const SCENARIO = join(ROOT, 'scenarios/get-pods.yaml');

/** Through the real binary; stdout and stderr together. */
const run = async (args: string[], cwd: string) => {
  const r = await runBin(args, { cwd });
  return { code: r.code, out: r.stdout + r.stderr };
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ks-detail-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('build --detail', () => {
  it('draws at the level asked, and check compares like with like', async () => {
    const std = await run(['build', SCENARIO, '--out', join(dir, 'std')], dir);
    expect(std.code).toBe(0);
    const sum = await run(['build', SCENARIO, '--out', join(dir, 'sum'), '--detail', 'summary'], dir);
    expect(sum.code).toBe(0);
    const a = await readFile(join(dir, 'std/get-pods/sequence.svg'), 'utf8');
    const b = await readFile(join(dir, 'sum/get-pods/sequence.svg'), 'utf8');
    expect(b).not.toBe(a);
    // The summary sequence is the smaller picture.
    expect(b.length).toBeLessThan(a.length);
    expect((await run(['check', SCENARIO, '--out', join(dir, 'sum'), '--detail', 'summary'], dir)).code).toBe(0);
    const stale = await run(['check', SCENARIO, '--out', join(dir, 'sum')], dir);
    expect(stale.code).toBe(1);
    expect(stale.out).toContain('stale');
    // A rebuild at the same level is a no-op; another level rebuilds.
    expect((await run(['build', SCENARIO, '--out', join(dir, 'sum'), '--detail', 'summary'], dir)).out).toContain('0 built, 1 up to date');
  });

  it('refuses an unknown level with exit 2', async () => {
    const r = await run(['build', SCENARIO, '--out', join(dir, 'x'), '--detail', 'tiny'], dir);
    expect(r.code).toBe(2);
    expect(r.out).toContain('--detail must be one of summary, standard, full, got "tiny"');
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });
});

describe('render honours diagrams: like build', () => {
  it('draws the flowchart step the scenario names (network-policy), the same text build writes', async () => {
    const { realStages } = await import('../../src/build/stages.ts');
    const stages = await realStages();
    const loaded = await stages.loadScenario(join(ROOT, 'scenarios/network-policy.yaml'), { cwd: ROOT });
    if (!loaded.ok) throw new Error('network-policy does not load');
    expect(loaded.value.diagrams.flowchart.step).toBeDefined();
    const expected = stages.toMermaid(stages.buildView(stages.simulate(loaded.value), 'flowchart', loaded.value.diagrams));
    const r = await run(['render', 'scenarios/network-policy.yaml', '--view', 'flowchart', '--format', 'mmd', '-o', '-'], ROOT);
    expect(r.code).toBe(0);
    expect(r.out).toContain(expected);
  });
});
