/**
 * Decision flows of the workload and storage controllers: DaemonSet (which
 * nodes get a pod, rolling update node by node), kubectl drain (cordon,
 * DaemonSet pods, evictions against PodDisruptionBudgets, 429 retries until
 * --timeout), StatefulSet (ordered creation, claims from
 * volumeClaimTemplates, scale-down from the highest ordinal) and volume
 * binding (static match, dynamic provisioning, WaitForFirstConsumer), Job
 * (parallelism, completions, back-off, backoffLimit) and CronJob (schedule,
 * concurrencyPolicy, history limits).
 * Counts and names come from the trace; a point without evidence is faint.
 */
import type { TraceEvent, TraceStep } from '../../trace/types.ts';
import { isFailure, joinLabels } from '../common/interactions.ts';
import { Flow, onlyWatches, seen, startLabel, type TopicCtx, type TopicFlow } from './flow.ts';
import { compareNames, plural } from '../../common/text.ts';
import { Causality } from '../common/causality.ts';
import { generateNameBase } from '../../common/generated-names.ts';

type Ctx = TopicCtx;

/**
 * The start pill: the step's command; for a step that only watches (`kubectl wait`, `rollout status`) the command
 * of the first setup step it waits for, which made what the picture draws (review D56: job-cronjob started from
 * `kubectl wait --for=condition=complete`, as if waiting made the Pods).
 */
const start = (c: Ctx, f: Flow): Flow => f.next('start', startLabel(onlyWatches(c.step) ? windowSteps(c)[0]! : c.step), { shape: 'terminal', icon: 'start', state: 'taken' });
const req = (e: TraceEvent, from: string, pattern: RegExp): boolean => e.type === 'request' && e.from === from && pattern.test(e.summary);
const list = (xs: readonly string[], max = 3): string => joinLabels([...xs], max);

/**
 * The events a step stands for: its own, and when it only watches (`rollout
 * status`, `wait`) also those of the setup steps right before it, whose
 * work it waits for.
 */
function window(c: Ctx): TraceEvent[] {
  const steps = new Set(windowSteps(c).map((s) => s.number));
  return c.trace.events.filter((e) => steps.has(e.step));
}

/** The steps of `window`, earliest first: the setup steps right before the drawn step, and the step. */
function windowSteps(c: Ctx): TraceStep[] {
  const steps = [c.step];
  for (let n = c.step.number - 1; n >= 1; n--) {
    const s = c.trace.steps.find((x) => x.number === n);
    if (!s || s.setup !== true) break;
    steps.unshift(s);
  }
  return steps;
}

