/**
 * Persistent volume binding, ported from Kubernetes'
 * pkg/controller/volume/persistentvolume/index_test.go (TestMatchVolume,
 * TestFindingPreboundVolumes, TestAlphaStorageClass...) and the binding cases of
 * pv_controller_test.go / binder_test.go: match by size (smallest that
 * fits), storage class, access modes (smallest mode set first), selector,
 * pre-bound volumes, delayed binding; and the scheduler's VolumeBinding
 * PreFilter with its FailedScheduling message; the volume's node affinity on
 * the scheduler's path (index_test.go TestFindMatchVolumeWithNode,
 * pkg/volume/util TestGetLocalPersistentVolumeNodeNames, binder_test.go
 * TestFindPodVolumes* and TestGetEligibleNodes).
 */
import { describe, expect, it } from 'vitest';
import {
  checkNodeAffinity, claimOf, findBestMatchForClaim, findMatchingVolume, localVolumeNodeNames, matchTopologySelectorTerms, volumeOf, type TopologySelectorTerm, type VolumeLike,
} from '../../src/cluster/core/volumes.ts';
import {
  ERR_REASON_BIND_CONFLICT, ERR_REASON_NODE_CONFLICT, ERR_REASON_NOT_ENOUGH_SPACE, type StorageCapacity, ERR_REASON_PV_NOT_EXIST, NOT_SUPPORTED_PROVISIONER,
  eligibleNodes, findPodVolumes, nodeInfoFor, podInfoFromSpec, podVolumeCheck, preFilterFailureMessage, schedulePod, volumeBindingPreFilter, podClaims,
  type ClaimState, type PodVolumeClaims, type PodVolumesOnNode,
} from '../../src/cluster/core/scheduler/index.ts';
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
    const r = volumeBindingPreFilter(Object.keys(claims).map((name) => ({ name, ephemeral: false })), (n) => state(claims[n]!), { namespace: 'default', name: 'p', uid: 'pod-uid' });
    expect(r.ok ? `ok [${r.delayed.join(',')}]` : r.reason).toBe(want);
  });

  // volume_binding.go podHasPVCs with generic ephemeral volumes; ephemeral.VolumeIsForPod.
  it.each<[string, Partial<ClaimState>, string]>([
    ['its claim not created yet', { exists: false }, 'waiting for ephemeral volume controller to create the persistentvolumeclaim "p-scratch"'],
    ['its claim, controlled by the pod', { bound: true, controllerUid: 'pod-uid' }, 'ok []'],
    ['a claim of that name the pod does not control', { bound: true, controllerUid: 'other' }, 'PVC default/p-scratch was not created for pod default/p (pod is not owner)'],
    ['a claim of that name without an owner', { bound: true }, 'PVC default/p-scratch was not created for pod default/p (pod is not owner)'],
    ['its claim being deleted', { deleting: true, controllerUid: 'pod-uid' }, 'persistentvolumeclaim "p-scratch" is being deleted'],
  ])('a generic ephemeral volume: %s', (_n, claim, want) => {
    const r = volumeBindingPreFilter([{ name: 'p-scratch', ephemeral: true }], () => state(claim), { namespace: 'default', name: 'p', uid: 'pod-uid' });
    expect(r.ok ? `ok [${r.delayed.join(',')}]` : r.reason).toBe(want);
  });

  it('the claims of a pod: persistentVolumeClaim volumes by claimName, generic ephemeral volumes as <pod>-<volume> (ephemeral.VolumeClaimName)', () => {
    const pod = { metadata: { name: 'web' }, spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'shared' } }, { name: 'tmp', emptyDir: {} }, { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: {} } } }] } };
    expect(podClaims(pod)).toEqual([
      { name: 'shared', ephemeral: false },
      { name: 'web-scratch', ephemeral: true },
    ]);
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

/* eslint-disable @typescript-eslint/no-explicit-any -- test objects are plain JSON */
const affinity = (key: string, ...values: string[]) => ({ required: { nodeSelectorTerms: [{ matchExpressions: [{ key, operator: 'In', values }] }] } });
const rwoRox = ['ReadWriteOnce', 'ReadOnlyMany'];

