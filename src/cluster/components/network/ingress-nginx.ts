/**
 * The ingress-nginx controller as a watcher: it lists/watches Ingresses (and
 * the EndpointSlices of the Services they name) through the API server and
 * regenerates its nginx configuration — recorded as an `action`
 * (`sync-ingress`) with the number of servers (hosts) and locations (paths).
 * Requests are routed from the current objects by the traffic planner.
 */
import { LATENCY } from '../../kernel/clock.ts';
import type { Obj } from '../../core/object.ts';
import type { World } from '../world.ts';
import { ingressNginx } from './actors.ts';
import { ingresses } from './views.ts';

export class IngressNginx {
  private pending: string | null = null;
  private readonly id: string;

  constructor(private readonly w: World, host: string | null) {
    this.id = ingressNginx(w, host);
    w.api.watch({
      component: this.id,
      kinds: ['Ingress', 'EndpointSlice'],
      filter: (o) => o.kind === 'Ingress' || this.backs(o),
      handler: (e) => this.onChange(e.cause),
    });
  }

  /** Is this EndpointSlice one of a Service some Ingress routes to? */
  private backs(slice: Obj): boolean {
    const svc = slice.metadata.labels?.['kubernetes.io/service-name'];
    if (!svc) return false;
    return ingresses(this.w).some(
      (i) => (i.metadata.namespace ?? 'default') === slice.metadata.namespace && [...(i.spec.rules ?? []).flatMap((r) => r.http?.paths ?? []).map((p) => p.backend), ...(i.spec.defaultBackend ? [i.spec.defaultBackend] : [])].some((b) => b.service?.name === svc),
    );
  }

  /** Changes are batched like the controller's sync queue, then nginx reloads (or updates upstreams dynamically). */
  private onChange(cause: string): void {
    const first = this.pending === null;
    this.pending = cause;
    if (!first) return;
    this.w.clock.after(LATENCY.iptables, () => {
      const c = this.pending!;
      this.pending = null;
      const all = ingresses(this.w);
      const hosts = new Set(all.flatMap((i) => (i.spec.rules ?? []).map((r) => r.host ?? '_')));
      const locations = all.reduce((n, i) => n + (i.spec.rules ?? []).reduce((m, r) => m + (r.http?.paths.length ?? 0), 0), 0);
      this.w.rec.emit({
        type: 'action',
        from: this.id,
        to: this.id,
        action: 'sync-ingress',
        summary: `nginx configuration: ${hosts.size} server${hosts.size === 1 ? '' : 's'}, ${locations} location${locations === 1 ? '' : 's'}`,
        cause: c,
        attrs: { ingresses: all.length, servers: hosts.size, locations },
      });
    });
  }
}
