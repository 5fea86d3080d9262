/** Small formatters kubectl's printers share (labels, selectors, ports, typed field access). */
import type { KubeEventLike, KubeObjectLike } from './types.ts';

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

function isDict(v: unknown): v is Dict {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function optString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Each of `keys` of `d` is absent or of type `type`. */
function optional(d: Dict, type: 'string' | 'number', keys: readonly string[]): boolean {
  return keys.every((k) => d[k] === undefined || typeof d[k] === type);
}

/** An Event with every field the event printers read, each of its type. */
function isEventLike(o: KubeObjectLike): o is KubeObjectLike & KubeEventLike {
  const io = o['involvedObject'];
  const source = o['source'];
  const series = o['series'];
  return (
    typeof o['type'] === 'string' &&
    typeof o['reason'] === 'string' &&
    typeof o['message'] === 'string' &&
    isDict(io) &&
    typeof io['kind'] === 'string' &&
    typeof io['name'] === 'string' &&
    optional(io, 'string', ['namespace', 'uid', 'apiVersion', 'fieldPath']) &&
    (source === undefined || (isDict(source) && optional(source, 'string', ['component', 'host']))) &&
    (series === undefined || (isDict(series) && typeof series['count'] === 'number' && typeof series['lastObservedTime'] === 'string')) &&
    optional(o, 'string', ['reportingComponent', 'firstTimestamp', 'lastTimestamp', 'eventTime']) &&
    optional(o, 'number', ['count'])
  );
}

/**
 * A stored Event as the event printers read it: the object itself when it has
 * every field they read (the Events the model records), else a copy with Go's
 * zero values ('' and 0) for what it leaves out, which is what kubectl prints
 * for them (a client may create an Event with some of its fields only).
 */
export function eventLike(o: KubeObjectLike): KubeEventLike {
  if (isEventLike(o)) return o;
  const io = asDict(o['involvedObject']);
  const source = o['source'];
  const series = o['series'];
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    metadata: o.metadata,
    type: optString(o['type']) ?? '',
    reason: optString(o['reason']) ?? '',
    message: optString(o['message']) ?? '',
    involvedObject: {
      kind: optString(io['kind']) ?? '',
      name: optString(io['name']) ?? '',
      namespace: optString(io['namespace']),
      uid: optString(io['uid']),
      apiVersion: optString(io['apiVersion']),
      fieldPath: optString(io['fieldPath']),
    },
    source: isDict(source) ? { component: optString(source['component']), host: optString(source['host']) } : undefined,
    reportingComponent: optString(o['reportingComponent']),
    count: typeof o['count'] === 'number' ? o['count'] : undefined,
    firstTimestamp: optString(o['firstTimestamp']),
    lastTimestamp: optString(o['lastTimestamp']),
    eventTime: optString(o['eventTime']),
    series: isDict(series) ? { count: asNumber(series['count']), lastObservedTime: optString(series['lastObservedTime']) ?? '' } : undefined,
  };
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
