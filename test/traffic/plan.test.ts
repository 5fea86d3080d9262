/** Traffic planning details: target parsing, what the sender sees, proxy modes, load-balancing split, failures. */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/cluster/index.ts';
import { report } from '../../src/cluster/steps/traffic/index.ts';
import { resolveTarget } from '../../src/cluster/steps/traffic/resolve.ts';
import type { TrafficStep } from '../../src/scenario/types.ts';
import type { Trace, TraceEvent } from '../../src/trace/types.ts';
import { scenario } from '../cluster/helpers.ts';
import { loadNetScenario } from './helpers.ts';

function step(to: string, extra: Partial<TrafficStep> = {}): TrafficStep {
  return { type: 'traffic', number: 1, title: '', pos: { line: 1, column: 1 }, expect: [], from: 'internet', to, count: 1, ...extra } as TrafficStep;
}

function stepEvents(t: Trace, n: number): TraceEvent[] {
  const s = t.steps[n - 1]!;
  return s.events ? t.events.slice(s.events.first, s.events.last + 1) : [];
}

describe('resolveTarget', () => {
  it.each([
    ['service/web', { kind: 'service', namespace: 'default', name: 'web', path: '/' }],
    ['svc/web:8080', { kind: 'service', namespace: 'default', name: 'web', port: 8080, path: '/' }],
    ['ingress/shop', { kind: 'ingress', namespace: 'default', name: 'shop', path: '/', port: 80 }],
    ['pod/db-0', { kind: 'pod', namespace: 'default', name: 'db-0', path: '/' }],
    ['https://Example.com', { kind: 'host', host: 'example.com', port: 443, path: '/', scheme: 'https' }],
    ['http://web:8080/healthz', { kind: 'host', host: 'web', port: 8080, path: '/healthz', scheme: 'http' }],
    ['93.184.215.14:443', { kind: 'host', host: '93.184.215.14', port: 443, path: '/' }],
    ['redis-master', { kind: 'host', host: 'redis-master', path: '/' }],
  ])('%s', (to, want) => {
    expect(resolveTarget(step(to))).toEqual({ ok: true, value: want });
  });

  it('rejects what it cannot read', () => {
    expect(resolveTarget(step('a b')).ok).toBe(false);
  });
});

