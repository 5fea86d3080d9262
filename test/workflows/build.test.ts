import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBuild } from '../../src/build/build.ts';
import { runCheck, formatCheck } from '../../src/build/check.ts';
import { cacheKey, parseShard, planJobs, shardSelect } from '../../src/build/plan.ts';
import { fakeStages, scenarioYaml, type FakeStages } from './helpers/fake-stages.ts';

const TOOL = 'test-tool-hash';
let dir: string;
let stages: FakeStages;

async function setup(names: string[]) {
  await mkdir(join(dir, 'scenarios'), { recursive: true });
  for (const n of names) await writeFile(join(dir, 'scenarios', `${n}.yaml`), scenarioYaml(n, [`create configmap ${n}-1`, `create configmap ${n}-2`]));
  // A manifest next to the scenarios is not a scenario.
  await writeFile(join(dir, 'scenarios', 'manifest.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n');
}

const build = (extra: Partial<Parameters<typeof runBuild>[0]> = {}) =>
  runBuild({ paths: ['scenarios'], out: 'out', cwd: dir, stages, toolHash: TOOL, ...extra });
const check = () => runCheck({ paths: ['scenarios'], out: 'out', cwd: dir, stages, toolHash: TOOL });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ks-build-'));
  stages = fakeStages();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('build', () => {
  it('writes every output and the gallery, then skips everything on a no-op rebuild', async () => {
    await setup(['alpha', 'beta', 'gamma']);
    const first = await build();
    expect(first.exitCode).toBe(0);
    expect(first.built).toBe(3);
    expect(stages.simulated).toEqual(['alpha', 'beta', 'gamma']);
    expect((await readdir(join(dir, 'out', 'alpha'))).sort()).toEqual([
      '.kubescene.json', 'README.md', 'architecture.mmd', 'architecture.png', 'architecture.svg', 'flowchart.mmd', 'flowchart.png', 'flowchart.svg',
      'index.html', 'sequence.mmd', 'sequence.png', 'sequence.svg', 'steps.md', 'trace.json',
    ]);
    expect(await readFile(join(dir, 'out', 'alpha', 'index.html'), 'utf8')).toContain('player of Scenario alpha');
    expect(await readFile(join(dir, 'out', 'alpha', 'README.md'), 'utf8')).toContain('[player](index.html)');
    const gallery = await readFile(join(dir, 'out', 'README.md'), 'utf8');
    expect(gallery).toContain('![flowchart of beta](beta/flowchart.svg)');
    expect(await readFile(join(dir, 'out', 'beta', 'README.md'), 'utf8')).toContain('![sequence (standard)](sequence.svg)');
    expect(gallery.indexOf('## alpha')).toBeLessThan(gallery.indexOf('## gamma'));
    expect(await readFile(join(dir, 'out', 'alpha', 'steps.md'), 'utf8')).toContain('![architecture](architecture.svg)');

    stages.simulated.length = 0;
    const second = await build();
    expect(second.exitCode).toBe(0);
    expect(second.built).toBe(0);
    expect(second.upToDate).toBe(3);
    expect(stages.simulated).toEqual([]);
  });

  it('rebuilds only the scenario that changed, and the one whose output was edited', async () => {
    await setup(['alpha', 'beta', 'gamma']);
    await build();
    stages.simulated.length = 0;
    await writeFile(join(dir, 'scenarios', 'beta.yaml'), scenarioYaml('beta', ['create configmap beta-1']));
    await writeFile(join(dir, 'out', 'gamma', 'sequence.svg'), '<svg>edited</svg>');
    const r = await build();
    expect(stages.simulated).toEqual(['beta', 'gamma']);
    expect(r.statuses.map((s) => [s.name, s.reason])).toEqual([
      ['alpha', 'up-to-date'],
      ['beta', 'changed'],
      ['gamma', 'outputs-differ'],
    ]);
  });

  it('leaves the old files intact when a render fails mid-build', async () => {
    await setup(['alpha', 'beta']);
    await build();
    const before = await readFile(join(dir, 'out', 'beta', 'trace.json'), 'utf8');
    await writeFile(join(dir, 'scenarios', 'beta.yaml'), scenarioYaml('beta', ['create configmap beta-9']));
    stages.failRender = 'Scenario beta';
    const r = await build();
    expect(r.exitCode).toBe(70);
    expect(r.statuses.find((s) => s.name === 'beta')?.state).toBe('error');
    expect(await readFile(join(dir, 'out', 'beta', 'trace.json'), 'utf8')).toBe(before);
    expect((await readdir(join(dir, 'out', 'beta'))).filter((f) => f.includes('.tmp'))).toEqual([]);
    // and the next build still sees beta as stale
    stages.failRender = undefined;
    expect((await check()).exitCode).toBe(1);
  });

  it('exits 1 naming failing expectations, also on a no-op rebuild', async () => {
    await mkdir(join(dir, 'scenarios'), { recursive: true });
    await writeFile(join(dir, 'scenarios', 'bad.yaml'), scenarioYaml('bad', ['create configmap x'], 'fail: true\n'));
    const r = await build();
    expect(r.exitCode).toBe(1);
    expect(r.statuses[0]!.notes.join()).toContain('configmap exists');
    expect((await build()).exitCode).toBe(1);
  });

  it('exits 2 with diagnostics for an invalid scenario and still builds the others', async () => {
    await setup(['alpha']);
    await writeFile(join(dir, 'scenarios', 'broken.yaml'), 'kubescene: v0\nsteps: []\n');
    const r = await build({ paths: ['scenarios', 'scenarios/broken.yaml'] });
    expect(r.exitCode).toBe(2);
    expect(r.diagnostics.map((d) => d.file)).toEqual(['scenarios/broken.yaml']);
    expect(r.built).toBe(1);
  });

  it('removes the folder of a scenario that was deleted or renamed, and check reports it first', async () => {
    await setup(['alpha', 'beta', 'gamma']);
    await build();
    await rm(join(dir, 'scenarios', 'beta.yaml'));
    await writeFile(join(dir, 'scenarios', 'gamma.yaml'), scenarioYaml('delta', ['create configmap d']));
    const c = await check();
    expect(c.exitCode).toBe(1);
    expect(formatCheck(c)).toMatch(/extra +out\/beta\/ belongs to no scenario/);
    expect(formatCheck(c)).toMatch(/extra +out\/gamma\/ belongs to no scenario/);
    await build();
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['README.md', 'alpha', 'delta']);
    expect((await check()).exitCode).toBe(0);
  });

  it('building a subset keeps the other scenarios and the whole gallery', async () => {
    await setup(['alpha', 'beta']);
    await build();
    const gallery = await readFile(join(dir, 'out', 'README.md'), 'utf8');
    stages.simulated.length = 0;
    const r = await build({ paths: ['scenarios/alpha.yaml'], force: true });
    expect(r.exitCode).toBe(0);
    expect(stages.simulated).toEqual(['alpha']);
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['README.md', 'alpha', 'beta']);
    expect(await readFile(join(dir, 'out', 'README.md'), 'utf8')).toBe(gallery);
    // a path with no scenarios changes nothing either
    expect((await build({ paths: ['nowhere'] })).exitCode).toBe(2);
    expect(await readFile(join(dir, 'out', 'README.md'), 'utf8')).toBe(gallery);
    expect((await check()).exitCode).toBe(0);
  });

  it('an invalid scenario keeps its last good outputs and gallery entry', async () => {
    await setup(['alpha', 'beta']);
    await build();
    await writeFile(join(dir, 'scenarios', 'beta.yaml'), 'kubescene: v0\n');
    const r = await build({ paths: ['scenarios', 'scenarios/beta.yaml'] });
    expect(r.exitCode).toBe(2);
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['README.md', 'alpha', 'beta']);
    expect(await readFile(join(dir, 'out', 'README.md'), 'utf8')).toContain('## beta');
  });

  it('shards split the scenarios deterministically and completely', async () => {
    await setup(['a', 'b', 'c', 'd', 'e']);
    const seen: string[] = [];
    for (const i of [1, 2, 3]) {
      stages.simulated.length = 0;
      const r = await build({ shard: { index: i, count: 3 } });
      expect(r.exitCode).toBe(0);
      seen.push(...stages.simulated);
    }
    expect(seen.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect((await check()).exitCode).toBe(0);
  });
});

