/**
 * The /status and /scale subresources of custom resources
 * (apiextensions-apiserver pkg/registry/customresource: strategy.go
 * PrepareForCreate/PrepareForUpdate, status_strategy.go, scale.go), `kubectl
 * get --subresource`, `kubectl scale` through /scale, and `kubectl describe`
 * of a custom resource (kubectl's genericDescriber).
 */
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../src/trace/types.ts';
import { smartLabelFor } from '../../src/cluster/kubectl/printers/describe-generic.ts';
import { trace } from './helpers.ts';

const crd = (subresources: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget, shortNames: [wd] }
  versions:
    - name: v1
      served: true
      storage: true
${subresources}      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                replicas: { type: integer, minimum: 0 }
                size: { type: string }
                ports: { type: array, items: { type: object, properties: { name: { type: string }, port: { type: integer } } } }
                hosts: { type: array, items: { type: string } }
            status:
              type: object
              properties:
                replicas: { type: integer }
                phase: { type: string }
`;

const STATUS = '      subresources:\n        status: {}\n';
const SCALE = '      subresources:\n        status: {}\n        scale: { specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas }\n';

const widget = (extra = '') => `apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w1, labels: { app: demo } }\nspec: { replicas: 2, size: big }\n${extra}`;

function run(steps: string[], files: Record<string, string>): Trace {
  const text = steps.map((c) => (c.startsWith('advance') ? `  - ${c}\n` : `  - kubectl: ${JSON.stringify(c)}\n    continueOnError: true\n`)).join('');
  return trace(`kubescene: v1\nname: t\ncluster:\n  nodes:\n    - { name: worker-1 }\nsteps:\n${text}`, files);
}

function outputs(t: Trace): string[] {
  return t.steps.filter((s) => s.exitCode !== undefined).map((s) => `${s.output ?? ''}${s.error ?? ''}[${s.exitCode}]`);
}

describe('the status subresource', () => {
  it.each([
    ['without it, status is part of the object (stored as sent)', '', 'Ready[0]'],
    ['with it, a create drops the status sent (PrepareForCreate)', STATUS, '[0]'],
  ])('%s', (_what, sub, want) => {
    const t = run(['apply -f crd.yaml', 'apply -f w.yaml', 'get wd w1 -o jsonpath={.status.phase}'], { 'crd.yaml': crd(sub), 'w.yaml': widget('status: { phase: Ready }\n') });
    expect(outputs(t)[2]).toBe(want);
  });

  it('with it, an update of the main resource keeps the stored status; metadata.generation counts spec changes only', () => {
    const t = run(
      ['apply -f crd.yaml', 'apply -f w.yaml', 'apply -f w2.yaml', 'get wd w1 -o jsonpath={.spec.size}/{.status.phase}/{.metadata.generation}', 'label wd w1 tier=x', 'get wd w1 -o jsonpath={.metadata.generation}'],
      { 'crd.yaml': crd(STATUS), 'w.yaml': widget(), 'w2.yaml': widget('status: { phase: Ready }\n').replace('size: big', 'size: small') },
    );
    const out = outputs(t);
    expect(out[3]).toBe('small//2[0]');
    expect(out[5]).toBe('2[0]');
  });

  it.each([
    ['status', STATUS, 'w1     2          big    '],
    ['status', '', 'Error from server (NotFound): the server could not find the requested resource\n[1]'],
  ])('kubectl get --subresource=%s (case %#: with, then without the status subresource)', (sub, subs, want) => {
    const t = run(['apply -f crd.yaml', 'apply -f w.yaml', `get wd w1 --subresource=${sub} -o custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas,SIZE:.spec.size`], { 'crd.yaml': crd(subs), 'w.yaml': widget() });
    const out = outputs(t)[2]!;
    if (want.startsWith('Error')) expect(out).toBe(want);
    else expect(out.split('\n')[1]).toBe(want.trimEnd());
  });

  it('kubectl get --subresource only takes status or scale, and named objects', () => {
    const t = run(['apply -f crd.yaml', 'get wd w1 --subresource=foo', 'get wd --subresource=status'], { 'crd.yaml': crd(STATUS) });
    expect(outputs(t).slice(1)).toEqual(['error: invalid subresource value: "foo". Must be one of [status scale]\n[1]', 'error: subresource cannot be used when bulk resources are specified\n[1]']);
  });
});

describe('the scale subresource', () => {
  it('kubectl scale writes spec.replicas at specReplicasPath through /scale; get --subresource=scale prints the Scale', () => {
    const t = run(['apply -f crd.yaml', 'apply -f w.yaml', 'scale wd w1 --replicas=5', 'get wd w1 -o jsonpath={.spec.replicas}', 'get wd w1 --subresource=scale'], { 'crd.yaml': crd(SCALE), 'w.yaml': widget() });
    const out = outputs(t);
    expect(out[2]).toBe('widget.example.com/w1 scaled\n[0]');
    expect(out[3]).toBe('5[0]');
    expect(out[4]).toBe('NAME   DESIRED   AVAILABLE\nw1     5         0\n[0]');
    expect(t.events.some((e) => e.type === 'request' && e.path === '/apis/example.com/v1/namespaces/default/widgets/w1/scale')).toBe(true);
  });

  it('the new replicas are validated against the schema', () => {
    const t = run(['apply -f crd.yaml', 'apply -f w.yaml', 'scale wd/w1 --replicas=0'], { 'crd.yaml': crd(SCALE), 'w.yaml': widget() });
    expect(outputs(t)[2]).toBe('widget.example.com/w1 scaled\n[0]');
  });

  it('without it, kubectl scale gets 404 from /scale', () => {
    const t = run(['apply -f crd.yaml', 'apply -f w.yaml', 'scale wd w1 --replicas=5'], { 'crd.yaml': crd(STATUS), 'w.yaml': widget() });
    expect(outputs(t)[2]).toBe('Error from server (NotFound): the server could not find the requested resource\n[1]');
  });

  it('the CRD\'s scale paths must be under .spec and .status', () => {
    const bad = crd('      subresources:\n        scale: { specReplicasPath: .replicas, statusReplicasPath: .status.replicas }\n');
    expect(outputs(run(['apply -f crd.yaml'], { 'crd.yaml': bad }))[0]).toBe(
      'The CustomResourceDefinition "widgets.example.com" is invalid: spec.versions[0].subresources.scale.specReplicasPath: Invalid value: ".replicas": should be a json path under .spec\n[1]',
    );
  });
});

describe('kubectl describe of a custom resource: the generic describer', () => {
  it('prints Name, Namespace, Labels, Annotations, then every field (sorted, smart labels), then Events', () => {
    const w = widget('  ports: [{ name: http, port: 80 }]\n  hosts: [a.example, b.example]\n').replace('spec: { replicas: 2, size: big }\n', 'spec:\n  replicas: 2\n  size: big\n');
    const t = run(['apply -f crd.yaml', 'create -f w.yaml', 'describe wd w1'], { 'crd.yaml': crd(''), 'w.yaml': w });
    const out = outputs(t)[2]!.replace(/UID: {2,}\S+/, 'UID: <uid>').replace(/Resource Version: +\d+/, 'Resource Version:    <rv>');
    expect(out.split('\n')).toEqual([
      'Name:         w1',
      'Namespace:    default',
      'Labels:       app=demo',
      'Annotations:  <none>',
      'API Version:  example.com/v1',
      'Kind:         Widget',
      'Metadata:',
      '  Creation Timestamp:  2025-01-01T00:00:02Z',
      '  Generation:          1',
      '  Resource Version:    <rv>',
      '  UID: <uid>',
      'Spec:',
      '  Hosts:',
      '    a.example',
      '    b.example',
      '  Ports:',
      // Go's tabwriter aligns the list item's fields with the lines that follow (one block of tabbed lines).
      '    Name:    http',
      '    Port:    80',
      '  Replicas:  2',
      '  Size:      big',
      'Events:      <none>',
      '[0]',
    ]);
  });

  it.each([
    ['apiVersion', 'API Version'],
    ['creationTimestamp', 'Creation Timestamp'],
    ['uid', 'UID'],
    ['specReplicasPath', 'Spec Replicas Path'],
    ['loadBalancerURL', 'Load Balancer URL'],
    ['HTTPServer', 'Http Server'],
    ['port2', 'port2'],
    ['x.y', 'x.y'],
  ])('smartLabelFor(%s) = %s', (field, want) => {
    expect(smartLabelFor(field)).toBe(want);
  });
});

describe('kubectl get --subresource=scale of a built-in kind', () => {
  it('is not modelled: an error, never a silently different answer', () => {
    const t = trace(`kubescene: v1\nname: t\ncluster:\n  nodes:\n    - { name: worker-1 }\nsteps:\n  - kubectl: create deployment web --image=nginx\n  - kubectl: get deploy web --subresource=scale\n    continueOnError: true\n`, {});
    expect(outputs(t)[1]).toBe('error: kubectl get --subresource=scale is modelled for custom resources only, not for deployments\n[1]');
  });
});

describe('kubectl describe crd: the generic describer too (kubectl has no CRD describer)', () => {
  it('prints the CRD\'s spec and status conditions as lists of sections', () => {
    const t = run(['apply -f crd.yaml', 'describe crd widgets.example.com'], { 'crd.yaml': crd('') });
    const lines = outputs(t)[1]!.split('\n');
    expect(lines.slice(0, 6)).toEqual(['Name:         widgets.example.com', 'Namespace:    ', 'Labels:       <none>', 'Annotations:  <none>', 'API Version:  apiextensions.k8s.io/v1', 'Kind:         CustomResourceDefinition']);
    expect(lines).toContain('  Conditions:');
    expect(lines.filter((l) => /^ {4}Type: +(NamesAccepted|Established)$/.test(l))).toHaveLength(2);
    expect(lines).toContain('  Group:  example.com');
    // Events follows the conditions' tabbed lines directly: Go's tabwriter aligns it with them.
    expect(lines[lines.length - 2]).toBe('Events:                    <none>');
    expect(lines).toContain('      openAPIV3Schema:');
  });
});
