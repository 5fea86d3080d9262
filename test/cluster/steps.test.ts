import { describe, expect, it } from 'vitest';
import { trace } from './helpers.ts';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: nginx, image: "nginx:1.27" }] }
`;

describe('non-kubectl steps', () => {
  it('wait, advance and etcd faults', () => {
    const t = trace(
      `kubescene: v1
name: t
cluster:
  controlPlane: { etcd: 3 }
  nodes:
    - { name: worker-1, cpu: "4", memory: 8Gi }
steps:
  - kubectl: apply -f web.yaml
  - wait: { for: condition=Available, object: deployment/web, timeout: 2m }
  - advance: 30s
  - fault: { etcd: etcd-2, action: down }
  - fault: { etcd: etcd-3, action: down }
  - kubectl: scale deployment/web --replicas=3
    expect: { exit: 1 }
  - fault: { etcd: etcd-3, action: up }
  - kubectl: scale deployment/web --replicas=3
`,
      { 'web.yaml': WEB },
    );
    const [apply, wait, advance, down2, down3, scaleFail, up3, scaleOk] = t.steps;
    expect(apply!.exitCode).toBe(0);
    expect(wait).toMatchObject({ kind: 'wait', output: 'deployment.apps/web condition met\n', exitCode: 0 });
    expect(advance!.endMs - advance!.startMs).toBe(30_000);
    expect(down2!.events).not.toBeNull();
    expect(t.events[down3!.events!.first]!.summary).toBe('etcd member etcd-3 down; quorum lost');
    expect(scaleFail!.exitCode).toBe(1);
    expect(scaleFail!.error).toBe('Error from server: etcdserver: request timed out\n');
    expect(t.events.some((e) => e.step === scaleFail!.number && e.phase === 'quorum' && e.result === 'unavailable')).toBe(true);
    expect(up3!.exitCode).toBeUndefined();
    // D105: the quorum was lost at etcd-3's failure; its return regains it (it was not "kept").
    expect(t.events[up3!.events!.first]!.summary).toBe('etcd member etcd-3 up; quorum regained');
    expect(scaleOk).toMatchObject({ exitCode: 0, output: 'deployment.apps/web scaled\n' });
    expect(t.outcome.pods.filter((p) => p.phase === 'Running')).toHaveLength(3);
    expect(t.components.filter((c) => c.kind === 'etcd').map((c) => c.id)).toEqual(['etcd-1', 'etcd-2', 'etcd-3']);
  });

  it('a wait that times out', () => {
    const t = trace(`kubescene: v1
name: t
steps:
  - wait: { for: delete, object: namespace/default, timeout: 10s }
    continueOnError: true
  - wait: { for: condition=Available, object: deployment/nope, timeout: 10s }
`);
    expect(t.steps[0]).toMatchObject({ exitCode: 1, error: 'error: timed out waiting for the condition on namespaces/default\n' });
    expect(t.steps[0]!.endMs - t.steps[0]!.startMs).toBeGreaterThanOrEqual(10_000);
    // A wait step is kubectl wait: a named object that does not exist is kubectl's NotFound, at once.
    expect(t.steps[1]).toMatchObject({ exitCode: 1, error: 'Error from server (NotFound): deployments.apps "nope" not found\n' });
    const watch = t.events.find((e) => e.step === 1 && e.type === 'request' && e.verb === 'watch' && e.from === 'kubectl');
    expect(watch?.path).toMatch(/^\/api\/v1\/namespaces\?fieldSelector=metadata.name%3Ddefault&resourceVersion=\d+&watch=true$/);
  });
});
