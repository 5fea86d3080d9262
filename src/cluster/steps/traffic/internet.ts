/**
 * From the internet to a Service: through its cloud load balancer (which
 * picks a node passing its health check and forwards to the NodePort), or
 * straight to a node's NodePort; cluster-internal addresses are unreachable.
 */
import { loadBalancerTargetNodes, loadBalancerToNode, type Service } from '../../core/network/index.ts';
import { endpointSlices } from '../../components/network/views.ts';
import type { Net } from './net.ts';
import { viaKubeProxy } from './service-route.ts';
import { NET_LATENCY, type Hop, type RequestPlan, type Source } from './types.ts';

/** From the internet to a Service: through its cloud load balancer, or straight to a NodePort. */
export function fromInternet(net: Net, src: Extract<Source, { kind: 'internet' }>, svc: Service, port: number, http: boolean, hops: Hop[]): RequestPlan {
  const ns = svc.metadata.namespace ?? 'default';
  const type = svc.spec.type ?? 'ClusterIP';
  const sp = (svc.spec.ports ?? []).find((p) => p.port === port) ?? svc.spec.ports?.[0];
  const lbIp = (svc.status?.loadBalancer?.ingress ?? []).find((i) => i.ip)?.ip;
  if (type === 'ClusterIP' || type === 'ExternalName' || !sp?.nodePort) {
    return unreachable(src, `${ns}/${svc.metadata.name} is type ${type}: not reachable from outside the cluster`, hops);
  }
  const ready = net.nodes.filter((n) => n.ready);
  if (type === 'LoadBalancer' && lbIp) {
    const lb = `cloud-lb:${ns}/${svc.metadata.name}`;
    const flow = { srcIP: src.ip, dstIP: lbIp, dstPort: port, protocol: 'TCP' as const };
    hops.push({ from: src.component, to: lb, summary: `TCP ${src.ip} → ${lbIp}:${port}`, delayMs: NET_LATENCY.internet, attrs: { srcIP: src.ip, dstIP: lbIp, dstPort: port } });
    const targets = loadBalancerTargetNodes(svc, endpointSlices(net.w).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name && (s.metadata.namespace ?? 'default') === ns), ready.map((n) => n.name), sp.name ?? '');
    if (targets.length === 0) {
      hops.push({ from: lb, to: lb, summary: 'no healthy node behind the load balancer', result: 'dropped', delayMs: 0, internal: true });
      return { hops, result: { kind: 'dropped', where: lb, reason: 'no node passes the load balancer health check' } };
    }
    const node = net.node(targets[net.pick(targets.length)]!)!;
    const toNode = loadBalancerToNode(flow, svc, { name: node.name, ip: node.ip }, 'nodeport', sp.name ?? '');
    const proxy = `kube-proxy@${node.name}`;
    hops.push({ from: lb, to: proxy, summary: `→ ${node.name} ${toNode.flow.dstIP}:${toNode.flow.dstPort} (NodePort)`, delayMs: NET_LATENCY.node, attrs: { node: node.name, nodePort: toNode.flow.dstPort, healthyNodes: targets.length } });
    return viaKubeProxyFromEdge(net, src, node.name, proxy, src.ip, node.ip, toNode.flow.dstPort, http, hops, lb, `${lbIp}:${port}`);
  }
  const node = ready[0] ?? net.nodes[0]!;
  return viaKubeProxy(net, src, node.name, src.component, src.ip, node.ip, sp.nodePort, http, hops, src.component, `${node.ip}:${sp.nodePort}`);
}

/** The packet already sits at kube-proxy's node (from a cloud LB): route it from there, reply through the LB. */
function viaKubeProxyFromEdge(net: Net, src: Source, node: string, proxy: string, srcIP: string, dstIP: string, dstPort: number, http: boolean, hops: Hop[], lb: string, seenFrom: string): RequestPlan {
  const plan = viaKubeProxy(net, src, node, proxy, srcIP, dstIP, dstPort, http, hops, lb, seenFrom);
  // viaKubeProxy recorded a hop proxy → proxy for the rules walk; make it a decision inside kube-proxy's node.
  const walk = plan.hops.find((h) => h.from === proxy && h.to === proxy && !h.internal);
  if (walk) walk.internal = true;
  if (plan.result.kind === 'answered') plan.hops.push({ from: lb, to: src.component, summary: `${http ? 'HTTP/1.1 200 OK' : 'reply'} (from ${seenFrom})`, delayMs: NET_LATENCY.internet, ...(http ? { status: 200 } : {}) });
  return plan;
}

/** The internet has no route to cluster-internal addresses: the request goes nowhere. */
export function unreachable(src: Extract<Source, { kind: 'internet' }>, why: string, hops: Hop[]): RequestPlan {
  hops.push({ from: src.component, to: src.component, summary: why, result: 'dropped', delayMs: 0, internal: true });
  return { hops, result: { kind: 'dropped', where: '', reason: why } };
}
