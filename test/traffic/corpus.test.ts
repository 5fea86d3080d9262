/**
 * The guestbook from ../shared/corpus (frontend + redis) deploys and answers
 * traffic: the frontend Service from the internet (its NodePort, and a cloud
 * load balancer when the Service is switched to type LoadBalancer), and the
 * frontend Pods reach redis-master by its DNS name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/cluster/index.ts';
import { parseScenario } from '../../src/scenario/index.ts';
import type { Trace, TraceEvent } from '../../src/trace/types.ts';

const CORPUS = join(process.cwd(), '..', 'shared', 'corpus');
const ALL_IN_ONE = 'guestbook/guestbook-all-in-one.yaml';

function guestbook(serviceType: 'NodePort' | 'LoadBalancer'): Trace {
  const manifests = readFileSync(join(CORPUS, ALL_IN_ONE), 'utf8').replace(/^(\s*)type: NodePort$/m, `$1type: ${serviceType}`);
  const text = `kubescene: v1
name: guestbook-traffic
seed: 1
cluster:
  nodes:
    - { name: worker-1, cpu: "8", memory: 32Gi }
    - { name: worker-2, cpu: "8", memory: 32Gi }
    - { name: worker-3, cpu: "8", memory: 32Gi }
steps:
  - kubectl: apply -f guestbook.yaml
  - traffic: { from: internet, to: service/frontend, port: 80, count: 3 }
  - traffic: { from: deployment/frontend, to: "redis-master:6379" }
  - traffic: { from: deployment/frontend, to: service/redis-replica, port: 6379 }
`;
  const r = parseScenario(text, 'guestbook-traffic.yaml', (p) => (p === 'guestbook.yaml' ? manifests : undefined));
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return simulate(r.value);
}

function stepEvents(t: Trace, n: number): TraceEvent[] {
  const s = t.steps[n - 1]!;
  return s.events ? t.events.slice(s.events.first, s.events.last + 1) : [];
}

describe.skipIf(!existsSync(join(CORPUS, ALL_IN_ONE)))('guestbook traffic (corpus)', () => {
  const t = guestbook('NodePort');

  it('deploys every Pod', () => {
    expect(t.steps[0]!.exitCode).toBe(0);
    expect(t.outcome.pods.length).toBe(6);
    expect(t.outcome.pods.filter((p) => p.phase !== 'Running')).toEqual([]);
  });

  it('answers the internet through the frontend NodePort', () => {
    expect(t.steps[1]!.exitCode).toBe(0);
    expect(t.steps[1]!.output).toMatch(/^3 requests: 3 answered, 0 failed\n/);
    expect(t.steps[1]!.output).toContain('default/frontend-');
    const ev = stepEvents(t, 2);
    expect(ev.some((e) => e.from === 'internet' && e.to.startsWith('kube-proxy@') && /DNAT 192\.168\.\d+\.\d+:3\d{4} → 10\.244\./.test(e.summary))).toBe(true);
    expect(ev.filter((e) => e.to === 'internet' && e.status === 200).length).toBe(3);
  });

  it('lets a frontend Pod reach redis-master by its DNS name', () => {
    expect(t.steps[2]!.exitCode).toBe(0);
    expect(t.steps[2]!.output).toContain('answered by default/redis-master-');
    const ev = stepEvents(t, 3);
    expect(ev[0]!.summary).toBe('DNS A? redis-master.default.svc.cluster.local.');
    expect(ev.some((e) => e.to.startsWith('kube-proxy@') && e.attrs?.service === 'default/redis-master')).toBe(true);
    expect(ev.some((e) => e.type === 'packet' && e.summary === 'reply (from ' + String(ev.find((x) => x.to.startsWith('kube-proxy@'))?.attrs?.dstIP) + ':6379)')).toBe(true);
  });

  it('spreads redis-replica connections to a replica', () => {
    expect(t.steps[3]!.output).toContain('answered by default/redis-replica-');
  });

  it('answers through a cloud load balancer when the Service is type LoadBalancer', () => {
    const lb = guestbook('LoadBalancer');
    expect(lb.steps[1]!.exitCode).toBe(0);
    const ev = stepEvents(lb, 2);
    expect(ev.filter((e) => e.from === 'internet' && e.to === 'cloud-lb:default/frontend').length).toBe(3);
    expect(ev.filter((e) => e.from === 'cloud-lb:default/frontend' && e.to === 'internet' && e.status === 200).length).toBe(3);
    expect(lb.outcome.kubeEvents.some((k) => k.reason === 'EnsuredLoadBalancer' && k.object.includes('frontend'))).toBe(true);
  });
});
