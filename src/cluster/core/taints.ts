/**
 * `kubectl taint`'s own logic (k8s.io/kubectl/pkg/cmd/taint): parse the taint
 * arguments, refuse what kubectl refuses, and compute the node's new taint
 * list and the word kubectl prints (tainted, untainted, modified). Pure: the
 * command sends the result as its PATCH.
 */
import { labelValueErrors, qualifiedNameErrors } from './names.ts';
import type { Taint as ApiTaint } from './typed.ts';

type Effect = ApiTaint['effect'];

export interface Taint {
  key: string;
  value?: string;
  effect: Effect;
}

/** A taint to remove: its key, and its effect when the argument named one (`key:Effect-`). */
export interface TaintRemoval {
  key: string;
  effect?: Effect;
}

const EFFECTS = new Set<string>(['NoSchedule', 'PreferNoSchedule', 'NoExecute'] satisfies Effect[]);
const isEffect = (e: string): e is Effect => EFFECTS.has(e);

/** parseTaint: `key=value:Effect`, `key:Effect` or `key`. */
function parseTaint(spec: string): { key: string; value?: string; effect?: Effect } | string {
  const parts = spec.split(':');
  let key: string;
  let value: string | undefined;
  let effect: Effect | undefined;
  if (parts.length === 1) key = parts[0]!;
  else if (parts.length === 2) {
    const e = parts[1]!;
    if (!isEffect(e)) return `invalid taint effect: ${e}, unsupported taint effect`;
    effect = e;
    const kv = parts[0]!.split('=');
    if (kv.length > 2) return `invalid taint spec: ${spec}`;
    key = kv[0]!;
    if (kv.length === 2) {
      value = kv[1]!;
      const bad = labelValueErrors(value);
      if (bad.length > 0) return `invalid taint spec: ${spec}, ${bad.join('; ')}`;
    }
  } else return `invalid taint spec: ${spec}`;
  const badKey = qualifiedNameErrors(key);
  if (badKey.length > 0) return `invalid taint spec: ${spec}, ${badKey.join('; ')}`;
  return { key, ...(value !== undefined ? { value } : {}), ...(effect !== undefined ? { effect } : {}) };
}

export type ParsedTaints = { ok: true; add: Taint[]; remove: TaintRemoval[] } | { ok: false; error: string };

/** parseTaints plus Validate's conflict check: the arguments of one `kubectl taint` command. */
export function parseTaintArgs(specs: readonly string[]): ParsedTaints {
  const add: Taint[] = [];
  const remove: TaintRemoval[] = [];
  for (const spec of specs) {
    const removing = spec.endsWith('-');
    const t = parseTaint(removing ? spec.slice(0, -1) : spec);
    if (typeof t === 'string') return { ok: false, error: t };
    if (removing) remove.push({ key: t.key, ...(t.effect ? { effect: t.effect } : {}) });
    else {
      if (!t.effect) return { ok: false, error: `invalid taint spec: ${spec}` };
      if (add.some((a) => a.key === t.key && a.effect === t.effect)) {
        return { ok: false, error: `duplicated taints with the same key and effect: {${t.key} ${t.value ?? ''} ${t.effect} <nil>}` };
      }
      add.push({ key: t.key, ...(t.value !== undefined && t.value !== '' ? { value: t.value } : {}), effect: t.effect });
    }
  }
  const conflicts = add.flatMap((a) => remove.filter((r) => r.key === a.key && (!r.effect || r.effect === a.effect)).map((r) => `{"${r.key}":"${r.effect ?? ''}"}`));
  if (conflicts.length > 0) return { ok: false, error: `can not both modify and remove the following taint(s) in the same command: ${conflicts.join(', ')}` };
  return { ok: true, add, remove };
}

export type TaintUpdate = { ok: true; operation: 'tainted' | 'untainted' | 'modified'; taints: Taint[] } | { ok: false; error: string };

/**
 * updateTaints + reorganizeTaints: without --overwrite a taint whose key and
 * effect the node already has is refused; the new list is the added taints,
 * then the node's other taints; removing a taint the node does not have is
 * an error (`taint "key" not found`).
 */
export function updateTaints(node: string, old: readonly Taint[], add: readonly Taint[], remove: readonly TaintRemoval[], overwrite: boolean): TaintUpdate {
  if (!overwrite) {
    const exists = add.flatMap((t) => old.filter((o) => o.key === t.key && o.effect === t.effect).map(() => t.key));
    if (exists.length > 0) return { ok: false, error: `node ${node} already has ${exists.join(',')} taint(s) with same effect(s) and --overwrite is false` };
  }
  let next: Taint[] = [...add];
  for (const o of old) if (!next.some((t) => t.key === o.key && t.effect === o.effect)) next.push(o);
  const added = old.length !== next.length;
  const errors: string[] = [];
  let deleted = false;
  for (const r of remove) {
    const before = next.length;
    next = next.filter((t) => !(t.key === r.key && (r.effect === undefined || t.effect === r.effect)));
    deleted = next.length !== before;
    if (!deleted) errors.push(`taint "${r.effect ? `${r.key}:${r.effect}` : r.key}" not found`);
  }
  if (errors.length > 0) return { ok: false, error: errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]` };
  const operation = (added && deleted) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  return { ok: true, operation, taints: next };
}
