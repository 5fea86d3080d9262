/**
 * The PersistentVolume controller against the cases of Kubernetes' own
 * pkg/controller/volume/persistentvolume/binder_test.go (TestSync), as a
 * table. Upstream loads the controller's caches with the initial volumes and
 * claims at once and calls syncClaim or syncVolume once; here the objects are
 * created through the API server of a bare cluster, one by one in the order
 * given (the controller syncs after each, as a running one does), and the
 * case checks what the controller made of them: phases, spec.volumeName,
 * claimRef, the bind annotations and the claim's events.
 *
 * Upstream names (`1-1`, `2-3`…) are kept (object names use `-` for `_`,
 * which the API server rejects). UIDs are the API server's, so a
 * case that pre-binds by UID creates the claim first and uses its uid. The
 * cluster has no default StorageClass; claims without a class ask for "".
 *
 * Not ported (the model cannot put the objects in that state, or does not do
 * what the case checks):
 * - 1-3, 2-2, 2-6 with a claim whose status is already Bound without
 *   bind-completed: the API server resets status on create and a status
 *   update by hand is not a controller case;
 * - 1-8, 1-9, 1-10, 3-5 (completing a bind after a controller crash, both
 *   objects half-bound at once): a claim with bind-completed that appears
 *   before its volume is, correctly, Lost at once;
 * - 2-7 (claim bound by controller to an already bound volume: an error
 *   return and retry, a state the controller itself never writes);
 * - 4-5, 4-7, 4-8 (a volume bound to a claim bound elsewhere is unbound /
 *   rolled back by unbindVolume): the model does not unbind volumes;
 * - the TestMultiSync race (two volumes bound to one claim).
 */
import { describe, expect, it } from 'vitest';
import { call, cluster } from '../cluster/helpers.ts';
import { resourceForKind } from '../../src/cluster/core/resources.ts';
import type { Cluster } from '../../src/cluster/boot/cluster.ts';
import { asPv, asPvc, type PvcObj, type PvObj } from '../../src/cluster/core/typed.ts';

const PV = resourceForKind('PersistentVolume')!;
const PVC = resourceForKind('PersistentVolumeClaim')!;
const COMPLETED = 'pv.kubernetes.io/bind-completed';
const BOUND_BY = 'pv.kubernetes.io/bound-by-controller';

interface VolumeSpec {
  kind: 'pv';
  name: string;
  size: string;
  /** Claim this volume is pre-bound to (by name), and whether by that claim's uid (`uid`) or another one. */
  claim?: string;
  uid?: 'claim' | string;
  class?: string;
  labels?: Record<string, string>;
  modes?: string[];
}
interface ClaimSpec {
  kind: 'pvc';
  name: string;
  size: string;
  volumeName?: string;
  class?: string;
  selector?: Record<string, string>;
  annotations?: Record<string, string>;
  modes?: string[];
}

function create(c: Cluster, o: VolumeSpec | ClaimSpec): void {
  if (o.kind === 'pvc') {
    const body = {
      apiVersion: 'v1', kind: 'PersistentVolumeClaim',
      metadata: { name: o.name, namespace: 'default', ...(o.annotations ? { annotations: o.annotations } : {}) },
      spec: {
        accessModes: o.modes ?? ['ReadWriteOnce'], resources: { requests: { storage: o.size } }, storageClassName: o.class ?? '',
        ...(o.volumeName ? { volumeName: o.volumeName } : {}), ...(o.selector ? { selector: { matchLabels: o.selector } } : {}),
      },
    };
    expect(call(c, { verb: 'create', resource: PVC, namespace: 'default', body }).status).toBe(201);
    return;
  }
  const claimUid = o.uid === 'claim' ? claimOf(c, o.claim!)?.metadata.uid : o.uid;
  const body = {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: { name: o.name, ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      capacity: { storage: o.size }, accessModes: o.modes ?? ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', hostPath: { path: `/data/${o.name}` },
      ...(o.class ? { storageClassName: o.class } : {}),
      ...(o.claim ? { claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: o.claim, ...(claimUid ? { uid: claimUid } : {}) } } : {}),
    },
  };
  expect(call(c, { verb: 'create', resource: PV, body }).status).toBe(201);
}

