/**
 * `kubescene init` through the real binary on every app of ../shared/corpus:
 * the generated scenario traces with exit 0 (every step and expectation holds)
 * and renders. Plus node sizing, the golden text for guestbook-go, and the
 * refusals (inputs outside the scenario's folder, an existing output).
 * `trace` and `render` of the generated scenarios run in this process
 * (test/helpers/bin.ts runMain, the same CLI): their binaries are tested
 * elsewhere (fail-fast, frames, player), and a process per app reloaded the
 * model, fonts and ELK each time.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planNodes, podRequests } from '../../src/init/index.ts';
import type { KubeObject } from '../../src/scenario/types.ts';
import { runMain } from '../helpers/bin.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/kubescene.js');
const CORPUS = join(ROOT, '../shared/corpus');
const APPS = existsSync(CORPUS) ? readdirSync(CORPUS).filter((d) => readdirSync(join(CORPUS, d)).some((f) => f.endsWith('.yaml'))).sort() : [];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd: string): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, CI: '1', NO_COLOR: '1' }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 70) : 0, stdout, stderr });
    });
  });
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ks-init-'));
  for (const app of APPS) cpSync(join(CORPUS, app), join(dir, app), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(APPS.length === 0)('kubescene init on the corpus (binary; trace and render in process)', () => {
  it.each(APPS)('%s: the starter scenario traces with exit 0 and renders', async (app) => {
    const init = await run(['init', '--from', `${app}/`, '-o', `${app}.scenario.yaml`], dir);
    expect(init.stderr).toBe(`wrote ${app}.scenario.yaml: trace it with \`kubescene trace ${app}.scenario.yaml\`\n`);
    expect(init.code).toBe(0);
    const text = readFileSync(join(dir, `${app}.scenario.yaml`), 'utf8');
    expect(text).toContain(`kubectl: apply -f ${app}/`);
    expect(text).toContain('kubectl: get pods');
    expect(text).toMatch(/traffic: \{ from: pod\/client, to: service\//);

    const trace = await runMain(['trace', `${app}.scenario.yaml`, '-o', `${app}.trace.json`], { cwd: dir });
    // Nothing else than the located warnings at commands the model does not interpret
    // (microservices-demo's loadgenerator init container waits for the frontend in a `for` loop),
    // and at the corpus's Istio/Gateway API objects, whose CRDs it does not hold (unknown-kind),
    // and, once per scenario, at the first CPU and memory limits (the model does not enforce them).
    const diagnostics = trace.stderr.split('\n').filter((l) => /^\S.*(warning|error)\[/.test(l));
    const expected = /: warning\[ignored-field\]: .*(?:command: the model does not interpret this command|resources\.limits\.(?:cpu|memory): .*\(warned once per scenario\))|: warning\[unknown-kind\]: /;
    expect(diagnostics.filter((l) => !expected.test(l))).toEqual([]);
    expect(trace.code).toBe(0);
    const t = JSON.parse(readFileSync(join(dir, `${app}.trace.json`), 'utf8')) as { steps: { title: string; output?: string }[] };
    // One answered request per Service.
    const requests = t.steps.filter((s) => s.title.startsWith('Send a request'));
    expect(requests.length).toBe((text.match(/- traffic:/g) ?? []).length);
    for (const r of requests) expect(r.output).toMatch(/^(HTTP\/1\.1 200 OK\n)?answered by /);

    const render = await runMain(['render', `${app}.scenario.yaml`, '-o', `${app}-out`], { cwd: dir });
    expect(render.code).toBe(0);
    for (const view of ['architecture', 'sequence', 'flowchart']) expect(readFileSync(join(dir, `${app}-out`, `${view}.svg`), 'utf8')).toMatch(/^<svg/);
  });

  it('guestbook-go: the scenario text (golden), and the same bytes on stdout', async () => {
    const a = await run(['init', '--from', 'guestbook-go'], dir);
    expect(a.code).toBe(0);
    await expect(a.stdout).toMatchFileSnapshot('__golden__/init-guestbook-go.yaml');
    const b = await run(['init', '--from', 'guestbook-go'], dir);
    expect(b.stdout).toBe(a.stdout);
  });

  it('microservices-demo: the Istio file is expected to exit 1, with the reason', async () => {
    const r = await run(['init', '--from', 'microservices-demo/kubernetes-manifests.yaml', 'microservices-demo/istio-manifests.yaml', '--name', 'shop'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('name: shop\n');
    expect(r.stdout).toContain('  - kubectl: apply -f microservices-demo/kubernetes-manifests.yaml\n    setup: true\n  - kubectl: apply -f microservices-demo/istio-manifests.yaml\n    setup: true\n    # kubectl cannot map Gateway');
    expect(r.stdout).toContain('    expect: { exit: 1 }\n');
  });

  it('refuses inputs outside the scenario folder and an existing output', async () => {
    const outside = await run(['init', '--from', 'guestbook/', '-o', 'sub/x.yaml'], dir);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('guestbook/: error[usage]: is outside the folder of the scenario (sub/x.yaml)');
    writeFileSync(join(dir, 'exists.yaml'), 'x');
    const exists = await run(['init', '--from', 'guestbook/', '-o', 'exists.yaml'], dir);
    expect(exists.code).toBe(2);
    expect(exists.stderr).toContain('exists.yaml: error[usage]: the file exists');
    const missing = await run(['init', '--from', 'nope/'], dir);
    expect(missing.code).toBe(2);
  });
});

const deployment = (replicas: number, cpu: string, memory: string, extra: Record<string, unknown> = {}): KubeObject =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `d${cpu}${memory}` },
    spec: { replicas, template: { spec: { containers: [{ name: 'c', resources: { requests: { cpu, memory } } }], ...extra } } },
  }) as unknown as KubeObject;

describe('node sizing', () => {
  it('requests: containers summed, init containers at their maximum, limits standing in for requests', () => {
    expect(podRequests({ containers: [{ resources: { requests: { cpu: '100m', memory: '64Mi' } } }, { resources: { limits: { cpu: '1', memory: '1Gi' } } }], initContainers: [{ resources: { requests: { cpu: '2' } } }] })).toEqual({ cpu: 2000, memory: 1088 * 1024 * 1024 });
  });

  it('at least two default nodes; more and larger ones when the requests need them', () => {
    expect(planNodes([deployment(3, '100m', '64Mi')])).toMatchObject({ count: 2, cpu: 4000, memory: 8 * 1024 ** 3 });
    // 20 × 1 CPU on 4-CPU nodes filled to 70% → 8 nodes.
    expect(planNodes([deployment(20, '1', '1Gi')])).toMatchObject({ count: 8, cpu: 4000 });
    // One Pod of 6 CPU / 20Gi: nodes grow to hold it with room to spare.
    expect(planNodes([deployment(1, '6', '20Gi')])).toMatchObject({ cpu: 9000, memory: 29 * 1024 ** 3 });
  });

  it('nodeSelector labels go on the nodes unless two workloads disagree', () => {
    const a = deployment(1, '1', '1Gi', { nodeSelector: { disk: 'ssd', zone: 'a' } });
    const b = deployment(1, '2', '1Gi', { nodeSelector: { zone: 'b' } });
    expect(planNodes([a, b])).toMatchObject({ labels: { disk: 'ssd' }, conflicts: ['zone'] });
  });
});
