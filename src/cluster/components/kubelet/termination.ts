/**
 * Graceful pod termination, as the kubelet does it (pkg/kubelet/kubelet.go
 * SyncTerminatingPod → kuberuntime_container.go killContainersWithSyncResult /
 * killContainer, then SyncTerminatedPod and the status manager's final DELETE):
 *
 * - The grace period is the pod's deletionGracePeriodSeconds, or, when that is
 *   0 or unset (a force-deleted pod), spec.terminationGracePeriodSeconds
 *   (pod_workers.go calculateEffectiveGracePeriod; at least 1 s). A later DELETE
 *   may only shorten it.
 * - The app containers are stopped in parallel; each first runs its preStop hook
 *   (exec: as long as its command runs; sleep: its seconds, 1.30+; httpGet: one
 *   request), then gets SIGTERM with what is left of the grace period (at least
 *   2 s: minimumGracePeriodInSeconds), then SIGKILL. As killContainersWithSyncResult
 *   runs killContainer for every running container at once, each gets its Killing
 *   event and preStop hook at the start; a sidecar then waits for its turn
 *   (kuberuntime_termination_order.go waitForTurn: every app container, and the
 *   sidecar after it, have stopped — or its grace period has run out), so sidecars
 *   get SIGTERM after the app containers, the last one first, each with what is
 *   left of the grace period (at least 2 s).
 * - The same killContainer path stops the sidecars of a pod that is not deleted
 *   once its app containers are done (restartPolicy Never/OnFailure, or a
 *   regular init container failed under Never: computePodActions KillPod →
 *   killPodWithSyncResult, with the pod's terminationGracePeriodSeconds):
 *   `stopSidecars` below, used by ./crash.ts.
 * - What SIGTERM does is read from the container's command
 *   (../../../common/container-script.ts): the image's own entrypoint, or a
 *   program the model does not interpret, is a server that handles SIGTERM and
 *   exits 0 (nginx's fast shutdown, a Go server's Shutdown) — the model's
 *   decision, since 143 (128 + SIGTERM) is only what a process without a
 *   handler that is not PID 1 gets; a shell idiom (`sleep 3600`,
 *   `sh -c "while true; …"`) runs as PID 1, which the kernel does not kill on
 *   SIGTERM without a handler, so it runs on — to its own end if that comes
 *   first, or until SIGKILL at the end of the grace period (exit code 137).
 * - Liveness and startup probes stop at once; the readiness probe runs on while
 *   the container does (./prober.ts), so the pod stays as Ready as its probes
 *   say until its containers have stopped — a terminating pod is not made
 *   unready (kubernetes#124648); EndpointSlices mark it terminating
 *   (ready=false, serving=<Ready>) and kube-proxy sends it no new connections.
 * - Once every container has stopped: StopPodSandbox, CNI DEL; the status manager
 *   writes the containers' terminated states and (1.27+, kubernetes#115331) the
 *   terminal phase — Succeeded when every app container exited 0, else Failed
 *   (getPhase with podIsTerminal) — before its final DELETE with grace 0
 *   (status_manager.go canBeDeleted: the phase must be terminal). Before 1.27
 *   getPhase keeps restartPolicy's view (Always: Running).
 * - A force-deleted pod (gone from the API) is stopped the same way; there is
 *   no status to write and nothing to delete.
 */
import { LATENCY } from '../../kernel/clock.ts';
import { clone, timestamp, type Obj } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import { backgroundAfter } from '../timers.ts';
import { minor, statusPatch, type Call, type World } from '../world.ts';
import type { ApiResponse } from '../../apiserver/types.ts';
import { containerRun, exitReason } from '../../../common/container-script.ts';
import type { Container, ContainerStatus, PodCondition, PodObj } from '../../core/typed.ts';
import { containerStartedAt, containerStopped, type Kubelet } from './crash.ts';
import { sidecarsOf } from './sidecars.ts';

const POD = resourceForKind('Pod')!;
/** kuberuntime_container.go minimumGracePeriodInSeconds: SIGTERM always gets at least this long. */
const MIN_STOP_GRACE_S = 2;

type LifecycleHandler = NonNullable<NonNullable<Container['lifecycle']>['preStop']>;

/** What termination needs of the node's kubelet. */
export interface TerminationPort {
  w: World;
  k: Kubelet;
  cni: string;
  call(req: Call, done?: (res: ApiResponse) => void): void;
  event(pod: PodObj, reason: string, message: string, cause: string, fieldPath: string, type?: 'Normal' | 'Warning'): void;
  cri(action: string, summary: string, cause: string): string;
}

