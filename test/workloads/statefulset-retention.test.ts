/**
 * spec.persistentVolumeClaimRetentionPolicy (StatefulSetAutoDeletePVC: beta
 * and on by default from 1.27), after pkg/controller/statefulset: the
 * owners a claim should have (claimOwnerMatchesSetAndPod /
 * updateClaimOwnerRefForSetAndPod, the cases of stateful_set_utils_test.go's
 * TestClaimOwnerMatchesSetAndPod: policy × pod scaled down), which pods one
 * sync checks (processReplica, "Fix pod claims for condemned pods"), and then
 * the controller with the garbage collector in a simulated cluster: claims
 * deleted on scale-down (whenScaled) and with the StatefulSet (whenDeleted),
 * kept otherwise, and the 1.23 profile keeping them.
 */
import { describe, expect, it } from 'vitest';
import { claimChecks, wantedClaimOwners, type ClaimRetentionPolicy, type StsPod, type StsSpec } from '../../src/cluster/core/algorithms/statefulset.ts';
import { failed, kubeEvents, run } from './helpers.ts';

describe('wantedClaimOwners (claimOwnerMatchesSetAndPod)', () => {
  const R = 'Retain' as const;
  const D = 'Delete' as const;
  it.each<[ClaimRetentionPolicy, boolean, { set: boolean; pod: boolean }]>([
    [{ whenDeleted: R, whenScaled: R }, false, { set: false, pod: false }],
    [{ whenDeleted: R, whenScaled: R }, true, { set: false, pod: false }],
    [{ whenDeleted: D, whenScaled: R }, false, { set: true, pod: false }],
    [{ whenDeleted: D, whenScaled: R }, true, { set: true, pod: false }],
    [{ whenDeleted: R, whenScaled: D }, false, { set: false, pod: false }],
    [{ whenDeleted: R, whenScaled: D }, true, { set: false, pod: true }],
    [{ whenDeleted: D, whenScaled: D }, false, { set: true, pod: false }],
    [{ whenDeleted: D, whenScaled: D }, true, { set: false, pod: true }],
  ])('%o, scaled down %s → %o', (policy, scaledDown, want) => {
    expect(wantedClaimOwners(policy, scaledDown)).toEqual(want);
  });
});

describe('claimChecks (which pods one sync checks)', () => {
  const pod = (ordinal: number, ready = true, terminating = false): StsPod => ({ ordinal, revision: 'r', phase: ready ? 'Running' : 'Pending', ready, terminating });
  const spec = (replicas: number, podManagementPolicy: 'OrderedReady' | 'Parallel' = 'OrderedReady'): StsSpec => ({ replicas, podManagementPolicy, updateStrategy: { type: 'RollingUpdate', partition: 0 } });

  it('OrderedReady: healthy replicas, then every condemned pod, highest ordinal first', () => {
    expect(claimChecks(spec(1), [pod(0), pod(1), pod(2)])).toEqual({ replicas: [0], condemned: [2, 1] });
  });
  it('OrderedReady: the loop stops at a replica that is not Running and Ready: no condemned pod is checked', () => {
    expect(claimChecks(spec(2), [pod(0), pod(1, false), pod(2)])).toEqual({ replicas: [0], condemned: [] });
  });
  it('OrderedReady: a missing replica stops the loop (it is created this sync)', () => {
    expect(claimChecks(spec(3), [pod(0), pod(2)])).toEqual({ replicas: [0], condemned: [] });
  });
  it('Parallel: every existing replica, then the condemned ones', () => {
    expect(claimChecks(spec(2, 'Parallel'), [pod(0, false), pod(2), pod(3, true, true)])).toEqual({ replicas: [0], condemned: [3, 2] });
  });
});

const SCENARIO = (policy: string, steps: string, files = ''): string => `
kubescene: v1
name: sts-retention
title: StatefulSet claim retention
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
        replicas: 3
${policy}        selector: { matchLabels: { app: web } }
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
${files}steps:
  - kubectl: apply -f web.yaml
  - advance: 1m
    expect:
      - pods: { selector: app=web, phase: Running, count: 3 }
${steps}`;