describe('check', () => {
  it('exit 0 when fresh; 1 and names the scenario when stale, missing or extra', async () => {
    await setup(['alpha', 'beta']);
    await build();
    const fresh = await check();
    expect(fresh.exitCode).toBe(0);
    expect(formatCheck(fresh)).toBe('check: up to date (2 scenarios)\n');

    // stale: a scenario changed; the trace summary says how
    await writeFile(join(dir, 'scenarios', 'beta.yaml'), scenarioYaml('beta', ['create configmap beta-1', 'create configmap beta-2', 'create configmap beta-3']));
    const stale = await check();
    expect(stale.exitCode).toBe(1);
    const text = formatCheck(stale);
    expect(text).toMatch(/stale\s+beta: out\/beta\/ is stale \(scenarios\/beta.yaml or a file it reads changed\): trace \+9 events, step 3 added/);
    expect(text).not.toContain('alpha');
    await build();

    // missing: a file deleted
    await rm(join(dir, 'out', 'alpha', 'flowchart.png'));
    const missing = await check();
    expect(missing.exitCode).toBe(1);
    expect(formatCheck(missing)).toContain('missing  alpha: out/alpha/flowchart.png is missing');
    await build();

    // extra: a stray file and a stray folder
    await writeFile(join(dir, 'out', 'alpha', 'notes.txt'), 'hi');
    await mkdir(join(dir, 'out', 'ghost'));
    const extra = await check();
    expect(extra.exitCode).toBe(1);
    const extraText = formatCheck(extra);
    expect(extraText).toContain('extra    alpha: out/alpha/notes.txt is not a build output');
    expect(extraText).toContain('extra    out/ghost/ was not written by kubescene build');
  });

  it('the player index.html is a build output: check names it when it is edited or missing', async () => {
    await setup(['alpha']);
    await build();
    const manifest = JSON.parse(await readFile(join(dir, 'out', 'alpha', '.kubescene.json'), 'utf8')) as { files: Record<string, string> };
    expect(Object.keys(manifest.files)).toContain('index.html');
    await writeFile(join(dir, 'out', 'alpha', 'index.html'), '<!DOCTYPE html><p>edited');
    expect(formatCheck(await check())).toContain('alpha: out/alpha/index.html differs from what build wrote');
    await rm(join(dir, 'out', 'alpha', 'index.html'));
    expect(formatCheck(await check())).toContain('missing  alpha: out/alpha/index.html is missing');
    await build();
    expect((await check()).exitCode).toBe(0);
  });

  it('writes the frames a scenario asks for in diagrams: (frames: true), and check verifies them', async () => {
    await mkdir(join(dir, 'scenarios'), { recursive: true });
    const diagrams = 'diagrams:\n  architecture: { frames: true }\n  sequence: { frames: true }\n';
    await writeFile(join(dir, 'scenarios', 'framed.yaml'), scenarioYaml('framed', ['create configmap a', 'create configmap b'], diagrams));
    await writeFile(join(dir, 'scenarios', 'plain.yaml'), scenarioYaml('plain', ['create configmap a', 'create configmap b']));
    expect((await build()).exitCode).toBe(0);
    const files = (await readdir(join(dir, 'out', 'framed'))).filter((f) => f.includes('.step-')).sort();
    expect(files).toEqual([
      'architecture.step-01.png', 'architecture.step-01.svg', 'architecture.step-02.png', 'architecture.step-02.svg',
      'sequence.step-01.png', 'sequence.step-01.svg', 'sequence.step-02.png', 'sequence.step-02.svg',
    ]);
    expect(await readFile(join(dir, 'out', 'framed', 'architecture.step-02.svg'), 'utf8')).toContain('architecture frame 2');
    expect((await readdir(join(dir, 'out', 'plain'))).filter((f) => f.includes('.step-'))).toEqual([]);
    const page = await readFile(join(dir, 'out', 'framed', 'README.md'), 'utf8');
    expect(page).toContain('### Frame by frame');
    expect(page).toContain('![architecture.step-01 (standard)](architecture.step-01.svg)');
    const manifest = JSON.parse(await readFile(join(dir, 'out', 'framed', '.kubescene.json'), 'utf8')) as { files: Record<string, string> };
    expect(Object.keys(manifest.files)).toEqual(expect.arrayContaining(files));
    expect((await check()).exitCode).toBe(0);
    await rm(join(dir, 'out', 'framed', 'sequence.step-02.png'));
    expect(formatCheck(await check())).toContain('missing  framed: out/framed/sequence.step-02.png is missing');
  });

  it('reports a never-built scenario and a missing gallery', async () => {
    await setup(['alpha']);
    const r = await check();
    expect(r.exitCode).toBe(1);
    expect(r.findings.map((f) => f.kind)).toEqual(['missing', 'missing']);
  });

  it('accepts current outputs with an outdated key (kubescene changed, outputs did not)', async () => {
    await setup(['alpha']);
    await build();
    const r = await runCheck({ paths: ['scenarios'], out: 'out', cwd: dir, stages, toolHash: 'another-tool' });
    expect(r.exitCode).toBe(0);
    expect(r.findings.map((f) => f.kind)).toEqual(['note']);
  });
});

