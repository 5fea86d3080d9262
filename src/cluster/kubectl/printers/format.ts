/** Small formatters kubectl's printers share (labels, selectors, ports, typed field access). */
import type { KubeObjectLike } from './types.ts';

export type Dict = { [k: string]: unknown };

export function asDict(v: unknown): Dict {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Dict) : {};
}
export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
export function asString(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback;
}
export function asNumber(v: unknown, fallback = 0): number {
  return typeof v === 'number' ? v : fallback;
}

export function spec(o: KubeObjectLike): Dict {
  return asDict(o.spec);
}
export function status(o: KubeObjectLike): Dict {
  return asDict(o.status);
}

/** labels.FormatLabels: sorted `k=v` joined by ',', `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${(labels as Record<string, string>)[k]}`).join(',');
}

/** metav1.FormatLabelSelector: `<none>` for an empty selector, as kubectl prints it. */
export function formatLabelSelector(sel: unknown): string {
  const s = asDict(sel);
  const parts: string[] = [];
  const ml = asDict(s.matchLabels);
  for (const k of Object.keys(ml).sort()) parts.push(`${k}=${asString(ml[k])}`);
  for (const e of asArray(s.matchExpressions).map(asDict)) {
    const key = asString(e.key);
    const values = asArray(e.values).map((v) => asString(v));
    switch (e.operator) {
      case 'In':
        parts.push(`${key} in (${values.join(',')})`);
        break;
      case 'NotIn':
        parts.push(`${key} notin (${values.join(',')})`);
        break;
      case 'Exists':
        parts.push(key);
        break;
      case 'DoesNotExist':
        parts.push(`!${key}`);
        break;
    }
  }
  const out = parts.join(',');
  return out === '' ? '<none>' : out;
}

/** The API group of an apiVersion (`apps/v1` → `apps`, `v1` → ``). */
export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** `kind.group` as kubectl prints it in `-o name` and with --show-kind (`deployment.apps`, `pod`). */
export function kindGroup(o: KubeObjectLike): string {
  const g = groupOf(o.apiVersion);
  return g === '' ? o.kind.toLowerCase() : `${o.kind.toLowerCase()}.${g}`;
}

export function containersOf(podSpec: Dict): Dict[] {
  return asArray(podSpec.containers).map(asDict);
}

/** The pod template's spec of a workload. */
export function templateSpec(o: KubeObjectLike): Dict {
  return asDict(asDict(spec(o).template).spec);
}
