/** The final state readers care about: objects, pods, nodes, Kubernetes Events. */
import type { Outcome, OutcomeKubeEvent, OutcomeNode, OutcomeObject, OutcomePod, ExpectationResult, StepFailure, StepState, StateObject, StatePod } from '../../trace/types.ts';
import type { ObjectStore } from '../apiserver/store.ts';
import type { ApiServer } from '../apiserver/server.ts';
import type { Etcd } from '../kernel/etcd.ts';
import { controllerOf, type Obj } from '../core/object.ts';
import { isPodReady } from '../core/object-helpers.ts';
import { podColumns } from '../kubectl/printers/pods.ts';
import { asPod, asScalable, asService, type NodeObj } from '../core/typed.ts';
import { printable } from '../kubectl/print.ts';
import { TABLES } from '../kubectl/printers/columns.ts';
import { asArray, asDict, asNumber, asString, status } from '../kubectl/printers/format.ts';
import type { KubeObjectLike } from '../kubectl/printers/types.ts';
import { plural } from '../../common/text.ts';
import type { PolicyRule } from '../core/rbac/types.ts';

/** Kinds a step's state leaves out: Pods and Nodes have their own lists; Events and Leases are bookkeeping. */
const STATE_SKIP = new Set(['Event', 'Node', 'Pod', 'Lease']);

/** The cluster at the end of a step (trace `steps[].state`): nodes, pods, objects, control-plane health. */
export function snapshotState(api: ApiServer, etcd: Etcd<Obj>, bootstrapKeys: ReadonlySet<string>, now: number): StepState {
  const cache = api.cache;
  const objects: StateObject[] = [];
  for (const kind of cache.kinds()) {
    if (STATE_SKIP.has(kind)) continue;
    for (const o of cache.list(kind)) {
      if (bootstrapKeys.has(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)) continue;
      const owner = controllerOf(o);
      objects.push({
        kind: o.kind,
        ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
        name: o.metadata.name,
        ...(owner ? { owner: `${owner.kind}/${owner.name}` } : {}),
        status: statusLine(o, now),
        ...(o.metadata.deletionTimestamp ? { terminating: true as const } : {}),
      });
    }
  }
  const pods: StatePod[] = cache.list('Pod').map((p) => {
    const owner = controllerOf(p);
    return {
      namespace: p.metadata.namespace ?? 'default',
      name: p.metadata.name,
      node: p.spec?.nodeName ?? null,
      phase: p.status?.phase ?? 'Pending',
      status: podColumns(printable(p), now).status || 'Pending',
      ready: isPodReady(p),
      ...(owner ? { owner: `${owner.kind}/${owner.name}` } : {}),
      ...(p.status?.podIP ? { ip: p.status.podIP } : {}),
    };
  });
  const nodes = cache.list('Node').map((n) => {
    const { pods: _pods, ...rest } = outcomeNode(cache, n);
    return rest;
  });
  const servers = api.lb ? api.lb.servers.map((name) => ({ name, up: api.lb!.isUp(name) })) : [{ name: api.id, up: api.up }];
  return {
    nodes,
    pods,
    objects,
    controlPlane: { apiServers: servers, etcd: etcd.members.map((m) => ({ name: m.name, up: m.up })), quorum: etcd.hasQuorum() },
  };
}

export function buildOutcome(cache: ObjectStore, bootstrapKeys: ReadonlySet<string>, now: number, expectations: ExpectationResult[], failedStep?: StepFailure): Outcome {
  const objects: OutcomeObject[] = [];
  for (const kind of cache.kinds()) {
    if (kind === 'Event' || kind === 'Node') continue;
    for (const o of cache.list(kind)) {
      if (bootstrapKeys.has(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)) continue;
      const owner = controllerOf(o);
      objects.push({
        apiVersion: o.apiVersion,
        kind: o.kind,
        ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
        name: o.metadata.name,
        uid: o.metadata.uid ?? '',
        resourceVersion: o.metadata.resourceVersion ?? '',
        ...(owner ? { owner: `${owner.kind}/${owner.name}` } : {}),
        status: statusLine(o, now),
      });
    }
  }
  const pods: OutcomePod[] = cache.list('Pod').map((p) => {
    const owner = controllerOf(p);
    return {
      namespace: p.metadata.namespace ?? 'default',
      name: p.metadata.name,
      node: p.spec?.nodeName ?? null,
      phase: p.status?.phase ?? 'Pending',
      ready: isPodReady(p),
      ip: p.status?.podIP ?? null,
      ...(owner ? { owner: `${owner.kind}/${owner.name}` } : {}),
      containers: (p.spec?.containers ?? []).map((c) => {
        const st = (p.status?.containerStatuses ?? []).find((s) => s.name === c.name);
        const state = st?.state?.running ? 'running' : st?.state?.terminated ? 'terminated' : st?.state?.waiting ? `waiting (${st.state.waiting.reason})` : 'waiting';
        return { name: c.name, image: c.image!, state, restarts: st?.restartCount ?? 0 };
      }),
    };
  });
  const nodes: OutcomeNode[] = cache.list('Node').map((n) => outcomeNode(cache, n));
  // By resourceVersion, each parsed once (not twice per comparison: a 10,000-pod run has ~40,000 Events);
  // the sort is stable, so equal versions keep the list's namespace/name order as before.
  const kubeEvents: OutcomeKubeEvent[] = cache
    .list('Event')
    .map((e) => ({ e, rv: Number(e.metadata.resourceVersion ?? 0) }))
    .sort((a, b) => a.rv - b.rv)
    .map(({ e }) => ({
      type: e.type === 'Warning' ? 'Warning' : 'Normal',
      reason: e.reason ?? '',
      object: e.involvedObject?.namespace ? `${e.involvedObject.namespace}/${e.involvedObject.kind}/${e.involvedObject.name}` : `${e.involvedObject?.kind}/${e.involvedObject?.name}`,
      message: e.message ?? '',
      count: e.count ?? 1,
      source: e.source?.component ?? e.reportingComponent ?? '',
    }));
  return { objects, pods, nodes, kubeEvents, expectations, ...(failedStep ? { failedStep } : {}), passed: !failedStep && expectations.every((x) => x.passed) };
}

