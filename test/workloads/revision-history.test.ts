/**
 * ControllerRevision history limits: the StatefulSet controller's
 * truncateHistory (stateful_set_control.go: revisions that are not the
 * current, the update or a pod's revision are history; the oldest beyond
 * revisionHistoryLimit are deleted) and the DaemonSet controller's
 * cleanupHistory (daemon/update.go: of the non-current revisions, as many as
 * exceed the limit, oldest first, skipping those a pod still carries), as
 * table cases and then in a simulated cluster.
 */
import { describe, expect, it } from 'vitest';
import { daemonSetHistoryToDelete, statefulSetHistoryToDelete, type RevisionRef } from '../../src/cluster/core/algorithms/history.ts';
import { failed, run } from './helpers.ts';

const revs = (n: number): RevisionRef[] => Array.from({ length: n }, (_, i) => ({ name: `r${i + 1}`, revision: i + 1, hash: `h${i + 1}` }));

describe('statefulSetHistoryToDelete (truncateHistory)', () => {
  it.each<[string, RevisionRef[], string[], number, string[]]>([
    ['under the limit', revs(3), ['r3'], 10, []],
    ['limit 0: every non-live revision', revs(4), ['r4'], 0, ['r1', 'r2', 'r3']],
    ['limit 1: the oldest go, the newest history stays', revs(4), ['r4'], 1, ['r1', 'r2']],
    ['a pod still at an old revision keeps it live', revs(4), ['r4', 'r1'], 1, ['r2']],
    ['unsorted input is sorted by revision', [...revs(3)].reverse(), ['r3'], 1, ['r1']],
  ])('%s', (_n, revisions, live, limit, want) => {
    expect(statefulSetHistoryToDelete(revisions, new Set(live), limit)).toEqual(want);
  });
});

describe('daemonSetHistoryToDelete (cleanupHistory)', () => {
  it.each<[string, RevisionRef[], string[], number, string[]]>([
    ['under the limit', revs(3), [], 10, []],
    ['limit 1 of 3 old: the two oldest', revs(3), [], 1, ['r1', 'r2']],
    ['a revision a pod still carries is skipped; the next oldest goes instead', revs(3), ['h1'], 1, ['r2', 'r3']],
    ['toKill counts only deletions: with every old hash live nothing goes', revs(2), ['h1', 'h2'], 0, []],
  ])('%s', (_n, old, liveHashes, limit, want) => {
    expect(daemonSetHistoryToDelete(old, new Set(liveHashes), limit)).toEqual(want);
  });
});

const FILES = (image: string): string => `
    - apiVersion: apps/v1
      kind: StatefulSet
      metadata: { name: web }
      spec:
        serviceName: web
        replicas: 1
        revisionHistoryLimit: 1
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers: [{ name: nginx, image: "${image}" }]
    - apiVersion: apps/v1
      kind: DaemonSet
      metadata: { name: agent }
      spec:
        revisionHistoryLimit: 1
        selector: { matchLabels: { app: agent } }
        template:
          metadata: { labels: { app: agent } }
          spec:
            containers: [{ name: a, image: "${image}" }]
`;

describe('revision history in a simulated cluster', () => {
  it('revisionHistoryLimit 1: after a third template each controller deletes its oldest ControllerRevision, once', () => {
    const t = run(`
kubescene: v1
name: history
title: revision history
seed: 0
cluster:
  nodes:
    - { name: worker-1, images: ["nginx:1.27", "nginx:1.28", "nginx:1.29"] }
files:
  v1.yaml:${FILES('nginx:1.27')}
  v2.yaml:${FILES('nginx:1.28')}
  v3.yaml:${FILES('nginx:1.29')}
steps:
  - kubectl: apply -f v1.yaml
  - advance: 30s
  - kubectl: apply -f v2.yaml
  - advance: 1m
    expect:
      - trace: { contains: "(revisionHistoryLimit)", absent: true }
  - kubectl: apply -f v3.yaml
  - advance: 1m
`);
    expect(failed(t)).toEqual([]);
    const deletions = (from: string): string[] => t.events.filter((e) => e.from === from && e.summary.includes('(revisionHistoryLimit)')).map((e) => e.summary);
    expect(deletions('statefulset-controller')).toEqual([expect.stringMatching(/^DELETE controllerrevisions web-\w+ \(revisionHistoryLimit\)$/)]);
    expect(deletions('daemonset-controller')).toEqual([expect.stringMatching(/^DELETE controllerrevisions agent-\w+ \(revisionHistoryLimit\)$/)]);
  });
});
