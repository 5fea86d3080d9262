/**
 * Deployment and ReplicaSet spec.minReadySeconds: the Deployment's new
 * ReplicaSet carries it (getNewReplicaSet), the ReplicaSet counts a pod as
 * available only once it has been Ready for minReadySeconds (calculateStatus:
 * podutil.IsPodAvailable) and syncs again after minReadySeconds when all its
 * replicas are Ready but not all available (syncReplicaSet: queue.AddAfter);
 * the Deployment's availableReplicas and Available condition follow, and a
 * rolling update waits for the new pods to be available before scaling the
 * old ReplicaSet down.
 */
import { describe, expect, it } from 'vitest';
import { failed, run } from './helpers.ts';

const SCENARIO = (steps: string): string => `
kubescene: v1
name: deploy-min-ready
title: Deployment minReadySeconds
seed: 0
cluster:
  nodes:
    - { name: worker-1, images: ["nginx:1.27", "nginx:1.28"] }
files:
  web.yaml:
    apiVersion: apps/v1
    kind: Deployment
    metadata: { name: web }
    spec:
      replicas: 2
      minReadySeconds: 30
      selector: { matchLabels: { app: web } }
      template:
        metadata: { labels: { app: web } }
        spec:
          containers: [{ name: nginx, image: "nginx:1.27" }]
  web-v2.yaml:
    apiVersion: apps/v1
    kind: Deployment
    metadata: { name: web }
    spec:
      replicas: 2
      minReadySeconds: 30
      strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }
      selector: { matchLabels: { app: web } }
      template:
        metadata: { labels: { app: web } }
        spec:
          containers: [{ name: nginx, image: "nginx:1.28" }]
steps:
${steps}`;

describe('Deployment minReadySeconds', () => {
  it('pods Ready at once count as available only 30 s later; the Deployment is Available then', () => {
    const t = run(
      SCENARIO(`  - kubectl: apply -f web.yaml
  - advance: 15s
    expect:
      - object: deployment/web
        path: status.readyReplicas
        equals: 2
      - object: deployment/web
        path: status.availableReplicas
        equals: 0
      - object: deployment/web
        path: status.conditions[0].reason
        equals: MinimumReplicasUnavailable
  - advance: 30s
    expect:
      - object: deployment/web
        path: status.availableReplicas
        equals: 2
      - object: deployment/web
        path: status.conditions[0].reason
        equals: MinimumReplicasAvailable
      - trace: { from: replicaset-controller, contains: "minReadySeconds 30s of replicaset/web-" }
`),
    );
    expect(failed(t)).toEqual([]);
  });

  it('a rolling update with maxUnavailable 0 keeps both old pods until each new pod has been available (30 s each)', () => {
    const t = run(
      SCENARIO(`  - kubectl: apply -f web.yaml
  - advance: 1m
  - kubectl: apply -f web-v2.yaml
  - advance: 20s
    expect:
      - pods: { selector: app=web, phase: Running, count: 3 }
  - advance: 2m
    expect:
      - pods: { selector: app=web, phase: Running, count: 2 }
      - object: deployment/web
        path: status.updatedReplicas
        equals: 2
      - object: deployment/web
        path: status.availableReplicas
        equals: 2
`),
    );
    expect(failed(t)).toEqual([]);
  });

  it('changing only minReadySeconds updates the existing ReplicaSet (getNewReplicaSet: minReadySecondsNeedsUpdate)', () => {
    const t = run(
      SCENARIO(`  - kubectl: apply -f web.yaml
  - advance: 1m
  - kubectl: apply -f web-v2.yaml
  - advance: 2m
  - kubectl: apply -f web-v3.yaml
    expect:
      - trace: { from: deployment-controller, contains: "minReadySeconds=0" }
`).replace(
        'steps:',
        `  web-v3.yaml:
    apiVersion: apps/v1
    kind: Deployment
    metadata: { name: web }
    spec:
      replicas: 2
      strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }
      selector: { matchLabels: { app: web } }
      template:
        metadata: { labels: { app: web } }
        spec:
          containers: [{ name: nginx, image: "nginx:1.28" }]
steps:`,
      ),
    );
    expect(failed(t)).toEqual([]);
  });
});