function outcomeNode(cache: ObjectStore, n: NodeObj): OutcomeNode {
  return {
    name: n.metadata.name,
    ready: (n.status?.conditions ?? []).find((c) => c.type === 'Ready')?.status ?? 'Unknown',
    unschedulable: Boolean(n.spec?.unschedulable),
    taints: (n.spec?.taints ?? []).map((t) => `${t.key}${t.value !== undefined ? `=${t.value}` : ''}:${t.effect}`),
    pods: cache.podsOnNode(n.metadata.name).size,
  };
}

/**
 * The short status line of an object (trace `outcome.objects[].status`,
 * `steps[].state.objects[].status`): what `kubectl get` prints for it, read
 * from its real status through kubectl's own column printers
 * (printers.go: printPersistentVolumeClaim, printJob, printCronJob,
 * printHorizontalPodAutoscaler, …), a few words so a diagram box can carry it.
 * `now` is the simulated time (a CronJob's last run is printed as an age).
 */
export function statusLine(o: Obj, now: number): string {
  const s = (o as Obj<unknown, { readyReplicas?: number; phase?: string }>).status ?? {}; // the status fields read below, of the kinds that have them
  switch (o.kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'StatefulSet':
      return `${s.readyReplicas ?? 0}/${asScalable(o).spec?.replicas ?? 0} ready`;
    case 'Pod':
      return asPod(o).spec?.nodeName ? `${s.phase ?? 'Pending'} on ${asPod(o).spec.nodeName}` : `${s.phase ?? 'Pending'} (unscheduled)`;
    case 'Service':
      return `${asService(o).spec?.type ?? 'ClusterIP'} ${asService(o).spec?.clusterIP ?? ''}`.trim();
    case 'EndpointSlice':
      return plural((o.endpoints ?? []).filter((e) => e.conditions?.ready).length, 'ready endpoint');
    case 'Namespace':
      return s.phase ?? 'Active';
    case 'PersistentVolumeClaim':
    case 'PersistentVolume':
    case 'Job':
    case 'CronJob':
    case 'HorizontalPodAutoscaler':
    case 'Ingress':
    case 'NetworkPolicy':
    case 'PodDisruptionBudget':
    case 'ConfigMap':
    case 'Secret':
      return printedStatus(printable(o), now);
    case 'Role':
    case 'ClusterRole':
      return o.metadata.deletionTimestamp ? 'Terminating' : rulesLine((o as Obj<unknown, unknown> & { rules?: PolicyRule[] }).rules ?? []);
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return o.metadata.deletionTimestamp ? 'Terminating' : bindingLine(o);
    default:
      return o.metadata.deletionTimestamp ? 'Terminating' : 'present';
  }
}

/**
 * Whom a binding grants which role, from the columns `kubectl get rolebinding
 * -o wide` prints (ROLE, USERS, GROUPS, SERVICEACCOUNTS: printRoleBinding):
 * `bob → Role pod-reader`; a service account as `namespace/name`.
 */
function bindingLine(o: Obj): string {
  const subjects = (o.subjects ?? []).map((x) => (x.kind === 'ServiceAccount' ? `${x.namespace ?? o.metadata.namespace ?? ''}/${x.name}` : x.name));
  const ref = (o as Obj & { roleRef?: { kind: string; name: string } }).roleRef;
  const role = ref ? `${ref.kind} ${ref.name}` : 'no role';
  return `${subjects.length > 0 ? subjects.join(', ') : 'nobody'} → ${role}`;
}

