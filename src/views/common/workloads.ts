/**
 * The workload a Pod belongs to (its Deployment, StatefulSet, DaemonSet,
 * CronJob, Job … or itself), by its controller owner references as far as
 * the trace knows them: Pod → ReplicaSet → Deployment, Pod → Job → CronJob.
 * Where the chain leaves what the trace holds (a Job the CronJob controller
 * already deleted, a trace without state) the rest is read from the generated
 * names (common/generated-names.ts); a Pod whose owner is not known at all is
 * guessed from its own name.
 */
import type { Trace } from '../../trace/types.ts';
import { cronJobOfJob, deploymentOfReplicaSet, guessedWorkload } from '../../common/generated-names.ts';

/** An object with its controller owner, as the trace's state and outcome record them (`Kind/name`). */
export interface Owned {
  kind: string;
  namespace?: string;
  name: string;
  owner?: string;
}

/** `ns/Kind/name` → the `Kind/name` of its controller owner, or null for an object the trace holds without one. */
export type Owners = ReadonlyMap<string, string | null>;

export function ownersOf(objects: readonly Owned[]): Owners {
  return new Map(objects.map((o) => [`${o.namespace ?? ''}/${o.kind}/${o.name}`, o.owner ?? null]));
}

/** A Pod and its owner: `Kind/name`, null when it has none (a bare Pod), undefined when not known. */
export interface PodRef {
  namespace: string;
  name: string;
  owner?: string | null;
}

/** Longest owner chain followed (a Deployment's Pod: 2); guards against a cycle in an imported trace. */
const MAX_DEPTH = 8;

/** `web-7c5ddbdf54-x2kqp` owned by `ReplicaSet/web-7c5ddbdf54`, owned by `Deployment/web` → `web`. */
export function workloadOf(pod: PodRef, owners: Owners): string {
  if (pod.owner === null) return pod.name;
  if (pod.owner === undefined) return guessedWorkload(pod.name);
  let ref = pod.owner;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const up = owners.get(`${pod.namespace}/${ref}`);
    if (up === null) break;
    if (up === undefined) return unheldOwner(ref);
    ref = up;
  }
  return refName(ref);
}

/** `ReplicaSet/web-7c5ddbdf54` → `web-7c5ddbdf54`: the name in an owner reference. */
export function refName(ref: string): string {
  return ref.slice(ref.indexOf('/') + 1);
}

/** The workload of an owner the trace does not hold, from its name: a ReplicaSet's Deployment, a Job's CronJob. */
function unheldOwner(ref: string): string {
  const kind = ref.slice(0, ref.indexOf('/'));
  const name = refName(ref);
  if (kind === 'ReplicaSet') return deploymentOfReplicaSet(name) ?? name;
  if (kind === 'Job') return cronJobOfJob(name) ?? name;
  return name;
}

/** A Pod as a view names it: namespace and name (a Pod component, a state's or the outcome's Pod). */
export interface PodName {
  namespace: string;
  name: string;
}

/**
 * The workload of any Pod the trace names, by the owners every step's state
 * and the outcome record (a CronJob's Job that a later step's history limit
 * deleted is still known from the steps it lived in); a Pod none of them
 * holds is guessed from its name.
 */
export function traceWorkloads(trace: Trace): (pod: PodName) => string {
  const states = trace.steps.flatMap((s) => (s.state ? [s.state] : []));
  // Steps first, the outcome last, reversed: a later entry of a Map wins, so the first record of an object does.
  const owners = ownersOf([...states.flatMap((s) => s.objects), ...trace.outcome.objects].reverse());
  const podOwners = new Map([...states.flatMap((s) => s.pods), ...trace.outcome.pods].reverse().map((p) => [`${p.namespace}/${p.name}`, p.owner ?? null]));
  return (pod) => workloadOf({ ...pod, owner: podOwners.get(`${pod.namespace}/${pod.name}`) }, owners);
}
