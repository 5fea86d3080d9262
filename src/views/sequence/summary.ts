/**
 * The `summary` level: one message per component hop, the level of an
 * introductory article ("kubectl → API server → etcd → controller manager →
 * scheduler → kubelet → runtime"). Lanes are components, not Pods or nodes:
 * the controllers are their controller manager, every node's kubelet is one
 * `kubelet` lane, runtimes and CNI one runtime lane, Pods and containers one
 * `Pods` lane (but a CNI plugin that passes a packet to another node's is
 * its node's own lane: SummaryLanes.perNode). Within a step, every hop
 * between the same two lanes of the same kind (an API call, `watch`, `store
 * in etcd`) is one message, placed where
 * it first happened and labelled with what it stands for (`POST pods ×3`); an
 * API call, whoever makes it, is one kind per method and resource, never
 * `POST/PUT replicasets, pods`, and a runtime call or action one per action
 * (hopKind); merged messages are drawn in the order each Pod goes through
 * them (order.ts), and a controller's alike rounds are one loop `round 1..N`
 * (rounds.ts). A controller's status writes are left out, like its Event
 * records, and so are `kubectl apply`'s 404 look-ups before it creates and a
 * runtime call the runtime's action on the Pod repeats.
 * A component's internal phases become one note (`authn · authz · admission
 * ✓`), and so does the first thing it notices on its own (an outcome, a
 * Lease too old); replies are left out except what the client got back.
 */
import { ETCD_READ, type Component, type Phase, type Trace, type TraceEvent } from '../../trace/types.ts';
import type { SequenceBox, SequenceItem, SequenceParticipant } from '../types.ts';
import type { Causality } from '../common/causality.ts';
import { componentOf, describeKind, hostOf, iconFor, labelOf, laneKey, rankOf, sublabelOf } from '../common/components.ts';
import { eventStorage, interactionOf, isEventRecord, isFailure, isLost, joinLabels, resourcePath } from '../common/interactions.ts';
import { numberedNames } from '../common/ranges.ts';
import { compareNames } from '../../common/text.ts';
import type { PodName } from '../common/workloads.ts';
import { isNodeLevel, podIdOf, runsOnNode } from './node-level.ts';
import { buildParticipants } from './participants.ts';
import { mergedPacketLabels, packetHopLabel } from './packets.ts';
import { findRounds } from './rounds.ts';
import { snatReturn } from './snat-return.ts';
import { threadOrder } from './order.ts';

const PHASE_WORDS: Partial<Record<Phase, string>> = {
  authentication: 'authn',
  authorization: 'authz',
  'mutating-admission': 'admission',
  validation: 'validation',
  'validating-admission': 'admission',
  'watch-cache': 'watch cache',
  filter: 'filter nodes',
  score: 'score',
  bind: 'bind',
  quorum: 'quorum',
  'leader-election': 'leader election',
};

/**
 * Merged lanes: class → members, in order of first use. Every node's
 * kubelet is one lane (and so on for runtimes, CNI plugins, kube-proxies)
 * while the nodes do the same thing (perNode),
 * the Pods of one workload and their containers are one lane; at `summary`
 * also the controllers are their controller manager and CNI is the runtime.
 * Pods of different workloads keep their own lanes, so traffic between them
 * stays an arrow; so does a Pod that talks to a Pod of its own workload
 * (a StatefulSet's web-1 calls web-0).
 */
export class SummaryLanes {
  private readonly members = new Map<string, Component[]>();
  private readonly repOf = new Map<string, string>();

  /** Pods (ids) that send or receive packets. */
  private readonly traffic: Set<string>;

  /** Pods (ids) that send packets to, or receive them from, a Pod of their own workload: a lane each. */
  private readonly peers: Set<string>;

  /**
   * The drawn events go from one node to another (a packet from one node's
   * CNI plugin to another's, nodesTalk): the nodes do different things, one
   * sends and the other receives or drops, so they are not folded. At
   * standard every node-level lane and a workload's Pods are one lane per
   * node, in a host box named by the node; at summary (lanes are components,
   * no boxes) the CNI plugin that carries a packet is one lane per node,
   * named by it, in a step's own picture (its slide; a whole story of
   * several steps keeps one CNI lane, so it stays narrow enough for a docs
   * column), and the kubelet and runtime lanes (with the CNI's Pod network
   * set-up), which do the same on every node, stay one.
   */
  private readonly perNode: boolean;

