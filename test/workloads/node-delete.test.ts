/**
 * A Node deleted (`fault: { node, action: delete }` — the machine removed —
 * or `kubectl delete node`): the pod garbage collector's gcOrphaned
 * (pkg/controller/podgc/gc_controller.go) force-deletes the pods bound to it
 * at the gc pass (every 20 s) after its 40 s quarantine, marking them Failed
 * with DisruptionTarget/DeletionByPodGC first (markFailedAndDeletePodWithCondition,
 * 1.26+); their owners replace them and the scheduler places the new pods on
 * the nodes that remain. The node lifecycle controller records RemovingNode
 * (monitorNodeHealth).
 */
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../src/trace/types.ts';
import { orphanDeletionTime } from '../../src/cluster/components/controllers/podgc.ts';
import { failed, kubeEvents, run } from './helpers.ts';

const NODES = `
cluster:
  nodes:
    - { name: worker-1 }
    - { name: worker-2 }`;

const WEB = `
  web.yaml:
    apiVersion: apps/v1
    kind: Deployment
    metadata: { name: web }
    spec:
      replicas: 2
      selector: { matchLabels: { app: web } }
      template:
        metadata: { labels: { app: web } }
        spec:
          topologySpreadConstraints:
            - { maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule, labelSelector: { matchLabels: { app: web } } }
          containers:
            - { name: web, image: "nginx:1.27" }`;

const DB = `
  db.yaml:
    apiVersion: apps/v1
    kind: StatefulSet
    metadata: { name: db }
    spec:
      serviceName: db
      replicas: 2
      selector: { matchLabels: { app: db } }
      template:
        metadata: { labels: { app: db } }
        spec:
          affinity:
            podAntiAffinity:
              preferredDuringSchedulingIgnoredDuringExecution:
                - { weight: 100, podAffinityTerm: { topologyKey: kubernetes.io/hostname, labelSelector: { matchLabels: { app: db } } } }
          containers:
            - { name: db, image: "busybox:1.36", command: [sh, -c, "sleep 3600"] }`;

const AGENT = `
  agent.yaml:
    apiVersion: apps/v1
    kind: DaemonSet
    metadata: { name: agent }
    spec:
      selector: { matchLabels: { app: agent } }
      template:
        metadata: { labels: { app: agent } }
        spec:
          containers:
            - { name: agent, image: "busybox:1.36", command: [sh, -c, "sleep 3600"] }`;

/** The pod garbage collector's trace events, as "VERB resource (note)" summaries. */
function podgc(t: Trace): string[] {
  return t.events.filter((e) => e.from === 'pod-garbage-collector-controller' && e.type === 'request').map((e) => e.summary);
}

function podsOn(t: Trace, step: number, node: string): string[] {
  return t.steps[step - 1]!.state!.pods.filter((p) => p.node === node).map((p) => p.name);
}

describe('orphanDeletionTime: the gc pass (every 20 s) after the 40 s quarantine (gcOrphaned + nodeQueue.AddAfter)', () => {
  it.each([
    [0, 60_000],
    [9_000, 60_000],
    [19_999, 60_000],
    [20_000, 80_000],
    [20_001, 80_000],
    [59_000, 100_000],
  ])('node missing at %i ms → pods deleted at %i ms', (missing, deleted) => {
    expect(orphanDeletionTime(missing)).toBe(deleted);
  });
});

