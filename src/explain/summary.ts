/**
 * `explain --detail summary`: one sentence per component hop, the level of the
 * seed articles ("kubectl asks the API server to create Deployment web", "the
 * kubelets on worker-1, worker-2 and worker-3 call RunPodSandbox,
 * CreateContainer and StartContainer on containerd"). A step's units are
 * grouped by who talks to whom (kubelets, runtimes and kube-proxies of
 * different nodes count as one role) and what kind of thing they say; each
 * group is told once, at its first occurrence.
 */
import type { TraceEvent } from '../trace/types.ts';
import { Names, VERB_WORDS, capitalize, joinPhrases, objectName, pluralKind, sentence, stripDot } from './sentences.ts';
import { isProxySync } from './proxy.ts';
import { unitsOf, type Unit } from './units.ts';

/** Node-local components of one kind are one role ("the kubelets"). */
const PER_NODE = new Set(['kubelet', 'container-runtime', 'kube-proxy', 'pod', 'container', 'cni']);

function role(names: Names, id: string): string {
  const c = names.component(id);
  return c && PER_NODE.has(c.kind) ? `kind:${c.kind}` : id;
}

/** "the kubelet on worker-1", or for several of one kind "the kubelets on worker-1, worker-2 and worker-3". */
function who(names: Names, ids: readonly string[]): string {
  const unique = [...new Set(ids)];
  const first = names.of(unique[0]!);
  if (unique.length === 1) return first;
  const hosts = unique.map((id) => names.component(id)?.host).filter((h): h is string => Boolean(h));
  const c = names.component(unique[0]!);
  if (c?.kind === 'pod' || c?.kind === 'container') return `${unique.length} ${c.kind === 'pod' ? 'Pods' : 'containers'}`;
  if (hosts.length === unique.length && c?.host) {
    const base = first.slice(0, first.length - ` on ${c.host}`.length);
    const plural = base.startsWith('the ') ? `${base}s` : base;
    return `${plural} on ${joinPhrases([...new Set(hosts)].sort())}`;
  }
  return `${first} and ${unique.length - 1} more`;
}

function keyOf(names: Names, u: Unit): string {
  const e = u.head;
  const what = e.type === 'request' ? (e.method && e.path ? 'api' : 'call') : e.type === 'phase' ? `phase:${e.phase ?? ''}` : e.type === 'action' ? `action:${e.action ?? ''}` : e.type;
  return `${role(names, e.from)}\u0000${role(names, e.to)}\u0000${what}`;
}

/** A failure worth telling: a read that finds nothing (kubectl apply's first GET) is not one. */
const failed = (e: TraceEvent) => e.result !== undefined && e.result !== 'ok' && e.result !== 'not-found';

/** "create Deployment web", "create 3 Pods", "update the status of 2 ReplicaSets". */
function requestPhrases(units: readonly Unit[]): string[] {
  const byWhat = new Map<string, string[]>();
  for (const u of units) {
    const h = u.head;
    const verb = h.verb ? (VERB_WORDS[h.verb] ?? h.verb) : (h.method ?? 'call').toUpperCase();
    const kind = h.resource?.kind;
    const sub = h.resource?.subresource ? `the ${h.resource.subresource} of ` : '';
    const key = kind ? `${verb}\u0000${sub}\u0000${kind}` : `${verb}\u0000\u0000${h.path?.split('?')[0] ?? ''}`;
    let list = byWhat.get(key);
    if (!list) byWhat.set(key, (list = []));
    list.push(objectName(h, u.handling) ?? '');
  }
  return [...byWhat.entries()].map(([key, objects]) => {
    const [verb, sub, kind] = key.split('\u0000') as [string, string, string];
    const unique = [...new Set(objects.filter(Boolean))];
    if (!/^[A-Z]/.test(kind)) return `${verb === verb.toUpperCase() ? `send ${verb}` : verb} ${kind}${objects.length > 1 ? ` (${objects.length} times)` : ''}`;
    // Events are bookkeeping: counted, not named.
    if (kind === 'Event' && verb === 'create') return objects.length === 1 ? 'record an Event' : `record ${objects.length} Events`;
    if (kind === 'Event' && verb === 'patch') return objects.length === 1 ? 'count a repeated Event' : `count ${objects.length} repeated Events`;
    if (unique.length === 1) return `${verb} ${sub}${kind} ${unique[0]}${objects.length > 1 ? ` (${objects.length} times)` : ''}`;
    // A collection read names no object: "list Pods", not "list 1 Pod".
    if (unique.length === 0) return `${verb} ${sub}${pluralKind(kind, 2)}${objects.length > 1 ? ` (${objects.length} times)` : ''}`;
    return `${verb} ${sub}${objects.length} ${pluralKind(kind, objects.length)}`;
  });
}

