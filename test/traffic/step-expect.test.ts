import { describe, expect, it } from 'vitest';
import { trace } from '../cluster/helpers.ts';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: nginx, image: "nginx:1.27", ports: [{ containerPort: 80 }] }] }
`;

function run(trafficExpect: string) {
  return trace(
    `kubescene: v1
name: t
steps:
  - kubectl: apply -f web.yaml
  - kubectl: expose deployment web --port=80
  - traffic: { from: deployment/web, to: service/web, port: 80 }
    expect: { exit: 0, output: "HTTP/1.1 200 OK" }
  - traffic: { from: deployment/web, to: service/nope, port: 80 }
    expect: ${trafficExpect}
`,
    { 'web.yaml': WEB },
  );
}

describe('expect on traffic steps', () => {
  it('asserts the curl-like exit code and output of a request', () => {
    const t = run('{ exit: 6, output: "Could not resolve host" }');
    expect(t.steps[2]!.expectations.map((e) => e.passed)).toEqual([true, true]);
    expect(t.steps[3]!.exitCode).toBe(6);
    expect(t.outcome.passed).toBe(true);
  });

  it('fails with what was found when the traffic result differs', () => {
    const t = run('{ exit: 0 }');
    const failed = t.steps[3]!.expectations.find((e) => !e.passed);
    expect(failed?.found).toBe('exit code 6');
    expect(t.outcome.passed).toBe(false);
  });
});
