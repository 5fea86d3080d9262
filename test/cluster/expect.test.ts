import { describe, expect, it } from 'vitest';
import { componentMatches, valueAt } from '../../src/cluster/steps/expect.ts';
import type { Component } from '../../src/trace/types.ts';

describe('expectation helpers', () => {
  it('valueAt: dots, [i] and quoted keys', () => {
    const o = { status: { conditions: [{ type: 'Available' }, { type: 'Progressing' }] }, metadata: { labels: { 'app.kubernetes.io/name': 'web' } } };
    expect(valueAt(o, 'status.conditions[1].type')).toBe('Progressing');
    expect(valueAt(o, 'metadata.labels["app.kubernetes.io/name"]')).toBe('web');
    expect(valueAt(o, 'status.missing.deeper')).toBeUndefined();
  });

  it('componentMatches: id, kind, name, or <name>@<host>', () => {
    const cs = new Map<string, Component>([
      ['kubelet@worker-1', { id: 'kubelet@worker-1', kind: 'kubelet', name: 'kubelet', host: 'worker-1', group: 'node' }],
      ['etcd-1', { id: 'etcd-1', kind: 'etcd', name: 'etcd-1', host: 'control-plane', group: 'control-plane' }],
      ['apiserver-2', { id: 'apiserver-2', kind: 'apiserver', name: 'apiserver-2', host: 'control-plane', group: 'control-plane' }],
    ]);
    expect(componentMatches('kubelet', 'kubelet@worker-1', cs)).toBe(true);
    expect(componentMatches('kubelet@worker-1', 'kubelet@worker-1', cs)).toBe(true);
    expect(componentMatches('kubelet@worker-2', 'kubelet@worker-1', cs)).toBe(false);
    expect(componentMatches('etcd', 'etcd-1', cs)).toBe(true);
    expect(componentMatches('kube-apiserver', 'apiserver-2', cs)).toBe(true);
    expect(componentMatches('kube-scheduler', 'etcd-1', cs)).toBe(false);
  });
});
