/**
 * Folders and kustomizations as inputs: `apply -f DIR` (sorted, multi-document,
 * `-R` walks sub-folders as kubectl does), `git: files: [DIR]`, and `apply -k DIR`
 * through `kubectl kustomize` — with a fake kubectl first on PATH, and with no
 * kubectl at all (a located diagnostic, exit 2), both through the real binary.
 */
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/common/diagnostic.ts';
import { loadScenario, parseScenario } from '../../src/scenario/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/kubescene.js');
const CORPUS = join(ROOT, '../shared/corpus');

const deployment = (name: string, replicas = 1) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${name} }\nspec:\n  replicas: ${replicas}\n  selector: { matchLabels: { app: ${name} } }\n  template:\n    metadata: { labels: { app: ${name} } }\n    spec:\n      containers: [{ name: c, image: "nginx:1.27" }]\n`;

let root: string;
let sc: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ks-folders-'));
  sc = join(root, 'sc');
  // app/: two top-level files (one multi-document), a sub-folder, a non-manifest file.
  mkdirSync(join(sc, 'app', 'db', 'deeper'), { recursive: true });
  writeFileSync(join(sc, 'app', 'b-web.yaml'), deployment('web') + '---\n' + 'apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec: { selector: { app: web }, ports: [{ port: 80 }] }\n');
  writeFileSync(join(sc, 'app', 'a-api.yml'), deployment('api'));
  writeFileSync(join(sc, 'app', 'README.md'), '# not a manifest\n');
  writeFileSync(join(sc, 'app', 'db', 'redis.json'), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'redis' }, data: { a: '1' } }));
  writeFileSync(join(sc, 'app', 'db', 'deeper', 'z.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: deep }\n');
  writeFileSync(join(sc, 'app', 'c-last.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: last }\n');
  mkdirSync(join(sc, 'kus'));
  writeFileSync(join(sc, 'kus', 'kustomization.yaml'), 'resources: [web.yaml]\nnamePrefix: prod-\n');
  writeFileSync(join(sc, 'kus', 'web.yaml'), deployment('web', 2));
  mkdirSync(join(sc, 'guestbook'));
  cpSync(join(CORPUS, 'guestbook'), join(sc, 'guestbook'), { recursive: true });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(name: string, text: string): string {
  writeFileSync(join(sc, name), text);
  return join(sc, name);
}

async function load(name: string, text: string) {
  write(name, text);
  const r = await loadScenario(join(sc, name), { cwd: root });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => formatDiagnostic(d, { color: false })).join('\n'));
  return r.value;
}

const names = (objs: { kind: string; metadata: { name?: string } }[]) => objs.map((o) => `${o.kind}/${o.metadata.name}`);

describe('apply -f DIR', () => {
  it('reads the folder\'s .yaml/.yml/.json files in name order, every document, not its sub-folders', async () => {
    const s = await load('flat.yaml', 'kubescene: v1\nsteps:\n  - kubectl: apply -f app\n');
    expect(s.files.app?.entries).toEqual(['app/a-api.yml', 'app/b-web.yaml', 'app/c-last.yaml']);
    expect(names(s.files.app!.objects)).toEqual(['Deployment/api', 'Deployment/web', 'Service/web', 'ConfigMap/last']);
  });

  it('-R walks sub-folders where they sort, as kubectl\'s filepath.Walk does', async () => {
    const s = await load('recursive.yaml', 'kubescene: v1\nsteps:\n  - kubectl: apply -f app\n  - kubectl: apply -R -f ./app/\n  - kubectl: apply --recursive -f app\n');
    const step = s.steps[1] as { files?: string[] };
    expect(step.files).toEqual(['app/**']);
    expect(s.files['app/**']?.entries).toEqual(['app/a-api.yml', 'app/b-web.yaml', 'app/c-last.yaml', 'app/db/deeper/z.yaml', 'app/db/redis.json']);
    // The model looks files up by the argument as written.
    expect(s.files['./app/**']).toBe(s.files['app/**']);
    expect(s.files.app?.entries).toHaveLength(3);
    expect(s.inputs.map((i) => i.path)).toContain('app/db/deeper/z.yaml');
  });

  it('-R over an inline folder of files: includes nested names', () => {
    const text = 'kubescene: v1\nfiles:\n  m/a.yaml: { apiVersion: v1, kind: ConfigMap, metadata: { name: a } }\n  m/x/b.yaml: { apiVersion: v1, kind: ConfigMap, metadata: { name: b } }\nsteps:\n  - kubectl: apply -f m\n  - kubectl: apply -R -f m\n';
    const r = parseScenario(text, 's.yaml', () => undefined);
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.value.files.m?.entries).toEqual(['m/a.yaml']);
    expect(r.value.files['m/**']?.entries).toEqual(['m/a.yaml', 'm/x/b.yaml']);
  });

  it('a folder with only sub-folders suggests -R', async () => {
    mkdirSync(join(sc, 'nested', 'inner'), { recursive: true });
    writeFileSync(join(sc, 'nested', 'inner', 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n');
    write('nested.yaml', 'kubescene: v1\nsteps:\n  - kubectl: apply -f nested\n');
    const r = await loadScenario(join(sc, 'nested.yaml'), { cwd: root });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map((d) => formatDiagnostic(d, { color: false })).join('\n')).toContain('add -R');
  });

  it('git: files naming a folder commit every manifest of it', async () => {
    const s = await load('git.yaml', 'kubescene: v1\ncluster:\n  gitops: { repo: shop }\nsteps:\n  - git: { commit: "add the app", files: [app] }\n');
    const step = s.steps[0] as { files: string[] };
    expect(step.files).toEqual(['app/a-api.yml', 'app/b-web.yaml', 'app/c-last.yaml']);
  });
});

describe('apply -k DIR (parse stage)', () => {
  it('without a host that can run kubectl: kustomize-failed at the argument', async () => {
    const text = 'kubescene: v1\nsteps:\n  - kubectl: apply -f web.yaml\n  - kubectl: apply -k overlays/prod\n';
    const r = parseScenario(text, 'kustomize.yaml', (rel) => (rel === 'web.yaml' ? deployment('web') : undefined));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const out = r.diagnostics.map((d) => formatDiagnostic(d, { color: false })).join('\n') + '\n';
    await expect(out).toMatchFileSnapshot('__golden__/kustomize.errors.txt');
    expect(r.diagnostics[0]?.start).toEqual({ line: 4, column: 23 });
  });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], path: string): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd: sc, env: { ...process.env, PATH: path, CI: '1', NO_COLOR: '1' } }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 70) : 0, stdout, stderr });
    });
  });
}

describe('apply -k DIR (binary)', () => {
  const scenario = 'kubescene: v1\nsteps:\n  - kubectl: apply -k kus\n    expect: { exit: 0, output: "deployment.apps/prod-web created" }\n  - kubectl: get deploy\n    expect: { output: prod-web }\n';

  it('no kubectl on PATH: a located diagnostic and exit 2', async () => {
    write('kus.yaml', scenario);
    const empty = join(root, 'empty-path');
    mkdirSync(empty, { recursive: true });
    const r = await run(['trace', 'kus.yaml', '-o', join(root, 'kus.json')], empty);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('kus.yaml:3:23');
    expect(r.stderr).toContain('error[kustomize-failed]');
    expect(r.stderr).toContain('kubectl is not on PATH');
  });

  it('a kubectl first on PATH builds the kustomization (`kubectl kustomize DIR`)', async () => {
    write('kus.yaml', scenario);
    const bin = join(root, 'fake-bin');
    mkdirSync(bin, { recursive: true });
    // The fake records its argv and prints what kustomize would for kus/.
    const log = join(root, 'kubectl-argv.txt');
    const out = deployment('web', 2).replace('name: web }', 'name: prod-web }');
    writeFileSync(join(bin, 'kubectl'), `#!/bin/sh\necho "$@" > '${log}'\ncat <<'EOF'\n${out}EOF\n`);
    chmodSync(join(bin, 'kubectl'), 0o755);
    const r = await run(['trace', 'kus.yaml', '-o', join(root, 'kus.json')], `${bin}:/usr/bin:/bin`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(log, 'utf8').trim()).toBe(`kustomize ${join(sc, 'kus')}`);
    const trace = JSON.parse(readFileSync(join(root, 'kus.json'), 'utf8')) as { steps: { output?: string }[] };
    expect(JSON.stringify(trace.steps[1])).toContain('prod-web   2/2');
  });

  it('a failing kustomize is reported with its first error line', async () => {
    write('bad-kus.yaml', 'kubescene: v1\nsteps:\n  - kubectl: apply -k app\n');
    const bin = join(root, 'failing-bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'kubectl'), '#!/bin/sh\necho "error: unable to find one of \'kustomization.yaml\'" >&2\nexit 1\n');
    chmodSync(join(bin, 'kubectl'), 0o755);
    const r = await run(['validate', 'bad-kus.yaml'], `${bin}:/usr/bin:/bin`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("kubectl kustomize failed: error: unable to find one of 'kustomization.yaml'");
  });
});
