/** Node failure: grace period per profile, taints, toleration-based eviction, recovery. */
import { describe, expect, it } from 'vitest';
import { detectionTime, nodeMonitorGracePeriodMs } from '../../src/cluster/components/controllers/node-lifecycle.ts';
import { tolerationMs } from '../../src/cluster/components/controllers/taint-eviction.ts';
import type { PodObj, Toleration } from '../../src/cluster/core/typed.ts';
import { deployment, failed, kubeEvents, NODES, run, timeOf } from './helpers.ts';

const scenarioText = `kubescene: v1
${NODES}
files:${deployment({ replicas: 3 })}
steps:
  - kubectl: apply -f web.yaml
  - fault: { node: worker-2, action: down }
  - advance: 10m
`;

describe('node lifecycle', () => {
  it('marks the node Unknown after the grace period: 40 s up to 1.31, 50 s from 1.32', () => {
    for (const [profile, grace] of [['1.31', 40], ['1.32', 50]] as const) {
      const t = run(scenarioText, profile);
      const down = t.steps[1]!.startMs;
      const lastRenew = Math.floor(down / 10_000) * 10_000;
      const seen = timeOf(t, 'Ready=Unknown', 'node-lifecycle-controller')!;
      expect(seen).toBe(detectionTime(lastRenew, grace * 1000));
      expect(seen - lastRenew).toBeGreaterThan(grace * 1000);
      expect(seen - lastRenew).toBeLessThanOrEqual(grace * 1000 + 5000);
      expect(t.events.find((e) => e.summary.includes('not renewed'))!.summary).toContain(`(grace period ${grace}s)`);
    }
  });

  it('taints NoSchedule then NoExecute, evicts 300 s later, and the replacement lands elsewhere', () => {
    const t = run(scenarioText);
    const noSchedule = timeOf(t, 'unreachable:NoSchedule')!;
    const noExecute = timeOf(t, 'unreachable:NoExecute')!;
    expect(noExecute).toBeGreaterThan(noSchedule);
    const evicted = timeOf(t, 'POST events (TaintManagerEviction)')!;
    // DefaultTolerationSeconds: 300 s, counted from the taint's timeAdded (whole seconds).
    expect(evicted - Math.floor(noExecute / 1000) * 1000).toBe(300_000);
    expect(kubeEvents(t, 'TaintManagerEviction')).toEqual([expect.stringMatching(/^Marking for deletion Pod default\/web-\w+-\w+$/)]);
    const replacement = t.outcome.pods.filter((p) => p.name.startsWith('web-'));
    expect(replacement).toHaveLength(4);
    const bindings = t.events.filter((e) => e.step === 3 && e.summary.startsWith('POST pods/binding'));
    expect(bindings).toHaveLength(1);
    expect(bindings[0]!.summary).not.toContain('worker-2');
    expect(t.outcome.nodes.find((n) => n.name === 'worker-2')!.ready).toBe('Unknown');
  });

  it('a node back before the tolerations run out keeps its pods, and loses its taints', () => {
    const t = run(`kubescene: v1
${NODES}
files:${deployment({ replicas: 3 })}
steps:
  - kubectl: apply -f web.yaml
  - fault: { node: worker-2, action: down }
  - advance: 2m
  - fault: { node: worker-2, action: up }
    expect:
      - pods: { selector: app=web, phase: Running, ready: true, count: 3 }
      - object: node/worker-2
        path: spec.taints
        exists: false
  - advance: 10m
`);
    expect(failed(t)).toEqual([]);
    expect(kubeEvents(t, 'TaintManagerEviction')).toEqual([]);
    expect(kubeEvents(t, 'NodeReady')).toEqual(['Node worker-2 status is now: NodeReady']);
    expect(t.outcome.nodes.find((n) => n.name === 'worker-2')!.ready).toBe('True');
  });
});

describe('tolerationMs (getMinTolerationTime)', () => {
  const taint = [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }];
  const pod = (tolerations: Toleration[]): PodObj => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [], tolerations } });
  it('uses the smallest matching tolerationSeconds; none matching means now; no seconds means never', () => {
    expect(tolerationMs(pod([{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }]), taint)).toBe(300_000);
    expect(tolerationMs(pod([{ operator: 'Exists', tolerationSeconds: 30 }, { key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 60 }]), taint)).toBe(30_000);
    expect(tolerationMs(pod([]), taint)).toBe(0);
    expect(tolerationMs(pod([{ operator: 'Exists' }]), taint)).toBe(Number.POSITIVE_INFINITY);
    expect(tolerationMs(pod([{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: -5 }]), taint)).toBe(0);
  });

  it('grace periods and detection ticks', () => {
    expect(detectionTime(0, 40_000)).toBe(45_000);
    expect(detectionTime(10_000, 50_000)).toBe(65_000);
    expect(nodeMonitorGracePeriodMs({ kubernetes: '1.29' } as never)).toBe(40_000);
    expect(nodeMonitorGracePeriodMs({ kubernetes: '1.33' } as never)).toBe(50_000);
  });
});
