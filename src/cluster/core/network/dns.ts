/**
 * Cluster DNS: what CoreDNS's kubernetes plugin answers (per the Kubernetes
 * DNS-Based Service Discovery spec, github.com/kubernetes/dns docs/specification.md)
 * and how a pod's resolver walks its search path.
 *
 * - `<svc>.<ns>.svc.<zone>`: ClusterIP → its A record; headless → the ready
 *   endpoints' addresses (all endpoints with publishNotReadyAddresses);
 *   ExternalName → a CNAME to spec.externalName (chased);
 * - `<hostname>.<svc>.<ns>.svc.<zone>` → that endpoint (headless, with hostname);
 * - `<a-b-c-d>.<ns>.pod.<zone>` → a-b-c-d (`pods insecure`);
 * - any other name in the zone → NXDOMAIN; names outside it are forwarded
 *   (`forward . /etc/resolv.conf`) to the upstream resolver, which the caller
 *   models (default: a stable address in 198.51.100.0/24, RFC 5737).
 * The resolver (glibc/musl, `options ndots:5`): a name with a trailing dot is
 * queried as is; one with at least ndots dots is tried as is first, then with
 * each search domain; any other name with each search domain first, then as is.
 * The first answer that is not NXDOMAIN wins.
 */
import { sha256 } from '../../../common/hash.ts';
import { isHeadless } from './endpointslices.ts';
import { KUBE_DNS_SERVICE_IP } from './ipam.ts';
import { SERVICE_NAME_LABEL } from './endpointslices.ts';
import type { EndpointSlice, Service } from './types.ts';

export const CLUSTER_DOMAIN = 'cluster.local';
export const DNS_TTL = 30;