function claimOf(c: Cluster, name: string): PvcObj | undefined {
  const o = c.w.api.cache.get('PersistentVolumeClaim', `/registry/persistentvolumeclaims/default/${name}`);
  return o ? asPvc(o) : undefined;
}
function volumeOf(c: Cluster, name: string): PvObj | undefined {
  const o = c.w.api.cache.get('PersistentVolume', `/registry/persistentvolumes/${name}`);
  return o ? asPv(o) : undefined;
}

/** What the case checks: `volume1: Bound claim1 (bound-by-controller)`, `claim1: Bound volume1 10Gi (bind-completed, bound-by-controller)`. */
function stateOf(c: Cluster, names: string[]): string[] {
  return names.map((n) => {
    const claim = claimOf(c, n);
    if (claim) {
      const s = claim.status ?? {};
      const anns = [COMPLETED, BOUND_BY].filter((a) => claim.metadata.annotations?.[a] !== undefined).map((a) => a.split('/')[1]);
      return `${n}: ${s.phase ?? 'Pending'}${claim.spec?.volumeName ? ` ${claim.spec.volumeName}` : ''}${s.capacity?.storage ? ` ${s.capacity.storage}` : ''}${anns.length ? ` (${anns.join(', ')})` : ''}`;
    }
    const pv = volumeOf(c, n);
    if (!pv) return `${n}: gone`;
    const ref = pv.spec?.claimRef;
    const claimUid = ref?.name ? claimOf(c, ref.name)?.metadata.uid : undefined;
    const refText = ref ? ` ${ref.name}${ref.uid ? (ref.uid === claimUid ? '/uid' : '/other-uid') : ''}` : '';
    return `${n}: ${pv.status?.phase ?? 'Pending'}${refText}${pv.metadata.annotations?.[BOUND_BY] !== undefined ? ' (bound-by-controller)' : ''}`;
  });
}

/** The persistentvolume-controller's events on claims, `Type Reason: message`, in order. */
/**
 * The volume is gone for good. Upstream's TestSync removes it from the informer; here the pv-protection finalizer
 * (StorageObjectInUseProtection) holds a Bound volume Terminating, so the test removes the finalizer after the
 * delete, as an admin who forces it away does (`kubectl patch pv … finalizers: null`).
 */
function deleteVolumeForGood(c: Cluster, name: string): void {
  expect(call(c, { verb: 'delete', resource: PV, name }).status).toBe(200);
  const held = volumeOf(c, name);
  if (!held) return;
  const body = { ...held, metadata: { ...held.metadata, finalizers: [] } };
  expect(call(c, { verb: 'update', resource: PV, name, body }).status).toBe(200);
  expect(volumeOf(c, name)).toBeUndefined();
}

function claimEvents(c: Cluster): string[] {
  return c.w.api.cache.list('Event')
    .filter((e) => e.involvedObject?.kind === 'PersistentVolumeClaim' && e.source?.component === 'persistentvolume-controller')
    .sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name), 'en'))
    .map((e) => `${e.type} ${e.reason}: ${e.message}`);
}

interface Case {
  name: string;
  /** Created in this order. */
  objects: (VolumeSpec | ClaimSpec)[];
  /** Optional: deleted afterwards. */
  deleteVolume?: string;
  state: string[];
  events: string[];
}

