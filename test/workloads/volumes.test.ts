/**
 * Persistent volume binding, ported from Kubernetes'
 * pkg/controller/volume/persistentvolume/index_test.go (TestMatchVolume,
 * TestFindingPreboundVolumes, TestAlphaStorageClass...) and the binding cases of
 * pv_controller_test.go / binder_test.go: match by size (smallest that
 * fits), storage class, access modes (smallest mode set first), selector,
 * pre-bound volumes, delayed binding; and the scheduler's VolumeBinding
 * PreFilter with its FailedScheduling message.
 */
import { describe, expect, it } from 'vitest';
import { claimOf, findBestMatchForClaim, volumeOf, type VolumeLike } from '../../src/cluster/core/volumes.ts';
import { preFilterFailureMessage, volumeBindingPreFilter, type ClaimState } from '../../src/cluster/core/scheduler/index.ts';
import { usesStorage } from '../../src/cluster/boot/cluster.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- test objects are plain JSON */
const pv = (name: string, size: string, spec: any = {}, labels: Record<string, string> = {}, phase = 'Available'): VolumeLike =>
  volumeOf({ metadata: { name, labels }, spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], ...spec }, status: { phase } });
const pvc = (size: string, spec: any = {}, name = 'claim01') =>
  claimOf({ metadata: { name, namespace: 'myns', uid: 'uid-' + name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } }, ...spec } });

