/**
 * A failed daemon pod is deleted and re-created under the DaemonSet
 * controller's back-off (pkg/controller/daemon/daemon_controller.go,
 * podsShouldBeOnNode: failedPodsBackoff = flowcontrol.NewBackOff(1s, 15min),
 * keyed failedPodsBackoffKey `<uid>/<observedGeneration>/<node>`; while
 * IsInBackOffSinceUpdate the pod is kept and the set re-queued after
 * failedPodsBackoff.Get; otherwise Next, Warning FailedDaemonPod "Found failed
 * daemon pod <ns>/<pod> on node <node>, will try to kill it" and the delete).
 */
import { describe, expect, it } from 'vitest';
import { FailedPodsBackoff, failedPodsBackoffKey } from '../../src/cluster/components/controllers/daemonset.ts';
import type { DaemonSetObj } from '../../src/cluster/core/typed.ts';
import { failed, kubeEvents, run } from './helpers.ts';

describe('FailedPodsBackoff (client-go util/flowcontrol backoff_test.go, no jitter)', () => {
  it('TestSlowBackoff: 1 s doubling on each Next, capped at 15 min', () => {
    const b = new FailedPodsBackoff();
    const got: number[] = [];
    let now = 0;
    for (let i = 0; i < 12; i++) {
      b.next('k', now);
      got.push(b.get('k'));
      now += 1_000;
    }
    expect(got).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900].map((s) => s * 1000));
  });

  it('IsInBackOffSinceUpdate: true for less than the delay after the last Next, false from then on and for an unknown key', () => {
    const b = new FailedPodsBackoff();
    expect(b.isInBackOffSinceUpdate('k', 0)).toBe(false);
    expect(b.get('k')).toBe(0);
    b.next('k', 10_000);
    expect(b.isInBackOffSinceUpdate('k', 10_999)).toBe(true);
    expect(b.isInBackOffSinceUpdate('k', 11_000)).toBe(false);
    b.next('k', 11_000);
    expect(b.isInBackOffSinceUpdate('k', 12_999)).toBe(true);
    expect(b.isInBackOffSinceUpdate('k', 13_000)).toBe(false);
    expect(b.isInBackOffSinceUpdate('other', 12_000)).toBe(false);
  });

  it('TestBackoffReset: an entry idle for more than 2 × 15 min starts again at 1 s', () => {
    const b = new FailedPodsBackoff();
    b.next('k', 0);
    b.next('k', 1_000);
    b.next('k', 3_000);
    expect(b.get('k')).toBe(4_000);
    b.next('k', 3_000 + 30 * 60_000); // exactly 2 × max: not expired yet
    expect(b.get('k')).toBe(8_000);
    b.next('k', 3_000 + 60 * 60_000 + 1);
    expect(b.get('k')).toBe(1_000);
  });

  it('failedPodsBackoffKey: uid, observed generation and node', () => {
    const ds = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'a', uid: 'u1' }, spec: { selector: {}, template: {} }, status: { observedGeneration: 3 } } as DaemonSetObj;
    expect(failedPodsBackoffKey(ds, 'worker-1')).toBe('u1/3/worker-1');
  });
});

const SCENARIO = `kubescene: v1
name: ds-failed-backoff
cluster:
  nodes:
    - { name: worker-1, images: ["busybox:1.36"] }
files:
  agent.yaml:
    apiVersion: apps/v1
    kind: DaemonSet
    metadata: { name: agent }
    spec:
      selector: { matchLabels: { app: agent } }
      template:
        metadata: { labels: { app: agent } }
        spec:
          activeDeadlineSeconds: 1
          terminationGracePeriodSeconds: 0
          # The image's own entrypoint exits on SIGTERM (a sleep as PID 1 would ignore it and be
          # killed after the kubelet's 2 s minimum grace period), so each failure comes 1 s after the start.
          containers: [{ name: a, image: "busybox:1.36" }]
steps:
  - kubectl: apply -f agent.yaml
  - advance: 60s
`;

describe('the DaemonSet controller with a daemon pod that keeps failing', () => {
  const t = run(SCENARIO);
  const times = (summary: string, from: string): number[] => t.events.filter((e) => e.from === from && e.summary.includes(summary)).map((e) => e.t);
  const failures = times('Failed (DeadlineExceeded)', 'kubelet@worker-1');
  const kills = times('POST events (FailedDaemonPod)', 'daemonset-controller');
  const creates = times('POST events (SuccessfulCreate)', 'daemonset-controller');

  it('reports each failed pod it deletes with the controller\'s FailedDaemonPod event', () => {
    expect(failed(t)).toEqual([]);
    const msgs = kubeEvents(t, 'FailedDaemonPod');
    expect(msgs).toHaveLength(6);
    for (const m of msgs) expect(m).toMatch(/^Found failed daemon pod default\/agent-[a-z0-9]{5} on node worker-1, will try to kill it$/);
    expect(new Set(msgs).size).toBe(6);
  });

  it('deletes the failed pods 1 s, 2 s, 4 s, 8 s, 16 s apart at least (the back-off), not as soon as they fail', () => {
    // The first two failures find no back-off running (none yet; 1 s already passed); from the third on the pod waits.
    expect(kills).toHaveLength(6);
    const gaps = kills.slice(1).map((k, i) => k - kills[i]!);
    [1, 2, 4, 8, 16].forEach((s, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(s * 1000);
      expect(gaps[i]).toBeLessThan(s * 1000 + 1500);
    });
    // The old model deleted every failed pod within milliseconds: here the third one waits ~2 s.
    expect(kills[2]! - failures[2]!).toBeGreaterThan(1500);
  });

  it('creates no replacement while the failed pod waits out its back-off', () => {
    for (let i = 0; i < kills.length; i++) {
      const between = creates.filter((c) => c > failures[i]! && c < kills[i]!);
      expect(between).toEqual([]);
    }
    expect(creates).toHaveLength(7);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(run(SCENARIO))).toBe(JSON.stringify(t));
  });
});
