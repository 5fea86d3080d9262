/**
 * Storage capacity tracking in a whole scenario (binder.go hasEnoughCapacity,
 * 1.31; binder_test.go TestCapacity): a CSIDriver with `storageCapacity: true`
 * makes kube-scheduler's VolumeBinding place a WaitForFirstConsumer claim only
 * on a node that some CSIStorageCapacity of the claim's class reaches with
 * room for it; without the opt-in capacity is not checked; capacity reported
 * later lets a Pending pod schedule.
 */
import { describe, expect, it } from 'vitest';
import { run, kubeEvents } from './helpers.ts';

const driver = (tracked: boolean) => `
    - apiVersion: storage.k8s.io/v1
      kind: CSIDriver
      metadata: { name: hostpath.csi.k8s.io }
      spec: { attachRequired: true, storageCapacity: ${tracked} }`;

const capacity = (name: string, zone: string, size: string) => `
    - apiVersion: storage.k8s.io/v1
      kind: CSIStorageCapacity
      metadata: { name: ${name} }
      storageClassName: tracked
      nodeTopology: { matchLabels: { topology.kubernetes.io/zone: ${zone} } }
      capacity: ${size}`;

function scenario(infra: string, later = ''): string {
  return `kubescene: v1
name: capacity
seed: 0
cluster:
  kubernetes: "1.31"
  nodes:
    - { name: worker-1, labels: { topology.kubernetes.io/zone: a }, images: ["busybox:1.36"] }
    - { name: worker-2, labels: { topology.kubernetes.io/zone: b }, images: ["busybox:1.36"] }
files:
  infra.yaml:
    - apiVersion: storage.k8s.io/v1
      kind: StorageClass
      metadata: { name: tracked }
      provisioner: hostpath.csi.k8s.io
      volumeBindingMode: WaitForFirstConsumer${infra}
  app.yaml:
    - apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: { name: data }
      spec:
        storageClassName: tracked
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
${later ? `  later.yaml:${later}\n` : ''}steps:
  - kubectl: apply -f infra.yaml
  - kubectl: apply -f app.yaml
  - advance: 10s
${later ? '  - kubectl: apply -f later.yaml\n  - advance: 30s\n' : ''}`;
}

const NOT_ENOUGH = "0/2 nodes are available: 2 node(s) did not have enough free storage. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.";

describe('CSIStorageCapacity (VolumeBinding capacity check)', () => {
  it.each<[string, string, string, string | undefined, string | undefined]>([
    ['capacity only in zone b: the pod goes to worker-2', driver(true) + capacity('b', 'b', '10Gi'), '', 'worker-2', undefined],
    ['capacity in zone a too small, in zone b enough: worker-2', driver(true) + capacity('a', 'a', '512Mi') + capacity('b', 'b', '2Gi'), '', 'worker-2', undefined],
    ['no capacity reported: Pending, not enough free storage', driver(true), '', undefined, NOT_ENOUGH],
    ['too little everywhere: Pending', driver(true) + capacity('a', 'a', '512Mi') + capacity('b', 'b', '512Mi'), '', undefined, NOT_ENOUGH],
    ['the driver does not opt in (storageCapacity: false): no check', driver(false), '', 'any', undefined],
    ['no CSIDriver object: no check', '', '', 'any', undefined],
    ['capacity reported later: the Pending pod is retried and scheduled', driver(true), capacity('a', 'a', '5Gi'), 'worker-1', NOT_ENOUGH],
  ])('%s', (_name, infra, later, want, failure) => {
    const t = run(scenario(infra, later));
    const pod = t.outcome.objects.find((o) => o.kind === 'Pod' && o.name === 'app');
    const node = /on (worker-\d)/.exec(pod?.status ?? '')?.[1];
    if (want === 'any') expect(['worker-1', 'worker-2']).toContain(node);
    else expect(node).toBe(want);
    expect(kubeEvents(t, 'FailedScheduling')[0]).toBe(failure);
  });
});

describe('kubectl get csidrivers / csistoragecapacities (printers.go printCSIDriver, printCSIStorageCapacity)', () => {
  it('prints the real columns, with the API server defaults for unset driver fields', () => {
    const text = scenario(driver(true) + capacity('b', 'b', '10Gi') + `
    - apiVersion: storage.k8s.io/v1
      kind: CSIStorageCapacity
      metadata: { name: unknown }
      storageClassName: tracked`).replace('  - advance: 10s\n', '  - advance: 10s\n  - kubectl: get csidrivers\n  - kubectl: get csistoragecapacities\n');
    const t = run(text);
    const out = (cmd: string) => t.steps.find((s) => s.title === `kubectl ${cmd}`)?.output;
    expect(out('get csidrivers')).toBe(
      'NAME                  ATTACHREQUIRED   PODINFOONMOUNT   STORAGECAPACITY   TOKENREQUESTS   REQUIRESREPUBLISH   MODES        AGE\nhostpath.csi.k8s.io   true             false            true              <unset>         false               Persistent   15s\n',
    );
    expect(out('get csistoragecapacities')).toBe('NAME      STORAGECLASSNAME   CAPACITY\nb         tracked            10Gi\nunknown   tracked            <unset>\n');
  });
});
