/**
 * Storage Object in Use Protection: the admission plugin
 * (plugin/pkg/admission/storage/storageobjectinuseprotection/admission.go,
 * admission_test.go TestAdmit), the PVC protection controller
 * (pkg/controller/volume/pvcprotection, pvc_protection_controller_test.go
 * TestPVCProtectionController: processPVC / podUsesPVC / enqueuePVCs) and the
 * PV protection controller (pkg/controller/volume/pvprotection,
 * pv_protection_controller_test.go TestPVProtectionController: processPV /
 * isBeingUsed), table-driven over the pure logic, then over whole scenarios:
 * an in-use claim shows `Terminating` until its pod is gone, then goes, and
 * its provisioned volume follows the reclaim policy Delete.
 */
import { describe, expect, it } from 'vitest';
import {
  PVC_PROTECTION_FINALIZER, PV_PROTECTION_FINALIZER, admitStorageProtection, claimsToRecheck, pvProtectionDecision, pvcProtectionDecision,
} from '../../src/cluster/core/storage-protection.ts';
import type { Meta, Obj } from '../../src/cluster/core/object.ts';
import type { PodObj, PvObj } from '../../src/cluster/core/typed.ts';
import { run, failed } from './helpers.ts';
import { at } from '../helpers/at.ts';
import type { Trace } from '../../src/trace/types.ts';
import { authorize, serviceAccountUser } from '../../src/cluster/core/rbac/authorize.ts';
import { bootstrapPolicy } from '../../src/cluster/core/rbac/bootstrap.ts';

// ---- the fixtures of pvc_protection_controller_test.go ----------------------

const NOW = '2026-01-01T00:00:00Z';
interface ClaimLike { metadata: Meta }
const pvc = (name = 'pvc1', namespace = 'default'): ClaimLike => ({ metadata: { name, namespace } });
const withProtectionFinalizer = <T extends { metadata: Meta }>(o: T): T => ({ ...o, metadata: { ...o.metadata, finalizers: [...(o.metadata.finalizers ?? []), PVC_PROTECTION_FINALIZER] } });
const deleted = <T extends { metadata: Meta }>(o: T): T => ({ ...o, metadata: { ...o.metadata, deletionTimestamp: NOW } });

function pod(opts: { name?: string; namespace?: string; uid?: string; claim?: string; emptyDir?: boolean; phase?: string; node?: string | null; deleting?: boolean; running?: boolean } = {}): PodObj {
  const volumes = [
    ...(opts.claim ? [{ name: 'vol', persistentVolumeClaim: { claimName: opts.claim } }] : []),
    ...(opts.emptyDir ? [{ name: 'scratch', emptyDir: {} }] : []),
  ];
  const o: Obj = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: opts.name ?? 'pod1', namespace: opts.namespace ?? 'default', uid: opts.uid ?? 'uid1', ...(opts.deleting ? { deletionTimestamp: NOW } : {}) },
    spec: { containers: [{ name: 'c', image: 'busybox' }], volumes, ...(opts.node === null ? {} : { nodeName: opts.node ?? 'node1' }) },
    status: { phase: opts.phase ?? 'Pending', ...(opts.running === undefined ? {} : { containerStatuses: [{ name: 'c', image: 'busybox', imageID: '', ready: opts.running, restartCount: 0, state: opts.running ? { running: {} } : { terminated: { exitCode: 0 } } }] }) },
  };
  return o as PodObj;
}

describe('StorageObjectInUseProtection admission (admission_test.go TestAdmit)', () => {
  it.each<[string, Obj, string[] | undefined, boolean]>([
    ['create a PVC: the pvc-protection finalizer is added', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'claim' } }, [PVC_PROTECTION_FINALIZER], true],
    ['create a PVC that has it already: no change', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'claim', finalizers: [PVC_PROTECTION_FINALIZER] } }, [PVC_PROTECTION_FINALIZER], true],
    ['create a PVC with another finalizer: appended after it', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'claim', finalizers: ['example.com/x'] } }, ['example.com/x', PVC_PROTECTION_FINALIZER], true],
    ['create a PV: the pv-protection finalizer is added', { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv' } }, [PV_PROTECTION_FINALIZER], true],
    ['create a Pod: not the plugin\'s kind', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }, undefined, false],
  ])('%s', (_name, obj, want, handled) => {
    expect(admitStorageProtection(obj)).toBe(handled);
    expect(obj.metadata.finalizers).toEqual(want);
  });
});

