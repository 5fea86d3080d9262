/**
 * statusLine (src/cluster/steps/outcome.ts) on the states the scenario
 * library does not reach: what `kubectl get` prints for them
 * (pkg/printers/internalversion/printers.go: printPersistentVolume,
 * printHorizontalPodAutoscaler, printCronJob, printIngress, printNetworkPolicy, printJob).
 */
import { describe, expect, it } from 'vitest';
import { statusLine } from '../../src/cluster/steps/outcome.ts';
import type { Obj } from '../../src/cluster/core/object.ts';

const NOW = Date.parse('2024-01-01T00:10:00Z');
function obj(kind: string, spec: Record<string, unknown>, status: Record<string, unknown> = {}): Obj {
  return { apiVersion: 'v1', kind, metadata: { name: 'x', namespace: 'default', creationTimestamp: '2024-01-01T00:00:00Z' }, spec, status };
}

describe('object status line', () => {
  it.each<[string, Obj, string]>([
    ['PV released keeps its reclaim policy', obj('PersistentVolume', { persistentVolumeReclaimPolicy: 'Retain' }, { phase: 'Released' }), 'Released, Retain'],
    ['PVC bound to a provisioned pvc-<uid> volume: the name is left out', obj('PersistentVolumeClaim', { volumeName: 'pvc-0bc54f1a-e1f3-4098-a13a-f4915d76a75f' }, { phase: 'Bound' }), 'Bound'],
    [
      'HPA while scaling: TARGETS, current→desired',
      obj(
        'HorizontalPodAutoscaler',
        { maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
        { currentReplicas: 2, desiredReplicas: 4, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 150 } } }] },
      ),
      'cpu: 150%/50%, 2→4',
    ],
    ['HPA before metrics: <unknown> as kubectl prints it', obj('HorizontalPodAutoscaler', { maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] }, { currentReplicas: 1, desiredReplicas: 1 }), 'cpu: <unknown>/50%, 1 replica'],
    ['CronJob suspended', obj('CronJob', { schedule: '*/1 * * * *', suspend: true }, { lastScheduleTime: '2024-01-01T00:09:00Z' }), 'suspended'],
    ['CronJob with a Job running', obj('CronJob', { schedule: '*/1 * * * *' }, { lastScheduleTime: '2024-01-01T00:09:30Z', active: [{ name: 'x-1' }] }), '1 active, last run 30s ago'],
    ['Ingress with an address', obj('Ingress', { rules: [{ host: 'shop.example.com' }] }, { loadBalancer: { ingress: [{ ip: '203.0.113.10' }] } }), 'shop.example.com at 203.0.113.10'],
    ['Ingress without host rules', obj('Ingress', { defaultBackend: { service: { name: 'web' } } }), 'any host'],
    ['NetworkPolicy selecting every Pod', obj('NetworkPolicy', { podSelector: {} }), 'all pods'],
    ['Job running', obj('Job', { completions: 3, parallelism: 1 }, { succeeded: 1, startTime: '2024-01-01T00:09:00Z' }), 'Running 1/3'],
  ])('%s', (_title, o, expected) => {
    expect(statusLine(o, NOW)).toBe(expected);
  });
});
