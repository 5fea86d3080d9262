/**
 * StatefulSet spec.minReadySeconds (StatefulSetMinReadySeconds: beta in 1.23,
 * GA in 1.25), after pkg/controller/statefulset: in OrderedReady mode a pod
 * must be available (Ready for more than minReadySeconds, podutil.IsPodAvailable)
 * before the next ordinal is created (processReplica) or a condemned pod is
 * deleted (processCondemned); status.availableReplicas counts available pods
 * only; the controller syncs again after minReadySeconds
 * (StatefulSetController.sync: enqueueSSAfter). The rolling update waits
 * only for Ready (isHealthy).
 */
import { describe, expect, it } from 'vitest';
import { planStatefulSet, statefulSetCounts, type StsPod, type StsSpec } from '../../src/cluster/core/algorithms/statefulset.ts';
import { isPodAvailable } from '../../src/cluster/core/object-helpers.ts';
import type { Obj } from '../../src/cluster/core/object.ts';
import { failed, run } from './helpers.ts';

const ordered = (replicas: number): StsSpec => ({ replicas, podManagementPolicy: 'OrderedReady', updateStrategy: { type: 'RollingUpdate', partition: 0 } });
const pod = (ordinal: number, available: boolean, revision = 'r1'): StsPod => ({ ordinal, revision, phase: 'Running', ready: true, available, terminating: false });

describe('planStatefulSet with minReadySeconds', () => {
  it('OrderedReady: a Ready pod that is not yet available blocks the next ordinal', () => {
    expect(planStatefulSet(ordered(2), [pod(0, false)], 'r1', 'r1')).toEqual({ actions: [], blockedBy: { ordinal: 0, reason: 'not-available' } });
    expect(planStatefulSet(ordered(2), [pod(0, true)], 'r1', 'r1').actions).toEqual([{ op: 'create', ordinal: 1, revision: 'r1' }]);
  });

  it('Parallel does not wait for availability', () => {
    const parallel: StsSpec = { ...ordered(2), podManagementPolicy: 'Parallel' };
    expect(planStatefulSet(parallel, [pod(0, false)], 'r1', 'r1').actions).toEqual([{ op: 'create', ordinal: 1, revision: 'r1' }]);
  });

  it('OrderedReady scale-down: a condemned pod that is Ready but not available waits', () => {
    expect(planStatefulSet(ordered(1), [pod(0, true), pod(1, false)], 'r1', 'r1')).toEqual({ actions: [], blockedBy: { ordinal: 1, reason: 'not-available' } });
    expect(planStatefulSet(ordered(1), [pod(0, true), pod(1, true)], 'r1', 'r1').actions).toEqual([{ op: 'delete', ordinal: 1, why: 'condemned' }]);
  });

  it('Parallel: the rolling update waits for Ready only (isHealthy), not for availability', () => {
    expect(planStatefulSet({ ...ordered(2), podManagementPolicy: 'Parallel' }, [pod(0, true), pod(1, false, 'r2')], 'r1', 'r2').actions).toEqual([{ op: 'delete', ordinal: 0, why: 'update' }]);
  });

  it('availableReplicas counts available pods, readyReplicas every Ready one', () => {
    expect(statefulSetCounts([pod(0, true), pod(1, false)], 'r1', 'r1')).toMatchObject({ readyReplicas: 2, availableReplicas: 1 });
  });
});

describe('isPodAvailable (podutil.IsPodAvailable)', () => {
  const readySince = (t: string): Obj => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, status: { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: t }] } });
  const at = (s: number): number => Date.parse('2025-01-01T00:00:00Z') + s * 1000;
  it.each([
    [0, 0, true],
    [10, 5, false],
    [10, 10, false], // lastTransitionTime + minReadySeconds must be strictly before now
    [10, 10.001, true],
  ])('minReadySeconds %d, %ds after Ready → %s', (minReady, after, want) => {
    expect(isPodAvailable(readySince('2025-01-01T00:00:00Z'), minReady, at(after))).toBe(want);
  });
  it('a pod that is not Ready is not available', () => {
    const p: Obj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, status: { conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: '2025-01-01T00:00:00Z' }] } };
    expect(isPodAvailable(p, 0, at(100))).toBe(false);
  });
});

const SCENARIO = (steps: string): string => `
kubescene: v1
name: sts-min-ready
title: StatefulSet minReadySeconds
seed: 0
cluster:
  nodes:
    - { name: worker-1, images: ["nginx:1.27"] }
files:
  web.yaml:
    - apiVersion: v1
      kind: Service
      metadata: { name: web }
      spec: { clusterIP: None, selector: { app: web }, ports: [{ port: 80 }] }
    - apiVersion: apps/v1
      kind: StatefulSet
      metadata: { name: web }
      spec:
        serviceName: web
        replicas: 2
        minReadySeconds: 30
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: nginx
                image: "nginx:1.27"
steps:
${steps}`;

describe('the StatefulSet controller with minReadySeconds', () => {
  it('web-1 is created only once web-0 has been Ready for 30 s; availableReplicas follows', () => {
    const t = run(
      SCENARIO(`  - kubectl: apply -f web.yaml
  - advance: 20s
    expect:
      - object: pod/web-1
        path: metadata.name
        exists: false
      - object: statefulset/web
        path: status.readyReplicas
        equals: 1
      - object: statefulset/web
        path: status.availableReplicas
        equals: 0
  - advance: 20s
    expect:
      - object: pod/web-1
        path: metadata.name
        equals: web-1
      - object: statefulset/web
        path: status.availableReplicas
        equals: 1
      - trace: { from: statefulset-controller, contains: "minReadySeconds 30s of statefulset/web passed" }
  - advance: 1m
    expect:
      - object: statefulset/web
        path: status.availableReplicas
        equals: 2
`),
    );
    expect(failed(t)).toEqual([]);
  });
});
