/**
 * A container that exits with an error, and how the kubelet brings it back:
 * PLEG notices the exit (relist every 1 s), the pod's restartPolicy decides,
 * and kuberuntime's doBackOff applies the per-container back-off
 * (flowcontrol.Backoff, 10 s doubling to 5 min): the first restart is
 * immediate, a container that exits again while its back-off runs waits in
 * CrashLoopBackOff (Warning `BackOff`: "Back-off restarting failed container
 * …"), and is restarted when the back-off has run out. restartCount counts
 * the restarts; lastState keeps the previous termination.
 *
 * Containers exit by themselves too: their command decides
 * (../../../common/container-script.ts: `sh -c "exit 3"`, `false`, `sleep 30`),
 * and the prober (./prober.ts) kills a container whose liveness or startup
 * probe fails. With restartPolicy OnFailure a container that exits 0 is not
 * restarted, with Never none is; once every container has terminated for good
 * the pod is Succeeded (all exited 0) or Failed. Sidecars (./sidecars.ts) are
 * restarted whatever the restartPolicy, and stopped once the app containers
 * are done. One back-off map serves app, init and sidecar containers.
 */
import { nodeIdentity } from '../../apiserver/identity.ts';
import { series, type Task } from '../../core/async.ts';
import { LATENCY } from '../../kernel/clock.ts';
import { NO_BACKOFF, backoffReset, nextBackoff, type BackoffState } from '../../core/algorithms/backoff.ts';
import { clone, timestamp } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import { backgroundAfter } from '../timers.ts';
import { Client, statusPatch, type World } from '../world.ts';
import { normalizeImage } from '../../core/images.ts';
import { hasReadinessProbe, terminalReadyCondition } from './readiness.ts';
import { startProbes, type ProberHost } from './prober.ts';
import { containerRun, exitReason } from '../../../common/container-script.ts';
import { type Container, type ContainerState, type ContainerStatus, type PodCondition, type PodObj, type PodStatus, asPod } from '../../core/typed.ts';
import { containerField, isSidecar, sidecarsOf } from './sidecars.ts';

/** A container's terminated state. */
type Terminated = NonNullable<ContainerState['terminated']>;

/** What this module needs of a node's kubelet (structural, so that kubelet.ts can import this module). */
export interface Kubelet {
  readonly id: string;
  readonly node: string;
  readonly runtime: string;
  readonly shim: string | undefined;
  up: boolean;
  /**
   * Stops the running sidecars of `pod` (./termination.ts stopSidecars: killContainer with preStop hooks,
   * the termination order and the grace period); `stopped` runs once per sidecar, `owns` false ends it.
   */
  stopSidecarContainers(pod: PodObj, cause: string, owns: () => boolean, stopped: (c: Container, last: string, exit?: { code: number; finishedAt: string }) => void): void;
  /** The pod's terminal phase is written and no container runs: its sandbox is stopped and its volumes unmounted (./kubelet.ts). */
  podTerminal(pod: PodObj, cause: string): void;
}

const POD = resourceForKind('Pod')!;
/** PLEG relists containers every second. */
const PLEG_RELIST_MS = 1000;

interface KubeletState {
  w: World;
  client: Client;
  /** The kubelet's one restart back-off (kuberuntime's flowcontrol.Backoff), for app, init and sidecar containers alike (`namespace/pod/uid/container`). */
  backoff: Map<string, BackoffState>;
  /** Instance number of each container (`uid/name`): bumped at every (re)start, so that timers of a previous instance do nothing. */
  generation: Map<string, number>;
  /** Sidecars (`uid/name`): whether the running instance has started and is ready, as the prober found. */
  sidecars: Map<string, { started: boolean; ready: boolean }>;
  /** A sidecar whose startupProbe has yet to pass holds the next init container back (`uid/name` → go on). */
  onStarted: Map<string, () => void>;
  /** When the running instance of each container (`uid/name`) started (ms): a script's own end during termination (./termination.ts). */
  startedAt: Map<string, number>;
}

const states = new WeakMap<Kubelet, KubeletState>();

function init(w: World, k: Kubelet): void {
  if (!states.has(k)) states.set(k, { w, client: new Client(w, k.id, nodeIdentity(k.node)), backoff: new Map(), generation: new Map(), sidecars: new Map(), onStarted: new Map(), startedAt: new Map() });
}

