/**
 * `simulate(scenario)`: runs a scenario through the cluster model and records
 * the Trace. Deterministic: the same scenario (and seed) gives a
 * byte-identical trace.
 */
import type { Scenario, ScenarioStep } from '../scenario/types.ts';
import { TRACE_FORMAT, TRACE_VERSION, type ExpectationResult, type StepFailure, type Trace, type TraceStep } from '../trace/types.ts';
import { serviceAccountIdentity, userIdentity, type Identity } from './apiserver/identity.ts';
import { buildCluster, usesStorage, type Cluster } from './boot/cluster.ts';
import { evaluate } from './steps/expect.ts';
import { runKubectl, type KubectlResult } from './kubectl/index.ts';
import { buildOutcome, snapshotState } from './steps/outcome.ts';
import { EPOCH_MS } from './core/object.ts';
import { SIMPLIFICATIONS } from './simplifications/index.ts';
import { runNonKubectlStep } from './steps/index.ts';
import { unexpectedFailure } from './steps/step-failure.ts';
import { timerNotes } from './components/timers.ts';
import { GitOpsController } from './components/controllers/gitops.ts';
import { platformSimplifications } from './simplifications/platform.ts';
import { coverageNotes } from './steps/coverage-notes.ts';
import { BUDGET_ENV, BudgetExceeded, budgetFromEnv, type RunBudget } from '../common/budget.ts';
import { DiagnosticError } from '../common/diagnostic.ts';
import type { EventSink } from '../trace/recorder.ts';

export interface SimulateOptions {
  /** Behaviour profile to use instead of the scenario's (`--kubernetes`). */
  kubernetes?: string;
  /** Keep etcd's change history for watch replay (default true; large benchmarks turn it off). */
  etcdHistory?: boolean;
  /**
   * The run budget (events and scheduled tasks); default: ../common/budget.ts
   * overridden by KUBESCENE_MAX_EVENTS / KUBESCENE_MAX_TASKS. Spending it
   * throws a DiagnosticError (`run-budget`) located at the step.
   */
  budget?: Partial<RunBudget>;
  /**
   * Streams the trace: each event goes to `onEvent` as it is recorded and the
   * returned trace's `events` is empty (../trace/spill.ts writes them to a
   * file). The model keeps no events unless the scenario has expectations,
   * which read them, so a large run's memory does not grow with its trace.
   */
  onEvent?: EventSink;
}

/** How long the model lets a step's consequences play out before the next step (simulated). */
export const SETTLE_HORIZON_MS = 10 * 60_000;
/** What a command that outlives the settle horizon gets after its own deadline for its last requests. */
const COMMAND_GRACE_MS = 60_000;
/** The pause between two steps (a person typing the next command). */
export const THINK_TIME_MS = 1000;

export function simulate(scenario: Scenario, opts: SimulateOptions = {}): Trace {
  const kubernetes = opts.kubernetes ?? scenario.cluster.kubernetes;
  const storage = usesStorage(
    Object.values(scenario.files).flatMap((f) => f.objects),
    scenario.steps.flatMap((st) => (st.type === 'kubectl' ? [st.argv] : [])),
  );
  const cluster = buildCluster(scenario.cluster, scenario.seed, kubernetes, { etcdHistory: opts.etcdHistory ?? true, defaultStorageClass: storage });
  const { w } = cluster;
  const fromEnv = budgetFromEnv(process.env);
  if (fromEnv.problems.length > 0 && opts.budget === undefined) {
    throw new DiagnosticError(fromEnv.problems.map((message) => ({ code: 'run-budget', severity: 'error' as const, message, file: scenario.source })));
  }
  const budget: RunBudget = { ...fromEnv.budget, ...opts.budget };
  w.rec.maxEvents = budget.events;
  w.clock.maxTasks = budget.tasks;
  if (opts.onEvent) w.rec.streamTo(opts.onEvent, { keep: scenario.steps.some((s) => s.expect.length > 0) });
  if (scenario.cluster.gitops) {
    // The GitOps controller reads the scenario's files when commits name them (./controllers/gitops.ts).
    const host = scenario.cluster.nodes.map((n) => n.name).sort()[0] ?? null;
    cluster.gitops = new GitOpsController(w, scenario.cluster.gitops, scenario.files, host);
    for (const k of GitOpsController.bootstrapKeys()) cluster.bootstrapKeys.add(k);
  }
  const steps: TraceStep[] = [];
  const allExpectations: ExpectationResult[] = [];
  const extraSimplifications: string[] = [];
  let failedStep: StepFailure | undefined;
  for (const step of scenario.steps) {
    if (steps.length > 0) w.clock.advanceTo(Math.ceil((w.clock.now() + THINK_TIME_MS) / 1000) * 1000);
    let ts: TraceStep;
    try {
      ts = runStep(cluster, scenario, step, extraSimplifications);
    } catch (e) {
      if (e instanceof BudgetExceeded) throw budgetDiagnostic(scenario, step, e);
      throw e;
    }
    steps.push(ts);
    allExpectations.push(...ts.expectations);
    // A non-zero exit nobody expected stops the run, like `set -e` (./step-failure.ts).
    failedStep = unexpectedFailure(step, ts);
    if (failedStep) break;
  }
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    header: {
      scenario: { name: scenario.name, title: scenario.title, description: scenario.description, source: scenario.source },
      digest: scenario.digest,
      inputs: scenario.inputs,
      kubernetes,
      seed: scenario.seed,
      origin: 'simulation',
      cluster: {
        apiServers: scenario.cluster.controlPlane.apiServers,
        etcdMembers: scenario.cluster.controlPlane.etcd,
        proxyMode: scenario.cluster.proxyMode,
        nodes: scenario.cluster.nodes.length,
      },
    },
    hosts: w.rec.hostList(),
    components: w.rec.componentList(),
    steps,
    events: opts.onEvent ? [] : w.rec.events,
    outcome: buildOutcome(w.api.cache, cluster.bootstrapKeys, EPOCH_MS + w.clock.now(), allExpectations, failedStep),
    // Notes of the platform features the scenario uses (./simplifications/platform.ts).
    simplifications: platformSimplifications(scenario, [...SIMPLIFICATIONS, ...extraSimplifications, ...timerNotes(w, extraSimplifications)]).concat(coverageNotes(scenario, w.api.cache)),
  };
}

