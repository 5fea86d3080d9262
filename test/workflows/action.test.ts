/**
 * The GitHub Action (action.yml at the repository root): its metadata has what
 * GitHub requires (no maintained package ships the action-metadata schema, so
 * the required keys are checked here), third-party actions are pinned by full
 * commit SHA, and its `run:` steps' shell commands, with the inputs' defaults
 * substituted as the runner does, work in a temporary git repository: `check`
 * passes on a fresh gallery and fails (exit 1, naming the stale scenario) on a
 * stale one; `build` writes the gallery the upload step points at.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../helpers/bin.ts';

interface Input {
  description: string;
  required?: boolean;
  default?: string;
}
interface Step {
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string | boolean>;
  'working-directory'?: string;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, Input>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;

/** `${{ inputs.x }}` → the value, as the runner substitutes it before the shell sees anything. */
function substitute(text: string, inputs: Record<string, string>): string {
  return text.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_m, k: string) => {
    if (!(k in inputs)) throw new Error(`action.yml uses an undeclared input ${k}`);
    return inputs[k]!;
  });
}

function defaults(): Record<string, string> {
  return Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? '']));
}

interface StepRun {
  name: string;
  code: number;
  output: string;
}

/**
 * Runs every `run:` step in order (stopping at the first failure, as the runner
 * does), in `workspace`, with GITHUB_ACTION_PATH = this repository. `npm` is a
 * stub that records its arguments: a real `npm ci` here would reinstall this
 * worktree's node_modules (the test suite's dist/ is already built).
 */
function runSteps(workspace: string, overrides: Record<string, string>, npmLog: string, bin: string): StepRun[] {
  const inputs = { ...defaults(), ...overrides };
  const out: StepRun[] = [];
  for (const step of action.runs.steps) {
    if (step.run === undefined) continue;
    const env: NodeJS.ProcessEnv = { ...process.env, GITHUB_ACTION_PATH: ROOT, GITHUB_WORKSPACE: workspace, NPM_LOG: npmLog, PATH: `${bin}:${process.env.PATH}`, NO_COLOR: '1', CI: 'true' };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = substitute(v, inputs);
    const cwd = join(workspace, substitute(step['working-directory'] ?? '.', inputs));
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', substitute(step.run, inputs)], { cwd, env, encoding: 'utf8' });
    out.push({ name: step.name ?? '', code: r.status ?? 70, output: `${r.stdout}${r.stderr}` });
    if (r.status !== 0) break;
  }
  return out;
}

const SCENARIO = `kubescene: v1
name: web
title: A Deployment of two replicas
steps:
  - kubectl: create deployment web --image=nginx:1.27 --replicas=2
`;

let dir: string;
let bin: string;
let npmLog: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: join(dir, 'repo'), encoding: 'utf8' });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ks-action-'));
  bin = join(dir, 'bin');
  npmLog = join(dir, 'npm.log');
  mkdirSync(bin);
  writeFileSync(join(bin, 'npm'), '#!/bin/sh\necho "$@" >> "$NPM_LOG"\n');
  chmodSync(join(bin, 'npm'), 0o755);
  mkdirSync(join(dir, 'repo', 'scenarios'), { recursive: true });
  writeFileSync(join(dir, 'repo', 'scenarios', 'web.yaml'), SCENARIO);
  git('init', '-q');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'empty');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('action.yml metadata', () => {
  it('has the keys GitHub requires of a composite action', () => {
    expect(typeof action.name).toBe('string');
    expect(typeof action.description).toBe('string');
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps.length).toBeGreaterThan(0);
    for (const [k, v] of Object.entries(action.inputs)) {
      expect(k).toMatch(/^[a-zA-Z_][\w-]*$/);
      expect(typeof v.description, k).toBe('string');
    }
    for (const step of action.runs.steps) {
      // Exactly one of run/uses; a composite run step must name its shell.
      expect(Number(step.run !== undefined) + Number(step.uses !== undefined), step.name).toBe(1);
      if (step.run !== undefined) expect(step.shell, step.name).toBe('bash');
      // Everything the steps reference is declared.
      substitute(JSON.stringify(step), defaults());
    }
    expect(Object.keys(action.inputs).sort()).toEqual(['artifact-name', 'command', 'detail', 'node-version', 'out', 'paths', 'shard', 'working-directory']);
  });

  it('pins third-party actions by full commit SHA and uploads the out folder on build only', () => {
    const uses = action.runs.steps.filter((s) => s.uses !== undefined);
    expect(uses.map((s) => s.uses!.split('@')[0])).toEqual(['actions/setup-node', 'actions/upload-artifact']);
    for (const s of uses) expect(s.uses).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
    const upload = uses[1]!;
    expect(upload.if).toBe("inputs.command == 'build'");
    expect(substitute(String(upload.with!.path), defaults())).toBe('./out');
    expect(upload.with!['include-hidden-files']).toBe(true);
  });
});

