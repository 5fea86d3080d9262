/**
 * Deleting an object held by finalizers: the API server only marks it.
 * A pod (the one built-in kind with a graceful delete strategy) gets its
 * grace period from rest.BeforeDelete (staging/src/k8s.io/apiserver/pkg/
 * registry/rest/delete.go); any other kind is marked by the generic store's
 * markAsDeleting (registry/generic/registry/store.go,
 * updateForGracefulDeletionAndFinalizers): deletionTimestamp now,
 * deletionGracePeriodSeconds 0, metadata.generation bumped when it is set.
 * The DELETE's answer is the marked object.
 */
import { describe, expect, it } from 'vitest';
import type { Obj } from '../../src/cluster/core/object.ts';
import { EPOCH_MS } from '../../src/cluster/core/object.ts';
import { resourceForKind } from '../../src/cluster/core/resources.ts';
import type { ApiResponse } from '../../src/cluster/apiserver/types.ts';
import type { Cluster } from '../../src/cluster/boot/cluster.ts';
import { ADMIN, call, cluster } from './helpers.ts';

/** Sends one request and runs the clock only until it is answered. */
function send(c: Cluster, req: Parameters<typeof call>[1]): ApiResponse {
  let res: ApiResponse | undefined;
  c.w.api.call({ ...req, cause: null, from: 'kubectl', who: ADMIN }, (r) => (res = r));
  const until = c.w.clock.now() + 10_000;
  for (let t = c.w.clock.now() + 1; !res && t < until; t++) c.w.clock.runUntil(t);
  if (!res) throw new Error('no response');
  return res;
}

const at = (c: Cluster, plusSeconds = 0) => new Date(EPOCH_MS + Math.floor(c.w.clock.now() / 1000) * 1000 + plusSeconds * 1000).toISOString().replace('.000Z', 'Z');

const CM = resourceForKind('ConfigMap')!;
const DEPLOY = resourceForKind('Deployment')!;
const POD = resourceForKind('Pod')!;

const configMap: Obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', namespace: 'default', finalizers: ['example.com/hold'] }, data: { a: 'b' } };
const deployment: Obj = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
};
const pod = (nodeName?: string): Obj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', finalizers: ['example.com/hold'] },
  spec: { terminationGracePeriodSeconds: 20, ...(nodeName ? { nodeName } : {}), containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
});

describe('markAsDeleting: a kind without graceful deletion, held by finalizers', () => {
  it('a ConfigMap with a finalizer: deletionTimestamp now, deletionGracePeriodSeconds 0, still stored', () => {
    const c = cluster();
    expect(call(c, { verb: 'create', resource: CM, namespace: 'default', body: configMap }).status).toBe(201);
    const res = send(c, { verb: 'delete', resource: CM, namespace: 'default', name: 'held' });
    expect(res.status).toBe(200);
    expect(res.object?.metadata).toMatchObject({ deletionGracePeriodSeconds: 0, finalizers: ['example.com/hold'] });
    expect(res.object?.metadata.deletionTimestamp).toBe(at(c));
    expect(c.w.api.cache.list('ConfigMap', 'default').find((o) => o.metadata.name === 'held')?.metadata.deletionGracePeriodSeconds).toBe(0);
  });

  it('a Deployment deleted in the foreground: the foregroundDeletion finalizer, grace 0, generation 1 → 2', () => {
    const c = cluster();
    expect(call(c, { verb: 'create', resource: DEPLOY, namespace: 'default', body: deployment }).status).toBe(201);
    const res = send(c, { verb: 'delete', resource: DEPLOY, namespace: 'default', name: 'web', propagationPolicy: 'Foreground' });
    expect(res.object?.metadata).toMatchObject({ deletionGracePeriodSeconds: 0, generation: 2, finalizers: ['foregroundDeletion'] });
  });

  it('without finalizers the object is deleted at once (errDeleteNow)', () => {
    const c = cluster();
    expect(call(c, { verb: 'create', resource: CM, namespace: 'default', body: { ...configMap, metadata: { name: 'free', namespace: 'default' } } }).status).toBe(201);
    expect(send(c, { verb: 'delete', resource: CM, namespace: 'default', name: 'free' }).status).toBe(200);
    expect(c.w.api.cache.list('ConfigMap', 'default').some((o) => o.metadata.name === 'free')).toBe(false);
  });
});

describe('rest.BeforeDelete: a pod held by a finalizer', () => {
  it('on a node: its terminationGracePeriodSeconds, deletionTimestamp that far ahead', () => {
    const c = cluster();
    expect(call(c, { verb: 'create', resource: POD, namespace: 'default', body: pod('worker-1') }).status).toBe(201);
    const res = send(c, { verb: 'delete', resource: POD, namespace: 'default', name: 'p' });
    expect(res.object?.metadata.deletionGracePeriodSeconds).toBe(20);
    expect(res.object?.metadata.deletionTimestamp).toBe(at(c, 20));
  });

  it('not scheduled: grace 0 (CheckGracefulDelete)', () => {
    const c = cluster();
    const unschedulable = pod();
    unschedulable.spec = { ...(unschedulable.spec as object), nodeSelector: { nowhere: 'true' } };
    expect(call(c, { verb: 'create', resource: POD, namespace: 'default', body: unschedulable }).status).toBe(201);
    const res = send(c, { verb: 'delete', resource: POD, namespace: 'default', name: 'p' });
    expect(res.object?.metadata.deletionGracePeriodSeconds).toBe(0);
  });
});
