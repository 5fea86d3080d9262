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
