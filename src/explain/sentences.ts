/**
 * Plain-word sentences for trace events, the way a Kubernetes deep-dive
 * article would say them ("kubectl sends POST … to the API server.").
 * Uses the model's `detail` text when it has one: the model knows more than
 * a generic sentence template does.
 */
import { ETCD_READ, type Component, type Phase, type Trace, type TraceEvent } from '../trace/types.ts';
import { isProxySync, proxySentence, proxyTrigger } from './proxy.ts';

export class Names {
  private readonly byId: Map<string, Component>;
  private readonly apiservers: number;
  /** Events by id, to follow `cause` (what woke a kube-proxy). */
  readonly events: ReadonlyMap<string, TraceEvent>;
  constructor(trace: Trace) {
    this.byId = new Map(trace.components.map((c) => [c.id, c]));
    this.events = new Map(trace.events.map((e) => [e.id, e]));
    this.apiservers = trace.components.filter((c) => c.kind === 'apiserver').length;
  }

  /** How a component is called in a sentence. */
  of(id: string): string {
    const c = this.byId.get(id);
    if (!c) return id;
    switch (c.kind) {
      case 'apiserver':
        return this.apiservers > 1 ? `the API server ${c.name}` : 'the API server';
      case 'scheduler':
        return 'the scheduler';
      case 'load-balancer':
        return 'the load balancer';
      case 'kubelet':
      case 'container-runtime':
      case 'kube-proxy':
      case 'cni':
        return c.host ? `${this.article(c.name)} on ${c.host}` : this.article(c.name);
      case 'pod':
        return `Pod ${c.name}`;
      case 'container':
        return `container ${c.name}`;
      default:
        return this.article(c.name);
    }
  }

  /** The component's kind and host, when the trace lists it. */
  component(id: string): Component | undefined {
    return this.byId.get(id);
  }

  /** `to` as named after `from`: "containerd", not "containerd on worker-1" again, when both are on the same host. */
  peer(from: string, to: string): string {
    const a = this.byId.get(from);
    const b = this.byId.get(to);
    if (a?.host && b?.host && a.host === b.host && (b.kind === 'kubelet' || b.kind === 'container-runtime' || b.kind === 'kube-proxy' || b.kind === 'cni')) return this.article(b.name);
    return this.of(to);
  }

  /** "the kubelet", "the ReplicaSet controller"; proper names (kubectl, etcd, users) stay bare. */
  private article(name: string): string {
    if (/^(kube-|kubectl|etcd|containerd|docker|CoreDNS|coredns|client:|system:)/.test(name)) return name;
    if (/\b(controller|kubelet|proxy|server|balancer|runtime|registry|repository|plugin|autoscaler)\b/i.test(name)) return `the ${name}`;
    return name;
  }
}

const PHASE_WORDS: Record<Phase, string> = {
  authentication: 'authenticates the request',
  authorization: 'authorizes the request',
  'mutating-admission': 'runs the mutating admission plugins',
  validation: 'validates the object',
  'validating-admission': 'runs the validating admission plugins',
  'watch-cache': 'serves the read from its watch cache',
  filter: 'filters the nodes',
  score: 'scores the remaining nodes',
  bind: 'binds the Pod',
  reconcile: 'reconciles',
  quorum: 'waits for a quorum',
  'leader-election': 'holds its leader election',
  other: 'works',
};

export const VERB_WORDS: Record<string, string> = {
  create: 'create',
  update: 'update',
  patch: 'patch',
  delete: 'delete',
  get: 'read',
  list: 'list',
  watch: 'watch',
  deletecollection: 'delete',
};

/** Sentence case for sentences that start with an article; names (kubectl, etcd, alice) keep their spelling. */
export function capitalize(s: string): string {
  if (!/^(the|a|an)\s/.test(s)) return s;
  return s[0]!.toUpperCase() + s.slice(1);
}

export function stripDot(s: string): string {
  return s.replace(/[.\s]+$/, '');
}

function denied(e: TraceEvent): string {
  if (!e.result || e.result === 'ok') return '';
  return ` — ${e.result === 'denied' ? 'denied' : `it fails (${e.result})`}`;
}

