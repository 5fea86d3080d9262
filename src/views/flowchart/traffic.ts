/**
 * The flow of a traffic step: name resolution, how the packet enters
 * (cloud load balancer, Ingress), Service DNAT, node hops, NetworkPolicy,
 * delivery, egress (leaving the cluster network? then SNAT), the answer. A point is drawn when the trace shows
 * it (plus the failure exit of every decision drawn), so the taken path is
 * always connected; nothing is drawn that the trace does not show.
 */
import type { Trace, TraceEvent, TraceStep } from '../../trace/types.ts';
import type { DetailLevel, Emphasis, GraphEdge, GraphNode, GraphNodeShape, IconName } from '../types.ts';
import { evidenceText, startLabel } from './flow.ts';
import { sortedNumbers } from '../common/steps.ts';
import { deploymentOfPod } from '../../common/generated-names.ts';

interface Stage {
  key: string;
  label: string;
  shape: Exclude<GraphNodeShape, 'group' | 'component'>;
  icon: IconName;
  test: (e: TraceEvent) => boolean;
  /** The evidence line drawn under the label (standard and full); `own`: all the step's packets. */
  evidence?: (seen: TraceEvent[], own: readonly TraceEvent[]) => string | undefined;
  /** The label, when it depends on what the step shows (default `label`). */
  labelOf?: (seen: TraceEvent[], own: readonly TraceEvent[]) => string;
  /** Decisions: the failure exit, and which evidence means "no". */
  failure?: { key: string; label: string; test: (e: TraceEvent) => boolean };
  /**
   * The decision a scenario is about (Ingress match, NetworkPolicy): its failure
   * exit is lit when another focus request of the scenario takes it, so the
   * picture shows both outcomes the scenario demonstrates.
   */
  bothOutcomes?: true;
}

const dropped = (e: TraceEvent): boolean => e.result === 'dropped';