describe('FindMatchingVolume on a node (index_test.go TestFindMatchVolumeWithNode)', () => {
  // createTestVolumes' volumes of class "wait" (the others are of other classes and never match a "wait" claim).
  const volumes: VolumeLike[] = [
    pv('affinity001', '100G', { accessModes: rwoRox, storageClassName: 'wait', nodeAffinity: affinity('key1', 'value1') }),
    pv('affinity002', '150G', { accessModes: rwoRox, storageClassName: 'wait', nodeAffinity: affinity('key1', 'value1') }),
    pv('affinity003-prebound', '100G', { accessModes: rwoRox, storageClassName: 'wait', claimRef: { name: 'claim02', namespace: 'myns' }, nodeAffinity: affinity('key1', 'value1') }),
    pv('affinity003', '200G', { accessModes: rwoRox, storageClassName: 'wait', nodeAffinity: affinity('key1', 'value3') }),
    pv('affinity004-pending', '200G', { accessModes: rwoRox, storageClassName: 'wait', nodeAffinity: affinity('key1', 'value4') }, {}, 'Pending'),
    pv('affinity004-failed', '200G', { accessModes: rwoRox, storageClassName: 'wait', nodeAffinity: affinity('key1', 'value4') }, {}, 'Failed'),
    pv('affinity004-released', '200G', { accessModes: rwoRox, storageClassName: 'wait', nodeAffinity: affinity('key1', 'value4') }, {}, 'Released'),
    pv('affinity004-empty', '200G', { accessModes: rwoRox, storageClassName: 'wait', nodeAffinity: affinity('key1', 'value4') }, {}, ''),
  ];
  const node = (v: string) => ({ labels: { key1: v } });
  it.each<[string, ReturnType<typeof pvc>, { labels: Record<string, string>; excluded?: Set<string> }, string | undefined]>([
    ['success-match', pvc('100G', { storageClassName: 'wait' }), node('value1'), 'affinity001'],
    ['success-prebound', pvc('100G', { storageClassName: 'wait' }, 'claim02'), node('value1'), 'affinity003-prebound'],
    ['success-exclusion', pvc('100G', { storageClassName: 'wait' }), { ...node('value1'), excluded: new Set(['affinity001']) }, 'affinity002'],
    ['fail-exclusion', pvc('100G', { storageClassName: 'wait' }), { ...node('value1'), excluded: new Set(['affinity001', 'affinity002']) }, undefined],
    ['fail-accessmode', pvc('100G', { storageClassName: 'wait', accessModes: ['ReadWriteMany'] }), node('value1'), undefined],
    ['fail-nodeaffinity', pvc('100G', { storageClassName: 'wait' }), node('value2'), undefined],
    ['fail-prebound-node-affinity', pvc('100G', { storageClassName: 'wait' }, 'claim02'), node('value3'), undefined],
    ['fail-nonavaiable (Pending, Failed, Released, no phase)', pvc('100G', { storageClassName: 'wait' }, 'claim04'), node('value4'), undefined],
    ['success-bad-and-good-node-affinity', pvc('100G', { storageClassName: 'wait' }, 'claim03'), node('value3'), 'affinity003'],
  ])('%s', (_n, claim, on, want) => {
    expect(findMatchingVolume(claim, volumes, true, on)?.name).toBe(want);
  });

  it('the PV controller (no node) ignores node affinity; with delayed binding it binds only pre-bound volumes (TestBestMatchDelayed)', () => {
    expect(findBestMatchForClaim(pvc('100G', { storageClassName: 'wait' }), volumes)?.name).toBe('affinity001');
    expect(findBestMatchForClaim(pvc('100G', { storageClassName: 'wait' }), volumes, true)).toBeUndefined();
    expect(findBestMatchForClaim(pvc('100G', { storageClassName: 'wait' }, 'claim02'), volumes, true)?.name).toBe('affinity003-prebound');
  });
});

