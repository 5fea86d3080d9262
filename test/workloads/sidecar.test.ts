/**
 * Sidecar containers (KEP-753, SidecarContainers on by default since 1.29):
 * init containers with `restartPolicy: Always`, as the kubelet runs them
 * (pkg/kubelet/kuberuntime/kuberuntime_manager.go computeInitContainerActions,
 * computePodActions; pkg/kubelet/kubelet_pods.go getPhase), as kubectl prints
 * them (pkg/printers/internalversion/printers.go printPod), and a container
 * `restartPolicy` where the API server forbids it
 * (pkg/apis/core/validation/validation.go validateContainers,
 * validateInitContainers).
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/index.ts';
import { resourceForKind } from '../../src/cluster/core/resources.ts';
import { call, cluster } from '../cluster/helpers.ts';

const POD = resourceForKind('Pod')!;

function loadErrors(pod: string): string[] {
  const text = `kubescene: v1
name: rp
seed: 0
cluster:
  nodes:
    - { name: worker-1, images: ["nginx:1.27", "busybox:1.36"] }
files:
  pod.yaml:
    - apiVersion: v1
      kind: Pod
      metadata: { name: p }
      spec:
${pod}
steps:
  - kubectl: apply -f pod.yaml
`;
  const r = parseScenario(text, 'test.yaml', () => undefined);
  const diags = r.ok ? r.warnings : r.diagnostics;
  return diags.filter((d) => d.severity === 'error').map((d) => `${d.start?.line}:${d.start?.column} ${d.code} ${d.message}`);
}

describe('a container restartPolicy the API server rejects (validateContainers, validateInitContainers)', () => {
  it.each([
    ['app container: Forbidden', '        containers: [{ name: app, image: "nginx:1.27", restartPolicy: Always }]', ['13:71 invalid-manifest Pod "p": spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers']],
    ['init container Never: Unsupported value', '        initContainers: [{ name: setup, image: "busybox:1.36", restartPolicy: Never }]\n        containers: [{ name: app, image: "nginx:1.27" }]', ['13:79 invalid-manifest Pod "p": spec.initContainers[0].restartPolicy: Unsupported value: "Never": supported values: "Always"']],
    ['init container Always: a sidecar, accepted', '        initContainers: [{ name: proxy, image: "busybox:1.36", restartPolicy: Always }]\n        containers: [{ name: app, image: "nginx:1.27" }]', []],
  ])('%s: located at validate', (_name, pod, want) => {
    expect(loadErrors(pod)).toEqual(want);
  });

  it.each([
    ['app container', { containers: [{ name: 'app', image: 'nginx:1.27', restartPolicy: 'Always' }] }, 'Pod "p" is invalid: spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers'],
    ['init container Never', { initContainers: [{ name: 'setup', image: 'busybox:1.36', restartPolicy: 'Never' }], containers: [{ name: 'app', image: 'nginx:1.27' }] }, 'Pod "p" is invalid: spec.initContainers[0].restartPolicy: Unsupported value: "Never": supported values: "Always"'],
  ])('%s: 422 from the API server', (_name, spec, message) => {
    const c = cluster();
    const res = call(c, { verb: 'create', resource: POD, namespace: 'default', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec } });
    expect(res.status).toBe(422);
    expect(res.message).toBe(message);
  });
});
