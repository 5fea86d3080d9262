/**
 * The platform scenarios (RBAC, ConfigMaps/Secrets, namespaces, pod vs
 * container, logs/exec, etcd quorum): every expectation holds, and the
 * properties their stories rest on are checked on the trace itself.
 * Their golden traces live with all the others (test/trace/__golden__).
 */
import { describe, expect, it } from 'vitest';
import { simulateOnce } from '../helpers/library.ts';
import { writeTrace } from '../../src/trace/io.ts';
import type { Trace, TraceEvent } from '../../src/trace/types.ts';

export const PLATFORM_SCENARIOS = ['rbac-denied', 'configmap-secret', 'namespaces', 'pod-vs-container', 'kubectl-logs-exec', 'etcd-quorum', 'ha-control-plane', 'gitops-sync'];

const cache = new Map<string, Trace>();
async function traceOf(name: string): Promise<Trace> {
  const hit = cache.get(name);
  if (hit) return hit;
  const t = await simulateOnce(`scenarios/${name}.yaml`);
  cache.set(name, t);
  return t;
}

function stepEvents(t: Trace, n: number): TraceEvent[] {
  return t.events.filter((e) => e.step === n);
}

describe('platform scenarios hold their expectations', () => {
  for (const name of PLATFORM_SCENARIOS) {
    it(name, async () => {
      const t = await traceOf(name);
      expect(t.outcome.expectations.filter((e) => !e.passed)).toEqual([]);
      expect(t.outcome.expectations.length).toBeGreaterThan(3);
    });
  }
});

describe('rbac-denied', () => {
  it('a denied request ends right after authorization: only the 403 follows', async () => {
    const ev = stepEvents(await traceOf('rbac-denied'), 1);
    const denied = ev.findIndex((e) => e.phase === 'authorization' && e.result === 'denied');
    expect(denied).toBeGreaterThan(0);
    expect(ev.slice(denied + 1).map((e) => `${e.type} ${e.status ?? ''}`)).toEqual(['response 403']);
  });
});

describe('configmap-secret', () => {
  it('the secret value appears nowhere in the trace, not even base64-encoded', async () => {
    const text = writeTrace(await traceOf('configmap-secret'));
    expect(text).not.toContain('correct-horse-battery-staple');
    expect(text).not.toContain(Buffer.from('correct-horse-battery-staple').toString('base64'));
    expect(text).toContain('<redacted>');
  });

  it('the kubelet reads the ConfigMap and Secret before it creates the container', async () => {
    const ev = stepEvents(await traceOf('configmap-secret'), 1);
    const get = ev.findIndex((e) => e.from.startsWith('kubelet@') && e.summary.startsWith('GET secrets db-credentials'));
    const create = ev.findIndex((e) => e.from.startsWith('kubelet@') && e.summary === 'CreateContainer nginx');
    expect(get).toBeGreaterThan(0);
    expect(create).toBeGreaterThan(get);
  });
});

describe('pod-vs-container', () => {
  it('one sandbox for three containers; the init container exits before the app containers start', async () => {
    const ev = stepEvents(await traceOf('pod-vs-container'), 1);
    expect(ev.filter((e) => e.summary.startsWith('RunPodSandbox')).length).toBe(1);
    const exited = ev.findIndex((e) => e.action === 'container-exited');
    const nginx = ev.findIndex((e) => e.summary === 'CreateContainer nginx');
    expect(exited).toBeGreaterThan(0);
    expect(nginx).toBeGreaterThan(exited);
  });

  it('localhost traffic stays inside the pod (packets between its containers only)', async () => {
    const packets = stepEvents(await traceOf('pod-vs-container'), 3).filter((e) => e.type === 'packet');
    expect(packets.length).toBe(2);
    for (const p of packets) {
      expect(p.from.startsWith('container:default/web/')).toBe(true);
      expect(p.to.startsWith('container:default/web/')).toBe(true);
    }
  });
});

describe('kubectl-logs-exec', () => {
  it('logs travel kubectl → apiserver → kubelet → runtime and back; etcd is only read (the Pod, a quorum read), never written', async () => {
    const ev = stepEvents(await traceOf('kubectl-logs-exec'), 2).filter((e) => e.type === 'request');
    const hops = ev.map((e) => `${e.from}>${e.to.split('@')[0]}`);
    expect(hops).toContain('kube-apiserver>kubelet');
    expect(hops).toContain('kubelet@worker-1>containerd');
    // kubectl logs GETs the Pod first (to find its container): a quorum read from etcd; the log itself never touches etcd.
    const reads = ev.filter((e) => e.to === 'etcd').map((e) => e.summary.split(' ')[0]);
    expect(reads.length).toBeGreaterThan(0);
    expect(new Set(reads)).toEqual(new Set(['range']));
    expect(ev.some((e) => e.to === 'etcd' && /^(put|delete|txn)\b/.test(e.summary))).toBe(false);
  });
});

describe('ha-control-plane', () => {
  it('the load balancer spreads kubectl requests round-robin and skips a failed API server', async () => {
    const t = await traceOf('ha-control-plane');
    const backends = (n: number) => stepEvents(t, n).filter((e) => e.from === 'apiserver-lb' && e.type === 'request' && e.action === undefined).map((e) => e.to);
    expect(new Set(backends(2))).toEqual(new Set(['apiserver-1', 'apiserver-2', 'apiserver-3']));
    expect(backends(4).concat(backends(5)).every((b) => b !== 'apiserver-2')).toBe(true);
  });

  it('only one instance of each component leads; a standby takes over when the leader’s API server fails', async () => {
    const t = await traceOf('ha-control-plane');
    const leaders = (n: number) => stepEvents(t, n).filter((e) => e.phase === 'leader-election' && e.summary.includes(': leader')).map((e) => e.from);
    expect(leaders(1)).toEqual(['kube-controller-manager', 'kube-scheduler']);
    expect(leaders(6)).toEqual(['kube-controller-manager-3', 'kube-scheduler-3']);
  });
});

describe('gitops-sync', () => {
  it('nothing reaches the API server until the controller polls', async () => {
    const t = await traceOf('gitops-sync');
    expect(stepEvents(t, 1).every((e) => e.from === 'git' || e.from === 'git-repository')).toBe(true);
    const first = stepEvents(t, 2).find((e) => e.from === 'argocd-application-controller')!;
    expect(first.t).toBe(180_000);
  });
});

describe('etcd-quorum', () => {
  it('a write without quorum fails only after etcd’s request timeout', async () => {
    const t = await traceOf('etcd-quorum');
    const s = t.steps[4]!;
    expect(s.exitCode).toBe(1);
    expect(s.endMs - s.startMs).toBeGreaterThanOrEqual(7000);
    const dropped = stepEvents(t, 5).filter((e) => e.action === 'append-entries' && e.result === 'dropped');
    expect(dropped.map((e) => e.to)).toEqual(['etcd-2', 'etcd-3']);
  });
});
