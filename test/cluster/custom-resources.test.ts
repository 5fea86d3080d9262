/**
 * CustomResourceDefinitions: the API server serves a CRD's resource once the
 * apiextensions controllers have set NamesAccepted and Established; before
 * that (or without the CRD) kubectl answers with its real errors.
 */
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../src/trace/types.ts';
import { trace } from './helpers.ts';

const crd = (opts: { scope?: string; columns?: string } = {}) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  scope: ${opts.scope ?? 'Namespaced'}
  names: { plural: widgets, singular: widget, kind: Widget, shortNames: [wd] }
  versions:
    - name: v1
      served: true
      storage: true
      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
${opts.columns ?? ''}`;

const WIDGET = `apiVersion: example.com/v1
kind: Widget
metadata: { name: w1 }
spec: { size: big, replicas: 3 }
`;

const COLUMNS = `      additionalPrinterColumns:
        - { name: Size, type: string, jsonPath: .spec.size }
        - { name: Replicas, type: integer, jsonPath: .spec.replicas }
        - { name: Color, type: string, jsonPath: .spec.color }
        - { name: Age, type: date, jsonPath: .metadata.creationTimestamp }
        - { name: Owner, type: string, jsonPath: .spec.size, priority: 1 }
`;

function run(steps: string[], files: Record<string, string>, apiServers = 1): Trace {
  const text = steps.map((c) => (c.startsWith('advance') ? `  - ${c}\n` : `  - kubectl: ${JSON.stringify(c)}\n    continueOnError: true\n`)).join('');
  return trace(`kubescene: v1\nname: t\ncluster:\n  controlPlane: { apiServers: ${apiServers} }\n  nodes:\n    - { name: worker-1 }\nsteps:\n${text}`, files);
}

/** `$ cmd` + stdout + stderr + exit code of each kubectl step. */
function outputs(t: Trace): string[] {
  return t.steps.filter((s) => s.exitCode !== undefined).map((s) => `${s.output ?? ''}${s.error ?? ''}[${s.exitCode}]`);
}

describe('custom resources: served once the CRD is Established', () => {
  it.each([
    [
      'without the CRD: kubectl\'s errors',
      ['apply -f w.yaml', 'create -f w.yaml', 'get widgets', 'get wd w1'],
      { 'w.yaml': WIDGET },
      1,
      [
        'error: resource mapping not found for name: "w1" namespace: "" from "w.yaml": no matches for kind "Widget" in version "example.com/v1"\nensure CRDs are installed first\n[1]',
        'error: resource mapping not found for name: "w1" namespace: "" from "w.yaml": no matches for kind "Widget" in version "example.com/v1"\nensure CRDs are installed first\n[1]',
        'error: the server doesn\'t have a resource type "widgets"\n[1]',
        'error: the server doesn\'t have a resource type "wd"\n[1]',
      ],
    ],
    [
      'lifecycle: create, get by every name, delete',
      ['apply -f crd.yaml', 'get widgets', 'apply -f w.yaml', 'get widget w1 -o name', 'get Widget -o name', 'get widgets.example.com -o name', 'get wd w1 -o jsonpath={.spec.size}', 'apply -f w.yaml', 'delete wd w1', 'get widgets w1'],
      { 'crd.yaml': crd(), 'w.yaml': WIDGET },
      1,
      [
        'customresourcedefinition.apiextensions.k8s.io/widgets.example.com created\n[0]',
        'No resources found in default namespace.\n[0]',
        'widget.example.com/w1 created\n[0]',
        'widget.example.com/w1\n[0]',
        'widget.example.com/w1\n[0]',
        'widget.example.com/w1\n[0]',
        'big[0]',
        'widget.example.com/w1 unchanged\n[0]',
        'widget.example.com "w1" deleted\n[0]',
        'Error from server (NotFound): widgets.example.com "w1" not found\n[1]',
      ],
    ],
    [
      'one command with the CRD and an object of its kind: kubectl maps every object first (no matches for kind)',
      ['apply -f crd.yaml -f w.yaml', 'apply -f crd.yaml -f w.yaml'],
      { 'crd.yaml': crd(), 'w.yaml': WIDGET },
      1,
      [
        'customresourcedefinition.apiextensions.k8s.io/widgets.example.com created\nerror: resource mapping not found for name: "w1" namespace: "" from "w.yaml": no matches for kind "Widget" in version "example.com/v1"\nensure CRDs are installed first\n[1]',
        'customresourcedefinition.apiextensions.k8s.io/widgets.example.com unchanged\nwidget.example.com/w1 created\n[0]',
      ],
    ],
  ])('%s', (_what, steps, files, apiServers, want) => {
    expect(outputs(run(steps, files, apiServers))).toEqual(want);
  });

  it.each([
    [1, 0],
    [2, 5000],
  ])('with %i API server(s), Established follows NamesAccepted %i ms later (plus the write round trip)', (apiServers, delay) => {
    const t = run(['apply -f crd.yaml'], { 'crd.yaml': crd() }, apiServers);
    const at = (what: string) => t.events.find((e) => e.type === 'request' && e.summary.includes(`widgets.example.com (${what})`))?.t;
    expect(at('NamesAccepted')).toBeDefined();
    // The status write's round trip and the watch delivery take a few ms on top.
    const gap = at('Established')! - at('NamesAccepted')!;
    expect(gap).toBeGreaterThanOrEqual(delay);
    expect(gap).toBeLessThan(delay + 50);
  });

  it('the apiextensions controllers set NamesAccepted and Established as kube-apiserver does', () => {
    const t = run(['apply -f crd.yaml', "get crd widgets.example.com -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.reason}: {.message};{end}'", 'get crd widgets.example.com -o jsonpath={.status.acceptedNames}'], { 'crd.yaml': crd() });
    const [, conditions, names] = outputs(t);
    expect(conditions).toBe('NamesAccepted=True NoConflicts: no conflicts found;Established=True InitialNamesAccepted: the initial names have been accepted;[0]');
    expect(names).toBe('{"kind":"Widget","listKind":"WidgetList","plural":"widgets","shortNames":["wd"],"singular":"widget"}[0]');
  });

  it.each([
    ['Namespaced', '/registry/example.com/widgets/default/w1'],
    ['Cluster', '/registry/example.com/widgets/w1'],
  ])('%s scope: stored in etcd under %s', (scope, key) => {
    const t = run(['apply -f crd.yaml', 'apply -f w.yaml'], { 'crd.yaml': crd({ scope }), 'w.yaml': WIDGET });
    expect(outputs(t)[1]).toBe('widget.example.com/w1 created\n[0]');
    expect(t.events.filter((e) => e.etcd?.op === 'put').map((e) => e.etcd!.key)).toContain(key);
  });

  it('a second CRD claiming the same plural in the group is not accepted (PluralConflict)', () => {
    const other = crd().replace('name: widgets.example.com', 'name: widgets2.example.com').replace('kind: Widget', 'kind: Widget2');
    const t = run(['apply -f crd.yaml', 'apply -f other.yaml', 'get crd widgets2.example.com -o jsonpath={.status.conditions[0].reason}'], { 'crd.yaml': crd(), 'other.yaml': other });
    expect(outputs(t)[2]).toBe('PluralConflict[0]');
  });

  it('discovery lists the custom resource (api-resources), and deleting its namespace deletes its objects', () => {
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: { name: team }\n';
    const t = run(['apply -f crd.yaml', 'api-resources --api-group=example.com', 'apply -f ns.yaml', 'apply -f w.yaml -n team', 'delete namespace team', 'get widgets -A'], { 'crd.yaml': crd(), 'ns.yaml': ns, 'w.yaml': WIDGET });
    const out = outputs(t);
    expect(out[1]!.split('\n').slice(0, 2).map((l) => l.split(/\s+/).join(' '))).toEqual(['NAME SHORTNAMES APIVERSION NAMESPACED KIND', 'widgets wd example.com/v1 true Widget']);
    expect(out[5]).toBe('No resources found\n[0]');
    expect(t.events.some((e) => e.from === 'namespace-controller' && e.method === 'DELETE' && e.resource?.resource === 'widgets')).toBe(true);
  });

  it('a CRD whose kind is built in is not served (the model keys objects by kind)', () => {
    const clash = crd().replace(/Widget/g, 'Deployment').replace(/widgets?/g, (w) => (w === 'widgets' ? 'deployments' : 'deployment')).replace('shortNames: [wd]', 'shortNames: [xd]');
    const t = run(['apply -f crd.yaml', 'get xd'], { 'crd.yaml': clash });
    expect(outputs(t)[1]).toBe('error: the server doesn\'t have a resource type "xd"\n[1]');
  });

  it('the trace lists the simplification', () => {
    const t = run(['apply -f crd.yaml'], { 'crd.yaml': crd() });
    expect(t.simplifications.some((s) => s.includes('custom resources are stored and served; no controller acts on them'))).toBe(true);
  });
});

describe('printer columns', () => {
  it.each([
    ['get crd: NAME and CREATED AT (RFC 3339)', crd(), 'get crd', ['NAME                  CREATED AT', 'widgets.example.com   2025-01-01T00:00:00Z']],
    ['a CR without additionalPrinterColumns: NAME, AGE', crd(), 'get widgets', ['NAME   AGE', 'w1     4s']],
    ['additionalPrinterColumns (a missing value is <none>, priority 1 only with -o wide)', crd({ columns: COLUMNS }), 'get widgets', ['NAME   SIZE   REPLICAS   COLOR    AGE', 'w1     big    3          <none>   4s']],
    ['-o wide adds priority > 0 columns', crd({ columns: COLUMNS }), 'get widgets -o wide', ['NAME   SIZE   REPLICAS   COLOR    AGE   OWNER', 'w1     big    3          <none>   4s    big']],
  ])('%s', (_what, def, get, want) => {
    const t = run(['apply -f crd.yaml', 'apply -f w.yaml', 'advance: 1s', get], { 'crd.yaml': def, 'w.yaml': WIDGET });
    const last = t.steps[t.steps.length - 1]!;
    expect(last.output?.replace(/\n$/, '').split('\n')).toEqual(want);
  });
});