describe('a deleted node: its pods are garbage-collected after the quarantine and replaced on the remaining nodes', () => {
  it.each([
    ['fault: { node: worker-2, action: delete }', 'fault'],
    ['kubectl: delete node worker-2', 'kubectl'],
  ])('%s', (step) => {
    const t = run(`kubescene: v1
name: node-delete
${NODES}
files:${WEB}${DB}${AGENT}
steps:
  - kubectl: apply -f web.yaml -f db.yaml -f agent.yaml
  - kubectl: rollout status statefulset/db
  - ${step}
  - advance: 30s
    expect:
      - object: node/worker-2
        exists: false
      - pods: { selector: app=web, count: 2 }
      - pods: { selector: app=agent, count: 2 }
  - advance: 40s
    expect:
      - pods: { selector: app=web, phase: Running, count: 2 }
      - pods: { selector: app=db, phase: Running, count: 2 }
      - pods: { selector: app=agent, phase: Running, count: 1 }
  - kubectl: get pods -o wide
`);
    expect(failed(t)).toEqual([]);
    const before = podsOn(t, 2, 'worker-2');
    expect(before.some((n) => n.startsWith('web-'))).toBe(true);
    expect(before.some((n) => n.startsWith('agent-'))).toBe(true);
    const db = before.filter((n) => n.startsWith('db-'));
    expect(db).toHaveLength(1);
    // 30 s after the delete the pods are still there (quarantine); then all gone from worker-2.
    expect(podsOn(t, 4, 'worker-2').sort()).toEqual([...before].sort());
    expect(podsOn(t, 5, 'worker-2')).toEqual([]);
    // The StatefulSet's db-1 comes back under its name on worker-1; the DaemonSet has no node to replace its pod on.
    expect(podsOn(t, 5, 'worker-1')).toContain(db[0]);
    expect(t.steps[5]!.output).not.toContain('worker-2');
    // Trace: the pass after the quarantine checks the node (404), then marks each pod Failed and force-deletes it.
    const orphans = [...before].sort();
    expect(podgc(t)).toEqual([
      'GET nodes worker-2 (checkIfNodeExists)',
      ...orphans.flatMap((p) => [`PATCH pods/status ${p} Failed (DeletionByPodGC)`, `DELETE pods ${p} (orphaned: node worker-2 no longer exists)`]),
    ]);
    const deleteAt = orphanDeletionTime(t.steps[2]!.startMs);
    expect(t.events.find((e) => e.from === 'pod-garbage-collector-controller')!.t).toBe(deleteAt);
    expect(t.events.find((e) => e.action === 'gc-orphaned')!.summary).toBe('node worker-2 still missing after the 40s quarantine: checking with the API server');
    expect(kubeEvents(t, 'RemovingNode')).toEqual(['Node worker-2 event: Removing Node worker-2 from Controller']);
    // No new pod was scheduled to the deleted node.
    const toWorker2 = kubeEvents(t, 'Scheduled').filter((m) => m.endsWith(' to worker-2'));
    expect(toWorker2.map((m) => m.split(' ')[2]!.split('/')[1]).sort()).toEqual([...before].sort());
  });

  it('the fault stops the kubelet and prints what kubectl delete node prints; a second delete is NotFound', () => {
    const t = run(`kubescene: v1
${NODES}
files:${WEB}
steps:
  - kubectl: apply -f web.yaml
  - fault: { node: worker-2, action: delete }
  - fault: { node: worker-2, action: delete }
`);
    expect(t.steps[1]!.output).toBe('node "worker-2" deleted\n');
    expect(t.steps[1]!.exitCode).toBe(0);
    expect(t.steps[2]!.error).toBe('Error from server (NotFound): nodes "worker-2" not found\n');
    expect(t.steps[2]!.exitCode).toBe(1);
    expect(t.events.some((e) => e.from === 'kubelet@worker-2' && e.action === 'kubelet-stop')).toBe(true);
    expect(t.simplifications.some((s) => s.includes('not modelled'))).toBe(false);
  });

  it('the replacement pod is created when the orphan turns Failed, not when it is deleted (the ReplicaSet does not count a Failed pod)', () => {
    const t = run(`kubescene: v1
${NODES}
files:${WEB}
steps:
  - kubectl: apply -f web.yaml
  - fault: { node: worker-2, action: delete }
  - advance: 1m
`);
    const patched = t.events.findIndex((e) => e.from === 'pod-garbage-collector-controller' && e.summary.startsWith('PATCH pods/status'));
    const created = t.events.find((e, i) => i > patched && e.from === 'replicaset-controller' && e.summary.startsWith('POST pods'))!;
    const cause = t.events.find((e) => e.id === created.cause)!;
    expect(patched).toBeGreaterThan(0);
    expect(cause.type).toBe('watch');
    expect(cause.summary).toMatch(/^MODIFIED pod\/web-/);
  });
});