describe('PVC protection controller (pvc_protection_controller_test.go TestPVCProtectionController)', () => {
  // processPVC: what the controller does, given the informer's pods and the live list's.
  it.each<[string, ClaimLike, PodObj[], PodObj[] | undefined, ReturnType<typeof pvcProtectionDecision>]>([
    ['PVC without finalizer -> finalizer is added', pvc(), [], undefined, 'add-finalizer'],
    ['PVC with finalizer -> no action', withProtectionFinalizer(pvc()), [], undefined, 'none'],
    ['deleted PVC with finalizer, no pods in the informer -> live list of pods first', deleted(withProtectionFinalizer(pvc())), [], undefined, 'list-pods'],
    ['deleted PVC with finalizer, live list empty -> finalizer is removed', deleted(withProtectionFinalizer(pvc())), [], [], 'remove-finalizer'],
    ['deleted PVC with finalizer + pod with the PVC exists -> finalizer is not removed', deleted(withProtectionFinalizer(pvc())), [pod({ claim: 'pvc1' })], undefined, 'keep'],
    ['deleted PVC with finalizer + pod with unrelated PVC and EmptyDir exists -> finalizer is removed', deleted(withProtectionFinalizer(pvc())), [pod({ claim: 'unrelatedPVC', emptyDir: true })], [pod({ claim: 'unrelatedPVC', emptyDir: true })], 'remove-finalizer'],
    ['deleted PVC with finalizer + pod with the PVC finished but is not deleted -> finalizer is not removed', deleted(withProtectionFinalizer(pvc())), [pod({ claim: 'pvc1', phase: 'Failed' })], undefined, 'keep'],
    ['deleted PVC with finalizer + pod with the PVC exists but is not in the Informer\'s cache yet -> finalizer is not removed', deleted(withProtectionFinalizer(pvc())), [], [pod({ claim: 'pvc1' })], 'keep'],
    ['deleted PVC + unscheduled pod with the PVC -> finalizer is removed (podUsesPVC needs a node)', deleted(withProtectionFinalizer(pvc())), [pod({ claim: 'pvc1', node: null })], [pod({ claim: 'pvc1', node: null })], 'remove-finalizer'],
    ['deleted PVC + pod of the same claim name in another namespace -> finalizer is removed', deleted(withProtectionFinalizer(pvc())), [pod({ claim: 'pvc1', namespace: 'other' })], [], 'remove-finalizer'],
    ['deleted PVC without the finalizer (already removed) -> no action', deleted(pvc()), [pod({ claim: 'pvc1' })], undefined, 'none'],
  ])('%s', (_name, claim, informer, live, want) => {
    expect(pvcProtectionDecision(claim, informer, live)).toBe(want);
  });

  // podAddedDeletedUpdated → enqueuePVCs: which claims a pod event queues.
  it.each<[string, PodObj, boolean, string[]]>([
    ['updated running Pod -> no action', pod({ claim: 'pvc1', phase: 'Running', running: true }), false, []],
    ['updated finished Pod -> its claims are rechecked (and kept: it still exists)', pod({ claim: 'pvc1', phase: 'Succeeded' }), false, ['default/pvc1']],
    ['updated unscheduled Pod -> its claims are rechecked', pod({ claim: 'pvc1', node: null }), false, ['default/pvc1']],
    ['deleted running Pod -> its claims are rechecked', pod({ claim: 'pvc1', phase: 'Running', running: true }), true, ['default/pvc1']],
    ['terminating pod whose containers stopped (IsPodTerminated) -> rechecked', pod({ claim: 'pvc1', phase: 'Running', deleting: true, running: false }), false, ['default/pvc1']],
    ['terminating pod still running -> no action', pod({ claim: 'pvc1', phase: 'Running', deleting: true, running: true }), false, []],
    ['deleted pod without claims -> nothing', pod({ emptyDir: true }), true, []],
  ])('%s', (_name, p, wasDeleted, want) => {
    expect(claimsToRecheck(p, wasDeleted)).toEqual(want);
  });
});

