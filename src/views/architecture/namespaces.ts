/**
 * Namespaces as objects, when the focus is about them (issue 9, gallery
 * review D28): a focus step writes a Namespace (`kubectl create namespace`,
 * `kubectl delete namespace`, the namespace controller's finalize), or
 * kubectl's requests in the focus steps name two or more namespaces
 * (`get pods -n team-a`, then `get pods` in `default`). Then every namespace
 * the focus touches (written, read by name, or named by one of kubectl's
 * requests) is one object box naming it and its state: `Active`,
 * `Terminating` (the API server marked it, the namespace controller is still
 * deleting what is inside) or `deleted` (a grey dashed ghost, as deleted Pods
 * are); and the Pods and objects drawn say which namespace they are in
 * (`team-a · deleted`), so the cascade of a namespace's deletion reads as
 * such. A picture whose focus stays in one namespace draws no Namespace box
 * and no namespace on its Pods (the objects group says `namespace default`).
 *
 * A Namespace is cluster-scoped; the built-in ones (`default`, `kube-system`)
 * are not listed in a step's state, and are `Active` unless the focus
 * deleted them.
 */
import type { StepState, TraceEvent } from '../../trace/types.ts';
import type { GraphNode } from '../types.ts';
import { naturalCompare } from '../common/components.ts';
import { Causality } from '../common/causality.ts';
import { answerTo, DELETED, isWrite, kubectlRequest, objectId, type ObjectBox } from './object-box.ts';

export const NAMESPACE_KIND = 'Namespace';

/** A Namespace's phase as `kubectl get namespaces` prints it (STATUS). */
const ACTIVE = 'Active';
/** The status of an object the focus deleted (object-box.ts), here for nodes.ts objectNode. */
export { DELETED };

function isNamespaceRequest(e: TraceEvent): boolean {
  return e.type === 'request' && e.resource?.kind === NAMESPACE_KIND && e.resource.name !== undefined;
}

/** The focus is about namespaces: it writes one, or kubectl works in two or more. */
export function aboutNamespaces(events: readonly TraceEvent[]): boolean {
  if (events.some((e) => isWrite(e) && isNamespaceRequest(e))) return true;
  const kubectl = new Set(events.map((e) => kubectlRequest(e)?.namespace));
  kubectl.delete(undefined);
  return kubectl.size >= 2;
}

/** The namespaces the focus touches: Namespaces written or read by name, and those kubectl's requests work in. */
function touchedNamespaces(events: readonly TraceEvent[]): string[] {
  const out = new Set<string>();
  for (const e of events) {
    if (e.type !== 'request') continue;
    if (isNamespaceRequest(e) && (isWrite(e) || kubectlRequest(e) !== undefined)) out.add(e.resource!.name!);
    const ns = kubectlRequest(e)?.namespace;
    if (ns !== undefined) out.add(ns);
  }
  return [...out].sort(naturalCompare);
}

/**
 * One box per namespace the focus touches, when the focus is about
 * namespaces (else none), with its state after the drawn steps: the state's
 * Namespace object (`Active`, or terminating); gone from the state after the
 * focus deleted or created it → `deleted`; without a state (an imported
 * trace) `deleted` when a focus step deleted it and the API server did not
 * refuse it.
 */
export function namespaceBoxes(events: readonly TraceEvent[], state: StepState | undefined, causality = new Causality(events)): ObjectBox[] {
  if (!aboutNamespaces(events)) return [];
  const listed = new Map((state?.objects ?? []).filter((o) => o.kind === NAMESPACE_KIND).map((o) => [o.name, o]));
  // A write the API server refused (422 for an invalid name, 404, 409) changed nothing: its response, paired by causality
  // (a response's cause is the last phase before it, not its request), says so.
  const refused = (e: TraceEvent) => {
    const reply = answerTo(e, causality);
    return reply?.result !== undefined && reply.result !== 'ok';
  };
  const written = (name: string, verb?: string) => events.some((e) => isWrite(e) && isNamespaceRequest(e) && e.resource!.name === name && (verb === undefined || e.verb === verb) && !refused(e));
  return touchedNamespaces(events).flatMap((name): ObjectBox[] => {
    const id = objectId(NAMESPACE_KIND, undefined, name);
    const o = listed.get(name);
    if (o !== undefined) return [{ id, kind: NAMESPACE_KIND, name, status: o.status === 'present' ? ACTIVE : o.status, terminating: o.terminating === true }];
    if (state === undefined) return [{ id, kind: NAMESPACE_KIND, name, status: written(name, 'delete') ? DELETED : ACTIVE, terminating: false }];
    // Not in the state: gone if the focus wrote it (created or deleted it), there all along if built in; else it never
    // existed (kubectl named it and was told NotFound, or its creation was refused), and there is nothing to draw.
    if (written(name)) return [{ id, kind: NAMESPACE_KIND, name, status: DELETED, terminating: false }];
    return BUILT_IN.has(name) ? [{ id, kind: NAMESPACE_KIND, name, status: ACTIVE, terminating: false }] : [];
  });
}

/** The namespaces every cluster has, which a step's state does not list (kube-apiserver creates them at start). */
const BUILT_IN: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/**
 * The objects of a namespace the focus deleted are gone with it (the
 * namespace controller deletes everything inside before the namespace goes):
 * drawn as deleted ghosts, like the namespace.
 */
export function insideDeleted(boxes: readonly ObjectBox[], namespaces: readonly ObjectBox[]): ObjectBox[] {
  const gone = new Set(namespaces.filter((n) => n.status === DELETED).map((n) => n.name));
  return boxes.map((b) => (b.namespace !== undefined && gone.has(b.namespace) ? { ...b, status: DELETED, terminating: false } : b));
}

/** The namespace of a Pod id (`pod:team-a/web-1`, `pod:team-a/web-1@worker-2`). */
function podNamespace(id: string): string | undefined {
  return /^pod:([^/]+)\//.exec(id)?.[1];
}

/**
 * When Namespace boxes are drawn: each box of Pods (one Pod, or several folded
 * into one) whose Pods are all in one namespace, and each namespaced object's
 * box, names that namespace first in its sublabel (`team-a · deleted`,
 * `team-a · ReplicaSet · deleted`).
 */
export function nameNamespaces(nodes: readonly GraphNode[], drawnAs: ReadonlyMap<string, string>, objects: readonly ObjectBox[]): void {
  if (!objects.some((o) => o.kind === NAMESPACE_KIND)) return;
  const namespaces = new Map<string, Set<string>>();
  for (const [id, box] of drawnAs) {
    const ns = podNamespace(id);
    if (ns === undefined) continue;
    namespaces.set(box, (namespaces.get(box) ?? new Set()).add(ns));
  }
  for (const o of objects) if (o.namespace !== undefined) namespaces.set(o.id, new Set([o.namespace]));
  for (const n of nodes) {
    const ns = namespaces.get(n.id);
    if (ns === undefined || ns.size !== 1) continue;
    n.sublabel = [...ns, n.sublabel].filter((s) => s).join(' · ');
  }
}