describe('CheckNodeAffinity and GetLocalPersistentVolumeNodeNames (pkg/volume/util)', () => {
  const vol = (nodeAffinity: any) => volumeOf({ metadata: { name: 'pv' }, spec: { nodeAffinity } });
  it.each<[string, any, Record<string, string>, boolean]>([
    ['no affinity matches every node', undefined, {}, true],
    ['affinity without required terms matches', {}, { a: 'b' }, true],
    ['In on the node label', affinity('zone', 'a', 'b'), { zone: 'b' }, true],
    ['In, other value', affinity('zone', 'a'), { zone: 'c' }, false],
    ['terms are ORed', { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, { matchExpressions: [{ key: 'disk', operator: 'Exists' }] }] } }, { disk: 'ssd' }, true],
    ['expressions of a term are ANDed', { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'disk', operator: 'Exists' }] }] } }, { zone: 'a' }, false],
    ['an empty list of terms matches nothing', { required: { nodeSelectorTerms: [] } }, { zone: 'a' }, false],
    ['matchFields metadata.name never matches a node known by its labels only', { required: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node1'] }] }] } }, { 'kubernetes.io/hostname': 'node1' }, false],
  ])('%s', (_n, aff, labels, want) => {
    expect(checkNodeAffinity(vol(aff), labels)).toBe(want);
  });

  // TestGetLocalPersistentVolumeNodeNames.
  it.each<[string, any, string[]]>([
    ['PV has no NodeAffinity', undefined, []],
    ['PV has empty NodeAffinity.Required', {}, []],
    ['a term with a hostname In expression', affinity('kubernetes.io/hostname', 'node1'), ['node1']],
    ['a term with a non-hostname key', affinity('topology.kubernetes.io/zone', 'a'), []],
    ['NotIn is not a pin', { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'NotIn', values: ['node1'] }] }] } }, []],
    [
      'two expressions in one term intersect',
      { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node1', 'node2'] }, { key: 'kubernetes.io/hostname', operator: 'In', values: ['node2', 'node3'] }] }] } },
      ['node2'],
    ],
    [
      'terms are united',
      { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node2'] }] }, { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node1'] }] }] } },
      ['node1', 'node2'],
    ],
  ])('%s', (_n, aff, want) => {
    expect(localVolumeNodeNames(vol(aff))).toEqual(want);
  });
});

describe('MatchTopologySelectorTerms (pkg/apis/core/v1/helper TestMatchTopologySelectorTerms)', () => {
  it.each<[string, TopologySelectorTerm[] | undefined, Record<string, string>, boolean]>([
    ['nil term list', undefined, { 'label_1': 'label_1_val' }, true],
    ['nil term list, no labels', undefined, {}, true],
    ['empty term list', [], { 'label_1': 'label_1_val' }, true],
    ['a term without expressions matches nothing', [{}], { 'label_1': 'label_1_val' }, false],
    ['label matches MatchLabelExpressions terms', [{ matchLabelExpressions: [{ key: 'label_1', values: ['label_1_val'] }] }], { 'label_1': 'label_1_val' }, true],
    ['label does not match MatchLabelExpressions terms', [{ matchLabelExpressions: [{ key: 'label_1', values: ['label_1_val'] }] }], { 'label_1': 'label_1_val_failed' }, false],
    ['multi-values in one requirement, one matched', [{ matchLabelExpressions: [{ key: 'label_1', values: ['label_1_val1', 'label_1_val2'] }] }], { 'label_1': 'label_1_val2' }, true],
    [
      'multi requirements in one term, partially matched',
      [{ matchLabelExpressions: [{ key: 'label_1', values: ['label_1_val'] }, { key: 'label_2', values: ['label_2_val'] }] }],
      { 'label_1': 'label_1_val', 'label_2': 'label_2_val_failed' },
      false,
    ],
    [
      'multi requirements in one term, all matched',
      [{ matchLabelExpressions: [{ key: 'label_1', values: ['label_1_val'] }, { key: 'label_2', values: ['label_2_val'] }] }],
      { 'label_1': 'label_1_val', 'label_2': 'label_2_val' },
      true,
    ],
    [
      'multi terms: terms are ORed',
      [{ matchLabelExpressions: [{ key: 'label_1', values: ['label_1_val'] }] }, { matchLabelExpressions: [{ key: 'label_2', values: ['label_2_val'] }] }],
      { 'label_2': 'label_2_val' },
      true,
    ],
    ['a requirement without values is invalid: its term matches nothing', [{ matchLabelExpressions: [{ key: 'label_1', values: [] }] }], { 'label_1': '' }, false],
    ['a missing label does not match', [{ matchLabelExpressions: [{ key: 'label_1', values: ['label_1_val'] }] }], {}, false],
  ])('%s', (_n, terms, labels, want) => {
    expect(matchTopologySelectorTerms(terms, labels)).toBe(want);
  });
});

