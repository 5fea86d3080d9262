/**
 * kube-proxy rules. Chain-name vectors are real ones: KUBE-SVC-NPX46M4PTMTKRN6Y
 * (default/kubernetes:https), KUBE-SVC-TCOU7JCQXEZGVUNU / ERIFXISQEP7F7OF4 /
 * JD5MR3NA4I4DYORP (kube-dns), as on every kubeadm cluster; the nftables
 * vectors ULMVA6XW / 5OJB2KTY are from the comments in
 * pkg/proxy/nftables/proxier.go. Rule shapes follow pkg/proxy/iptables/proxier_test.go
 * (TestOverallIPTablesRules) and the nftables proxier_test.go.
 */
import { describe, expect, it } from 'vitest';
import { diffProxyRules, programProxyRules, renderProxyRules, routeConnection, summarizeProxyRules } from '../../src/cluster/core/network/kubeproxy/index.ts';
import type { ProxyMode, RouteResult } from '../../src/cluster/core/network/kubeproxy/index.ts';
import { savedProbability } from '../../src/cluster/core/network/kubeproxy/iptables.ts';
import { base32, iptablesChains, nftEndpointChainBase, nftServiceChainBase } from '../../src/cluster/core/network/kubeproxy/names.ts';
import { allSlices, services, workerIP } from './fixtures.ts';
import { at } from '../helpers/at.ts';

function input(node: string) {
  return { nodeName: node, nodeIP: workerIP(node), services, endpointSlices: allSlices() };
}

describe('chain names', () => {
  it('base32 is RFC 4648 with padding', () => {
    expect(base32(new TextEncoder().encode('foobar'))).toBe('MZXW6YTBOI======');
    expect(base32(new TextEncoder().encode('f'))).toBe('MY======');
  });
  it.each([
    ['default/kubernetes:https', 'tcp', 'KUBE-SVC-NPX46M4PTMTKRN6Y'],
    ['kube-system/kube-dns:dns', 'udp', 'KUBE-SVC-TCOU7JCQXEZGVUNU'],
    ['kube-system/kube-dns:dns-tcp', 'tcp', 'KUBE-SVC-ERIFXISQEP7F7OF4'],
    ['kube-system/kube-dns:metrics', 'tcp', 'KUBE-SVC-JD5MR3NA4I4DYORP'],
    ['default/tea-svc:http', 'tcp', 'KUBE-SVC-DVHFM6YVY2RW3DPQ'],
  ])('%s/%s → %s', (spn, proto, want) => expect(iptablesChains.svc(spn, proto)).toBe(want));
  it('endpoint chains hash the endpoint too', () => {
    expect(iptablesChains.sep('default/tea-svc:http', 'tcp', '10.244.171.57:8080')).toBe('KUBE-SEP-3NPNUAJQIUYNQ6GJ');
  });
  it('nftables names', () => {
    expect(nftServiceChainBase('ns1', 'svc1', 'tcp', 'p80')).toBe('ULMVA6XW-ns1/svc1/tcp/p80');
    expect(nftEndpointChainBase('ns1', 'svc1', 'tcp', 'p80', '10.180.0.1:80')).toBe('5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80');
  });
  it('probabilities as iptables-save prints them', () => {
    expect([2, 3, 4, 7].map(savedProbability)).toEqual(['0.50000000000', '0.33333333349', '0.25000000000', '0.14285714272']);
  });
});

describe('rule text (golden)', () => {
  for (const mode of ['iptables', 'ipvs', 'nftables'] as ProxyMode[]) {
    it(`${mode} on worker-2`, async () => {
      const text = renderProxyRules(programProxyRules(mode, input('worker-2')));
      await expect(text).toMatchFileSnapshot(`__golden__/kubeproxy-${mode}-worker-2.txt`);
    });
  }
  it('iptables on worker-1: Local NodePort without local endpoints is dropped, not proxied', () => {
    const text = renderProxyRules(programProxyRules('iptables', input('worker-1')));
    expect(text).toContain(
      '-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/shop:http has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30080 -j DROP',
    );
    expect(text).not.toContain(':KUBE-SVL-');
  });
  it('summaries', () => {
    expect(summarizeProxyRules(programProxyRules('ipvs', input('worker-2')))).toBe('ipvs: 12 virtual servers, 21 real servers');
  });
  it('ClientIP affinity adds recent matches', () => {
    const svc = { ...at(services, 2), spec: { ...at(services, 2).spec, sessionAffinity: 'ClientIP' as const } };
    const rules = programProxyRules('iptables', { ...input('worker-2'), services: [svc] });
    const text = renderProxyRules(rules);
    const sep = iptablesChains.sep('default/web', 'tcp', '10.244.1.3:8080');
    expect(text).toContain(`-A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> 10.244.1.3:8080" -m recent --rcheck --seconds 10800 --reap --name ${sep} --mask 255.255.255.255 --rsource -j ${sep}`);
    expect(text).toContain(`-A ${sep} -p tcp -m comment --comment "default/web" -m recent --set --name ${sep} --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.244.1.3:8080`);
    expect(renderProxyRules(programProxyRules('ipvs', { ...input('worker-2'), services: [svc] }))).toContain('TCP  10.96.100.50:80 rr persistent 10800');
  });
});

