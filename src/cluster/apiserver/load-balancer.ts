/**
 * The load balancer in front of several kube-apiservers (kubeadm's
 * `controlPlaneEndpoint`, e.g. HAProxy or a cloud NLB on port 6443). It
 * spreads new requests round-robin over the API servers its health check
 * (`GET /readyz`) considers up — deterministic, so traces are stable.
 *
 * Who goes through it: kubectl and the node agents (kubelet, kube-proxy),
 * which are configured with the shared endpoint. kube-controller-manager and
 * kube-scheduler talk to the API server on their own control-plane node, as
 * kubeadm configures them.
 */
import type { Recorder } from '../../trace/recorder.ts';

export const LB_ID = 'apiserver-lb';

export class ApiLoadBalancer {
  private readonly up = new Map<string, boolean>();
  private next = 0;

  constructor(readonly servers: readonly string[]) {
    for (const s of servers) this.up.set(s, true);
  }

  /** The next healthy API server (round-robin), or undefined when none is up. */
  pick(): string | undefined {
    for (let i = 0; i < this.servers.length; i++) {
      const s = this.servers[(this.next + i) % this.servers.length]!;
      if (this.up.get(s)) {
        this.next = (this.next + i + 1) % this.servers.length;
        return s;
      }
    }
    return undefined;
  }

  setUp(server: string, up: boolean): boolean {
    if (!this.up.has(server)) return false;
    this.up.set(server, up);
    return true;
  }

  isUp(server: string): boolean {
    return this.up.get(server) ?? false;
  }

  healthy(): string[] {
    return this.servers.filter((s) => this.up.get(s));
  }
}

/** Clients configured with the load-balanced endpoint. */
export function usesLoadBalancer(from: string): boolean {
  return from === 'kubectl' || from.startsWith('kubelet@') || from.startsWith('kube-proxy@');
}

/** What the load balancer's health check records when an API server goes down or comes back. */
export function recordHealthCheck(rec: Recorder, lb: ApiLoadBalancer, server: string, up: boolean): void {
  const probe = rec.emit({ type: 'request', from: LB_ID, to: server, method: 'GET', path: '/readyz', summary: 'health check GET /readyz', ...(up ? {} : { result: 'dropped' as const }), cause: null });
  const last = up ? rec.emit({ type: 'response', from: server, to: LB_ID, status: 200, result: 'ok', summary: '200 ok', cause: probe }) : probe;
  const n = lb.healthy().length;
  rec.emit({ type: 'phase', from: LB_ID, to: LB_ID, phase: 'other', summary: up ? `${server} healthy again: back in the pool (${n}/${lb.servers.length})` : `${server} failed its health check: removed from the pool (${n}/${lb.servers.length} healthy)`, result: up ? 'ok' : 'unavailable', cause: last });
}