describe('VolumeBinding Filter: FindPodVolumes (binder_test.go TestFindPodVolumesWithoutProvisioning / WithProvisioning)', () => {
  const node1 = { name: 'node1', labels: { nodeKey: 'node1' } };
  const node2 = { name: 'node2', labels: { nodeKey: 'node2' } };
  const onNode = (n: string) => ({ nodeAffinity: affinity('nodeKey', n) });
  const pvNode1a = pv('pv-node1a', '5G', { storageClassName: 'wait', ...onNode('node1') });
  const pvNode1b = pv('pv-node1b', '10G', { storageClassName: 'wait', ...onNode('node1') });
  const pvNode1c = pv('pv-node1c', '5G', { storageClassName: 'wait', ...onNode('node1') });
  const pvNode2 = pv('pv-node2', '1G', { storageClassName: 'wait', ...onNode('node2') });
  const pvBound = pv('pv-bound', '5G', { storageClassName: 'wait', claimRef: { namespace: 'myns', name: 'bound-pvc' }, ...onNode('node1') }, {}, 'Bound');
  const waitVolumes = [pvNode1a, pvNode1b, pvNode1c, pvNode2, pvBound];
  const unbound = (name: string, size = '1G', cls = 'wait') => pvc(size, { storageClassName: cls }, name);
  type Case = { bound?: { claim: string; volume?: VolumeLike }[]; delayed?: { name: string; size?: string; cls?: string; selectedNode?: string; provisioner?: string; allowedTopologies?: TopologySelectorTerm[] }[]; node?: typeof node1 };
  const claims = (c: Case): PodVolumeClaims => ({
    bound: c.bound ?? [],
    delayed: (c.delayed ?? []).map((d) => ({
      claim: unbound(d.name, d.size, d.cls),
      ...(d.selectedNode ? { selectedNode: d.selectedNode } : {}),
      provisioner: d.provisioner ?? NOT_SUPPORTED_PROVISIONER,
      ...(d.allowedTopologies ? { allowedTopologies: d.allowedTopologies } : {}),
    })),
    volumesByClass: new Map([['wait', waitVolumes], ['wait-provision', []]]),
  });
  const topo = (...values: string[]): TopologySelectorTerm[] => [{ matchLabelExpressions: [{ key: 'nodeKey', values }] }];
  const show = (r: PodVolumesOnNode) => ({ reasons: r.reasons, bindings: r.staticBindings.map((b) => `${b.claim}→${b.volume}`), provisions: r.provisions });
  it.each<[string, Case, { reasons: string[]; bindings?: string[]; provisions?: string[] }]>([
    ['no-volumes', {}, { reasons: [] }],
    ['bound-pvc', { bound: [{ claim: 'bound-pvc', volume: pvBound }] }, { reasons: [] }],
    ['bound-pvc,pv-not-exists', { bound: [{ claim: 'bound-pvc' }] }, { reasons: [ERR_REASON_PV_NOT_EXIST] }],
    ['unbound-pvc,pv-same-node', { delayed: [{ name: 'unbound-pvc' }] }, { reasons: [], bindings: ['unbound-pvc→pv-node1a'] }],
    ['unbound-pvc,pv-different-node: on node2 only its own volume matches', { delayed: [{ name: 'unbound-pvc' }], node: node2 }, { reasons: [], bindings: ['unbound-pvc→pv-node2'] }],
    ['unbound-pvc,no-pv-on-node (too large for node2)', { delayed: [{ name: 'unbound-pvc', size: '5G' }], node: node2 }, { reasons: [ERR_REASON_BIND_CONFLICT] }],
    ['two-unbound-pvcs (a volume is used once)', { delayed: [{ name: 'unbound-pvc' }, { name: 'unbound-pvc2' }] }, { reasons: [], bindings: ['unbound-pvc→pv-node1a', 'unbound-pvc2→pv-node1c'] }],
    ['two-unbound-pvcs,order-by-size (the larger claim is served after the smaller)', { delayed: [{ name: 'big', size: '10G' }, { name: 'small', size: '5G' }] }, { reasons: [], bindings: ['small→pv-node1a', 'big→pv-node1b'] }],
    ['two-unbound-pvcs,partial-match', { delayed: [{ name: 'unbound-pvc' }, { name: 'unbound-pvc2', size: '100G' }] }, { reasons: [ERR_REASON_BIND_CONFLICT], bindings: ['unbound-pvc→pv-node1a'] }],
    ['one-bound,one-unbound', { bound: [{ claim: 'bound-pvc', volume: pvBound }], delayed: [{ name: 'unbound-pvc' }] }, { reasons: [], bindings: ['unbound-pvc→pv-node1a'] }],
    ['one-bound,one-unbound,no-match', { bound: [{ claim: 'bound-pvc', volume: pvBound }], delayed: [{ name: 'unbound-pvc' }], node: node2 }, { reasons: [ERR_REASON_NODE_CONFLICT], bindings: ['unbound-pvc→pv-node2'] }],
    ['immediate-bound-pvc-wrong-node', { bound: [{ claim: 'bound-pvc', volume: pvBound }], node: node2 }, { reasons: [ERR_REASON_NODE_CONFLICT] }],
    ['one-provisioned', { delayed: [{ name: 'provisioned-pvc', cls: 'wait-provision', provisioner: 'hostpath.csi.k8s.io' }] }, { reasons: [], provisions: ['provisioned-pvc'] }],
    ['two-unbound-pvcs,one-matched,one-provisioned', { delayed: [{ name: 'unbound-pvc' }, { name: 'provisioned-pvc', cls: 'wait-provision', provisioner: 'hostpath.csi.k8s.io' }] }, { reasons: [], bindings: ['unbound-pvc→pv-node1a'], provisions: ['provisioned-pvc'] }],
    ['invalid-provisioner (kubernetes.io/no-provisioner)', { delayed: [{ name: 'no-provisioner', cls: 'wait-provision' }] }, { reasons: [ERR_REASON_BIND_CONFLICT] }],
    ['provisioning-with-selectedNode on this node', { delayed: [{ name: 'selected', cls: 'wait-provision', provisioner: 'hostpath.csi.k8s.io', selectedNode: 'node1' }] }, { reasons: [], provisions: ['selected'] }],
    // binder_test.go's waitClassWithProvisioner allows nodeKey in [node1, reference-value]; topoMismatchClass only reference-value.
    ['provisioned-pvc with allowedTopologies matching the node', { delayed: [{ name: 'provisioned-pvc', cls: 'wait-provision', provisioner: 'hostpath.csi.k8s.io', allowedTopologies: topo('node1', 'reference-value') }] }, { reasons: [], provisions: ['provisioned-pvc'] }],
    ['volume-topology-unsatisfied', { delayed: [{ name: 'topo-mismatch-pvc', cls: 'wait-provision', provisioner: 'hostpath.csi.k8s.io', allowedTopologies: topo('reference-value') }] }, { reasons: [ERR_REASON_BIND_CONFLICT] }],
    ['one-binding,one-selected-node (the selected node is within the allowed topologies)', { bound: [{ claim: 'bound-pvc', volume: pvBound }], delayed: [{ name: 'provisioned-pvc', cls: 'wait-provision', provisioner: 'hostpath.csi.k8s.io', selectedNode: 'node1', allowedTopologies: topo('node1', 'reference-value') }] }, { reasons: [], provisions: ['provisioned-pvc'] }],
    ['two claims to provision, the second one topology-mismatched: no provision at all', { delayed: [{ name: 'a', cls: 'wait-provision', provisioner: 'hostpath.csi.k8s.io' }, { name: 'b', cls: 'wait-provision', provisioner: 'hostpath.csi.k8s.io', allowedTopologies: topo('reference-value') }] }, { reasons: [ERR_REASON_BIND_CONFLICT] }],
    ['one matched, one provision topology-mismatched: the static binding is kept, the reason is a bind conflict', { delayed: [{ name: 'unbound-pvc' }, { name: 'b', cls: 'wait-provision', provisioner: 'hostpath.csi.k8s.io', allowedTopologies: topo('reference-value') }] }, { reasons: [ERR_REASON_BIND_CONFLICT], bindings: ['unbound-pvc→pv-node1a'] }],
    ['provisioning-with-selectedNode on another node (fast path)', { delayed: [{ name: 'selected', cls: 'wait-provision', provisioner: 'hostpath.csi.k8s.io', selectedNode: 'node2' }] }, { reasons: [ERR_REASON_BIND_CONFLICT] }],
  ])('%s', (_n, c, want) => {
    expect(show(findPodVolumes(claims(c), c.node ?? node1))).toEqual({ bindings: [], provisions: [], ...want });
  });
});

