/**
 * Fake pipeline stages for build/check/watch tests: a tiny scenario loader
 * (real YAML files, real digests), a simulation built with the fixture
 * TraceBuilder, and renders that are cheap text. Counts calls, and can be told
 * to fail a render mid-build.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { sha256 } from '../../../src/common/hash.ts';
import { fail, ok } from '../../../src/common/result.ts';
import type { Scenario } from '../../../src/scenario/types.ts';
import type { Stages } from '../../../src/build/stages.ts';
import type { View, ViewKind } from '../../../src/views/types.ts';
import { TraceBuilder } from '../../fixtures/traces/builder.ts';

export interface FakeStages extends Stages {
  simulated: string[];
  /** Throw from renderView (png) for the scenario with this name. */
  failRender?: string;
}

interface FakeDoc {
  kubescene?: string;
  name?: string;
  title?: string;
  description?: string;
  fail?: boolean;
  steps?: { kubectl: string }[];
  diagrams?: { sequence?: { frames?: true }; architecture?: { frames?: true }; flowchart?: { frames?: true } };
}

export function fakeStages(): FakeStages {
  const stages: FakeStages = {
    simulated: [],
    async loadScenario(path, opts) {
      let text: string;
      try {
        text = await readFile(resolve(opts.cwd, path), 'utf8');
      } catch {
        return fail([{ code: 'file-not-found', severity: 'error', message: 'cannot read the scenario', file: path }]);
      }
      const doc = parse(text) as FakeDoc;
      if (doc?.kubescene !== 'v1') return fail([{ code: 'not-a-scenario', severity: 'error', message: 'missing "kubescene: v1"', file: path, start: { line: 1, column: 1 } }]);
      const name = doc.name ?? path.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
      const scenario = {
        name,
        title: doc.title ?? name,
        description: doc.description ?? '',
        seed: 0,
        source: path,
        digest: sha256(text),
        inputs: [{ path, sha256: sha256(text) }],
        diagrams: { sequence: { ...doc.diagrams?.sequence }, flowchart: { ...doc.diagrams?.flowchart }, architecture: { ...doc.diagrams?.architecture } },
        steps: (doc.steps ?? []).map((s, i) => ({ type: 'kubectl', number: i + 1, title: s.kubectl, command: s.kubectl, fail: doc.fail })),
      } as unknown as Scenario;
      return ok(scenario);
    },
    simulate(scenario) {
      stages.simulated.push(scenario.name);
      const b = new TraceBuilder(scenario.name, scenario.title, scenario.description);
      b.host('control-plane', 'control-plane');
      b.component('kubectl', 'client', null, 'client');
      b.component('kube-apiserver', 'apiserver', 'control-plane', 'control-plane');
      b.component('etcd', 'etcd', 'control-plane', 'control-plane');
      for (const step of scenario.steps) {
        const cmd = (step as unknown as { command: string }).command;
        const name = cmd.split(' ').pop()!;
        b.beginStep({ kind: 'kubectl', title: step.title, command: `kubectl ${cmd}`, output: `configmap/${name} created`, exitCode: 0 });
        b.apiCall({ from: 'kubectl', user: 'admin', verb: 'create', method: 'POST', path: '/api/v1/namespaces/default/configmaps', resource: { apiVersion: 'v1', kind: 'ConfigMap', resource: 'configmaps', namespace: 'default', name }, cause: null, etcdKey: `/registry/configmaps/default/${name}` });
      }
      const failing = scenario.steps.some((s) => (s as unknown as { fail?: boolean }).fail);
      const expectations = failing ? [{ step: 1, description: 'configmap exists', passed: false, expected: 'exists', found: 'nothing' }] : [];
      return b.build({ source: scenario.source }, { objects: [], pods: [], nodes: [], kubeEvents: [], expectations, passed: !failing });
    },
    buildView(trace, kind: ViewKind): View {
      const title = `${trace.header.scenario.title} (${trace.events.length} events)`;
      if (kind === 'sequence') return { kind, title, boxes: [], participants: [], items: [], steps: [] };
      if (kind === 'flowchart') return { kind, title, step: 1, nodes: [], edges: [], steps: [] };
      return { kind, title, nodes: [], edges: [], legend: [], steps: [] };
    },
    async renderView(view, opts) {
      if (opts.format === 'png') {
        if (stages.failRender && view.title.startsWith(stages.failRender)) throw new Error('render exploded');
        return new TextEncoder().encode(`PNG ${view.kind} ${view.title}`);
      }
      return `<svg><text>${view.kind}: ${view.title}</text></svg>\n`;
    },
    async renderSvgAndPng(view, drawn) {
      const svg = drawn ?? ((await stages.renderView(view, { format: 'svg', theme: 'light' })) as string);
      const png = (await stages.renderView(view, { format: 'png', theme: 'light' })) as Uint8Array;
      return { svg, png };
    },
    toMermaid(view) {
      return `%% ${view.kind}\n${view.title}\n`;
    },
    async frames(trace, kind, settings, steps) {
      const view = stages.buildView(trace, kind, settings);
      return steps.map((step) => ({ step, view, svg: `<svg><text>${kind} frame ${step}: ${view.title}</text></svg>\n` }));
    },
    async player(trace) {
      return `<!DOCTYPE html>\n<title>player of ${trace.header.scenario.title} (${trace.events.length} events)</title>\n`;
    },
  };
  return stages;
}

export function scenarioYaml(name: string, steps: string[], extra = ''): string {
  return `kubescene: v1\nname: ${name}\ntitle: "Scenario ${name}"\ndescription: The ${name} story.\n${extra}steps:\n${steps.map((s) => `  - kubectl: ${s}\n`).join('')}`;
}
