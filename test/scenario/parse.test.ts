import { describe, expect, it, vi } from 'vitest';
import { parseScenario } from '../../src/scenario/index.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import type { Diagnostic } from '../../src/common/diagnostic.ts';

const none = () => undefined;

function load(text: string, files: Record<string, string> = {}): Scenario {
  const r = parseScenario(text, 'scenarios/test.yaml', (rel) => files[rel]);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.start?.line}:${d.start?.column} ${d.code} ${d.message}`).join('\n'));
  return r.value;
}

function errors(text: string, files: Record<string, string> = {}): Diagnostic[] {
  const r = parseScenario(text, 'scenarios/test.yaml', (rel) => files[rel]);
  if (r.ok) throw new Error('expected diagnostics');
  return r.diagnostics;
}

const y = (lines: string[]) => lines.join('\n') + '\n';

describe('defaults', () => {
  it('applies every default of the format', () => {
    const s = load('kubescene: v1\nsteps:\n  - advance: 1s\n');
    expect(s.name).toBe('test');
    expect(s.title).toBe('test');
    expect(s.description).toBe('');
    expect(s.seed).toBe(0);
    expect(s.source).toBe('scenarios/test.yaml');
    expect(s.cluster.kubernetes).toBe('1.31');
    expect(s.cluster.controlPlane).toEqual({ apiServers: 1, etcd: 1 });
    expect(s.cluster.proxyMode).toBe('iptables');
    expect(s.cluster.nodes.map((n) => n.name)).toEqual(['worker-1', 'worker-2', 'worker-3']);
    expect(s.cluster.nodes[0]).toMatchObject({ cpuMillis: 4000, memoryBytes: 8 * 2 ** 30, pods: 110, taints: [], images: [] });
    expect(s.cluster.nodes[0]?.labels['kubernetes.io/hostname']).toBe('worker-1');
    expect(s.cluster.users).toEqual([{ name: 'admin', groups: ['system:masters'] }]);
    expect(s.diagrams).toEqual({ sequence: {}, flowchart: {}, architecture: {} });
    expect(s.files).toEqual({});
  });

  it('an explicit empty node list means no nodes', () => {
    expect(load('kubescene: v1\ncluster: { nodes: [] }\nsteps: []\n').cluster.nodes).toEqual([]);
  });

  it('accepts the profile as a YAML number, as written', () => {
    expect(load('kubescene: v1\ncluster: { kubernetes: 1.23 }\nsteps: []\n').cluster.kubernetes).toBe('1.23');
    const [e] = errors('kubescene: v1\ncluster: { kubernetes: 1.30 }\nsteps: []\n');
    expect(e?.message).toBe('cluster.kubernetes: version "1.30" is not supported');
  });
});

describe('cluster', () => {
  it('expands node pools and parses quantities and taints', () => {
    const s = load(
      y([
        'kubescene: v1',
        'cluster:',
        '  nodes:',
        '    - name: big',
        '      cpu: 16',
        '      memory: 64Gi',
        '      taints: [ "gpu:NoSchedule", "team=a:NoExecute" ]',
        '    - namePrefix: pool-a-',
        '      count: 3',
        '      cpu: 500m',
        '      memory: 1G',
        '      labels: { zone: a }',
        'steps: []',
      ]),
    );
    expect(s.cluster.nodes.map((n) => [n.name, n.cpuMillis, n.memoryBytes])).toEqual([
      ['big', 16000, 64 * 2 ** 30],
      ['pool-a-1', 500, 1e9],
      ['pool-a-2', 500, 1e9],
      ['pool-a-3', 500, 1e9],
    ]);
    expect(s.cluster.nodes[0]?.taints).toEqual([
      { key: 'gpu', effect: 'NoSchedule' },
      { key: 'team', value: 'a', effect: 'NoExecute' },
    ]);
    expect(s.cluster.nodes[3]?.labels).toEqual({ 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': 'pool-a-3', 'kubernetes.io/os': 'linux', zone: 'a' });
    expect(s.cluster.nodes[3]?.pos).toEqual({ line: 8, column: 7 });
  });

  it('always has admin in system:masters, first', () => {
    const s = load('kubescene: v1\ncluster:\n  users: [ { name: bob }, { name: admin, groups: [ ops ] } ]\nsteps: []\n');
    expect(s.cluster.users).toEqual([
      { name: 'admin', groups: ['system:masters', 'ops'] },
      { name: 'bob', groups: [] },
    ]);
  });
});

describe('steps', () => {
  const s = load(
    y([
      'kubescene: v1',
      'cluster: { controlPlane: { etcd: 3, apiServers: 2 } }',
      'steps:',
      '  - kubectl: kubectl get pods -o wide',
      '  - kubectl: delete pod web',
      '    title: Delete it',
      '    expect: { exit: 1, output: NotFound }',
      '  - wait: { for: delete, object: pod/web }',
      '  - advance: 1h30m',
      '  - fault: { node: worker-2, action: up }',
      '  - fault: { pod: web-1, container: app, action: crash }',
      '  - fault: { etcd: etcd-3, action: down }',
      '  - fault: { apiServer: apiserver-2, action: down }',
      '  - load: { target: deployment/web, cpu: 250m, memory: [ 64Mi, 128Mi ] }',
      '  - traffic: { to: service/web, count: 5 }',
      '  - expect:',
      '      - object: service/web',
      '      - object: pod/old',
      '        exists: false',
      '      - trace: { from: kubelet, absent: true }',
    ]),
  );

  it('numbers steps from 1 and derives titles', () => {
    expect(s.steps.map((x) => [x.number, x.type, x.title])).toEqual([
      [1, 'kubectl', 'kubectl get pods -o wide'],
      [2, 'kubectl', 'Delete it'],
      [3, 'wait', 'Wait for pod/web delete'],
      [4, 'advance', 'Advance 1h30m'],
      [5, 'fault', 'Node worker-2 comes back up'],
      [6, 'fault', 'Container app of pod web-1 crashes'],
      [7, 'fault', 'etcd member etcd-3 goes down'],
      [8, 'fault', 'API server apiserver-2 goes down'],
      [9, 'load', 'Load on deployment/web: CPU 250m, memory 64Mi, 128Mi per pod'],
      [10, 'traffic', 'Send 5 requests from internet to service/web'],
      [11, 'expect', 'Check service/web exists; pod/old absent; no trace from kubelet'],
    ]);
  });

  it('parses each step kind', () => {
    expect(s.steps[0]).toMatchObject({ command: 'get pods -o wide', argv: ['get', 'pods', '-o', 'wide'], as: 'admin', expect: [] });
    expect(s.steps[1]).toMatchObject({ exit: 1, output: 'NotFound', expect: [{ type: 'exit', equals: 1 }, { type: 'output', contains: 'NotFound' }] });
    expect(s.steps[2]).toMatchObject({ for: 'delete', object: 'pod/web', timeout: 30_000 });
    expect(s.steps[3]).toMatchObject({ duration: 5_400_000 });
    expect(s.steps[5]).toMatchObject({ target: 'pod', name: 'web-1', namespace: 'default', container: 'app', action: 'crash' });
    expect(s.steps[8]).toMatchObject({ cpuMillis: [250], memoryBytes: [64 * 2 ** 20, 128 * 2 ** 20] });
    expect(s.steps[9]).toMatchObject({ from: 'internet', to: 'service/web', count: 5 });
    expect(s.steps[10]?.expect).toMatchObject([
      { type: 'object', object: 'service/web', path: '', exists: true },
      { type: 'object', object: 'pod/old', exists: false },
      { type: 'trace', from: 'kubelet', absent: true },
    ]);
    expect(s.steps[10]?.expect[0]?.pos).toEqual({ line: 17, column: 9 });
  });

  it('marks scene-setting steps with setup: true, and nothing else', () => {
    const s = load(y(['kubescene: v1', 'steps:', '  - kubectl: apply -f x.yaml', '    setup: true', '  - kubectl: get pods', '    setup: false', '  - setup: true', '    expect:', '      - pods: { selector: app=x, count: 0 }']), { 'x.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n' });
    expect(s.steps.map((st) => st.setup)).toEqual([true, undefined, true]);
    const [e] = errors(y(['kubescene: v1', 'steps:', '  - advance: 1s', '    setup: yes please']));
    expect(e).toMatchObject({ code: 'wrong-type', start: { line: 4, column: 12 } });
  });

  it('reads continueOnError: true, and refuses a non-boolean at its position', () => {
    const s = load(y(['kubescene: v1', 'steps:', '  - kubectl: get pods nope', '    continueOnError: true', '  - wait: { for: delete, object: pod/x }', '    continueOnError: false']));
    expect(s.steps.map((st) => st.continueOnError)).toEqual([true, undefined]);
    const [e] = errors(y(['kubescene: v1', 'steps:', '  - kubectl: get pods nope', '    continueOnError: "yes"']));
    expect(e).toMatchObject({ code: 'wrong-type', start: { line: 4, column: 22 } });
    expect(e!.message).toContain('steps[0].continueOnError');
    const [typo] = errors(y(['kubescene: v1', 'steps:', '  - kubectl: get pods', '    continueOnErrors: true']));
    expect(typo).toMatchObject({ code: 'unknown-key', start: { line: 4, column: 5 } });
  });
});

describe('diagrams', () => {
  it('reads the detail level and refuses unknown ones with a suggestion', () => {
    expect(load(y(['kubescene: v1', 'diagrams: { detail: summary }', 'steps: []'])).diagrams.detail).toBe('summary');
    const [e] = errors(y(['kubescene: v1', 'diagrams: { detail: sumary }', 'steps: []']));
    expect(e).toMatchObject({ code: 'invalid-value', start: { line: 2, column: 21 } });
    expect(e?.hint).toContain('summary');
  });

  it('reads the gallery picture (architecture; flowchart, the default, is not stored) and refuses others, located', () => {
    expect(load(y(['kubescene: v1', 'diagrams: { gallery: architecture }', 'steps: []'])).diagrams.gallery).toBe('architecture');
    expect(load(y(['kubescene: v1', 'diagrams: { gallery: flowchart }', 'steps: []'])).diagrams).not.toHaveProperty('gallery');
    const [e] = errors(y(['kubescene: v1', 'diagrams: { gallery: sequence }', 'steps: []']));
    expect(e).toMatchObject({ code: 'invalid-value', start: { line: 2, column: 22 } });
    expect(e?.message).toContain('diagrams.gallery');
  });

  it('reads frames: true on a view entry, alongside its steps', () => {
    const s = load(y(['kubescene: v1', 'diagrams:', '  sequence: { steps: [2, 1], frames: true }', '  architecture: { frames: true }', '  flowchart: { step: 1, frames: false }', 'steps:', '  - kubectl: get pods', '  - kubectl: get nodes']));
    expect(s.diagrams).toEqual({ sequence: { steps: [1, 2], frames: true }, architecture: { frames: true }, flowchart: { step: 1 } });
  });

  it('refuses a frames that is not a boolean and a misspelt frames, all at once, located', () => {
    const ds = errors(y(['kubescene: v1', 'diagrams:', '  sequence: { frames: yes please }', '  architecture: { frame: true }', 'steps: []']));
    expect(ds.map((d) => [d.code, d.start?.line, d.start?.column])).toEqual([
      ['wrong-type', 3, 23],
      ['unknown-key', 4, 19],
    ]);
    expect(ds[0]?.message).toContain('diagrams.sequence.frames');
    expect(ds[1]?.hint).toContain('frames');
  });
});

describe('identities', () => {
  it('accepts service accounts without declaring them', () => {
    const s = load('kubescene: v1\nsteps:\n  - kubectl: get pods\n    as: system:serviceaccount:ci:builder\n');
    expect(s.steps[0]).toMatchObject({ as: 'system:serviceaccount:ci:builder' });
    expect(s.cluster.users[1]).toEqual({ name: 'system:serviceaccount:ci:builder', groups: ['system:serviceaccounts', 'system:serviceaccounts:ci'] });
  });

  it('refuses undeclared users', () => {
    const [e] = errors('kubescene: v1\nsteps:\n  - kubectl: get pods\n    as: system:serviceaccount:Bad\n');
    expect(e).toMatchObject({ code: 'unknown-user', start: { line: 4, column: 9 } });
  });
});

describe('files', () => {
  it('maps positions inside a multi-document block string back to the scenario', () => {
    const text = y([
      'kubescene: v1', //                                   1
      'files:', //                                          2
      '  web.yaml: |', //                                   3
      '    apiVersion: v1', //                              4
      '    kind: ConfigMap', //                             5
      '    metadata: { name: a }', //                       6
      '    ---', //                                         7
      '    apiVersion: apps/v1', //                         8
      '    kind: Deployment', //                            9
      '    metadata: { name: web }', //                     10
      '    spec: { replicas: many, selector: {}, template: {} }', // 11
      'steps: []',
    ]);
    const [e] = errors(text);
    expect(e).toMatchObject({ code: 'invalid-manifest', start: { line: 11, column: 23 }, sourceLine: '    spec: { replicas: many, selector: {}, template: {} }' });
    expect(e?.message).toBe('Deployment "web": spec.replicas: must be an integer');
  });

  it('maps positions in other string styles to the start of the string', () => {
    const [e] = errors('kubescene: v1\nfiles:\n  x.yaml: "apiVersion: v1\\nkind: Pod\\nmetadata: {}"\nsteps: []\n');
    expect(e).toMatchObject({ code: 'invalid-manifest', start: { line: 3, column: 11 } });
  });

  it('never asks the host for a path outside the scenario folder', () => {
    const readFile = vi.fn(none);
    const r = parseScenario('kubescene: v1\nsteps:\n  - kubectl: apply -f a/../../x.yaml\n  - kubectl: apply -f /etc/hosts\n', 's.yaml', readFile);
    expect(r.ok).toBe(false);
    expect(readFile).not.toHaveBeenCalled();
    if (!r.ok) expect(r.diagnostics.map((d) => d.code)).toEqual(['path-escape', 'path-escape']);
  });

  it('reads each disk file once, inline files first, and normalises names', () => {
    const readFile = vi.fn((rel: string) => (rel === 'cm.yaml' ? 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cm }\n' : undefined));
    const r = parseScenario(
      y([
        'kubescene: v1',
        'files:',
        '  web.yaml: { apiVersion: v1, kind: Namespace, metadata: { name: web } }',
        'steps:',
        '  - kubectl: apply -f ./web.yaml -f cm.yaml',
        '  - kubectl: delete --filename=sub/../cm.yaml',
      ]),
      's.yaml',
      readFile,
    );
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(readFile).toHaveBeenCalledTimes(1);
    expect(r.value.steps.map((s) => (s.type === 'kubectl' ? s.files : undefined))).toEqual([['web.yaml', 'cm.yaml'], ['cm.yaml']]);
    expect(r.value.files['cm.yaml']).toMatchObject({ origin: 'disk', objects: [{ kind: 'ConfigMap' }] });
    expect(r.value.files['web.yaml']).toMatchObject({ origin: 'inline', pos: { line: 3, column: 3 } });
    // Each spelling a command used finds the same file (the model looks arguments up as written).
    expect(r.value.files['./web.yaml']).toBe(r.value.files['web.yaml']);
    expect(r.value.files['sub/../cm.yaml']).toBe(r.value.files['cm.yaml']);
    expect(Object.keys(r.value.files)).toEqual(['./web.yaml', 'cm.yaml', 'sub/../cm.yaml', 'web.yaml']);
  });

  it('reads folders through listDir, .yaml/.yml/.json only, sorted', () => {
    const disk: Record<string, string> = {
      'm/b.yml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: b }\n',
      'm/a.json': '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}',
      'm/notes.txt': 'not yaml',
    };
    const r = parseScenario('kubescene: v1\nsteps:\n  - kubectl: apply -f m/\n', 's.yaml', (rel) => disk[rel], {
      listDir: (rel) => (rel === 'm' ? ['notes.txt', 'b.yml', 'a.json'] : undefined),
    });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.value.files.m).toMatchObject({ entries: ['m/a.json', 'm/b.yml'] });
    expect(r.value.files.m?.objects.map((o) => o.metadata.name)).toEqual(['a', 'b']);
  });

  it('reports a missing file at the argument, with a suggestion', () => {
    const [e] = errors('kubescene: v1\nfiles:\n  web.yaml: { apiVersion: v1, kind: Namespace, metadata: { name: w } }\nsteps:\n  - kubectl: apply -f wbe.yaml\n');
    expect(e).toMatchObject({ code: 'file-not-found', start: { line: 5, column: 23 }, end: { line: 5, column: 31 }, hint: 'did you mean "web.yaml"?' });
  });

  it('reports problems of disk files in those files', () => {
    const [e] = errors('kubescene: v1\nsteps:\n  - kubectl: apply -f sub/bad.yaml\n', { 'sub/bad.yaml': 'apiVersion: v1\nkind: Service\nmetadata: { name: s }\nspec: { type: Weird }\n' });
    expect(e).toMatchObject({ file: 'scenarios/sub/bad.yaml', start: { line: 4, column: 15 }, message: 'Service "s": spec.type: must be one of "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"' });
  });
});

describe('digest', () => {
  const text = 'kubescene: v1\nsteps:\n  - kubectl: apply -f a.yaml\n';
  const a1 = { 'a.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: { name: a }\n' };
  const a2 = { 'a.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: { name: b }\n' };

  it('is stable and covers every file read', () => {
    const d1 = load(text, a1);
    expect(load(text, a1).digest).toBe(d1.digest);
    expect(load(text, a2).digest).not.toBe(d1.digest);
    expect(load(text + '# comment\n', a1).digest).not.toBe(d1.digest);
    expect(d1.inputs.map((i) => i.path)).toEqual(['a.yaml', 'test.yaml']);
    expect(d1.digest).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('robustness', () => {
  const inputs = [
    '',
    '---',
    '{}',
    '[]',
    'kubescene: v1',
    'kubescene: v1\nsteps: 3',
    'kubescene: v1\nsteps: [1, "x", [], {}, null]',
    'kubescene: v1\nsteps:\n  - kubectl:\n  - wait:\n  - fault:\n  - load:\n  - traffic:\n  - expect:\n  - advance:',
    'kubescene: v1\nfiles: [1]\ncluster: []\ndiagrams: 1\nsteps: []',
    'kubescene: v1\nfiles: { a: "{{{" }\nsteps: [ { kubectl: apply -f a } ]',
    'kubescene: v1\nfiles: { a: [ { apiVersion: 1, kind: [] } ] }\nsteps: []',
    'kubescene: v1\nsteps:\n  - expect: [ { pods: 1 }, { object: 2 }, { event: 3 }, { trace: 4 }, 5 ]',
    'kubescene: {}\nsteps: {}',
    '? [a]\n: b\nkubescene: v1\nsteps: []',
    'kubescene: v1\nx: &a [*a]\nsteps: []',
    'a: &a [1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    '\u0000\u0001',
    'kubescene: v1\nsteps:\n  - kubectl: "apply -f"\n  - kubectl: "apply -f ,,"',
  ];
  it.each(inputs)('never throws on %j', (text) => {
    const r = parseScenario(text, 'x.yaml', none);
    if (!r.ok) {
      expect(r.diagnostics.length).toBeGreaterThan(0);
      for (const d of r.diagnostics) expect(d.file).toBe('x.yaml');
    }
  });

  it('keeps warnings apart from errors', () => {
    const r = parseScenario('kubescene: v1\ntitle: !!weird x\nsteps: []\n', 'x.yaml', none);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.warnings.map((w) => w.code)).toEqual(['yaml-warning']);
  });
});

describe('YAML aliases', () => {
  const laughs = (levels: number, refs: number) => {
    const lines = ['kubescene: v1', `l0: &l0 [${Array(refs).fill('lol').join(', ')}]`];
    for (let i = 1; i < levels; i++) lines.push(`l${i}: &l${i} [${Array(refs).fill(`*l${i - 1}`).join(', ')}]`);
    return y([...lines, 'steps:', '  - advance: 1s']);
  };

  it('stops a billion-laughs document at the alias that crosses the limit, with yaml-alias-limit', () => {
    const d = errors(laughs(10, 9));
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ code: 'yaml-alias-limit', severity: 'error' });
    // l2's third reference: l1 stands for 9 nodes, and 9 × 12 > 100 at …, located exactly at a `*l1`.
    const line = laughs(10, 9).split('\n')[d[0]!.start!.line - 1]!;
    expect(line.slice(d[0]!.start!.column - 1)).toMatch(/^\*l\d/);
  });

  it('stops a wide bomb (one anchor, thousands of references) too', () => {
    const refs = Array(5000).fill('*a').join(', ');
    const d = errors(y(['kubescene: v1', 'x: &a [1, 2, 3]', `y: [${refs}]`, 'steps:', '  - advance: 1s']));
    expect(d.map((x) => x.code)).toEqual(['yaml-alias-limit']);
    expect(d[0]!.start!.line).toBe(3);
  });

  it('still expands ordinary anchors', () => {
    const s = load(y(['kubescene: v1', 'steps:', '  - advance: &t 5s', '  - advance: *t', '  - advance: *t']));
    expect(s.steps).toHaveLength(3);
  });
});