  /**
   * `index`: the trace's components; `workloads`: a Pod's workload by its
   * owners (views/common/workloads.ts traceWorkloads); `events`: the drawn
   * steps' events (which Pods carry traffic, whether nodes talk to each other).
   */
  constructor(
    readonly index: Map<string, Component>,
    private readonly workloads: (pod: PodName) => string,
    private readonly level: 'summary' | 'standard' = 'summary',
    events: readonly TraceEvent[] = [],
  ) {
    const podOf = (id: string) => {
      const c = index.get(id);
      return c === undefined ? id : podIdOf(c);
    };
    this.traffic = new Set(events.filter((e) => e.type === 'packet').flatMap((e) => [podOf(e.from), podOf(e.to)]));
    const pod = (id: string) => {
      const c = index.get(podOf(id));
      return c?.kind === 'pod' ? c : undefined;
    };
    this.peers = new Set(
      events.flatMap((e) => {
        const [a, b] = [pod(e.from), pod(e.to)];
        return e.type === 'packet' && a !== undefined && b !== undefined && a.id !== b.id && this.workloadOf(a) === this.workloadOf(b) ? [a.id, b.id] : [];
      }),
    );
    // At summary only a step's own picture (its slide): a whole story of several steps stays narrow.
    this.perNode = nodesTalk(index, events) && (level === 'standard' || new Set(events.map((e) => e.step)).size === 1);
  }

  /**
   * Records the components of the drawn events, in order, choosing the
   * representative of every node-level lane (kubelet, runtime, CNI,
   * kube-proxy) on one host — the lowest-numbered node the drawn events
   * touch — so folded lanes sit in one host box instead of mixing nodes.
   */
  seed(ids: readonly string[]): void {
    const comps = ids.map((id) => componentOf(this.index, id));
    const hosts = [...new Set(comps.filter((c) => isNodeLevel(c.kind)).map((c) => hostOf(this.index, c)))].filter((h): h is string => h !== null).sort(compareNames);
    const lead = hosts[0];
    for (const c of comps) {
      if (!isNodeLevel(c.kind)) continue;
      const cls = this.classOf(c);
      if (this.repOf.has(cls)) continue;
      const onLead = comps.find((m) => isNodeLevel(m.kind) && this.classOf(m) === cls && hostOf(this.index, m) === lead);
      this.repOf.set(cls, (onLead ?? c).id);
    }
    for (const id of ids) this.lane(id);
  }

  /**
   * The lane (its representative component id) a component is drawn on.
   * `record: false` maps an event the picture does not draw (a setup step's,
   * kept for causality) without making its component a member of the lane,
   * so a lane's box and count say what the drawn steps involve. `packet`:
   * the component carries a packet (at summary, a CNI plugin's lane is then
   * its node's when nodes talk to each other).
   */
  lane(id: string, record = true, packet = false): string {
    const c = componentOf(this.index, id);
    const cls = this.classOf(c, packet);
    let rep = this.repOf.get(cls);
    if (rep === undefined) {
      // A sub-controller's lane is its controller manager's.
      rep = c.kind === 'controller-manager' && c.parent !== undefined && this.index.has(c.parent) ? c.parent : cls === c.id || !this.index.has(cls) ? c.id : cls;
      this.repOf.set(cls, rep);
    }
    if (!record) return rep;
    const list = this.members.get(cls) ?? [];
    if (!list.some((m) => m.id === c.id)) list.push(c);
    this.members.set(cls, list);
    return rep;
  }

  private classOf(c: Component, packet = false): string {
    const cls = this.sharedClassOf(c);
    if (!this.perNode) return cls;
    const host = hostOf(this.index, c);
    if (host === null) return cls;
    if (this.level === 'summary') return packet && c.kind === 'cni' ? `lane:cni@${host}` : cls;
    return isNodeLevel(c.kind) || cls.startsWith('lane:pods:') ? `${cls}@${host}` : cls;
  }

  /**
   * What a Pod or container lane stands for when loops fold repeated work
   * (arrange.ts): Pods that carry traffic are told apart by workload (a
   * request delivered to the canary is not the same work as one delivered to
   * the stable Pods) and, when nodes talk to each other, by node (a Pod on
   * worker-2 is not drawn on worker-1's lane); Pods that are only started
   * are alike.
   */
  podClass(c: Component): string {
    return this.traffic.has(podIdOf(c)) ? this.classOf(c) : laneKey(c);
  }

