/**
 * `kubectl get` output: tables (with -o wide, -A, --show-kind), -o name,
 * -o yaml, -o json. Pure: objects and a simulated "now" in, text out.
 */
import type { KubeEventLike, KubeObjectLike, PrintGetOptions } from './types.ts';
import { ALIASES, CLUSTER_SCOPED, GENERIC_TABLE, TABLES, type TableDef } from './columns.ts';
import { eventLike, kindGroup } from './format.ts';
import { GET_TABWRITER, tabwrite } from './tabwriter.ts';
import { since } from './duration.ts';
import { asList, toKubectlJson, toKubectlYaml } from './serialize.ts';
import { redactSecrets } from './redact.ts';
import { goPrint, JsonPath } from './jsonpath.ts';

/** Canonical plural for a resource argument (`po` → `pods`, `deployment.apps` → `deployments`). */
export function canonicalResource(resource: string): string {
  const r = resource.toLowerCase().split('.')[0] as string;
  return ALIASES[r] ?? r;
}

/** What kubectl writes to stderr when nothing matches. */
export function noResourcesFound(namespace?: string): string {
  return namespace ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n';
}

export function printGet(objects: readonly KubeObjectLike[], resource: string, opts: PrintGetOptions): string {
  const res = canonicalResource(resource);
  switch (opts.output) {
    case 'name':
      return objects.map((o) => `${kindGroup(o)}/${o.metadata.name}\n`).join('');
    // Secret values never reach a published trace: -o json|yaml print them redacted (./redact.ts).
    case 'json':
      return toKubectlJson(single(objects.map(redactSecrets), opts) ?? asList(objects.map(redactSecrets)));
    case 'yaml':
      return toKubectlYaml(single(objects.map(redactSecrets), opts) ?? asList(objects.map(redactSecrets)));
    default:
      if (objects.length === 0) return '';
      if (res === 'events') return printEvents(objects.map(eventLike), opts);
      return printTable(objects, res, opts);
  }
}

/** `kubectl get KIND NAME -o yaml` prints the object itself; a list request prints a List. */
function single(objects: readonly KubeObjectLike[], opts: PrintGetOptions): KubeObjectLike | undefined {
  return opts.singular && objects.length === 1 ? objects[0] : undefined;
}

function printTable(objects: readonly KubeObjectLike[], res: string, opts: PrintGetOptions): string {
  const def: TableDef = opts.columns ? customTable(opts.columns, objects[0]?.metadata.namespace !== undefined) : (TABLES[res] ?? { ...GENERIC_TABLE, namespaced: !CLUSTER_SCOPED.has(res) });
  const wide = opts.output === 'wide';
  const withNamespace = opts.allNamespaces === true && def.namespaced;
  const headers = [...(withNamespace ? ['NAMESPACE'] : []), ...def.headers, ...(wide ? (def.wide ?? []) : [])];
  // The server-side Table of a list (not custom-columns, which print the objects as listed).
  const ordered = def.order && !opts.columns && !opts.singular ? def.order(objects) : objects;
  const rows = ordered.map((o) => {
    const base = def.name ? def.name(o) : o.metadata.name;
    const name = opts.showKind ? `${kindGroup(o)}/${base}` : base;
    return [...(withNamespace ? [o.metadata.namespace ?? ''] : []), name, ...def.row(o, opts.now, wide)];
  });
  return tabwrite([headers, ...rows].map((r) => r.join('\t')).join('\n') + '\n', GET_TABWRITER);
}

/** printEvent: LAST SEEN is the last timestamp (or the series' last observation). */
function eventCells(e: KubeEventLike, now: number, wide: boolean): string[] {
  const first = e.firstTimestamp ? since(e.firstTimestamp, now) : since(e.eventTime, now);
  let last = e.lastTimestamp ? since(e.lastTimestamp, now) : first;
  let count = e.count ?? 0;
  if (e.series) {
    last = since(e.series.lastObservedTime, now);
    count = e.series.count;
  } else if (count === 0) count = 1;
  const io = e.involvedObject;
  const target = io.name ? `${io.kind.toLowerCase()}/${io.name}` : io.kind.toLowerCase();
  const message = e.message.trim();
  if (!wide) return [last, e.type, e.reason, target, message];
  const source = e.source?.component ? [e.source.component, e.source.host].filter(Boolean).join(', ') : (e.reportingComponent ?? '');
  return [last, e.type, e.reason, target, io.fieldPath ?? '', source, message, first, String(count), e.metadata.name];
}

function printEvents(events: readonly KubeEventLike[], opts: PrintGetOptions): string {
  const wide = opts.output === 'wide';
  const headers = [
    ...(opts.allNamespaces ? ['NAMESPACE'] : []),
    ...['LAST SEEN', 'TYPE', 'REASON', 'OBJECT'],
    ...(wide ? ['SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME'] : ['MESSAGE']),
  ];
  const rows = events.map((e) => [...(opts.allNamespaces ? [e.metadata.namespace ?? ''] : []), ...eventCells(e, opts.now, wide)]);
  return tabwrite([headers, ...rows].map((r) => r.join('\t')).join('\n') + '\n', GET_TABWRITER);
}

/**
 * `kubectl get all` / `kubectl get a,b`: one table per resource, names
 * prefixed with their kind, tables separated by a blank line, empty ones skipped.
 */
export function printGetMany(sections: readonly { resource: string; objects: readonly KubeObjectLike[] }[], opts: PrintGetOptions): string {
  if (opts.output === 'name' || opts.output === 'json' || opts.output === 'yaml') {
    return printGet(
      sections.flatMap((s) => s.objects),
      sections[0]?.resource ?? '',
      { ...opts, singular: false },
    );
  }
  return sections
    .filter((s) => s.objects.length > 0)
    .map((s) => printGet(s.objects, s.resource, { ...opts, showKind: true }))
    .join('\n');
}

/**
 * A custom resource's table (apiextensions-apiserver's tableconvertor): NAME,
 * then each printer column (priority > 0 only with -o wide). A column's
 * jsonPath is evaluated on the object; no value prints <none>; a date prints
 * as an age; other types print their value.
 */
function customTable(columns: NonNullable<PrintGetOptions['columns']>, namespaced: boolean): TableDef {
  const cols = columns.map((c) => ({ ...c, path: new JsonPath(`{${c.jsonPath}}`) }));
  const cell = (o: KubeObjectLike, c: (typeof cols)[number], now: number): string => {
    let found: unknown[][];
    try {
      found = c.path.findResults(o);
    } catch {
      return '<none>';
    }
    const v = found[0]?.[0];
    if (v === undefined || v === null) return '<none>';
    if (c.type === 'date') return typeof v === 'string' ? since(v, now) : '<unknown>';
    return goPrint(v);
  };
  return {
    headers: ['NAME', ...cols.filter((c) => c.priority === 0).map((c) => c.name.toUpperCase())],
    wide: cols.filter((c) => c.priority > 0).map((c) => c.name.toUpperCase()),
    namespaced,
    row: (o, now, wide) => [...cols.filter((c) => c.priority === 0), ...(wide ? cols.filter((c) => c.priority > 0) : [])].map((c) => cell(o, c, now)),
  };
}