/** One sentence for one event. */
export function sentence(e: TraceEvent, names: Names): string {
  // kube-proxy's detail is a whole rule dump: one sentence instead (the dump is for --detail full).
  if (isProxySync(e)) return capitalize(proxySentence(e, names.of(e.from), proxyTrigger(e, names.events)));
  const from = names.of(e.from);
  // A scheduler's own message ("0/3 nodes are available: …") is what the component says, not a sentence about it.
  if (e.detail && e.type === 'phase' && e.phase && /^\d/.test(e.detail)) return capitalize(`${from} ${PHASE_WORDS[e.phase]}: ${stripDot(e.detail)}.`);
  if (e.detail) return capitalize(stripDot(e.detail)) + '.';
  const to = names.peer(e.from, e.to);
  switch (e.type) {
    case 'request':
      if (!e.method || !e.path) {
        const probe = /^(\w+) probe (.+)$/.exec(stripDot(e.summary));
        if (probe) return capitalize(`${from} runs a ${probe[1]} probe against ${to}: ${probe[2]}${denied(e)}.`);
        // A gRPC call (CRI RunPodSandbox, raft AppendEntries) is called, not asked.
        if (/^[A-Z][a-z]+[A-Z]\w*\b/.test(e.summary)) return capitalize(`${from} calls ${stripDot(e.summary)} on ${to}${denied(e)}.`);
      }
      if (e.method && e.path) {
        // The label's parenthetical says what the request is for (`POST events (Pulled)`).
        const note = /\(([^()]+)\)\s*$/.exec(e.summary)?.[1];
        return capitalize(`${from} sends ${e.method} ${e.path} to ${to}${note ? ` (${note})` : ''}${denied(e)}.`);
      }
      // A git command against a repository: "runs git ls-remote against https://… (poll main)".
      const git = /^(git \S+)(.*)$/.exec(stripDot(e.summary));
      if (git) {
        const rest = git[2]!.trim();
        // "git fetch 03b86c0" stays one command; a parenthesis ("(poll main)") says why, after the repository.
        const paren = /^\(.*\)$/.test(rest);
        const command = paren || rest === '' ? git[1] : `${git[1]} ${rest}`;
        return capitalize(`${from} runs ${command} against ${to}${paren ? ` ${rest}` : ''}${denied(e)}.`);
      }
      return capitalize(`${from} asks ${to}: ${stripDot(e.summary)}${denied(e)}.`);
    case 'response':
      return capitalize(`${from} answers ${to}: ${statusText(e)}.`);
    case 'watch': {
      const w = /^(ADDED|MODIFIED|DELETED)\s+(\S+)$/.exec(stripDot(e.summary));
      if (w) return capitalize(`${from} tells ${to} through its watch that ${w[2]} was ${w[1] === 'ADDED' ? 'added' : w[1] === 'DELETED' ? 'deleted' : 'modified'}.`);
      return capitalize(`${from} notifies ${to} through its watch: ${stripDot(e.summary)}.`);
    }
    case 'phase': {
      const text = stripDot(e.summary);
      const bind = e.phase === 'bind' ? /^bind (\S+) to (\S+)$/.exec(text) : null;
      if (bind) return capitalize(`${from} binds Pod ${bind[1]} to ${bind[2]}${denied(e)}.`);
      const who = e.phase === 'authentication' ? /^authenticat\w*\s+(?:as\s+)?(.+)$/.exec(text)?.[1]?.replace(/^"(.*)"$/, '$1') : undefined;
      if (who && (!e.result || e.result === 'ok')) return capitalize(`${from} authenticates ${who}.`);
      const words = e.phase ? PHASE_WORDS[e.phase] : 'works';
      // "filter: 3/3 nodes fit web" under "filters the nodes" says "filter" twice.
      // Nor "waits for a quorum: raft: …" (the protocol's prefix), nor "runs the validating admission plugins: validating admission".
      const rest = (e.phase ? text.replace(new RegExp(`^${e.phase}:\\s*`), '') : text).replace(/^raft:\s*/, '');
      if (rest === '' || words.toLowerCase().includes(rest.toLowerCase())) return capitalize(`${from} ${words}${denied(e)}.`);
      return capitalize(`${from} ${words}: ${rest}${denied(e)}.`);
    }
    case 'action':
      return capitalize(`${from} ${actionPhrase(e.summary)}${denied(e)}.`);
    case 'packet':
      return capitalize(`A packet travels from ${from} to ${to}: ${stripDot(e.summary)}${denied(e)}.`);
    case 'outcome':
      return `Result: ${stripDot(e.summary)}.`;
  }
}

/** Events that say the same thing about different objects are told once. */
export function groupKey(e: TraceEvent): string {
  const name = e.resource?.name;
  const summary = name ? e.summary.split(name).join('*') : e.summary;
  return [summary, e.type, e.from, e.to, e.verb ?? '', e.method ?? '', e.resource?.kind ?? '', e.resource?.subresource ?? '', e.phase ?? '', e.action ?? '', e.result ?? '', e.status ?? ''].join('|');
}

const MAX_NAMES = 5;

function nameList(names: string[]): string {
  const unique = [...new Set(names)];
  if (unique.length <= MAX_NAMES) return unique.join(', ');
  return `${unique.slice(0, MAX_NAMES).join(', ')} and ${unique.length - MAX_NAMES} more`;
}

