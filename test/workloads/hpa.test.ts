/** The HPA controller with metrics-server: sync period, arithmetic, limits, stabilization, kubectl autoscale. */
import { describe, expect, it } from 'vitest';
import { deployment, failed, kubeEvents, NODES, run } from './helpers.ts';

const HPA_YAML = `
  hpa.yaml:
    apiVersion: autoscaling/v2
    kind: HorizontalPodAutoscaler
    metadata: { name: web }
    spec:
      scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
      minReplicas: 1
      maxReplicas: 3
      metrics:
        - type: Resource
          resource: { name: cpu, target: { type: Utilization, averageUtilization: 60 } }
`;

describe('HorizontalPodAutoscaler', () => {
  it('an autoscaling/v2 manifest works like kubectl autoscale; maxReplicas caps the scale-up', () => {
    const t = run(`kubescene: v1
${NODES}
files:${deployment({ replicas: 1 })}${HPA_YAML}
steps:
  - kubectl: apply -f web.yaml
  - advance: 30s
  - kubectl: apply -f hpa.yaml
    expect:
      - output: horizontalpodautoscaler.autoscaling/web created
  - load: { target: deployment/web, cpu: [500m] }
  - advance: 15s
    expect:
      - pods: { selector: app=web, phase: Running, count: 3 }
      - object: hpa/web
        path: status.conditions[2].reason
        equals: TooManyReplicas
`);
    expect(failed(t)).toEqual([]);
    // 500 % of the request against a 60 % target: ceil(1 × 500/60) = 9 → capped at maxReplicas 3.
    expect(kubeEvents(t, 'SuccessfulRescale')).toEqual(['New size: 3; reason: cpu resource utilization (percentage of request) above target']);
    expect(t.events.some((e) => e.summary.includes('ceil(1 × 500/60) = 9 → 3'))).toBe(true);
    // D112: only the scrape after the load step is recorded, and new pods get metrics at once; the trace says so
    // (metrics-server scrapes every --metric-resolution and needs two scrapes per pod: pkg/storage/pod.go).
    const scrapes = t.events.filter((e) => e.type === 'request' && e.path === '/metrics/resource');
    expect(scrapes.map((e) => e.step)).toEqual([4]);
    const note = t.simplifications.find((n) => n.startsWith('A load step'));
    expect(note).toContain('only the scrape that follows a load step is shown');
    expect(note).toContain('no CPU rate for a pod before its second scrape');
  });

  it('syncs every 15 s, only while time passes, and within the 10 % tolerance changes nothing', () => {
    const t = run(`kubescene: v1
${NODES}
files:${deployment({ replicas: 2 })}
steps:
  - kubectl: apply -f web.yaml
  - advance: 30s
  - kubectl: autoscale deployment web --min=2 --max=5 --cpu-percent=50
  - load: { target: deployment/web, cpu: [54m] }
  - advance: 60s
`);
    const syncs = t.events.filter((e) => e.summary.startsWith('resync hpa/web')).map((e) => e.t);
    expect(syncs.length).toBe(4);
    for (let i = 1; i < syncs.length; i++) expect(syncs[i]! - syncs[i - 1]!).toBe(15_000);
    expect(syncs.every((s) => t.events.find((e) => e.t === s)!.step === 5)).toBe(true);
    // 54 % against 50 %: ratio 1.08 is within the tolerance.
    expect(kubeEvents(t, 'SuccessfulRescale')).toEqual([]);
    expect(t.events.some((e) => e.summary.startsWith('cpu 54% of request (target 50%)'))).toBe(true);
  });

  it('without samples for fresh pods the HPA reports FailedGetResourceMetric', () => {
    const t = run(`kubescene: v1
${NODES}
files:${deployment({ replicas: 2 })}
steps:
  - kubectl: apply -f web.yaml
  - kubectl: autoscale deployment web --min=2 --max=4 --cpu-percent=50
`);
    expect(kubeEvents(t, 'FailedGetResourceMetric')[0]).toContain('did not receive metrics for targeted pods (pods might be unready)');
  });

  it('without metrics-server (cluster.metricsServer: false) the HPA cannot get metrics and does not scale', () => {
    const t = run(`kubescene: v1
${NODES}  metricsServer: false
files:${deployment({ replicas: 1 })}
steps:
  - kubectl: apply -f web.yaml
  - advance: 30s
  - kubectl: autoscale deployment web --min=1 --max=3 --cpu-percent=50
  - load: { target: deployment/web, cpu: [500m] }
  - advance: 30s
    expect:
      - pods: { selector: app=web, phase: Running, count: 1 }
      - object: hpa/web
        path: status.conditions[1].reason
        equals: FailedGetResourceMetric
`);
    expect(failed(t)).toEqual([]);
    expect(kubeEvents(t, 'FailedGetResourceMetric')[0]).toBe('failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)');
    expect(kubeEvents(t, 'SuccessfulRescale')).toEqual([]);
  });

  it('a new HPA records the current size as its first recommendation (recordInitialRecommendation): an idle workload scales down only after the 5 min stabilization window', () => {
    const idle = (advance: string): string[] =>
      kubeEvents(
        run(`kubescene: v1
${NODES}
files:${deployment({ replicas: 3 })}
steps:
  - kubectl: apply -f web.yaml
  - advance: 30s
  - kubectl: autoscale deployment web --max=5 --cpu-percent=50
  - advance: ${advance}
`),
        'SuccessfulRescale',
      );
    expect(idle('60s')).toEqual([]);
    expect(idle('4m')).toEqual([]);
    expect(idle('6m')).toEqual(['New size: 1; reason: All metrics below target']);
  });

  it('kubectl autoscale errors', () => {
    const t = run(`kubescene: v1
${NODES}
steps:
  - kubectl: autoscale deployment web --min=2
    expect: { exit: 1 }
  - kubectl: autoscale deployment web --max=3
    expect: { exit: 1 }
`);
    expect(t.steps[0]!.error).toBe('error: --max=MAXPODS is required and must be at least 1, max: -1\n');
    expect(t.steps[1]!.error).toBe('Error from server (NotFound): deployments.apps "web" not found\n');
  });
});
