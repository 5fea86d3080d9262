/**
 * The StatefulSet controller's decisions, ported from Kubernetes'
 * pkg/controller/statefulset/stateful_set_control_test.go: scale up in
 * ordinal order (OrderedReady: one pod Running and Ready before the next),
 * scale down from the highest ordinal, Parallel pod management, failed pods
 * replaced, RollingUpdate in reverse ordinal order honouring the partition,
 * OnDelete. A fake cluster applies each sync's actions the way the test's
 * fake pod control does (created pods are Pending until the test makes them
 * Running and Ready; deleted pods go away).
 */
import { describe, expect, it } from 'vitest';
import { ordinalOf, planStatefulSet, revisionForOrdinal, statefulSetCounts, type StsPod, type StsSpec } from '../../src/cluster/core/algorithms/statefulset.ts';

class FakeSet {
  pods = new Map<number, StsPod>();
  log: string[] = [];
  constructor(
    public spec: StsSpec,
    public current = 'rev-1',
    public update = 'rev-1',
  ) {}

  /** One sync: apply the plan's actions; returns how many actions there were. */
  sync(): number {
    const plan = planStatefulSet(this.spec, [...this.pods.values()], this.current, this.update);
    for (const a of plan.actions) {
      if (a.op === 'create') {
        this.pods.set(a.ordinal, { ordinal: a.ordinal, revision: a.revision, phase: 'Pending', ready: false, terminating: false });
        this.log.push(`create ${a.ordinal}`);
      } else {
        this.pods.delete(a.ordinal);
        this.log.push(`delete ${a.ordinal}${a.why === 'condemned' ? '' : ` (${a.why})`}`);
      }
    }
    return plan.actions.length;
  }

  /** setPodRunning + setPodReady for every pod (the test's helpers), then syncs until nothing changes. */
  settle(maxSyncs = 50): void {
    for (let i = 0; i < maxSyncs; i++) {
      for (const p of this.pods.values()) Object.assign(p, { phase: 'Running', ready: true });
      if (this.sync() === 0) {
        for (const p of this.pods.values()) Object.assign(p, { phase: 'Running', ready: true });
        return;
      }
    }
    throw new Error('did not settle');
  }
}