  /** The lane a component shares with its peers on every node. */
  private sharedClassOf(c: Component): string {
    const summary = this.level === 'summary';
    if (summary) {
      // Components, not replicas: every API server is one lane, every etcd member, every controller manager …
      if (c.kind === 'controller-manager') return 'lane:controller-manager';
      if (c.kind === 'apiserver' || c.kind === 'etcd' || c.kind === 'scheduler' || c.kind === 'cloud-controller-manager') return `lane:${c.kind}`;
      // Pods that only get started share one lane; Pods that send or receive traffic keep one lane per workload.
      if ((c.kind === 'pod' || c.kind === 'container') && !this.traffic.has(podIdOf(c))) return 'lane:pods';
    }
    switch (c.kind) {
      case 'kubelet':
      case 'kube-proxy':
      case 'container-runtime':
        return `lane:${c.kind}`;
      case 'dockershim':
      case 'docker-engine':
      case 'cni':
        return summary ? 'lane:container-runtime' : `lane:${c.kind}`;
      case 'pod':
      case 'container': {
        const pod = this.index.get(podIdOf(c)) ?? c;
        return this.peers.has(pod.id) ? pod.id : `lane:pods:${this.workloadOf(pod)}`;
      }
      default:
        return c.id;
    }
  }

  /** The workload of a Pod component (`pod:default/web-7c5ddbdf54-x2kqp` → `web`). */
  private workloadOf(pod: Component): string {
    return this.workloads({ namespace: pod.namespace ?? '', name: pod.name });
  }

  /** Participants for the lanes `used`, in reading order (client → control plane → nodes → Pods → outside). */
  participants(used: readonly string[], trace: Trace): SequenceParticipant[] {
    const order = new Map(trace.components.map((c, i) => [c.id, i]));
    const byRep = new Map([...this.repOf.entries()].map(([cls, rep]) => [rep, cls]));
    const entries = [...new Set(used)].map((rep) => {
      const cls = byRep.get(rep) ?? rep;
      const members = this.members.get(cls) ?? [componentOf(this.index, rep)];
      return { rep, members, lead: componentOf(this.index, rep) };
    });
    const key = (c: Component) => (c.group === 'external' && rankOf(c.kind) >= 40 ? 100 : rankOf(c.kind));
    entries.sort((a, b) => key(a.lead) - key(b.lead) || (order.get(a.rep) ?? 1e9) - (order.get(b.rep) ?? 1e9) || a.rep.localeCompare(b.rep));
    return entries.map(({ rep, members, lead }) => this.participant(rep, members, lead));
  }

  /**
   * Standard level: participants as the detailed views order and box them
   * (per host), a host box standing for every node its merged lanes cover
   * (`worker-N (×3)`), a Pod lane named after its workload.
   */
  boxedParticipants(trace: Trace, used: readonly string[], represents: Map<string, number>): { participants: SequenceParticipant[]; boxes: SequenceBox[] } {
    const merged = new Map(represents);
    const byRep = new Map([...this.repOf.entries()].map(([cls, rep]) => [rep, cls]));
    for (const rep of used) {
      const members = this.members.get(byRep.get(rep) ?? rep) ?? [];
      const host = hostOf(this.index, componentOf(this.index, rep));
      const hosts = new Set(members.map((m) => hostOf(this.index, m)).filter((h) => h !== null));
      if (host !== null && hosts.size > (merged.get(host) ?? 1)) merged.set(host, hosts.size);
    }
    const { participants, boxes } = buildParticipants(trace, this.index, used, merged);
    const relabelled = participants.map((p) => {
      const members = this.members.get(byRep.get(p.id) ?? p.id) ?? [];
      const pods = members.filter((m) => m.kind === 'pod');
      return pods.length > 1 ? { ...p, label: this.workloadOf(pods[0]!), sublabel: `${pods.length} Pods` } : p;
    });
    return { participants: relabelled, boxes };
  }

