/**
 * Service IP and NodePort allocation, done by the API server's service
 * registry on create (random within the range in Kubernetes; here drawn from
 * a seeded PRNG so it is reproducible). `kubernetes` has 10.96.0.1 and
 * CoreDNS 10.96.0.10, as kubeadm sets them up.
 */
import type { Prng } from '../../common/prng.ts';
import type { Obj } from '../core/object.ts';
import { allocateClusterIP, allocateNodePort } from '../core/network/ipam.ts';
import { asService } from '../core/typed.ts';

export class IpAllocator {
  private readonly usedIps = new Set<string>(['10.96.0.1', '10.96.0.10']);
  private readonly usedPorts = new Set<number>();

  constructor(private readonly prng: Prng) {}

  clusterIp(): string {
    for (;;) {
      // 10.96.0.0/12 minus network, the two reserved above, and broadcast.
      const n = 2 + this.prng.int(0xfffff - 2);
      const ip = `10.${96 + (n >> 16)}.${(n >> 8) & 0xff}.${n & 0xff}`;
      if (!this.usedIps.has(ip)) {
        this.usedIps.add(ip);
        return ip;
      }
    }
  }

  reservePort(port: number): void {
    this.usedPorts.add(port);
  }

  reserve(ip: string): void {
    this.usedIps.add(ip);
  }

  /** The ClusterIP for a Service, from network/ipam.ts: a hash of namespace/name, probed on collision (stable across runs). */
  clusterIpFor(namespace: string, name: string): string {
    const a = allocateClusterIP(namespace, name, this.usedIps);
    if (!a.ok) return this.clusterIp();
    this.usedIps.add(a.value);
    return a.value;
  }

  /** The NodePort for port `index` of a Service, from network/ipam.ts. */
  nodePortFor(namespace: string, name: string, index: number): number {
    const a = allocateNodePort(namespace, name, index, this.usedPorts);
    if (!a.ok) return this.nodePort();
    this.usedPorts.add(a.value);
    return a.value;
  }

  nodePort(): number {
    for (;;) {
      const p = 30000 + this.prng.int(2768);
      if (!this.usedPorts.has(p)) {
        this.usedPorts.add(p);
        return p;
      }
    }
  }
}

export function allocateServiceIps(obj: Obj, ips: IpAllocator): void {
  const svc = asService(obj);
  const s = svc.spec ?? (svc.spec = {});
  if (s.type === 'ExternalName') return;
  if (s.clusterIP === undefined || s.clusterIP === '') s.clusterIP = ips.clusterIpFor(svc.metadata.namespace ?? 'default', svc.metadata.name);
  else if (s.clusterIP !== 'None') ips.reserve(s.clusterIP);
  s.clusterIPs = [s.clusterIP];
  if (s.type === 'NodePort' || s.type === 'LoadBalancer') {
    (s.ports ?? []).forEach((p, i) => {
      if (p.nodePort === undefined) p.nodePort = ips.nodePortFor(svc.metadata.namespace ?? 'default', svc.metadata.name, i);
      else ips.reservePort(p.nodePort);
    });
  }
}
