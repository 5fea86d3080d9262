/**
 * spec.ordinals.start (StatefulSetStartOrdinal: beta and on by default in
 * 1.27, GA in 1.31), after pkg/controller/statefulset: replicas are the
 * ordinals [start, start + replicas) (getStartOrdinal, getEndOrdinal,
 * podInOrdinalRange), every other ordinal is condemned (updateStatefulSet:
 * `replicas[ord-getStartOrdinal(set)] = pod`, else `condemned`), and the
 * partition counts from the start ordinal (the update loop walks replica
 * indices `target >= partition`; newVersionedStatefulSetPod compares
 * `ordinal < getStartOrdinal(set) + partition`). Then the whole controller
 * through a simulated cluster: pod and claim names, the API server's
 * validation, the 1.23 profile (field not served).
 */
import { describe, expect, it } from 'vitest';
import { planStatefulSet, revisionForOrdinal, type StsPod, type StsSpec } from '../../src/cluster/core/algorithms/statefulset.ts';
import { failed, run } from './helpers.ts';

const spec = (replicas: number, start: number, opts: Partial<StsSpec> = {}): StsSpec => ({
  replicas,
  start,
  podManagementPolicy: 'OrderedReady',
  updateStrategy: { type: 'RollingUpdate', partition: 0 },
  ...opts,
});

/** Syncs until nothing changes, every created pod becoming Running and Ready; returns the log of actions. */
function settle(s: StsSpec, pods: Map<number, StsPod>, update = 'r1', current = 'r1'): string[] {
  const log: string[] = [];
  for (let i = 0; i < 50; i++) {
    for (const p of pods.values()) Object.assign(p, { phase: 'Running', ready: true });
    const plan = planStatefulSet(s, [...pods.values()], current, update);
    if (plan.actions.length === 0) return log;
    for (const a of plan.actions) {
      if (a.op === 'create') pods.set(a.ordinal, { ordinal: a.ordinal, revision: a.revision, phase: 'Pending', ready: false, terminating: false });
      else pods.delete(a.ordinal);
      log.push(`${a.op} ${a.ordinal}${a.op === 'delete' && a.why !== 'condemned' ? ` (${a.why})` : ''}`);
    }
  }
  throw new Error('did not settle');
}

const sorted = (pods: Map<number, StsPod>): number[] => [...pods.keys()].sort((a, b) => a - b);

describe('planStatefulSet with spec.ordinals.start', () => {
  it.each([
    ['OrderedReady', 'OrderedReady' as const],
    ['Parallel', 'Parallel' as const],
  ])('%s: start 2, replicas 3 creates ordinals 2, 3, 4 in order', (_n, policy) => {
    const pods = new Map<number, StsPod>();
    expect(settle(spec(3, 2, { podManagementPolicy: policy }), pods)).toEqual(['create 2', 'create 3', 'create 4']);
    expect(sorted(pods)).toEqual([2, 3, 4]);
  });

  it('scale down with start 2: 3 → 1 deletes ordinal 4, then 3', () => {
    const pods = new Map<number, StsPod>();
    settle(spec(3, 2), pods);
    expect(settle(spec(1, 2), pods)).toEqual(['delete 4', 'delete 3']);
    expect(sorted(pods)).toEqual([2]);
  });

  it('moving the start from 0 to 2 with 3 replicas: ordinals 3 and 4 are created, then 1 and 0 are condemned (highest first)', () => {
    const pods = new Map<number, StsPod>();
    settle(spec(3, 0), pods);
    expect(settle(spec(3, 2), pods)).toEqual(['create 3', 'create 4', 'delete 1', 'delete 0']);
    expect(sorted(pods)).toEqual([2, 3, 4]);
  });

  it('OrderedReady: a pod below the start ordinal is condemned, not a replica (it does not block ordinal 2)', () => {
    const below: StsPod = { ordinal: 1, revision: 'r1', phase: 'Pending', ready: false, terminating: false };
    expect(planStatefulSet(spec(1, 2), [below], 'r1', 'r1').actions).toEqual([{ op: 'create', ordinal: 2, revision: 'r1' }]);
  });

  it.each([
    [0, ['r2', 'r2', 'r2']],
    [1, ['r1', 'r2', 'r2']],
    [3, ['r1', 'r1', 'r1']],
  ])('rolling update with start 5, partition %d: the partition counts from the start ordinal', (partition, want) => {
    const s = spec(3, 5, { updateStrategy: { type: 'RollingUpdate', partition } });
    const pods = new Map<number, StsPod>();
    settle(s, pods);
    settle(s, pods, 'r2');
    expect([5, 6, 7].map((o) => pods.get(o)?.revision)).toEqual(want);
  });

  it('newVersionedStatefulSetPod: ordinal < start + partition gets the current revision', () => {
    const s = spec(3, 5, { updateStrategy: { type: 'RollingUpdate', partition: 1 } });
    expect(revisionForOrdinal(s, 5, 'cur', 'upd')).toBe('cur');
    expect(revisionForOrdinal(s, 6, 'cur', 'upd')).toBe('upd');
  });
});

const SCENARIO = (start: string, steps: string): string => `
kubescene: v1
name: sts-ordinals
title: StatefulSet ordinals
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
        ordinals: { start: ${start} }
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: nginx
                image: "nginx:1.27"
                volumeMounts: [{ name: www, mountPath: /usr/share/nginx/html }]
        volumeClaimTemplates:
          - metadata: { name: www }
            spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 1Gi } } }
steps:
${steps}`;

describe('the StatefulSet controller with spec.ordinals.start', () => {
  it('start 1: pods web-1 and web-2 with claims www-web-1 and www-web-2; no pod web-0', () => {
    const t = run(
      SCENARIO(
        '1',
        `  - kubectl: apply -f web.yaml
  - advance: 1m
    expect:
      - pods: { selector: app=web, phase: Running, count: 2 }
      - object: pod/web-1
        path: spec.hostname
        equals: web-1
      - object: pod/web-2
        path: spec.volumes[0].persistentVolumeClaim.claimName
        equals: www-web-2
      - object: pod/web-0
        path: metadata.name
        exists: false
      - object: pvc/www-web-2
        path: status.phase
        equals: Bound
      - object: pvc/www-web-0
        path: metadata.name
        exists: false
`,
      ),
    );
    expect(failed(t)).toEqual([]);
  });

  it('a negative start is refused by the API server with the real 422 message', () => {
    const t = run(
      SCENARIO(
        '-1',
        `  - kubectl: apply -f web.yaml
    expect:
      - exit: 1
      - output: 'The StatefulSet "web" is invalid: spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0'
`,
      ),
    );
    expect(failed(t)).toEqual([]);
  });

  it('under the 1.23 profile (StatefulSetStartOrdinal not yet on) ordinals start at 0', () => {
    const t = run(
      SCENARIO(
        '1',
        `  - kubectl: apply -f web.yaml
  - advance: 1m
    expect:
      - object: pod/web-0
        path: metadata.name
        equals: web-0
`,
      ),
      '1.23',
    );
    expect(failed(t)).toEqual([]);
  });
});