describe('profiles and edge cases', () => {
  it('1.23: no Failed phase or DisruptionTarget (PodDisruptionConditions came in 1.26): only the DELETE with grace 0', () => {
    const t = run(`kubescene: v1
${NODES}
files:${WEB}
steps:
  - kubectl: apply -f web.yaml
  - fault: { node: worker-2, action: delete }
  - advance: 1m
    expect:
      - pods: { selector: app=web, phase: Running, count: 2 }
`, '1.23');
    expect(failed(t)).toEqual([]);
    expect(podgc(t).map((s) => s.split(' ')[0])).toEqual(['GET', 'DELETE']);
  });

  it('a node that registers again within the quarantine keeps its pods (existingNodeNames has it at the pass)', () => {
    const t = run(`kubescene: v1
${NODES}
files:${WEB}
steps:
  - kubectl: apply -f web.yaml
  - kubectl: delete node worker-2
  - fault: { node: worker-2, action: down }
  - fault: { node: worker-2, action: up }
  - advance: 2m
    expect:
      - object: node/worker-2
        exists: true
      - pods: { selector: app=web, phase: Running, ready: true, count: 2 }
`);
    expect(failed(t)).toEqual([]);
    expect(podgc(t)).toEqual([]);
    expect(kubeEvents(t, 'SuccessfulCreate')).toHaveLength(2);
    // monitorNodeHealth saw it go and come back (each at its next 5 s pass).
    expect(kubeEvents(t, 'RemovingNode')).toEqual(['Node worker-2 event: Removing Node worker-2 from Controller']);
    expect(kubeEvents(t, 'RegisteredNode')).toEqual(['Node worker-2 event: Registered Node worker-2 in Controller']);
  });

  it('a pod created bound to a node that does not exist is force-deleted after the quarantine', () => {
    const t = run(`kubescene: v1
${NODES}
files:
  pod.yaml:
    apiVersion: v1
    kind: Pod
    metadata: { name: lost }
    spec:
      nodeName: worker-9
      containers:
        - { name: c, image: "nginx:1.27" }
steps:
  - kubectl: apply -f pod.yaml
  - advance: 30s
    expect:
      - object: pod/lost
        exists: true
  - advance: 40s
    expect:
      - object: pod/lost
        exists: false
`);
    expect(failed(t)).toEqual([]);
    expect(podgc(t)).toEqual(['GET nodes worker-9 (checkIfNodeExists)', 'PATCH pods/status lost Failed (DeletionByPodGC)', 'DELETE pods lost (orphaned: node worker-9 no longer exists)']);
  });
});

describe('a node down for good: pods stuck Terminating until the Node is deleted', () => {
  it('taint eviction leaves them Terminating (no kubelet to confirm); kubectl delete node lets the pod GC force-delete them', () => {
    const t = run(`kubescene: v1
${NODES}
files:${WEB}
steps:
  - kubectl: apply -f web.yaml
  - kubectl: rollout status deployment/web
  - fault: { node: worker-2, action: down }
  - advance: 6m
  - kubectl: get pods -o wide
  - kubectl: delete node worker-2
  - advance: 1m
    expect:
      - pods: { selector: app=web, count: 2 }
  - kubectl: get pods -o wide
`);
    expect(failed(t)).toEqual([]);
    // After the 300 s toleration: evicted, its replacement Pending (topology spread), the old one Terminating.
    expect(t.steps[4]!.output).toMatch(/web-\S+\s+1\/1\s+Terminating\s+0\s+\S+\s+\S+\s+worker-2/);
    expect(t.steps[7]!.output).not.toContain('worker-2');
    expect(t.steps[7]!.output).not.toContain('Terminating');
    expect(podgc(t).some((s) => s.startsWith('DELETE pods web-'))).toBe(true);
  });
});
