/**
 * The API servers' endpoint reconciler (pkg/controlplane/reconcilers/lease.go
 * with endpointsadapter.go; `--endpoint-reconciler-type=lease`, the default):
 * every API server keeps a lease (TTL 15 s, refreshed every 10 s) on its
 * advertise address, and reconciles the `default/kubernetes` Endpoints
 * (label endpointslice.kubernetes.io/skip-mirror=true) and EndpointSlice
 * `kubernetes` (label kubernetes.io/service-name=kubernetes, ready endpoints)
 * to the addresses that hold a lease, port `https` 6443/TCP. kube-proxy
 * programs the `kubernetes` Service (10.96.0.1:443) from that slice, which is
 * how pods reach the API server.
 *
 * The objects exist at boot (the reconciler ran when the cluster came up).
 * Afterwards: an API server that goes down stops refreshing its lease; 15 s
 * later another API server's reconcile finds the lease expired and rewrites
 * both objects without it. An API server that comes back refreshes its lease
 * and adds itself at once. With one API server there is nobody left to
 * remove it (the objects keep its address, as on a real single-server cluster).
 */
import { userIdentity } from '../apiserver/identity.ts';
import type { Obj } from '../core/object.ts';
import { etcdKey, resourceForKind } from '../core/resources.ts';
import { API_SERVER_PORT } from '../core/network/index.ts';
import { Client, type World } from './world.ts';

/** MasterEndpointReconcileTTL: a lease not refreshed for this long expires. */
export const MASTER_LEASE_TTL_MS = 15_000;
const ENDPOINTS = resourceForKind('Endpoints')!;
const SLICE = resourceForKind('EndpointSlice')!;
const SKIP_MIRROR = 'endpointslice.kubernetes.io/skip-mirror';
const PORTS = [{ name: 'https', port: API_SERVER_PORT, protocol: 'TCP' as const }];

/** The Endpoints object `default/kubernetes` listing `ips` (sorted as ListLeases returns them). */
export function kubernetesEndpoints(ips: readonly string[]): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { [SKIP_MIRROR]: 'true' } },
    subsets: [{ addresses: ips.map((ip) => ({ ip })), ports: PORTS.map((p) => ({ ...p })) }],
  };
}

/** The EndpointSlice `default/kubernetes` listing `ips`, each ready. */
export function kubernetesEndpointSlice(ips: readonly string[]): Obj {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: ips.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
    ports: PORTS.map((p) => ({ ...p })),
  } as Obj;
}

export class ApiServerEndpoints {
  /** API server id → advertise address. */
  private readonly addresses: Map<string, string>;
  /** Addresses whose lease is live. */
  private readonly leased: Set<string>;
  private readonly clients = new Map<string, Client>();

  constructor(
    private readonly w: World,
    servers: readonly string[],
    addresses: readonly string[],
  ) {
    this.addresses = new Map(servers.map((s, i) => [s, addresses[i]!]));
    this.leased = new Set(addresses);
    for (const s of servers) this.clients.set(s, new Client(w, s, userIdentity('system:apiserver', ['system:masters'])));
  }

  /** The addresses holding a lease, sorted (what ListLeases yields from etcd's sorted keys). */
  current(): string[] {
    return [...this.leased].sort();
  }

  /** Which API server answers at `ip` (a DNAT target of the `kubernetes` Service). */
  serverAt(ip: string): string | undefined {
    for (const [s, a] of this.addresses) if (a === ip) return s;
    return undefined;
  }

  /** Fault hook: API server `server` went down or came back. */
  serverChanged(server: string, up: boolean, isUp: (server: string) => boolean): void {
    const ip = this.addresses.get(server);
    if (ip === undefined) return;
    if (up) {
      // At start-up the server refreshes its own lease and reconciles right away.
      if (this.leased.has(ip)) return;
      this.leased.add(ip);
      this.reconcile(server, `lease on ${ip} refreshed at start-up`);
      return;
    }
    this.w.clock.after(MASTER_LEASE_TTL_MS, () => {
      if (isUp(server) || !this.leased.has(ip)) return;
      const survivor = [...this.addresses.keys()].find((s) => s !== server && isUp(s));
      if (!survivor) return;
      this.leased.delete(ip);
      this.reconcile(survivor, `master lease of ${ip} (${server}) not refreshed for ${MASTER_LEASE_TTL_MS / 1000}s: expired`);
    });
  }

  /** doReconcile: the Endpoints, then the EndpointSlice, rewritten with the leased addresses. */
  private reconcile(server: string, why: string): void {
    const client = this.clients.get(server)!;
    const ips = this.current();
    const cause = this.w.rec.emit({ type: 'phase', from: server, to: server, phase: 'reconcile', summary: `${why}; kubernetes endpoints → ${ips.map((ip) => `${ip}:${API_SERVER_PORT}`).join(', ')}`, result: 'ok', cause: null });
    const ep = this.w.api.cache.get('Endpoints', etcdKey(ENDPOINTS, 'default', 'kubernetes'));
    const slice = this.w.api.cache.get('EndpointSlice', etcdKey(SLICE, 'default', 'kubernetes'));
    const epBody = kubernetesEndpoints(ips);
    const sliceBody = kubernetesEndpointSlice(ips);
    if (ep) epBody.metadata = { ...ep.metadata, labels: epBody.metadata.labels };
    if (slice) sliceBody.metadata = { ...slice.metadata, labels: sliceBody.metadata.labels };
    const note = `kubernetes (${ips.length} API server${ips.length === 1 ? '' : 's'})`;
    client.call({ verb: ep ? 'update' : 'create', resource: ENDPOINTS, namespace: 'default', ...(ep ? { name: 'kubernetes' } : {}), body: epBody, server, cause, note }, (res) => {
      client.call({ verb: slice ? 'update' : 'create', resource: SLICE, namespace: 'default', ...(slice ? { name: 'kubernetes' } : {}), body: sliceBody, server, cause: res.eventId, note });
    });
  }
}