/** DaemonSet: for each node, eligible? → pod there? → create / replace (one node at a time) / keep. */
export function daemonSetFlow(c: Ctx): TopicFlow | null {
  const events = window(c);
  const ctrl = 'daemonset-controller';
  const creates = events.filter((e) => req(e, ctrl, /^POST pods for /));
  const deletes = events.filter((e) => req(e, ctrl, /^DELETE pods/));
  if (creates.length === 0 && deletes.length === 0) return null;
  const nodes = c.step.state?.nodes ?? [];
  const created = [...new Set(creates.map((e) => e.summary.replace(/^POST pods for /, '')))];
  const owner = /DaemonSet\/\S+/.exec(c.trace.outcome.pods.find((p) => p.owner?.startsWith('DaemonSet/'))?.owner ?? '')?.[0];
  const dsPods = (c.step.state?.pods ?? []).filter((p) => owner === undefined || p.owner === owner);
  const withPod = new Set(dsPods.map((p) => p.node).filter((n): n is string => n !== undefined));
  const tainted = nodes.filter((n) => !withPod.has(n.name) && n.taints.some((t) => /:(NoSchedule|NoExecute)$/.test(t)));
  const unmatched = nodes.filter((n) => !withPod.has(n.name) && !tainted.includes(n));
  const cordoned = nodes.filter((n) => n.unschedulable);
  const kept = nodes.filter((n) => withPod.has(n.name) && !created.includes(n.name));
  // The binds of the Pods this controller created, not every bind of the window (review D72: drain-pdb's listed the
  // Deployment's `web-…` Pods, bound by the same apply).
  const causality = new Causality(events);
  const binds = events.filter((e) => e.type === 'phase' && e.phase === 'bind' && e.from === 'kube-scheduler' && creates.some((cr) => causality.descendsFrom(e, cr.id)));
  const running = dsPods.filter((p) => p.phase === 'Running').sort((a, b) => compareNames(a.node ?? a.name, b.node ?? b.name));
  const f = new Flow(c.step.number, c.detail);
  start(c, f);
  f.next('nodes', 'DaemonSet controller checks every node', { state: 'taken', icon: 'controller', sub: `${plural(nodes.length, 'node')}: ${list(nodes.map((n) => n.name))}`, events: [...creates, ...deletes] });
  f.next('selector', 'nodeSelector / node affinity match?', { shape: 'decision', state: 'taken', sub: unmatched.length > 0 ? `${list(unmatched.map((n) => n.name))} not selected` : `${nodes.length}/${nodes.length} match` });
  f.exit('skip-selector', 'skip the node: no pod', { state: unmatched.length > 0 ? 'taken' : 'faint', sub: unmatched.length > 0 ? list(unmatched.map((n) => n.name)) : undefined });
  f.next('taints', 'taints tolerated?', { shape: 'decision', state: 'taken', sub: cordoned.length > 0 ? `cordon does not matter: ${list(cordoned.map((n) => n.name))} keeps its pod` : 'unschedulable (cordon) is always tolerated' });
  f.exit('skip-taint', 'skip the node: no pod', { state: tainted.length > 0 ? 'taken' : 'faint', sub: tainted.length > 0 ? tainted.map((n) => `${n.name}: ${n.taints.join(', ')}`).join(' · ') : undefined });
  f.next('has-pod', 'a daemon pod on the node?', { shape: 'decision', state: 'taken', edge: 'yes', sub: `${withPod.size - created.length + deletes.length >= 0 ? kept.length + deletes.length : 0} of ${withPod.size} already had one` });
  f.exit('keep', 'current revision: keep it', { state: kept.length > 0 && deletes.length === 0 ? 'success' : 'faint', edge: 'yes, current', sub: kept.length > 0 && deletes.length === 0 ? list(kept.map((n) => n.name)) : undefined });
  f.exit('replace', 'old revision: delete it, one node at a time (maxUnavailable)', { shape: 'process', icon: 'pod', state: seen(deletes), edge: 'yes, old', rejoin: true, sub: deletes.length > 0 ? `${plural(deletes.length, 'pod')} deleted, one after the other` : undefined, events: deletes });
  f.next('create', 'create a pod pinned to the node', { state: seen(creates), icon: 'controller', edge: 'no', sub: creates.length > 0 ? `POST pods for ${list(created)}` : undefined, events: creates });
  f.next('bind', 'scheduler binds it to that node', { state: seen(binds), icon: 'scheduler', sub: binds.length > 0 ? list(binds.map((b) => b.summary.replace(/^bind /, '').replace(' to ', ' → ')), 2) : undefined, events: binds });
  f.next('done', `${plural(running.length, 'pod')} Running, one per eligible node`, { shape: 'terminal', state: running.length > 0 ? 'success' : 'faint', sub: list(running.map((p) => p.node ?? p.name)) });
  return { decision: 'daemonset', flow: f };
}