export function pluralKind(kind: string, n: number): string {
  if (n === 1) return kind;
  // Kinds that are plural already: PodMetrics, NodeMetrics.
  if (/Metrics$/.test(kind)) return kind;
  return /(s|x|ch|sh)$/.test(kind) ? `${kind}es` : kind.endsWith('y') ? `${kind.slice(0, -1)}ies` : `${kind}s`;
}

function names(events: TraceEvent[]): string[] {
  return events.map((e) => e.resource?.name ?? (e.type === 'request' ? e.path : undefined)).filter((x): x is string => Boolean(x));
}

/** One sentence for several standalone events with the same group key. */
export function groupSentence(events: TraceEvent[], names_: Names): string {
  const first = events[0]!;
  if (events.length === 1) return sentence(first, names_);
  const objects = names(events);
  const w = first.type === 'watch' ? /^(ADDED|MODIFIED|DELETED)\s/.exec(first.summary) : null;
  const kind = first.resource?.kind;
  if (w && kind) {
    const how = w[1] === 'ADDED' ? 'added' : w[1] === 'DELETED' ? 'deleted' : 'modified';
    const unique = [...new Set(objects)];
    const head = `${names_.of(first.from)} tells ${names_.peer(first.from, first.to)} through its watch that`;
    if (unique.length === 1) return capitalize(`${head} ${kind} ${unique[0]} was ${how} (${events.length} times).`);
    return capitalize(`${head} ${events.length} ${pluralKind(kind, events.length)} were ${how}: ${nameList(objects)}.`);
  }
  const base = stripDot(sentence(first, names_));
  const list = objects.length > 1 ? `, for ${nameList(objects)}` : '';
  // One parenthesis, not two: "(35 lines added, 0 removed; 2 times)".
  if (base.endsWith(')')) return `${base.slice(0, -1)}; ${events.length} times${list}).`;
  return `${base} (${events.length} times${list}).`;
}

/** The object a request is about: its resource name, else the last segment of the etcd key it wrote. */
export function objectName(head: TraceEvent, handling: readonly TraceEvent[]): string | undefined {
  if (head.resource?.name) return head.resource.name;
  const key = handling.find((e) => e.etcd)?.etcd?.key;
  return key ? key.slice(key.lastIndexOf('/') + 1) : undefined;
}

/** "a, b and c" */
export function joinPhrases(p: string[]): string {
  if (p.length <= 1) return p.join('');
  return `${p.slice(0, -1).join(', ')} and ${p[p.length - 1]}`;
}

/** What the server did with a request, as verb phrases ("authenticates alice", "writes … to etcd"). */
function handlingPhrases(head: TraceEvent, handling: TraceEvent[], names_: Names, opts: { generic: boolean; keepName?: boolean }): string[] {
  const serverName = names_.of(head.to);
  const phrases: string[] = [];
  const client = head.from;
  const server = serverName;
  const what = objectName(head, handling) ?? head.path?.split('?')[0];
  const generic = (s: string) => (opts.generic && !opts.keepName && what ? s.split(what).join('…') : s);
  for (const e of handling) {
    if (e.type === 'phase') phrases.push(phasePhrase(e, head, server, generic));
    else if (e.type === 'action') phrases.push(`${actionPhrase(generic(e.summary))}${denied(e)}`);
    else if (e.type === 'request' && e.etcd) {
      const key = generic(e.etcd.key);
      const op = e.etcd.op;
      const read = e.attrs?.['read'];
      phrases.push(op === 'range' ? (read === ETCD_READ.revision ? 'asks etcd for its current revision with a quorum read' : read === ETCD_READ.object ? `reads ${key} from etcd with a quorum read` : `reads ${key} from etcd`) : op === 'delete' ? `deletes ${key} from etcd` : op === 'watch' ? `watches ${key} in etcd` : `writes ${key} to etcd`);
    } else if (e.type === 'request') phrases.push(`calls ${names_.peer(e.from, e.to)} (${stripDot(generic(e.summary))})`);
    else if (e.type === 'response' && e.to === client) phrases.push(`answers ${answer(e)}`);
    else if (e.type === 'response' && e.result && e.result !== 'ok') phrases.push(`gets an error back (${stripDot(e.summary)})`);
    else if (e.type === 'response' && e.etcd?.revision !== undefined && !opts.generic && phrases.length > 0) {
      phrases[phrases.length - 1] += ` (revision ${e.etcd.revision})`;
    }
  }
  return phrases;
}

/**
 * An HTTP answer as a person writes it: `201 Created`, not the label's
 * `201 Created deployments` (the resource is already named in the sentence).
 */
function statusText(e: TraceEvent): string {
  const text = stripDot(e.summary);
  const http = /^(\d{3}(?: [A-Z][A-Za-z-]*)*)(?: [a-z][\w./-]*)?$/.exec(text);
  const said = http ? http[1]! : text;
  return e.status !== undefined && !said.includes(String(e.status)) ? `${said} (${e.status})` : said;
}

