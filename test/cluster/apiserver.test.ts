import { describe, expect, it } from 'vitest';
import { resourceForKind } from '../../src/cluster/core/resources.ts';
import { userIdentity } from '../../src/cluster/apiserver/identity.ts';
import { applyDefaults, defaultPullPolicy } from '../../src/cluster/apiserver/defaults.ts';
import type { Obj } from '../../src/cluster/core/object.ts';
import { asDeployment, type DeploymentObj, type PodObj } from '../../src/cluster/core/typed.ts';
import { call, cluster } from './helpers.ts';

const DEPLOY = resourceForKind('Deployment')!;
const POD = resourceForKind('Pod')!;

function deployment(name = 'web', templateLabels: Record<string, string> = { app: 'web' }): DeploymentObj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: templateLabels }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
  };
}

describe('API server handler chain', () => {
  it('runs the phases in Kubernetes order before the etcd write', () => {
    const c = cluster();
    const res = call(c, { verb: 'create', resource: DEPLOY, namespace: 'default', body: deployment() });
    expect(res.status).toBe(201);
    const evs = c.w.rec.events;
    const first = evs.findIndex((e) => e.from === 'kubectl');
    const chain = evs.slice(first, first + 9).map((e) => e.phase ?? `${e.type}:${e.from}->${e.to}`);
    expect(chain).toEqual([
      'request:kubectl->kube-apiserver',
      'authentication',
      'authorization',
      'mutating-admission',
      'validation',
      'validating-admission',
      'request:kube-apiserver->etcd',
      'response:etcd->kube-apiserver',
      'response:kube-apiserver->kubectl',
    ]);
    const put = evs.find((e) => e.type === 'response' && e.from === 'etcd')!;
    expect(put.etcd).toMatchObject({ key: '/registry/deployments/default/web', op: 'put' });
    expect(res.object!.metadata.resourceVersion).toBe(String(put.etcd!.revision));
    expect(res.object!.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('uses the real etcd prefixes', () => {
    const c = cluster();
    call(c, { verb: 'create', resource: resourceForKind('Service')!, namespace: 'default', body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } } });
    expect(c.w.etcd.get('/registry/services/specs/default/web')).toBeDefined();
    expect(c.w.etcd.get('/registry/minions/worker-1')).toBeDefined();
    expect(c.w.etcd.get('/registry/namespaces/kube-system')).toBeDefined();
  });

  it('serves a list from the watch cache after asking etcd for its current revision (ConsistentListFromCache)', () => {
    const c = cluster();
    const before = c.w.rec.events.length;
    const res = call(c, { verb: 'list', resource: resourceForKind('Node')! });
    expect(res.items!.map((n) => n.metadata.name)).toEqual(['worker-1', 'worker-2']);
    const evs = c.w.rec.events.slice(before);
    const toEtcd = evs.filter((e) => e.to === 'etcd');
    expect(toEtcd).toHaveLength(1);
    expect(toEtcd[0]).toMatchObject({ verb: 'range', etcd: { key: '/registry/minions/', op: 'range' }, attrs: { read: 'linearizable, limit 1' } });
    const answer = evs.find((e) => e.from === 'etcd')!;
    const cache = evs.find((e) => e.phase === 'watch-cache')!;
    expect(cache.summary).toBe(`list nodes from the watch cache (fresh at revision ${answer.etcd!.revision})`);
    expect(cache.seq).toBeGreaterThan(answer.seq);
  });

  it('serves a get without resourceVersion from etcd with a quorum read, not from the watch cache', () => {
    const c = cluster();
    call(c, { verb: 'create', resource: DEPLOY, namespace: 'default', body: deployment() });
    const stored = c.w.etcd.get('/registry/deployments/default/web')!;
    const before = c.w.rec.events.length;
    const res = call(c, { verb: 'get', resource: DEPLOY, namespace: 'default', name: 'web' });
    expect(res.status).toBe(200);
    expect(res.object!.metadata.resourceVersion).toBe(String(stored.modRevision));
    const evs = c.w.rec.events.slice(before);
    expect(evs.some((e) => e.phase === 'watch-cache')).toBe(false);
    const range = evs.find((e) => e.to === 'etcd')!;
    expect(range).toMatchObject({ type: 'request', verb: 'range', summary: 'range /registry/deployments/default/web (quorum read)', attrs: { read: 'linearizable' } });
    expect(evs.find((e) => e.from === 'etcd')!.summary).toBe(`1 key (mod revision ${stored.modRevision})`);
    const missing = call(c, { verb: 'get', resource: DEPLOY, namespace: 'default', name: 'nope' });
    expect(missing).toMatchObject({ status: 404, message: 'deployments.apps "nope" not found' });
    expect(c.w.rec.events.at(-2)!.summary).toBe('no such key');
  });

  it('404, 409 AlreadyExists, 409 Conflict and 422 with Kubernetes messages', () => {
    const c = cluster();
    expect(call(c, { verb: 'get', resource: DEPLOY, namespace: 'default', name: 'x' })).toMatchObject({ status: 404, reason: 'NotFound', message: 'deployments.apps "x" not found' });
    expect(call(c, { verb: 'create', resource: DEPLOY, namespace: 'default', body: deployment() }).status).toBe(201);
    expect(call(c, { verb: 'create', resource: DEPLOY, namespace: 'default', body: deployment() })).toMatchObject({ status: 409, reason: 'AlreadyExists', message: 'deployments.apps "web" already exists' });
    const stale = { ...deployment(), metadata: { name: 'web', resourceVersion: '1' } };
    expect(call(c, { verb: 'update', resource: DEPLOY, namespace: 'default', name: 'web', body: stale })).toMatchObject({
      status: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    });
    const bad = call(c, { verb: 'create', resource: DEPLOY, namespace: 'default', body: deployment('bad', { app: 'x' }) });
    expect(bad).toMatchObject({ status: 422, reason: 'Invalid' });
    expect(bad.causes).toEqual(['spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`']);
    expect(c.w.etcd.get('/registry/deployments/default/bad')).toBeUndefined();
    const badName = call(c, { verb: 'create', resource: DEPLOY, namespace: 'default', body: deployment('Web_1') });
    expect(badName.causes![0]).toMatch(/^metadata\.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain/);
    expect(call(c, { verb: 'create', resource: DEPLOY, namespace: 'nope', body: deployment() })).toMatchObject({ status: 404, message: 'namespaces "nope" not found' });
  });

  it('refuses to change a Deployment selector (immutable)', () => {
    const c = cluster();
    call(c, { verb: 'create', resource: DEPLOY, namespace: 'default', body: deployment() });
    const res = call(c, {
      verb: 'patch',
      resource: DEPLOY,
      namespace: 'default',
      name: 'web',
      patch: (live) => ({ ...live, spec: { ...asDeployment(live).spec, selector: { matchLabels: { app: 'web', v: '2' } }, template: { ...asDeployment(live).spec.template, metadata: { labels: { app: 'web', v: '2' } } } } }),
    });
    expect(res.status).toBe(422);
    expect(res.causes![0]).toMatch(/^spec\.selector: Invalid value: v1\.LabelSelector\{.*\}: field is immutable$/);
  });

  it('generates names for generateName', () => {
    const c = cluster();
    const res = call(c, { verb: 'create', resource: POD, namespace: 'default', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: '', generateName: 'web-abc-' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } });
    expect(res.object!.metadata.name).toMatch(/^web-abc-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });
});

describe('mutating admission (defaults)', () => {
  it('defaults a Deployment and its pod template', () => {
    const d: Obj<Partial<DeploymentObj['spec']>> = deployment();
    delete d.spec!.replicas;
    applyDefaults(d, 'create');
    expect(d.spec).toMatchObject({ replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } });
    expect(asDeployment(d).spec.template.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30, schedulerName: 'default-scheduler' });
    expect(asDeployment(d).spec.template.spec!.serviceAccountName).toBeUndefined();
  });

  it('applies ServiceAccount and DefaultTolerationSeconds to pods', () => {
    const p: PodObj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
    expect(applyDefaults(p, 'create')).toEqual(['defaults', 'ServiceAccount', 'DefaultTolerationSeconds']);
    expect(p.spec.serviceAccountName).toBe('default');
    expect(p.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    expect(p.spec.containers[0]!.imagePullPolicy).toBe('Always');
  });

  it('imagePullPolicy: Always for :latest or no tag, else IfNotPresent', () => {
    expect(defaultPullPolicy('nginx')).toBe('Always');
    expect(defaultPullPolicy('nginx:latest')).toBe('Always');
    expect(defaultPullPolicy('nginx:1.27')).toBe('IfNotPresent');
    expect(defaultPullPolicy('localhost:5000/app')).toBe('Always');
    expect(defaultPullPolicy('nginx@sha256:abc')).toBe('IfNotPresent');
  });
});

describe('authorization', () => {
  it('forbids an unbound user with the API server message', () => {
    const c = cluster();
    const res = call(c, { verb: 'list', resource: POD, namespace: 'default' }, userIdentity('bob', []));
    expect(res).toMatchObject({ status: 403, reason: 'Forbidden', message: 'pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"' });
    const phase = c.w.rec.events.find((e) => e.phase === 'authorization' && e.result === 'denied');
    expect(phase).toBeDefined();
    expect(c.w.rec.events.some((e) => e.phase === 'watch-cache' && e.cause === phase!.id)).toBe(false);
  });
});