function groupSummary(names: Names, units: readonly Unit[]): string {
  const heads = units.map((u) => u.head);
  const first = heads[0]!;
  const from = who(names, heads.map((e) => e.from));
  const to = who(names, heads.map((e) => e.to));
  const bad = units.filter((u) => failed(u.head) || u.handling.some(failed)).length;
  const trouble = bad === 0 ? '' : bad === units.length ? (units.length === 1 ? ' — it fails' : ' — they fail') : ` — ${bad} of them fail`;
  const one = new Set(heads.map((e) => e.from)).size === 1;
  const verb = (v: string) => (one ? `${v}s` : v);
  if (first.type === 'request' && first.method && first.path) {
    return capitalize(`${from} ${verb('ask')} ${to} to ${joinPhrases(requestPhrases(units))}${trouble}.`);
  }
  if (first.type === 'request') {
    const calls = [...new Set(heads.map((e) => /^(\S+)/.exec(e.summary)?.[1] ?? e.summary))];
    if (/^[A-Z][a-z]+[A-Z]/.test(calls[0]!)) return capitalize(`${from} ${verb('call')} ${joinPhrases(calls)} on ${to}${trouble}.`);
    if (units.length === 1) return sentence(first, names);
    const base = stripDot(sentence(first, names));
    // One parenthesis, not two: "… (poll main; 2 requests)".
    return base.endsWith(')') ? `${base.slice(0, -1)}; ${units.length} requests${trouble}).` : `${base} (${units.length} requests${trouble}).`;
  }
  if (first.type === 'watch') {
    const kinds = [...new Set(heads.map((e) => e.resource?.kind).filter((k): k is string => Boolean(k)))];
    const n = heads.length;
    if (n === 1) return sentence(first, names);
    return capitalize(`${from} ${verb('tell')} ${to} through ${one ? 'its watch' : 'their watches'} about ${n} changes${kinds.length ? ` (${kinds.map((k) => pluralKind(k, 2)).join(', ')})` : ''}.`);
  }
  // Phases, actions, packets, outcomes: the last one says where things ended up (kube-proxy's last sync, the last bind).
  const last = isProxySync(first) || first.type === 'outcome' ? heads[heads.length - 1]! : first;
  const base = stripDot(sentence(last, names));
  if (heads.length === 1) return `${base}.`;
  const count = `${heads.length} times${new Set(heads.map((e) => e.from)).size > 1 ? `, by ${from}` : ''}`;
  return base.endsWith(')') ? `${base.slice(0, -1)}; ${count}).` : `${base} (${count}).`;
}

/** One sentence per component hop of a step. Outcomes are all told: they are the point. */
export function summarySentences(events: readonly TraceEvent[], names: Names): string[] {
  const groups = new Map<string, Unit[]>();
  const order: string[] = [];
  for (const u of unitsOf(events)) {
    const key = u.head.type === 'outcome' ? `outcome\u0000${u.head.id}` : keyOf(names, u);
    let g = groups.get(key);
    if (!g) {
      groups.set(key, (g = []));
      order.push(key);
    }
    g.push(u);
  }
  return order.map((k) => groupSummary(names, groups.get(k)!));
}
