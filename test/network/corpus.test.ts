/**
 * End to end over real manifests (shared/corpus): the microservices-demo and
 * guestbook Services and Deployments get addresses, EndpointSlices, kube-proxy
 * rules, DNS names and routes — the path the simulation will take.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { computeEndpointSlices } from '../../src/cluster/core/network/endpointslices.ts';
import { podResolvConf, resolveFromPod } from '../../src/cluster/core/network/dns.ts';
import { allocateClusterIP, allocateLoadBalancerIP, allocateNodePort, allocatePodIP, nodeAddressing } from '../../src/cluster/core/network/ipam.ts';
import { programProxyRules, renderProxyRules, routeConnection } from '../../src/cluster/core/network/kubeproxy/index.ts';
import type { EndpointSlice, Pod, Service } from '../../src/cluster/core/network/types.ts';
import { at } from '../helpers/at.ts';

interface Doc {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec: {
    replicas?: number;
    template?: { metadata: { labels: Record<string, string> }; spec: { containers: Pod['spec']['containers'] } };
  } & Partial<Service['spec']>;
}

function load(path: string): Doc[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((d) => d.toJSON() as Doc).filter((d) => d && d.kind);
}

function buildCluster(docs: Doc[]) {
  const nodes = nodeAddressing(['worker-1', 'worker-2', 'worker-3']).slice(1);
  const usedPodIPs = new Map(nodes.map((n) => [n.name, new Set<string>()]));
  const pods: Pod[] = [];
  let i = 0;
  for (const d of docs.filter((x) => x.kind === 'Deployment')) {
    for (let r = 0; r < (d.spec.replicas ?? 1); r++) {
      const node = at(nodes, i++ % nodes.length);
      const used = usedPodIPs.get(node.name)!;
      const ip = allocatePodIP(node.podCIDR, used);
      if (!ip.ok) throw new Error(ip.message);
      used.add(ip.value);
      pods.push({
        metadata: { name: `${d.metadata.name}-${r}`, namespace: 'default', labels: d.spec.template!.metadata.labels },
        spec: { nodeName: node.name, containers: d.spec.template!.spec.containers },
        status: { phase: 'Running', podIP: ip.value, conditions: [{ type: 'Ready', status: 'True' }] },
      });
    }
  }
  const usedIPs = new Set(['10.96.0.1', '10.96.0.10']);
  const usedPorts = new Set<number>();
  const lbs = new Set<string>();
  const services: Service[] = docs.filter((x) => x.kind === 'Service').map((d) => {
    const ip = allocateClusterIP('default', d.metadata.name, usedIPs);
    if (!ip.ok) throw new Error(ip.message);
    usedIPs.add(ip.value);
    const svc: Service = { metadata: { ...d.metadata, namespace: 'default' }, spec: { ...(d.spec as Service['spec']), clusterIP: ip.value } };
    svc.spec.ports = (svc.spec.ports ?? []).map((p, idx) => {
      if (svc.spec.type !== 'NodePort' && svc.spec.type !== 'LoadBalancer') return p;
      const np = allocateNodePort('default', d.metadata.name, idx, usedPorts);
      if (!np.ok) throw new Error(np.message);
      usedPorts.add(np.value);
      return { ...p, nodePort: np.value };
    });
    if (svc.spec.type === 'LoadBalancer') {
      const lb = allocateLoadBalancerIP(lbs);
      if (!lb.ok) throw new Error(lb.message);
      lbs.add(lb.value);
      svc.status = { loadBalancer: { ingress: [{ ip: lb.value }] } };
    }
    return svc;
  });
  let n = 0;
  const suffix = () => `s${String(n++).padStart(4, '0')}`;
  const slices: EndpointSlice[] = services.flatMap((s) => computeEndpointSlices(s, pods, { suffix }));
  return { nodes, pods, services, slices };
}

describe('microservices-demo', () => {
  const c = buildCluster(load('../shared/corpus/microservices-demo/kubernetes-manifests.yaml'));

  it('every Service with a selector has ready endpoints on the right pods', () => {
    for (const s of c.services) {
      const mine = c.slices.filter((x) => x.metadata.labels?.['kubernetes.io/service-name'] === s.metadata.name);
      const names = mine.flatMap((x) => x.endpoints.map((e) => e.targetRef?.name));
      expect([s.metadata.name, names.length > 0]).toEqual([s.metadata.name, true]);
      for (const x of mine) expect(x.ports.length).toBe(s.spec.ports?.length);
    }
  });

  it('iptables rules on worker-1 (golden)', async () => {
    const rules = programProxyRules('iptables', { nodeName: 'worker-1', nodeIP: at(c.nodes, 0).ip, services: c.services, endpointSlices: c.slices });
    await expect(renderProxyRules(rules)).toMatchFileSnapshot('__golden__/microservices-demo-iptables-worker-1.txt');
  });

  it('frontend → cartservice: DNS, then DNAT to the cartservice pod', () => {
    const frontend = c.pods.find((p) => p.metadata.name.startsWith('frontend-'))!;
    const lookup = resolveFromPod('cartservice', podResolvConf('default'), { services: c.services, endpointSlices: c.slices });
    const cart = c.services.find((s) => s.metadata.name === 'cartservice')!;
    expect(lookup.addresses).toEqual([cart.spec.clusterIP]);
    const node = c.nodes.find((n) => n.name === frontend.spec.nodeName)!;
    for (const mode of ['iptables', 'ipvs', 'nftables'] as const) {
      const rules = programProxyRules(mode, { nodeName: node.name, nodeIP: node.ip, services: c.services, endpointSlices: c.slices });
      const r = routeConnection(rules, { srcIP: frontend.status!.podIP, dstIP: at(lookup.addresses, 0), dstPort: 7070, protocol: 'TCP' }, () => 0);
      expect([mode, r.outcome, r.outcome === 'dnat' && r.endpoint.podName]).toEqual([mode, 'dnat', 'cartservice-0']);
    }
  });

  it('internet → frontend-external load balancer → frontend pod, SNATed', () => {
    const ext = c.services.find((s) => s.metadata.name === 'frontend-external')!;
    const lbIP = at(ext.status!.loadBalancer!.ingress!, 0).ip!;
    expect(lbIP).toBe('203.0.113.1');
    const rules = programProxyRules('iptables', { nodeName: 'worker-3', nodeIP: at(c.nodes, 2).ip, services: c.services, endpointSlices: c.slices });
    const r = routeConnection(rules, { srcIP: '198.51.100.7', dstIP: lbIP, dstPort: 80, protocol: 'TCP' }, () => 0);
    expect(r.outcome === 'dnat' && [r.endpoint.podName, r.endpoint.port, r.masquerade]).toEqual(['frontend-0', 8080, true]);
  });
});

describe('guestbook', () => {
  const c = buildCluster(load('../shared/corpus/guestbook/guestbook-all-in-one.yaml'));
  it('frontend NodePort reaches a frontend replica from any node', () => {
    const fe = c.services.find((s) => s.metadata.name === 'frontend')!;
    const nodePort = at(fe.spec.ports!, 0).nodePort!;
    const replicas = c.pods.filter((p) => p.metadata.labels?.tier === 'frontend').map((p) => p.metadata.name);
    expect(replicas.length).toBe(3);
    for (const node of c.nodes) {
      const rules = programProxyRules('nftables', { nodeName: node.name, nodeIP: node.ip, services: c.services, endpointSlices: c.slices });
      const seen = [0, 1, 2].map((k) => {
        const r = routeConnection(rules, { srcIP: '198.51.100.7', dstIP: node.ip, dstPort: nodePort, protocol: 'TCP' }, () => k);
        return r.outcome === 'dnat' ? r.endpoint.podName : r.outcome;
      });
      expect(seen.sort()).toEqual([...replicas].sort());
    }
  });
  it('redis-replica (port without targetPort) targets 6379', () => {
    const s = c.slices.find((x) => x.metadata.labels?.['kubernetes.io/service-name'] === 'redis-replica')!;
    expect(s.ports).toEqual([{ name: '', port: 6379, protocol: 'TCP' }]);
    expect(s.endpoints.length).toBe(2);
  });
});
