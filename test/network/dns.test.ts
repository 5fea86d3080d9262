/**
 * Cases from the Kubernetes DNS spec (kubernetes/dns docs/specification.md),
 * kubernetes.io "DNS for Services and Pods" (search list, ndots:5, headless,
 * ExternalName) and CoreDNS plugin/kubernetes tests (NXDOMAIN for unknown
 * names in the zone).
 */
import { describe, expect, it } from 'vitest';
import { podResolvConf, queryCoreDNS, renderResolvConf, resolveFromPod, searchCandidates } from '../../src/cluster/core/network/dns.ts';
import type { DnsData } from '../../src/cluster/core/network/dns.ts';
import { computeEndpointSlices } from '../../src/cluster/core/network/endpointslices.ts';
import type { Service } from '../../src/cluster/core/network/types.ts';
import { allSlices, pod, services, suffixes } from './fixtures.ts';

const ext: Service = { metadata: { name: 'mydb', namespace: 'prod' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } };
const alias: Service = { metadata: { name: 'api-alias', namespace: 'default' }, spec: { type: 'ExternalName', externalName: 'web.default.svc.cluster.local' } };
const sts: Service = { metadata: { name: 'nginx', namespace: 'default' }, spec: { clusterIP: 'None', selector: { app: 'sts' }, ports: [{ port: 80 }] } };
const stsPods = [0, 1, 2].map((i) => {
  const p = pod(`web-${i}`, `10.244.${i + 1}.20`, `worker-${i + 1}`, { app: 'sts' }, { ready: i !== 2 });
  p.spec.hostname = `web-${i}`;
  p.spec.subdomain = 'nginx';
  return p;
});

const data: DnsData = {
  services: [...services, ext, alias, sts],
  endpointSlices: [...allSlices(), ...computeEndpointSlices(sts, stsPods, { suffix: suffixes() })],
  upstream: (fqdn) => (fqdn === 'db.example.com.' ? ['198.51.100.20'] : fqdn === 'nope.invalid.' ? undefined : ['198.51.100.99']),
};

describe('resolv.conf', () => {
  it('ClusterFirst', () => {
    expect(renderResolvConf(podResolvConf('default'))).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    );
  });
  it('search order depends on ndots', () => {
    const rc = podResolvConf('default');
    expect(searchCandidates('web', rc)).toEqual(['web.default.svc.cluster.local.', 'web.svc.cluster.local.', 'web.cluster.local.', 'web.']);
    expect(searchCandidates('a.b.c.d.e.f', rc)[0]).toBe('a.b.c.d.e.f.');
    expect(searchCandidates('web.default.svc.cluster.local.', rc)).toEqual(['web.default.svc.cluster.local.']);
  });
});

describe('CoreDNS answers', () => {
  const one = (name: string) => {
    const q = queryCoreDNS(name, data);
    return [q.rcode, q.answeredBy, q.records.map((r) => `${r.type} ${r.value}`)];
  };
  it.each([
    ['web.default.svc.cluster.local', ['NOERROR', 'kubernetes', ['A 10.96.100.50']]],
    ['kubernetes.default.svc.cluster.local.', ['NOERROR', 'kubernetes', ['A 10.96.0.1']]],
    ['kube-dns.kube-system.svc.cluster.local', ['NOERROR', 'kubernetes', ['A 10.96.0.10']]],
    ['web.prod.svc.cluster.local', ['NXDOMAIN', 'kubernetes', []]],
    ['nothing.default.svc.cluster.local', ['NXDOMAIN', 'kubernetes', []]],
    ['web.default.cluster.local', ['NXDOMAIN', 'kubernetes', []]],
    ['nginx.default.svc.cluster.local', ['NOERROR', 'kubernetes', ['A 10.244.1.20', 'A 10.244.2.20']]],
    ['web-1.nginx.default.svc.cluster.local', ['NOERROR', 'kubernetes', ['A 10.244.2.20']]],
    ['web-2.nginx.default.svc.cluster.local', ['NXDOMAIN', 'kubernetes', []]],
    ['db.default.svc.cluster.local', ['NOERROR', 'kubernetes', ['A 10.244.1.4']]],
    ['empty.default.svc.cluster.local', ['NOERROR', 'kubernetes', ['A 10.96.44.4']]],
    ['mydb.prod.svc.cluster.local', ['NOERROR', 'kubernetes', ['CNAME db.example.com.', 'A 198.51.100.20']]],
    ['api-alias.default.svc.cluster.local', ['NOERROR', 'kubernetes', ['CNAME web.default.svc.cluster.local.', 'A 10.96.100.50']]],
    ['10-244-1-3.default.pod.cluster.local', ['NOERROR', 'kubernetes', ['A 10.244.1.3']]],
    ['example.com', ['NOERROR', 'upstream', ['A 198.51.100.99']]],
    ['nope.invalid', ['NXDOMAIN', 'upstream', []]],
  ])('%s', (name, want) => expect(one(name)).toEqual(want));
});

