/** A small cluster for the networking tests: three workers, a few Services and their pods. */
import { computeEndpointSlices } from '../../src/cluster/core/network/endpointslices.ts';
import type { EndpointSlice, Pod, Service } from '../../src/cluster/core/network/types.ts';
import { at, must } from '../helpers/at.ts';

export function pod(name: string, ip: string, node: string, labels: Record<string, string>, opts: Partial<{ ready: boolean; terminating: boolean; ns: string; ports: { name?: string; containerPort: number; protocol?: 'TCP' | 'UDP' }[] }> = {}): Pod {
  const p: Pod = {
    metadata: { name, namespace: opts.ns ?? 'default', labels, uid: `uid-${name}` },
    spec: { nodeName: node, containers: [{ name: 'app', ports: opts.ports ?? [{ name: 'http', containerPort: 8080 }] }] },
    status: { phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }] },
  };
  if (opts.terminating) p.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
  return p;
}

export function suffixes(): () => string {
  const list = ['abcde', 'fghij', 'klmno', 'pqrst', 'uvwxy', 'z2345', 'b6789', 'cdfgh'];
  let i = 0;
  return () => at(list, i++ % list.length);
}

export const services: Service[] = [
  {
    metadata: { name: 'kubernetes', namespace: 'default' },
    spec: { type: 'ClusterIP', clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, targetPort: 6443, protocol: 'TCP' }] },
  },
  {
    metadata: { name: 'kube-dns', namespace: 'kube-system' },
    spec: {
      clusterIP: '10.96.0.10',
      selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
    },
  },
  {
    metadata: { name: 'web', namespace: 'default' },
    spec: { clusterIP: '10.96.100.50', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] },
  },
  {
    metadata: { name: 'shop', namespace: 'default' },
    spec: {
      type: 'NodePort',
      clusterIP: '10.96.200.7',
      selector: { app: 'shop' },
      externalTrafficPolicy: 'Local',
      ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 }],
    },
  },
  {
    metadata: { name: 'front', namespace: 'default' },
    spec: {
      type: 'LoadBalancer',
      clusterIP: '10.96.33.3',
      selector: { app: 'web' },
      ports: [{ port: 80, targetPort: 8080, nodePort: 31000 }],
    },
    status: { loadBalancer: { ingress: [{ ip: '203.0.113.1' }] } },
  },
  {
    metadata: { name: 'empty', namespace: 'default' },
    spec: { type: 'NodePort', clusterIP: '10.96.44.4', selector: { app: 'nothing' }, ports: [{ port: 80, nodePort: 30500 }] },
  },
  { metadata: { name: 'db', namespace: 'default' }, spec: { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] } },
];

export const pods: Pod[] = [
  pod('coredns-1', '10.244.1.2', 'worker-1', { 'k8s-app': 'kube-dns' }, { ns: 'kube-system', ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53 }, { name: 'metrics', containerPort: 9153 }] }),
  pod('coredns-2', '10.244.2.2', 'worker-2', { 'k8s-app': 'kube-dns' }, { ns: 'kube-system', ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53 }, { name: 'metrics', containerPort: 9153 }] }),
  pod('web-1', '10.244.1.3', 'worker-1', { app: 'web' }),
  pod('web-2', '10.244.2.3', 'worker-2', { app: 'web' }),
  pod('web-3', '10.244.3.2', 'worker-3', { app: 'web' }),
  pod('web-4', '10.244.3.3', 'worker-3', { app: 'web' }, { ready: false }),
  pod('shop-1', '10.244.2.4', 'worker-2', { app: 'shop' }),
  pod('db-0', '10.244.1.4', 'worker-1', { app: 'db' }),
];

/** The kubernetes Service has no selector: its slice is written by the API server (endpoint reconciler). */
export const kubernetesSlice: EndpointSlice = {
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
  addressType: 'IPv4',
  endpoints: [{ addresses: ['192.168.49.2'], conditions: { ready: true } }],
  ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
};

export function allSlices(): EndpointSlice[] {
  const suffix = suffixes();
  return [kubernetesSlice, ...services.flatMap((s) => computeEndpointSlices(s, pods, { suffix }))];
}

export const WORKER_IPS: Record<string, string> = { 'worker-1': '192.168.49.3', 'worker-2': '192.168.49.4', 'worker-3': '192.168.49.5' };

/** The node IP of a worker of WORKER_IPS. */
export function workerIP(name: string): string {
  return must(WORKER_IPS[name], `WORKER_IPS[${name}]`);
}
