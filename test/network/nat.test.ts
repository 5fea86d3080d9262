/**
 * Source-IP behaviour per kubernetes.io "Using Source IP" (ClusterIP from a
 * pod keeps the pod IP; NodePort / LoadBalancer with externalTrafficPolicy
 * Cluster SNAT to the node, Local preserves the client and only uses nodes with
 * endpoints) and the CNI masquerade for pod egress.
 */
import { describe, expect, it } from 'vitest';
import { programProxyRules, routeConnection } from '../../src/cluster/core/network/kubeproxy/index.ts';
import {
  clientIPPreserved,
  egressSNAT,
  finalFlow,
  loadBalancerTargetNodes,
  loadBalancerToNode,
  needsEgressMasquerade,
  podMasqueradeRule,
  replyView,
  serviceNatSteps,
} from '../../src/cluster/core/network/nat.ts';
import type { Flow } from '../../src/cluster/core/network/nat.ts';
import { allSlices, services, workerIP } from './fixtures.ts';

const node = (name: string) => ({ name, ip: workerIP(name) });
const CLIENT = '198.51.100.7';

function through(nodeName: string, flow: Flow) {
  const rules = programProxyRules('iptables', { nodeName, nodeIP: workerIP(nodeName), services, endpointSlices: allSlices() });
  const route = routeConnection(rules, { srcIP: flow.srcIP, dstIP: flow.dstIP, dstPort: flow.dstPort, protocol: flow.protocol }, () => 0);
  return serviceNatSteps(flow, route, node(nodeName));
}

describe('egress masquerade', () => {
  it.each([
    ['pod → internet', '10.244.1.3', '93.184.216.34', true],
    ['pod → pod', '10.244.1.3', '10.244.2.3', false],
    ['pod → ClusterIP (kube-proxy handles it)', '10.244.1.3', '10.96.0.10', false],
    ['pod → node', '10.244.1.3', '192.168.49.4', true],
    ['node → internet (not pod traffic)', '192.168.49.3', '93.184.216.34', false],
  ])('%s', (_n, src, dst, want) => expect(needsEgressMasquerade(src, dst)).toBe(want));

  it('rewrites the source to the node IP', () => {
    const flow: Flow = { srcIP: '10.244.1.3', srcPort: 40000, dstIP: '93.184.216.34', dstPort: 443, protocol: 'TCP' };
    const s = egressSNAT(flow, node('worker-1'));
    expect(s?.after).toEqual({ ...flow, srcIP: '192.168.49.3' });
    expect(podMasqueradeRule()).toBe('-A POSTROUTING -s 10.244.0.0/16 ! -d 10.244.0.0/16 -m comment --comment "masquerade pod traffic leaving the cluster" -j MASQUERADE --random-fully');
  });
});

describe('service traffic', () => {
  it('pod → ClusterIP: DNAT only, pod IP preserved', () => {
    const flow: Flow = { srcIP: '10.244.2.9', dstIP: '10.96.100.50', dstPort: 80, protocol: 'TCP' };
    const steps = through('worker-2', flow);
    expect(steps.map((s) => s.kind)).toEqual(['DNAT']);
    expect(finalFlow(flow, steps)).toEqual({ ...flow, dstIP: '10.244.1.3', dstPort: 8080 });
    expect(clientIPPreserved(flow, steps)).toBe(true);
  });
  it('internet → NodePort, Cluster policy: DNAT + SNAT to the node, client IP lost', () => {
    const flow: Flow = { srcIP: CLIENT, dstIP: '192.168.49.3', dstPort: 31000, protocol: 'TCP' };
    const steps = through('worker-1', flow);
    expect(steps.map((s) => [s.kind, s.after.srcIP, `${s.after.dstIP}:${s.after.dstPort}`])).toEqual([
      ['DNAT', CLIENT, '10.244.1.3:8080'],
      ['SNAT', '192.168.49.3', '10.244.1.3:8080'],
    ]);
    expect(clientIPPreserved(flow, steps)).toBe(false);
  });
  it('internet → NodePort, Local policy: client IP preserved', () => {
    const flow: Flow = { srcIP: CLIENT, dstIP: '192.168.49.4', dstPort: 30080, protocol: 'TCP' };
    const steps = through('worker-2', flow);
    expect(steps.map((s) => s.kind)).toEqual(['DNAT']);
    expect(clientIPPreserved(flow, steps)).toBe(true);
  });
  it('the client sees the reply from the address it called', () => {
    expect(replyView({ srcIP: CLIENT, srcPort: 5555, dstIP: '203.0.113.1', dstPort: 80, protocol: 'TCP' })).toEqual({
      srcIP: '203.0.113.1', srcPort: 80, dstIP: CLIENT, dstPort: 5555, protocol: 'TCP',
    });
  });
});

describe('cloud load balancers', () => {
  const nodes = ['worker-1', 'worker-2', 'worker-3'];
  const shop = services.find((s) => s.metadata.name === 'shop')!;
  const front = services.find((s) => s.metadata.name === 'front')!;
  it('Cluster policy targets every node, Local only nodes with a ready endpoint', () => {
    expect(loadBalancerTargetNodes(front, allSlices().filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'front'), nodes)).toEqual(nodes);
    expect(loadBalancerTargetNodes(shop, allSlices().filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'shop'), nodes, 'http')).toEqual(['worker-2']);
  });
  it('delivers to the NodePort or passes the LB address through', () => {
    const flow: Flow = { srcIP: CLIENT, dstIP: '203.0.113.1', dstPort: 80, protocol: 'TCP' };
    const np = loadBalancerToNode(flow, front, node('worker-3'));
    expect(np.flow).toEqual({ ...flow, dstIP: '192.168.49.5', dstPort: 31000 });
    expect(np.step?.reason).toBe('cloud load balancer → worker-3 NodePort 31000');
    expect(loadBalancerToNode(flow, front, node('worker-3'), 'passthrough')).toEqual({ flow });
  });
});
