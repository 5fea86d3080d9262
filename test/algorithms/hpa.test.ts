import { describe, expect, it } from 'vitest';
import { desiredReplicas, normalizeReplicas, stabilize, type HpaPod } from '../../src/cluster/core/algorithms/hpa.ts';

/**
 * Cases from pkg/controller/podautoscaler/replica_calculator_test.go. Each pod
 * requests 1.0 CPU; `levels` are usages (millicores) of the first pods, the
 * rest have no metrics. `unready` mirrors podReadiness=False (or a hot CPU
 * start time), `phase` mirrors podPhase.
 */
interface Case {
  current: number;
  levels: number[];
  target: number;
  expected: number;
  utilization: number;
  pods?: number;
  unready?: number[];
  phase?: HpaPod['phase'][];
  deleting?: number[];
}

function pods(c: Case): HpaPod[] {
  const n = c.pods ?? c.phase?.length ?? Math.max(c.current, c.levels.length);
  return Array.from({ length: n }, (_, i) => ({
    name: `p${i}`,
    phase: c.phase?.[i] ?? 'Running',
    deleting: c.deleting?.includes(i),
    unready: c.unready?.includes(i),
    request: 1000,
    usage: c.levels[i],
  }));
}

describe('desiredReplicas (GetResourceReplicas)', () => {
  it.each<[string, Case]>([
    ['TestReplicaCalcScaleUp', { current: 3, levels: [300, 500, 700], target: 30, expected: 5, utilization: 50 }],
    ['TestReplicaCalcScaleUpUnreadyLessScale', { current: 3, levels: [300, 500, 700], target: 30, expected: 4, utilization: 60, unready: [0] }],
    ['TestReplicaCalcScaleUpHotCpuLessScale', { current: 3, levels: [300, 500, 700], target: 30, expected: 4, utilization: 60, unready: [0] }],
    ['TestReplicaCalcScaleUpUnreadyNoScale', { current: 3, levels: [400, 500, 700], target: 30, expected: 3, utilization: 40, unready: [1, 2] }],
    ['TestReplicaCalcScaleUpIgnoresFailedPods', { current: 2, levels: [500, 700], target: 30, expected: 4, utilization: 60, phase: ['Running', 'Running', 'Failed', 'Failed'] }],
    ['TestReplicaCalcScaleUpIgnoresDeletionPods', { current: 2, levels: [500, 700], target: 30, expected: 4, utilization: 60, pods: 4, deleting: [2, 3] }],
    ['TestReplicaCalcScaleDown', { current: 5, levels: [100, 300, 500, 250, 250], target: 50, expected: 3, utilization: 28 }],
    ['TestReplicaCalcScaleDownIncludeUnreadyPods', { current: 5, levels: [100, 300, 500, 250, 250], target: 50, expected: 2, utilization: 30, unready: [3, 4] }],
    ['TestReplicaCalcScaleDownExcludeUnscheduledPods', { current: 5, levels: [100], target: 50, expected: 1, utilization: 10, phase: ['Running', 'Pending', 'Pending', 'Pending', 'Pending'] }],
    ['TestReplicaCalcScaleDownIgnoresFailedPods', { current: 5, levels: [100, 300, 500, 250, 250], target: 50, expected: 3, utilization: 28, phase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Failed', 'Failed'] }],
    ['TestReplicaCalcMissingMetricsNoChangeEq', { current: 2, levels: [1000], target: 100, expected: 2, utilization: 100 }],
    ['TestReplicaCalcMissingMetricsNoChangeGt', { current: 2, levels: [1900], target: 100, expected: 2, utilization: 190 }],
    ['TestReplicaCalcMissingMetricsNoChangeLt', { current: 2, levels: [600], target: 100, expected: 2, utilization: 60 }],
    ['TestReplicaCalcMissingMetricsUnreadyChange', { current: 3, levels: [100, 450], target: 50, expected: 3, utilization: 45, unready: [0] }],
    ['TestReplicaCalcMissingMetricsUnreadyScaleUp', { current: 3, levels: [100, 2000], target: 50, expected: 4, utilization: 200, unready: [0] }],
    ['TestReplicaCalcMissingMetricsUnreadyScaleDown', { current: 4, levels: [100, 100, 100], target: 50, expected: 3, utilization: 10, unready: [0] }],
    ['TestReplicaCalcDuringRollingUpdateWithMaxSurge', { current: 2, levels: [100, 100], target: 50, expected: 2, utilization: 10, pods: 3 }],
  ])('%s', (_name, c) => {
    const r = desiredReplicas({ currentReplicas: c.current, pods: pods(c), targetUtilization: c.target, maxReplicas: 100 });
    expect(r).toMatchObject({ ok: true, replicas: c.expected, utilization: c.utilization, limited: Math.min(c.expected, Math.max(2 * c.current, 4)) });
  });

  it('TestReplicaCalcTolerance: within 10% keeps the current count', () => {
    const p: HpaPod[] = [
      { name: 'a', phase: 'Running', request: 900, usage: 1010 },
      { name: 'b', phase: 'Running', request: 1000, usage: 1030 },
      { name: 'c', phase: 'Running', request: 1100, usage: 1020 },
    ];
    expect(desiredReplicas({ currentReplicas: 3, pods: p, targetUtilization: 100, maxReplicas: 10 })).toMatchObject({ ok: true, replicas: 3, utilization: 102 });
  });

  it('reports the controller errors', () => {
    expect(desiredReplicas({ currentReplicas: 1, pods: [], targetUtilization: 50, maxReplicas: 3 })).toEqual({
      ok: false,
      error: 'no pods returned by selector while calculating replica count',
    });
    const unready: HpaPod[] = [{ name: 'a', phase: 'Pending', request: 100 }];
    expect(desiredReplicas({ currentReplicas: 1, pods: unready, targetUtilization: 50, maxReplicas: 3 })).toMatchObject({ ok: false });
  });
});

describe('stabilize (downscale stabilization window)', () => {
  const min = 60_000;
  it('keeps the highest recommendation of the last 5 minutes', () => {
    const recs = [
      { t: 0, replicas: 10 },
      { t: 2 * min, replicas: 6 },
      { t: 4 * min, replicas: 3 },
    ];
    expect(stabilize(recs, 4 * min)).toBe(10);
    expect(stabilize(recs, 6 * min)).toBe(6); // the 10 is older than 5 minutes
    expect(stabilize(recs, 8 * min)).toBe(3);
  });
  it('a recommendation exactly at the cutoff still counts', () => {
    expect(stabilize([{ t: 0, replicas: 4 }, { t: 5 * min, replicas: 1 }], 5 * min)).toBe(4);
  });
});

describe('normalizeReplicas', () => {
  it.each([
    [3, 1, 2, 10, 2, 'TooFewReplicas'],
    [3, 5, 1, 10, 5, 'DesiredWithinRange'],
    [3, 20, 1, 10, 6, 'ScaleUpLimit'],
    [8, 20, 1, 10, 10, 'TooManyReplicas'],
    [1, 9, 1, 10, 4, 'ScaleUpLimit'],
  ])('current=%i desired=%i [%i,%i] → %i', (cur, want, min, max, replicas, reason) => {
    expect(normalizeReplicas(cur, want, min, max)).toEqual({ replicas, reason });
  });
});
