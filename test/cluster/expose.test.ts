import { describe, expect, it } from 'vitest';
import { trace } from './helpers.ts';

const NODES = `cluster:\n  nodes:\n    - { name: worker-1, cpu: "8", memory: 16Gi, images: ["nginx:1.27"] }\n`;
const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, labels: { app: web } }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: nginx, image: "nginx:1.27", ports: [{ containerPort: 8080 }] }] }
`;

function run(commands: string[]) {
  // Each command is looked at on its own: a failing one does not stop the run.
  const steps = commands.map((c) => `  - kubectl: ${JSON.stringify(c)}\n    continueOnError: true\n`).join('');
  return trace(`kubescene: v1\nname: t\n${NODES}steps:\n${steps}`, { 'web.yaml': WEB });
}

describe('kubectl expose', () => {
  it('creates a Service with the Deployment selector, introspecting the container port', () => {
    const t = run(['apply -f web.yaml', 'expose deployment web --type=NodePort', 'get svc web -o jsonpath={.spec.selector.app}']);
    expect(t.steps[1]!.output).toBe('service/web exposed\n');
    expect(t.steps[1]!.exitCode).toBe(0);
    const svc = t.outcome.objects.find((o) => o.kind === 'Service' && o.name === 'web');
    expect(svc).toBeDefined();
    const post = t.events.find((e) => e.step === 2 && e.method === 'POST');
    expect(post?.path).toBe('/api/v1/namespaces/default/services');
  });

  it('uses --port and --target-port, and prints kubectl errors', () => {
    const t = run(['apply -f web.yaml', 'expose deploy/web --port=80 --target-port=8080 --name=front', 'expose deployment nope --port=80', 'expose configmap x --port=1']);
    expect(t.steps[1]!.output).toBe('service/front exposed\n');
    expect(t.steps[2]!.error).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect(t.steps[2]!.exitCode).toBe(1);
    expect(t.steps[3]!.error).toBe('error: cannot expose a configmap\n');
  });
});