describe('VolumeBinding capacity check (binder_test.go TestCapacity)', () => {
  const node1 = { name: 'node1', labels: { nodeKey: 'node1' } };
  const PROVISIONER = 'test-provisioner';
  const provisionedPVC = { claim: pvc('1Gi', { storageClassName: 'waitClassWithProvisioner' }, 'provisioned-pvc'), provisioner: PROVISIONER };
  // makeCapacity: no node → an empty nodeTopology (every node); a node → nodeKey of that node; '' → no capacity.
  const capacity = (cls: string, node: string | undefined, size: string, maxSize?: string): StorageCapacity => ({
    storageClassName: cls,
    nodeTopology: node === undefined ? {} : { matchLabels: { nodeKey: node } },
    ...(size !== '' ? { capacityBytes: pvc(size).requestBytes } : {}),
    ...(maxSize !== undefined ? { maximumVolumeSizeBytes: pvc(maxSize).requestBytes } : {}),
  });
  const claims = (capacities: StorageCapacity[], drivers = [PROVISIONER]): PodVolumeClaims => ({
    bound: [],
    delayed: [provisionedPVC],
    volumesByClass: new Map(),
    capacity: { drivers: new Set(drivers), capacities },
  });
  it.each<[string, StorageCapacity[], string[]]>([
    ['network-attached (empty nodeTopology)', [capacity('waitClassWithProvisioner', undefined, '1Gi')], []],
    ['local-storage', [capacity('waitClassWithProvisioner', 'node1', '1Gi')], []],
    ['multiple', [capacity('waitClassWithProvisioner', undefined, '1Gi'), capacity('waitClassWithProvisioner', 'node2', '1Gi'), capacity('waitClassWithProvisioner', 'node1', '1Gi')], []],
    ['no-storage', [], [ERR_REASON_NOT_ENOUGH_SPACE]],
    ['wrong-node', [capacity('waitClassWithProvisioner', 'node2', '1Gi')], [ERR_REASON_NOT_ENOUGH_SPACE]],
    ['wrong-storage-class', [capacity('waitClass', 'node1', '1Gi')], [ERR_REASON_NOT_ENOUGH_SPACE]],
    ['insufficient-storage', [capacity('waitClassWithProvisioner', 'node1', '1Mi')], [ERR_REASON_NOT_ENOUGH_SPACE]],
    ['zero-storage', [capacity('waitClassWithProvisioner', 'node1', '0Mi')], [ERR_REASON_NOT_ENOUGH_SPACE]],
    ['nil-storage', [capacity('waitClassWithProvisioner', 'node1', '')], [ERR_REASON_NOT_ENOUGH_SPACE]],
    ['maximumVolumeSize is preferred: too small despite the capacity', [capacity('waitClassWithProvisioner', 'node1', '10Gi', '1Mi')], [ERR_REASON_NOT_ENOUGH_SPACE]],
    ['maximumVolumeSize is preferred: large enough without a capacity', [capacity('waitClassWithProvisioner', 'node1', '', '1Gi')], []],
    ['nil nodeTopology: no node has access', [{ storageClassName: 'waitClassWithProvisioner', capacityBytes: 2 ** 30 }], [ERR_REASON_NOT_ENOUGH_SPACE]],
  ])('%s', (_n, capacities, want) => {
    const r = findPodVolumes(claims(capacities), node1);
    expect(r.reasons).toEqual(want);
    expect(r.provisions).toEqual(want.length === 0 ? ['provisioned-pvc'] : []);
  });

  it('a driver without storageCapacity: true (or no CSIDriver) is not checked (TestFindPodVolumesWithProvisioning)', () => {
    expect(findPodVolumes(claims([], []), node1).reasons).toEqual([]);
  });
});

