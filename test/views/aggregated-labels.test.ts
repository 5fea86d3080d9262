/**
 * Gallery review D116: hpa-autoscaling's kube-apiserver → metrics-server edge
 * said `GET pods`, which reads as a list of Pods; it is the aggregated
 * metrics API (`GET pods.metrics.k8s.io`, proxied). A resource of an
 * aggregated group is named with its group, as kubectl names it.
 */
import { describe, expect, it } from 'vitest';
import { buildArchitecture, buildSequence } from '../../src/views/index.ts';
import { simulateOnce } from '../helpers/library.ts';
import { allMessages } from './helpers.ts';

describe('an aggregated API resource is named with its group (D116)', () => {
  it('hpa-autoscaling: the metrics read says pods.metrics.k8s.io in the legend and the sequence', async () => {
    const trace = await simulateOnce('scenarios/hpa-autoscaling.yaml');
    const view = buildArchitecture(trace, { detail: 'summary' });
    const toMetrics = view.edges.find((e) => e.to === 'metrics-server' && e.from.startsWith('kube-apiserver'));
    expect(view.legend.find((l) => l.number === toMetrics?.number)?.text).toBe('GET pods.metrics.k8s.io');
    const labels = allMessages(buildSequence(trace, { steps: [5], detail: 'summary' }).items).map((m) => m.label);
    expect(labels).toContain('GET pods.metrics.k8s.io');
    expect(labels).not.toContain('GET pods');
  });
});