  private participant(rep: string, members: Component[], lead: Component): SequenceParticipant {
    const pods = members.filter((m) => m.kind === 'pod');
    const kinds = new Set(members.map((m) => m.kind));
    if (kinds.has('pod') || kinds.has('container')) {
      // A workload whose Pods talk to each other has several lanes: one Pod's is named by the Pod (`web-1` calls `web-0`).
      const one = pods[0] ?? members[0]!;
      const named = [...this.peers].some((id) => this.workloadOf(componentOf(this.index, id)) === this.workloadOf(one));
      if (pods.length <= 1) return { id: rep, label: named ? one.name : this.workloadOf(one), sublabel: 'Pod', icon: 'pod', box: null };
      const workloads = new Set(pods.map((p) => this.workloadOf(p)));
      return { id: rep, label: workloads.size === 1 ? this.workloadOf(pods[0]!) : 'Pods', sublabel: `${pods.length} Pods`, icon: 'pod', box: null };
    }
    const hosts = [...new Set(members.map((m) => hostOf(this.index, m)).filter((h): h is string => h !== null))].sort(compareNames);
    const nodeLevel = [...kinds].some((k) => isNodeLevel(k));
    const label = this.level === 'summary' ? (KIND_NAMES[lead.kind] ?? SHORT_NAMES[lead.id] ?? labelOf(lead)) : labelOf(lead);
    const replicas = members.filter((m) => m.parent === undefined).length;
    const sub = nodeLevel && hosts.length > 0 ? numberedNames(hosts) : this.level === 'summary' ? (replicas > 1 ? `${replicas} ${lead.kind === 'etcd' ? 'members' : 'replicas'}` : undefined) : lead.kind === 'csi-driver' ? sublabelOf(lead) : describeKind(lead.kind);
    return { id: rep, label, ...(sub !== undefined && sub !== label ? { sublabel: sub } : {}), icon: iconFor(lead.kind), box: null };
  }
}

/**
 * Whether one node's node-level component talks to another node's (a packet
 * from worker-1's CNI plugin to worker-2's over the node network): then one
 * node sends and the other receives or drops, which one lane for both would
 * hide (gallery review D36).
 */
function nodesTalk(index: Map<string, Component>, events: readonly TraceEvent[]): boolean {
  const nodeOf = (id: string) => {
    const c = componentOf(index, id);
    return isNodeLevel(c.kind) ? hostOf(index, c) : null;
  };
  return events.some((e) => {
    const from = nodeOf(e.from);
    const to = nodeOf(e.to);
    return from !== null && to !== null && from !== to;
  });
}

/** Slide names of merged replicas. */
const KIND_NAMES: Partial<Record<Component['kind'], string>> = {
  apiserver: 'API server',
  etcd: 'etcd',
  'controller-manager': 'controller manager',
  scheduler: 'scheduler',
  'cloud-controller-manager': 'cloud controller manager',
  'git-repository': 'git repository',
};

/** Slide names: what the component is, in words (`kube-controller-manager` is long for a narrow lane). */
const SHORT_NAMES: Record<string, string> = {
  'kube-apiserver': 'API server',
  'kube-controller-manager': 'controller manager',
  'kube-scheduler': 'scheduler',
  'cloud-controller-manager': 'cloud controller manager',
  registry: 'image registry',
};

interface PhaseWord {
  word: string;
  failed: boolean;
  /** A decision that found nothing (ingress-nginx: no rule matches), neither passed nor failed: no ✓. */
  negative: boolean;
  detail: string;
}

interface Slot {
  kind: 'message' | 'note';
  from: string;
  to: string;
  arrow: 'sync' | 'reply' | 'async';
  events: TraceEvent[];
  labels: string[];
  /** Counted items (API calls, actions …); watch notifications are not counted. */
  counted: boolean;
  danger: boolean;
  /** Phase notes: the words, failures marked. */
  phases?: PhaseWord[];
  /** The item's id when it is not its first event's message (a reply's un-SNAT hop shares the reply's event). */
  id?: string;
}

/**
 * Items of one step at the summary level: its hops merged (below); when a
 * controller works in alike rounds (rounds.ts), what comes before them, the
 * first round as a loop `round 1..N` (its requests and actions, without the
 * watch notifications and etcd writes the part before shows), and what comes
 * after, each merged on its own.
 */