function runStep(cluster: Cluster, scenario: Scenario, step: ScenarioStep, extra: string[]): TraceStep {
  const { w } = cluster;
  w.rec.step = step.number;
  const first = w.rec.count;
  const startMs = w.clock.now();
  let kubectl: KubectlResult | undefined;
  let command: string;
  if (step.type === 'kubectl') {
    command = `kubectl ${step.command}`;
    const session = runKubectl(w, step.argv, identityOf(scenario, step.as), scenario.files, (r) => (kubectl = r));
    w.clock.runUntil(startMs + SETTLE_HORIZON_MS);
    // A command that waits longer than the horizon (kubectl drain --timeout=15m): until it ends, plus a minute for its last requests.
    if (!kubectl && session.runsUntil !== undefined) w.clock.runUntil(Math.max(w.clock.now(), session.runsUntil + COMMAND_GRACE_MS));
    if (!kubectl) kubectl = { stdout: '', stderr: 'error: timed out waiting for the server\n', exitCode: 1 };
  } else {
    const r = runNonKubectlStep(cluster, scenario, step, extra);
    command = r.command;
    kubectl = r.result;
    w.clock.runUntil(w.clock.now() + SETTLE_HORIZON_MS);
  }
  const last = w.rec.count - 1;
  // Without kept events (a streamed trace of a scenario without expectations) no step needs them.
  const stepEvents = w.rec.keepsEvents ? w.rec.events.slice(first) : [];
  const endMs = Math.max(w.clock.now(), last >= first ? w.rec.last()!.t : startMs);
  const ctxEvents = step.type === 'expect' ? w.rec.events : stepEvents;
  const expectations = step.expect.map((e) => evaluate(e, { step: step.number, cache: w.api.cache, events: ctxEvents, components: w.rec.componentMap(), ...(kubectl ? { kubectl } : {}) }));
  return {
    number: step.number,
    kind: step.type,
    title: step.title,
    command,
    ...(step.type === 'kubectl' ? { as: step.as } : {}),
    ...(kubectl ? { output: kubectl.stdout, error: kubectl.stderr, exitCode: kubectl.exitCode } : {}),
    startMs,
    endMs,
    events: last >= first ? { first, last } : null,
    expectations,
    line: step.pos.line,
    ...(step.setup ? { setup: true as const } : {}),
    state: snapshotState(w.api, w.etcd, cluster.bootstrapKeys, EPOCH_MS + w.clock.now()),
  };
}

function identityOf(s: Scenario, name: string): Identity {
  const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(name);
  if (m) return serviceAccountIdentity(m[1]!, m[2]!);
  const u = s.cluster.users.find((x) => x.name === name);
  if (name === 'admin') return userIdentity('admin', u?.groups.length ? u.groups : ['system:masters']);
  return userIdentity(name, u?.groups ?? []);
}

/** The run budget was spent during `step`: a located error, nothing is written. */
function budgetDiagnostic(scenario: Scenario, step: ScenarioStep, e: BudgetExceeded): DiagnosticError {
  const what = e.what === 'events' ? 'trace events' : 'scheduled tasks (timers, watch deliveries, controller syncs)';
  return new DiagnosticError([
    {
      code: 'run-budget',
      severity: 'error',
      message: `step ${step.number} (${step.title}) needs more than ${String(e.limit).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} ${what}; the model stopped it`,
      file: scenario.source,
      start: step.pos,
      hint: `scale the scenario down (replicas, nodes, advance), or raise the budget with ${BUDGET_ENV[e.what]}=N (docs/scenario-format.md, "Run budget")`,
    },
  ]);
}