/**
 * What a Role grants, one rule after another as `kubectl describe role` lists them (verbs, then resources,
 * names or non-resource URLs): `get, list, watch pods, pods/log`; `no rules` for an empty (or aggregated) role.
 */
function rulesLine(rules: readonly PolicyRule[]): string {
  if (rules.length === 0) return 'no rules';
  return rules
    .map((r) => {
      const what = [...(r.resources ?? []), ...(r.nonResourceURLs ?? [])].join(', ') || '*';
      const names = r.resourceNames !== undefined && r.resourceNames.length > 0 ? ` ${r.resourceNames.join(', ')}` : '';
      return `${r.verbs.join(', ')} ${what}${names}`;
    })
    .join('; ');
}

/** A volume name short enough to print beside `Bound` (not a provisioned `pvc-<uid>`). */
const SHORT_NAME = 20;

/** The `kubectl get` cell under `header` of the kind's table (TABLES in kubectl/printers/columns.ts). */
function cell(resource: string, o: KubeObjectLike, now: number, header: string): string {
  const table = TABLES[resource];
  const i = table?.headers.indexOf(header) ?? -1;
  // row() leaves out NAME, the first header.
  return table !== undefined && i > 0 ? (table.row(o, now, false)[i - 1] ?? '') : '';
}

function printedStatus(o: KubeObjectLike, now: number): string {
  switch (o.kind) {
    case 'PersistentVolumeClaim': {
      // STATUS (Bound, Pending, Lost, Terminating) and VOLUME when it is a short name.
      const phase = cell('persistentvolumeclaims', o, now, 'STATUS') || 'Pending';
      const volume = cell('persistentvolumeclaims', o, now, 'VOLUME');
      return volume !== '' && volume.length <= SHORT_NAME ? `${phase} to ${volume}` : phase;
    }
    case 'PersistentVolume': {
      // STATUS (Available, Bound, Released, Failed, Terminating) and the reclaim policy once released.
      const phase = cell('persistentvolumes', o, now, 'STATUS') || 'Pending';
      return phase === 'Released' ? `Released, ${cell('persistentvolumes', o, now, 'RECLAIM POLICY')}`.replace(/, $/, '') : phase;
    }
    case 'Job': {
      // STATUS and COMPLETIONS (`Complete 3/3`, `Running 1/3`); a failed Job names its reason (BackoffLimitExceeded, DeadlineExceeded).
      const state = cell('jobs', o, now, 'STATUS');
      if (state === 'Failed') {
        const failed = asArray(status(o).conditions)
          .map(asDict)
          .find((c) => c.type === 'Failed' && c.status === 'True');
        const reason = asString(failed?.reason);
        return reason === '' ? 'Failed' : `Failed (${reason})`;
      }
      return `${state} ${cell('jobs', o, now, 'COMPLETIONS')}`;
    }
    case 'CronJob': {
      // SUSPEND, ACTIVE and LAST SCHEDULE.
      if (cell('cronjobs', o, now, 'SUSPEND') === 'True') return 'suspended';
      const active = Number(cell('cronjobs', o, now, 'ACTIVE'));
      const last = cell('cronjobs', o, now, 'LAST SCHEDULE');
      const run = last === '<none>' ? 'never run' : `last run ${last} ago`;
      return active > 0 ? `${active} active, ${run}` : run;
    }
    case 'HorizontalPodAutoscaler': {
      // TARGETS (`cpu: 150%/50%`), then current → desired replicas while a scale is under way.
      const targets = cell('horizontalpodautoscalers', o, now, 'TARGETS');
      const current = asNumber(status(o).currentReplicas);
      const desired = asNumber(status(o).desiredReplicas, current);
      return `${targets}, ${current === desired ? plural(current, 'replica') : `${current}→${desired}`}`;
    }
    case 'Ingress': {
      // HOSTS (`*` for any host) and ADDRESS once the controller published one.
      const hosts = cell('ingresses', o, now, 'HOSTS');
      const address = cell('ingresses', o, now, 'ADDRESS');
      const shown = hosts === '*' ? 'any host' : hosts;
      return address === '' ? shown : `${shown} at ${address}`;
    }
    case 'NetworkPolicy': {
      // POD-SELECTOR: `<none>` selects every Pod of the namespace.
      const selector = cell('networkpolicies', o, now, 'POD-SELECTOR');
      return selector === '<none>' || selector === '' ? 'all pods' : `pods ${selector}`;
    }
    case 'PodDisruptionBudget':
      return `allowed disruptions ${cell('poddisruptionbudgets', o, now, 'ALLOWED DISRUPTIONS')}`;
    case 'ConfigMap':
      return plural(Number(cell('configmaps', o, now, 'DATA')), 'key');
    case 'Secret':
      return plural(Number(cell('secrets', o, now, 'DATA')), 'key');
    default:
      return 'present';
  }
}
