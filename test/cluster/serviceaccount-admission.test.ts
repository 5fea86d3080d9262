/**
 * ServiceAccount admission (plugin/pkg/admission/serviceaccount/admission.go):
 * a pod naming a ServiceAccount that does not exist is Forbidden
 * (admission.NewForbidden names the object by its generateName when the name
 * is not generated yet); a ReplicaSet records FailedCreate with that message
 * and retries with its work queue's back-off until the ServiceAccount exists.
 */
import { describe, expect, it } from 'vitest';
import { resourceForKind } from '../../src/cluster/core/resources.ts';
import { missingServiceAccount } from '../../src/cluster/apiserver/defaults.ts';
import type { PodObj } from '../../src/cluster/core/typed.ts';
import { call, cluster, trace } from './helpers.ts';

const POD = resourceForKind('Pod')!;
const SA = resourceForKind('ServiceAccount')!;

function pod(meta: { name?: string; generateName?: string; namespace?: string }, serviceAccountName?: string): PodObj {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: meta.name ?? '', ...meta }, spec: { ...(serviceAccountName !== undefined ? { serviceAccountName } : {}), containers: [{ name: 'c', image: 'nginx:1.27' }] } };
}

describe('missingServiceAccount', () => {
  const known = new Set(['default/default', 'default/builder', 'team/robot']);
  const exists = (ns: string, name: string): boolean => known.has(`${ns}/${name}`);
  it.each([
    ['no serviceAccountName: default, not looked up', pod({ name: 'x', namespace: 'default' }), undefined],
    ['an existing ServiceAccount', pod({ name: 'x', namespace: 'default' }, 'builder'), undefined],
    ['an existing one in another namespace', pod({ name: 'x', namespace: 'team' }, 'robot'), undefined],
    ['a missing one', pod({ name: 'x', namespace: 'default' }, 'foo'), 'error looking up service account default/foo: serviceaccount "foo" not found'],
    ['one that exists only in another namespace', pod({ name: 'x', namespace: 'default' }, 'robot'), 'error looking up service account default/robot: serviceaccount "robot" not found'],
  ] as const)('%s', (_name, p, message) => {
    expect(missingServiceAccount(p, exists)?.message).toBe(message);
  });
});

describe('ServiceAccount admission in the API server', () => {
  it.each([
    ['named pod, missing ServiceAccount', { name: 'x' }, 'foo', false, 403, 'pods "x" is forbidden: error looking up service account default/foo: serviceaccount "foo" not found'],
    ['generateName pod: named by its prefix', { generateName: 'web-abc-' }, 'foo', false, 403, 'pods "web-abc-" is forbidden: error looking up service account default/foo: serviceaccount "foo" not found'],
    ['the ServiceAccount exists', { name: 'x' }, 'foo', true, 201, undefined],
    ['the default ServiceAccount', { name: 'x' }, undefined, false, 201, undefined],
  ] as const)('%s', (_name, meta, sa, create, status, message) => {
    const c = cluster();
    if (create) expect(call(c, { verb: 'create', resource: SA, namespace: 'default', body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'foo' } } }).status).toBe(201);
    const res = call(c, { verb: 'create', resource: POD, namespace: 'default', body: pod(meta, sa) });
    expect(res.status).toBe(status);
    expect(res.message).toBe(message);
    if (status === 403) {
      expect(res.reason).toBe('Forbidden');
      expect(c.w.rec.events.some((e) => e.phase === 'mutating-admission' && e.result === 'denied' && e.summary === 'ServiceAccount: serviceaccount "foo" not found')).toBe(true);
    }
  });

  it('kubectl prints the Forbidden error; a Deployment records FailedCreate and gets its pods once the ServiceAccount exists', () => {
    const t = trace(`kubescene: v1
name: sa
seed: 0
cluster:
  kubernetes: "1.31"
  nodes:
    - { name: worker-1, images: ["nginx:1.27"] }
files:
  pod.yaml:
    - apiVersion: v1
      kind: Pod
      metadata: { name: x }
      spec:
        serviceAccountName: foo
        containers: [{ name: main, image: "nginx:1.27" }]
  web.yaml:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web }
      spec:
        replicas: 2
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            serviceAccountName: foo
            containers: [{ name: nginx, image: "nginx:1.27" }]
  sa.yaml:
    - apiVersion: v1
      kind: ServiceAccount
      metadata: { name: foo }
steps:
  - kubectl: apply -f pod.yaml
    expect:
      - exit: 1
      - output: 'Error from server (Forbidden): error when creating "pod.yaml": pods "x" is forbidden: error looking up service account default/foo: serviceaccount "foo" not found'
  - kubectl: apply -f web.yaml
  - advance: 1s
    expect:
      - pods: { selector: app=web, count: 0 }
  - kubectl: apply -f sa.yaml
  - advance: 5s
    expect:
      - pods: { selector: app=web, phase: Running, count: 2 }
`);
    expect(t.outcome.expectations.filter((e) => !e.passed).map((e) => `${e.description} → ${e.found}`)).toEqual([]);
    const failed = t.outcome.kubeEvents.filter((e) => e.reason === 'FailedCreate');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]!.message).toMatch(/^Error creating: pods "web-[0-9a-f]+-" is forbidden: error looking up service account default\/foo: serviceaccount "foo" not found$/);
    expect(t.outcome.kubeEvents.filter((e) => e.reason === 'SuccessfulCreate').length).toBe(2);
  });

  it.each([
    ['Job', 'batch/v1', 'spec:\n        template:\n          spec:\n            restartPolicy: Never\n            serviceAccountName: foo\n            containers: [{ name: c, image: "nginx:1.27", command: ["true"] }]'],
    ['DaemonSet', 'apps/v1', 'spec:\n        selector: { matchLabels: { app: d } }\n        template:\n          metadata: { labels: { app: d } }\n          spec:\n            serviceAccountName: foo\n            containers: [{ name: c, image: "nginx:1.27" }]'],
  ] as const)('a %s whose pods name a missing ServiceAccount records FailedCreate', (kind, apiVersion, spec) => {
    const t = trace(`kubescene: v1
name: sa
seed: 0
cluster:
  kubernetes: "1.31"
  nodes:
    - { name: worker-1, images: ["nginx:1.27"] }
files:
  w.yaml:
    - apiVersion: ${apiVersion}
      kind: ${kind}
      metadata: { name: w }
      ${spec}
steps:
  - kubectl: apply -f w.yaml
`);
    const failed = t.outcome.kubeEvents.filter((e) => e.reason === 'FailedCreate').map((e) => e.message);
    expect(failed[0]).toMatch(/^Error creating: pods "w-[a-z0-9-]*" is forbidden: error looking up service account default\/foo: serviceaccount "foo" not found$/);
  });
});