/** One pod being terminated on a node. */
interface Terminating {
  pod: PodObj;
  /** When SIGKILL comes (ms), per container name; shortened by a later DELETE. */
  graceS: number;
  startedMs: number;
  /** Containers still running, by name → kill now (SIGKILL at a shortened deadline). */
  running: Map<string, () => void>;
  /** Deleted from the API (force delete): nothing to report or delete at the end. */
  gone: boolean;
  /**
   * terminationOrdering.terminated: the running containers not yet stopped, each with the turns waiting
   * on it (a sidecar waits on every app container and on the sidecar after it).
   */
  unstopped: Map<string, ((exitId: string) => void)[]>;
  /** Whether this path still owns the pod (false: a DELETE or a node failure took over); the stop then ends silently. */
  owns: () => boolean;
}

/** A stopped container's exit code and finishedAt. */
export interface ContainerExit {
  code: number;
  finishedAt: string;
}

const byKubelet = new WeakMap<Kubelet, Map<string, Terminating>>();

function table(k: Kubelet): Map<string, Terminating> {
  let t = byKubelet.get(k);
  if (!t) byKubelet.set(k, (t = new Map()));
  return t;
}

/** pod_workers.go calculateEffectiveGracePeriod: the API server's value, or the pod's own when that is 0 or unset; at least 1 s. */
export function effectiveGracePeriod(pod: PodObj): number {
  const fromApi = deletionGrace(pod);
  const grace = fromApi !== undefined && fromApi > 0 ? fromApi : (pod.spec.terminationGracePeriodSeconds ?? 30);
  return Math.max(1, grace);
}

/** metadata.deletionGracePeriodSeconds, when set. */
export function deletionGrace(o: Obj): number | undefined {
  const g = o.metadata.deletionGracePeriodSeconds;
  return typeof g === 'number' ? g : undefined;
}

/** Whether the kubelet is already terminating this pod. */
export function isTerminating(k: Kubelet, key: string): boolean {
  return table(k).has(key);
}

/**
 * A later update of a pod being terminated: a shorter grace period (a second
 * DELETE) brings SIGKILL forward; a force delete means nothing is left to
 * report at the end.
 */
export function terminationUpdated(p: TerminationPort, key: string, pod: PodObj, gone: boolean): void {
  const t = table(p.k).get(key);
  if (!t) return;
  if (gone) t.gone = true;
  const grace = deletionGrace(pod);
  if (grace === undefined || grace <= 0 || grace >= t.graceS) return;
  t.graceS = grace;
  const deadline = Math.max(0, t.startedMs + grace * 1000 - p.w.clock.now());
  backgroundAfter(p.w, deadline, () => {
    for (const kill of [...t.running.values()]) kill();
  });
}

/**
 * Stops the containers of `pod` (app containers in parallel, then sidecars in
 * reverse order) and its sandbox, then calls `stopped(last)`; `report` writes
 * the final status first unless the pod is gone (by default the terminal phase
 * from the exit codes; the active-deadline handler writes Failed,
 * DeadlineExceeded).
 */
export function terminatePod(p: TerminationPort, key: string, pod: PodObj, cause: string, gone: boolean, stopped: (last: string, reported: boolean) => void, report: FinalReport = reportTerminated): void {
  const t = terminating(p, pod, gone, () => true);
  table(p.k).set(key, t);
  const exits = new Map<string, ContainerExit>();
  let last = cause;
  const finish = (): void =>
    stopSandbox(p, pod, last, (id) => {
      table(p.k).delete(key);
      if (t.gone || !p.k.up) return stopped(id, false);
      report(p, pod, exits, id, (done) => stopped(done, true));
    });
  killContainers(p, t, pod.spec.containers ?? [], true, cause, (c, id, exit) => {
    last = id;
    if (exit) exits.set(c.name, exit);
  }, finish);
}

/**
 * killPodWithSyncResult's last part: StopPodSandbox to the runtime, which calls
 * the CNI plugin's DEL; then `then(last)` with the DEL's event.
 */
export function stopSandbox(p: TerminationPort, pod: PodObj, cause: string, then: (last: string) => void): void {
  const stop = p.cri('stop-pod-sandbox', `StopPodSandbox ${pod.metadata.name}`, cause);
  p.w.clock.after(LATENCY.cri, () => then(p.w.rec.emit({ type: 'request', from: p.k.runtime, to: p.cni, action: 'cni-del', summary: `CNI DEL ${pod.metadata.name}`, cause: stop })));
}

