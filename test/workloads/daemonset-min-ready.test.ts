/**
 * DaemonSet spec.minReadySeconds (GA 1.25), after pkg/controller/daemon:
 * updateDaemonSetStatus counts a Ready daemon pod as available only once it
 * has been Ready for minReadySeconds (podutil.IsPodAvailable) and queues the
 * set again after minReadySeconds while numberReady != numberAvailable; the
 * rolling update (maxUnavailable 1) replaces the next node's pod only when
 * the new one is available.
 */
import { describe, expect, it } from 'vitest';
import { daemonSetStatus } from '../../src/cluster/components/controllers/daemonset.ts';
import type { PodObj } from '../../src/cluster/core/typed.ts';
import { failed, run } from './helpers.ts';

const readyPod = (since: string): PodObj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', labels: { 'controller-revision-hash': 'h' } },
  spec: { containers: [] },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: since }] },
});

describe('daemonSetStatus with minReadySeconds', () => {
  const now = Date.parse('2025-01-01T00:00:20Z');
  it.each([
    [0, 1],
    [10, 1],
    [30, 0],
  ])('minReadySeconds %d, Ready for 20 s → numberAvailable %d', (minReady, want) => {
    const s = daemonSetStatus([{ run: true, pods: [readyPod('2025-01-01T00:00:00Z')] }], 'h', minReady, now);
    expect(s.numberReady).toBe(1);
    expect(s.numberAvailable ?? 0).toBe(want);
    expect(s.numberUnavailable ?? 0).toBe(1 - want);
  });
});

const SCENARIO = (steps: string): string => `
kubescene: v1
name: ds-min-ready
title: DaemonSet minReadySeconds
seed: 0
cluster:
  nodes:
    - { name: worker-1, images: ["busybox:1.36", "busybox:1.37"] }
    - { name: worker-2, images: ["busybox:1.36", "busybox:1.37"] }
files:
  agent.yaml:
    apiVersion: apps/v1
    kind: DaemonSet
    metadata: { name: agent }
    spec:
      minReadySeconds: 30
      selector: { matchLabels: { app: agent } }
      template:
        metadata: { labels: { app: agent } }
        spec:
          # sleep as PID 1 ignores SIGTERM: a short grace period keeps the rollout's timing about minReadySeconds.
          terminationGracePeriodSeconds: 1
          containers: [{ name: a, image: "busybox:1.36", command: ["sleep", "3600"] }]
  agent-v2.yaml:
    apiVersion: apps/v1
    kind: DaemonSet
    metadata: { name: agent }
    spec:
      minReadySeconds: 30
      selector: { matchLabels: { app: agent } }
      template:
        metadata: { labels: { app: agent } }
        spec:
          # sleep as PID 1 ignores SIGTERM: a short grace period keeps the rollout's timing about minReadySeconds.
          terminationGracePeriodSeconds: 1
          containers: [{ name: a, image: "busybox:1.37", command: ["sleep", "3600"] }]
steps:
${steps}`;

describe('the DaemonSet controller with minReadySeconds', () => {
  it('numberAvailable follows 30 s after Ready; a rolling update replaces one node, then waits 30 s before the next', () => {
    const t = run(
      SCENARIO(`  - kubectl: apply -f agent.yaml
  - advance: 15s
    expect:
      - object: daemonset/agent
        path: status.numberReady
        equals: 2
      - object: daemonset/agent
        path: status.numberUnavailable
        equals: 2
  - advance: 30s
    expect:
      - object: daemonset/agent
        path: status.numberAvailable
        equals: 2
      - trace: { from: daemonset-controller, contains: "minReadySeconds 30s of daemonset/agent passed" }
  - kubectl: apply -f agent-v2.yaml
  - advance: 20s
    expect:
      - object: daemonset/agent
        path: status.updatedNumberScheduled
        equals: 1
  - advance: 1m
    expect:
      - object: daemonset/agent
        path: status.updatedNumberScheduled
        equals: 2
`),
    );
    expect(failed(t)).toEqual([]);
  });
});