/** `201 Created` as is; other answers quoted: `“image pulled”`. */
function answer(e: TraceEvent): string {
  const text = statusText(e);
  return /^\d{3}\b/.test(text) ? text : `“${text}”`;
}

/** Verbs whose third person is the imperative + s, for the runtime's own actions ("start nginx" → "starts nginx"). */
const ACTION_VERBS = new Set(['start', 'create', 'pull', 'stop', 'kill', 'remove', 'run', 'mount', 'unmount', 'allocate', 'delete', 'write', 'read', 'send', 'restart', 'evict', 'program', 'attach', 'detach', 'scale', 'sync', 'bind', 'add']);

/** An action summary as a verb phrase: "starts nginx (nginx:1.27)"; otherwise "reports: sandbox ready (10.244.1.2)". */
function actionPhrase(summary: string): string {
  const text = stripDot(summary);
  const verb = /^(\w+)\b/.exec(text)?.[1];
  if (verb && ACTION_VERBS.has(verb)) return `${verb}s${text.slice(verb.length)}`;
  return `reports: ${text}`;
}

function phasePhrase(e: TraceEvent, head: TraceEvent, serverName: string, generic: (s: string) => string): string {
  // The model's (or importer's) own words, when they are about this server.
  const prefix = `${capitalize(serverName)} `;
  if (e.detail?.startsWith(prefix)) return stripDot(generic(e.detail.slice(prefix.length)));
  const failed = e.result !== undefined && e.result !== 'ok';
  const who = /^authenticat\w*\s+(?:as\s+)?(.+)$/.exec(e.summary)?.[1]?.replace(/^"(.*)"$/, '$1');
  switch (e.phase) {
    case 'authentication':
      return failed ? `rejects the credentials (${stripDot(e.summary)})` : who ? `authenticates ${who}` : 'authenticates the request';
    case 'authorization':
      return failed ? `denies the request (${stripDot(e.summary)})` : 'authorizes it';
    case 'mutating-admission':
      return failed ? `rejects it in mutating admission (${stripDot(e.summary)})` : 'runs mutating admission';
    case 'validation':
      return failed ? `finds it invalid (${stripDot(e.summary)})` : `validates the ${head.resource?.kind ?? 'object'}`;
    case 'validating-admission':
      return failed ? `rejects it in validating admission (${stripDot(e.summary)})` : 'runs validating admission';
    case 'watch-cache':
      return 'serves it from its watch cache';
    default:
      return `${stripDot(e.summary)}${denied(e)}`;
  }
}

/** The sentences for one request and its handling: what the client sends, then what the server does. */
export function requestSentences(head: TraceEvent, handling: TraceEvent[], names_: Names): string[] {
  const out = [sentence(head, names_)];
  const phrases = handlingPhrases(head, handling, names_, { generic: false });
  if (phrases.length > 0) out.push(capitalize(`${names_.of(head.to)} ${joinPhrases(phrases)}.`));
  return out;
}

/** The same, for several requests of the same shape about different objects. */
export function requestGroupSentences(units: readonly { head: TraceEvent; handling: TraceEvent[] }[], names_: Names): string[] {
  const first = units[0]!.head;
  const n = units.length;
  const from = names_.of(first.from);
  const to = names_.of(first.to);
  const verb = first.verb ? VERB_WORDS[first.verb] : undefined;
  const objects = units.map((u) => objectName(u.head, u.handling) ?? u.head.path?.split('?')[0]).filter((x): x is string => Boolean(x));
  const list = objects.length > 0 ? `: ${nameList(objects)}` : '';
  const unique = [...new Set(objects)];
  const sub = first.resource?.subresource ? `the ${first.resource.subresource} of ` : '';
  const out = [
    verb && first.resource?.kind && unique.length === 1
      ? capitalize(`${from} asks ${to} ${n} times to ${verb} ${sub}${first.resource.kind} ${unique[0]}.`)
      : verb && first.resource?.kind
      ? capitalize(`${from} asks ${to} to ${verb} ${first.resource.subresource ? `the ${first.resource.subresource} of ` : ''}${n} ${pluralKind(first.resource.kind, n)}${list}.`)
      : capitalize(`${from} sends ${n} ${first.method ?? ''} requests to ${to}${list}.`.replace(/ {2,}/g, ' ')),
  ];
  // Same object every time: name it; several objects: write the key with "…" for the name.
  const phrases = handlingPhrases(first, units[0]!.handling, names_, { generic: true, keepName: unique.length === 1 });
  if (phrases.length > 0) out.push(`${unique.length === 1 ? 'Each time' : 'For each'}, ${names_.of(first.to)} ${joinPhrases(phrases)}.`);
  return out;
}
