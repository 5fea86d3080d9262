/**
 * The flow of a traffic step: name resolution, how the packet enters
 * (cloud load balancer, Ingress), Service DNAT, node hops, NetworkPolicy,
 * delivery, egress SNAT, the answer. A point is drawn when the trace shows
 * it (plus the failure exit of every decision drawn), so the taken path is
 * always connected; nothing is drawn that the trace does not show.
 */
import type { TraceEvent, TraceStep } from '../../trace/types.ts';
import type { Emphasis, GraphEdge, GraphNode, GraphNodeShape, IconName } from '../types.ts';
import { sortedNumbers } from '../common/steps.ts';

interface Stage {
  key: string;
  label: string;
  shape: Exclude<GraphNodeShape, 'group' | 'component'>;
  icon: IconName;
  test: (e: TraceEvent) => boolean;
  /** Decisions: the failure exit, and which evidence means "no". */
  failure?: { key: string; label: string; test: (e: TraceEvent) => boolean };
}

const dropped = (e: TraceEvent): boolean => e.result === 'dropped';

const STAGES: Stage[] = [
  {
    key: 'dns',
    label: 'name resolves?',
    shape: 'decision',
    icon: 'decision',
    test: (e) => /^DNS /.test(e.summary) || /DNS query/.test(e.summary),
    failure: { key: 'dns-fail', label: 'name not resolved', test: (e) => /DNS query .*dropped/.test(e.summary) },
  },
  { key: 'lb', label: 'cloud load balancer → a node', shape: 'process', icon: 'load-balancer', test: (e) => e.from.startsWith('cloud-lb') || /NodePort/.test(e.summary) },
  {
    key: 'ingress',
    label: 'an Ingress rule matches?',
    shape: 'decision',
    icon: 'decision',
    test: (e) => /^Ingress |no rule matches/.test(e.summary),
    failure: { key: 'ingress-fail', label: '404 (no rule)', test: (e) => /no rule matches/.test(e.summary) },
  },
  { key: 'dnat', label: 'kube-proxy: Service → a Pod (DNAT)', shape: 'process', icon: 'kube-proxy', test: (e) => /^DNAT/.test(e.summary) },
  { key: 'hop', label: 'to another node', shape: 'process', icon: 'cni', test: (e) => /via |over the node network/.test(e.summary) },
  {
    key: 'policy',
    label: 'NetworkPolicy allows?',
    shape: 'decision',
    icon: 'decision',
    test: (e) => /NetworkPolicy/.test(e.summary) || e.attrs?.allowedBy !== undefined,
    failure: { key: 'policy-fail', label: 'dropped by NetworkPolicy', test: (e) => dropped(e) && /NetworkPolicy/.test(e.summary) },
  },
  { key: 'deliver', label: 'delivered to the Pod', shape: 'process', icon: 'pod', test: (e) => /^deliver to/.test(e.summary) },
  { key: 'snat', label: 'SNAT to the node IP, out', shape: 'process', icon: 'internet', test: (e) => /^MASQUERADE|SNAT/.test(e.summary) && !/^DNAT/.test(e.summary) },
];

export function trafficFlow(step: TraceStep, events: readonly TraceEvent[]): { nodes: GraphNode[]; edges: GraphEdge[] } | null {
  const own = events.filter((e) => e.step === step.number && (e.type === 'packet' || e.type === 'phase'));
  if (!own.some((e) => e.type === 'packet' || dropped(e))) return null;
  const nodes: GraphNode[] = [node('start', step.command, 'terminal', 'start', 'taken', own.slice(0, 1), step)];
  const edges: GraphEdge[] = [];
  let previous = 'start';
  let failed = false;
  for (const stage of STAGES) {
    const seen = own.filter(stage.test);
    if (seen.length === 0) continue;
    const fails = stage.failure ? seen.filter(stage.failure.test) : [];
    nodes.push(node(stage.key, stage.label, stage.shape, stage.icon, 'taken', seen, step));
    edges.push(edge(previous, stage.key, previous === 'start' || !isDecision(previous) ? undefined : 'yes', 'taken', seen, step));
    previous = stage.key;
    if (stage.failure) {
      nodes.push(node(stage.failure.key, stage.failure.label, 'terminal', 'end', fails.length > 0 ? 'danger' : 'faint', fails, step));
      edges.push(edge(stage.key, stage.failure.key, 'no', fails.length > 0 ? 'danger' : 'faint', fails, step));
    }
    // The path ends here unless something still reached a Pod after the failure (some of many requests).
    if (fails.length > 0 && !own.some((e) => e.seq > fails[0].seq && /^deliver to/.test(e.summary))) {
      failed = true;
      break;
    }
  }
  const blocked = own.filter((e) => e.type === 'phase' && dropped(e));
  if (!failed && blocked.length > 0) {
    nodes.push(node('unreachable', blocked[0].summary, 'terminal', 'end', 'danger', blocked, step));
    edges.push(edge(previous, 'unreachable', undefined, 'danger', blocked, step));
    failed = true;
  }
  const answers = own.filter((e) => /^HTTP\//.test(e.summary));
  const ok = answers.some((e) => /^HTTP\/\S+ [23]\d\d/.test(e.summary));
  const label = failed ? 'answer' : answers[0]?.summary.replace(/ \(from .*\)$/, '') ?? 'answer';
  const emphasis: Emphasis = failed || answers.length === 0 ? 'faint' : ok ? 'success' : 'danger';
  nodes.push(node('response', label, 'terminal', 'end', emphasis, answers, step));
  edges.push(edge(previous, 'response', isDecision(previous) ? 'yes' : undefined, emphasis === 'faint' ? 'faint' : emphasis === 'danger' ? 'danger' : 'taken', answers, step));
  return { nodes, edges };
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
    steps: [step.number],
    events: emphasis === 'faint' ? [] : events.map((e) => e.id),
  };
}
