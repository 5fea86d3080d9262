/**
 * A claim naming a StorageClass that does not exist
 * (pkg/controller/volume/persistentvolume/pv_controller.go: syncUnboundClaim →
 * provisionClaim → findProvisionablePlugin, whose class lister answers
 * NotFound): Warning ProvisioningFailed `storageclass.storage.k8s.io "<name>"
 * not found`, the claim stays Pending, and "controller will retry the
 * provisioning in every syncUnboundClaim() call" — at the latest at the
 * controller's resync (--pvclaimbinder-sync-period, 15 s), so a class
 * created later provisions and binds the claim.
 */
import { describe, expect, it } from 'vitest';
import { failed, kubeEvents, run, timeOf } from './helpers.ts';

const SCENARIO = (steps: string): string => `kubescene: v1
name: pvc-missing-class
cluster:
  nodes:
    - { name: worker-1, images: ["busybox:1.36"] }
files:
  pvc.yaml:
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata: { name: data }
    spec:
      storageClassName: fast
      accessModes: [ReadWriteOnce]
      resources: { requests: { storage: 1Gi } }
  sc.yaml:
    apiVersion: storage.k8s.io/v1
    kind: StorageClass
    metadata: { name: fast }
    provisioner: hostpath.csi.k8s.io
steps:
  - kubectl: apply -f pvc.yaml
${steps}`;

const phase = (value: string): string => `    expect:\n      - object: pvc/data\n        path: status.phase\n        equals: ${value}\n`;

describe('a PersistentVolumeClaim whose StorageClass does not exist', () => {
  it('stays Pending with the PV controller\'s ProvisioningFailed event', () => {
    const t = run(SCENARIO(`  - advance: 40s\n${phase('Pending')}`));
    expect(failed(t)).toEqual([]);
    expect(kubeEvents(t, 'ProvisioningFailed')).toEqual(['storageclass.storage.k8s.io "fast" not found']);
    expect(kubeEvents(t, 'ProvisioningSucceeded')).toEqual([]);
  });

  it('is provisioned and bound at the controller\'s next 15 s resync once the class is created', () => {
    const t = run(SCENARIO(`  - advance: 20s
${phase('Pending')}  - kubectl: apply -f sc.yaml
  - advance: 1s
${phase('Pending')}  - advance: 15s
${phase('Bound')}`));
    expect(failed(t)).toEqual([]);
    expect(kubeEvents(t, 'ProvisioningSucceeded')).toHaveLength(1);
    // Class created at ~20 s; the resync ticks at 15 s, 30 s, …: the claim is handed to the provisioner at 30 s.
    const handedOver = timeOf(t, 'storage-provisioner hostpath.csi.k8s.io', 'persistentvolume-binder-controller');
    expect(handedOver).toBeGreaterThanOrEqual(30_000);
    expect(handedOver).toBeLessThan(31_000);
  });

  it('is deterministic', () => {
    const text = SCENARIO(`  - kubectl: apply -f sc.yaml\n  - advance: 20s\n`);
    expect(JSON.stringify(run(text))).toBe(JSON.stringify(run(text)));
  });
});
