/**
 * The apiextensions-apiserver's controllers that run inside kube-apiserver
 * for CustomResourceDefinitions (k8s.io/apiextensions-apiserver, 1.31):
 *
 * - the NamingConditionController accepts a new CRD's names
 *   (status.acceptedNames) and sets NamesAccepted True "NoConflicts" (or
 *   False "PluralConflict"/"KindConflict" when another CRD of the group holds
 *   the name) and Established False "Installing";
 * - the EstablishingController then sets Established True
 *   "InitialNamesAccepted". The crdHandler queues a CRD for it at once with
 *   one API server, 5 s later with several (masterCount > 1: every API server
 *   must have seen the names first).
 *
 * Once Established, the API server serves the CRD's group/version/plural
 * (ApiServer.customResources()). Both controllers write status through the
 * API server like any client; the model runs them on the first API server.
 */
import { userIdentity } from '../apiserver/identity.ts';
import { clone, timestamp, type Obj } from '../core/object.ts';
import { crdConditionTrue, resourceForKind } from '../core/resources.ts';
import { Client, type World } from './world.ts';

const CRD = resourceForKind('CustomResourceDefinition')!;
/** The crdHandler's establishing delay with several API servers. */
export const HA_ESTABLISH_DELAY_MS = 5_000;

interface Names {
  plural?: string;
  singular?: string;
  kind?: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}
interface CrdCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastTransitionTime?: string;
}

export class ApiExtensionsControllers {
  private readonly client: Client;

  constructor(
    private readonly w: World,
    server: string,
    private readonly apiServers: number,
  ) {
    this.client = new Client(w, server, userIdentity('system:apiserver', ['system:masters']));
    w.api.watch({
      component: server,
      kinds: ['CustomResourceDefinition'],
      filter: (o, t) => t !== 'DELETED' && !o.metadata.deletionTimestamp && !crdConditionTrue(o, 'Established'),
      handler: (e) => this.sync(e.object.metadata.name, e.cause),
    });
  }

  private live(name: string): Obj | undefined {
    return this.w.api.cache.get('CustomResourceDefinition', `${CRD.etcdPrefix}/${name}`);
  }

  private sync(name: string, cause: string): void {
    const crd = this.live(name);
    if (!crd) return;
    if (!conditionOf(crd, 'NamesAccepted')) return this.acceptNames(crd, cause);
    if (crdConditionTrue(crd, 'NamesAccepted') && !crdConditionTrue(crd, 'Established')) {
      this.w.clock.after(this.apiServers > 1 ? HA_ESTABLISH_DELAY_MS : 0, () => this.establish(name, cause));
    }
  }

  /** NamingConditionController.sync: accepted names, NamesAccepted, Established Installing. */
  private acceptNames(crd: Obj, cause: string): void {
    const spec = (crd.spec ?? {}) as { group?: string; names?: Names };
    const names = spec.names ?? {};
    const conflict = this.conflict(crd, spec.group ?? '', names);
    const now = timestamp(this.w.clock.now());
    const next = clone(crd);
    const status = (next.status ?? {}) as { acceptedNames?: Names; conditions?: CrdCondition[]; storedVersions?: string[] };
    const accepted: CrdCondition = conflict
      ? { type: 'NamesAccepted', status: 'False', reason: conflict.reason, message: conflict.message, lastTransitionTime: now }
      : { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found', lastTransitionTime: now };
    const established: CrdCondition = conflict
      ? { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted', lastTransitionTime: now }
      : { type: 'Established', status: 'False', reason: 'Installing', message: 'the initial names have been accepted', lastTransitionTime: now };
    if (!conflict) {
      status.acceptedNames = {
        ...names,
        singular: names.singular ?? names.kind?.toLowerCase() ?? '',
        listKind: names.listKind ?? `${names.kind ?? ''}List`,
      };
    }
    status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== 'NamesAccepted' && c.type !== 'Established'), accepted, established];
    next.status = status;
    this.client.call({ verb: 'update', resource: CRD, name: crd.metadata.name, subresource: 'status', body: next, cause, note: `${crd.metadata.name} (NamesAccepted)` });
  }

  /** Another CRD of the same group already accepted this plural or kind. */
  private conflict(crd: Obj, group: string, names: Names): { reason: string; message: string } | undefined {
    for (const other of this.w.api.cache.list('CustomResourceDefinition')) {
      if (other.metadata.name === crd.metadata.name || (other.spec as { group?: string } | undefined)?.group !== group) continue;
      const taken = (other.status as { acceptedNames?: Names } | undefined)?.acceptedNames;
      if (!taken) continue;
      if (names.plural && taken.plural === names.plural) return { reason: 'PluralConflict', message: `"${names.plural}" is already in use` };
      if (names.kind && taken.kind === names.kind) return { reason: 'KindConflict', message: `"${names.kind}" is already in use` };
    }
    return undefined;
  }

  /** EstablishingController.sync: Established True. */
  private establish(name: string, cause: string): void {
    const crd = this.live(name);
    if (!crd || !crdConditionTrue(crd, 'NamesAccepted') || crdConditionTrue(crd, 'Established')) return;
    const next = clone(crd);
    const status = (next.status ?? {}) as { conditions?: CrdCondition[] };
    const now = timestamp(this.w.clock.now());
    status.conditions = (status.conditions ?? []).map((c) =>
      c.type === 'Established' ? { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: now } : c,
    );
    next.status = status;
    this.client.call({ verb: 'update', resource: CRD, name, subresource: 'status', body: next, cause, note: `${name} (Established)` });
  }
}

function conditionOf(crd: Obj, type: string): CrdCondition | undefined {
  return ((crd.status as { conditions?: CrdCondition[] } | undefined)?.conditions ?? []).find((c) => c.type === type);
}