const ordered = (replicas: number, partition = 0): StsSpec => ({ replicas, podManagementPolicy: 'OrderedReady', updateStrategy: { type: 'RollingUpdate', partition } });
const parallel = (replicas: number): StsSpec => ({ replicas, podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', partition: 0 } });

describe('scale up (CreatesPods, scaleUpStatefulSetControl)', () => {
  it.each([
    ['OrderedReady', ordered(3), ['create 0', 'create 1', 'create 2']],
    ['Parallel', parallel(3), ['create 0', 'create 1', 'create 2']],
  ])('%s creates ordinals 0, 1, 2', (_n, spec, want) => {
    const set = new FakeSet(spec);
    set.settle();
    expect(set.log).toEqual(want);
    expect([...set.pods.keys()].sort()).toEqual([0, 1, 2]);
  });

  it('OrderedReady: one pod per sync, and none while the previous is not Running and Ready', () => {
    const set = new FakeSet(ordered(3));
    expect(set.sync()).toBe(1);
    expect(set.log).toEqual(['create 0']);
    // web-0 is Pending: the next sync creates nothing.
    expect(set.sync()).toBe(0);
    set.pods.get(0)!.phase = 'Running';
    expect(set.sync()).toBe(0); // Running but not Ready
    set.pods.get(0)!.ready = true;
    expect(set.sync()).toBe(1);
    expect(set.log).toEqual(['create 0', 'create 1']);
  });

  it('Parallel: every missing pod in one sync, without waiting', () => {
    const set = new FakeSet(parallel(3));
    expect(set.sync()).toBe(3);
    expect(set.sync()).toBe(0);
  });

  it('OrderedReady: a terminating pod blocks later ordinals', () => {
    const set = new FakeSet(ordered(3));
    set.pods.set(0, { ordinal: 0, revision: 'rev-1', phase: 'Running', ready: true, terminating: true });
    expect(planStatefulSet(set.spec, [...set.pods.values()], 'rev-1', 'rev-1')).toEqual({ actions: [], blockedBy: { ordinal: 0, reason: 'terminating' } });
  });
});

describe('scale down (scaleDownStatefulSetControl)', () => {
  it.each([
    ['OrderedReady', ordered(5), ['delete 4', 'delete 3', 'delete 2']],
    ['Parallel', parallel(5), ['delete 4', 'delete 3', 'delete 2']],
  ])('%s deletes from the highest ordinal', (_n, spec, want) => {
    const set = new FakeSet(spec);
    set.settle();
    set.log = [];
    set.spec = { ...set.spec, replicas: 2 };
    set.settle();
    expect(set.log).toEqual(want);
    expect([...set.pods.keys()].sort()).toEqual([0, 1]);
  });

  it('OrderedReady deletes one pod per sync; Parallel all at once', () => {
    const a = new FakeSet(ordered(3));
    a.settle();
    a.spec = { ...a.spec, replicas: 0 };
    expect(a.sync()).toBe(1);
    const b = new FakeSet(parallel(3));
    b.settle();
    b.spec = { ...b.spec, replicas: 0 };
    expect(b.sync()).toBe(3);
  });

  it('OrderedReady does not scale down while a lower pod is unhealthy (unless the condemned pod is the first unhealthy one)', () => {
    const pods: StsPod[] = [
      { ordinal: 0, revision: 'r', phase: 'Pending', ready: false, terminating: false },
      { ordinal: 1, revision: 'r', phase: 'Running', ready: true, terminating: false },
    ];
    // Replicas 1: ordinal 0 is unhealthy, so the controller waits on it before anything else.
    expect(planStatefulSet(ordered(1), pods, 'r', 'r').actions).toEqual([]);
    const unhealthyCondemned: StsPod[] = [
      { ordinal: 0, revision: 'r', phase: 'Running', ready: true, terminating: false },
      { ordinal: 1, revision: 'r', phase: 'Pending', ready: false, terminating: false },
    ];
    expect(planStatefulSet(ordered(1), unhealthyCondemned, 'r', 'r').actions).toEqual([{ op: 'delete', ordinal: 1, why: 'condemned' }]);
  });
});

describe('failed pods (ReplacesPods, RecreatesFailedPod)', () => {
  it('a Failed pod is deleted, then re-created with the same ordinal', () => {
    const set = new FakeSet(ordered(3));
    set.settle();
    set.log = [];
    set.pods.get(1)!.phase = 'Failed';
    expect(set.sync()).toBe(1);
    set.settle();
    expect(set.log).toEqual(['delete 1 (failed)', 'create 1']);
  });
});

describe('rolling update (TestStatefulSetControlRollingUpdate, partition)', () => {
  it('updates from the highest ordinal down, one pod at a time', () => {
    const set = new FakeSet(ordered(3));
    set.settle();
    set.log = [];
    set.update = 'rev-2';
    set.settle();
    expect(set.log).toEqual(['delete 2 (update)', 'create 2', 'delete 1 (update)', 'create 1', 'delete 0 (update)', 'create 0']);
    expect([...set.pods.values()].every((p) => p.revision === 'rev-2')).toBe(true);
  });

  it.each([
    [0, ['rev-2', 'rev-2', 'rev-2', 'rev-2', 'rev-2']],
    [2, ['rev-1', 'rev-1', 'rev-2', 'rev-2', 'rev-2']],
    [4, ['rev-1', 'rev-1', 'rev-1', 'rev-1', 'rev-2']],
    [5, ['rev-1', 'rev-1', 'rev-1', 'rev-1', 'rev-1']],
  ])('partition %d: only ordinals ≥ partition are updated', (partition, want) => {
    const set = new FakeSet(ordered(5, partition));
    set.settle();
    set.update = 'rev-2';
    set.settle();
    expect([0, 1, 2, 3, 4].map((o) => set.pods.get(o)!.revision)).toEqual(want);
  });

  it('an unhealthy updated pod stops the update', () => {
    const pods: StsPod[] = [
      { ordinal: 0, revision: 'rev-1', phase: 'Running', ready: true, terminating: false },
      { ordinal: 1, revision: 'rev-1', phase: 'Running', ready: true, terminating: false },
      { ordinal: 2, revision: 'rev-2', phase: 'Running', ready: false, terminating: false },
    ];
    expect(planStatefulSet({ ...parallel(3) }, pods, 'rev-1', 'rev-2')).toEqual({ actions: [], blockedBy: { ordinal: 2, reason: 'not-ready' } });
  });

  it('OnDelete: nothing is deleted; a pod deleted by someone comes back at the update revision', () => {
    const set = new FakeSet({ replicas: 2, podManagementPolicy: 'OrderedReady', updateStrategy: { type: 'OnDelete' } });
    set.settle();
    set.update = 'rev-2';
    expect(set.sync()).toBe(0);
    set.pods.delete(1);
    set.settle();
    expect(set.pods.get(0)!.revision).toBe('rev-1');
    expect(set.pods.get(1)!.revision).toBe('rev-2');
  });

  it('newVersionedStatefulSetPod: below the partition the current revision, else the update revision', () => {
    expect(revisionForOrdinal(ordered(3, 2), 1, 'cur', 'upd')).toBe('cur');
    expect(revisionForOrdinal(ordered(3, 2), 2, 'cur', 'upd')).toBe('upd');
  });
});

describe('status and names', () => {
  it('counts replicas, ready, current and updated (terminating pods excluded)', () => {
    const pods: StsPod[] = [
      { ordinal: 0, revision: 'a', phase: 'Running', ready: true, terminating: false },
      { ordinal: 1, revision: 'b', phase: 'Running', ready: false, terminating: false },
      { ordinal: 2, revision: 'b', phase: 'Running', ready: true, terminating: true },
    ];
    expect(statefulSetCounts(pods, 'a', 'b')).toEqual({ replicas: 2, readyReplicas: 1, availableReplicas: 1, currentReplicas: 1, updatedReplicas: 1 });
  });

  it.each([
    ['web', 'web-0', 0],
    ['web', 'web-12', 12],
    ['web', 'web-01', -1],
    ['web', 'web-x', -1],
    ['web', 'webapp-1', -1],
    ['my-db', 'my-db-3', 3],
  ])('getOrdinal(%s, %s) = %d', (set, pod, want) => {
    expect(ordinalOf(set, pod)).toBe(want);
  });
});