/** kubectl drain: cordon → list pods → DaemonSet pods? → evict each → budget allows? → 201 / 429 retry until --timeout. */
export function drainFlow(c: Ctx): TopicFlow | null {
  if (!/^kubectl drain\b/.test(c.step.command)) return null;
  const node = c.step.command.split(/\s+/)[2] ?? '';
  const cordon = c.own.find((e) => e.type === 'request' && e.from === 'kubectl' && /unschedulable=true/.test(e.summary));
  const listing = c.own.find((e) => e.type === 'phase' && e.phase === 'watch-cache' && /^list pods/.test(e.summary));
  const evictions = c.own.filter((e) => e.type === 'request' && e.from === 'kubectl' && e.resource?.subresource === 'eviction');
  const answers = c.own.filter((e) => e.type === 'response' && e.to === 'kubectl' && e.resource?.subresource === 'eviction');
  const ok = answers.filter((e) => e.status === 201);
  const refused = answers.filter((e) => e.status === 429);
  const budgets = c.own.filter((e) => e.type === 'phase' && /^PodDisruptionBudget /.test(e.summary));
  const text = `${c.step.output ?? ''}\n${c.step.error ?? ''}`;
  const dsNames = /DaemonSet-managed Pods[^:]*: (\S+)/.exec(text)?.[1];
  const ignored = /--ignore-daemonsets/.test(c.step.command);
  const timeout = /global timeout reached: (\S+)/.exec(text)?.[1];
  const replaced = c.own.filter((e) => e.type === 'phase' && e.phase === 'bind' && e.from === 'kube-scheduler');
  const pods = (names: TraceEvent[]) => [...new Set(names.map((e) => e.resource?.name ?? ''))];
  const f = new Flow(c.step.number, c.detail);
  start(c, f);
  f.next('cordon', `cordon ${node}: unschedulable`, { state: seen(cordon), icon: 'node', sub: cordon ? /already cordoned/.test(text) ? 'already cordoned' : 'PATCH nodes unschedulable=true' : undefined, events: cordon ? [cordon] : [] });
  f.next('list', `list the pods on ${node}`, { state: seen(listing), icon: 'apiserver', sub: listing ? plural(Number(listing.attrs?.items ?? 0), 'pod') : undefined, events: listing ? [listing] : [] });
  f.next('daemonset', 'DaemonSet-managed pods?', { shape: 'decision', state: seen(listing), sub: dsNames ? `${dsNames}${ignored ? ' (ignored: --ignore-daemonsets)' : ''}` : undefined });
  f.exit('ds-error', 'error: cannot delete DaemonSet-managed Pods (use --ignore-daemonsets)', { state: dsNames && !ignored ? 'danger' : 'faint', edge: 'yes, not ignored' });
  f.next('evict', 'POST …/eviction for each other pod', { state: seen(evictions), icon: 'apiserver', edge: 'ignored', sub: evictions.length > 0 ? `${plural(pods(evictions).length, 'pod')}: ${list(pods(evictions), 2)}` : undefined, events: evictions });
  f.next('budget', 'its PodDisruptionBudget allows it?', { shape: 'decision', state: seen(budgets), sub: budgets.length > 0 ? [...new Set(budgets.map((b) => b.summary.replace(/^PodDisruptionBudget (\S+): The disruption budget \S+ needs (\d+) healthy pods and has (\d+) currently$/, '$1: needs $2 healthy, has $3').replace(/^PodDisruptionBudget /, '')))].slice(0, 2).join(' · ') : undefined, events: budgets });
  f.exit('refused', '429 Too Many Requests: kubectl retries every 5 s', { shape: 'process', icon: 'apiserver', state: refused.length > 0 ? 'danger' : 'faint', loop: true, sub: refused.length > 0 ? `${list(pods(refused), 1)}: ${refused.length}× 429` : undefined, events: refused });
  f.exit('timeout', 'still refused at --timeout: exit 1', { state: timeout ? 'danger' : 'faint', edge: 'no, until --timeout', sub: timeout ? `global timeout reached: ${timeout}` : undefined });
  f.next('evicted', '201 Created: pod deleted gracefully', { state: seen(ok), icon: 'pod', sub: ok.length > 0 ? list(pods(ok), 2) : undefined, events: ok });
  f.next('replace', 'its controller starts a replacement elsewhere', { state: seen(replaced), icon: 'scheduler', sub: replaced.length > 0 ? list(replaced.map((b) => b.summary.replace(/^bind /, '').replace(' to ', ' → ')), 2) : undefined, events: replaced });
  const drained = /drained/.test(text) && c.step.exitCode === 0;
  f.next('drained', `node/${node} drained`, { shape: 'terminal', state: drained ? 'success' : 'faint' });
  return { decision: 'drain', flow: f };
}

