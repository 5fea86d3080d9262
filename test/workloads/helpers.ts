/** Helpers for the workload tests: scenarios from YAML text, and reading a trace's Kubernetes Events in order. */
import { parseScenario } from '../../src/scenario/index.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import { simulate } from '../../src/cluster/index.ts';
import type { Trace } from '../../src/trace/types.ts';

export function scenario(text: string): Scenario {
  const r = parseScenario(text, 'test.yaml', () => undefined);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.start?.line}:${d.start?.column} ${d.message}`).join('\n'));
  return r.value;
}

export function run(text: string, kubernetes?: string): Trace {
  return simulate(scenario(text), kubernetes ? { kubernetes } : {});
}

/**
 * Messages of the Kubernetes Events with `reason`, once per occurrence (an Event repeated N times is one
 * object with count N: client-go's EventCorrelator), in the outcome's order (by each Event's last write).
 */
export function kubeEvents(t: Trace, reason: string): string[] {
  return t.outcome.kubeEvents.filter((e) => e.reason === reason).flatMap((e) => Array<string>(e.count).fill(e.message));
}

/** Simulated time of the first trace event whose summary contains `text`. */
export function timeOf(t: Trace, text: string, from?: string): number | undefined {
  return t.events.find((e) => e.summary.includes(text) && (!from || e.from.startsWith(from)))?.t;
}

export function failed(t: Trace): string[] {
  return t.outcome.expectations.filter((e) => !e.passed).map((e) => `step ${e.step}: ${e.description} → ${e.found}`);
}

/** A Deployment manifest as YAML (indented for `files:`). */
export function deployment(opts: { replicas: number; image?: string; strategy?: string; probe?: boolean; extra?: string }): string {
  return `
  web.yaml:
    apiVersion: apps/v1
    kind: Deployment
    metadata: { name: web }
    spec:
      replicas: ${opts.replicas}
${opts.strategy ? `      strategy: ${opts.strategy}\n` : ''}${opts.extra ?? ''}      selector: { matchLabels: { app: web } }
      template:
        metadata: { labels: { app: web } }
        spec:
          containers:
            - name: nginx
              image: ${opts.image ?? 'nginx:1.27'}
${opts.probe ? '              readinessProbe: { httpGet: { path: /, port: 80 }, initialDelaySeconds: 5 }\n' : ''}              resources: { requests: { cpu: 100m, memory: 64Mi } }
`;
}

export const NODES = `
cluster:
  nodes:
    - { name: worker-1, cpu: "16", memory: 32Gi, images: ["nginx:1.27", "nginx:1.28", "nginx:1.29"] }
    - { name: worker-2, cpu: "16", memory: 32Gi, images: ["nginx:1.27", "nginx:1.28", "nginx:1.29"] }
    - { name: worker-3, cpu: "16", memory: 32Gi, images: ["nginx:1.27", "nginx:1.28", "nginx:1.29"] }
`;
