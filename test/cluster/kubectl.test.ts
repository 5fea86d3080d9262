import { describe, expect, it } from 'vitest';
import { isSubset, withLastApplied, LAST_APPLIED } from '../../src/cluster/kubectl/apply.ts';
import { parseArgs, flag, flagAll, hasFlag } from '../../src/cluster/kubectl/args.ts';
import type { TraceStep } from '../../src/trace/types.ts';
import { trace } from './helpers.ts';

const NODES = `cluster:\n  nodes:\n    - { name: worker-1, cpu: "8", memory: 16Gi, images: ["nginx:1.27"] }\n`;
const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, labels: { app: web } }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: nginx, image: "nginx:1.27" }] }
`;

function run(commands: string[], files: Record<string, string> = {}): TraceStep[] {
  // Each command is looked at on its own: a failing one does not stop the run.
  const steps = commands.map((c) => `  - kubectl: ${JSON.stringify(c)}\n    continueOnError: true\n`).join('');
  return trace(`kubescene: v1\nname: t\n${NODES}steps:\n${steps}`, files).steps;
}

describe('kubectl apply', () => {
  it('created, unchanged (no write at all), configured', () => {
    const t = trace(
      `kubescene: v1\nname: t\n${NODES}steps:\n  - kubectl: apply -f web.yaml\n  - kubectl: apply -f web.yaml\n  - kubectl: apply -f web2.yaml\n`,
      { 'web.yaml': WEB, 'web2.yaml': WEB.replace('replicas: 1', 'replicas: 2') },
    );
    expect(t.steps.map((s) => s.output)).toEqual(['deployment.apps/web created\n', 'deployment.apps/web unchanged\n', 'deployment.apps/web configured\n']);
    const step2 = t.events.filter((e) => e.step === 2);
    expect(step2.map((e) => `${e.type} ${e.from}->${e.to}`)).toEqual([
      'request kubectl->kube-apiserver',
      'phase kube-apiserver->kube-apiserver',
      'phase kube-apiserver->kube-apiserver',
      'request kube-apiserver->etcd',
      'response etcd->kube-apiserver',
      'response kube-apiserver->kubectl',
    ]);
    // The GET of the live object is a quorum read (a range); nothing is written.
    expect(step2.filter((e) => e.etcd).map((e) => e.etcd!.op)).toEqual(['range', 'range']);
    const step3 = t.events.filter((e) => e.step === 3);
    expect(step3.some((e) => e.from === 'kubectl' && e.method === 'PATCH')).toBe(true);
    expect(t.outcome.pods).toHaveLength(2);
  });

  it('records the last-applied-configuration annotation', () => {
    const o = withLastApplied({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { b: '2', a: '1' } });
    expect(o.metadata.annotations![LAST_APPLIED]).toBe('{"apiVersion":"v1","data":{"a":"1","b":"2"},"kind":"ConfigMap","metadata":{"name":"c"}}\n');
    expect(isSubset({ spec: { replicas: 1 } }, { spec: { replicas: 1, paused: false } })).toBe(true);
    expect(isSubset({ spec: { replicas: 1 } }, { spec: { replicas: 2 } })).toBe(false);
    expect(isSubset({ l: [{ a: 1 }] }, { l: [{ a: 1, b: 2 }] })).toBe(true);
  });

  it('create -f refuses an existing object with kubectl\'s error', () => {
    const steps = run(['create -f web.yaml', 'create -f web.yaml'], { 'web.yaml': WEB });
    expect(steps[0]!.output).toBe('deployment.apps/web created\n');
    expect(steps[1]!.exitCode).toBe(1);
    expect(steps[1]!.error).toBe('Error from server (AlreadyExists): error when creating "web.yaml": deployments.apps "web" already exists\n');
  });

  it('reports an unknown kind as kubectl does', () => {
    const crd = `apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n`;
    const [s] = run(['apply -f crd.yaml'], { 'crd.yaml': crd });
    expect(s!.exitCode).toBe(1);
    expect(s!.error).toBe('error: resource mapping not found for name: "w" namespace: "" from "crd.yaml": no matches for kind "Widget" in version "example.com/v1"\nensure CRDs are installed first\n');
  });
});

describe('kubectl get / delete / create deployment', () => {
  it('errors and empty lists with kubectl wording', () => {
    const steps = run(['get pods', 'get foo', 'get deployment x', 'get pods -n kube-system -l app=none']);
    expect(steps[0]).toMatchObject({ exitCode: 0, output: '', error: 'No resources found in default namespace.\n' });
    expect(steps[1]).toMatchObject({ exitCode: 1, error: 'error: the server doesn\'t have a resource type "foo"\n' });
    expect(steps[2]).toMatchObject({ exitCode: 1, error: 'Error from server (NotFound): deployments.apps "x" not found\n' });
    expect(steps[3]!.error).toBe('No resources found in kube-system namespace.\n');
  });

  it('create deployment, get -o name, delete -l', () => {
    const steps = run(['create deployment web --image=nginx:1.27 --replicas=2', 'get deploy -o name', 'delete pods -l app=web', 'get pods -l app=web -o name']);
    expect(steps[0]!.output).toBe('deployment.apps/web created\n');
    expect(steps[1]!.output).toBe('deployment.apps/web\n');
    expect(steps[2]!.output).toMatch(/^pod "web-\w+-\w{5}" deleted\npod "web-\w+-\w{5}" deleted\n$/);
    // The ReplicaSet replaced the deleted pods.
    expect(steps[3]!.output!.trim().split('\n')).toHaveLength(2);
  });

  it('get a,b and get all print one table per type with kind-prefixed names', () => {
    const steps = run(['create deployment web --image=nginx:1.27', 'get deploy,rs', 'get all', 'get deploy,foo']);
    expect(steps[1]!.output).toMatch(/^NAME +READY +UP-TO-DATE +AVAILABLE +AGE\ndeployment\.apps\/web +1\/1 .*\n\nNAME +DESIRED +CURRENT +READY +AGE\nreplicaset\.apps\/web-\w+ +1 +1 +1 .*\n$/);
    expect(steps[2]!.output).toContain('service/kubernetes');
    expect(steps[2]!.output).toMatch(/^pod\/web-\w+-\w{5} +1\/1 +Running/m);
    expect(steps[3]).toMatchObject({ exitCode: 1, error: 'error: the server doesn\'t have a resource type "foo"\n' });
  });

  it('delete of a missing object', () => {
    const [s] = run(['delete deployment nope']);
    expect(s).toMatchObject({ exitCode: 1, error: 'Error from server (NotFound): deployments.apps "nope" not found\n' });
  });
});

describe('kubectl flag parsing', () => {
  it('handles -f x, --flag=value, booleans and aliases', () => {
    const a = parseArgs(['pods', '-n', 'dev', '--selector=app=web', '-A', '-o', 'wide', '-f', 'a.yaml', '-f', 'b.yaml']);
    expect(a.words).toEqual(['pods']);
    expect(flag(a, 'namespace')).toBe('dev');
    expect(flag(a, 'selector')).toBe('app=web');
    expect(hasFlag(a, 'all-namespaces')).toBe(true);
    expect(flag(a, 'output')).toBe('wide');
    expect(flagAll(a, 'filename')).toEqual(['a.yaml', 'b.yaml']);
  });
});