describe('plan', () => {
  it('cache keys depend on digest, version and tool hash', () => {
    const k = cacheKey('d', '0.1.0', 't');
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey('d2', '0.1.0', 't')).not.toBe(k);
    expect(cacheKey('d', '0.2.0', 't')).not.toBe(k);
    expect(cacheKey('d', '0.1.0', 't2')).not.toBe(k);
  });

  it('plans jobs from manifests', () => {
    const m = { kubescene: '0.1.0', key: 'k', digest: 'd', toolHash: 't', name: 'x', source: 'x.yaml', title: 'x', description: '', passed: true, failures: [], files: {} };
    expect(planJobs([
      { name: 'new', key: 'k', outputsIntact: false },
      { name: 'changed', key: 'k2', manifest: m, outputsIntact: false },
      { name: 'tampered', key: 'k', manifest: m, outputsIntact: false },
      { name: 'same', key: 'k', manifest: m, outputsIntact: true },
    ]).map((j) => `${j.name}:${j.build}:${j.reason}`)).toEqual(['new:true:new', 'changed:true:changed', 'tampered:true:outputs-differ', 'same:false:up-to-date']);
  });

  it('parses --shard and partitions by sorted name', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/3', '4/3', '1/0', 'x', '1/2/3']) expect(parseShard(bad)).toHaveProperty('code', 'bad-shard');
    const items = ['e', 'a', 'd', 'c', 'b', 'f', 'g'].map((name) => ({ name }));
    const parts = [1, 2, 3].map((i) => shardSelect(items, { index: i, count: 3 }).map((x) => x.name));
    expect(parts).toEqual([['a', 'd', 'g'], ['b', 'e'], ['c', 'f']]);
    expect(shardSelect(items, { index: 1, count: 1 }).length).toBe(7);
  });
});

