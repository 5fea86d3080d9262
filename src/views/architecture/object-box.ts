/**
 * An architecture picture's object box and its id, shared by the modules that
 * choose the objects (objects.ts, rbac.ts) and fold them (subjects.ts, rbac.ts).
 */
import type { ResourceRef, TraceEvent } from '../../trace/types.ts';
import type { Causality } from '../common/causality.ts';
import { pushTo } from '../common/collections.ts';
import { naturalCompare } from '../common/components.ts';

export interface ObjectBox {
  id: string;
  kind: string;
  namespace?: string;
  name: string;
  status?: string;
  terminating: boolean;
  /** Several objects of one kind drawn as one box (summary: a StatefulSet's claims, the ConfigMaps a scenario is about): their names, sorted. */
  members?: string[];
}

/** The status of an object the focus deleted: drawn as a ghost. */
export const DELETED = 'deleted';
/**
 * The status of an object a focus request named and the API server did not
 * find (404), which the drawn state does not list either: a Secret a Pod's
 * volume needs (the kubelet's FailedMount `secret "web-tls" not found`).
 * Drawn as a ghost: it is referenced, and it is not there.
 */
export const NOT_FOUND = 'not found';

/** An object box drawn as a grey dashed ghost: the object is gone, or never was. */
export function isGhost(b: ObjectBox): boolean {
  return b.status === DELETED || b.status === NOT_FOUND;
}

/** API verbs that write an object. */
const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete']);

/** A request that writes an object (create, update, patch, delete). */
export function isWrite(e: TraceEvent): boolean {
  return e.type === 'request' && e.verb !== undefined && WRITE_VERBS.has(e.verb);
}

/** kubectl's component id: the user's own requests. */
const KUBECTL = 'kubectl';

/** What kubectl asks for in an event: the resource of its request, else undefined. */
export function kubectlRequest(e: TraceEvent): ResourceRef | undefined {
  return e.type === 'request' && e.from === KUBECTL ? e.resource : undefined;
}

/** What kubectl writes in an event: the resource of its create, update, patch or delete request, else undefined. */
export function kubectlWrite(e: TraceEvent): ResourceRef | undefined {
  return isWrite(e) ? kubectlRequest(e) : undefined;
}

/** The kinds kubectl writes in these events. */
export function kindsKubectlWrites(events: readonly TraceEvent[]): Set<string> {
  const out = new Set<string>();
  for (const e of events) {
    const kind = kubectlWrite(e)?.kind;
    if (kind !== undefined) out.add(kind);
  }
  return out;
}

export function objectId(kind: string, namespace: string | undefined, name: string): string {
  return `object:${kind}/${namespace ?? ''}/${name}`;
}

/** `object:Service/default/web` → `Service`. */
export function kindOfId(id: string): string {
  return /^object:([^/]+)\//.exec(id)?.[1] ?? '';
}

/** The API server's answer to a request, paired by views/common/causality.ts (a response's cause is the last phase before it, not its request). */
export function answerTo(request: TraceEvent, causality: Causality): TraceEvent | undefined {
  const id = causality.responseOf.get(request.id);
  return id === undefined ? undefined : causality.byId.get(id);
}

/** The objects (not subresources) that focus requests passing `test` named, whose answer from the API server had `result`. */
function answeredObjects(events: readonly TraceEvent[], causality: Causality, test: (e: TraceEvent) => boolean, result: TraceEvent['result']): Set<string> {
  const out = new Set<string>();
  for (const e of events) {
    const r = e.resource;
    if (e.type === 'request' && r?.name !== undefined && r.subresource === undefined && test(e) && answerTo(e, causality)?.result === result) out.add(objectId(r.kind, r.namespace, r.name));
  }
  return out;
}

/**
 * The objects the focus events deleted: a DELETE of an object (not of a
 * subresource) the API server answered `ok` (a refused or not-found delete
 * deletes nothing).
 */
export function deletedObjects(events: readonly TraceEvent[], causality: Causality): Set<string> {
  return answeredObjects(events, causality, (e) => e.verb === 'delete', 'ok');
}

/** The objects (not subresources) focus requests named that the API server answered 404 Not Found. */
export function notFoundObjects(events: readonly TraceEvent[], causality: Causality): Set<string> {
  return answeredObjects(events, causality, () => true, 'not-found');
}

/**
 * Several boxes drawn as one: the boxes `key` puts in one group (undefined:
 * left alone), two or more, become one box that keeps the first name's id and
 * fields, names them all (`members`, sorted) and says `status(group)` (the
 * group sorted by name; no status when undefined). It stands where its first
 * name stood. The objects of one kind in one namespace are one box: the
 * ConfigMaps a summary is about (subjects.ts), the Roles of a focus about RBAC
 * (rbac.ts).
 */
export function foldBoxes(boxes: readonly ObjectBox[], key: (b: ObjectBox) => string | undefined, status: (group: readonly ObjectBox[]) => string | undefined): ObjectBox[] {
  const groups = new Map<string, ObjectBox[]>();
  for (const b of boxes) {
    const k = key(b);
    if (k !== undefined) pushTo(groups, k, b);
  }
  const folded = new Map<string, ObjectBox | null>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const sorted = [...group].sort((a, b) => naturalCompare(a.name, b.name));
    const said = status(sorted);
    const { status: _first, ...first } = sorted[0]!;
    sorted.forEach((b, i) => folded.set(b.id, i === 0 ? { ...first, ...(said !== undefined ? { status: said } : {}), members: sorted.map((m) => m.name) } : null));
  }
  return boxes.flatMap((b) => {
    const f = folded.get(b.id);
    return f === undefined ? [b] : f === null ? [] : [f];
  });
}

/** The key of a box's kind and namespace, for foldBoxes. */
export function kindAndNamespace(b: ObjectBox): string {
  return `${b.kind}\0${b.namespace ?? ''}`;
}
