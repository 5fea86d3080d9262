/**
 * cloud-controller-manager's service controller: for every Service of type
 * LoadBalancer it asks the cloud provider for a load balancer (forwarding to
 * the Service's NodePort on the nodes), then writes the address into
 * `status.loadBalancer.ingress` through the API server, with the Events the
 * real controller records (EnsuringLoadBalancer, EnsuredLoadBalancer); when
 * the Service is deleted, the load balancer goes too (DeletingLoadBalancer,
 * DeletedLoadBalancer).
 * Addresses come from 203.0.113.0/24 in order (network/ipam.ts).
 */
import { CONTROLLER_MANAGER } from '../../apiserver/identity.ts';
import { allocateLoadBalancerIP } from '../../core/network/index.ts';
import { clone, type Obj } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import { Client, type World } from '../world.ts';
import { cloudLoadBalancer } from '../network/actors.ts';
import { type ServiceObj, asService } from '../../core/typed.ts';

export const CLOUD_CONTROLLER_MANAGER = 'cloud-controller-manager';
const SERVICE = resourceForKind('Service')!;
/** How long the cloud takes to provision a load balancer (simulated). */
export const LB_PROVISION_MS = 3000;

export class CloudControllerManager {
  private readonly client: Client;
  private readonly inFlight = new Set<string>();

  constructor(private readonly w: World) {
    // The real component authenticates as its own service account; the model reuses kube-controller-manager's rights.
    this.client = new Client(w, CLOUD_CONTROLLER_MANAGER, CONTROLLER_MANAGER);
    w.rec.addComponent({ id: CLOUD_CONTROLLER_MANAGER, kind: 'cloud-controller-manager', name: 'cloud-controller-manager', host: 'control-plane', group: 'control-plane' });
    w.api.watch({
      component: CLOUD_CONTROLLER_MANAGER,
      kinds: ['Service'],
      filter: (o, t) => (t === 'DELETED' ? hasLoadBalancer(o) : needsLoadBalancer(o) && !this.inFlight.has(keyOf(o))),
      handler: (e) => (e.type === 'DELETED' ? this.remove(asService(e.object), e.cause) : this.ensure(asService(e.object), e.cause)),
    });
  }

  /** The Service is gone: the cloud load balancer is deleted with it. */
  private remove(svc: ServiceObj, cause: string): void {
    const ns = svc.metadata.namespace ?? 'default';
    const lb = cloudLoadBalancer(this.w, ns, svc.metadata.name);
    this.client.event(svc, 'Normal', 'DeletingLoadBalancer', 'Deleting load balancer', { component: 'service-controller' }, cause);
    const req = this.w.rec.emit({ type: 'request', from: CLOUD_CONTROLLER_MANAGER, to: lb, action: 'delete-load-balancer', summary: `delete load balancer for ${ns}/${svc.metadata.name}`, cause });
    this.w.clock.after(LB_PROVISION_MS, () => {
      const res = this.w.rec.emit({ type: 'response', from: lb, to: CLOUD_CONTROLLER_MANAGER, action: 'delete-load-balancer', result: 'ok', summary: 'load balancer deleted', cause: req });
      this.client.event(svc, 'Normal', 'DeletedLoadBalancer', 'Deleted load balancer', { component: 'service-controller' }, res);
    });
  }

  private ensure(svc: ServiceObj, cause: string): void {
    const key = keyOf(svc);
    this.inFlight.add(key);
    const ns = svc.metadata.namespace ?? 'default';
    const name = svc.metadata.name;
    this.client.event(svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer', { component: 'service-controller' }, cause);
    const lb = cloudLoadBalancer(this.w, ns, name);
    const used = new Set<string>();
    for (const s of this.w.api.cache.list('Service')) for (const i of s.status?.loadBalancer?.ingress ?? []) if (i.ip) used.add(i.ip);
    const ip = allocateLoadBalancerIP(used);
    const ports = (svc.spec?.ports ?? []).map((p) => `${p.port}→NodePort ${p.nodePort}`).join(', ');
    const req = this.w.rec.emit({ type: 'request', from: CLOUD_CONTROLLER_MANAGER, to: lb, action: 'create-load-balancer', summary: `create load balancer for ${ns}/${name} (${ports})`, cause });
    this.w.clock.after(LB_PROVISION_MS, () => {
      if (!ip.ok) {
        this.w.rec.emit({ type: 'response', from: lb, to: CLOUD_CONTROLLER_MANAGER, action: 'create-load-balancer', result: 'error', summary: ip.message, cause: req });
        this.inFlight.delete(key);
        return;
      }
      const res = this.w.rec.emit({ type: 'response', from: lb, to: CLOUD_CONTROLLER_MANAGER, action: 'create-load-balancer', result: 'ok', summary: `load balancer ready at ${ip.value}`, cause: req, attrs: { ip: ip.value } });
      const live = this.w.api.cache.get('Service', `/registry/services/specs/${ns}/${name}`);
      if (!live) return void this.inFlight.delete(key);
      const body = clone(live);
      body.status = { ...(body.status ?? {}), loadBalancer: { ingress: [{ ip: ip.value, ipMode: 'VIP' }] } };
      this.client.call({ verb: 'update', resource: SERVICE, namespace: ns, name, subresource: 'status', body, cause: res, note: `${name} (ingress ${ip.value})` }, (r) => {
        this.inFlight.delete(key);
        if (r.status < 300 && r.object) this.client.event(r.object, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer', { component: 'service-controller' }, r.eventId);
      });
    });
  }
}

function keyOf(o: Obj): string {
  return `${o.metadata.namespace ?? 'default'}/${o.metadata.name}`;
}

function needsLoadBalancer(o: Obj): boolean {
  return asService(o).spec?.type === 'LoadBalancer' && !(asService(o).status?.loadBalancer?.ingress ?? []).some((i: { ip?: string }) => i.ip);
}

function hasLoadBalancer(o: Obj): boolean {
  return asService(o).spec?.type === 'LoadBalancer' && (asService(o).status?.loadBalancer?.ingress ?? []).some((i: { ip?: string }) => i.ip);
}