describe('report (what curl prints)', () => {
  it('one answered request', () => {
    expect(report([{ kind: 'answered', status: 200, by: 'default/web-1', byIp: '10.244.1.2', node: 'worker-1' }])).toEqual({
      stdout: 'HTTP/1.1 200 OK\nanswered by default/web-1 (10.244.1.2) on worker-1\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('failures carry curl exit codes', () => {
    expect(report([{ kind: 'dropped', where: 'cni@worker-2', reason: 'x' }]).exitCode).toBe(28);
    expect(report([{ kind: 'refused', reason: 'x' }]).exitCode).toBe(7);
    expect(report([{ kind: 'unresolved', name: 'nope' }]).stderr).toBe('curl: (6) Could not resolve host: nope\n');
  });

  it('many requests are tallied by backend', () => {
    const r = report([
      { kind: 'answered', status: 200, by: 'default/b', byIp: '' },
      { kind: 'answered', status: 200, by: 'default/a', byIp: '' },
      { kind: 'answered', status: 200, by: 'default/b', byIp: '' },
      { kind: 'refused', reason: 'no endpoints' },
    ]);
    expect(r.stdout).toBe('4 requests: 3 answered, 1 failed\n     1  default/a\n     2  default/b\n     1  curl: (7) Failed to connect: Connection refused: no endpoints\n');
    expect(r.exitCode).toBe(1);
  });
});

describe.each(['iptables', 'ipvs', 'nftables'] as const)('proxy mode %s', (mode) => {
  const t = simulate(loadNetScenario('service-clusterip', (s) => s.replace('proxyMode: iptables', `proxyMode: ${mode}`)));

  it('kube-proxy programs its mode, with the full rules only in the first sync of a step per node', () => {
    const syncs = t.events.filter((e) => e.action === `program-${mode}`);
    expect(syncs.length).toBeGreaterThan(2);
    expect(t.events.some((e) => e.action?.startsWith('program-') && e.action !== `program-${mode}`)).toBe(false);
    const withDetail = syncs.filter((e) => e.detail !== undefined).map((e) => `${e.step}|${e.from}`);
    expect(new Set(withDetail).size).toBe(withDetail.length);
    expect(syncs.every((e) => e.attrs?.mode === mode && typeof e.attrs?.linesAdded === 'number')).toBe(true);
  });

  it('the request is DNATed to a web Pod and answered', () => {
    const ev = stepEvents(t, 4);
    const dnat = ev.find((e) => e.to.startsWith('kube-proxy@'))!;
    expect(dnat.summary).toMatch(/^DNAT 10\.\d+\.\d+\.\d+:80 → 10\.244\.\d+\.\d+:80/);
    expect(dnat.attrs?.mode).toBe(mode);
    expect(String(dnat.attrs?.backend)).toMatch(/^web-/);
    expect(t.steps[3]!.exitCode).toBe(0);
  });
});

describe('canary split follows the ready endpoints', () => {
  const t = simulate(loadNetScenario('canary-release', (s) => s.replaceAll('count: 20', 'count: 200')));
  const canaryShare = (n: number): number => {
    const delivered = stepEvents(t, n).filter((e) => e.type === 'packet' && e.summary.startsWith('deliver to web-'));
    expect(delivered.length).toBe(200);
    return delivered.filter((e) => e.summary.startsWith('deliver to web-canary-')).length / delivered.length;
  };

  it('1 canary of 4 endpoints gets about a quarter', () => {
    expect(canaryShare(4)).toBeGreaterThan(0.17);
    expect(canaryShare(4)).toBeLessThan(0.33);
  });

  it('3 canaries of 6 endpoints get about half', () => {
    expect(canaryShare(7)).toBeGreaterThan(0.4);
    expect(canaryShare(7)).toBeLessThan(0.6);
  });
});

const BASE = `kubescene: v1
name: t
cluster:
  nodes:
    - { name: worker-1, images: ["nginx:1.27"] }
    - { name: worker-2, images: ["nginx:1.27"] }
files:
  app.yaml:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web }
      spec:
        replicas: 1
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec: { containers: [{ name: nginx, image: "nginx:1.27", ports: [{ containerPort: 80 }] }] }
    - apiVersion: v1
      kind: Service
      metadata: { name: web }
      spec: { type: LoadBalancer, externalTrafficPolicy: Local, selector: { app: web }, ports: [{ port: 80 }] }
    - apiVersion: v1
      kind: Service
      metadata: { name: nobody }
      spec: { selector: { app: nobody }, ports: [{ port: 80 }] }
    - apiVersion: v1
      kind: Pod
      metadata: { name: client }
      spec: { containers: [{ name: c, image: "nginx:1.27" }] }
steps:
  - kubectl: apply -f app.yaml
  - traffic: { from: internet, to: service/web, port: 80, count: 4 }
  - traffic: { from: pod/client, to: service/nobody, port: 80 }
    continueOnError: true
  - traffic: { from: pod/client, to: no-such-service }
    continueOnError: true
  - traffic: { from: pod/ghost, to: service/web }
    continueOnError: true
  - traffic: { from: worker-2, to: service/web, port: 80 }
  - traffic: { from: internet, to: pod/client, port: 80 }
    continueOnError: true
  - traffic: { from: internet, to: "192.168.0.10:31000" }
    continueOnError: true
  - kubectl: delete service web
`;

describe('edge cases', () => {
  const t = simulate(scenario(BASE));

  it('externalTrafficPolicy Local: the load balancer only targets the node with the Pod, and the client IP is preserved', () => {
    const ev = stepEvents(t, 2);
    const podNode = t.outcome.pods.find((p) => p.name.startsWith('web-'))!.node!;
    const toNodes = new Set(ev.filter((e) => e.from === 'cloud-lb:default/web' && e.to.startsWith('kube-proxy@')).map((e) => e.to));
    expect([...toNodes]).toEqual([`kube-proxy@${podNode}`]);
    const delivered = ev.filter((e) => e.summary.startsWith('deliver to web-'));
    expect(delivered.length).toBe(4);
    expect(delivered.every((e) => e.attrs?.srcIP === '192.0.2.10')).toBe(true);
  });

  it('a Service without endpoints is rejected by kube-proxy (connection refused)', () => {
    expect(t.steps[2]!.exitCode).toBe(7);
    const reject = stepEvents(t, 3).find((e) => e.to.startsWith('kube-proxy@'))!;
    expect(reject.summary).toMatch(/^REJECT .*default\/nobody has no endpoints/);
    expect(reject.result).toBe('error');
  });

  it('an unknown name is NXDOMAIN after the whole search path', () => {
    expect(t.steps[3]!.exitCode).toBe(6);
    const queries = stepEvents(t, 4).filter((e) => e.to === 'coredns').map((e) => e.summary);
    expect(queries).toEqual([
      'DNS A? no-such-service.default.svc.cluster.local.',
      'DNS A? no-such-service.svc.cluster.local.',
      'DNS A? no-such-service.cluster.local.',
      'DNS A? no-such-service.',
    ]);
  });

  it('an unknown sender is an error, not a fake', () => {
    expect(t.steps[4]!.exitCode).toBe(1);
    expect(t.steps[4]!.error).toContain('pod "ghost" not found');
    expect(t.steps[4]!.events).toBeNull();
  });

  it('a node calls the ClusterIP without DNS', () => {
    expect(t.steps[5]!.exitCode).toBe(0);
    const ev = stepEvents(t, 6);
    expect(ev.some((e) => e.to === 'coredns')).toBe(false);
    expect(ev[0]!.from).toBe('cni@worker-2');
    expect(ev[0]!.to).toBe('kube-proxy@worker-2');
  });

  it('the internet has no route to a Pod address', () => {
    expect(t.steps[6]!.exitCode).toBe(28);
    expect(stepEvents(t, 7).map((e) => e.result)).toEqual(['dropped']);
  });

  it('deleting a LoadBalancer Service deletes its cloud load balancer', () => {
    const ev = stepEvents(t, 9);
    expect(ev.some((e) => e.from === 'cloud-controller-manager' && e.action === 'delete-load-balancer')).toBe(true);
    expect(t.outcome.kubeEvents.map((k) => k.reason)).toEqual(expect.arrayContaining(['EnsuringLoadBalancer', 'EnsuredLoadBalancer', 'DeletingLoadBalancer', 'DeletedLoadBalancer']));
  });

  it('a node address from the internet: a port without a NodePort is refused', () => {
    const ev = stepEvents(t, 8);
    expect(ev[0]!.from).toBe('internet');
    expect(ev[0]!.to).toBe('kube-proxy@worker-1');
    expect(ev[0]!.result).toBe('error');
    expect(ev[0]!.summary).toBe('no NodePort 31000 on worker-1: TCP RST');
    expect(t.steps[7]!.exitCode).toBe(7);
  });
});