describe('docs/ci/github-actions.yml', () => {
  it('uses the action with declared inputs only, and pins other actions by commit SHA', () => {
    const wf = parse(readFileSync(join(ROOT, 'docs/ci/github-actions.yml'), 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
    const ours = Object.values(wf.jobs).flatMap((j) => j.steps.filter((s) => s.uses === './'));
    expect(ours.map((s) => s.with!.command)).toEqual(['check', 'build']);
    for (const s of ours) for (const k of Object.keys(s.with!)) expect(Object.keys(action.inputs), k).toContain(k);
    const others = Object.values(wf.jobs).flatMap((j) => j.steps.filter((s) => s.uses !== undefined && s.uses !== './'));
    for (const s of others) expect(s.uses).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
  });
});

describe("action.yml's steps in a temporary git repository", () => {
  it('install runs npm ci in the action path; build writes the gallery; check passes on it and fails on a stale one', () => {
    const workspace = join(dir, 'repo');
    const build = runSteps(workspace, { command: 'build' }, npmLog, bin);
    expect(build.map((s) => [s.name, s.code])).toEqual([
      ['Install kubescene', 0],
      ['Run kubescene', 0],
    ]);
    expect(readFileSync(npmLog, 'utf8')).toBe(`ci --prefix ${ROOT} --omit=optional --no-audit --no-fund\n`);
    expect(build[1]!.output).toMatch(/1 built, 0 up to date \(1 scenario\) in [\d.]+s; gallery: out\/README\.md/);
    expect(existsSync(join(workspace, 'out', 'web', '.kubescene.json'))).toBe(true);
    git('add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'gallery');

    // Defaults: command check, paths scenarios, out out.
    const fresh = runSteps(workspace, {}, npmLog, bin);
    expect(fresh.at(-1)!.code).toBe(0);
    expect(fresh.at(-1)!.output).toContain('check: up to date (1 scenario)');

    writeFileSync(join(workspace, 'scenarios', 'web.yaml'), SCENARIO.replace('--replicas=2', '--replicas=3'));
    const stale = runSteps(workspace, {}, npmLog, bin);
    expect(stale.at(-1)!.code).toBe(1);
    expect(stale.at(-1)!.output).toMatch(/\bweb\b.*stale|stale.*\bweb\b/);
  });

  it('refuses an unknown command with exit 2, and passes shard and detail through', () => {
    const workspace = join(dir, 'repo');
    const bad = runSteps(workspace, { command: 'deploy' }, npmLog, bin);
    expect(bad.at(-1)!.code).toBe(2);
    expect(bad.at(-1)!.output).toContain("command must be check or build, got 'deploy'");
    const shard = runSteps(workspace, { command: 'build', out: 'sharded', shard: '2/2' }, npmLog, bin);
    expect(shard.at(-1)!.code).toBe(0);
    expect(shard.at(-1)!.output).toContain('(0 scenarios in shard 2/2)');
    const detail = runSteps(workspace, { command: 'check', detail: 'often' }, npmLog, bin);
    expect(detail.at(-1)!.code).toBe(2);
    expect(detail.at(-1)!.output).toContain('--detail must be one of');
  });
});
