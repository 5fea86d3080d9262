import { describe, expect, it } from 'vitest';
import {
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  reconcileOldReplicaSets,
  resolveFenceposts,
  scaleDownOldReplicaSets,
  cleanupUnhealthyReplicas,
} from '../../src/cluster/core/algorithms/rollout.ts';

// pkg/controller/deployment/util/deployment_util_test.go TestResolveFenceposts
describe('resolveFenceposts', () => {
  it.each([
    ['0%', '0%', 0, 0, 1],
    ['39%', '39%', 10, 4, 3],
    [undefined, '39%', 10, 0, 3],
    ['39%', undefined, 10, 4, 0],
    [undefined, undefined, 10, 0, 1],
  ])('maxSurge=%s maxUnavailable=%s desired=%i', (s, u, desired, surge, unavailable) => {
    expect(resolveFenceposts(s, u, desired)).toEqual({ surge, unavailable });
  });
  it.each([
    ['oops', '39%'],
    ['55%', 'urg'],
    ['5', '1'],
  ])('rejects maxSurge=%s maxUnavailable=%s', (s, u) => {
    expect(() => resolveFenceposts(s, u, 10)).toThrow(/invalid value for IntOrString/);
  });
  it('takes integers as they are', () => {
    expect(resolveFenceposts(3, 2, 10)).toEqual({ surge: 3, unavailable: 2 });
  });
});

// deployment_util_test.go TestNewRSNewReplicas: maxUnavailable 1; allRSs = [newRS, rs5 (5 replicas)]
describe('newRSNewReplicas', () => {
  it.each([
    ['can not scale up - to newRSReplicas', 'RollingUpdate', 1, 5, 1, 5],
    ['scale up - to depReplicas', 'RollingUpdate', 6, 2, 10, 6],
    ['recreate - to depReplicas', 'Recreate', 3, 1, 1, 3],
  ] as const)('%s', (_n, type, depReplicas, newRSReplicas, surge, expected) => {
    const total = newRSReplicas + 5;
    expect(newRSNewReplicas({ type, maxSurge: surge, maxUnavailable: 1 }, depReplicas, total, newRSReplicas)).toBe(expected);
  });

  it('a 3-replica rollout with the 25%/25% defaults surges by one', () => {
    // surge ceil(0.75) = 1 → at most 4 pods; the old RS still has 3
    expect(newRSNewReplicas({ type: 'RollingUpdate' }, 3, 3, 0)).toBe(1);
    expect(maxUnavailable({ type: 'RollingUpdate' }, 3)).toBe(0);
    expect(maxSurge({ type: 'RollingUpdate' }, 3)).toBe(1);
  });
});

// deployment_util_test.go TestMaxUnavailable
describe('maxUnavailable', () => {
  it.each([
    ['maxUnavailable less than replicas', 10, 5, 5],
    ['maxUnavailable equal replicas', 10, 10, 10],
    ['maxUnavailable greater than replicas', 5, 10, 5],
    ['maxUnavailable with replicas is 0', 0, 10, 0],
    ['maxUnavailable less than replicas with percents', 10, '50%', 5],
    ['maxUnavailable equal replicas with percents', 10, '100%', 10],
    ['maxUnavailable greater than replicas with percents', 5, '100%', 5],
  ] as const)('%s', (_n, replicas, mu, want) => {
    expect(maxUnavailable({ type: 'RollingUpdate', maxSurge: 0, maxUnavailable: mu }, replicas)).toBe(want);
  });
  it('is 0 for Recreate', () => {
    expect(maxUnavailable({ type: 'Recreate' }, 10)).toBe(0);
  });
});

const rs = (name: string, replicas: number, available: number, created: number) => ({ name, replicas, available, created });

// pkg/controller/deployment/rolling_test.go TestDeploymentController_reconcileOldReplicaSets (maxSurge 0)
describe('reconcileOldReplicaSets', () => {
  it.each([
    // deploymentReplicas, maxUnavailable, oldReplicas, newReplicas, readyPodsFromOldRS, readyPodsFromNewRS, scaleExpected, expectedOldReplicas
    [10, 0, 10, 0, 10, 0, true, 9],
    [10, 2, 10, 0, 10, 0, true, 8],
    [10, 2, 10, 0, 8, 0, true, 8], // unhealthy replicas from old replica sets cleaned up
    [10, 2, 10, 0, 9, 0, true, 8], // 1 unhealthy cleaned up and 1 ready pod scaled down
    [10, 2, 8, 2, 8, 0, false, 8], // the new RS's unavailable pods block further scale-down
  ])('replicas=%i maxUnavailable=%i old=%i new=%i readyOld=%i readyNew=%i', (dep, mu, oldR, newR, readyOld, readyNew, scale, expectedOld) => {
    const r = reconcileOldReplicaSets({
      strategy: { type: 'RollingUpdate', maxSurge: 0, maxUnavailable: mu },
      deploymentReplicas: dep,
      newRS: rs('new', newR, readyNew, 2),
      oldRSs: [rs('old', oldR, readyOld, 1)],
    });
    expect(r.scaledDown > 0).toBe(scale);
    const last = r.steps.filter((s) => s.name === 'old').at(-1);
    expect(last ? last.replicas : oldR).toBe(expectedOld);
  });
});

// rolling_test.go TestDeploymentController_cleanupUnhealthyReplicas (oldReplicas 10)
describe('cleanupUnhealthyReplicas', () => {
  it.each([
    // readyPods, maxCleanupCount, cleanupCountExpected
    [8, 1, 1],
    [8, 3, 2],
    [8, 0, 0],
    [10, 3, 0],
  ])('ready=%i maxCleanup=%i → %i', (ready, maxCleanup, expected) => {
    const r = cleanupUnhealthyReplicas([rs('old', 10, ready, 1)], maxCleanup);
    expect(r.scaledDown).toBe(expected);
  });
});

// rolling_test.go TestDeploymentController_scaleDownOldReplicaSetsForRollingUpdate (maxSurge 0)
describe('scaleDownOldReplicaSets', () => {
  it.each([
    // deploymentReplicas, maxUnavailable, readyPods, oldReplicas, scaleExpected, expectedOldReplicas
    [10, 0, 10, 10, true, 9],
    [10, 2, 10, 10, true, 8],
    [10, 2, 8, 10, false, 10],
    [10, 2, 10, 0, false, 0],
    [10, 2, 1, 10, false, 10],
  ])('replicas=%i maxUnavailable=%i ready=%i old=%i', (dep, mu, ready, oldR, scale, expected) => {
    const strategy = { type: 'RollingUpdate' as const, maxSurge: 0, maxUnavailable: mu };
    const r = scaleDownOldReplicaSets([rs('old', oldR, ready, 1)], ready, dep, maxUnavailable(strategy, dep));
    expect(r.scaledDown > 0).toBe(scale);
    expect(r.steps[0]?.replicas ?? oldR).toBe(expected);
  });

  it('scales the oldest ReplicaSet down first', () => {
    const r = scaleDownOldReplicaSets([rs('b', 2, 2, 20), rs('a', 2, 2, 10)], 6, 4, 1);
    expect(r.steps).toEqual([
      { name: 'a', replicas: 0 },
      { name: 'b', replicas: 1 },
    ]);
  });
});