// The index of index_test.go's createTestVolumes, reduced: GCE-like RWO+ROX volumes and an NFS-like RWO+ROX+RWX one.
const volumes: VolumeLike[] = [
  pv('gce-pd-1', '1G', { accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] }),
  pv('gce-pd-5', '5G', { accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] }),
  pv('gce-pd-10', '10G', { accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] }),
  pv('nfs-5', '5G', { accessModes: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany'] }),
  pv('nfs-10', '10G', { accessModes: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany'] }),
  pv('gce-pd-20', '20G', { accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], storageClassName: 'silver' }),
  pv('ebs-15', '15G', { accessModes: ['ReadWriteOnce'] }, { tier: 'gold' }),
  pv('bound-5', '5G', { claimRef: { namespace: 'other', name: 'someone', uid: 'x' } }, {}, 'Bound'),
];

describe('findBestMatchForClaim (TestMatchVolume)', () => {
  it.each<[string, ReturnType<typeof pvc>, string | undefined]>([
    ['successful-match-gce-10', pvc('8G', { accessModes: ['ReadOnlyMany', 'ReadWriteOnce'] }), 'gce-pd-10'],
    ['successful-match-nfs-5 (RWX needs the larger mode set)', pvc('5G', { accessModes: ['ReadOnlyMany', 'ReadWriteOnce', 'ReadWriteMany'] }), 'nfs-5'],
    ['successful-skip-1g-bound-volume (smallest that fits)', pvc('1G', { accessModes: ['ReadOnlyMany', 'ReadWriteOnce'] }), 'gce-pd-1'],
    ['successful-no-match (too large)', pvc('999G'), undefined],
    ['successful-no-match-due-to-label', pvc('999G', { selector: { matchLabels: { 'should-not-exist': 'true' } } }), undefined],
    ['successful-match-due-to-label', pvc('1G', { selector: { matchLabels: { tier: 'gold' } } }), 'ebs-15'],
    ['successful-match-with-class', pvc('1G', { storageClassName: 'silver' }), 'gce-pd-20'],
    ['successful-match-with-empty-class: no class only matches no class', pvc('15G', { storageClassName: '' }), 'ebs-15'],
    ['class mismatch: a class without volumes', pvc('1G', { storageClassName: 'gold' }), undefined],
    ['RWO alone prefers the RWO-only set (ebs-15) over smaller RWO+ROX volumes', pvc('1G', { accessModes: ['ReadWriteOnce'] }), 'ebs-15'],
    ['ROX alone: the smallest volume of the smallest set containing ROX', pvc('1G', { accessModes: ['ReadOnlyMany'] }), 'gce-pd-1'],
    ['RWX: only the NFS volumes offer it', pvc('6G', { accessModes: ['ReadWriteMany'] }), 'nfs-10'],
  ])('%s', (_name, claim, want) => {
    expect(findBestMatchForClaim(claim, volumes)?.name).toBe(want);
  });

  it('a volume bound to another claim is never chosen', () => {
    expect(findBestMatchForClaim(pvc('5G', { accessModes: ['ReadWriteOnce'] }), [volumes[7]!])).toBeUndefined();
  });

  it('TestFindingPreboundVolumes: a volume pre-bound to the claim wins over a smaller free one', () => {
    const claim = pvc('1G');
    const prebound = pv('pv-prebound', '10G', { claimRef: { namespace: 'myns', name: 'claim01' } });
    const free = pv('pv-small', '1G');
    expect(findBestMatchForClaim(claim, [free, prebound])?.name).toBe('pv-prebound');
    // Pre-bound by uid to another incarnation of the claim: not a match, and not free either.
    const staleUid = pv('pv-stale', '10G', { claimRef: { namespace: 'myns', name: 'claim01', uid: 'other-uid' } });
    expect(findBestMatchForClaim(claim, [staleUid])).toBeUndefined();
  });

  it('a pre-bound volume that is too small does not match', () => {
    expect(findBestMatchForClaim(pvc('5G'), [pv('pv-prebound', '1G', { claimRef: { namespace: 'myns', name: 'claim01' } })])).toBeUndefined();
  });

  it('volume mode must match (Block claim, Filesystem volume)', () => {
    expect(findBestMatchForClaim(pvc('1G', { volumeMode: 'Block' }), [pv('fs', '1G')])).toBeUndefined();
    expect(findBestMatchForClaim(pvc('1G', { volumeMode: 'Block' }), [pv('blk', '1G', { volumeMode: 'Block' })])?.name).toBe('blk');
  });

  it('delayed binding (WaitForFirstConsumer, no node yet): only pre-bound volumes match', () => {
    const claim = pvc('1G', { storageClassName: 'wait' });
    expect(findBestMatchForClaim(claim, [pv('free', '1G', { storageClassName: 'wait' })], true)).toBeUndefined();
    expect(findBestMatchForClaim(claim, [pv('mine', '1G', { storageClassName: 'wait', claimRef: { namespace: 'myns', name: 'claim01' } })], true)?.name).toBe('mine');
  });

  it('a volume being deleted or not Available is skipped', () => {
    const released = pv('released', '1G', {}, {}, 'Released');
    const deleting = volumeOf({ metadata: { name: 'deleting', deletionTimestamp: '2025-01-01T00:00:00Z' }, spec: { capacity: { storage: '1G' }, accessModes: ['ReadWriteOnce'] }, status: { phase: 'Available' } });
    expect(findBestMatchForClaim(pvc('1G'), [released, deleting])).toBeUndefined();
  });
});

describe('VolumeBinding PreFilter', () => {
  const state = (s: Partial<ClaimState>): ClaimState => ({ exists: true, deleting: false, bound: false, delayed: false, ...s });
  it.each<[string, Record<string, Partial<ClaimState>>, string]>([
    ['bound claims pass', { a: { bound: true } }, 'ok []'],
    ['an unbound Immediate claim fails', { a: { bound: true }, b: {} }, 'pod has unbound immediate PersistentVolumeClaims'],
    ['WaitForFirstConsumer claims are delayed', { a: { delayed: true }, b: { bound: true } }, 'ok [a]'],
    ['a missing claim', { a: { exists: false } }, 'persistentvolumeclaim "a" not found'],
    ['a claim being deleted', { a: { deleting: true } }, 'persistentvolumeclaim "a" is being deleted'],
  ])('%s', (_n, claims, want) => {
    const r = volumeBindingPreFilter(Object.keys(claims), (n) => state(claims[n]!));
    expect(r.ok ? `ok [${r.delayed.join(',')}]` : r.reason).toBe(want);
  });

  it('FitError with a PreFilter message: no per-node histogram, every node unresolvable', () => {
    expect(preFilterFailureMessage(3, 'pod has unbound immediate PersistentVolumeClaims')).toBe(
      '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
  });
});

describe('the default StorageClass exists when the scenario uses storage', () => {
  it.each<[string, any[], string[][], boolean]>([
    ['a Deployment only', [{ kind: 'Deployment', spec: {} }], [['get', 'pods']], false],
    ['a PVC', [{ kind: 'PersistentVolumeClaim', spec: {} }], [], true],
    ['a StatefulSet with volumeClaimTemplates', [{ kind: 'StatefulSet', spec: { volumeClaimTemplates: [{}] } }], [], true],
    ['a StatefulSet without', [{ kind: 'StatefulSet', spec: {} }], [], false],
    ['kubectl get storageclass', [], [['get', 'storageclass']], true],
    ['kubectl get pods,pvc', [], [['get', 'pods,pvc']], true],
    ['kubectl get pv/pv-1', [], [['get', 'pv/pv-1']], true],
  ])('%s → %s', (_n, objects, argv, want) => {
    expect(usesStorage(objects, argv)).toBe(want);
  });
});
/* eslint-enable @typescript-eslint/no-explicit-any */