describe('resolving from a pod', () => {
  const rc = podResolvConf('default');
  const tried = (name: string, r = rc) => resolveFromPod(name, r, data).queries.map((q) => `${q.name} ${q.rcode}`);

  it('short name: first search domain', () => {
    expect(tried('web')).toEqual(['web.default.svc.cluster.local. NOERROR']);
    expect(resolveFromPod('web', rc, data).addresses).toEqual(['10.96.100.50']);
  });
  it('svc.ns', () => {
    expect(tried('kube-dns.kube-system')).toEqual(['kube-dns.kube-system.default.svc.cluster.local. NXDOMAIN', 'kube-dns.kube-system.svc.cluster.local. NOERROR']);
  });
  it('svc.ns.svc', () => {
    expect(tried('kubernetes.default.svc')).toEqual([
      'kubernetes.default.svc.default.svc.cluster.local. NXDOMAIN',
      'kubernetes.default.svc.svc.cluster.local. NXDOMAIN',
      'kubernetes.default.svc.cluster.local. NOERROR',
    ]);
  });
  it('FQDN without trailing dot has 4 dots < ndots: the search list is tried first', () => {
    expect(tried('web.default.svc.cluster.local')).toEqual([
      'web.default.svc.cluster.local.default.svc.cluster.local. NXDOMAIN',
      'web.default.svc.cluster.local.svc.cluster.local. NXDOMAIN',
      'web.default.svc.cluster.local.cluster.local. NXDOMAIN',
      'web.default.svc.cluster.local. NOERROR',
    ]);
  });
  it('external names walk the whole search list before going upstream', () => {
    const r = resolveFromPod('example.com', rc, data);
    expect(r.queries.map((q) => `${q.name} ${q.rcode} ${q.answeredBy}`)).toEqual([
      'example.com.default.svc.cluster.local. NXDOMAIN kubernetes',
      'example.com.svc.cluster.local. NXDOMAIN kubernetes',
      'example.com.cluster.local. NXDOMAIN kubernetes',
      'example.com. NOERROR upstream',
    ]);
    expect(r.addresses).toEqual(['198.51.100.99']);
  });
  it('a pod in another namespace does not find short names of default', () => {
    const prod = podResolvConf('prod');
    const r = resolveFromPod('web', prod, { ...data, upstream: () => undefined });
    expect([r.rcode, r.queries.length]).toEqual(['NXDOMAIN', 4]);
    expect(resolveFromPod('web.default', prod, data).addresses).toEqual(['10.96.100.50']);
  });
  it('the default upstream is stable', () => {
    const d = { ...data, upstream: undefined };
    expect(resolveFromPod('api.github.com.', rc, d).addresses).toEqual(resolveFromPod('API.github.com.', rc, d).addresses);
  });
});