/** StatefulSet: ordinal N only when N-1 is Running and Ready; claims from volumeClaimTemplates first; scale down from the highest ordinal. */
export function statefulSetFlow(c: Ctx): TopicFlow | null {
  const ctrl = 'statefulset-controller';
  const events = c.later;
  const podCreates = events.filter((e) => e.type === 'request' && e.from === ctrl && e.verb === 'create' && e.resource?.kind === 'Pod' && e.resource.subresource === undefined);
  if (!c.own.some((e) => e.from === ctrl && e.type === 'request' && e.verb === 'create')) return null;
  const claimCreates = events.filter((e) => e.type === 'request' && e.from === ctrl && e.verb === 'create' && e.resource?.kind === 'PersistentVolumeClaim');
  const deletes = events.filter((e) => e.type === 'request' && e.from === ctrl && e.verb === 'delete' && e.resource?.kind === 'Pod');
  const kube = c.trace.outcome.kubeEvents.filter((k) => k.object.startsWith('default/StatefulSet/') || /StatefulSet/.test(k.object));
  // The pods in the order the controller POSTed them (not the Events' order: a repeated "create Pod web-0 …" Event is
  // the first one PATCHed with count 2, and the outcome lists Events by their last write).
  const created = [...new Set(podCreates.map((e) => e.resource?.name).filter((n): n is string => n !== undefined))];
  const claims = kube.filter((k) => k.reason === 'SuccessfulCreate').map((k) => /Claim (\S+) Pod/.exec(k.message)?.[1]).filter((n): n is string => n !== undefined);
  const order = (names: string[]) => [...new Set(names)].join(' → ');
  // The ordered creation run: the pods created before the first scale-down (a later rollout re-creates pods one by one; that is not this decision).
  const firstDelete = deletes[0]?.seq ?? Number.POSITIVE_INFINITY;
  const run = podCreates.filter((e) => e.seq < firstDelete);
  // The scale-down: deletes of pods the controller does not create again (a rolling update or a failed pod's replacement deletes a pod to re-create it under the same name).
  const scaleDown = deletes.filter((d) => !podCreates.some((c) => c.seq > d.seq && c.resource?.name === d.resource?.name));
  const deleted = scaleDown.map((e) => e.resource?.name).filter((n): n is string => n !== undefined);
  const provisioned = events.filter((e) => e.action === 'csi-create-volume' && e.type === 'request');
  const f = new Flow(c.step.number, c.detail);
  start(c, f);
  f.next('next', 'next ordinal N (0, 1, 2 …)', { state: seen(run), icon: 'controller', sub: created.length > 0 ? `pods ${order(created)}` : undefined, events: run });
  f.next('ready', 'N-1 Running and Ready?', { shape: 'decision', state: seen(run), sub: run.length > 1 ? `OrderedReady: ${plural(run.length - 1, 'wait')} for the previous pod` : 'N = 0 has no predecessor' });
  f.exit('wait', 'wait (OrderedReady)', { state: run.length > 1 ? 'taken' : 'faint', loop: true });
  f.next('claim', 'claim <template>-<set>-N exists?', { shape: 'decision', state: seen(claimCreates), edge: 'yes', sub: claims.length > 0 ? `created ${list(claims)}` : undefined, events: claimCreates });
  f.exit('create-claim', 'create the claim from volumeClaimTemplates', { shape: 'process', icon: 'config', state: seen(claimCreates), rejoin: true, sub: provisioned.length > 0 ? `${plural(provisioned.length, 'volume')} provisioned by CSI` : undefined, events: claimCreates });
  f.next('pod', 'create pod <set>-N (stable name, hostname)', { state: seen(run), icon: 'pod', edge: 'yes', sub: run.length > 0 ? plural(run.length, 'pod') : undefined, events: run });
  f.next('more', 'replicas reached?', { shape: 'decision', state: seen(run), sub: run.length > 0 ? `${run.length} of ${run.length}` : undefined });
  f.exit('scale-down', 'too many: delete the highest ordinal first, keep its claim', { shape: 'process', icon: 'pod', state: seen(scaleDown), edge: 'over', loop: true, sub: deleted.length > 0 ? order(deleted) : undefined, events: scaleDown });
  // Fewer than the replicas: on to the next ordinal, back at the top (web-0, then web-1, then web-2; review D57).
  f.exit('fewer', 'go on with ordinal N + 1', { state: run.length > 1 ? 'taken' : 'faint', edge: 'no', loopTo: 'next', sub: created.length > 1 ? `${created.slice(1).join(', ')} after ${created[0]!}` : undefined, events: run.slice(1) });
  // What this step left (not the end of the scenario: a later scale-down is another step's decision).
  const ready = (c.step.state?.pods ?? []).filter((p) => p.owner?.startsWith('StatefulSet/') && p.phase === 'Running' && p.ready).length;
  f.next('done', `${plural(run.length, 'pod')} created in order`, { shape: 'terminal', state: run.length > 0 ? 'success' : 'faint', sub: ready > 0 ? `${plural(ready, 'pod')} Running and Ready after this step` : undefined });
  return { decision: 'statefulset', flow: f };
}

