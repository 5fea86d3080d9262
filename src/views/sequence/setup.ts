/**
 * The setup band: scene-setting steps are not drawn message by message but as
 * one band at the top that says what they left behind, from the trace's
 * per-step state (`steps[].state` of the last setup step): the Pods by
 * workload, status and node, nodes that are not plain Ready, a control plane
 * that is degraded or replicated, and the other objects the scene created.
 */
import type { StatePod, StepState, Trace, TraceEvent, TraceStep } from '../../trace/types.ts';
import type { SequenceSeparator } from '../types.ts';
import { plural } from '../../common/text.ts';
import { keptItems } from '../common/more.ts';
import { numberedNames } from '../common/ranges.ts';
import { ownersOf, workloadOf } from '../common/workloads.ts';
import { stepsPhrase } from '../common/steps.ts';

/** At most this many state lines; the rest are counted in one more line (`+2 more`). */
const MAX_LINES = 5;

/** `subject`: names of the objects the drawn steps act on (subjectNames); their lines are never cut. */
export function setupBand(trace: Trace, setup: readonly TraceStep[], subject: ReadonlySet<string> = new Set()): SequenceSeparator | undefined {
  if (setup.length === 0) return undefined;
  const last = setup[setup.length - 1]!;
  const which = stepsPhrase(setup.map((s) => s.number));
  // A check-only step (`expect` without a command) set nothing up: its generated title is not part of the story.
  const told = setup.filter((s) => s.kind !== 'expect');
  const title = `Setup (${which}): ${(told.length > 0 ? told : setup).map((s) => s.title).join(' · ')}`;
  const state = last.state ? stateLines(last.state, storageFacts(trace.events, last.number), subject) : [];
  return { type: 'separator', id: 'setup', step: last.number, title, ...(state.length > 0 ? { state } : {}) };
}

/**
 * A picture of later steps only (`steps: [5]`, a per-step slide) opens with
 * the state the earlier steps left: `Before step 5`.
 */
export function beforeBand(trace: Trace, first: TraceStep, subject: ReadonlySet<string> = new Set()): SequenceSeparator | undefined {
  const earlier = trace.steps.filter((s) => s.number < first.number);
  const last = earlier[earlier.length - 1];
  if (last === undefined) return undefined;
  if (earlier.every((s) => s.setup === true)) return setupBand(trace, earlier, subject);
  const state = last.state ? stateLines(last.state, storageFacts(trace.events, last.number), subject) : [];
  if (state.length === 0) return undefined;
  return { type: 'separator', id: 'setup', step: last.number, title: `Before step ${first.number}`, state };
}

/**
 * What a picture needs to know about the cluster, in a few short lines. A
 * line about an object in `subject` is never cut (gallery review D68:
 * service-types step 7, through the LoadBalancer, had `Service web-lb` folded
 * into the count while two other Services were listed).
 */
export function stateLines(state: StepState, facts: ReadonlyMap<string, string> = new Map(), subject: ReadonlySet<string> = new Set()): string[] {
  const lines = [...controlPlaneLines(state), ...nodeLines(state), ...podLines(state), ...objectLines(state), ...storageLines(state, facts)];
  const about = (line: string) => line.split(/[\s:,/]+/).some((word) => subject.has(word));
  return keptItems(lines, MAX_LINES, about);
}

/**
 * The objects steps act on, by name: what their requests name, the Services
 * their packets go through (a cloud load balancer's component, kube-proxy's
 * `service`), and `kind/name` in their commands (`service/web-lb`).
 */
export function subjectNames(trace: Trace, steps: readonly TraceStep[]): Set<string> {
  const numbers = new Set(steps.map((s) => s.number));
  const names = new Set<string>();
  for (const s of steps) for (const m of s.command.matchAll(/\b[a-z]+\/([a-z0-9][a-z0-9.-]*)/g)) names.add(m[1]!);
  for (const e of trace.events) {
    if (!numbers.has(e.step)) continue;
    if (e.resource?.name !== undefined) names.add(e.resource.name);
    for (const id of [e.from, e.to]) if (id.startsWith('cloud-lb:')) names.add(id.slice(id.lastIndexOf('/') + 1));
    // The Service a packet went through and the NetworkPolicy that dropped one (`default/web/http`, `default/api-allow-frontend`).
    for (const key of ['service', 'policy']) {
      const ref = e.attrs?.[key];
      if (typeof ref === 'string') names.add(ref.slice(ref.indexOf('/') + 1).split('/')[0]!);
    }
  }
  return names;
}

function controlPlaneLines(state: StepState): string[] {
  const { apiServers, etcd, quorum } = state.controlPlane;
  const down = [...apiServers, ...etcd].filter((m) => !m.up);
  if (apiServers.length <= 1 && etcd.length <= 1 && down.length === 0) return [];
  const part = (what: string, list: { name: string; up: boolean }[]) => {
    const up = list.filter((m) => m.up).length;
    const failed = list.filter((m) => !m.up).map((m) => m.name);
    return `${up}/${list.length} ${what} up${failed.length > 0 ? ` (${failed.join(', ')} down)` : ''}`;
  };
  return [`control plane: ${part('API servers', apiServers)}; ${part('etcd members', etcd)}${quorum ? '' : ', no quorum'}`];
}