function stateOf(k: Kubelet): KubeletState {
  return states.get(k)!;
}

/**
 * Makes container `container` (default: the first) of `pod` exit with code
 * 1 on node `k`. Returns false when the pod is not running there.
 */
export function crashContainer(w: World, k: Kubelet, pod: PodObj, container: string | undefined, cause: string | null): boolean {
  const c = (pod.spec?.containers ?? []).find((x) => container === undefined || x.name === container);
  if (!c || !k.up || pod.spec?.nodeName !== k.node || pod.status?.phase !== 'Running') return false;
  init(w, k);
  containerExited(k, pod, c, 1, `${c.name} exited with code 1 (Error)`, cause);
  return true;
}

/** The container process ended with `code`; PLEG notices at its next relist and the restartPolicy decides. */
function containerExited(k: Kubelet, pod: PodObj, c: Container, code: number, summary: string, cause: string | null): void {
  const { w } = stateOf(k);
  const cid = containerId(pod, c.name);
  const exit = w.rec.emit({ type: 'action', from: cid, to: k.runtime, action: 'container-exit', summary, cause, attrs: { exitCode: code } });
  const finishedAt = w.clock.now();
  const generation = stateOf(k).generation.get(genKey(pod, c.name)) ?? 0;
  // The process is gone: bump the instance so its probes and timers stop.
  stateOf(k).generation.set(genKey(pod, c.name), generation + 1);
  w.clock.after(PLEG_RELIST_MS, () => {
    const pleg = w.rec.emit({ type: 'action', from: k.runtime, to: k.id, action: 'pleg-relist', summary: `PLEG: container ${c.name} of ${pod.metadata.name} died`, cause: exit });
    const live = w.api.cache.get('Pod', podKey(pod));
    if (!live || live.metadata.deletionTimestamp || live.metadata.uid !== pod.metadata.uid) return;
    // Stopped meanwhile by the kubelet (a sidecar of a pod that is done): not restarted.
    if (stateOf(k).generation.get(genKey(pod, c.name)) !== generation + 1) return;
    // A sidecar is restarted whatever the pod's restartPolicy (computeInitContainerActions).
    const policy = isSidecar(live.spec, c.name) ? 'Always' : (live.spec.restartPolicy ?? 'Always');
    const reason = exitReason(code);
    const terminated = { exitCode: code, reason, startedAt: runningSince(live, c.name), finishedAt: timestamp(finishedAt), containerID: currentContainerId(live, c.name) };
    if (policy === 'Never' || (policy === 'OnFailure' && code === 0)) return patchStatus(k, live, c.name, { terminated }, undefined, pleg, reason, undefined, false, true);
    syncAfterExit(k, live, c, terminated, finishedAt, pleg);
  });
}

/**
 * Container instance(s) of `pod` just started on `k` (all, or `only`): their
 * command may end by itself, and their probes start.
 */
export function containersStarted(w: World, k: Kubelet, pod: PodObj, cause: string, only?: string): void {
  init(w, k);
  const st = stateOf(k);
  const list = only === undefined ? (pod.spec?.containers ?? []) : [...(pod.spec?.containers ?? []), ...sidecarsOf(pod.spec)];
  for (const c of list) {
    if (only !== undefined && c.name !== only) continue;
    const key = genKey(pod, c.name);
    const generation = (st.generation.get(key) ?? 0) + 1;
    st.generation.set(key, generation);
    const startedAt = w.clock.now();
    st.startedAt.set(key, startedAt);
    if (isSidecar(pod.spec, c.name)) st.sidecars.set(key, { started: !c.startupProbe, ready: !c.startupProbe && !c.readinessProbe });
    const run = containerRun(c.command, c.args);
    if (run.exitAfterMs !== undefined) {
      const exit = (): void => {
        const live = w.api.cache.get('Pod', podKey(pod));
        if (!live || live.metadata.uid !== pod.metadata.uid || live.metadata.deletionTimestamp || !k.up || st.generation.get(key) !== generation) return;
        containerExited(k, live, c, run.exitCode, `${c.name} exited with code ${run.exitCode} (${exitReason(run.exitCode)})`, cause);
      };
      // A process that ends at once does so while the cluster settles; a `sleep` needs time to pass.
      if (run.exitAfterMs === 0) w.clock.after(LATENCY.statusSync, exit);
      else backgroundAfter(w, run.exitAfterMs, exit);
    }
    startProbes(proberHost(k), pod, c, generation, startedAt, cause);
  }
}

