/**
 * An architecture picture's object box and its id, shared by the modules that
 * choose the objects (objects.ts) and fold them (subjects.ts).
 */
import type { TraceEvent } from '../../trace/types.ts';

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
