/**
 * kubelet verifyRunAsNonRoot (pkg/kubelet/kuberuntime/security_context_others.go):
 * runAsNonRoot: true with runAsUser: 0 → CreateContainerConfigError
 * "container's runAsUser breaks non-root policy (pod: ..., container: ...)".
 */
import { describe, expect, it } from 'vitest';
import { kubeEvents, run } from './helpers.ts';

const pod = (sc: string) => `kubescene: v1
name: nonroot
seed: 0
cluster:
  kubernetes: "1.31"
  nodes:
    - { name: worker-1, images: ["nginx:1.27"] }
files:
  pod.yaml:
    - apiVersion: v1
      kind: Pod
      metadata: { name: p }
      spec:
        securityContext: { runAsNonRoot: true }
        containers: [{ name: app, image: "nginx:1.27", securityContext: ${sc} }]
steps:
  - kubectl: apply -f pod.yaml
  - advance: 5s
  - kubectl: get pod p
`;

describe('runAsNonRoot with runAsUser 0', () => {
  it('the container is refused with the kubelet\'s message; the pod stays Pending', () => {
    const t = run(pod('{ runAsUser: 0 }'));
    const failedEv = kubeEvents(t, 'Failed');
    expect(failedEv.length).toBeGreaterThan(0);
    expect(failedEv[0]).toMatch(/^Error: container's runAsUser breaks non-root policy \(pod: "p_default\([0-9a-f-]+\)", container: app\)$/);
    const out = t.steps.filter((s) => s.kind === 'kubectl').at(-1)?.output ?? '';
    expect(out).toMatch(/p +0\/1 +CreateContainerConfigError/);
  });

  it('a non-zero runAsUser runs', () => {
    const t = run(pod('{ runAsUser: 1000 }'));
    expect(kubeEvents(t, 'Failed')).toEqual([]);
    const out = t.steps.filter((s) => s.kind === 'kubectl').at(-1)?.output ?? '';
    expect(out).toMatch(/p +1\/1 +Running/);
  });
});

describe('initContainers[].restartPolicy other than Always', () => {
  it('is a 422 from the API server (validateInitContainerRestartPolicy)', () => {
    const t = run(`kubescene: v1
name: rp
seed: 0
cluster:
  kubernetes: "1.31"
  nodes:
    - { name: worker-1, images: ["nginx:1.27"] }
files:
  pod.yaml:
    - apiVersion: v1
      kind: Pod
      metadata: { name: p }
      spec:
        initContainers: [{ name: setup, image: "nginx:1.27", restartPolicy: Never }]
        containers: [{ name: app, image: "nginx:1.27" }]
steps:
  - kubectl: apply -f pod.yaml
    expect:
      - exit: 1
`);
    expect(t.steps[0]!.error).toContain('Pod "p" is invalid: spec.initContainers[0].restartPolicy: Unsupported value: "Never": supported values: "Always"');
  });
});