/**
 * The kubelet has stopped container `name` of a deleted pod (SyncTerminatingPod killPod): the instance is
 * gone, so its timers end and the prober's workers for it stop (RemovePod).
 */
export function containerStopped(w: World, k: Kubelet, pod: PodObj, name: string): void {
  init(w, k);
  const st = stateOf(k);
  const key = genKey(pod, name);
  st.generation.set(key, (st.generation.get(key) ?? 0) + 1);
}

/** When the running instance of container `name` of `pod` started (ms), if the kubelet started one. */
export function containerStartedAt(w: World, k: Kubelet, pod: PodObj, name: string): number | undefined {
  init(w, k);
  return stateOf(k).startedAt.get(genKey(pod, name));
}

function genKey(pod: PodObj, name: string): string {
  return `${pod.metadata.uid}/${name}`;
}

/** The kubelet as the prober sees it. */
function proberHost(k: Kubelet): ProberHost {
  const st = stateOf(k);
  const src = { component: 'kubelet', host: k.node };
  return {
    w: st.w,
    id: k.id,
    get up() {
      return k.up;
    },
    current: (pod, name, generation) => st.generation.get(genKey(pod, name)) === generation,
    event: (pod, type, reason, message, cause, field) => st.client.event(pod, type, reason, message, src, cause, undefined, field),
    setReady: (pod, name, ready, cause) => patchProbeResult(k, pod, name, { ready }, cause, `${name} ${ready ? 'ready' : 'not ready'}`),
    setStarted: (pod, name, cause) => {
      patchProbeResult(k, pod, name, { started: true }, cause, `${name} started`);
      // A sidecar held the next init container back until now.
      const go = st.onStarted.get(genKey(pod, name));
      st.onStarted.delete(genKey(pod, name));
      go?.();
    },
    kill: (pod, name, probe, cause) => {
      const c = specOf(pod, name);
      if (!c) return;
      st.client.event(pod, 'Normal', 'Killing', `Container ${name} failed ${probe} probe, will be restarted`, src, cause, undefined, containerField(pod.spec, name));
      const stop = cri(k, 'stop-container', `StopContainer ${name}`, cause);
      // SIGTERM, then SIGKILL: the container ends with 137 as a shell script does.
      st.w.clock.after(LATENCY.containerStart, () => containerExited(k, pod, c, 137, `${name} killed (exit code 137)`, stop));
    },
  };
}

/**
 * A probe's verdict in pods/status: `ready` (readiness) or `started`
 * (startup; a container without readiness probe is then ready too). The
 * pod's Ready and ContainersReady follow.
 */
function patchProbeResult(k: Kubelet, pod: PodObj, name: string, change: { ready?: boolean; started?: boolean }, cause: string, note: string): void {
  const st = stateOf(k);
  const now = timestamp(st.w.clock.now());
  st.client.call(statusPatch(POD, { namespace: pod.metadata.namespace, name: pod.metadata.name }, (obj) => {
    const live = asPod(obj);
    // The status manager still reports readiness while a deleted pod's containers stop (SyncTerminatingPod).
    if (live.metadata.deletionTimestamp && change.ready === undefined) return null;
    const s = clone(live.status ?? {});
    const spec = specOf(live, name);
    const sidecar = isSidecar(live.spec, name);
    if (sidecar) {
      const rec = st.sidecars.get(genKey(live, name));
      if (rec && change.started !== undefined) {
        rec.started = change.started;
        if (!spec?.readinessProbe) rec.ready = change.started;
      }
      if (rec && change.ready !== undefined) rec.ready = change.ready;
    }
    const update = (cs: ContainerStatus): ContainerStatus => {
      if (cs.name !== name) return cs;
      const next = { ...cs };
      if (change.started !== undefined) {
        next.started = change.started;
        if (!spec?.readinessProbe) next.ready = change.started;
      }
      if (change.ready !== undefined) next.ready = change.ready;
      return next;
    };
    if (sidecar) {
      // Not reported yet (the pod is still initializing): the kubelet's next status report carries it.
      if (!(s.initContainerStatuses ?? []).some((cs) => cs.name === name)) return null;
      s.initContainerStatuses = (s.initContainerStatuses ?? []).map(update);
    } else s.containerStatuses = (s.containerStatuses ?? []).map(update);
    s.conditions = readyConditions(s, now, live);
    live.status = s;
    return live;
  }, cause, `${pod.metadata.name} ${note}`));
}