export function summaryItems(events: readonly TraceEvent[], step: number, lanes: SummaryLanes, causality: Causality, kindOf: (id: string) => Component['kind'], readLabel: (e: TraceEvent) => string | undefined = () => undefined): SequenceItem[] {
  const hidden = eventStorage(events, causality);
  const bookkeeping = statusWrites(events, kindOf, causality);
  const isClient = (id: string) => kindOf(id) === 'client';
  const left = new Set([...applyLookups(events, causality, isClient), ...echoedCalls(events, causality, kindOf)]);
  const kept = events.filter((e) => !hidden.has(e.id) && !bookkeeping.has(e.id) && !left.has(e.id) && !isEventRecord(e));
  const clientReplies = kept.filter((e) => e.type === 'response' && isClient(e.to));
  const lastReply = clientReplies[clientReplies.length - 1];
  const threadOf = threads(lanes.index, causality);
  const merge = (part: readonly TraceEvent[]) => mergedHops(part, step, lanes, kindOf, lastReply, threadOf, readLabel, causality);
  const rounds = findRounds(kept, kindOf);
  if (rounds === undefined) return merge(kept);
  // A round says what the controllers and the nodes do; how they hear of it (watch notifications) and
  // the etcd writes behind each call are drawn before the loop already.
  const body = rounds.round.flatMap((stretch) => merge(stretch.filter((e) => e.etcd === undefined && e.type !== 'watch')));
  const loop: SequenceItem[] = body.length > 0 ? [{ type: 'loop', id: `loop:${rounds.round[0]![0]!.id}`, label: `round 1..${rounds.count}`, count: rounds.count, items: body, step }] : []; // a stretch starts with its marker
  const items = [...merge(rounds.before), ...loop, ...merge(rounds.after)];
  // The loop stands for every round: their components count in the lanes (`web`, 8 Pods), drawn or not
  // (recorded after the drawn ones, so a lane is still named after its first drawn member).
  for (const e of kept.slice(rounds.before.length, kept.length - rounds.after.length)) [e.from, e.to].forEach((id) => lanes.lane(id));
  return items;
}

/**
 * `kubectl apply`'s look before it creates (`GET deployments` answered 404,
 * then `POST deployments`): how apply works, not a hop of the story; left out
 * at summary with what served it, so the create is the client's message.
 */
function applyLookups(events: readonly TraceEvent[], causality: Causality, isClient: (id: string) => boolean): Set<string> {
  const out = new Set<string>();
  for (const get of events) {
    if (get.type !== 'request' || get.method !== 'GET' || get.resource === undefined || !isClient(get.from)) continue;
    const response = causality.responseTo(get);
    if (response?.result !== 'not-found') continue;
    const creates = events.some((e) => e.seq > get.seq && e.type === 'request' && e.method === 'POST' && e.from === get.from && resourcePath(e) === resourcePath(get));
    if (!creates) continue;
    for (const e of [get, response, ...causality.servedUntilReply(get)]) out.add(e.id);
  }
  return out;
}

/**
 * A call to the runtime whose effect on a Pod is drawn in the same words: the
 * kubelet's `start container` and the runtime's `start container` on the
 * container are one hop told twice; at summary the one that reaches the Pod
 * is kept. (`run pod sandbox` stays: the runtime's `create sandbox` answers
 * the CNI, not the call.)
 */
function echoedCalls(events: readonly TraceEvent[], causality: Causality, kindOf: (id: string) => Component['kind']): Set<string> {
  const out = new Set<string>();
  for (const a of events) {
    if (a.type !== 'action' || a.action === undefined || (kindOf(a.to) !== 'pod' && kindOf(a.to) !== 'container')) continue;
    const call = causality.byId.get(a.cause ?? '');
    if (call?.type === 'request' && call.action === a.action && call.method === undefined) {
      out.add(call.id);
      const reply = causality.responseOf.get(call.id);
      if (reply !== undefined) out.add(reply);
    }
  }
  return out;
}

/**
 * A controller's status write (`PUT deployments/status`, `PATCH
 * persistentvolumes/status`, `PATCH nodes/status` with the volumes attached),
 * with everything the API server did for it up to its reply (its phases, etcd
 * write and reply): left out at summary, as its Event records are; the watch
 * notifications it causes stay (they wake the next controller). The writes of
 * a controller whose work IS a status (STATUS_ACTORS) stay: the node
 * lifecycle controller's `Ready=Unknown` on a Node and `Ready=False` on its
 * Pods, which node-failure is about.
 */
