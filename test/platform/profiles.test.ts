/** Kubernetes profiles 1.23 vs 1.31: the runtime path and the scheduler's message differ; `--kubernetes` overrides the scenario. */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/cluster/index.ts';
import { failedSchedulingForProfile, profileOf } from '../../src/cluster/core/profiles.ts';
import { scenario } from '../cluster/helpers.ts';

const TEXT = `kubescene: v1
name: p
cluster:
  kubernetes: "1.31"
  nodes: [{ name: worker-1, cpu: "1", memory: 1Gi, images: ["nginx:1.27"] }]
files:
  big.yaml:
    apiVersion: v1
    kind: Pod
    metadata: { name: big }
    spec: { containers: [{ name: app, image: "nginx:1.27", resources: { requests: { cpu: "8" } } }] }
  small.yaml:
    apiVersion: v1
    kind: Pod
    metadata: { name: small }
    spec: { containers: [{ name: app, image: "nginx:1.27" }] }
steps:
  - kubectl: apply -f small.yaml
  - kubectl: apply -f big.yaml
`;

describe('Kubernetes profiles', () => {
  const s = scenario(TEXT);
  const t31 = simulate(s);
  const t23 = simulate(s, { kubernetes: '1.23' });

  it('--kubernetes overrides the scenario’s profile', () => {
    expect(t31.header.kubernetes).toBe('1.31');
    expect(t23.header.kubernetes).toBe('1.23');
  });

  it('1.23: kubelet → dockershim → Docker Engine; 1.31: kubelet → containerd over CRI', () => {
    const hops = (t: typeof t31) => t.events.filter((e) => e.step === 1 && e.type === 'request' && (e.summary.startsWith('RunPodSandbox') || e.summary.includes('(pause)'))).map((e) => `${e.from}>${e.to}`);
    expect(hops(t31)).toEqual(['kubelet@worker-1>containerd@worker-1']);
    expect(hops(t23)).toEqual(['kubelet@worker-1>dockershim@worker-1', 'dockershim@worker-1>docker@worker-1']);
    expect(t23.components.some((c) => c.kind === 'dockershim')).toBe(true);
    expect(t31.components.some((c) => c.kind === 'dockershim')).toBe(false);
  });

  it('FailedScheduling carries the preemption diagnosis only from 1.24 on', () => {
    const ev23 = t23.outcome.kubeEvents.find((e) => e.reason === 'FailedScheduling');
    const ev31 = t31.outcome.kubeEvents.find((e) => e.reason === 'FailedScheduling');
    expect(ev31?.message).toContain(' preemption: ');
    expect(ev23?.message).toBe('0/1 nodes are available: 1 Insufficient cpu.');
  });

  it('profile facts', () => {
    expect(profileOf('1.23')).toMatchObject({ minor: 23, dockershim: true, podSecurityPolicy: true, preemptionMessage: false });
    expect(profileOf('1.31')).toMatchObject({ minor: 31, dockershim: false, podSecurityPolicy: false, preemptionMessage: true });
    expect(failedSchedulingForProfile('0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.', '1.23')).toBe('0/3 nodes are available: 3 Insufficient cpu.');
  });
});