/**
 * The sidecars of `pod`, whose app containers are done while the pod is not
 * deleted (computePodActions KillPod, then killPodWithSyncResult): each running
 * one gets its Killing event and preStop hook at once, then SIGTERM in
 * reverse order with what is left of the pod's terminationGracePeriodSeconds
 * (at least 2 s), then SIGKILL. `stopped` runs for every sidecar: with its
 * exit, or without one when no process ran (terminated, or waiting out a
 * restart back-off). `owns()` false (the pod was deleted meanwhile, the node
 * went down): the kubelet's other paths take over and this one ends silently.
 */
export function stopSidecars(p: TerminationPort, pod: PodObj, cause: string, owns: () => boolean, stopped: (c: Container, last: string, exit?: ContainerExit) => void): void {
  killContainers(p, terminating(p, pod, false, owns), [], false, cause, stopped, () => undefined);
}

function terminating(p: TerminationPort, pod: PodObj, gone: boolean, owns: () => boolean): Terminating {
  return { pod, graceS: effectiveGracePeriod(pod), startedMs: p.w.clock.now(), running: new Map(), gone, unstopped: new Map(), owns };
}

/**
 * killContainersWithSyncResult: killContainer for `apps` and the pod's sidecars
 * at once (Killing events in that order, the sidecars last one first); a
 * container without a running process is skipped (ConvertPodStatusToRunningPod),
 * and nothing waits on it (newTerminationOrdering pre-closes its channel). One
 * without a status yet counts as running when `unknownRuns` (a pod deleted
 * while it starts), else as never started (a sidecar after a failed init container).
 */
function killContainers(p: TerminationPort, t: Terminating, apps: readonly Container[], unknownRuns: boolean, cause: string, stopped: (c: Container, last: string, exit?: ContainerExit) => void, done: () => void): void {
  const sidecars = [...sidecarsOf(t.pod.spec)].reverse();
  const all = [...apps.map((c) => ({ c, sidecar: false })), ...sidecars.map((c) => ({ c, sidecar: true }))];
  const statuses = [...(t.pod.status?.containerStatuses ?? []), ...(t.pod.status?.initContainerStatuses ?? [])];
  const running = all.filter(({ c }) => {
    const cs = statuses.find((x) => x.name === c.name);
    return cs ? Boolean(cs.state?.running) : unknownRuns;
  });
  for (const { c } of running) t.unstopped.set(c.name, []);
  let pending = all.length;
  if (pending === 0) return done();
  const one = (c: Container) => (last: string, exit?: ContainerExit): void => {
    stopped(c, last, exit);
    // containerTerminated: the turns waiting on it may go.
    const waiting = t.unstopped.get(c.name) ?? [];
    t.unstopped.delete(c.name);
    for (const go of waiting) go(last);
    if (--pending === 0) done();
  };
  for (const [i, { c, sidecar }] of all.entries()) {
    if (!running.some((r) => r.c === c)) {
      containerStopped(p.w, p.k, t.pod, c.name);
      one(c)(cause);
      continue;
    }
    // newTerminationOrdering: a sidecar waits for every app container, and for the sidecar after it.
    const after = sidecar ? sidecars[i - apps.length - 1] : undefined;
    const prereqs = sidecar ? [...apps.map((a) => a.name), ...(after ? [after.name] : [])] : [];
    stopContainer(p, t, c, sidecar, cause, prereqs, one(c));
  }
}

/**
 * terminationOrdering.waitForTurn: `go` once every container of `prereqs` has
 * stopped (with the last one's exit as the cause), or when the grace period
 * runs out while it waits.
 */
function waitForTurn(p: TerminationPort, t: Terminating, prereqs: readonly string[], go: (exitId?: string) => void): void {
  const waiting = prereqs.filter((n) => t.unstopped.has(n));
  const leftMs = t.startedMs + t.graceS * 1000 - p.w.clock.now();
  if (waiting.length === 0 || leftMs <= 0) return go();
  let left = waiting.length;
  let fired = false;
  const fire = (exitId?: string): void => {
    if (fired) return;
    fired = true;
    go(exitId);
  };
  for (const n of waiting) {
    t.unstopped.get(n)!.push((exitId) => {
      if (--left === 0) fire(exitId);
    });
  }
  backgroundAfter(p.w, leftMs, () => fire());
}

/**
 * killContainer: Killing event, preStop hook, (a sidecar) its turn, SIGTERM
 * with what is left of the grace period (at least 2 s), SIGKILL at its end.
 */
