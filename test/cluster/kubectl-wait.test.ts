/** `kubectl wait` (issue 15): every --for form, selectors, timeouts, kubectl's output, errors and exit codes, and the watch in the trace. */
import { describe, expect, it } from 'vitest';
import { trace } from './helpers.ts';
import { jsonPathValue, parseFor } from '../../src/cluster/kubectl/wait.ts';

const NODES = `cluster:\n  nodes:\n    - { name: worker-1, cpu: "8", memory: 16Gi, images: ["nginx:1.27"] }\n`;
const SLOW = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, labels: { app: web } }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: nginx
          image: "nginx:1.27"
          readinessProbe: { httpGet: { path: /, port: 80 }, initialDelaySeconds: 20, periodSeconds: 5 }
`;

/** Each command on its own (a failing one does not stop the run). */
function run(commands: string[]) {
  const steps = commands.map((c) => `  - kubectl: ${JSON.stringify(c)}\n    continueOnError: true\n`).join('');
  return trace(`kubescene: v1\nname: t\n${NODES}steps:\n  - kubectl: apply -f web.yaml\n${steps}`, { 'web.yaml': SLOW });
}

describe('kubectl wait', () => {
  it('waits through a WATCH until the condition holds, and prints "condition met"', () => {
    const t = run(['wait --for=condition=Available deployment/web --timeout=2m']);
    const w = t.steps[1]!;
    expect(w).toMatchObject({ exitCode: 0, output: 'deployment.apps/web condition met\n', error: '' });
    const ev = t.events.filter((e) => e.step === 2);
    expect(ev.some((e) => e.type === 'request' && e.from === 'kubectl' && e.method === 'GET' && e.path === '/apis/apps/v1/namespaces/default/deployments/web')).toBe(true);
    const watch = ev.find((e) => e.type === 'request' && e.verb === 'watch' && e.from === 'kubectl')!;
    expect(watch.path).toMatch(/^\/apis\/apps\/v1\/namespaces\/default\/deployments\?fieldSelector=metadata.name%3Dweb&resourceVersion=\d+&watch=true$/);
    expect(ev.some((e) => e.type === 'watch' && e.to === 'kubectl')).toBe(true);
    // The readiness probe's initial delay passed while kubectl waited.
    expect(w.endMs - w.startMs).toBeGreaterThanOrEqual(15_000);
  });

  it('times out with kubectl\'s error and exit 1', () => {
    const t = run(['wait --for=condition=Available deployment/web --timeout=5s']);
    expect(t.steps[1]).toMatchObject({ exitCode: 1, output: '', error: 'error: timed out waiting for the condition on deployments/web\n' });
    expect(t.steps[1]!.endMs - t.steps[1]!.startMs).toBeGreaterThanOrEqual(5000);
  });

  it('selectors, --all, several names, jsonpath, delete and create', () => {
    const t = run([
      'wait --for=condition=Ready pods -l app=web --timeout=60s',
      'wait --for=jsonpath={.status.readyReplicas}=2 deployment web',
      `wait --for='jsonpath={.status.conditions[?(@.type=="Available")].status}=True' deployment/web`,
      'wait --for=condition=available=true deploy/web deployment/web',
      'wait --for=condition=Ready pods -l app=nope',
      'wait --for=condition=Ready pod/ghost',
      'wait --for=bogus deployment/web',
      'wait --for=condition=Ready deployment',
      'delete deployment web',
      'wait --for=delete pods --all --timeout=2m',
      'wait --for=create configmap/later --timeout=0',
    ]);
    const [, ready, jp, filter, several, none, ghost, bogus, noName, , del, create] = t.steps;
    expect(ready!.output).toMatch(/^pod\/web-\w+-\w{5} condition met\npod\/web-\w+-\w{5} condition met\n$/);
    expect(jp!.output).toBe('deployment.apps/web condition met\n');
    expect(filter!.output).toBe('deployment.apps/web condition met\n');
    expect(several!.output).toBe('deployment.apps/web condition met\ndeployment.apps/web condition met\n');
    expect(none).toMatchObject({ exitCode: 1, error: 'error: no matching resources found\n' });
    expect(ghost).toMatchObject({ exitCode: 1, error: 'Error from server (NotFound): pods "ghost" not found\n' });
    expect(bogus).toMatchObject({ exitCode: 1, error: 'error: unrecognized condition: "bogus"\n' });
    expect(noName).toMatchObject({ exitCode: 1, error: 'error: resource(s) were provided, but no name, label selector, or --all flag specified\n' });
    expect(del).toMatchObject({ exitCode: 0 });
    expect(create).toMatchObject({ exitCode: 1, error: 'error: timed out waiting for the condition on configmaps/later\n' });
  });

  it('-f FILE waits for each object of the file', () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cfg, namespace: kube-system }\ndata: { a: b }\n';
    const t = trace(
      `kubescene: v1\nname: t\n${NODES}steps:\n  - kubectl: apply -f web.yaml -f cm.yaml\n  - kubectl: wait --for=condition=Available -f web.yaml --timeout=2m\n  - kubectl: wait --for=create -f cm.yaml\n  - kubectl: wait --for=create -f cm.yaml deployment/web\n    continueOnError: true\n`,
      { 'web.yaml': SLOW, 'cm.yaml': cm },
    );
    expect(t.steps[1]).toMatchObject({ exitCode: 0, output: 'deployment.apps/web condition met\n' });
    expect(t.steps[2]).toMatchObject({ exitCode: 0, output: 'configmap/cfg condition met\n' });
    // The object's own namespace, not the default one.
    expect(t.events.some((e) => e.step === 3 && e.type === 'request' && e.path === '/api/v1/namespaces/kube-system/configmaps/cfg')).toBe(true);
    expect(t.steps[3]).toMatchObject({ exitCode: 1, error: 'error: when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well\n' });
  });

  it('parses --for like kubectl and reads the JSONPath subset', () => {
    expect(parseFor('condition=Ready')).toEqual({ kind: 'condition', name: 'Ready', value: 'true' });
    expect(parseFor('condition=Ready=False')).toEqual({ kind: 'condition', name: 'Ready', value: 'False' });
    expect(parseFor('jsonpath={.status.phase}=Running')).toEqual({ kind: 'jsonpath', path: '.status.phase', value: 'Running' });
    expect(parseFor('jsonpath={.status.loadBalancer.ingress}')).toEqual({ kind: 'jsonpath', path: '.status.loadBalancer.ingress' });
    expect(parseFor('Delete')).toEqual({ kind: 'delete' });
    expect(parseFor('')).toBeUndefined();
    expect(parseFor('condition=')).toBeUndefined();
    const o = { status: { conditions: [{ type: 'A', status: 'False' }, { type: 'Ready', status: 'True' }] } };
    expect(jsonPathValue(o, '.status.conditions[?(@.type=="Ready")].status')).toBe('True');
    expect(jsonPathValue(o, '.status.conditions[0].type')).toBe('A');
    expect(jsonPathValue(o, '.status.nope')).toBeUndefined();
    expect(jsonPathValue(o, 'status garbage')).toBeUndefined();
  });
});
