/**
 * A small builder for decision flows: a main chain (start → … → end), and
 * side nodes that leave a chain node (a decision's "no" exit, an untaken
 * alternative). Emphasis follows the evidence: a point the trace shows is
 * `taken` (or `success`/`danger` for terminals), one it does not show is
 * `faint`; an edge is lit only when both its ends are.
 */
import type { Trace, TraceEvent, TraceStep } from '../../trace/types.ts';
import type { DetailLevel, Emphasis, GraphEdge, GraphNode, GraphNodeShape, IconName } from '../types.ts';
import { sortedNumbers } from '../common/steps.ts';
import { shortenText } from '../../common/text.ts';

/** What a topic flowchart builder looks at: the focus step, its events, and what it set off later. */
export interface TopicCtx {
  trace: Trace;
  step: TraceStep;
  detail: DetailLevel;
  /** Events of the step. */
  own: TraceEvent[];
  /**
   * Events of the step and of the steps that only let it play out (advance,
   * wait, expect, a read-only kubectl: see `storySteps`): its consequences land
   * there. A later step that acts again (a second crash, another apply, a
   * scale) is a decision of its own, not evidence for this one.
   */
  later: TraceEvent[];
  /**
   * Events of the step and every later one: only for a topic whose decision
   * legitimately lands after a later action (HPA: the load comes in a later
   * step, the scaling at the next sync). The heading names the steps the
   * picture draws from (build.ts `headingOf`).
   */
  rest: TraceEvent[];
}

/** kubectl commands that only read or wait: the step before them plays out during them. */
const READ_ONLY = /^kubectl (get|describe|rollout (status|history)|wait|top|logs|explain|api-resources|version)\b/;

/** A step that only reads or waits (advance, wait, expect, a read-only kubectl): it lets the steps before it play out. */
export function onlyWatches(s: TraceStep): boolean {
  return s.kind === 'advance' || s.kind === 'wait' || s.kind === 'expect' || (s.kind === 'kubectl' && READ_ONLY.test(s.command));
}

/**
 * The steps a step's story runs over: the step itself and the steps right
 * after it that do not act again (advance, wait, expect, a read-only kubectl),
 * up to the next step that does.
 */
export function storySteps(trace: Trace, step: TraceStep): Set<number> {
  const steps = new Set([step.number]);
  for (const s of trace.steps) {
    if (s.number <= step.number) continue;
    if (!onlyWatches(s)) break;
    steps.add(s.number);
  }
  return steps;
}