/** Ready and ContainersReady as the containers' readiness says: sidecars first, then the app containers (GenerateContainersReadyCondition). */
function readyConditions(s: PodStatus, now: string, pod: PodObj): PodCondition[] {
  const sidecars = new Set(sidecarsOf(pod.spec).map((c) => c.name));
  const all = [...(s.initContainerStatuses ?? []).filter((cs) => sidecars.has(cs.name)), ...(s.containerStatuses ?? [])];
  const allReady = all.every((cs) => cs.ready);
  const notReady = all.filter((cs) => !cs.ready).map((cs) => cs.name);
  return (s.conditions ?? []).map((cond) => {
    if (cond.type !== 'Ready' && cond.type !== 'ContainersReady') return cond;
    const status = allReady ? 'True' : 'False';
    if (cond.status === status) return cond;
    return allReady
      ? { type: cond.type, status, lastProbeTime: null, lastTransitionTime: now }
      : { type: cond.type, status, lastProbeTime: null, lastTransitionTime: now, reason: 'ContainersNotReady', message: `containers with unready status: [${notReady.join(' ')}]` };
  });
}

/** doBackOff: restart now (and bump the back-off) or wait in CrashLoopBackOff. */
function syncAfterExit(k: Kubelet, pod: PodObj, c: Container, terminated: Terminated, finishedAt: number, cause: string): void {
  const w = stateOf(k).w;
  const st = stateOf(k);
  const backoff = containerBackoff(w, k, pod, c.name);
  const now = w.clock.now();
  const delay = backoff.pending(finishedAt, now);
  if (delay !== undefined) {
    const { event, waiting } = crashLoopBackOff(pod, c.name, delay);
    st.client.event(pod, 'Warning', 'BackOff', event, { component: 'kubelet', host: k.node }, cause, undefined, containerField(pod.spec, c.name));
    patchStatus(k, pod, c.name, waiting, terminated, cause, `CrashLoopBackOff (back-off ${goSeconds(delay)})`);
    // The pod worker syncs again when the back-off has run out (a background timer: time must pass).
    const generation = st.generation.get(genKey(pod, c.name));
    backgroundAfter(w, Math.max(0, finishedAt + delay - now), () => {
      const live = w.api.cache.get('Pod', podKey(pod));
      if (!live || live.metadata.deletionTimestamp || !k.up) return;
      // The pod is done meanwhile (its sidecars were stopped): a terminal pod restarts nothing.
      if (st.generation.get(genKey(pod, c.name)) !== generation) return;
      const t = w.rec.emit({ type: 'action', from: k.id, to: k.id, action: 'backoff-expired', summary: `back-off ${goSeconds(delay)} for ${c.name} of ${pod.metadata.name} ran out`, cause });
      backoff.next(w.clock.now());
      restart(k, live, c, terminated, t);
    });
    return;
  }
  backoff.next(now);
  patchStatus(k, pod, c.name, { terminated }, undefined, cause, 'Error');
  restart(k, pod, c, terminated, cause);
}

/** One container's entry in the kubelet's restart back-off. */
export interface ContainerBackoff {
  /** kuberuntime doBackOff: the delay still to wait out (CrashLoopBackOff) for an instance that finished at `finishedAt`, or undefined: restart now. */
  pending(finishedAt: number, now: number): number | undefined;
  /** flowcontrol.Backoff.Next: a restart at `now` doubles the delay (10 s up to 5 min; reset after 10 min without failure). */
  next(now: number): void;
}

