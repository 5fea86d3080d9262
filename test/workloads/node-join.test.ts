/**
 * Nodes that (re)register: a kubelet that starts and finds no Node object
 * POSTs one (kubelet_node_status.go registerWithAPIServer), as at boot, and
 * the DaemonSet controller and the scheduler use the new node.
 */
import { describe, expect, it } from 'vitest';
import { failed, kubeEvents, run } from './helpers.ts';

const DS = `
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

describe('a kubelet that starts with no Node object registers it', () => {
  it('delete the Node, the kubelet starts again: the node is back, schedulable, with a daemon pod', () => {
    const t = run(`kubescene: v1
name: reregister
cluster:
  nodes:
    - { name: worker-1, labels: { zone: a }, taints: ["dedicated=x:PreferNoSchedule"] }
    - { name: worker-2 }
files:${DS}
steps:
  - kubectl: apply -f agent.yaml
  - kubectl: rollout status ds/agent
  - kubectl: delete node worker-1
  - advance: 1m
    expect:
      - pods: { selector: app=agent, count: 1 }
  - fault: { node: worker-1, action: down }
  - fault: { node: worker-1, action: up }
  - advance: 1m
    expect:
      - object: node/worker-1
        path: metadata.labels.zone
        equals: a
      - object: node/worker-1
        path: spec.taints[0].key
        equals: dedicated
      - object: node/worker-1
        path: spec.unschedulable
        exists: false
      - pods: { selector: app=agent, phase: Running, ready: true, count: 2 }
`);
    expect(failed(t)).toEqual([]);
    expect(kubeEvents(t, 'Starting')).toContain('Starting kubelet.');
    expect(kubeEvents(t, 'NodeReady')).toEqual(['Node worker-1 status is now: NodeReady']);
    const created = kubeEvents(t, 'SuccessfulCreate').filter((m) => m.startsWith('Created pod: agent-'));
    expect(created).toHaveLength(3);
    expect(kubeEvents(t, 'Scheduled').filter((m) => m.endsWith(' to worker-1'))).toHaveLength(2);
    expect(t.outcome.nodes.find((n) => n.name === 'worker-1')!.ready).toBe('True');
  });
});

describe('a node that joins later (`joins: later`, fault `join`)', () => {
  it('is not registered at boot; when it joins, a daemon pod lands on it and a Pending pod is scheduled there', () => {
    const t = run(`kubescene: v1
name: join
cluster:
  nodes:
    - { name: worker-1, cpu: "1" }
    - { name: worker-2, cpu: "2", joins: later, labels: { pool: new } }
files:${DS}
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
          containers:
            - { name: web, image: "nginx:1.27", resources: { requests: { cpu: 600m } } }
steps:
  - kubectl: apply -f agent.yaml -f web.yaml
  - advance: 1m
    expect:
      - object: node/worker-2
        exists: false
      - pods: { selector: app=agent, count: 1 }
      - pods: { selector: app=web, phase: Pending, count: 1 }
  - fault: { node: worker-2, action: join }
    title: worker-2 joins
  - advance: 1m
    expect:
      - object: node/worker-2
        path: metadata.labels.pool
        equals: new
      - pods: { selector: app=agent, phase: Running, ready: true, count: 2 }
      - pods: { selector: app=web, phase: Running, count: 2 }
`);
    expect(failed(t)).toEqual([]);
    expect(t.steps[2]!.title).toBe('worker-2 joins');
    // The DaemonSet controller's own event for the new node's pod, and the scheduler's for both pods.
    expect(kubeEvents(t, 'SuccessfulCreate').filter((m) => m.startsWith('Created pod: agent-'))).toHaveLength(2);
    const onNew = kubeEvents(t, 'Scheduled').filter((m) => m.endsWith(' to worker-2'));
    expect(onNew.some((m) => m.includes('/agent-'))).toBe(true);
    expect(onNew.some((m) => m.includes('/web-'))).toBe(true);
    expect(kubeEvents(t, 'FailedScheduling').some((m) => m.startsWith('0/1 nodes are available: 1 Insufficient cpu.'))).toBe(true);
    expect(kubeEvents(t, 'NodeReady')).toEqual(['Node worker-2 status is now: NodeReady']);
  });
});