describe('the StatefulSet controller with a retention policy', () => {
  it('whenScaled Delete: scaling 3 → 1 deletes the claims of web-2 and web-1 with their pods (pod owner, then the garbage collector); www-web-0 stays', () => {
    const t = run(
      SCENARIO(
        '        persistentVolumeClaimRetentionPolicy: { whenScaled: Delete }\n',
        `  - kubectl: scale statefulset web --replicas=1
    expect:
      - trace: { from: statefulset-controller, contains: "PUT persistentvolumeclaims owners for the claim retention policy" }
      - trace: { from: garbage-collector, contains: "DELETE persistentvolumeclaims" }
  - advance: 1m
    expect:
      - pods: { selector: app=web, count: 1 }
      - object: pvc/www-web-2
        path: metadata.name
        exists: false
      - object: pvc/www-web-1
        path: metadata.name
        exists: false
      - object: pvc/www-web-0
        path: status.phase
        equals: Bound
      - object: pvc/www-web-0
        path: metadata.ownerReferences
        exists: false
`,
      ),
    );
    expect(failed(t)).toEqual([]);
  });

  it('whenDeleted Delete: the claims are owned by the StatefulSet and go with it', () => {
    const t = run(
      SCENARIO(
        '        persistentVolumeClaimRetentionPolicy: { whenDeleted: Delete }\n',
        `  - kubectl: get pvc www-web-0 -o jsonpath={.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}
    expect:
      - output: StatefulSet/web
  - kubectl: delete statefulset web
  - advance: 1m
    expect:
      - pods: { selector: app=web, count: 0 }
      - object: pvc/www-web-0
        path: metadata.name
        exists: false
      - object: pvc/www-web-2
        path: metadata.name
        exists: false
`,
      ),
    );
    expect(failed(t)).toEqual([]);
  });

  it('whenDeleted Delete only: a scale-down keeps the claims (still owned by the set)', () => {
    const t = run(
      SCENARIO(
        '        persistentVolumeClaimRetentionPolicy: { whenDeleted: Delete, whenScaled: Retain }\n',
        `  - kubectl: scale statefulset web --replicas=1
  - advance: 1m
    expect:
      - pods: { selector: app=web, count: 1 }
      - object: pvc/www-web-2
        path: metadata.ownerReferences[0].kind
        equals: StatefulSet
`,
      ),
    );
    expect(failed(t)).toEqual([]);
  });

  it('changing the policy of a running set: UpdateStatefulPod fixes the replicas\' claims and records SuccessfulUpdate', () => {
    const t = run(
      SCENARIO(
        '',
        `  - kubectl: apply -f web-v2.yaml
  - advance: 10s
    expect:
      - object: pvc/www-web-1
        path: metadata.ownerReferences[0].name
        equals: web
`,
        `  web-v2.yaml:
    apiVersion: apps/v1
    kind: StatefulSet
    metadata: { name: web }
    spec:
      serviceName: web
      replicas: 3
      persistentVolumeClaimRetentionPolicy: { whenDeleted: Delete }
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
`,
      ),
    );
    expect(failed(t)).toEqual([]);
    expect(kubeEvents(t, 'SuccessfulUpdate')).toEqual(['update Pod web-0 in StatefulSet web successful', 'update Pod web-1 in StatefulSet web successful', 'update Pod web-2 in StatefulSet web successful']);
  });

  it('the default (Retain) keeps every claim on scale-down and after the set is deleted', () => {
    const t = run(
      SCENARIO(
        '',
        `  - kubectl: scale statefulset web --replicas=1
  - advance: 1m
  - kubectl: delete statefulset web
  - advance: 1m
    expect:
      - object: pvc/www-web-2
        path: status.phase
        equals: Bound
      - object: pvc/www-web-0
        path: status.phase
        equals: Bound
`,
      ),
    );
    expect(failed(t)).toEqual([]);
  });

  it('under the 1.23 profile (StatefulSetAutoDeletePVC alpha, off) claims are retained', () => {
    const t = run(
      SCENARIO(
        '        persistentVolumeClaimRetentionPolicy: { whenScaled: Delete }\n',
        `  - kubectl: scale statefulset web --replicas=1
  - advance: 1m
    expect:
      - object: pvc/www-web-2
        path: status.phase
        equals: Bound
`,
      ),
      '1.23',
    );
    expect(failed(t)).toEqual([]);
  });
});