const CASES: Case[] = [
  // [Unit test set 1] The user did not care which PV they get.
  {
    name: '1-1 - successful bind',
    objects: [{ kind: 'pv', name: 'volume1-1', size: '1Gi' }, { kind: 'pvc', name: 'claim1-1', size: '1Gi' }],
    state: ['volume1-1: Bound claim1-1/uid (bound-by-controller)', 'claim1-1: Bound volume1-1 1Gi (bind-completed, bound-by-controller)'],
    events: [],
  },
  {
    name: '1-2 - noop: no matching volume',
    objects: [{ kind: 'pv', name: 'volume1-2', size: '1Gi' }, { kind: 'pvc', name: 'claim1-2', size: '10Gi' }],
    state: ['volume1-2: Available', 'claim1-2: Pending'],
    events: ['Normal FailedBinding: no persistent volumes available for this claim and no storage class is set'],
  },
  {
    name: '1-4 - smallest volume',
    objects: [{ kind: 'pv', name: 'volume1-4-1', size: '10Gi' }, { kind: 'pv', name: 'volume1-4-2', size: '1Gi' }, { kind: 'pvc', name: 'claim1-4', size: '1Gi' }],
    state: ['volume1-4-1: Available', 'volume1-4-2: Bound claim1-4/uid (bound-by-controller)', 'claim1-4: Bound volume1-4-2 1Gi (bind-completed, bound-by-controller)'],
    events: [],
  },
  {
    name: '1-5 - prebound volume by name - success (even though a smaller one is available)',
    objects: [{ kind: 'pv', name: 'volume1-5-1', size: '10Gi', claim: 'claim1-5' }, { kind: 'pv', name: 'volume1-5-2', size: '1Gi' }, { kind: 'pvc', name: 'claim1-5', size: '1Gi' }],
    state: ['volume1-5-1: Bound claim1-5/uid', 'volume1-5-2: Available', 'claim1-5: Bound volume1-5-1 10Gi (bind-completed, bound-by-controller)'],
    events: [],
  },
  {
    name: '1-6 - prebound volume by UID - success',
    objects: [{ kind: 'pvc', name: 'claim1-6', size: '1Gi' }, { kind: 'pv', name: 'volume1-6-1', size: '10Gi', claim: 'claim1-6', uid: 'claim' }, { kind: 'pv', name: 'volume1-6-2', size: '1Gi' }],
    state: ['volume1-6-1: Bound claim1-6/uid', 'volume1-6-2: Available', 'claim1-6: Bound volume1-6-1 10Gi (bind-completed, bound-by-controller)'],
    events: ['Normal FailedBinding: no persistent volumes available for this claim and no storage class is set'],
  },
  {
    // Upstream syncs the claim only; the running controller's syncVolume also releases the volume (its claim "was deleted").
    name: '1-7 - prebound volume to different claim (same name, other UID)',
    objects: [{ kind: 'pv', name: 'volume1-7', size: '10Gi', claim: 'claim1-7', uid: 'uid1-777' }, { kind: 'pvc', name: 'claim1-7', size: '1Gi' }],
    state: ['volume1-7: Released claim1-7/other-uid', 'claim1-7: Pending'],
    events: ['Normal FailedBinding: no persistent volumes available for this claim and no storage class is set'],
  },
  {
    name: '1-11 - bind when selector matches',
    objects: [{ kind: 'pv', name: 'volume1-11', size: '1Gi', labels: { foo: 'true', bar: 'false' } }, { kind: 'pvc', name: 'claim1-11', size: '1Gi', selector: { foo: 'true', bar: 'false' } }],
    state: ['volume1-11: Bound claim1-11/uid (bound-by-controller)', 'claim1-11: Bound volume1-11 1Gi (bind-completed, bound-by-controller)'],
    events: [],
  },
  {
    name: '1-12 - do not bind when selector does not match',
    objects: [{ kind: 'pv', name: 'volume1-12', size: '1Gi' }, { kind: 'pvc', name: 'claim1-12', size: '1Gi', selector: { foo: 'true', bar: 'false' } }],
    state: ['volume1-12: Available', 'claim1-12: Pending'],
    events: ['Normal FailedBinding: no persistent volumes available for this claim and no storage class is set'],
  },
  // [Unit test set 2] The user asked for a specific PV.
  {
    name: '2-1 - claim prebound to non-existing volume - noop, no event',
    objects: [{ kind: 'pvc', name: 'claim2-1', size: '10Gi', volumeName: 'volume2-1' }],
    state: ['claim2-1: Pending volume2-1'],
    events: [],
  },
  {
    // …and binds once the volume appears.
    name: '2-1b - claim prebound to a volume created later',
    objects: [{ kind: 'pvc', name: 'claim2-1b', size: '1Gi', volumeName: 'volume2-1b' }, { kind: 'pv', name: 'volume2-1b', size: '1Gi' }],
    state: ['volume2-1b: Bound claim2-1b/uid (bound-by-controller)', 'claim2-1b: Bound volume2-1b 1Gi (bind-completed)'],
    events: [],
  },
  {
    name: '2-3 - claim prebound to unbound volume (no bound-by-controller on the claim)',
    objects: [{ kind: 'pv', name: 'volume2-3', size: '1Gi' }, { kind: 'pvc', name: 'claim2-3', size: '1Gi', volumeName: 'volume2-3' }],
    state: ['volume2-3: Bound claim2-3/uid (bound-by-controller)', 'claim2-3: Bound volume2-3 1Gi (bind-completed)'],
    events: [],
  },
  {
    name: '2-4 - claim prebound to prebound volume by name',
    objects: [{ kind: 'pv', name: 'volume2-4', size: '1Gi', claim: 'claim2-4' }, { kind: 'pvc', name: 'claim2-4', size: '1Gi', volumeName: 'volume2-4' }],
    state: ['volume2-4: Bound claim2-4/uid', 'claim2-4: Bound volume2-4 1Gi (bind-completed)'],
    events: [],
  },
  {
    name: '2-5 - claim prebound to prebound volume by UID',
    objects: [{ kind: 'pvc', name: 'claim2-5', size: '1Gi', volumeName: 'volume2-5' }, { kind: 'pv', name: 'volume2-5', size: '1Gi', claim: 'claim2-5', uid: 'claim' }],
    state: ['volume2-5: Bound claim2-5/uid', 'claim2-5: Bound volume2-5 1Gi (bind-completed)'],
    events: [],
  },
  {
    name: '2-6 - claim prebound to a volume bound to another claim stays Pending',
    objects: [
      { kind: 'pv', name: 'volume2-6', size: '1Gi' }, { kind: 'pvc', name: 'claim2-6-1', size: '1Gi' },
      { kind: 'pvc', name: 'claim2-6', size: '1Gi', volumeName: 'volume2-6' },
    ],
    state: ['volume2-6: Bound claim2-6-1/uid (bound-by-controller)', 'claim2-6-1: Bound volume2-6 1Gi (bind-completed, bound-by-controller)', 'claim2-6: Pending volume2-6'],
    events: ['Warning FailedBinding: volume "volume2-6" already bound to a different claim.'],
  },
  {
    name: '2-8 - claim prebound to unbound volume that does not match the selector: bound',
    objects: [{ kind: 'pv', name: 'volume2-8', size: '1Gi' }, { kind: 'pvc', name: 'claim2-8', size: '1Gi', volumeName: 'volume2-8', selector: { foo: 'true' } }],
    state: ['volume2-8: Bound claim2-8/uid (bound-by-controller)', 'claim2-8: Bound volume2-8 1Gi (bind-completed)'],
    events: [],
  },
  {
    // Newer binder_test.go 2-9 / checkVolumeSatisfyClaim.
    name: '2-9 - claim prebound to a volume that is too small: VolumeMismatch',
    objects: [{ kind: 'pv', name: 'volume2-9', size: '1Gi' }, { kind: 'pvc', name: 'claim2-9', size: '2Gi', volumeName: 'volume2-9' }],
    state: ['volume2-9: Available', 'claim2-9: Pending volume2-9'],
    events: ['Warning VolumeMismatch: Cannot bind to requested volume "volume2-9": requested PV is too small'],
  },
  {
    name: '2-10 - claim prebound to a volume of another class: VolumeMismatch',
    objects: [{ kind: 'pv', name: 'volume2-10', size: '1Gi', class: 'silver' }, { kind: 'pvc', name: 'claim2-10', size: '1Gi', volumeName: 'volume2-10' }],
    state: ['volume2-10: Available', 'claim2-10: Pending volume2-10'],
    events: ['Warning VolumeMismatch: Cannot bind to requested volume "volume2-10": storageClassName does not match'],
  },
  {
    name: '2-11 - claim prebound to a volume without its access mode: VolumeMismatch',
    objects: [{ kind: 'pv', name: 'volume2-11', size: '1Gi', modes: ['ReadOnlyMany'] }, { kind: 'pvc', name: 'claim2-11', size: '1Gi', volumeName: 'volume2-11' }],
    state: ['volume2-11: Available', 'claim2-11: Pending volume2-11'],
    events: ['Warning VolumeMismatch: Cannot bind to requested volume "volume2-11": incompatible accessMode'],
  },
  // [Unit test set 3] Syncing bound claims (bind-completed).
  {
    name: '3-1 - bound claim with missing VolumeName: Lost',
    objects: [{ kind: 'pvc', name: 'claim3-1', size: '10Gi', annotations: { [BOUND_BY]: 'yes', [COMPLETED]: 'yes' } }],
    state: ['claim3-1: Lost (bind-completed, bound-by-controller)'],
    events: ['Warning ClaimLost: Bound claim has lost reference to PersistentVolume. Data on the volume is lost!'],
  },
  {
    name: '3-2 - bound claim with missing volume: Lost',
    objects: [{ kind: 'pvc', name: 'claim3-2', size: '10Gi', volumeName: 'volume3-2', annotations: { [BOUND_BY]: 'yes', [COMPLETED]: 'yes' } }],
    state: ['claim3-2: Lost volume3-2 (bind-completed, bound-by-controller)'],
    events: ['Warning ClaimLost: Bound claim has lost its PersistentVolume. Data on the volume is lost!'],
  },
  {
    // The same through the front door: a bound volume deleted (its protection finalizer out of the way) leaves its claim Lost;
    // status capacity and access modes are cleared (updateClaimStatus with a nil volume).
    name: '3-2b - the volume of a bound claim is deleted: Lost, capacity cleared',
    objects: [{ kind: 'pv', name: 'volume3-2b', size: '1Gi' }, { kind: 'pvc', name: 'claim3-2b', size: '1Gi' }],
    deleteVolume: 'volume3-2b',
    state: ['volume3-2b: gone', 'claim3-2b: Lost volume3-2b (bind-completed, bound-by-controller)'],
    events: ['Warning ClaimLost: Bound claim has lost its PersistentVolume. Data on the volume is lost!'],
  },
  {
    name: '3-3 - bound claim with unbound volume: bound',
    objects: [{ kind: 'pv', name: 'volume3-3', size: '10Gi' }, { kind: 'pvc', name: 'claim3-3', size: '10Gi', volumeName: 'volume3-3', annotations: { [BOUND_BY]: 'yes', [COMPLETED]: 'yes' } }],
    state: ['volume3-3: Bound claim3-3/uid (bound-by-controller)', 'claim3-3: Bound volume3-3 10Gi (bind-completed, bound-by-controller)'],
    events: [],
  },
  {
    name: '3-4 - bound claim with prebound volume of another UID: Lost (ClaimMisbound)',
    objects: [{ kind: 'pv', name: 'volume3-4', size: '10Gi', claim: 'claim3-4', uid: 'claim3-4-x' }, { kind: 'pvc', name: 'claim3-4', size: '10Gi', volumeName: 'volume3-4', annotations: { [BOUND_BY]: 'yes', [COMPLETED]: 'yes' } }],
    state: ['volume3-4: Released claim3-4/other-uid', 'claim3-4: Lost volume3-4 (bind-completed, bound-by-controller)'],
    events: ['Warning ClaimMisbound: Two claims are bound to the same volume, this one is bound incorrectly'],
  },
  {
    name: '3-6 - bound claim with a volume bound to a different claim: Lost (ClaimMisbound)',
    objects: [
      { kind: 'pv', name: 'volume3-6', size: '10Gi' }, { kind: 'pvc', name: 'claim3-6-x', size: '10Gi' },
      { kind: 'pvc', name: 'claim3-6', size: '10Gi', volumeName: 'volume3-6', annotations: { [COMPLETED]: 'yes' } },
    ],
    state: ['volume3-6: Bound claim3-6-x/uid (bound-by-controller)', 'claim3-6-x: Bound volume3-6 10Gi (bind-completed, bound-by-controller)', 'claim3-6: Lost volume3-6 (bind-completed)'],
    events: ['Warning ClaimMisbound: Two claims are bound to the same volume, this one is bound incorrectly'],
  },
  {
    name: '3-7 - bound claim with unbound volume where selector does not match: bound',
    objects: [{ kind: 'pv', name: 'volume3-7', size: '10Gi' }, { kind: 'pvc', name: 'claim3-7', size: '10Gi', volumeName: 'volume3-7', selector: { foo: 'true' }, annotations: { [BOUND_BY]: 'yes', [COMPLETED]: 'yes' } }],
    state: ['volume3-7: Bound claim3-7/uid (bound-by-controller)', 'claim3-7: Bound volume3-7 10Gi (bind-completed, bound-by-controller)'],
    events: [],
  },
  // [Unit test set 4] syncVolume.
  {
    name: '4-1 - pending volume: Available',
    objects: [{ kind: 'pv', name: 'volume4-1', size: '10Gi' }],
    state: ['volume4-1: Available'],
    events: [],
  },
  {
    name: '4-2 - pending prebound volume: Available',
    objects: [{ kind: 'pv', name: 'volume4-2', size: '10Gi', claim: 'claim4-2' }],
    state: ['volume4-2: Available claim4-2'],
    events: [],
  },
  {
    name: '4-3 - bound volume with missing claim: Released',
    objects: [{ kind: 'pv', name: 'volume4-3', size: '10Gi', claim: 'claim4-3', uid: 'uid4-3' }],
    state: ['volume4-3: Released claim4-3/other-uid'],
    events: [],
  },
  {
    // The claim is not bind-completed here (upstream's is; only syncVolume runs there).
    name: '4-4 - volume bound to claim with different UID: Released',
    objects: [{ kind: 'pvc', name: 'claim4-4', size: '10Gi' }, { kind: 'pv', name: 'volume4-4', size: '10Gi', claim: 'claim4-4', uid: 'uid4-4' }],
    state: ['volume4-4: Released claim4-4/other-uid', 'claim4-4: Pending'],
    events: ['Normal FailedBinding: no persistent volumes available for this claim and no storage class is set'],
  },
  {
    name: '4-6 - volume bound by user to a claim that names it: Bound',
    objects: [{ kind: 'pvc', name: 'claim4-6', size: '10Gi', volumeName: 'volume4-6' }, { kind: 'pv', name: 'volume4-6', size: '10Gi', claim: 'claim4-6', uid: 'claim' }],
    state: ['volume4-6: Bound claim4-6/uid', 'claim4-6: Bound volume4-6 10Gi (bind-completed)'],
    events: [],
  },
  // Storage classes.
  {
    name: '13-1 / 13-3 - binding to a class even if there is a smaller PV without it',
    objects: [{ kind: 'pv', name: 'volume13-3-1', size: '1Gi' }, { kind: 'pv', name: 'volume13-3-2', size: '10Gi', class: 'silver' }, { kind: 'pvc', name: 'claim13-3', size: '1Gi', class: 'silver' }],
    state: ['volume13-3-1: Available', 'volume13-3-2: Bound claim13-3/uid (bound-by-controller)', 'claim13-3: Bound volume13-3-2 10Gi (bind-completed, bound-by-controller)'],
    events: [],
  },
  {
    name: '13-2 - binding without a class even if there is a smaller PV with a class',
    objects: [{ kind: 'pv', name: 'volume13-2-1', size: '1Gi', class: 'silver' }, { kind: 'pv', name: 'volume13-2-2', size: '10Gi' }, { kind: 'pvc', name: 'claim13-2', size: '1Gi' }],
    state: ['volume13-2-1: Available', 'volume13-2-2: Bound claim13-2/uid (bound-by-controller)', 'claim13-2: Bound volume13-2-2 10Gi (bind-completed, bound-by-controller)'],
    events: [],
  },
];

