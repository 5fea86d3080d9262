import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/cluster/index.ts';
import { scenario } from './helpers.ts';

const TEXT = `kubescene: v1
name: t
cluster:
  nodes: [{ name: worker-1, cpu: "4", memory: 8Gi }]
steps:
  - kubectl: create deployment web --image=nginx:1.27
`;

describe('behaviour profiles', () => {
  it('1.31: kubelet → containerd over CRI; the new Pulled wording', () => {
    const t = simulate(scenario(TEXT));
    expect(t.header.kubernetes).toBe('1.31');
    expect(t.events.some((e) => e.from === 'kubelet@worker-1' && e.to === 'containerd@worker-1' && e.action === 'start-container')).toBe(true);
    expect(t.outcome.kubeEvents.find((e) => e.reason === 'Pulled')!.message).toMatch(/^Successfully pulled image "nginx:1\.27" in [\d.]+m?s \([\d.]+m?s including waiting\)\. Image size: \d+ bytes\.$/);
  });

  it('1.23: CRI through dockershim to Docker Engine; the old wording', () => {
    const t = simulate(scenario(TEXT), { kubernetes: '1.23' });
    expect(t.header.kubernetes).toBe('1.23');
    const kinds = new Map(t.components.map((c) => [c.id, c.kind]));
    expect(kinds.get('dockershim@worker-1')).toBe('dockershim');
    expect(kinds.get('docker@worker-1')).toBe('docker-engine');
    expect(kinds.has('containerd@worker-1')).toBe(false);
    const start = t.events.find((e) => e.from === 'dockershim@worker-1' && e.action === 'start-container')!;
    expect(start.summary).toBe('POST /containers/{id}/start');
    expect(t.outcome.kubeEvents.find((e) => e.reason === 'Pulled')!.message).toMatch(/^Successfully pulled image "nginx:1\.27" in [\d.]+m?s$/);
    expect(t.outcome.kubeEvents.find((e) => e.reason === 'ScalingReplicaSet')!.message).toMatch(/^Scaled up replica set web-\w+ to 1$/);
  });
});
