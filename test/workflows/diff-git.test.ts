/**
 * `diff git:REV:path` with a scenario: the scenario and the files it reads
 * with -f come from that revision, not from the working tree.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInput } from '../../src/build/inputs.ts';
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
