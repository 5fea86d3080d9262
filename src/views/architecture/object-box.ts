/**
 * An architecture picture's object box and its id, shared by the modules that
 * choose the objects (objects.ts) and fold them (subjects.ts).
 */
import type { TraceEvent } from '../../trace/types.ts';
import type { Causality } from '../common/causality.ts';

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

/** API verbs that write an object. */
const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete']);

/** A request that writes an object (create, update, patch, delete). */
export function isWrite(e: TraceEvent): boolean {
  return e.type === 'request' && e.verb !== undefined && WRITE_VERBS.has(e.verb);
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

/**
 * The objects the focus events deleted: a DELETE of an object (not of a
 * subresource) the API server answered `ok` (a refused or not-found delete
 * deletes nothing).
 */
export function deletedObjects(events: readonly TraceEvent[], causality: Causality): Set<string> {
  const out = new Set<string>();
  for (const e of events) {
    const r = e.resource;
    if (e.type === 'request' && e.verb === 'delete' && r?.name !== undefined && r.subresource === undefined && answerTo(e, causality)?.result === 'ok') out.add(objectId(r.kind, r.namespace, r.name));
  }
  return out;
}