const POD = '10.244.2.9';
const CLIENT = '198.51.100.7';

function brief(r: RouteResult) {
  if (r.outcome === 'dnat') return { outcome: r.outcome, to: r.endpoint.endpoint, pod: r.endpoint.podName, masquerade: r.masquerade };
  return { outcome: r.outcome };
}

describe('routeConnection: the same answers in every mode', () => {
  const cases: { name: string; node: string; src?: string; dst: string; port: number; proto?: 'TCP' | 'UDP'; pick: number; want: ReturnType<typeof brief> }[] = [
    { name: 'pod → ClusterIP, first endpoint', node: 'worker-2', src: POD, dst: '10.96.100.50', port: 80, pick: 0, want: { outcome: 'dnat', to: '10.244.1.3:8080', pod: 'web-1', masquerade: false } },
    { name: 'pod → ClusterIP, third endpoint (other node)', node: 'worker-2', src: POD, dst: '10.96.100.50', port: 80, pick: 2, want: { outcome: 'dnat', to: '10.244.3.2:8080', pod: 'web-3', masquerade: false } },
    { name: 'unknown source counts as a pod', node: 'worker-2', dst: '10.96.100.50', port: 80, pick: 1, want: { outcome: 'dnat', to: '10.244.2.3:8080', pod: 'web-2', masquerade: false } },
    { name: 'node host → ClusterIP is masqueraded', node: 'worker-2', src: '192.168.49.4', dst: '10.96.100.50', port: 80, pick: 1, want: { outcome: 'dnat', to: '10.244.2.3:8080', pod: 'web-2', masquerade: true } },
    { name: 'DNS over UDP', node: 'worker-1', src: POD, dst: '10.96.0.10', port: 53, proto: 'UDP', pick: 1, want: { outcome: 'dnat', to: '10.244.2.2:53', pod: 'coredns-2', masquerade: false } },
    { name: 'internet → NodePort, Local policy, local endpoint: client IP kept', node: 'worker-2', src: CLIENT, dst: '192.168.49.4', port: 30080, pick: 0, want: { outcome: 'dnat', to: '10.244.2.4:8080', pod: 'shop-1', masquerade: false } },
    { name: 'internet → NodePort, Local policy, no local endpoint: dropped', node: 'worker-1', src: CLIENT, dst: '192.168.49.3', port: 30080, pick: 0, want: { outcome: 'drop' } },
    { name: 'internet → NodePort, Cluster policy: SNAT', node: 'worker-1', src: CLIENT, dst: '192.168.49.3', port: 31000, pick: 2, want: { outcome: 'dnat', to: '10.244.3.2:8080', pod: 'web-3', masquerade: true } },
    { name: 'internet → load balancer IP', node: 'worker-3', src: CLIENT, dst: '203.0.113.1', port: 80, pick: 0, want: { outcome: 'dnat', to: '10.244.1.3:8080', pod: 'web-1', masquerade: true } },
    { name: 'not a Service', node: 'worker-2', src: POD, dst: '8.8.8.8', port: 53, pick: 0, want: { outcome: 'no-match' } },
  ];
  for (const mode of ['iptables', 'ipvs', 'nftables'] as ProxyMode[]) {
    it.each(cases)(`${mode}: $name`, ({ node, src, dst, port, proto, pick, want }) => {
      const rules = programProxyRules(mode, input(node));
      const r = routeConnection(rules, { srcIP: src, dstIP: dst, dstPort: port, protocol: proto ?? 'TCP' }, () => pick);
      expect(brief(r)).toEqual(want);
    });
  }

  it('no endpoints: iptables and nftables reject, IPVS drops', () => {
    const pkt = { srcIP: POD, dstIP: '10.96.44.4', dstPort: 80, protocol: 'TCP' as const };
    expect(routeConnection(programProxyRules('iptables', input('worker-2')), pkt, () => 0)).toEqual({
      outcome: 'reject',
      service: 'default/empty',
      reason: '-A KUBE-SERVICES -d 10.96.44.4/32 -p tcp -m comment --comment "default/empty has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
      path: ['PREROUTING', 'KUBE-SERVICES', 'FORWARD', 'KUBE-FORWARD', 'KUBE-SERVICES'],
    });
    expect(routeConnection(programProxyRules('nftables', input('worker-2')), pkt, () => 0)).toMatchObject({ outcome: 'reject', service: 'default/empty' });
    expect(routeConnection(programProxyRules('ipvs', input('worker-2')), pkt, () => 0)).toMatchObject({ outcome: 'drop', service: 'default/empty' });
  });

  it('ClusterIP on a wrong port or an unallocated ClusterIP: only nftables mode rejects/drops', () => {
    const wrongPort = { srcIP: POD, dstIP: '10.96.100.50', dstPort: 81, protocol: 'TCP' as const };
    const unallocated = { srcIP: POD, dstIP: '10.96.9.9', dstPort: 80, protocol: 'TCP' as const };
    for (const mode of ['iptables', 'ipvs'] as ProxyMode[]) {
      expect(routeConnection(programProxyRules(mode, input('worker-2')), wrongPort, () => 0).outcome).toBe('no-match');
      expect(routeConnection(programProxyRules(mode, input('worker-2')), unallocated, () => 0).outcome).toBe('no-match');
    }
    const nft = programProxyRules('nftables', input('worker-2'));
    expect(routeConnection(nft, wrongPort, () => 0)).toEqual({ outcome: 'reject', reason: 'Reject traffic to invalid ports of ClusterIPs', path: ['filter-forward', 'cluster-ips-check'] });
    expect(routeConnection(nft, unallocated, () => 0).outcome).toBe('drop');
  });

  it('reports the chains passed', () => {
    const ipt = routeConnection(programProxyRules('iptables', input('worker-2')), { srcIP: CLIENT, dstIP: '192.168.49.4', dstPort: 30080, protocol: 'TCP' }, () => 0);
    expect(ipt.path).toEqual(['PREROUTING', 'KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-EXT-BILYYKAKWI7RYELB', 'KUBE-SVL-BILYYKAKWI7RYELB', 'KUBE-SEP-U5VGKT47FYRAG5MH']);
    const lb = routeConnection(programProxyRules('iptables', input('worker-2')), { srcIP: CLIENT, dstIP: '203.0.113.1', dstPort: 80, protocol: 'TCP' }, () => 1);
    expect(lb.path).toEqual(['PREROUTING', 'KUBE-SERVICES', 'KUBE-EXT-DFME4TBX5E6GT2OD', 'KUBE-MARK-MASQ', 'KUBE-SVC-DFME4TBX5E6GT2OD', 'KUBE-SEP-OLTFCFHG764OHN25', 'POSTROUTING', 'KUBE-POSTROUTING']);
    const nft = routeConnection(programProxyRules('nftables', input('worker-2')), { srcIP: POD, dstIP: '10.96.100.50', dstPort: 80, protocol: 'TCP' }, () => 0);
    expect(nft.path).toEqual(['nat-prerouting', 'services', 'service-PFISGYVC-default/web/tcp/', 'endpoint-CU5RYKM5-default/web/tcp/__10.244.1.3/8080']);
    const ipvs = routeConnection(programProxyRules('ipvs', input('worker-2')), { srcIP: POD, dstIP: '10.96.100.50', dstPort: 80, protocol: 'TCP' }, () => 0);
    expect(ipvs.path).toEqual(['kube-ipvs0', 'TCP  10.96.100.50:80 rr']);
  });

  it('pick is asked once per load-balancing decision with the endpoint count', () => {
    for (const mode of ['iptables', 'ipvs', 'nftables'] as ProxyMode[]) {
      const asked: number[] = [];
      routeConnection(programProxyRules(mode, input('worker-2')), { srcIP: POD, dstIP: '10.96.100.50', dstPort: 80, protocol: 'TCP' }, (n) => {
        asked.push(n);
        return n - 1;
      });
      expect([mode, asked]).toEqual([mode, [3]]);
    }
  });
});

