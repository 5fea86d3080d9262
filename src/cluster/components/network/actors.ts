/**
 * The networking actors that appear only when traffic flows: the internet
 * client, CoreDNS, cloud load balancers, the ingress controller, external
 * hosts. Registered on first use so that scenarios without traffic keep their
 * component lists unchanged.
 */
import type { World } from '../world.ts';

export const INTERNET = 'internet';
export const COREDNS = 'coredns';
export const INGRESS_NGINX = 'ingress-nginx';
/** A documentation address (RFC 5737 TEST-NET-1) for "a client on the internet". */
export const INTERNET_CLIENT_IP = '192.0.2.10';

export function internet(w: World): string {
  w.rec.addHost({ id: 'internet', name: 'internet', role: 'external' });
  w.rec.addComponent({ id: INTERNET, kind: 'internet', name: 'client on the internet', host: 'internet', group: 'external' });
  return INTERNET;
}

/** CoreDNS (the kube-dns Service 10.96.0.10 in kube-system), drawn on the first worker like one of its pods. */
export function coredns(w: World, host: string | null): string {
  w.rec.addComponent({ id: COREDNS, kind: 'dns', name: 'CoreDNS', host, group: 'node', namespace: 'kube-system' });
  return COREDNS;
}

export function cloudLoadBalancer(w: World, namespace: string, name: string): string {
  const id = `cloud-lb:${namespace}/${name}`;
  w.rec.addHost({ id: 'cloud', name: 'cloud provider', role: 'external' });
  w.rec.addComponent({ id, kind: 'cloud-load-balancer', name: `load balancer ${name}`, host: 'cloud', group: 'external' });
  return id;
}

export function ingressNginx(w: World, host: string | null): string {
  w.rec.addComponent({ id: INGRESS_NGINX, kind: 'ingress-controller', name: 'ingress-nginx', host, group: 'node', namespace: 'ingress-nginx' });
  return INGRESS_NGINX;
}

export function externalHost(w: World, host: string): string {
  const id = `external:${host}`;
  w.rec.addHost({ id: 'internet', name: 'internet', role: 'external' });
  w.rec.addComponent({ id, kind: 'external', name: host, host: 'internet', group: 'external' });
  return id;
}
