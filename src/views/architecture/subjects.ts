/**
 * Summary: the configuration and storage objects (ConfigMaps, Secrets,
 * PersistentVolumeClaims, PersistentVolumes) a scenario is about. A summary
 * otherwise leaves these kinds out (objects.ts SUMMARY_SKIP: the Pods use
 * them, each box costs a row), but configmap-secret is about its ConfigMaps
 * and Secret and persistent-volumes about its claims and volumes. An object of
 * these kinds is drawn when the focus steps are about it:
 * - kubectl writes objects of its kind in a focus step: then every object of
 *   that kind the drawn state lists (persistent-volumes' volumes, pre-created
 *   in a setup step or provisioned, and its claims; without a state, those the
 *   focus steps write);
 * - a kubelet reads it in a focus step, for a Pod it starts (the ConfigMap and
 *   Secret a container's environment or volume needs: kubelet's configmap and
 *   secret managers, pkg/kubelet/configmap, pkg/kubelet/secret);
 * - it is a claim the PV controller binds in a focus step (its status written
 *   `Bound`: pkg/controller/volume/persistentvolume, syncClaim);
 * - a focus step deletes it (gitops-sync's GitOps controller prunes its
 *   ConfigMap), other than the namespace controller emptying a deleted
 *   namespace: drawn as a grey dashed ghost.
 * Only objects the drawn state still lists, a focus step deleted, or a focus
 * request found missing (a Secret a Pod's volume needs that does not exist:
 * `Secret · not found`) are drawn. foldSubjects then makes
 * the objects of one of these kinds in one namespace one box, naming them
 * all and counting their states (`logs, gold, …`, `6 PersistentVolumeClaims ·
 * 5 Bound, 1 Pending`): a slide shows what the scenario is about, not an
 * inventory.
 */
import type { TraceEvent } from '../../trace/types.ts';
import type { Causality } from '../common/causality.ts';
import { naturalCompare } from '../common/components.ts';
import { withMore } from '../common/more.ts';
import { isUidName } from '../../common/generated-names.ts';
import { deletedObjects, foldBoxes, isGhost, isWrite, kindAndNamespace, kindsKubectlWrites, notFoundObjects, objectId, type ObjectBox } from './object-box.ts';

/** Kinds a summary draws only when the focus is about them, folded one box per kind and namespace. */
export const SUBJECT_KINDS: ReadonlySet<string> = new Set(['PersistentVolumeClaim', 'PersistentVolume', 'ConfigMap', 'Secret']);

/** A kubelet's component id: `kubelet@worker-1`. */
function isKubelet(from: string): boolean {
  return from.startsWith('kubelet@');
}

/** The namespace controller deletes what is inside a deleted namespace: namespaces.ts draws that as the namespace's deletion. */
function isNamespaceController(from: string): boolean {
  return from === NAMESPACE_CONTROLLER;
}
const NAMESPACE_CONTROLLER = 'namespace-controller';

/** A claim's status written `Bound` (the PV controller's PATCH persistentvolumeclaims/status). */
function bindsClaim(e: TraceEvent): boolean {
  const r = e.resource;
  return isWrite(e) && r?.kind === 'PersistentVolumeClaim' && r.subresource === 'status' && /\bBound$/.test(e.summary ?? '');
}

/** The objects of SUBJECT_KINDS the focus events are about (see the module comment), present in the drawn state when there is one. */
export function subjectObjects(events: readonly TraceEvent[], known: ReadonlyMap<string, ObjectBox>, hasState: boolean, causality: Causality): string[] {
  const kubectlKinds = new Set([...kindsKubectlWrites(events)].filter((k) => SUBJECT_KINDS.has(k)));
  const out = new Set<string>();
  const deleted = deletedObjects(events, causality);
  const missing = notFoundObjects(events, causality);
  for (const e of events) {
    const r = e.resource;
    if (e.type !== 'request' || r?.name === undefined || !SUBJECT_KINDS.has(r.kind) || e.verb === undefined) continue;
    const id = objectId(r.kind, r.namespace, r.name);
    const prunes = e.verb === 'delete' && deleted.has(id) && !isNamespaceController(e.from);
    const about = (isWrite(e) && kubectlKinds.has(r.kind)) || (isKubelet(e.from) && e.verb === 'get') || bindsClaim(e) || prunes;
    // A deleted one, or one the kubelet was told does not exist, is drawn as a ghost (objects.ts goneBox).
    if (about && (!hasState || known.has(id) || deleted.has(id) || missing.has(id))) out.add(id);
  }
  for (const o of known.values()) if (kubectlKinds.has(o.kind)) out.add(o.id);
  return [...out];
}

/** `Bound to pv-1g` → `Bound`: the state a folded box counts. */
function stateWord(status: string | undefined): string {
  return (status ?? 'present').split(' ')[0]!;
}

/** A ConfigMap's or Secret's status: `3 keys`, `1 key`. */
const KEYS = /^(\d+) keys?$/;

/**
 * `5 Bound, 1 Pending` (most first), or the one state all share; ConfigMaps'
 * and Secrets' keys are added up (`4 keys`); undefined when none has a status.
 */
function stateCounts(boxes: readonly ObjectBox[]): string | undefined {
  if (boxes.every((b) => KEYS.test(b.status ?? ''))) {
    const keys = boxes.reduce((sum, b) => sum + Number(KEYS.exec(b.status!)![1]), 0);
    return `${keys} ${keys === 1 ? 'key' : 'keys'}`;
  }
  const counts = new Map<string, number>();
  for (const b of boxes) counts.set(stateWord(b.status), (counts.get(stateWord(b.status)) ?? 0) + 1);
  if (counts.size === 1) return boxes[0]!.status === undefined ? undefined : stateWord(boxes[0]!.status);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || naturalCompare(a[0], b[0]))
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
}

/**
 * Summary: two or more boxes of one SUBJECT_KINDS kind in one namespace (and
 * equally terminating, equally deleted) become one box that names them all and counts their
 * states; it keeps the first name's id.
 */
export function foldSubjects(boxes: readonly ObjectBox[]): ObjectBox[] {
  return foldBoxes(boxes, (b) => (SUBJECT_KINDS.has(b.kind) ? `${kindAndNamespace(b)}\0${b.terminating}\0${isGhost(b) ? b.status : ''}` : undefined), stateCounts);
}

/**
 * The names a folded box lists: the ones people wrote, then the ones the
 * system made from a uid (common/generated-names.ts) counted as one more
 * item (views/common/more.ts), never cut inside a word: `pv-1g, pv-gold, +2
 * provisioned` (volumes a provisioner made for claims), `+2 more` for other kinds.
 */
export function memberNames(kind: string, names: readonly string[]): string {
  const written = names.filter((n) => !isUidName(n));
  return withMore(written, names.length - written.length, kind === 'PersistentVolume' ? 'provisioned' : undefined);
}
