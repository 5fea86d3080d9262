/**
 * The last part of a path whose destination is an API server (an endpoint
 * of the `kubernetes` Service, 10.96.0.1:443 → <advertise address>:6443, or
 * that address itself): the packet leaves the node for the control-plane
 * machine, and the API server answers the HTTPS request as it answers a
 * client without credentials (anonymous auth, kubeadm's default): the paths
 * of the system:public-info-viewer ClusterRole (/healthz, /livez, /readyz,
 * /version) with 200, anything else with 403.
 */
import { API_SERVER_PORT } from '../../core/network/index.ts';
import { replyHop } from './deliver.ts';
import { NET_LATENCY, type Hop, type RequestPlan } from './types.ts';

/** Non-resource URLs system:public-info-viewer grants to system:unauthenticated. */
const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version', '/version/']);

export interface ApiServerHop {
  last: string;
  srcIP: string;
  dstIP: string;
  dstPort: number;
  server: { id: string; up: boolean };
  path: string;
  replyTo: string;
  replyFrom: string;
}

export function toApiServer(d: ApiServerHop, hops: Hop[]): RequestPlan {
  const flow = `${d.srcIP} → ${d.dstIP}:${d.dstPort}`;
  const attrs = { srcIP: d.srcIP, dstIP: d.dstIP, dstPort: d.dstPort };
  if (!d.server.up || d.dstPort !== API_SERVER_PORT) {
    const why = d.server.up ? `nothing listens on ${d.dstIP}:${d.dstPort}` : `nothing listens on ${d.dstIP}:${d.dstPort} (${d.server.id} is down)`;
    hops.push({ from: d.last, to: d.server.id, summary: `${flow}: TCP RST`, result: 'error', delayMs: NET_LATENCY.node, attrs });
    return { hops, result: { kind: 'refused', reason: why } };
  }
  const path = d.path.split('?')[0] ?? '/';
  const status = PUBLIC_PATHS.has(path) ? 200 : 403;
  hops.push({ from: d.last, to: d.server.id, summary: `${flow} over the node network (HTTPS)`, delayMs: NET_LATENCY.node, attrs: { ...attrs, route: 'control-plane' } });
  const reply = replyHop(d.server.id, d.replyTo, true, d.replyFrom, NET_LATENCY.app + NET_LATENCY.node, status);
  if (status === 403) reply.detail = `{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"forbidden: User \\"system:anonymous\\" cannot get path \\"${path}\\"","reason":"Forbidden","details":{},"code":403}`;
  hops.push(reply);
  return { hops, result: { kind: 'answered', status, by: d.server.id, byIp: d.dstIP, node: 'control-plane' } };
}
