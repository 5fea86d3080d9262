/**
 * The call site of the kubectl printers (./printers/, pure functions).
 */
import type { Obj } from '../core/object.ts';
import { printDescribe, printGet, type KubeEventLike, type KubeObjectLike } from './printers/index.ts';

export interface Related {
  events: Obj[];
  pods?: Obj[];
  replicaSets?: Obj[];
}

export function printGetOutput(objects: Obj[], resource: string, output: string | undefined, allNamespaces: boolean, now: number, singular = false): string {
  const fmt = output === 'wide' || output === 'name' || output === 'yaml' || output === 'json' ? output : undefined;
  return printGet(objects as unknown as KubeObjectLike[], resource, { ...(fmt ? { output: fmt } : {}), allNamespaces, now, ...(singular ? { singular } : {}) });
}

export function printDescribeOutput(obj: Obj, related: Related, now: number): string {
  return printDescribe(
    obj as unknown as KubeObjectLike,
    {
      events: related.events as unknown as KubeEventLike[],
      ...(related.pods ? { pods: related.pods as unknown as KubeObjectLike[] } : {}),
      ...(related.replicaSets ? { replicaSets: related.replicaSets as unknown as KubeObjectLike[] } : {}),
    },
    now,
  );
}
