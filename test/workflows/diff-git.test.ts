/**
 * `diff git:REV:path` with a scenario: the scenario and the files it reads
 * with -f come from that revision, not from the working tree.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInput, resolveRevision } from '../../src/build/inputs.ts';
import { DiagnosticError } from '../../src/common/diagnostic.ts';
import type { Stages } from '../../src/build/stages.ts';
import { diffTraces, summarizeDiff } from '../../src/trace/diff.ts';

const scenario = `kubescene: v1
name: web
cluster:
  nodes:
    - { name: worker-1, cpu: "2", memory: 4Gi, images: ["nginx:1.27"] }
steps:
  - kubectl: apply -f manifests/web.yaml
`;
const manifest = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - { name: nginx, image: "nginx:1.27", resources: { requests: { cpu: 100m, memory: 64Mi } } }
`;

let repo: string;
let stages: () => Promise<Stages>;

beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), 'ks-git-'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, stdio: 'ignore' });
  await mkdir(join(repo, 'scenarios/manifests'), { recursive: true });
  await writeFile(join(repo, 'scenarios/web.yaml'), scenario);
  await writeFile(join(repo, 'scenarios/manifests/web.yaml'), manifest(1));
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'one replica');
  await writeFile(join(repo, 'scenarios/manifests/web.yaml'), manifest(2));
  const { loadScenario } = await import('../../src/scenario/index.ts');
  const { simulate } = await import('../../src/cluster/index.ts');
  stages = async () => ({ loadScenario, simulate }) as unknown as Stages;
});
afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
});

describe('diff git:REV:path', () => {
  it('reads the scenario and its -f files from the revision', async () => {
    const old = await loadInput('git:HEAD:scenarios/web.yaml', { cwd: repo, stages });
    const now = await loadInput('scenarios/web.yaml', { cwd: repo, stages });
    expect(old.scenario!.files['manifests/web.yaml']!.text).toContain('replicas: 1');
    expect(now.scenario!.files['manifests/web.yaml']!.text).toContain('replicas: 2');
    const d = diffTraces(old.trace, now.trace);
    expect(d.equal).toBe(false);
    expect(summarizeDiff(d)).toMatch(/^\+\d+ events/);
    const same = await loadInput('git:HEAD:scenarios/web.yaml', { cwd: repo, stages });
    expect(diffTraces(old.trace, same.trace).equal).toBe(true);
  });
});

describe('git revisions from the user are values, never options', () => {

  it('rejects anything that is not a commit with a git diagnostic, and git writes nothing', async () => {
    // `git show --output=DIR/inj:./scenarios/web.yaml` would write into `inj:.`/scenarios/web.yaml.
    await mkdir(join(repo, 'inj:.', 'scenarios'), { recursive: true });
    const trap = join(repo, 'inj:.', 'scenarios', 'web.yaml');
    for (const rev of [`--output=${join(repo, 'inj')}`, '-p', '--exec=touch pwned', 'HEAD --output=x', 'HEAD..HEAD~1', 'HEAD^{tree}']) {
      const err = await loadInput(`git:${rev}:scenarios/web.yaml`, { cwd: repo, stages }).catch((e: unknown) => e);
      expect(err, rev).toBeInstanceOf(DiagnosticError);
      expect((err as DiagnosticError).diagnostics[0], rev).toMatchObject({ code: 'git', severity: 'error' });
      expect(existsSync(trap), rev).toBe(false);
    }
    expect(existsSync(join(repo, 'pwned'))).toBe(false);
  });

  it('resolves branches, HEAD~n and ids to a full commit id, and nothing else', () => {
    const head = resolveRevision(repo, 'HEAD');
    expect(head).toMatch(/^[0-9a-f]{40}$/);
    expect(resolveRevision(repo, head!.slice(0, 10))).toBe(head);
    expect(resolveRevision(repo, 'HEAD:scenarios/web.yaml')).toBeUndefined();
    expect(resolveRevision(repo, 'HEAD^{tree}')).toBeUndefined();
    expect(resolveRevision(repo, 'no-such-branch')).toBeUndefined();
    expect(resolveRevision(repo, '--all')).toBeUndefined();
  });

  it('the CLI exits 2 and writes no file for git:--output=FILE:path', async () => {
    await mkdir(join(repo, 'cli:.', 'scenarios'), { recursive: true });
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [join(process.cwd(), 'bin/kubescene.js'), 'diff', `git:--output=${join(repo, 'cli')}:scenarios/web.yaml`, 'scenarios/web.yaml'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    } catch (e) {
      status = (e as { status: number }).status;
      stderr = (e as { stderr: string }).stderr;
    }
    expect(status).toBe(2);
    expect(stderr).toContain('error[git]');
    expect(readdirSync(join(repo, 'cli:.', 'scenarios'))).toEqual([]);
  });
});
