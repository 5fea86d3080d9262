/**
 * gRPC probes (pkg/probe/grpc/grpc.go Probe): the kubelet dials
 * `podIP:port` with grpc.WithBlock, so a refused connection is retried until
 * the probe's timeoutSeconds and fails with "timeout: failed to connect
 * service %q within %v: %+v" (context.DeadlineExceeded). On a port the
 * container serves, the model takes the health RPC to answer SERVING
 * ("service healthy"), as httpGet and tcpSocket probes succeed on a declared
 * port: the trace's probe note says so, and the loader gives no per-field
 * warning (a real app such as microservices-demo uses grpc probes throughout).
 */
import { describe, expect, it } from 'vitest';
import { containerRun } from '../../src/common/container-script.ts';
import { describeProbe, probeResult } from '../../src/cluster/components/kubelet/prober.ts';
import { parseScenario } from '../../src/scenario/index.ts';
import { failed, kubeEvents, run } from './helpers.ts';

describe('probeResult of a grpc probe', () => {
  const server = { name: 'etcd', image: 'registry.k8s.io/etcd:3.5.15-0', ports: [{ containerPort: 2379, name: 'client' }] };
  const r = containerRun(undefined, undefined);
  it.each([
    [server, { grpc: { port: 2379 } }, '10.244.1.5', true, 'service healthy'],
    [server, { grpc: { port: 2380 } }, '10.244.1.5', false, 'timeout: failed to connect service "10.244.1.5:2380" within 1s: context deadline exceeded'],
    [server, { grpc: { port: 2380 }, timeoutSeconds: 90 }, '10.244.1.5', false, 'timeout: failed to connect service "10.244.1.5:2380" within 1m30s: context deadline exceeded'],
    // net.JoinHostPort brackets an IPv6 address.
    [server, { grpc: { port: 9000, service: 'liveness' } }, 'fd00:10:244::5', false, 'timeout: failed to connect service "[fd00:10:244::5]:9000" within 1s: context deadline exceeded'],
    // Nothing declared: the model cannot know, the probe passes (as for tcpSocket).
    [{ name: 'app', image: 'example/app:1' }, { grpc: { port: 9000 } }, '10.244.1.5', true, 'service healthy'],
  ])('%j probed with %j at %s → %s', (c, p, ip, ok, output) => {
    expect(probeResult(c, p, r, ip, 1000)).toEqual({ ok, output });
  });

  it('is described as gRPC :port', () => {
    expect(describeProbe({ grpc: { port: 2379 } })).toBe('gRPC :2379');
  });
});

const SCENARIO = (port: number): string => `kubescene: v1
name: grpc-probe
seed: 0
cluster:
  kubernetes: "1.31"
  nodes:
    - { name: worker-1, images: ["nginx:1.27"] }
files:
  pod.yaml:
    - apiVersion: v1
      kind: Pod
      metadata: { name: api }
      spec:
        containers:
          - name: api
            image: nginx:1.27
            ports: [{ containerPort: 80 }]
            livenessProbe:
              grpc: { port: ${port} }
              periodSeconds: 5
steps:
  - kubectl: apply -f pod.yaml
  - advance: 30s
`;

describe('a grpc liveness probe in a running cluster', () => {
  it('on a port the container does not serve: Unhealthy three times, then Killing', () => {
    const t = run(SCENARIO(9000));
    expect(failed(t)).toEqual([]);
    const unhealthy = kubeEvents(t, 'Unhealthy');
    expect(unhealthy.length).toBeGreaterThanOrEqual(3);
    expect(unhealthy[0]).toMatch(/^Liveness probe failed: timeout: failed to connect service "10\.244\.[0-9.]+:9000" within 1s: context deadline exceeded$/);
    expect(kubeEvents(t, 'Killing')).toContain('Container api failed liveness probe, will be restarted');
  });

  it('on a served port: no Unhealthy event; the probe note lists grpc and no field warning is given', () => {
    const text = SCENARIO(80);
    const t = run(text);
    expect(kubeEvents(t, 'Unhealthy')).toEqual([]);
    expect(kubeEvents(t, 'Killing')).toEqual([]);
    expect(t.simplifications.some((s) => s.includes('httpGet, tcpSocket and grpc probes succeed on the ports a container declares'))).toBe(true);
    const parsed = parseScenario(text, 'test.yaml', () => undefined);
    const warnings = parsed.ok ? parsed.warnings : parsed.diagnostics;
    expect(warnings.filter((d) => d.code === 'ignored-field').map((d) => `${d.start?.line}:${d.start?.column} ${d.message}`)).toEqual([]);
  });
});