describe('VolumeBinding PreFilterResult (binder_test.go TestGetEligibleNodes)', () => {
  const local = (name: string, ...nodes: string[]) => pv(name, '1G', { nodeAffinity: affinity('kubernetes.io/hostname', ...nodes) });
  it.each<[string, { claim: string; volume?: VolumeLike }[], string[] | undefined]>([
    ['no bound claims', [], undefined],
    ['a bound claim whose volume is missing', [{ claim: 'a' }, { claim: 'b', volume: local('pv-b', 'node1') }], undefined],
    ['a bound volume without node affinity', [{ claim: 'a', volume: pv('pv-a', '1G') }], undefined],
    ['a local volume on node1', [{ claim: 'a', volume: local('pv-a', 'node1') }], ['node1']],
    ['two local volumes on the same node', [{ claim: 'a', volume: local('pv-a', 'node1') }, { claim: 'b', volume: local('pv-b', 'node1') }], ['node1']],
    ['two local volumes on different nodes: no node', [{ claim: 'a', volume: local('pv-a', 'node1') }, { claim: 'b', volume: local('pv-b', 'node2') }], []],
    ['multiple nodes intersect', [{ claim: 'a', volume: local('pv-a', 'node1', 'node2', 'node3') }, { claim: 'b', volume: local('pv-b', 'node2', 'node3') }], ['node2', 'node3']],
    ['a zonal volume does not narrow', [{ claim: 'a', volume: pv('pv-a', '1G', { nodeAffinity: affinity('topology.kubernetes.io/zone', 'a') }) }, { claim: 'b', volume: local('pv-b', 'node2') }], ['node2']],
  ])('%s', (_n, bound, want) => {
    const r = eligibleNodes(bound);
    expect(r === undefined ? undefined : [...r].sort()).toEqual(want);
  });
});