describe('hairpin and sync diffs', () => {
  it('a pod reaching itself through its Service is masqueraded in every mode', () => {
    for (const mode of ['iptables', 'ipvs', 'nftables'] as ProxyMode[]) {
      const r = routeConnection(programProxyRules(mode, input('worker-1')), { srcIP: '10.244.1.3', dstIP: '10.96.100.50', dstPort: 80, protocol: 'TCP' }, () => 0);
      expect([mode, brief(r)]).toEqual([mode, { outcome: 'dnat', to: '10.244.1.3:8080', pod: 'web-1', masquerade: true }]);
    }
  });
  it('diffProxyRules shows what a sync changed', () => {
    const before = programProxyRules('ipvs', { ...input('worker-2'), services: services.slice(0, 2) });
    const after = programProxyRules('ipvs', { ...input('worker-2'), services: services.slice(0, 3) });
    expect(diffProxyRules(before, after)).toEqual({
      added: [
        'TCP  10.96.100.50:80 rr',
        '  -> 10.244.1.3:8080              Masq    1      0          0',
        '  -> 10.244.2.3:8080              Masq    1      0          0',
        '  -> 10.244.3.2:8080              Masq    1      0          0',
      ],
      removed: [],
    });
    expect(diffProxyRules(after, after)).toEqual({ added: [], removed: [] });
    expect(diffProxyRules(undefined, before).added.length).toBeGreaterThan(3);
  });
});
