/**
 * What kind of interaction an event is, in words: the architecture view
 * groups events by it (one edge per from/to/kind), and the sequence view uses
 * the same short labels. Phases, responses and outcomes are not interactions
 * between two components and have no key.
 */
import type { TraceEvent } from '../../trace/types.ts';
import type { Causality } from './causality.ts';
import { withMore } from './more.ts';

export interface Interaction {
  /** Grouping key; events with the same from, to and key become one edge. */
  key: string;
  /** Short label for this event within the group. */
  label: string;
  dashed: boolean;
}

const ETCD_LABELS: Record<string, string> = {
  put: 'store in etcd',
  range: 'read from etcd',
  delete: 'delete from etcd',
  txn: 'etcd transaction',
  watch: 'watch etcd',
};

export function interactionOf(e: TraceEvent): Interaction | null {
  switch (e.type) {
    case 'request':
      if (e.etcd) {
        const op = etcdOp(e);
        return { key: `etcd:${op}`, label: ETCD_LABELS[op] ?? `etcd ${op}`, dashed: false };
      }
      if (e.method && e.resource) {
        // One edge per resource: kubectl apply's GET + POST, or an update and its status, are one arrow.
        const base = e.resource.resource ?? e.resource.kind.toLowerCase();
        return { key: `api:${base}`, label: `${e.method} ${resourcePath(e)}`, dashed: false };
      }
      // CRI and other calls between two components: one edge, the calls listed.
      return { key: 'call', label: e.action ? humanize(e.action) : e.summary, dashed: false };
    case 'watch':
      return { key: 'watch', label: `watch ${e.resource?.resource ?? e.resource?.kind.toLowerCase() ?? 'events'}`, dashed: true };
    case 'action':
      return { key: 'action', label: e.action ? humanize(e.action) : e.summary, dashed: false };
    case 'packet':
      return { key: 'packet', label: packetLabel(e), dashed: false };
    default:
      return null;
  }
}

/** The etcd operation; a `txn` is named by what it does (`put …` in its summary or verb). */
function etcdOp(e: TraceEvent): string {
  const op = e.etcd!.op;
  if (op !== 'txn') return op;
  const word = /^(put|delete|range|get)\b/.exec(e.summary)?.[1] ?? (e.verb !== 'txn' ? e.verb : undefined);
  return word === 'get' ? 'range' : word ?? 'txn';
}

/** What a network hop does, in two or three words (the summary carries addresses and names). */
const PACKET_KINDS: [RegExp, string][] = [
  [/dropped by NetworkPolicy/, 'dropped by NetworkPolicy'],
  [/^DNS [A-Z]+\?/, 'DNS query'],
  [/^DNS /, 'DNS answer'],
  [/^DNAT/, 'DNAT to a Pod'],
  [/^MASQUERADE|SNAT/, 'SNAT'],
  [/^deliver to/, 'deliver'],
  [/NodePort/, 'NodePort'],
  [/via |over the node network/, 'to another node'],
];

