/**
 * An Ingress request: the client reaches ingress-nginx (through its own
 * Service, not drawn), the controller matches host and path against the
 * Ingresses of its class, and proxies straight to a ready endpoint of the
 * backend Service (ingress-nginx balances over EndpointSlices itself, not
 * through the ClusterIP).
 */
import { ingressesForController, resolveIngressBackend, routeIngress, type Pod } from '../../core/network/index.ts';
import { endpointSlices, ingressClasses, ingresses, services } from '../../components/network/views.ts';
import { ingressNginx } from '../../components/network/actors.ts';
import { deliver, replyHop } from './deliver.ts';
import type { Net } from './net.ts';
import { NET_LATENCY, type Hop, type RequestPlan, type Source, type Target } from './types.ts';

export const INGRESS_NGINX_CONTROLLER = 'k8s.io/ingress-nginx';
/** The controller pod runs on the first ready worker; its address is the .254 of that node's pod CIDR (outside what the kubelet hands out here). */
const CONTROLLER_POD_NAME = 'ingress-nginx-controller';

export function planIngress(net: Net, src: Source, target: Extract<Target, { kind: 'ingress' }>, hops: Hop[]): RequestPlan {
  const ing = ingresses(net.w).find((i) => i.metadata.name === target.name && (i.metadata.namespace ?? 'default') === target.namespace);
  if (!ing) return { hops, result: { kind: 'unresolved', name: `ingress/${target.name}` } };
  const node = net.nodes.find((n) => n.ready) ?? net.nodes[0]!;
  const ctrl = ingressNginx(net.w, node.name);
  const host = target.host ?? ing.spec.rules?.find((r) => r.host)?.host ?? node.ip;
  const url = `http://${host}${target.path}`;
  hops.push({ from: src.component, to: ctrl, summary: `GET ${url}`, delayMs: src.kind === 'internet' ? NET_LATENCY.internet : NET_LATENCY.node, attrs: { host, path: target.path, srcIP: src.ip } });
  const classes = ingressClasses(net.w);
  // Without IngressClass objects the one controller of the cluster serves every Ingress.
  const served = classes.length > 0 ? ingressesForController(ingresses(net.w), classes, INGRESS_NGINX_CONTROLLER) : ingresses(net.w);
  const route = routeIngress(served, { host, path: target.path });
  if (!route.matched) {
    hops.push({ from: ctrl, to: ctrl, summary: `no rule matches ${host}${target.path}`, detail: route.reason, result: 'not-found', delayMs: NET_LATENCY.local, internal: true });
    hops.push(replyHop(ctrl, src.component, true, url, NET_LATENCY.internet, 404));
    return { hops, result: { kind: 'answered', status: 404, by: ctrl, byIp: '' } };
  }
  const be = route.backend.service;
  const beText = be ? `${be.name}:${be.port?.name ?? be.port?.number}` : 'resource backend';
  hops.push({
    from: ctrl,
    to: ctrl,
    summary: `Ingress ${route.ingress}: ${route.host ?? '*'}${route.path ?? ''} → service ${beText}`,
    delayMs: NET_LATENCY.local,
    internal: true,
    attrs: { ingress: route.ingress, via: route.via, ...(route.pathType ? { pathType: route.pathType } : {}), backend: beText },
  });
  const up = resolveIngressBackend(route.backend, route.namespace, services(net.w), endpointSlices(net.w));
  if (!up.ok) {
    hops.push({ from: ctrl, to: ctrl, summary: `503: ${up.reason}`, result: 'unavailable', delayMs: NET_LATENCY.local, internal: true });
    hops.push(replyHop(ctrl, src.component, true, url, NET_LATENCY.internet, 503));
    return { hops, result: { kind: 'answered', status: 503, by: ctrl, byIp: '' } };
  }
  const u = up.upstreams[net.pick(up.upstreams.length)]!;
  const dst = net.podByIp(u.ip);
  if (!dst) return { hops, result: { kind: 'dropped', where: ctrl, reason: `upstream ${u.ip} is gone` } };
  const ctrlIp = controllerIp(node.podCIDR);
  const self: Pod = { metadata: { name: CONTROLLER_POD_NAME, namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' } }, spec: { nodeName: node.name, containers: [] }, status: { podIP: ctrlIp } };
  const plan = deliver(net, {
    fromNode: node.name,
    last: ctrl,
    srcIP: ctrlIp,
    dstIP: u.ip,
    dstPort: u.port,
    peer: { kind: 'pod', pod: self },
    dst,
    replyTo: ctrl,
    replyFrom: `${u.ip}:${u.port}`,
    http: true,
    extraNamespaces: { 'ingress-nginx': { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
  }, hops);
  if (plan.result.kind === 'answered') plan.hops.push(replyHop(ctrl, src.component, true, url, src.kind === 'internet' ? NET_LATENCY.internet : NET_LATENCY.node));
  return plan;
}

function controllerIp(podCIDR: string): string {
  const base = podCIDR.split('/')[0] ?? '10.244.1.0';
  const parts = base.split('.');
  return `${parts[0]}.${parts[1]}.${parts[2]}.254`;
}
