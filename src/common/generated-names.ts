/**
 * Names Kubernetes generates, and the names they were generated from:
 *
 * - a ReplicaSet of a Deployment is `<deployment>-<pod-template-hash>`: the
 *   hash is rand.SafeEncodeString of a uint32 in decimal, so up to 10
 *   characters of the safe alphabet (`web-7c5ddbdf54`);
 * - an object created with generateName `<base>-` (the Pods of a ReplicaSet,
 *   DaemonSet or Job, EndpointSlices) is `<base>-` and 5 random characters
 *   of that alphabet (names.SimpleNameGenerator: `web-7c5ddbdf54-x2kqp`);
 * - a CronJob's Job is `<cronjob>-<scheduled time in minutes since 1970>`
 *   (`hello-28928165`);
 * - a StatefulSet's Pod is `<statefulset>-<ordinal>` (`web-0`);
 * - a dynamically provisioned volume is named after its claim's uid
 *   (`pvc-d2c9af00-a5fd-49f1-a656-22da50da83d7`).
 *
 * The views follow ownerReferences where the trace has them
 * (views/common/workloads.ts); these guesses are for names whose owner is not
 * known (a Pod of a Job already deleted, a trace without state) and for
 * breaking a long name before its generated part (common/text.ts).
 */

/**
 * k8s.io/apimachinery/pkg/util/rand: no vowels (no words), no confusable 0, 1, 3.
 * The one definition: the model generates hashes and suffixes with it
 * (cluster/core/algorithms/podTemplateHash.ts), the views read them back.
 */
export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

const SAFE = `[${SAFE_ALPHABET}]`;
/** A pod-template-hash: a uint32's decimal digits, each encoded; shorter than 6 only for one hash in 40,000, never guessed. */
const HASH = `${SAFE}{6,10}`;
/** generateName's random suffix. */
const RANDOM = `${SAFE}{5}`;

const GENERATED_SUFFIX = new RegExp(`^(.+)-${RANDOM}$`);
const TEMPLATE_HASH = new RegExp(`^(.+)-${HASH}$`);
const SCHEDULED_JOB = /^(.+)-\d{8,}$/;
/** Where a name's generated part starts: a hash and a random suffix, or either alone. */
const GENERATED_PART = new RegExp(`-(?:${HASH}-${RANDOM}|${SAFE}{5,10})$`);

/** A name that ends in a uid: the system made it from an object's uid, nobody wrote it. */
const UID_SUFFIX = /-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `pvc-d2c9af00-a5fd-49f1-a656-22da50da83d7` (a provisioned volume's): true; `pv-1g`: false. */
export function isUidName(name: string): boolean {
  return UID_SUFFIX.test(name);
}

/** `web-7c5ddbdf54-x2kqp` → `web-7c5ddbdf54`: the generateName base of a name with a random suffix; undefined without one. */
export function generateNameBase(name: string): string | undefined {
  return GENERATED_SUFFIX.exec(name)?.[1];
}

/** `web-7c5ddbdf54` → `web`: the Deployment a ReplicaSet's name was made from; undefined when it has no template hash. */
export function deploymentOfReplicaSet(replicaSet: string): string | undefined {
  return TEMPLATE_HASH.exec(replicaSet)?.[1];
}

/** `hello-28928165` → `hello`: the CronJob a Job's name was made from; undefined when it has no scheduled time. */
export function cronJobOfJob(job: string): string | undefined {
  return SCHEDULED_JOB.exec(job)?.[1];
}

/** `web-7c5ddbdf54-x2kqp` → `web`: the Deployment a Pod's name says it belongs to; undefined for any other name. */
export function deploymentOfPod(pod: string): string | undefined {
  const base = generateNameBase(pod);
  return base === undefined ? undefined : deploymentOfReplicaSet(base);
}

/**
 * The workload a Pod's name was generated from, for a Pod whose owner is not
 * known: `web-7c5ddbdf54-x2kqp` → `web` (Deployment), `hello-28928163-vvjmn`
 * → `hello` (CronJob), `node-agent-x2kqp` → `node-agent` (DaemonSet, Job);
 * any other name is its own workload (a bare Pod; `web-0` is not taken for a
 * StatefulSet's, as a Pod may be named so by hand).
 */
export function guessedWorkload(pod: string): string {
  const base = generateNameBase(pod);
  if (base === undefined) return pod;
  return deploymentOfReplicaSet(base) ?? cronJobOfJob(base) ?? base;
}

/**
 * Where a generated name's generated part starts (`web-canary-65479b8bd8-4qfls`
 * → the index of `65479b8bd8-4qfls`): a trailing template hash and/or random
 * suffix. Undefined when the name has none.
 */
export function generatedSuffixStart(name: string): number | undefined {
  const m = GENERATED_PART.exec(name);
  return m !== null && m.index > 0 ? m.index + 1 : undefined;
}