const STAGES: Stage[] = [
  {
    key: 'dns',
    label: 'name resolves?',
    shape: 'decision',
    icon: 'decision',
    test: (e) => /^DNS /.test(e.summary) || /DNS query/.test(e.summary),
    // The last answer is the one the client used; a name with fewer dots than ndots (5) is first tried with each
    // search domain (resolv.conf), and those NXDOMAIN answers come before it.
    evidence: (seen) => {
      const answers = seen.filter((e) => /→/.test(e.summary));
      const last = answers.at(-1);
      if (last === undefined) return undefined;
      const answer = last.summary.replace(/^DNS /, '');
      const misses = new Set(answers.filter((e) => e !== last && / → NXDOMAIN$/.test(e.summary)).map((e) => e.summary)).size;
      return misses > 0 ? `${answer}, after ${misses} search-list ${misses === 1 ? 'name' : 'names'} got NXDOMAIN` : answer;
    },
    failure: { key: 'dns-fail', label: 'name not resolved', test: (e) => /DNS query .*dropped/.test(e.summary) },
  },
  { key: 'lb', label: 'cloud load balancer → a node', shape: 'process', icon: 'load-balancer', test: (e) => e.from.startsWith('cloud-lb') || /NodePort/.test(e.summary) },
  {
    key: 'ingress',
    label: 'an Ingress rule matches?',
    shape: 'decision',
    icon: 'decision',
    test: (e) => /^Ingress |no rule matches/.test(e.summary),
    evidence: (seen) => seen[0]?.summary,
    // ingress-nginx sends a request no rule matches (host, then longest path) to its default backend, which answers 404.
    failure: { key: 'ingress-fail', label: 'default backend: 404', test: (e) => /no rule matches/.test(e.summary) },
    bothOutcomes: true,
  },
  {
    key: 'backend',
    label: "the rule's Service → one of its endpoints",
    shape: 'process',
    icon: 'service',
    test: (e) => /^Ingress .* → service /.test(e.summary),
    evidence: (seen) => /→ (service .*)$/.exec(seen[0]?.summary ?? '')?.[1],
  },
  {
    key: 'dnat',
    label: 'kube-proxy: ClusterIP → an endpoint (DNAT)',
    shape: 'process',
    icon: 'kube-proxy',
    test: (e) => /^DNAT/.test(e.summary),
    evidence: (seen) => {
      const backends = [...new Set(seen.map((e) => String(e.attrs?.backend ?? '')).filter((b) => b !== ''))];
      const first = seen[0]?.summary.replace(/ \(.*\)$/, '');
      return backends.length > 1 ? `${seen.length} connections over ${backends.length} endpoints` : first;
    },
  },
  {
    key: 'hop',
    label: 'to another node',
    shape: 'process',
    icon: 'cni',
    test: (e) => /via |over the node network/.test(e.summary),
    // Many connections, some to an endpoint on the sender's own node (review D22): each said where it went.
    labelOf: (_seen, own) => (nodeHops(own).local > 0 ? "to the endpoint's node: this one or another" : 'to another node'),
    evidence: (_seen, own) => {
      const { local, remote, outer } = nodeHops(own);
      const addresses = outer.length > 2 ? `${outer.slice(0, 2).join(', ')}, …` : outer.join(', ');
      if (local === 0) return remote > 1 ? `${remote} connections: ${addresses}` : addresses;
      return `${local} to pods on this node, ${remote} to another node (${addresses})`;
    },
  },
  {
    key: 'policy',
    label: 'NetworkPolicy allows?',
    shape: 'decision',
    icon: 'decision',
    test: (e) => /NetworkPolicy/.test(e.summary) || e.attrs?.allowedBy !== undefined,
    evidence: (seen) => {
      const allowed = seen.find((e) => e.attrs?.allowedBy !== undefined);
      const drop = seen.find(dropped);
      if (drop) return `${String(drop.attrs?.policy ?? 'a policy')} selects the Pod; no rule admits the source`;
      return allowed ? `allowed by ${String(allowed.attrs?.allowedBy)}` : undefined;
    },
    failure: { key: 'policy-fail', label: 'dropped by NetworkPolicy', test: (e) => dropped(e) && /NetworkPolicy/.test(e.summary) },
    bothOutcomes: true,
  },
  {
    key: 'deliver',
    label: 'delivered to the Pod',
    shape: 'process',
    icon: 'pod',
    test: (e) => /^deliver to/.test(e.summary),
    evidence: (seen) => {
      const pods = new Map<string, number>();
      for (const e of seen) {
        // Pods of one ReplicaSet count together (web-stable ×15, web-canary ×5).
        const pod = /^deliver to (\S+)/.exec(e.summary)?.[1] ?? '';
        const p = seen.length > 1 ? (deploymentOfPod(pod) ?? pod) : pod;
        pods.set(p, (pods.get(p) ?? 0) + 1);
      }
      return [...pods].map(([p, n]) => (n > 1 ? `${p} ×${n}` : p)).join(', ');
    },
  },
  {
    // Egress (gallery review D65): the CNI's MASQUERADE rule (`-s <pod CIDR> ! -d <pod CIDR>`, and not to a
    // Service) is the decision; drawn when the trace shows a masqueraded packet, so its "no" is the branch not taken.
    key: 'leaves',
    label: 'destination outside the cluster network?',
    shape: 'decision',
    icon: 'decision',
    test: (e) => e.attrs?.snat === true,
    evidence: (seen) => (seen[0]?.attrs?.dstIP !== undefined ? `${String(seen[0].attrs.dstIP)} is in neither the Pod nor the Service network` : undefined),
    failure: { key: 'no-snat', label: 'no SNAT: the Pod IP is kept', test: () => false },
  },
  { key: 'snat', label: 'SNAT to the node IP, out', shape: 'process', icon: 'internet', test: (e) => /^MASQUERADE|SNAT/.test(e.summary) && !/^DNAT/.test(e.summary), evidence: (seen) => seen[0]?.summary },
];

