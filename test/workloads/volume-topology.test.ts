/**
 * VolumeBinding's checkVolumeProvisions honours the StorageClass's
 * allowedTopologies for a WaitForFirstConsumer claim (binder.go, 1.31; the
 * "volume-topology-unsatisfied" case of binder_test.go
 * TestFindPodVolumesWithProvisioning), through a whole scenario: the
 * scheduler only places the pod on a node whose labels the class allows, and
 * a class that allows no node leaves the pod Pending with the real message.
 */
import { describe, expect, it } from 'vitest';
import { run, kubeEvents } from './helpers.ts';

function scenario(zones: string[]): string {
  return `kubescene: v1
name: topo
seed: 0
cluster:
  kubernetes: "1.31"
  nodes:
    - { name: worker-1, labels: { topology.kubernetes.io/zone: a }, images: ["busybox:1.36"] }
    - { name: worker-2, labels: { topology.kubernetes.io/zone: b }, images: ["busybox:1.36"] }
files:
  app.yaml:
    - apiVersion: storage.k8s.io/v1
      kind: StorageClass
      metadata: { name: zonal }
      provisioner: hostpath.csi.k8s.io
      volumeBindingMode: WaitForFirstConsumer
      allowedTopologies:
        - matchLabelExpressions:
            - { key: topology.kubernetes.io/zone, values: [${zones.join(', ')}] }
    - apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: { name: data }
      spec:
        storageClassName: zonal
        accessModes: [ReadWriteOnce]
        resources: { requests: { storage: 1Gi } }
    - apiVersion: v1
      kind: Pod
      metadata: { name: app }
      spec:
        containers:
          - { name: c, image: "busybox:1.36", command: [sleep, "3600"], volumeMounts: [{ name: d, mountPath: /d }] }
        volumes:
          - { name: d, persistentVolumeClaim: { claimName: data } }
steps:
  - kubectl: apply -f app.yaml
  - advance: 10s
`;
}

describe('StorageClass allowedTopologies (WaitForFirstConsumer)', () => {
  it.each<[string, string[], string | undefined]>([
    ['zone b allowed: the pod goes to worker-2', ['b'], 'worker-2'],
    ['zone a allowed: the pod goes to worker-1', ['a'], 'worker-1'],
    ['both zones allowed: either node', ['a', 'b'], 'any'],
    ['no node in an allowed zone: Pending', ['c'], undefined],
  ])('%s', (_name, zones, want) => {
    const t = run(scenario(zones));
    const pod = t.outcome.objects.find((o) => o.kind === 'Pod' && o.name === 'app');
    const node = /on (worker-\d)/.exec(pod?.status ?? '')?.[1];
    if (want === 'any') expect(['worker-1', 'worker-2']).toContain(node);
    else expect(node).toBe(want);
    if (want === undefined) {
      expect(kubeEvents(t, 'FailedScheduling')[0]).toBe(
        "0/2 nodes are available: 2 node(s) didn't find available persistent volumes to bind. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
      );
    }
  });
});

/**
 * A pod whose claim is bound to a local volume on worker-2 and whose
 * nodeSelector asks for worker-1: from 1.27 VolumeBinding's PreFilterResult
 * narrows the scan to worker-2 and the other nodes get no status
 * (schedule_one.go 1.31); under the 1.23 profile every node is filtered and
 * VolumeBinding's Filter reports the affinity conflict.
 */
describe('bound local volume: PreFilterResult (1.31) or Filter only (1.23)', () => {
  const text = (kubernetes: string) => `kubescene: v1
name: local
seed: 0
cluster:
  kubernetes: "${kubernetes}"
  nodes:
    - { name: worker-1, images: ["busybox:1.36"] }
    - { name: worker-2, images: ["busybox:1.36"] }
    - { name: worker-3, images: ["busybox:1.36"] }
files:
  vol.yaml:
    - apiVersion: v1
      kind: PersistentVolume
      metadata: { name: local-w2 }
      spec:
        capacity: { storage: 1Gi }
        accessModes: [ReadWriteOnce]
        storageClassName: ""
        local: { path: /mnt/disk }
        claimRef: { namespace: default, name: data }
        nodeAffinity:
          required:
            nodeSelectorTerms:
              - matchExpressions: [{ key: kubernetes.io/hostname, operator: In, values: [worker-2] }]
    - apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: { name: data }
      spec:
        storageClassName: ""
        volumeName: local-w2
        accessModes: [ReadWriteOnce]
        resources: { requests: { storage: 1Gi } }
  pod.yaml:
    - apiVersion: v1
      kind: Pod
      metadata: { name: app }
      spec:
        nodeSelector: { kubernetes.io/hostname: worker-1 }
        containers:
          - { name: c, image: "busybox:1.36", command: [sleep, "3600"] }
        volumes:
          - { name: d, persistentVolumeClaim: { claimName: data } }
steps:
  - kubectl: apply -f vol.yaml
  - advance: 5s
  - kubectl: apply -f pod.yaml
  - advance: 5s
`;
  it.each<[string, string]>([
    ['1.31', "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."],
    ['1.23', "0/3 nodes are available: 1 node(s) had volume node affinity conflict, 2 node(s) didn't match Pod's node affinity/selector."],
  ])('%s', (kubernetes, want) => {
    expect(kubeEvents(run(text(kubernetes)), 'FailedScheduling')[0]).toBe(want);
  });
});