describe('build with the real loader and model (fake renderers)', () => {
  it('builds library scenarios, then a no-op rebuild skips them, and check agrees', async () => {
    const { loadScenario } = await import('../../src/scenario/index.ts');
    const { simulate } = await import('../../src/cluster/index.ts');
    const real: FakeStages = { ...stages, loadScenario, simulate };
    await mkdir(join(dir, 'scenarios'), { recursive: true });
    for (const f of ['get-pods.yaml', 'apply-deployment.yaml']) {
      await writeFile(join(dir, 'scenarios', f), await readFile(join(import.meta.dirname, '../../scenarios', f), 'utf8'));
    }
    const r = await runBuild({ paths: ['scenarios'], out: 'out', cwd: dir, stages: real, toolHash: TOOL });
    expect(r.diagnostics).toEqual([]);
    expect(r.statuses.map((s) => `${s.name}:${s.state}`)).toEqual(['apply-deployment:built', 'get-pods:built']);
    const steps = await readFile(join(dir, 'out', 'apply-deployment', 'steps.md'), 'utf8');
    expect(steps).toMatch(/^1\. kubectl sends /m);
    const again = await runBuild({ paths: ['scenarios'], out: 'out', cwd: dir, stages: real, toolHash: TOOL });
    expect(again.upToDate).toBe(2);
    expect((await runCheck({ paths: ['scenarios'], out: 'out', cwd: dir, stages: real, toolHash: TOOL })).exitCode).toBe(0);
  });
});

describe('summary line', () => {
  const recorder = () => {
    const lines: string[] = [];
    return { lines, reporter: { start: () => undefined, done: () => undefined, finish: (s: string) => void lines.push(s) } };
  };

  it('says what was done and where the gallery is, also when everything is up to date', async () => {
    await setup(['a', 'b']);
    const first = recorder();
    await build({ reporter: first.reporter });
    expect(first.lines).toHaveLength(1);
    expect(first.lines[0]).toMatch(/^2 built, 0 up to date \(2 scenarios\) in \d+\.\ds; gallery: out\/README\.md$/);
    const again = recorder();
    await build({ reporter: again.reporter });
    expect(again.lines[0]).toMatch(/^0 built, 2 up to date \(2 scenarios\) in \d+\.\ds; gallery: out\/README\.md$/);
  });

  it('names the gallery by its absolute path when the output folder is outside the working directory', async () => {
    await setup(['a']);
    const elsewhere = await mkdtemp(join(tmpdir(), 'ks-build-out-'));
    try {
      const r = recorder();
      await runBuild({ paths: [join(dir, 'scenarios')], out: elsewhere, cwd: join(dir, 'scenarios'), stages, toolHash: TOOL, reporter: r.reporter });
      expect(r.lines[0]).toContain(`; gallery: ${join(elsewhere, 'README.md')}`);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });
});