function statusWrites(events: readonly TraceEvent[], kindOf: (id: string) => Component['kind'], causality: Causality): Set<string> {
  const out = new Set<string>();
  for (const e of events) {
    if (e.type !== 'request' || e.resource?.subresource !== 'status' || kindOf(e.from) !== 'controller-manager' || STATUS_ACTORS.has(e.from)) continue;
    const response = causality.responseTo(e);
    out.add(e.id);
    if (response !== undefined) out.add(response.id);
    for (const d of causality.servedUntilReply(e)) if (d.type !== 'watch') out.add(d.id);
  }
  return out;
}

/** Controllers whose work is a status: a Node's conditions and its Pods' readiness (node_lifecycle_controller.go). */
const STATUS_ACTORS = new Set(['node-lifecycle-controller']);

/**
 * One message per hop between two lanes of the same kind (an API call: the
 * same method on the same resource), placed where it first happened and
 * counted; phases and what a lane notices on its own as one note per lane.
 */
function mergedHops(kept: readonly TraceEvent[], step: number, lanes: SummaryLanes, kindOf: (id: string) => Component['kind'], lastReply: TraceEvent | undefined, threadOf: (e: TraceEvent) => string | undefined, readLabel: (e: TraceEvent) => string | undefined, causality: Causality): SequenceItem[] {
  const isClient = (id: string) => kindOf(id) === 'client';
  const slots = new Map<string, Slot>();
  for (const e of kept) {
    if (e.type === 'phase') {
      const lane = lanes.lane(e.from);
      const key = `phase|${lane}`;
      const slot = slots.get(key) ?? { kind: 'note' as const, from: lane, to: lane, arrow: 'sync' as const, events: [], labels: [], counted: false, danger: false, phases: [] };
      const word = PHASE_WORDS[e.phase ?? 'other'] ?? e.summary;
      const failed = isFailure(e.result);
      // One phase in words (a controller's own reasoning) per note; the handler chain in short words.
      const own = slot.phases!.filter((p) => !Object.values(PHASE_WORDS).includes(p.word) && !p.failed).length;
      const spoken = PHASE_WORDS[e.phase ?? 'other'] === undefined && !failed;
      if (!(spoken && own >= 1) && !slot.phases!.some((p) => p.word === word && p.failed === failed)) slot.phases!.push({ word, failed, negative: e.result === 'not-found', detail: e.summary });
      slot.events.push(e);
      slots.set(key, slot);
      continue;
    }
    if (e.type === 'outcome' || (e.from === e.to && e.type !== 'response')) {
      // What a component notices or concludes on its own (a Lease too old, a node down): a note, once per lane.
      const lane = lanes.lane(e.type === 'outcome' ? e.to : e.from);
      const key = `self|${lane}`;
      if (!slots.has(key)) slots.set(key, { kind: 'note', from: lane, to: lane, arrow: 'sync', events: [e], labels: [e.summary], counted: false, danger: isFailure(e.result) });
      continue;
    }
    if (e.type === 'response' && e !== lastReply && !(isClient(e.to) && isFailure(e.result))) continue;
    const packet = e.type === 'packet';
    const from = lanes.lane(e.from, true, packet);
    if (OUTSIDE_SERVICES.has(kindOf(e.to)) || OUTSIDE_SERVICES.has(kindOf(e.from))) {
      // A pull from the registry is something the runtime does, not a lane of its own on a slide.
      const caller = OUTSIDE_SERVICES.has(kindOf(e.to)) ? from : lanes.lane(e.to);
      const key = `outside|${caller}`;
      const slot = slots.get(key);
      const label = outsideLabel(e, componentOf(lanes.index, OUTSIDE_SERVICES.has(kindOf(e.to)) ? e.to : e.from).name);
      if (e.type === 'response') continue;
      if (slot) slot.labels.push(label);
      else slots.set(key, { kind: 'note', from: caller, to: caller, arrow: 'sync', events: [e], labels: [label], counted: false, danger: isFailure(e.result) });
      continue;
    }
    const back = packet ? snatReturn(e, causality, (id) => lanes.lane(id, false, true)) : undefined;
    const to = back?.via ?? lanes.lane(e.to, true, packet);
    if (from === to) continue;
    // The answer comes back through the lane that masqueraded its request (snat-return.ts): that lane, then on to the Pod.
    const unSnat = (): void => {
      if (back === undefined) return;
      const pod = lanes.lane(e.to, true, packet);
      const slot = slots.get(`un-snat|${back.via}|${pod}`);
      if (slot) slot.events.push(e);
      else slots.set(`un-snat|${back.via}|${pod}`, { kind: 'message', from: back.via, to: pod, arrow: 'sync', events: [e], labels: ['un-SNAT'], counted: false, danger: false, id: `msg:${e.id}:un-snat` });
    };
    const what = e.type === 'response' ? `reply:${e.status ?? ''}` : hopKind(e);
    // The same hop to every ordinal of a StatefulSet (web-0, web-1, web-2) is one message, as replicas are.
    const target = componentOf(lanes.index, e.to);
    const pod = componentOf(lanes.index, podIdOf(target));
    const toKey = pod.kind === 'pod' && /-\d+$/.test(pod.name) ? `pods:${pod.name.replace(/-\d+$/, '')}` : to;
    const key = `${from}|${toKey}|${what}`;
    const slot = slots.get(key);
    const label = e.type === 'response' ? (readLabel(e) ?? e.summary) : (packetHopLabel(e, lanes.index) ?? (revisionRead(e) ? 'current revision from etcd' : (interactionOf(e)?.label ?? e.summary)));
    if (slot) {
      slot.events.push(e);
      slot.labels.push(label);
      slot.danger ||= isFailure(e.result);
      unSnat();
      continue;
    }
    const arrow = e.type === 'response' ? 'reply' : e.type === 'watch' ? 'async' : 'sync';
    slots.set(key, { kind: 'message', from, to, arrow, events: [e], labels: [label], counted: e.type !== 'watch' && e.type !== 'response', danger: isFailure(e.result) });
    unSnat();
  }
  const list = [...slots.values()];
  return threadOrder(list.map((s) => s.events), threadOf).map((i) => list[i]!).map((s): SequenceItem => {
    const first = s.events[0]!;
    if (s.kind === 'note') {
      const n = s.labels.length;
      const text = s.phases ? phaseNote(s.phases) : n > 1 ? `${joinLabels(s.labels, 2)} ×${n}` : s.labels[0]!;
      return { type: 'note', id: `note:${first.id}`, over: [s.from], text, step };
    }
    const n = s.events.length;
    const label = `${apiLabel(s.events) ?? joinLabels(mergedPacketLabels(s.events, lanes.index) ?? s.labels, 2)}${s.counted && n > 1 ? ` ×${n}` : ''}`;
    const lost = s.events.every((e) => isLost(e, kindOf)) ? { lost: true as const } : {};
    return { type: 'message', id: s.id ?? `msg:${first.id}`, number: 0, from: s.from, to: s.to, label, arrow: s.arrow, emphasis: s.danger ? 'danger' : 'normal', ...lost, step, events: s.events.map((e) => e.id) };
  });
}