export function trafficFlow(trace: Trace, step: TraceStep, events: readonly TraceEvent[], detail: DetailLevel = 'standard'): { graph: { nodes: GraphNode[]; edges: GraphEdge[] }; decision: string } | null {
  const own = events.filter((e) => e.step === step.number && (e.type === 'packet' || e.type === 'phase'));
  if (!own.some((e) => e.type === 'packet' || dropped(e))) return null;
  const nodes: GraphNode[] = [node('start', startLabel(step), 'terminal', 'start', 'taken', own.slice(0, 1), step)];
  const edges: GraphEdge[] = [];
  let previous = 'start';
  let failed = false;
  for (const stage of STAGES) {
    const seen = own.filter(stage.test);
    if (seen.length === 0) continue;
    const fails = stage.failure ? seen.filter(stage.failure.test) : [];
    const label = stage.key === 'dnat' ? stage.label.replace('kube-proxy', `kube-proxy (${trace.header.cluster.proxyMode})`).replace('ClusterIP', dnatEntry(trace, seen)) : (stage.labelOf?.(seen, own) ?? stage.label);
    const evidence = detail === 'summary' ? undefined : stage.evidence?.(seen, own);
    nodes.push({ ...node(stage.key, label, stage.shape, stage.icon, 'taken', seen, step), ...(evidence ? { sublabel: evidenceText(evidence, detail) } : {}) });
    edges.push(edge(previous, stage.key, previous === 'start' || !isDecision(previous) ? undefined : 'yes', 'taken', seen, step));
    previous = stage.key;
    if (stage.failure) {
      // The failure exit of the scenario's decision is lit when another focus request takes it (ingress: a
      // host no rule matches gets the default backend's 404 in a later step), not only this step's.
      const test = stage.failure.test;
      const elsewhere = fails.length > 0 || !stage.bothOutcomes ? [] : otherFocusEvents(trace, step).filter((e) => stage.test(e) && test(e));
      const exit = fails.length > 0 ? fails : elsewhere;
      const decision = nodes[nodes.length - 1]!; // the stage's node, pushed just above
      if (elsewhere.length > 0) decision.steps = sortedNumbers([...decision.steps, ...elsewhere.map((e) => e.step)]);
      const sub = detail === 'summary' || elsewhere.length === 0 ? undefined : `step ${elsewhere[0]!.step}: ${elsewhere[0]!.summary}`;
      nodes.push({ ...node(stage.failure.key, stage.failure.label, 'terminal', 'end', exit.length > 0 ? 'danger' : 'faint', exit, step), ...(sub ? { sublabel: evidenceText(sub, detail) } : {}) });
      edges.push(edge(stage.key, stage.failure.key, 'no', exit.length > 0 ? 'danger' : 'faint', exit, step));
    }
    // The path ends here unless something still reached a Pod after the failure (some of many requests).
    if (fails.length > 0 && !own.some((e) => e.seq > fails[0]!.seq /* fails.length > 0: checked first */ && /^deliver to/.test(e.summary))) {
      failed = true;
      break;
    }
  }
  const blocked = own.filter((e) => e.type === 'phase' && dropped(e));
  if (!failed && blocked.length > 0) {
    nodes.push(node('unreachable', blocked[0]!.summary /* blocked.length > 0 (checked above) */, 'terminal', 'end', 'danger', blocked, step));
    edges.push(edge(previous, 'unreachable', undefined, 'danger', blocked, step));
    failed = true;
  }
  const answers = own.filter((e) => /^HTTP\//.test(e.summary));
  const ok = answers.some((e) => /^HTTP\/\S+ [23]\d\d/.test(e.summary));
  const label = failed ? 'answer' : answers[0]?.summary.replace(/ \(from .*\)$/, '') ?? 'answer';
  const emphasis: Emphasis = failed || answers.length === 0 ? 'faint' : ok ? 'success' : 'danger';
  nodes.push(node('response', label, 'terminal', 'end', emphasis, answers, step));
  edges.push(edge(previous, 'response', isDecision(previous) ? 'yes' : undefined, emphasis === 'faint' ? 'faint' : emphasis === 'danger' ? 'danger' : 'taken', answers, step));
  const has = (k: string) => nodes.some((n) => n.id === `fc:${k}`);
  const decision = has('policy') ? 'network-policy' : has('ingress') ? 'ingress' : has('snat') ? 'egress' : 'service-routing';
  return { graph: { nodes, edges }, decision };
}

/**
 * What the DNAT rewrote: the Service's ClusterIP, or a node's port. Traffic from outside (NodePort, and a
 * LoadBalancer's cloud load balancer, which forwards to a node) is addressed to a node IP and the Service's
 * nodePort (kube-proxy's KUBE-NODEPORTS chain in iptables mode, a node-port virtual server in ipvs mode:
 * pkg/proxy/iptables/proxier.go, pkg/proxy/ipvs/proxier.go), not to the ClusterIP.
 */
function dnatEntry(trace: Trace, seen: readonly TraceEvent[]): string {
  const first = seen[0];
  const service = String(first?.attrs?.service ?? '');
  const dst = first?.attrs?.dstIP;
  const obj = trace.outcome.objects.find((o) => o.kind === 'Service' && `${o.namespace ?? ''}/${o.name}` === service);
  // The outcome's Service status reads `<type> <clusterIP>` (`NodePort 10.107.173.163`).
  const clusterIP = /^\S+ (\S+)$/.exec(obj?.status ?? '')?.[1];
  return dst !== undefined && clusterIP !== undefined && String(dst) !== clusterIP ? 'NodePort' : 'ClusterIP';
}

/**
 * Where a step's connections went after the DNAT (deliver.ts routes each one): to a Pod on the
 * sender's own node over the local bridge, or to another node's pod CIDR, whose packets cross the
 * node network between the nodes' addresses (`outer`).
 */
function nodeHops(own: readonly TraceEvent[]): { local: number; remote: number; outer: string[] } {
  const local = own.filter((e) => e.attrs?.route === 'local bridge').length;
  const remote = own.filter((e) => / via \S+$/.test(e.summary)).length;
  const outer = [...new Set(own.map((e) => e.attrs?.outer).filter((o) => o !== undefined).map(String))].sort();
  return { local, remote, outer };
}

/** Packet and phase events of the scenario's other focus traffic steps (not setup, not this step). */
function otherFocusEvents(trace: Trace, step: TraceStep): TraceEvent[] {
  const others = new Set(trace.steps.filter((s) => s.kind === 'traffic' && s.setup !== true && s.number !== step.number).map((s) => s.number));
  return trace.events.filter((e) => others.has(e.step) && (e.type === 'packet' || e.type === 'phase'));
}

function isDecision(key: string): boolean {
  return STAGES.some((s) => s.key === key && s.shape === 'decision');
}

function node(key: string, label: string, shape: GraphNode['shape'], icon: IconName, emphasis: Emphasis, events: readonly TraceEvent[], step: TraceStep): GraphNode {
  return { id: `fc:${key}`, label, icon, shape, parent: null, emphasis, steps: sortedNumbers([step.number, ...events.map((e) => e.step)]) };
}

function edge(from: string, to: string, label: string | undefined, emphasis: Emphasis, events: readonly TraceEvent[], step: TraceStep): GraphEdge {
  return {
    id: `fc:${from}->fc:${to}`,
    from: `fc:${from}`,
    to: `fc:${to}`,
    ...(label ? { label } : {}),
    emphasis,
    ...(emphasis === 'faint' ? { dashed: true } : {}),
    steps: emphasis === 'faint' ? [step.number] : sortedNumbers([step.number, ...events.map((e) => e.step)]),
    events: emphasis === 'faint' ? [] : events.map((e) => e.id),
  };
}