/** `45` → `45 s`, `180` → `3 min`. */
const duration = (seconds: number): string => (seconds >= 60 && seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`);

/** What a `fault` step does, in words: `fault node worker-2 down` → `worker-2 goes down`. */
const FAULT_WORDS: Record<string, (name: string, target: string) => string> = {
  down: (name) => `${name} goes down`,
  up: (name) => `${name} comes back`,
  join: (name) => `${name} joins the cluster`,
  delete: (name, target) => (target === 'pod' ? `a Pod of ${name} is deleted` : `${name} is deleted`),
  crash: (name) => `a container of ${name} crashes`,
};

/**
 * What a flowchart's start pill says: the command a person types (kubectl, git); for a step the simulator
 * plays — a fault, time passing, load, traffic — what happens, in words (review D60: the pill read the
 * scenario's own step syntax, `fault node worker-2 down`, `advance 45s`, `traffic pod/client → https://example.com`).
 */
export function startLabel(step: TraceStep): string {
  const words = stepWords(step);
  return words ?? (step.command || step.title);
}

function stepWords(step: TraceStep): string | undefined {
  if (step.kind === 'fault') {
    const m = /^fault (\S+) (\S+) (\S+)$/.exec(step.command);
    const say = m ? FAULT_WORDS[m[3]!] : undefined;
    return m && say ? say(m[2]!, m[1]!) : undefined;
  }
  if (step.kind === 'advance') {
    const m = /^advance (\d+)s$/.exec(step.command);
    return m ? `${duration(Number(m[1]))} pass` : undefined;
  }
  if (step.kind === 'load') {
    const m = /^load (\S+) cpu=(\S+)$/.exec(step.command);
    return m ? `the Pods of ${m[1]} use ${m[2]!.split(',').join(', ')} CPU` : undefined;
  }
  if (step.kind === 'expect') return step.title;
  if (step.kind === 'traffic') return trafficWords(step.command);
  return undefined;
}

/**
 * A traffic step in words (the trace keeps it as `traffic FROM → TO --port N --host H --path P --count N -n NS`,
 * cluster/steps/traffic trafficCommand): `traffic pod/client → https://example.com` → `Pod client requests
 * https://example.com`; `… → service/web --port 80 --count 20` → `Pod client sends 20 requests to Service web on
 * port 80`; `internet → ingress/shop --host shop.example.com --path /api` → `a client on the internet requests
 * http://shop.example.com/api`.
 */
export function trafficWords(command: string): string | undefined {
  const m = /^traffic (\S+) → (\S+)((?: -{1,2}[a-z]+ \S+)*)$/.exec(command);
  if (!m) return undefined;
  const opts = new Map([...m[3]!.matchAll(/ (-{1,2}[a-z]+) (\S+)/g)].map((o) => [o[1]!, o[2]!]));
  const ns = opts.get('-n');
  const from = `${senderWords(m[1]!)}${ns !== undefined ? ` in namespace ${ns}` : ''}`;
  const to = targetWords(m[2]!, opts.get('--port'), opts.get('--host'), opts.get('--path'));
  const count = Number(opts.get('--count') ?? 1);
  return count > 1 ? `${from} sends ${count} requests to ${to}` : `${from} requests ${to}`;
}

/** `pod/client` → `Pod client`, `deployment/web` → `a Pod of deployment/web`, `internet`, a node name. */
function senderWords(from: string): string {
  if (from === 'internet') return 'a client on the internet';
  const [kind, name] = from.split('/');
  if (name === undefined) return `node ${from}`;
  return kind === 'pod' ? `Pod ${name}` : `a Pod of ${from}`;
}

/** `service/web` + port 80 → `Service web on port 80`; an Ingress by its URL when the step names a host; a URL, a DNS name or an address as it is. */
function targetWords(to: string, port: string | undefined, host: string | undefined, path: string | undefined): string {
  const [kind, name] = to.split('/');
  const on = port !== undefined ? ` on port ${port}` : '';
  if (kind === 'ingress' && name !== undefined) return host !== undefined ? `http://${host}${path ?? '/'}` : `Ingress ${name}${path !== undefined ? ` at ${path}` : ''}${on}`;
  if (kind === 'service' && name !== undefined) return `Service ${name}${on}${path !== undefined ? ` at ${path}` : ''}`;
  if (kind === 'pod' && name !== undefined) return `Pod ${name}${on}${path !== undefined ? ` at ${path}` : ''}`;
  return `${to}${port !== undefined ? `:${port}` : ''}${path ?? ''}`;
}

/** A topic builder's answer: the decision the flowchart shows (tests and docs name it) and its flow. */
export interface TopicFlow {
  decision: string;
  flow: Flow;
}

export type Shape = Exclude<GraphNodeShape, 'group' | 'component'>;

export interface PointOpts {
  shape?: Shape;
  icon?: IconName;
  /** Evidence line (counts, names, thresholds): drawn at `standard` and `full`. */
  sub?: string;
  /** What the trace shows: reached (taken), reached and failed (danger), reached and done (success), not reached (faint). */
  state: 'taken' | 'danger' | 'success' | 'faint';
  events?: readonly TraceEvent[];
  /** Label of the edge that leads here. */
  edge?: string;
  /** The edge that leads here, when it was not taken although this point was (reached another way: a rejoin). */
  edgeState?: 'faint';
}

export class Flow {
  readonly nodes: GraphNode[] = [];
  readonly edges: GraphEdge[] = [];
  readonly chain: string[] = [];
  /** Side nodes marked `rejoin` lead back into the next chain point. */
  private pendingRejoin: string[] = [];
  constructor(
    private readonly step: number,
    private readonly detail: DetailLevel,
  ) {}

  private node(key: string, label: string, o: PointOpts): string {
    const id = `fc:${key}`;
    const shape = o.shape ?? 'process';
    const icon: IconName = o.icon ?? (shape === 'decision' ? 'decision' : shape === 'terminal' ? (this.nodes.length === 0 ? 'start' : 'end') : 'none');
    const sub = this.detail === 'summary' ? undefined : o.sub ? evidenceText(o.sub, this.detail) : undefined;
    this.nodes.push({
      id,
      label,
      ...(sub ? { sublabel: sub } : {}),
      icon,
      shape,
      parent: null,
      emphasis: o.state,
      steps: sortedNumbers([this.step, ...(o.events ?? []).map((e) => e.step)]),
    });
    return id;
  }

  private link(from: string, to: string, o: PointOpts): void {
    const a = this.nodes.find((n) => n.id === from)!;
    const lit = a.emphasis !== 'faint' && o.state !== 'faint';
    const emphasis: Emphasis = !lit ? 'faint' : o.state === 'danger' ? 'danger' : 'taken';
    this.edges.push({
      id: `${from}->${to}`,
      from,
      to,
      ...(o.edge ? { label: o.edge } : {}),
      emphasis,
      ...(lit ? {} : { dashed: true }),
      steps: sortedNumbers([this.step, ...(lit ? (o.events ?? []).map((e) => e.step) : [])]),
      events: lit ? (o.events ?? []).map((e) => e.id) : [],
    });
  }

  /** The next point of the main chain. A decision's successor is reached by its "yes". */
  next(key: string, label: string, o: PointOpts): this {
    const prev = this.chain[this.chain.length - 1];
    const id = this.node(key, label, o);
    if (prev !== undefined) {
      const prevNode = this.nodes.find((n) => n.id === prev)!;
      this.link(prev, id, { ...o, state: o.edgeState ?? o.state, edge: o.edge ?? (prevNode.shape === 'decision' ? 'yes' : undefined) });
    }
    this.chain.push(id);
    const rejoin = this.pendingRejoin;
    this.pendingRejoin = [];
    for (const r of rejoin) this.link(r, id, { ...o, edge: undefined, state: this.nodes.find((n) => n.id === r)!.emphasis === 'faint' ? 'faint' : o.state });
    return this;
  }

  /**
   * A side node leaving the last chain point (default edge label: "no" from a decision).
   * `rejoin`: it leads on into the next chain point; `loop`: it leads back into the point it
   * leaves (a wait, then the same decision again); `loopTo`: it leads back into an earlier
   * chain point, named by its key (one more pod: back to "create a pod").
   */
  exit(key: string, label: string, o: PointOpts & { rejoin?: boolean; loop?: boolean; loopTo?: string }): this {
    const from = this.chain[this.chain.length - 1]!;
    const fromNode = this.nodes.find((n) => n.id === from)!;
    // A side node that leads on (rejoin, loop, loopTo) is a step of the story, not an end: a box, not a terminal.
    const leadsOn = o.rejoin === true || o.loop === true || o.loopTo !== undefined;
    const id = this.node(key, label, { ...(leadsOn ? { shape: 'process' as const, icon: 'none' as const } : { shape: 'terminal' as const, icon: 'end' as const }), ...o });
    this.link(from, id, { ...o, edge: o.edge ?? (fromNode.shape === 'decision' ? 'no' : undefined) });
    if (o.rejoin) this.pendingRejoin.push(id);
    if (o.loop) this.linkBack(id, from, o);
    if (o.loopTo !== undefined) {
      const to = `fc:${o.loopTo}`;
      if (!this.chain.includes(to) || to === from) throw new Error(`flowchart: ${key} loops to ${o.loopTo}, which is not an earlier chain point`);
      this.linkBack(id, to, o);
    }
    return this;
  }

  /** A side node's edge back into a chain point: lit only when that point is reached too. */
  private linkBack(id: string, to: string, o: PointOpts): void {
    this.link(id, to, { ...o, edge: undefined, state: this.nodes.find((n) => n.id === to)!.emphasis === 'faint' ? 'faint' : o.state });
  }

  /** Is a key already used? */
  has(key: string): boolean {
    return this.nodes.some((n) => n.id === `fc:${key}`);
  }

  result(): { nodes: GraphNode[]; edges: GraphEdge[]; chain: string[] } {
    return { nodes: this.nodes, edges: this.edges, chain: this.chain };
  }
}

/** How long an evidence line may be: the flowchart layout wraps it onto up to four lines. */
const EVIDENCE_MAX = { standard: 120, full: 240 } as const;

/**
 * Evidence text as a node's sublabel at a detail level: at most EVIDENCE_MAX
 * characters, shortened at word boundaries keeping its start and its end (the
 * outcome: an exit code, a reason, the last path segment) — never mid-word.
 */
export function evidenceText(text: string, detail: DetailLevel): string {
  return shortenText(text, detail === 'full' ? EVIDENCE_MAX.full : EVIDENCE_MAX.standard);
}

/** `taken` when the evidence exists, else `faint`. */
export const seen = (ev: unknown): 'taken' | 'faint' => (ev === undefined || ev === null || (Array.isArray(ev) && ev.length === 0) ? 'faint' : 'taken');

/**
 * The main chain of a template-built flow: from the first node, follow the
 * edge that is not a decision's "no", prefer a step that goes on over a
 * terminal, and a lit path over a faint one.
 */
export function chainOf(g: { nodes: GraphNode[]; edges: GraphEdge[] }): string[] {
  if (g.nodes.length === 0) return [];
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const outgoing = (id: string) => g.edges.filter((e) => e.from === id);
  const chain = [g.nodes[0]!.id];
  const inChain = new Set(chain);
  for (;;) {
    const options = outgoing(chain[chain.length - 1]!).filter((e) => !inChain.has(e.to));
    if (options.length === 0) break;
    const rank = (e: GraphEdge): number => {
      const n = byId.get(e.to)!;
      return (e.label === 'no' ? 4 : 0) + (n.shape === 'terminal' && outgoing(n.id).length === 0 ? 2 : 0) + (n.emphasis === 'faint' ? 1 : 0);
    };
    const best = options.reduce((a, b) => (rank(b) < rank(a) ? b : a));
    chain.push(best.to);
    inChain.add(best.to);
  }
  return chain;
}