/** Nodes that are not plain Ready and schedulable; all of them in one line when they are. */
function nodeLines(state: StepState): string[] {
  const odd = state.nodes.filter((n) => n.ready !== 'True' || n.unschedulable || n.taints.length > 0);
  return odd.map((n) => {
    const facts = [n.ready === 'True' ? 'Ready' : n.ready === 'False' ? 'NotReady' : 'NotReady (Unknown)'];
    if (n.unschedulable) facts.push('cordoned');
    if (n.taints.length > 0) facts.push(`tainted ${[...new Set(n.taints.map((t) => t.split(':')[0]))].join(', ')}`);
    return `${n.name}: ${facts.join(', ')}`;
  });
}

/**
 * Each Pod's workload, by its owner references (views/common/workloads.ts):
 * its Deployment, StatefulSet, CronJob, Job … else its own name; `ns/` outside `default`.
 */
export function podWorkloads(state: StepState): Map<StatePod, string> {
  const owners = ownersOf(state.objects);
  return new Map(state.pods.map((p) => [p, `${p.namespace === 'default' ? '' : `${p.namespace}/`}${workloadOf({ ...p, owner: p.owner ?? null }, owners)}`]));
}

/** `web: 3 Pods Running on worker-1..3`, one line per workload and status. */
function podLines(state: StepState): string[] {
  const workloads = podWorkloads(state);
  const groups = new Map<string, { workload: string; status: string; nodes: string[]; count: number }>();
  for (const p of state.pods) {
    const workload = workloads.get(p)!; // every Pod of the state has an entry
    const key = `${workload}\n${p.status}`;
    const g = groups.get(key) ?? { workload, status: p.status, nodes: [], count: 0 };
    g.count++;
    if (p.node !== null && !g.nodes.includes(p.node)) g.nodes.push(p.node);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => {
    const where = g.nodes.length > 0 ? ` on ${numberedNames(g.nodes)}` : '';
    return `${g.workload}: ${plural(g.count, 'Pod')} ${g.status}${where}`;
  });
}

/** Objects a story is about besides workloads: Services, Ingresses, policies, autoscalers, config. */
const SHOWN_KINDS = ['Service', 'Ingress', 'NetworkPolicy', 'HorizontalPodAutoscaler', 'ConfigMap', 'Secret', 'Role', 'RoleBinding', 'Namespace'];

function objectLines(state: StepState): string[] {
  return state.objects
    .filter((o) => SHOWN_KINDS.includes(o.kind))
    .map((o) => `${o.kind} ${o.namespace && o.namespace !== 'default' ? `${o.namespace}/` : ''}${o.name}${o.status && o.status !== 'present' ? `: ${o.status}` : ''}${o.terminating ? ' (terminating)' : ''}`);
}

/**
 * The phase of volumes and claims, and a budget's allowed disruptions, as the
 * last status write up to `step` set them (the per-step state only says the
 * object is present): `PersistentVolume/pv-1g` → `Available`.
 */
function storageFacts(events: readonly TraceEvent[], step: number): Map<string, string> {
  const facts = new Map<string, string>();
  for (const e of events) {
    if (e.step > step || e.type !== 'request' || e.resource?.name === undefined) continue;
    const phase = /^PATCH (persistentvolumes|persistentvolumeclaims)\/status (\w+)$/.exec(e.summary);
    if (phase) facts.set(`${e.resource.kind}/${e.resource.name}`, phase[2]!);
    const pdb = /^PUT poddisruptionbudgets\/status disruptionsAllowed=(\d+)$/.exec(e.summary);
    if (pdb) facts.set(`PodDisruptionBudget/${e.resource.name}`, `${pdb[1]} disruption${pdb[1] === '1' ? '' : 's'} allowed`);
  }
  return facts;
}

/** Volumes, claims and budgets grouped by what they are: `pv-10g, pv-1g, pv-gold: Available`. */
const STORAGE_KINDS: [string, string][] = [['PersistentVolume', 'PV'], ['PersistentVolumeClaim', 'PVC'], ['PodDisruptionBudget', 'PDB']];

function storageLines(state: StepState, facts: ReadonlyMap<string, string>): string[] {
  const lines: string[] = [];
  for (const [kind, short] of STORAGE_KINDS) {
    const groups = new Map<string, string[]>();
    for (const o of state.objects.filter((x) => x.kind === kind)) {
      const fact = facts.get(`${kind}/${o.name}`) ?? (o.status && o.status !== 'present' ? o.status : 'present');
      groups.set(fact, [...(groups.get(fact) ?? []), o.name]);
    }
    for (const [fact, names] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
      const list = names.join(', ');
      lines.push(kind === 'PodDisruptionBudget' ? `${short} ${names.map((n) => `${n}: ${fact}`).join(', ')}` : `${short} ${list}: ${fact}`);
    }
  }
  return lines;
}