describe('VolumeBinding in a scheduling cycle', () => {
  const nodes = ['node1', 'node2', 'node3'].map((n) => nodeInfoFor({ name: n, labels: { 'kubernetes.io/hostname': n }, taints: [], unschedulable: false, allocatable: { cpuMillis: 4000, memoryBytes: 8 * 2 ** 30, pods: 110 }, images: {} }, []));
  const pod = (volumes: PodVolumeClaims, spec: any = {}) => ({ ...podInfoFromSpec({ namespace: 'ns', name: 'p', labels: {} }, spec), volumes: podVolumeCheck(volumes) });
  const local = (node: string) => pv('local', '1G', { nodeAffinity: affinity('kubernetes.io/hostname', node) });
  const noVolumes = new Map<string, VolumeLike[]>();

  it('a bound local volume pins the pod to its node; only that node is scanned, the others get no status', () => {
    const r = schedulePod(pod({ bound: [{ claim: 'c', volume: local('node2') }], delayed: [], volumesByClass: noVolumes }), nodes);
    expect(r.ok && r.node).toBe('node2');
    expect(r.ok && r.evaluated).toBe(1);
    expect(r.filtered).toEqual([]);
  });

  it('the pinned node failing another filter: 1.31 FailedScheduling message counts only the scanned node', () => {
    const r = schedulePod(pod({ bound: [{ claim: 'c', volume: local('node2') }], delayed: [], volumesByClass: noVolumes }, { nodeSelector: { 'kubernetes.io/hostname': 'node1' } }), nodes);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toBe(
      "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });

  it('a zonal volume (no hostname pin, no PreFilterResult): every node outside its zone had a volume node affinity conflict', () => {
    const zonal = pv('zonal', '1G', { nodeAffinity: affinity('topology.kubernetes.io/zone', 'zone-b') });
    const r = schedulePod(pod({ bound: [{ claim: 'c', volume: zonal }], delayed: [], volumesByClass: noVolumes }), nodes);
    expect(!r.ok && r.message).toBe(`0/3 nodes are available: 3 ${ERR_REASON_NODE_CONFLICT}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`);
  });
});
/* eslint-enable @typescript-eslint/no-explicit-any */