function stopContainer(p: TerminationPort, t: Terminating, c: Container, sidecar: boolean, cause: string, prereqs: readonly string[], done: (last: string, exit?: ContainerExit) => void): void {
  const { w, k } = p;
  const pod = t.pod;
  const field = sidecar ? `spec.initContainers{${c.name}}` : `spec.containers{${c.name}}`;
  let last = cause;
  p.event(pod, 'Killing', `Stopping container ${c.name}`, last, field);
  const cid = `container:${pod.metadata.namespace}/${pod.metadata.name}/${c.name}`;
  const run = containerRun(c.command, c.args);
  const handlesTerm = !run.understood || run.entrypoint === true;
  const started = containerStartedAt(w, k, pod, c.name);
  let exited = false;
  const exit = (code: number, summary: string): void => {
    if (exited) return;
    exited = true;
    t.running.delete(c.name);
    if (!t.owns()) return;
    containerStopped(w, k, pod, c.name);
    last = w.rec.emit({ type: 'action', from: cid, to: k.runtime, action: 'container-exit', summary, cause: last, attrs: { exitCode: code } });
    done(last, { code, finishedAt: timestamp(w.clock.now()) });
  };
  const sigterm = (): void => {
    if (exited || !t.owns()) return;
    const elapsedS = Math.floor((w.clock.now() - t.startedMs) / 1000);
    const stopS = Math.max(MIN_STOP_GRACE_S, t.graceS - elapsedS);
    last = p.cri('stop-container', `StopContainer ${c.name} (timeout ${stopS}s)`, last);
    if (handlesTerm) {
      w.clock.after(LATENCY.containerStart, () => exit(0, `${c.name} exited 0 on SIGTERM`));
      return;
    }
    const kill = (): void => exit(137, `${c.name} ignored SIGTERM: killed (SIGKILL) after the grace period, exit code 137`);
    t.running.set(c.name, kill);
    const killMs = stopS * 1000;
    // The script's own end, if it comes first (ms from now).
    const natural = run.exitAfterMs !== undefined && started !== undefined ? Math.max(0, started + run.exitAfterMs - w.clock.now()) : undefined;
    if (natural !== undefined && natural < killMs) {
      backgroundAfter(w, natural, () => exit(run.exitCode, `${c.name} exited with code ${run.exitCode} (${exitReason(run.exitCode)})`));
    } else backgroundAfter(w, killMs, kill);
  };
  t.running.set(c.name, () => undefined);
  const turn = (): void =>
    waitForTurn(p, t, prereqs, (exitId) => {
      if (exitId) last = exitId;
      sigterm();
    });
  const hook = c.lifecycle?.preStop;
  if (!hook) return turn();
  runPreStop(p, t, c, hook, field, cid, last, (id) => {
    last = id;
    turn();
  });
}

/** The preStop hook (lifecycle/handlers.go Run); the container gets SIGTERM once it returns, or when the grace period is over. */
function runPreStop(p: TerminationPort, t: Terminating, c: Container, hook: LifecycleHandler, field: string, cid: string, cause: string, then: (last: string) => void): void {
  const { w, k } = p;
  const pod = t.pod;
  const graceMs = t.graceS * 1000;
  if (hook.exec) {
    const argv = (hook.exec.command ?? []).map(String);
    const run = containerRun(argv, undefined);
    const req = w.rec.emit({ type: 'request', from: k.id, to: cid, action: 'prestop-hook', summary: `preStop exec ${JSON.stringify(argv.join(' '))}`, cause });
    const ms = Math.min(graceMs, run.exitAfterMs ?? 0);
    const end = (): void => {
      const ok = run.exitAfterMs === undefined || run.exitCode === 0;
      const res = w.rec.emit({ type: 'response', from: cid, to: k.id, action: 'prestop-hook', result: ok ? 'ok' : 'error', summary: run.exitAfterMs === undefined ? 'hook still running at the end of the grace period' : `exited with code ${run.exitCode}`, cause: req });
      // kuberuntime executePreStopHook: the event does not carry the hook's output (it may hold secrets).
      if (run.exitAfterMs !== undefined && run.exitCode !== 0) p.event(pod, 'FailedPreStopHook', 'PreStopHook failed', res, field, 'Warning');
      then(res);
    };
    if (run.exitAfterMs === undefined) return backgroundAfter(w, graceMs, end);
    if (ms === 0) return w.clock.after(LATENCY.statusSync, end);
    return backgroundAfter(w, ms, end);
  }
  if (hook.sleep && minor(w) >= 30) {
    // PodLifecycleSleepAction: beta and on by default since 1.30.
    const ms = Math.min(graceMs, Math.max(0, Number(hook.sleep.seconds ?? 0)) * 1000);
    const req = w.rec.emit({ type: 'action', from: k.id, to: cid, action: 'prestop-hook', summary: `preStop sleep ${Number(hook.sleep.seconds ?? 0)}s`, cause });
    return backgroundAfter(w, ms, () => then(req));
  }
  if (hook.httpGet) {
    const port = hook.httpGet.port;
    const req = w.rec.emit({ type: 'request', from: k.id, to: cid, action: 'prestop-hook', summary: `preStop GET ${hook.httpGet.path ?? '/'} :${String(port)}`, cause });
    return w.clock.after(LATENCY.statusSync, () => then(w.rec.emit({ type: 'response', from: cid, to: k.id, action: 'prestop-hook', result: 'ok', summary: '200 OK', cause: req })));
  }
  // tcpSocket (kept for compatibility, never run) or a sleep hook before 1.30: nothing runs.
  then(cause);
}

