/**
 * The API Priority and Fairness config controller that runs inside
 * kube-apiserver (k8s.io/apiserver/pkg/util/flowcontrol/apf_controller.go):
 * whenever FlowSchemas or PriorityLevelConfigurations change it digests them
 * (digestFlowSchemasLocked) and, for each FlowSchema whose `Dangling`
 * condition is not what it should be (presyncFlowSchemaStatus), writes it with
 * a PATCH of flowschemas/status (server-side apply, field manager
 * api-priority-and-fairness-config-consumer-v1): status True, reason NotFound
 * when no PriorityLevelConfiguration of that name exists, else False, reason
 * Found. `kubectl get flowschemas` prints it as MISSINGPL.
 *
 * Not modelled: the request classification and queuing themselves, the
 * bootstrap (suggested and mandatory) FlowSchemas and levels a real API
 * server creates, and the controller's rate limit on repeated updates of one
 * FlowSchema (more than 5 a minute).
 */
import { userIdentity } from '../apiserver/identity.ts';
import { timestamp, type Obj } from '../core/object.ts';
import { resourceForKind } from '../core/resources.ts';
import { Client, statusPatch, type World } from './world.ts';

const FS = resourceForKind('FlowSchema')!;

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

interface FlowSchemaLike {
  spec?: { priorityLevelConfiguration?: { name?: string } };
  status?: { conditions?: Condition[] };
}

/** presyncFlowSchemaStatus: the Dangling condition a FlowSchema should have. */
export function danglingCondition(plName: string, plExists: boolean): Required<Omit<Condition, 'lastTransitionTime'>> {
  return plExists
    ? { type: 'Dangling', status: 'False', reason: 'Found', message: `This FlowSchema references the PriorityLevelConfiguration object named "${plName}" and it exists` }
    : { type: 'Dangling', status: 'True', reason: 'NotFound', message: `This FlowSchema references the PriorityLevelConfiguration object named "${plName}" but there is no such object` };
}

export class ApfConfigController {
  private readonly client: Client;
  private pending = false;

  constructor(
    private readonly w: World,
    server: string,
  ) {
    this.client = new Client(w, server, userIdentity('system:apiserver', ['system:masters']));
    // Its informers on both kinds feed one work queue (a single key): one digest of the whole config.
    w.api.watch({
      component: server,
      kinds: ['FlowSchema'],
      filter: (o, t) => t !== 'DELETED' && this.needsUpdate(o),
      handler: (e) => this.queue(e.cause),
    });
    w.api.watch({
      component: server,
      kinds: ['PriorityLevelConfiguration'],
      filter: (o, t) => t !== 'MODIFIED' && this.w.api.cache.list('FlowSchema').some((fs) => this.referenced(fs) === o.metadata.name),
      handler: (e) => this.queue(e.cause),
    });
  }

  private referenced(fs: Obj): string {
    return (fs as FlowSchemaLike).spec?.priorityLevelConfiguration?.name ?? '';
  }

  private desired(fs: Obj): ReturnType<typeof danglingCondition> {
    const pl = this.referenced(fs);
    return danglingCondition(pl, this.w.api.cache.get('PriorityLevelConfiguration', `${resourceForKind('PriorityLevelConfiguration')!.etcdPrefix}/${pl}`) !== undefined);
  }

  private needsUpdate(fs: Obj): boolean {
    const want = this.desired(fs);
    const have = ((fs as FlowSchemaLike).status?.conditions ?? []).find((c) => c.type === 'Dangling');
    return !have || have.status !== want.status || have.reason !== want.reason || have.message !== want.message;
  }

  private queue(cause: string): void {
    if (this.pending) return;
    this.pending = true;
    this.w.clock.after(1, () => {
      this.pending = false;
      this.digest(cause);
    });
  }

  /** digestConfigObjects: every FlowSchema whose condition is off gets one status PATCH (in name order). */
  private digest(cause: string): void {
    const stale = this.w.api.cache.list('FlowSchema').filter((fs) => this.needsUpdate(fs)).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    for (const fs of stale) {
      const want = this.desired(fs);
      this.client.call(
        statusPatch(FS, { name: fs.metadata.name }, (live) => {
            if (!this.needsUpdate(live)) return null;
            const cond = { ...want, lastTransitionTime: timestamp(this.w.clock.now()) };
            const st = (live as FlowSchemaLike).status ?? {};
            const conds = (st.conditions ?? []).filter((c) => c.type !== 'Dangling');
            (live as FlowSchemaLike).status = { ...st, conditions: [...conds, cond] };
            return live;
          }, cause, `${fs.metadata.name} Dangling=${want.status}`),
      );
    }
  }
}