/**
 * The thread a hop belongs to, for ordering merged messages (order.ts): on a
 * node, the Pod whose lifecycle it is part of (the kubelet's calls, the
 * runtime's actions, the Pod's status: found on the hop or up its causes), so
 * one Pod's `pull image` orders the `create container` after it, not another
 * Pod's whose image was there already; a kube-proxy's rules, its node's (they
 * follow the Services, not the Pods); none for the control plane.
 */
function threads(index: Map<string, Component>, causality: Causality): (e: TraceEvent) => string | undefined {
  const podOf = new Map<string, string | undefined>();
  const pod = (e: TraceEvent, depth = 0): string | undefined => {
    if (podOf.has(e.id)) return podOf.get(e.id);
    let found: string | undefined;
    for (const c of [componentOf(index, e.to), componentOf(index, e.from)]) if (found === undefined && (c.kind === 'pod' || c.kind === 'container')) found = podIdOf(c);
    if (found === undefined && e.resource?.kind === 'Pod' && e.resource.name !== undefined) found = `pod:${e.resource.namespace ?? ''}/${e.resource.name}`;
    const cause = e.cause === null ? undefined : causality.byId.get(e.cause);
    if (found === undefined && cause !== undefined && depth < MAX_CAUSE_HOPS) found = pod(cause, depth + 1);
    podOf.set(e.id, found);
    return found;
  };
  return (e) => {
    const local = [e.from, e.to].map((id) => componentOf(index, id)).find((c) => runsOnNode(c.kind));
    if (local === undefined) return undefined;
    if (local.kind === 'kube-proxy') return `proxy|${hostOf(index, local) ?? ''}`;
    return pod(e);
  };
}