/** The status write once every container of a terminated pod has stopped (exit code and finishedAt per container name). */
export type FinalReport = (p: TerminationPort, pod: PodObj, exits: ReadonlyMap<string, ContainerExit>, cause: string, done: (last: string) => void) => void;

/**
 * The status manager's last writes for a terminated pod: every container
 * terminated and not ready, Ready/ContainersReady False, and (1.27+) the
 * terminal phase, which canBeDeleted waits for.
 */
function reportTerminated(p: TerminationPort, pod: PodObj, exits: ReadonlyMap<string, ContainerExit>, cause: string, done: (last: string) => void): void {
  const { w } = p;
  const now = timestamp(w.clock.now());
  const predicted = (pod.spec.containers ?? []).map((c): ContainerStatus => {
    const e = exits.get(c.name);
    const cs = (pod.status?.containerStatuses ?? []).find((x) => x.name === c.name);
    return { name: c.name, image: c.image ?? '', imageID: '', ready: false, restartCount: 0, state: e ? { terminated: { exitCode: e.code } } : (cs?.state ?? {}) };
  });
  p.call(
    statusPatch(POD, pod.metadata, (obj) => {
      const live = obj as PodObj;
      if (live.metadata.uid !== pod.metadata.uid) return null;
      const s = clone(live.status ?? {});
      const stop = (cs: ContainerStatus): ContainerStatus => {
        const e = exits.get(cs.name);
        if (!e || !cs.state?.running) return cs;
        const terminated = { exitCode: e.code, reason: exitReason(e.code), startedAt: cs.state.running.startedAt, finishedAt: e.finishedAt, ...(cs.containerID ? { containerID: cs.containerID } : {}) };
        return { ...cs, state: { terminated }, ready: false, started: false };
      };
      s.containerStatuses = (s.containerStatuses ?? []).map(stop);
      if (s.initContainerStatuses) s.initContainerStatuses = s.initContainerStatuses.map(stop);
      s.phase = terminalPhase(live, s.containerStatuses, minor(w));
      const terminal = s.phase === 'Succeeded' || s.phase === 'Failed';
      s.conditions = (s.conditions ?? []).map((cond): PodCondition => {
        if (cond.type !== 'Ready' && cond.type !== 'ContainersReady') return cond;
        const reason = terminal ? (s.phase === 'Failed' ? 'PodFailed' : 'PodCompleted') : 'ContainersNotReady';
        const lastTransitionTime = cond.status === 'False' ? cond.lastTransitionTime : now;
        return terminal
          ? { type: cond.type, status: 'False', lastProbeTime: null, lastTransitionTime, reason }
          : { type: cond.type, status: 'False', lastProbeTime: null, lastTransitionTime, reason, message: `containers with unready status: [${(live.spec.containers ?? []).map((c) => c.name).join(' ')}]` };
      });
      live.status = s;
      return live;
    }, cause, `${pod.metadata.name} ${terminalPhase(pod, predicted, minor(w))} (containers stopped)`),
    (res) => done(res.eventId),
  );
}

/**
 * kubelet_pods.go getPhase once every container has stopped: with podIsTerminal
 * (1.27+) Succeeded if every app container exited 0, else Failed; before, the
 * restartPolicy decides (Always: Running; OnFailure: Running unless all exited 0).
 */
export function terminalPhase(pod: PodObj, statuses: readonly ContainerStatus[], minorVersion: number): 'Running' | 'Succeeded' | 'Failed' {
  const allZero = statuses.every((cs) => (cs.state?.terminated?.exitCode ?? 1) === 0);
  if (minorVersion >= 27) return allZero ? 'Succeeded' : 'Failed';
  const policy = pod.spec.restartPolicy ?? 'Always';
  if (policy === 'Always') return 'Running';
  if (allZero) return 'Succeeded';
  return policy === 'Never' ? 'Failed' : 'Running';
}
