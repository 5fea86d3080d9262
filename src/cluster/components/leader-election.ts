/**
 * Leader election of kube-controller-manager and kube-scheduler when the
 * control plane has several nodes: one instance of each runs on every
 * control-plane node (talking to that node's API server), and only the holder
 * of the Lease `kube-system/kube-controller-manager` (resp. `kube-scheduler`,
 * coordination.k8s.io/v1) acts; the others stand by.
 *
 * The first instance finds no Lease and creates it (it becomes the leader);
 * the others read it and wait. When the leader's API server goes down, the
 * leader cannot renew: once `leaseDurationSeconds` (15 s) have passed without a
 * renewal, the next instance whose API server is up takes the Lease over
 * (PUT with itself as holder, `leaseTransitions` + 1) and becomes the leader.
 *
 * Simplification (documented): the renewals every `retryPeriod` (2 s) are not
 * recorded — they would fill the trace with identical PUTs; the takeover
 * happens exactly one lease duration after the failure.
 */
import { CONTROLLER_MANAGER, SCHEDULER, type Identity } from '../apiserver/identity.ts';
import { timestamp, type Obj } from '../core/object.ts';
import { asLease } from '../core/typed.ts';
import { resourceForKind } from '../core/resources.ts';
import { Client, type World } from './world.ts';
import { KCM } from './controllers/controller.ts';
import { SCHEDULER_ID } from './kube-scheduler.ts';

export const LEASE_DURATION_MS = 15_000;
const LEASE = resourceForKind('Lease')!;

interface Instance {
  id: string;
  node: string;
  server: string;
  client: Client;
}

interface Election {
  lease: string;
  instances: Instance[];
  leader: number;
  holder: string;
}

export class LeaderElection {
  private readonly elections: Election[];

  constructor(
    private readonly w: World,
    private readonly servers: readonly string[],
  ) {
    this.elections = [this.election(KCM, CONTROLLER_MANAGER, 'controller-manager'), this.election(SCHEDULER_ID, SCHEDULER, 'scheduler')];
    // The components start with the cluster: the election is the first thing that happens.
    w.clock.after(0, () => {
      for (const e of this.elections) this.start(e);
    });
  }

  private election(base: string, who: Identity, kind: 'controller-manager' | 'scheduler'): Election {
    const instances = this.servers.map((server, i): Instance => {
      const node = `control-plane-${i + 1}`;
      const id = i === 0 ? base : `${base}-${i + 1}`;
      if (i > 0) this.w.rec.addComponent({ id, kind, name: `${base} (${node})`, host: 'control-plane', group: 'control-plane' });
      return { id, node, server, client: new Client(this.w, id, who) };
    });
    return { lease: base, instances, leader: 0, holder: '' };
  }

  private holderIdentity(inst: Instance): string {
    return `${inst.node}_${this.w.prng('leader-election').string('0123456789abcdef', 8)}`;
  }

  private start(e: Election): void {
    const first = e.instances[0]!;
    first.client.call({ verb: 'get', resource: LEASE, namespace: 'kube-system', name: e.lease, server: first.server, cause: null, note: `${e.lease} (leader election)` }, (res) => {
      if (res.status !== 404) return;
      e.holder = this.holderIdentity(first);
      const lease = leaseObject(e.lease, e.holder, this.w.clock.now(), 0);
      first.client.call({ verb: 'create', resource: LEASE, namespace: 'kube-system', body: lease, server: first.server, cause: res.eventId, note: `${e.lease} (acquire)` }, (created) => {
        if (created.status !== 201) return;
        this.becameLeader(e, first, created.object!, created.eventId);
        // The standbys find the Lease held and wait.
        for (const inst of e.instances.slice(1)) this.standBy(e, inst, created.eventId);
      });
    });
  }

  private standBy(e: Election, inst: Instance, cause: string): void {
    inst.client.call({ verb: 'get', resource: LEASE, namespace: 'kube-system', name: e.lease, server: inst.server, cause, note: `${e.lease} (leader election)` }, (res) => {
      this.w.rec.emit({ type: 'phase', from: inst.id, to: inst.id, phase: 'leader-election', summary: `lease held by ${e.holder}: standing by`, result: 'ok', cause: res.eventId });
    });
  }

  private becameLeader(e: Election, inst: Instance, lease: Obj, cause: string): void {
    const id = this.w.rec.emit({ type: 'phase', from: inst.id, to: inst.id, phase: 'leader-election', summary: `successfully acquired lease kube-system/${e.lease}: leader`, result: 'ok', cause });
    inst.client.event(lease, 'Normal', 'LeaderElection', `${e.holder} became leader`, { component: e.lease }, id);
  }

  /** Hook for `fault: { apiServer: … }`: a leader whose API server is down loses its Lease after one lease duration. */
  apiServerChanged(server: string, up: boolean, isUp: (server: string) => boolean): void {
    if (up) return;
    for (const e of this.elections) {
      if (e.instances[e.leader]!.server !== server) continue;
      this.w.clock.after(LEASE_DURATION_MS, () => this.takeOver(e, isUp));
    }
  }

  private takeOver(e: Election, isUp: (server: string) => boolean): void {
    const next = e.instances.findIndex((inst, i) => i !== e.leader && isUp(inst.server));
    if (next < 0) return;
    const inst = e.instances[next]!;
    inst.client.call({ verb: 'get', resource: LEASE, namespace: 'kube-system', name: e.lease, server: inst.server, cause: null, note: `${e.lease} (leader election)` }, (res) => {
      if (res.status !== 200) return;
      const expired = this.w.rec.emit({ type: 'phase', from: inst.id, to: inst.id, phase: 'leader-election', summary: `lease of ${e.holder} not renewed for 15s: expired`, result: 'ok', cause: res.eventId });
      const holder = this.holderIdentity(inst);
      const transitions = Number(asLease(res.object!).spec?.leaseTransitions ?? 0) + 1;
      const body = { ...leaseObject(e.lease, holder, this.w.clock.now(), transitions), metadata: { ...res.object!.metadata } };
      inst.client.call({ verb: 'update', resource: LEASE, namespace: 'kube-system', name: e.lease, body, server: inst.server, cause: expired, note: `${e.lease} (take over)` }, (upd) => {
        if (upd.status !== 200) return;
        e.leader = next;
        e.holder = holder;
        // The new leader's controllers (or scheduler) now talk to its node's API server.
        this.w.api.localServer = inst.server;
        this.becameLeader(e, inst, upd.object!, upd.eventId);
      });
    });
  }
}

function microTime(ms: number): string {
  return timestamp(ms).replace('Z', '.000000Z');
}

function leaseObject(name: string, holder: string, now: number, transitions: number): Obj {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace: 'kube-system' },
    spec: { holderIdentity: holder, leaseDurationSeconds: LEASE_DURATION_MS / 1000, acquireTime: microTime(now), renewTime: microTime(now), leaseTransitions: transitions },
  };
}