/** kubeadm's default Corefile (the CoreDNS ConfigMap in kube-system). */
export const COREFILE = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30
    loop
    reload
    loadbalance
}
`;

export interface ResolvConf {
  search: string[];
  nameservers: string[];
  ndots: number;
}

/** The resolv.conf the kubelet gives a pod with dnsPolicy ClusterFirst. */
export function podResolvConf(namespace: string, clusterDomain = CLUSTER_DOMAIN, nameserver = KUBE_DNS_SERVICE_IP): ResolvConf {
  return { search: [`${namespace}.svc.${clusterDomain}`, `svc.${clusterDomain}`, clusterDomain], nameservers: [nameserver], ndots: 5 };
}

/** The file as the container runtime writes it. */
export function renderResolvConf(rc: ResolvConf): string {
  const lines = [`search ${rc.search.join(' ')}`, ...rc.nameservers.map((n) => `nameserver ${n}`), `options ndots:${rc.ndots}`];
  return `${lines.join('\n')}\n`;
}

export interface DnsRecord {
  name: string;
  type: 'A' | 'CNAME';
  value: string;
  ttl: number;
}

export interface DnsQuery {
  /** Fully qualified, with the trailing dot. */
  name: string;
  rcode: 'NOERROR' | 'NXDOMAIN';
  /** CoreDNS's kubernetes plugin, or the upstream resolver CoreDNS forwarded to. */
  answeredBy: 'kubernetes' | 'upstream';
  records: DnsRecord[];
}

export interface DnsLookup {
  /** Every query the resolver sent, in order. */
  queries: DnsQuery[];
  rcode: 'NOERROR' | 'NXDOMAIN';
  /** The name that answered, and its A addresses (after CNAMEs). */
  resolvedName?: string;
  addresses: string[];
}

export interface DnsData {
  services: readonly Service[];
  endpointSlices: readonly EndpointSlice[];
  /** Existing namespaces; default: those of the Services. */
  namespaces?: readonly string[];
  clusterDomain?: string;
  /** Upstream answers for names outside the cluster; undefined means NXDOMAIN upstream. */
  upstream?: (fqdn: string) => string[] | undefined;
}

/** The default upstream: every external name exists, at a stable documentation address. */
export function defaultUpstream(fqdn: string): string[] {
  const n = parseInt(sha256(fqdn.toLowerCase()).slice(0, 4), 16) % 254;
  return [`198.51.100.${n + 1}`];
}

function fqdnOf(name: string): string {
  return name.endsWith('.') ? name.toLowerCase() : `${name.toLowerCase()}.`;
}

/** One query to CoreDNS (for A records). */
export function queryCoreDNS(name: string, data: DnsData, depth = 0): DnsQuery {
  const fqdn = fqdnOf(name);
  const zone = `${data.clusterDomain ?? CLUSTER_DOMAIN}.`;
  if (fqdn !== zone && !fqdn.endsWith(`.${zone}`)) {
    const addrs = (data.upstream ?? defaultUpstream)(fqdn);
    if (!addrs || addrs.length === 0) return { name: fqdn, rcode: 'NXDOMAIN', answeredBy: 'upstream', records: [] };
    return { name: fqdn, rcode: 'NOERROR', answeredBy: 'upstream', records: addrs.map((a) => ({ name: fqdn, type: 'A', value: a, ttl: DNS_TTL })) };
  }
  const labels = fqdn.slice(0, -(zone.length + 1)).split('.').filter(Boolean);
  const records = zoneRecords(labels, fqdn, data, depth);
  return records.length > 0
    ? { name: fqdn, rcode: 'NOERROR', answeredBy: 'kubernetes', records }
    : { name: fqdn, rcode: 'NXDOMAIN', answeredBy: 'kubernetes', records: [] };
}

function zoneRecords(labels: string[], fqdn: string, data: DnsData, depth: number): DnsRecord[] {
  const a = (value: string): DnsRecord => ({ name: fqdn, type: 'A', value, ttl: DNS_TTL });
  const kind = labels[labels.length - 1];
  if (kind === 'pod' && labels.length === 3) {
    const [host = '', ns = ''] = labels; // three labels (checked above)
    const ip = host.replaceAll('-', '.');
    return /^\d+\.\d+\.\d+\.\d+$/.test(ip) && namespaceExists(ns, data) ? [a(ip)] : [];
  }
  if (kind !== 'svc' || (labels.length !== 3 && labels.length !== 4)) return [];
  const [host, svcName, ns] = labels.length === 4 ? labels : [undefined, ...labels];
  const svc = data.services.find((s) => s.metadata.name === svcName && (s.metadata.namespace ?? 'default') === ns);
  if (!svc) return [];
  if (svc.spec.type === 'ExternalName') {
    if (host !== undefined || !svc.spec.externalName) return [];
    const target = fqdnOf(svc.spec.externalName);
    const cname: DnsRecord = { name: fqdn, type: 'CNAME', value: target, ttl: DNS_TTL };
    const chased = depth < 8 ? queryCoreDNS(target, data, depth + 1).records : [];
    return [cname, ...chased];
  }
  if (!isHeadless(svc)) return host === undefined && svc.spec.clusterIP ? [a(svc.spec.clusterIP)] : [];
  const eps = headlessEndpoints(svc, data.endpointSlices);
  const chosen = host === undefined ? eps : eps.filter((e) => e.hostname === host);
  return [...new Set(chosen.map((e) => e.ip))].map(a);
}

function headlessEndpoints(svc: Service, slices: readonly EndpointSlice[]): { ip: string; hostname?: string }[] {
  const ns = svc.metadata.namespace ?? 'default';
  const out: { ip: string; hostname?: string }[] = [];
  for (const s of slices) {
    if ((s.metadata.namespace ?? 'default') !== ns || s.metadata.labels?.[SERVICE_NAME_LABEL] !== svc.metadata.name) continue;
    for (const e of s.endpoints) {
      if (!svc.spec.publishNotReadyAddresses && e.conditions.ready === false) continue;
      for (const ip of e.addresses) out.push({ ip, hostname: e.hostname });
    }
  }
  return out;
}

function namespaceExists(ns: string, data: DnsData): boolean {
  const known = data.namespaces ?? data.services.map((s) => s.metadata.namespace ?? 'default');
  return known.includes(ns);
}

/** The names a resolver tries for `name`, in order. */
export function searchCandidates(name: string, rc: ResolvConf): string[] {
  if (name.endsWith('.')) return [name.toLowerCase()];
  const dots = name.split('.').length - 1;
  const searched = rc.search.map((d) => `${name}.${d}.`.toLowerCase());
  const absolute = `${name}.`.toLowerCase();
  return dots >= rc.ndots ? [absolute, ...searched] : [...searched, absolute];
}

/** What `getaddrinfo(name)` in a pod does: the queries sent in order, and the answer. */
export function resolveFromPod(name: string, rc: ResolvConf, data: DnsData): DnsLookup {
  const queries: DnsQuery[] = [];
  for (const candidate of searchCandidates(name, rc)) {
    const q = queryCoreDNS(candidate, data);
    queries.push(q);
    if (q.rcode === 'NOERROR') {
      const addresses = q.records.filter((r) => r.type === 'A').map((r) => r.value);
      return { queries, rcode: 'NOERROR', resolvedName: q.name, addresses };
    }
  }
  return { queries, rcode: 'NXDOMAIN', addresses: [] };
}