/**
 * The note for a call to a service outside the cluster, on its caller's lane.
 * A pull follows the kubelet's `pull image` to the runtime, so the note names
 * what is pulled and from where (`nginx:1.27 from image registry`), not the
 * pull a second time (gallery review D100).
 */
function outsideLabel(e: TraceEvent, service: string): string {
  const image = e.action === 'pull-image' ? /^pull (\S+)$/.exec(e.summary)?.[1] : undefined;
  return image !== undefined ? `${image} from ${service}` : `${interactionOf(e)?.label ?? e.summary} (${service})`;
}

/** How far up its causes a hop's Pod is looked for. */
const MAX_CAUSE_HOPS = 40;

/** Services outside the cluster that only answer (the image registry): a note on their caller. */
const OUTSIDE_SERVICES = new Set<Component['kind']>(['registry']);

/**
 * What hops between the same two lanes one message stands for: etcd, its
 * reads and its writes apart (a read answers the GET it serves, where it
 * stands, and does not take the writes of later requests up with it); an API call, the same method on the same resource (`POST pods
 * ×3`, `PATCH pods/status ×2`), never different verbs or kinds, whoever calls:
 * what controllers do (a rollout's scale-ups and deletions, an eviction) is
 * what a focus step is about (gallery review D11), and so are kubectl's
 * eviction POST among its GETs and the kubelet's status PATCH before its
 * DELETE (D25); a call to the runtime or a probe, the same action (`stop
 * container`, then `run pod sandbox ×2`: an old Pod's stop is not merged into
 * a new one's start), and so is what the runtime does to the Pods (`create
 * sandbox`, `start container`); watch notifications stay one message per
 * lane pair (`watch pods, replicasets`).
 */
function hopKind(e: TraceEvent): string {
  if (e.etcd) return e.etcd.op === 'range' || e.etcd.op === 'watch' ? 'etcd:read' : 'etcd:write';
  if (e.type === 'request' && e.method && e.resource) return `api:${e.method} ${resourcePath(e)}`;
  if ((e.type === 'request' || e.type === 'action') && e.action) return `${e.type}:${e.action}`;
  return interactionOf(e)?.key ?? e.type;
}

/** `POST/PUT replicasets, pods`: the methods and resources of merged API calls (subresources when only one or two paths). */
function apiLabel(events: readonly TraceEvent[]): string | undefined {
  if (!events.every((e) => e.type === 'request' && e.method && e.resource && !e.etcd)) return undefined;
  const methods = [...new Set(events.map((e) => e.method!))];
  const paths = [...new Set(events.map((e) => resourcePath(e)))];
  const bases = [...new Set(events.map((e) => e.resource!.resource ?? e.resource!.kind.toLowerCase()))];
  const shown = paths.length <= 2 ? paths : bases;
  return `${methods.join('/')} ${shown.slice(0, 3).join(', ')}${shown.length > 3 ? ', …' : ''}`;
}

/**
 * A list served from the watch cache asks etcd only for its current revision (a range with limit 1:
 * Kubernetes 1.31's ConsistentListFromCache), which "read from etcd" beside "watch cache ✓" contradicted.
 * The architecture's legend keeps it among the reads of its API server → etcd edge.
 */
function revisionRead(e: TraceEvent): boolean {
  return e.etcd?.op === 'range' && e.attrs?.['read'] === ETCD_READ.revision;
}

function phaseNote(phases: PhaseWord[]): string {
  const failed = phases.find((p) => p.failed);
  // A phase that passes and then fails right after (etcd's quorum: the leader appends, then no majority acks) is told once, as failed.
  const words = phases.filter((p, i) => (p.failed ? p === failed : !(failed !== undefined && phases[i + 1] === failed && failed.word === p.word))).map((p) => (p.failed ? `${p.word} ✗` : p.word));
  const text = [...new Set(words)].slice(0, 6).join(' · ');
  return failed ? `${text} (${failed.detail})` : phases.some((p) => p.negative) ? text : `${text} ✓`;
}