describe('PV controller (ported from pkg/controller/volume/persistentvolume/binder_test.go TestSync)', () => {
  it.each(CASES.map((k) => [k.name, k] as const))('%s', (_name, k) => {
    const c = cluster(1);
    for (const o of k.objects) create(c, o);
    if (k.deleteVolume) deleteVolumeForGood(c, k.deleteVolume);
    const names = [...k.objects.filter((o) => o.kind === 'pv').map((o) => o.name), ...k.objects.filter((o) => o.kind === 'pvc').map((o) => o.name)];
    expect(stateOf(c, names)).toEqual(k.state);
    expect(claimEvents(c)).toEqual(k.events);
  });

  it('syncBoundClaim: a Lost claim whose volume comes back (claimRef with its uid) is Bound again, with no second event', () => {
    const c = cluster(1);
    create(c, { kind: 'pv', name: 'v', size: '1Gi' });
    create(c, { kind: 'pvc', name: 'data', size: '1Gi' });
    deleteVolumeForGood(c, 'v');
    expect(stateOf(c, ['data'])).toEqual(['data: Lost v (bind-completed, bound-by-controller)']);
    create(c, { kind: 'pv', name: 'v', size: '1Gi', claim: 'data', uid: 'claim' });
    expect(stateOf(c, ['v', 'data'])).toEqual(['v: Bound data/uid', 'data: Bound v 1Gi (bind-completed, bound-by-controller)']);
    expect(claimEvents(c)).toEqual(['Warning ClaimLost: Bound claim has lost its PersistentVolume. Data on the volume is lost!']);
  });

  it('a Lost claim has no capacity or access modes left in its status', () => {
    const c = cluster(1);
    create(c, { kind: 'pv', name: 'v', size: '1Gi' });
    create(c, { kind: 'pvc', name: 'data', size: '1Gi' });
    expect(claimOf(c, 'data')?.status).toMatchObject({ phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] });
    deleteVolumeForGood(c, 'v');
    expect(claimOf(c, 'data')?.status).toEqual({ phase: 'Lost' });
  });
});