/** `HTTP/1.1 404 Not Found (from http://…)` → `HTTP 404 Not Found`: a reply says what it answered. */
const HTTP_REPLY = /^HTTP\/[\d.]+ (\d{3}(?: [^(]*[^ (])?)/;

function packetLabel(e: TraceEvent): string {
  const reply = HTTP_REPLY.exec(e.summary);
  if (reply) return `HTTP ${reply[1]}`;
  return PACKET_KINDS.find(([re]) => re.test(e.summary))?.[1] ?? 'traffic';
}

/** `deployments`, `pods/binding`. */
export function resourcePath(e: TraceEvent): string {
  const r = e.resource;
  if (!r) return '';
  const plural = r.resource ?? r.kind.toLowerCase();
  const group = r.apiVersion?.includes('/') ? r.apiVersion.slice(0, r.apiVersion.indexOf('/')) : '';
  const base = AGGREGATED_GROUPS.has(group) ? `${plural}.${group}` : plural;
  return r.subresource ? `${base}/${r.subresource}` : base;
}

/**
 * Groups served by an aggregated API whose plurals are the built-in ones
 * (`pods` of metrics.k8s.io): a label names them with their group, as
 * kubectl does (`pods.metrics.k8s.io`), so a metrics read does not read as a
 * list of Pods (gallery review D116).
 */
const AGGREGATED_GROUPS = new Set(['metrics.k8s.io', 'custom.metrics.k8s.io', 'external.metrics.k8s.io']);

/** `run-pod-sandbox` → `run pod sandbox`. */
export function humanize(action: string): string {
  return action.replace(/[-_]+/g, ' ');
}

/**
 * Results that mean something went wrong. `not-found` is not one: kubectl
 * apply's first GET is answered 404 whenever it creates something.
 */
export function isFailure(result: TraceEvent['result']): boolean {
  return result !== undefined && result !== 'ok' && result !== 'not-found';
}

/**
 * A packet that never reached the Pod it was sent to (the CNI of the Pod's
 * node dropped it for a NetworkPolicy): drawn as a lost message. A packet
 * dropped on its way out is sent to the CNI that drops it, and arrives there.
 */
export function isLost(e: TraceEvent, kindOf: (id: string) => string): boolean {
  return e.type === 'packet' && e.result === 'dropped' && (kindOf(e.to) === 'pod' || kindOf(e.to) === 'container');
}

/**
 * A component recording a Kubernetes Event (`POST events (Scheduled)`, or the
 * PATCH of a repeated one's count): bookkeeping, not the story.
 */
export function isEventRecord(e: TraceEvent): boolean {
  return e.type === 'request' && e.resource?.kind === 'Event' && (e.verb === 'create' || e.verb === 'patch');
}

/** Ids of the events that store Event records (handler chain, etcd, response): hidden with the record. */
export function eventStorage(events: readonly TraceEvent[], causality: Causality): Set<string> {
  const hidden = new Set<string>();
  for (const r of events.filter(isEventRecord)) {
    for (const e of causality.servedUntilReply(r)) hidden.add(e.id);
  }
  return hidden;
}

const API_LABEL = /^([A-Z]+) ([^\s/]+)(?:\/(\S+))?$/;

/** `GET deployments` + `POST deployments` → `GET/POST deployments`; subresources in brackets. */
function joinApiLabels(labels: readonly string[]): string | null {
  const groups = new Map<string, { methods: string[]; subs: string[] }>();
  for (const l of labels) {
    const m = API_LABEL.exec(l);
    if (!m) return null;
    const method = m[1]!, noun = m[2]!; // groups 1 and 2 are not optional in API_LABEL: a match has them
    const g = groups.get(noun) ?? { methods: [], subs: [] };
    if (!g.methods.includes(method)) g.methods.push(method);
    if (m[3] && !g.subs.includes(m[3])) g.subs.push(m[3]);
    groups.set(noun, g);
  }
  return [...groups.entries()].map(([noun, g]) => `${g.methods.join('/')} ${noun}${g.subs.length > 0 ? ` (${g.subs.join(', ')})` : ''}`).join(', ');
}

/**
 * Joins distinct labels in order, at most `max` of them named and the rest
 * counted with the project's `+N more` (views/common/more.ts), never `…`:
 * `watch deployments, replicasets, +3 more`. The count takes the place of one
 * more label, so a list one label too long names that label instead of
 * `+1 more`. A shared first word is written once (`watch deployments,
 * replicasets`).
 */
export function joinLabels(labels: readonly string[], max = 4): string {
  const distinct = [...new Set(labels)];
  if (distinct.length > 1) {
    const api = joinApiLabels(distinct);
    if (api !== null) return api;
  }
  // The count stands where label max + 1 would: it is written only for two or more labels.
  const named = distinct.length > max + 1 ? distinct.slice(0, max) : distinct;
  const first = named[0]?.split(' ')[0] ?? '';
  const shared = named.length > 1 && named.every((l) => l.startsWith(first + ' '));
  const shown = shared ? [`${first} ${named.map((l) => l.slice(first.length + 1)).join(', ')}`] : named;
  return withMore(shown, distinct.length - named.length);
}