/** The back-off entry of container `name` of `pod` on kubelet `k` (app, init and sidecar containers share the one map). */
export function containerBackoff(w: World, k: Kubelet, pod: PodObj, name: string): ContainerBackoff {
  init(w, k);
  const st = stateOf(k);
  // getStableKey (kuberuntime_container.go): name, namespace, uid and container, so that a new pod of the same name starts afresh.
  const key = `${pod.metadata.namespace}/${pod.metadata.name}/${pod.metadata.uid}/${name}`;
  return {
    pending: (finishedAt, now) => {
      const e = st.backoff.get(key);
      if (!e || backoffReset(e, finishedAt) || now - finishedAt >= e.delayMs) return undefined;
      return e.delayMs;
    },
    next: (now) => {
      st.backoff.set(key, nextBackoff(st.backoff.get(key) ?? NO_BACKOFF, now));
    },
  };
}

/** CreateContainer + StartContainer again, then report it running with restartCount + 1. */
function restart(k: Kubelet, pod: PodObj, c: Container, terminated: Terminated, cause: string): void {
  const w = stateOf(k).w;
  const st = stateOf(k);
  const field = containerField(pod.spec, c.name);
  const src = { component: 'kubelet', host: k.node };
  let last = cause;
  const tasks: Task[] = [
    (next) => {
      st.client.event(pod, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`, src, last, undefined, field);
      last = cri(k, 'create-container', `CreateContainer ${c.name}`, last);
      w.clock.after(LATENCY.createContainer, next);
    },
    (next) => {
      st.client.event(pod, 'Normal', 'Created', `Created container ${c.name}`, src, last, undefined, field);
      last = cri(k, 'start-container', `StartContainer ${c.name}`, last);
      w.clock.after(LATENCY.containerStart, next);
    },
    (next) => {
      last = w.rec.emit({ type: 'action', from: k.runtime, to: containerId(pod, c.name), action: 'start-container', summary: `restart ${c.name} (${c.image})`, cause: last });
      st.client.event(pod, 'Normal', 'Started', `Started container ${c.name}`, src, last, undefined, field);
      w.clock.after(LATENCY.statusSync, next);
    },
  ];
  series(tasks, () => {
    const now = timestamp(w.clock.now());
    const cidNew = `containerd://${w.prng('container-ids').string('0123456789abcdef', 64)}`;
    patchStatus(k, pod, c.name, { running: { startedAt: now } }, terminated, last, 'Running', cidNew, true);
    containersStarted(w, k, pod, last, c.name);
  });
}

/**
 * PATCH pods/status for one container: its state, lastState, readiness; the
 * pod's Ready/ContainersReady conditions follow (a restarted container counts
 * as a restart).
 */
function patchStatus(k: Kubelet, pod: PodObj, name: string, state: ContainerState, lastState: Terminated | undefined, cause: string, note: string, newContainerId?: string, restarted = false, final = false): void {
  const st = stateOf(k);
  const now = timestamp(stateOf(k).w.clock.now());
  let terminateSidecars = false;
  let terminal = false;
  st.client.call(statusPatch(POD, { namespace: pod.metadata.namespace, name: pod.metadata.name }, (obj) => {
    const live = asPod(obj);
      if (live.metadata.deletionTimestamp) return null;
      const s = clone(live.status ?? {});
      const sidecar = isSidecar(live.spec, name);
      const update = (cs: ContainerStatus): ContainerStatus => {
        if (cs.name !== name) return cs;
        const running = state.running !== undefined;
        const spec = specOf(live, name);
        const probed = hasReadinessProbe(spec!);
        const next: ContainerStatus = {
          ...cs,
          state,
          ...(lastState ? { lastState: { terminated: lastState } } : {}),
          ready: running && !probed,
          started: running && !spec?.startupProbe,
          restartCount: (cs.restartCount ?? 0) + (restarted ? 1 : 0),
          image: cs.image ?? normalizeImage(''),
        };
        if (newContainerId) next.containerID = newContainerId;
        else if (!running && !final) delete next.containerID;
        // From waiting (back-off) to terminated for good: the state is that last termination, no longer also lastState.
        if (final && state.terminated && cs.state?.waiting && !lastState) delete next.lastState;
        return next;
      };
      if (sidecar) s.initContainerStatuses = (s.initContainerStatuses ?? []).map(update);
      else s.containerStatuses = (s.containerStatuses ?? []).map(update);
      const apps = s.containerStatuses ?? [];
      const done = final && !sidecar && apps.every((cs) => cs.state?.terminated !== undefined);
      // Sidecars not terminated for good: running, or waiting out a restart back-off (a sidecar after a failed
      // init container that never started, waiting with no last state, has nothing to stop and does not count).
      const running = sidecarsOf(live.spec).filter((c) => (s.initContainerStatuses ?? []).some((cs) => cs.name === c.name && cs.state?.terminated === undefined && !(cs.state?.waiting && !cs.lastState?.terminated)));
      if (done && running.length > 0) {
        // The app containers are done for good: the kubelet stops the sidecars (in reverse order); the phase follows once they have stopped.
        terminateSidecars = true;
        s.conditions = readyConditions(s, now, live);
      } else if (final && sidecar && running.length === 0 && initFailedUnderNever(live, s)) {
        // The last sidecar of a pod whose init container failed under restartPolicy Never has stopped:
        // the terminal phase is reported now (getPhase: failedInitialization; mergePodStatus held it back).
        s.phase = 'Failed';
        terminal = true;
        s.conditions = (s.conditions ?? []).map((cond) => (cond.type === 'Ready' || cond.type === 'ContainersReady' ? terminalReadyCondition(cond, 'Failed', now) : cond));
      } else if (done || (final && sidecar && running.length === 0 && apps.every((cs) => cs.state?.terminated !== undefined))) {
        // Every container has terminated for good: the pod's phase is final (kubelet getPhase; terminated sidecars do not count).
        const phase = apps.every((cs) => cs.state!.terminated!.exitCode === 0) ? 'Succeeded' : 'Failed';
        s.phase = phase;
        terminal = true;
        // Ready / ContainersReady False, reason PodCompleted or PodFailed (./readiness.ts terminalReadyCondition).
        s.conditions = (s.conditions ?? []).map((cond) => (cond.type === 'Ready' || cond.type === 'ContainersReady' ? terminalReadyCondition(cond, phase, now) : cond));
      } else s.conditions = readyConditions(s, now, live);
      live.status = s;
      return live;
    }, cause, `${pod.metadata.name} ${name} ${note}${final && note !== 'Running' && !isSidecar(pod.spec, name) ? ' (not restarted)' : ''}`), (res) => {
      if (terminateSidecars && res.status < 300) stopSidecars(k, pod, res.eventId);
      if (terminal && res.status < 300) k.podTerminal(pod, res.eventId);
    });
}

/** kubelet getPhase: a regular init container failed (exit ≠ 0) under restartPolicy Never. */
function initFailedUnderNever(pod: PodObj, s: PodStatus): boolean {
  if ((pod.spec.restartPolicy ?? 'Always') !== 'Never') return false;
  const regular = new Set((pod.spec.initContainers ?? []).filter((c) => !isSidecar(pod.spec, c.name)).map((c) => c.name));
  return (s.initContainerStatuses ?? []).some((cs) => regular.has(cs.name) && (cs.state?.terminated?.exitCode ?? 0) !== 0);
}

/**
 * The app containers of `pod` have terminated for good (restartPolicy Never or
 * OnFailure), or a regular init container failed under restartPolicy Never
 * (computeInitContainerActions: KillPod): the kubelet stops its sidecars with
 * killContainer, as for a deleted pod (./termination.ts stopSidecars, through
 * `k.stopSidecarContainers`): Killing events and preStop hooks at once, then
 * SIGTERM the last one first, each once the ones after it have stopped
 * (kuberuntime_termination_order.go), with what is left of
 * terminationGracePeriodSeconds (at least 2 s), then SIGKILL (exit 137). None
 * is restarted any more (computePodActions: InitContainersToStart = nil). Each
 * sidecar's terminated state is reported as it stops; the pod's phase follows
 * the last one (patchStatus).
 */
export function stopSidecars(k: Kubelet, pod: PodObj, cause: string): void {
  const st = stateOf(k);
  const { w } = st;
  const live = (): PodObj | undefined => {
    const p = w.api.cache.get('Pod', podKey(pod));
    return p && p.metadata.uid === pod.metadata.uid && !p.metadata.deletionTimestamp && k.up ? asPod(p) : undefined;
  };
  const current = live();
  if (!current) return;
  // The instances are being stopped: their own timers end, and none is restarted.
  for (const c of sidecarsOf(pod.spec)) {
    const key = genKey(pod, c.name);
    st.generation.set(key, (st.generation.get(key) ?? 0) + 1);
  }
  // As the kubelet's last relist sees them: only the running ones are stopped.
  k.stopSidecarContainers(current, cause, () => live() !== undefined, (c, last, exit) => {
    const now = live();
    if (!now) return;
    const cs = (now.status?.initContainerStatuses ?? []).find((x) => x.name === c.name);
    if (!cs || cs.state?.terminated) return;
    if (!exit) {
      // Waiting out its restart back-off: no container ran to stop (killPod stops running ones only),
      // and it is not restarted; its state is its last instance's termination.
      const lastRun = cs.lastState?.terminated;
      if (!cs.state?.running && lastRun) patchStatus(k, now, c.name, { terminated: lastRun }, undefined, last, `not restarted (${lastRun.reason ?? 'Error'})`, undefined, false, true);
      return;
    }
    const terminated = { exitCode: exit.code, reason: exitReason(exit.code), startedAt: runningSince(now, c.name), finishedAt: exit.finishedAt, containerID: currentContainerId(now, c.name) };
    patchStatus(k, now, c.name, { terminated }, undefined, last, `stopped (${exitReason(exit.code)})`, undefined, false, true);
  });
}

/**
 * A sidecar (restartable init container) of `pod` has just been started by
 * the kubelet: its command may end by itself (it is then restarted), its
 * probes start, and `next` (the next init container) runs once it has
 * started — at once, or when its startupProbe passes.
 */
export function sidecarStarted(w: World, k: Kubelet, pod: PodObj, c: Container, cause: string, next: () => void): void {
  init(w, k);
  if (c.startupProbe) stateOf(k).onStarted.set(genKey(pod, c.name), next);
  containersStarted(w, k, pod, cause, c.name);
  if (!c.startupProbe) next();
}

/** What the kubelet knows of a sidecar's running instance (undefined: not started). */
export function sidecarState(w: World, k: Kubelet, pod: PodObj, name: string): { started: boolean; ready: boolean } | undefined {
  init(w, k);
  return stateOf(k).sidecars.get(genKey(pod, name));
}

function specOf(pod: PodObj, name: string): Container | undefined {
  return (pod.spec?.containers ?? []).find((x) => x.name === name) ?? sidecarsOf(pod.spec).find((x) => x.name === name);
}

function cri(k: Kubelet, action: string, summary: string, cause: string): string {
  if (!k.shim) return stateOf(k).w.rec.emit({ type: 'request', from: k.id, to: k.runtime, action, summary, cause });
  const id = stateOf(k).w.rec.emit({ type: 'request', from: k.id, to: k.shim, action, summary, cause });
  return stateOf(k).w.rec.emit({ type: 'request', from: k.shim, to: k.runtime, action, summary, cause: id });
}

function statusOf(pod: PodObj, name: string): ContainerStatus | undefined {
  return (pod.status?.containerStatuses ?? []).find((x) => x.name === name) ?? (pod.status?.initContainerStatuses ?? []).find((x) => x.name === name);
}

function runningSince(pod: PodObj, name: string): string | undefined {
  const cs = statusOf(pod, name);
  return cs?.state?.running?.startedAt;
}

function currentContainerId(pod: PodObj, name: string): string | undefined {
  return statusOf(pod, name)?.containerID;
}

function containerId(pod: PodObj, name: string): string {
  return `container:${pod.metadata.namespace}/${pod.metadata.name}/${name}`;
}

function podKey(pod: PodObj): string {
  return `/registry/pods/${pod.metadata.namespace}/${pod.metadata.name}`;
}

/** Go's time.Duration for whole seconds: 10s, 1m20s, 5m0s. */
/**
 * The kubelet's texts for a container waiting out its restart back-off
 * (kuberuntime doBackOff), for app and init containers alike: the Warning
 * BackOff event's message and the CrashLoopBackOff waiting state.
 */
export function crashLoopBackOff(pod: PodObj, container: string, delayMs: number): { event: string; waiting: { waiting: { reason: 'CrashLoopBackOff'; message: string } } } {
  const podRef = `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
  return {
    event: `Back-off restarting failed container ${container} in pod ${podRef}`,
    waiting: { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${goSeconds(delayMs)} restarting failed container=${container} pod=${podRef}` } },
  };
}

export function goSeconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${s % 60}s`;
}