describe('PV protection controller (pv_protection_controller_test.go TestPVProtectionController)', () => {
  const pv = (phase: string, meta: Partial<Meta> = {}): PvObj => ({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv1', ...meta }, spec: {}, status: { phase } }) as PvObj;
  it.each<[string, PvObj, ReturnType<typeof pvProtectionDecision>]>([
    ['PV without finalizer -> finalizer is added', pv('Available'), 'add-finalizer'],
    ['PV with finalizer -> no action', pv('Available', { finalizers: [PV_PROTECTION_FINALIZER] }), 'none'],
    ['deleted PV without finalizer -> no action', pv('Available', { deletionTimestamp: NOW }), 'none'],
    ['deleted PV with finalizer, Available -> finalizer is removed', pv('Available', { deletionTimestamp: NOW, finalizers: [PV_PROTECTION_FINALIZER] }), 'remove-finalizer'],
    ['deleted PV with finalizer, Released -> finalizer is removed', pv('Released', { deletionTimestamp: NOW, finalizers: [PV_PROTECTION_FINALIZER] }), 'remove-finalizer'],
    ['deleted PV with finalizer + PV is bound -> finalizer is not removed', pv('Bound', { deletionTimestamp: NOW, finalizers: [PV_PROTECTION_FINALIZER] }), 'keep'],
  ])('%s', (_name, volume, want) => {
    expect(pvProtectionDecision(volume)).toBe(want);
  });
});

// ---- whole scenarios ------------------------------------------------------------

const FILES = `
kubescene: v1
name: pvc-protection
seed: 0
cluster:
  kubernetes: "1.31"
  nodes:
    - { name: worker-1, images: ["busybox:1.36"] }
files:
  data.yaml:
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata: { name: data }
    spec:
      accessModes: [ReadWriteOnce]
      resources: { requests: { storage: 1Gi } }
  app.yaml:
    apiVersion: v1
    kind: Pod
    metadata: { name: app }
    spec:
      containers:
        - { name: c, image: "busybox:1.36", command: [sleep, "3600"], volumeMounts: [{ name: d, mountPath: /d }] }
      volumes:
        - { name: d, persistentVolumeClaim: { claimName: data } }
  static.yaml:
    - apiVersion: v1
      kind: PersistentVolume
      metadata: { name: pv-static }
      spec:
        storageClassName: ""
        capacity: { storage: 1Gi }
        accessModes: [ReadWriteOnce]
        hostPath: { path: /mnt/pv-static }
    - apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: { name: static }
      spec:
        storageClassName: ""
        accessModes: [ReadWriteOnce]
        resources: { requests: { storage: 1Gi } }
steps:
`;

/** The outputs of the steps, in order. */
const outputs = (t: Trace): string[] => t.steps.map((s) => `${s.output ?? ''}${s.error ?? ''}`);
/** The STATUS column of `kubectl get <kind> <name>` (the second row's status cell), or `gone`. */
function statusOf(out: string, column: number): string {
  const row = out.split('\n')[1];
  return row ? (row.trim().split(/\s+/)[column] ?? '?') : 'gone';
}

describe('PVC protection over a whole cluster', () => {
  const PVC_STATUS = 1;
  const PV_STATUS = 4;
  it.each<[string, string, Array<[number, number, string]>]>([
    [
      'finalizers present on create (admission), on the claim and on the provisioned volume',
      `  - kubectl: apply -f data.yaml\n  - advance: 5s\n  - kubectl: get pvc data -o jsonpath={.metadata.finalizers}\n  - kubectl: get pv -o jsonpath={.items[0].metadata.finalizers}\n`,
      [[2, -1, '["kubernetes.io/pvc-protection"]'], [3, -1, '["kubernetes.io/pv-protection"]']],
    ],
    [
      'in-use PVC delete -> Terminating; pod deleted -> PVC gone -> PV deleted by reclaim Delete',
      `  - kubectl: apply -f data.yaml\n  - kubectl: apply -f app.yaml\n  - advance: 10s\n  - kubectl: delete pvc data --wait=false\n  - advance: 30s\n  - kubectl: get pvc\n  - kubectl: get pv\n  - kubectl: delete pod app\n  - advance: 10s\n  - kubectl: get pvc\n  - kubectl: get pv\n`,
      [[5, PVC_STATUS, 'Terminating'], [6, PV_STATUS, 'Bound'], [9, -2, 'gone'], [10, -2, 'gone']],
    ],
    [
      'unused PVC delete -> gone at once after the finalizer is removed; its volume is deleted too',
      `  - kubectl: apply -f data.yaml\n  - advance: 5s\n  - kubectl: delete pvc data\n  - kubectl: get pvc\n  - advance: 5s\n  - kubectl: get pv\n`,
      [[3, -2, 'gone'], [5, -2, 'gone']],
    ],
    [
      'PV delete while Bound -> Terminating; after its claim goes (Retain: Released) the PV goes too',
      `  - kubectl: apply -f static.yaml\n  - advance: 5s\n  - kubectl: delete pv pv-static --wait=false\n  - advance: 5s\n  - kubectl: get pv\n  - kubectl: get pvc\n  - kubectl: delete pvc static\n  - advance: 5s\n  - kubectl: get pv\n`,
      [[4, PV_STATUS, 'Terminating'], [5, PVC_STATUS, 'Bound'], [8, -2, 'gone']],
    ],
  ])('%s', (_name, steps, checks) => {
    const t = run(FILES + steps);
    expect(failed(t)).toEqual([]);
    const out = outputs(t);
    for (const [step, column, want] of checks) {
      const text = at(out, step);
      if (column === -1) expect(text.trim(), `step ${step}`).toBe(want);
      else if (column === -2) expect(text.trim() === 'No resources found' || /^No resources found in \S+ namespace\.$/.test(text.trim()) ? 'gone' : text, `step ${step}`).toBe(want);
      else expect(statusOf(text, column), `step ${step}: ${text}`).toBe(want);
    }
  });

  it('the claim waits for its pod: the finalizer goes only after the pod is deleted, then the volume follows', () => {
    const t = run(FILES + `  - kubectl: apply -f data.yaml\n  - kubectl: apply -f app.yaml\n  - advance: 10s\n  - kubectl: delete pvc data --wait=false\n  - advance: 30s\n  - kubectl: delete pod app\n  - advance: 10s\n`);
    const idx = (pred: (e: Trace['events'][number]) => boolean): number => t.events.findIndex(pred);
    const podGone = idx((e) => e.type === 'watch' && e.to === 'persistentvolumeclaim-protection-controller' && e.summary === 'DELETED pod/app');
    const list = idx((e) => e.from === 'persistentvolumeclaim-protection-controller' && e.summary.startsWith('GET pods'));
    const unprotect = idx((e) => e.from === 'persistentvolumeclaim-protection-controller' && e.summary.includes(`PUT persistentvolumeclaims (remove ${PVC_PROTECTION_FINALIZER} finalizer)`));
    const released = idx((e) => e.from === 'persistentvolume-binder-controller' && e.summary === 'PATCH persistentvolumes/status Released');
    const pvDelete = idx((e) => e.from === 'csi-provisioner' && e.summary === 'DELETE persistentvolumes');
    const pvUnprotect = idx((e) => e.from === 'persistentvolume-protection-controller' && e.summary.includes(`remove ${PV_PROTECTION_FINALIZER} finalizer`));
    expect([podGone, list, unprotect, released, pvDelete, pvUnprotect].every((i) => i >= 0)).toBe(true);
    expect(podGone).toBeLessThan(list);
    expect(list).toBeLessThan(unprotect);
    expect(unprotect).toBeLessThan(released);
    expect(released).toBeLessThan(pvDelete);
    expect(pvDelete).toBeLessThan(pvUnprotect);
    // While the pod ran, nothing removed the finalizer.
    const deleteClaim = idx((e) => e.from === 'kubectl' && e.summary.startsWith('DELETE persistentvolumeclaims'));
    expect(deleteClaim).toBeGreaterThanOrEqual(0);
    expect(deleteClaim).toBeLessThan(podGone);
    // The mutating-admission phase names the plugin.
    expect(t.events.some((e) => e.type === 'phase' && e.summary === 'mutating admission: defaults, DefaultStorageClass, StorageObjectInUseProtection')).toBe(true);
  });
});

describe('controller roles (bootstrappolicy/controller_policy.go)', () => {
  const rbac = bootstrapPolicy();
  it.each<[string, string, string, string, boolean]>([
    ['pvc-protection-controller', 'update', 'persistentvolumeclaims', 'default', true],
    ['pvc-protection-controller', 'list', 'pods', 'default', true],
    ['pvc-protection-controller', 'delete', 'persistentvolumeclaims', 'default', false],
    ['pvc-protection-controller', 'update', 'persistentvolumes', '', false],
    ['pv-protection-controller', 'update', 'persistentvolumes', '', true],
    ['pv-protection-controller', 'list', 'pods', 'default', false],
  ])('%s may %s %s: %s', (sa, verb, resource, namespace, want) => {
    const u = serviceAccountUser('kube-system', sa);
    const d = authorize({ user: u.user, groups: u.groups, verb, apiGroup: '', resource, ...(namespace ? { namespace } : {}) }, rbac);
    expect(d.allowed).toBe(want);
    if (want) expect(d.reason).toBe(`RBAC: allowed by ClusterRoleBinding "system:controller:${sa}" of ClusterRole "system:controller:${sa}" to ServiceAccount "${sa}/kube-system"`);
  });
});

describe('finalizers hold an object through a grace-0 delete (registry Store.Delete, shouldDeleteDuringUpdate)', () => {
  const HELD = `
  held.yaml:
    apiVersion: v1
    kind: Pod
    metadata: { name: held, finalizers: [example.com/hold] }
    spec:
      containers:
        - { name: c, image: "busybox:1.36", command: [sleep, "3600"] }
`;
  it.each<[string, string, string, number, string]>([
    [
      'a forced delete of an in-use claim leaves it Terminating (the finalizer still holds it)',
      FILES,
      `  - kubectl: apply -f data.yaml\n  - kubectl: apply -f app.yaml\n  - advance: 10s\n  - kubectl: delete pvc data --force --grace-period=0 --wait=false\n  - kubectl: delete pvc data --force --grace-period=0 --wait=false\n  - advance: 5s\n  - kubectl: get pvc\n`,
      6,
      'Terminating',
    ],
    [
      'a pod with a finalizer stays Terminating after the kubelet\'s final delete',
      FILES.replace('files:\n', `files:${HELD}`),
      `  - kubectl: apply -f held.yaml\n  - advance: 10s\n  - kubectl: delete pod held --wait=false\n  - advance: 60s\n  - kubectl: get pods\n`,
      4,
      'Terminating',
    ],
  ])('%s', (_name, files, steps, step, want) => {
    const t = run(files + steps);
    expect(failed(t)).toEqual([]);
    const text = at(outputs(t), step);
    expect(statusOf(text, 1 + (text.startsWith('NAME   READY') || text.startsWith('NAME') && text.includes('READY') ? 1 : 0)), text).toBe(want);
  });
});