/** Volume binding: a claim → matching PV? bind : class with a provisioner? Immediate → provision : WaitForFirstConsumer → wait for the scheduler's node. */
export function volumeBindingFlow(c: Ctx): TopicFlow | null {
  const binder = 'persistentvolume-binder-controller';
  const claimsNow = c.own.filter((e) => e.type === 'watch' && e.to === binder && /^ADDED persistentvolumeclaim\//.test(e.summary));
  if (claimsNow.length === 0) return null;
  // The claims of this step (a later apply of another claim is its own decision, with its own flowchart).
  const ev = c.later;
  const claims = [...new Set(ev.filter((e) => e.type === 'watch' && e.to === binder && /^ADDED persistentvolumeclaim\//.test(e.summary)).map((e) => e.summary.replace(/^ADDED persistentvolumeclaim\//, '')))];
  const provisionPatch = ev.filter((e) => req(e, binder, /storage-provisioner/));
  const provisioned = new Set(provisionPatch.map((e) => e.resource?.name ?? ''));
  const kube = c.trace.outcome.kubeEvents;
  // The outcome's Events cover the whole scenario: only those of this step's claims.
  const ofClaims = (reason: string) => kube.filter((k) => k.reason === reason).map((k) => k.object.split('/').pop()!).filter((n) => claims.includes(n));
  const failed = ofClaims('FailedBinding');
  const waiting = ofClaims('WaitForFirstConsumer');
  const staticBound = ev
    .filter((e) => req(e, binder, /^PATCH persistentvolumeclaims volumeName /))
    .map((e) => ({ claim: e.resource?.name ?? '', pv: e.summary.replace(/^PATCH persistentvolumeclaims volumeName /, '') }))
    .filter((b) => !provisioned.has(b.claim));
  const creates = ev.filter((e) => e.action === 'csi-create-volume' && e.type === 'request');
  const selected = ev.filter((e) => e.from === 'kube-scheduler' && /selected-node/.test(e.summary));
  const pending = ev.find((e) => e.type === 'phase' && e.phase === 'filter' && e.from === 'kube-scheduler' && isFailure(e.result));
  const f = new Flow(c.step.number, c.detail);
  start(c, f);
  f.next('claim', 'PV controller sees a claim', { state: 'taken', icon: 'controller', sub: `${plural(claims.length, 'claim')}: ${list(claims, 8)}`, events: claimsNow });
  // The binding mode comes first: with WaitForFirstConsumer the PV controller binds nothing, not even a fitting
  // static PV, until the scheduler has picked a node for a pod that uses the claim; the scheduler's VolumeBinding
  // plugin then asks the same questions on that node (pv_controller.go syncUnboundClaim → IsDelayBindingMode;
  // review D53: the mode was asked only on the way to a provisioner).
  f.next('mode', 'volumeBindingMode?', { shape: 'decision', state: 'taken' });
  f.exit('wait', 'wait for a pod; then match or provision on its node', { shape: 'process', icon: 'scheduler', state: waiting.length > 0 ? 'taken' : 'faint', edge: 'WaitForFirstConsumer', rejoin: true, sub: waiting.length > 0 ? `${list(waiting)}${selected.length > 0 ? ': selected-node set' : ''}` : undefined, events: selected });
  // Matched now: a claim that does not wait, or a waiting one whose pod the scheduler has placed (a node selected,
  // a PV bound or provisioned).
  const matched = claims.some((n) => !waiting.includes(n)) || selected.length > 0 || staticBound.length > 0 || creates.length > 0;
  f.next('match', 'an Available PV fits (class, size, access, selector)?', { shape: 'decision', state: matched ? 'taken' : 'faint', edge: 'Immediate', ...(claims.every((n) => waiting.includes(n)) ? { edgeState: 'faint' as const } : {}) });
  f.exit('bind-static', 'bind to the smallest fitting PV', { shape: 'terminal', state: staticBound.length > 0 ? 'success' : 'faint', edge: 'yes', sub: staticBound.length > 0 ? staticBound.map((b) => `${b.claim} → ${b.pv}`).join(' · ') : undefined });
  f.next('class', 'its class has a provisioner?', { shape: 'decision', state: provisioned.size + failed.length > 0 ? 'taken' : 'faint', edge: 'no' });
  f.exit('unbound', 'stays Pending: FailedBinding; its pods stay Pending', { state: failed.length > 0 ? 'danger' : 'faint', sub: failed.length > 0 ? `${list(failed)}${pending ? ` · ${pending.summary}` : ''}` : undefined, events: pending ? [pending] : [] });
  f.next('provision', 'CSI external-provisioner creates the volume', { icon: 'controller', state: seen(creates), edge: 'yes', sub: creates.length > 0 ? plural(creates.length, 'volume') : undefined, events: creates });
  f.next('bound', 'PV and claim Bound', { shape: 'terminal', state: creates.length > 0 ? 'success' : 'faint', sub: provisioned.size > 0 ? list([...provisioned]) : undefined });
  return { decision: 'volume-binding', flow: f };
}

/** `batch-jxl9j` → `batch`; `hello-28928162-6qb82` → `hello-28928162`. */
const jobOfPod = (pod: string): string => generateNameBase(pod) ?? pod;

/**
 * Job: more pods needed (parallelism)? → create → exit code 0? → succeeded
 * reaches completions → Complete; failed pods retry after a back-off (10 s,
 * doubling) until failures exceed backoffLimit → Failed. The main chain is
 * the path the Job took (Complete or Failed), the other branch is faint.
 */
export function jobFlow(c: Ctx): TopicFlow | null {
  const ctrl = 'job-controller';
  const events = window(c);
  // A CronJob's step is about the schedule (cronJobFlow).
  if (events.some((e) => e.action === 'cronjob-schedule')) return null;
  const creates = events.filter((e) => req(e, ctrl, /^POST pods( \(finalizer batch\.kubernetes\.io\/job-tracking\))?$/));
  const deadline = events.find((e) => e.type === 'action' && e.action === 'job-deadline' && e.from === ctrl);
  if (creates.length === 0 && deadline === undefined) return null;
  const outcome = events.find((e) => req(e, ctrl, /^PUT jobs\/status \S+ (Complete|Failed)$/));
  // A pod POST has no name yet (generateName): the Job is named by its outcome, its deadline or the pods the step leaves.
  const owned = (c.step.state?.pods ?? []).find((p) => p.owner?.startsWith('Job/'))?.owner?.slice('Job/'.length);
  const job = outcome?.resource?.name ?? (deadline ? /job\/(\S+) reached$/.exec(deadline.summary)?.[1] : undefined) ?? owned ?? '';
  // The Warning event the controller posts with the Failed condition carries its reason (BackoffLimitExceeded, DeadlineExceeded, PodFailurePolicy).
  const reason = outcome && / Failed$/.test(outcome.summary) ? (events.map((e) => (req(e, ctrl, /^POST events \((\w+)\)$/) && e.seq > outcome.seq ? /\((\w+)\)$/.exec(e.summary)?.[1] : undefined)).find((r) => r !== undefined && r !== 'SuccessfulDelete' && r !== 'SuccessfulCreate') ?? 'BackoffLimitExceeded') : undefined;
  if (reason === 'DeadlineExceeded' || (deadline && creates.length === 0)) return jobDeadlineFlow(c, events, job, deadline, outcome);
  const exits = events.filter((e) => e.type === 'action' && e.action === 'container-exit' && jobOfPod(e.from.split('/')[1] ?? '') === job);
  const ok = exits.filter((e) => e.attrs?.['exitCode'] === 0);
  const bad = exits.filter((e) => e.attrs?.['exitCode'] !== 0);
  const backoffs = events.filter((e) => e.type === 'action' && e.action === 'job-backoff' && e.summary.includes(`job/${job} `));
  const pods = (c.step.state?.pods ?? []).filter((p) => p.owner === `Job/${job}`);
  // Pods at once: create/exit times as the trace shows them.
  let active = 0;
  let most = 0;
  for (const e of [...creates, ...exits].sort((a, b) => a.t - b.t || a.seq - b.seq)) {
    active += e.type === 'request' ? 1 : -1;
    most = Math.max(most, active);
  }
  const failedJob = outcome !== undefined && / Failed$/.test(outcome.summary);
  const complete = outcome !== undefined && !failedJob;
  const f = new Flow(c.step.number, c.detail);
  start(c, f);
  f.next('needed', 'more pods needed, below parallelism?', { shape: 'decision', state: 'taken', sub: `job/${job}: at most ${most} at once` });
  f.exit('enough', 'wait: enough pods active', { state: creates.length > most ? 'taken' : 'faint', edge: 'no', loop: true, sub: creates.length > most ? `${creates.length - most} created only after one ended` : undefined });
  f.next('create', 'create a pod', { state: 'taken', icon: 'pod', edge: 'yes', sub: `${plural(creates.length, 'pod')}${pods.length > 0 ? `: ${list(pods.map((p) => p.name))}` : ''}`, events: creates });
  if (!failedJob) {
    f.next('exit', 'container exits with code 0?', { shape: 'decision', state: seen(exits), sub: `${ok.length} Completed, ${bad.length} Error`, events: exits });
    f.exit('retry', 'failed + 1: new pod after a back-off (10 s, doubling)', { shape: 'process', icon: 'pod', state: bad.length > 0 ? 'taken' : 'faint', loopTo: 'create', sub: backoffs.length > 0 ? list(backoffs.map((b) => b.summary)) : undefined, events: bad });
    f.next('count', 'succeeded = completions?', { shape: 'decision', state: seen(ok), edge: 'yes', sub: complete ? `${ok.length} of ${ok.length}` : `${ok.length} so far` });
    f.exit('more', 'start the next pod', { shape: 'process', icon: 'pod', state: creates.length > most ? 'taken' : 'faint', edge: 'no', loopTo: 'create' });
    f.next('complete', `job/${job} Complete`, { shape: 'terminal', state: complete ? 'success' : 'faint', sub: complete ? 'reason CompletionsReached' : undefined, events: outcome ? [outcome] : [] });
    return { decision: 'job', flow: f };
  }
  f.next('exit', 'container exits with code 0?', { shape: 'decision', state: seen(exits), sub: `${ok.length} Completed, ${bad.length} Error`, events: exits });
  f.exit('succeeded', 'succeeded + 1 … Complete at completions', { state: ok.length > 0 ? 'taken' : 'faint', edge: 'yes' });
  f.next('failed', 'failed + 1', { state: seen(bad), icon: 'pod', edge: 'no', sub: bad.length > 0 ? bad[0]!.summary.replace(/^\S+ /, '') : undefined, events: bad });
  if (reason === 'PodFailurePolicy') {
    // The first podFailurePolicy rule that matches the failed pod said FailJob: no back-off, no backoffLimit.
    f.next('policy', 'a podFailurePolicy rule matches?', { shape: 'decision', state: 'taken', sub: 'the first matching rule: action FailJob' });
    f.exit('count', 'Count / Ignore: back-off, backoffLimit as usual', { state: seen(backoffs), edge: 'no', events: backoffs });
    f.next('failed-job', `job/${job} Failed`, { shape: 'terminal', state: 'danger', edge: 'FailJob', sub: 'reason PodFailurePolicy', events: [outcome] });
    return { decision: 'job', flow: f };
  }
  f.next('limit', 'failures > backoffLimit?', { shape: 'decision', state: 'taken', sub: `${bad.length} failed: backoffLimit ${bad.length - 1}` });
  f.exit('backoff', 'new pod after a back-off (10 s, doubling)', { state: seen(backoffs), edge: 'no', loopTo: 'create', sub: backoffs.length > 0 ? list(backoffs.map((b) => b.summary.replace(/ for job\/\S+ ran out$/, ''))) : undefined, events: backoffs });
  f.next('failed-job', `job/${job} Failed`, { shape: 'terminal', state: 'danger', sub: `reason ${reason ?? 'BackoffLimitExceeded'}`, events: [outcome] });
  return { decision: 'job', flow: f };
}

/**
 * activeDeadlineSeconds (job_controller.go syncJob, pastActiveDeadline): once
 * the Job has been active that long the controller deletes its active pods
 * and fails it, reason DeadlineExceeded, whatever backoffLimit says.
 */
function jobDeadlineFlow(c: Ctx, events: readonly TraceEvent[], job: string, deadline: TraceEvent | undefined, outcome: TraceEvent | undefined): TopicFlow {
  const ctrl = 'job-controller';
  const deletes = events.filter((e) => req(e, ctrl, /^DELETE pods/));
  const seconds = deadline ? /activeDeadlineSeconds (\S+) of/.exec(deadline.summary)?.[1] : undefined;
  const f = new Flow(c.step.number, c.detail);
  start(c, f);
  f.next('deadline', 'active longer than activeDeadlineSeconds?', { shape: 'decision', state: seen(deadline), sub: seconds ? `job/${job}: ${seconds} since it started` : undefined, events: deadline ? [deadline] : [] });
  f.exit('running', 'keep running the pods', { state: 'faint', edge: 'no' });
  f.next('delete', 'delete the active pods', { state: seen(deletes), icon: 'pod', edge: 'yes', sub: deletes.length > 0 ? plural(deletes.length, 'pod') : undefined, events: deletes });
  f.next('failed-job', `job/${job} Failed`, { shape: 'terminal', state: outcome ? 'danger' : 'faint', sub: 'reason DeadlineExceeded', events: outcome ? [outcome] : [] });
  return { decision: 'job', flow: f };
}

/** CronJob: a scheduled time passed? → concurrencyPolicy → create Job <name>-<minutes> → history limits delete the oldest. */
export function cronJobFlow(c: Ctx): TopicFlow | null {
  const ctrl = 'cronjob-controller';
  const events = window(c);
  const due = events.filter((e) => e.type === 'action' && e.action === 'cronjob-schedule');
  if (due.length === 0) return null;
  const creates = events.filter((e) => req(e, ctrl, /^POST jobs$/));
  const deletes = events.filter((e) => req(e, ctrl, /^DELETE jobs$/));
  const done = events.filter((e) => req(e, 'job-controller', /^PUT jobs\/status \S+ Complete$/));
  const failed = events.filter((e) => req(e, 'job-controller', /^PUT jobs\/status \S+ Failed$/));
  const cron = /cronjob\/(\S+):/.exec(due[0]!.summary)?.[1] ?? '';
  const times = due.map((e) => /scheduled time \S*T(\d\d:\d\d)/.exec(e.summary)?.[1] ?? e.summary);
  const names = (xs: TraceEvent[]) => xs.map((e) => e.resource?.name ?? '').filter((n) => n !== '');
  const kept = (c.step.state?.objects ?? []).filter((o) => o.kind === 'Job' && o.name.startsWith(`${cron}-`)).map((o) => o.name);
  const f = new Flow(c.step.number, c.detail);
  start(c, f);
  f.next('due', 'CronJob controller: a scheduled time passed?', { shape: 'decision', state: 'taken', sub: `cronjob/${cron}: ${plural(due.length, 'run')} at ${list(times, 4)}`, events: due });
  f.exit('sleep', 'sleep until the next time', { state: 'faint' });
  f.next('policy', 'concurrencyPolicy allows a run now?', { shape: 'decision', state: seen(creates), edge: 'yes' });
  f.exit('skip', 'Forbid: skip / Replace: delete the running Job', { state: creates.length < due.length ? 'taken' : 'faint', edge: 'no' });
  f.next('create', 'create Job <cronjob>-<minutes since epoch>', { state: seen(creates), icon: 'controller', edge: 'yes', sub: creates.length > 0 ? list(names(creates), 2) : undefined, events: creates });
  f.next('run', 'Job controller runs its pod', { state: seen(done), icon: 'pod', sub: `${done.length} Complete${failed.length > 0 ? `, ${failed.length} Failed` : ''}`, events: [...done, ...failed] });
  f.next('history', 'more finished Jobs than the history limits?', { shape: 'decision', state: seen(done) });
  f.exit('keep', 'keep them', { state: deletes.length === 0 && done.length > 0 ? 'success' : 'faint', edge: 'no' });
  f.next('delete', 'delete the oldest finished Jobs', { state: seen(deletes), icon: 'controller', edge: 'yes', sub: deletes.length > 0 ? list(names(deletes), 2) : undefined, events: deletes });
  f.next('kept', `${plural(kept.length, 'Job')} kept`, { shape: 'terminal', state: deletes.length > 0 ? 'success' : 'faint', sub: kept.length > 0 ? list(kept, 3) : undefined });
  return { decision: 'cronjob', flow: f };
}
