/** Small helpers the controllers share. */
import { controllerOf, type Obj } from './object.ts';
import { etcdKey, resourceForKind } from './resources.ts';
import { asPod, type Condition, type PodCondition } from './typed.ts';
import { isPodPhaseTerminal } from './pod-phase.ts';

export function keyOf(o: Obj): string {
  return etcdKey(resourceForKind(o.kind)!, o.metadata.namespace, o.metadata.name);
}

/** Cache key of the controller owner of `o` if it is of `kind`. */
export function ownerKey(o: Obj, kind: string): string | undefined {
  const ref = controllerOf(o);
  if (!ref || ref.kind !== kind) return undefined;
  return etcdKey(resourceForKind(kind)!, o.metadata.namespace, ref.name);
}

export function isPodReady(p: Obj): boolean {
  const conds = asPod(p).status?.conditions;
  if (!conds) return false;
  for (const c of conds) if (c.type === 'Ready') return c.status === 'True';
  return false;
}

/**
 * podutil.IsPodAvailable: Ready, and (minReadySeconds > 0) Ready since more
 * than minReadySeconds before `nowMs` (wall-clock milliseconds, as the Ready
 * condition's lastTransitionTime: `lastTransitionTime + minReadySeconds` must
 * be strictly before now).
 */
export function isPodAvailable(p: Obj, minReadySeconds: number, nowMs: number): boolean {
  if (!isPodReady(p)) return false;
  if (minReadySeconds <= 0) return true;
  const since = Date.parse(asPod(p).status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime ?? '');
  return !Number.isNaN(since) && since + minReadySeconds * 1000 < nowMs;
}

export function isPodActive(p: Obj): boolean {
  const phase = asPod(p).status?.phase;
  return !p.metadata.deletionTimestamp && !isPodPhaseTerminal(phase);
}

export function specChanged(o: Obj, old: Obj | undefined): boolean {
  return !old || o.metadata.generation !== old.metadata.generation || JSON.stringify(o.metadata.labels) !== JSON.stringify(old.metadata.labels);
}

export function statusChanged(o: Obj, old: Obj | undefined): boolean {
  return !old || JSON.stringify(o.status) !== JSON.stringify(old.status);
}

/** Sets a condition, keeping lastTransitionTime when the status did not change. */
export function setCondition<C extends Omit<Condition, 'lastTransitionTime'> & Pick<PodCondition, 'lastTransitionTime'>>(conds: C[], c: { type: string; status: string; reason: string; message: string }, now: string, withUpdateTime = false): C[] {
  const prev = conds.find((x) => x.type === c.type);
  const same = prev && prev.status === c.status;
  const next = {
    type: c.type,
    status: c.status,
    ...(withUpdateTime ? { lastUpdateTime: same && prev.reason === c.reason ? prev.lastUpdateTime : now } : {}),
    lastTransitionTime: same ? prev.lastTransitionTime : now,
    reason: c.reason,
    message: c.message,
  } as C;
  return [...conds.filter((x) => x.type !== c.type), next];
}
