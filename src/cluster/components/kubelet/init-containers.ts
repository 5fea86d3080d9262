/**
 * Init containers, as the kubelet runs them (kuberuntime
 * computeInitContainerActions): one after the other, each to completion,
 * before any app container starts. A sidecar (`restartPolicy: Always`) only
 * holds the next one until it has started, then keeps running
 * (./sidecars.ts); its restarts share the kubelet's one back-off (./crash.ts). Their command decides, read by the same
 * interpreter as app containers' (src/common/container-script.ts):
 *
 * - exit 0 (`true`, `sh -c "echo … > f"`): the next one starts;
 * - `sleep 30` first: the pod stays `Init:0/1` for 30 s, then goes on;
 * - a non-zero exit: with restartPolicy Never the pod is Failed (`Init:Error`);
 *   with Always or OnFailure the init container is restarted, the first time
 *   at once (`Init:Error` meanwhile), then with the kubelet's back-off
 *   (Warning `BackOff`, `Init:CrashLoopBackOff`, 10 s doubling to 5 min);
 * - an explicit never-ending idiom (`sleep infinity`, `while true`) blocks the
 *   pod in `Init:0/1`.
 *
 * A command the model does not understand, and an init container that runs
 * its image's own entrypoint, are taken to complete at once with exit 0 (the
 * trace says so under `simplifications`). While an init container takes time
 * or fails, the kubelet reports it in pods/status (phase Pending or Failed,
 * Initialized False, initContainerStatuses); an instant successful one is only
 * reported with the Running status.
 */
import { LATENCY } from '../../kernel/clock.ts';
import { containerRun, exitReason } from '../../../common/container-script.ts';
import { timestamp } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import { type Container, type ContainerState, type ContainerStatus, type PodCondition, type PodObj, type PodStatus, asPod } from '../../core/typed.ts';
import { normalizeImage } from '../../core/images.ts';
import { backgroundAfter } from '../timers.ts';
import { minor, statusPatch } from '../world.ts';
import { crashLoopBackOff, goSeconds, type ContainerBackoff } from './crash.ts';
import { qosClass, type KubeletPort } from './pod-config.ts';
import { isRestartableInitContainer } from './sidecars.ts';

const POD = resourceForKind('Pod')!;
/** PLEG relists containers every second. */
const PLEG_RELIST_MS = 1000;

type Terminated = NonNullable<ContainerState['terminated']>;

/** What running one init container needs of its kubelet. */
export interface InitPort extends KubeletPort {
  /** Whether the kubelet is up (node not down). */
  up(): boolean;
  /** Creates and starts container `c` again (CreateContainer, StartContainer, events). */
  start(pod: PodObj, c: Container, getLast: () => string, setLast: (id: string) => void, done: () => void): void;
  hostIp(): string;
  /** A sidecar's running instance as the kubelet knows it (./sidecars.ts); undefined before it starts. */
  sidecar(pod: PodObj, name: string): { started: boolean; ready: boolean } | undefined;
  /** The kubelet's restart back-off entry of a container (./crash.ts: one map for every container). */
  backoff(pod: PodObj, name: string): ContainerBackoff;
  /** Stops the pod's running sidecars, the last one first; the pod's terminal phase follows once they have stopped (./crash.ts). */
  stopSidecars(pod: PodObj, cause: string): void;
  /** The pod's terminal phase is written and no container runs: its sandbox is stopped (./kubelet.ts podTerminal). */
  podTerminal(pod: PodObj, cause: string): void;
}

/** An init container's history so far: restarts, its last termination (its back-off is the kubelet's, ./crash.ts). */
interface Attempt {
  restarts: number;
  last?: Terminated;
}

/** What the model does with an init container's process: exit `code` after `afterMs`, or never end (`afterMs` undefined). */
export function initContainerOutcome(c: Container): { afterMs: number | undefined; code: number } {
  const run = containerRun(c.command, c.args);
  if (run.exitAfterMs !== undefined) return { afterMs: run.exitAfterMs, code: run.exitCode };
  // Not understood, or the image's own entrypoint: assumed to do its job and exit 0 at once.
  if (!run.understood || run.entrypoint) return { afterMs: 0, code: 0 };
  return { afterMs: undefined, code: 0 };
}

/**
 * Init container `index` of `pod` has just started (pod IP `ip`); `next`
 * runs once it has completed with exit 0.
 */
export function initContainerStarted(k: InitPort, pod: PodObj, index: number, ip: string, getLast: () => string, setLast: (id: string) => void, next: () => void, attempt: Attempt = { restarts: 0 }): void {
  const c = pod.spec.initContainers![index]!;
  const cid = containerId(pod, c.name);
  const { afterMs, code } = initContainerOutcome(c);
  const startedAt = timestamp(k.w.clock.now());
  if (afterMs === 0 && code === 0 && attempt.restarts === 0) {
    // The common case: done at once (reported with the Running status only).
    k.w.clock.after(LATENCY.containerStart, () => {
      setLast(k.w.rec.emit({ type: 'action', from: cid, to: k.runtime, action: 'container-exited', result: 'ok', summary: `init container ${c.name} exited 0 (Completed)`, cause: getLast() }));
      next();
    });
    return;
  }
  // It takes time, never ends, or fails: the pod shows it (Init:N/M).
  patchInit(k, pod, index, ip, { running: { startedAt } }, attempt, getLast(), `${c.name} running (Init:${index}/${pod.spec.initContainers!.length})`);
  if (afterMs === undefined) return;
  const exit = (): void => {
    if (!current(k, pod)) return;
    const finishedAt = k.w.clock.now();
    if (code === 0) {
      setLast(k.w.rec.emit({ type: 'action', from: cid, to: k.runtime, action: 'container-exited', result: 'ok', summary: `init container ${c.name} exited 0 (Completed)`, cause: getLast() }));
      next();
      return;
    }
    const exited = k.w.rec.emit({ type: 'action', from: cid, to: k.runtime, action: 'container-exit', summary: `init container ${c.name} exited with code ${code} (${exitReason(code)})`, cause: getLast(), attrs: { exitCode: code } });
    k.w.clock.after(PLEG_RELIST_MS, () => {
      if (!current(k, pod)) return;
      const pleg = k.w.rec.emit({ type: 'action', from: k.runtime, to: k.id, action: 'pleg-relist', summary: `PLEG: init container ${c.name} of ${pod.metadata.name} died`, cause: exited });
      setLast(pleg);
      const terminated: Terminated = { exitCode: code, reason: exitReason(code), startedAt, finishedAt: timestamp(finishedAt) };
      failed(k, pod, index, ip, terminated, finishedAt, attempt, getLast, setLast, next);
    });
  };
  if (afterMs === 0) k.w.clock.after(LATENCY.statusSync, exit);
  else backgroundAfter(k.w, afterMs, exit);
}

/**
 * Sidecar `index` of `pod` runs but its startupProbe has yet to pass: the
 * next init container waits, and the pod shows `Init:index/N`.
 */
export function sidecarWaitingToStart(k: InitPort, pod: PodObj, index: number, ip: string, getLast: () => string): void {
  const c = pod.spec.initContainers![index]!;
  patchInit(k, pod, index, ip, { running: { startedAt: timestamp(k.w.clock.now()) } }, { restarts: 0 }, getLast(), `${c.name} running, not started (Init:${index}/${pod.spec.initContainers!.length})`);
}

/** An init container exited non-zero: the restartPolicy decides; Always and OnFailure restart it with back-off. */
function failed(k: InitPort, pod: PodObj, index: number, ip: string, terminated: Terminated, finishedAt: number, attempt: Attempt, getLast: () => string, setLast: (id: string) => void, next: () => void): void {
  const c = pod.spec.initContainers![index]!;
  if ((pod.spec.restartPolicy ?? 'Always') === 'Never') {
    // The pod can never initialize: Failed (kubelet getPhase), Init:Error.
    // computeInitContainerActions sets KillPod: sidecars started before it are stopped, and the
    // status manager (mergePodStatus) reports the terminal phase only once no container runs.
    const sidecars = (pod.spec.initContainers ?? []).slice(0, index).some(isRestartableInitContainer);
    if (!sidecars) {
      patchInit(k, pod, index, ip, { terminated }, attempt, getLast(), `${c.name} Error: pod Failed (restartPolicy Never)`, true, (eventId) => {
        setLast(eventId);
        k.podTerminal(pod, eventId);
      });
      return;
    }
    patchInit(k, pod, index, ip, { terminated }, attempt, getLast(), `${c.name} Error: pod failing (restartPolicy Never), stopping its sidecars`, false, (eventId) => {
      setLast(eventId);
      k.stopSidecars(pod, eventId);
    });
    return;
  }
  const restart = (cause: string): void => {
    setLast(cause);
    k.start(pod, c, getLast, setLast, () => initContainerStarted(k, pod, index, ip, getLast, setLast, next, { restarts: attempt.restarts + 1, last: terminated }));
  };
  const now = k.w.clock.now();
  const backoff = k.backoff(pod, c.name);
  const delay = backoff.pending(finishedAt, now);
  if (delay === undefined) {
    // The first failure: restarted at once (doBackOff finds no back-off entry yet).
    patchInit(k, pod, index, ip, { terminated }, attempt, getLast(), `${c.name} Error`);
    backoff.next(now);
    restart(getLast());
    return;
  }
  const { event, waiting } = crashLoopBackOff(pod, c.name, delay);
  k.event(pod, 'BackOff', event, getLast(), `spec.initContainers{${c.name}}`, 'Warning');
  patchInit(k, pod, index, ip, waiting, { ...attempt, last: terminated }, getLast(), `${c.name} Init:CrashLoopBackOff (back-off ${goSeconds(delay)})`);
  // The pod worker syncs again when the back-off has run out (time must pass).
  backgroundAfter(k.w, Math.max(0, finishedAt + delay - now), () => {
    if (!current(k, pod)) return;
    const t = k.w.rec.emit({ type: 'action', from: k.id, to: k.id, action: 'backoff-expired', summary: `back-off ${goSeconds(delay)} for ${c.name} of ${pod.metadata.name} ran out`, cause: getLast() });
    backoff.next(k.w.clock.now());
    restart(t);
  });
}

/** The pod is still the one this kubelet started, not deleted, and the kubelet is up. */
function current(k: InitPort, pod: PodObj): boolean {
  const live = k.w.api.cache.get('Pod', `/registry/pods/${pod.metadata.namespace}/${pod.metadata.name}`);
  return Boolean(live && live.metadata.uid === pod.metadata.uid && !live.metadata.deletionTimestamp && k.up());
}

/**
 * PATCH pods/status while init container `index` runs, waits or has failed:
 * the ones before it Completed, the ones after it and every app container
 * waiting in PodInitializing; Initialized, Ready, ContainersReady False.
 */
function patchInit(k: InitPort, pod: PodObj, index: number, ip: string, state: ContainerState, attempt: Attempt, cause: string, note: string, podFailed = false, then?: (eventId: string) => void): void {
  const now = timestamp(k.w.clock.now());
  k.call(
    statusPatch(POD, pod.metadata, (obj) => {
      const live = asPod(obj);
      if (live.metadata.deletionTimestamp) return null;
      const inits = live.spec.initContainers ?? [];
      const apps = live.spec.containers ?? [];
      const prev = live.status ?? {};
      const prevInit = (name: string): ContainerStatus | undefined => (prev.initContainerStatuses ?? []).find((s) => s.name === name);
      const waiting = (c: Container): ContainerStatus => ({ name: c.name, image: normalizeImage(c.image!), imageID: '', ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'PodInitializing' } } });
      const sidecar = (c: Container): { started: boolean; ready: boolean } => k.sidecar(live, c.name) ?? { started: false, ready: false };
      const initStatuses = inits.map((c, i): ContainerStatus => {
        // A sidecar before the current init container has started and keeps running.
        if (i < index && isRestartableInitContainer(c)) {
          const old = prevInit(c.name);
          if (old?.state?.running) return { ...old, ...sidecar(c) };
          // Exited, or waiting out its restart back-off (./crash.ts reported it): as it is.
          if (old?.state?.terminated || old?.state?.waiting?.reason === 'CrashLoopBackOff') return old;
          return { name: c.name, image: normalizeImage(c.image!), imageID: '', containerID: `containerd://${k.w.prng('container-ids').string('0123456789abcdef', 64)}`, ...sidecar(c), restartCount: 0, state: { running: { startedAt: now } } };
        }
        if (i < index) {
          // A regular init container before the current one has completed (exit 0); last reported running if it took time.
          const old = prevInit(c.name);
          const running = old?.state?.running;
          if (old && running) return { ...old, ready: true, started: false, state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: running.startedAt, finishedAt: now, ...(old.containerID ? { containerID: old.containerID } : {}) } } };
        }
        if (i < index) return prevInit(c.name) ?? { name: c.name, image: normalizeImage(c.image!), imageID: '', ready: true, restartCount: 0, started: false, state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: now, finishedAt: now } } };
        if (i > index) return waiting(c);
        const restartable = isRestartableInitContainer(c);
        return {
          name: c.name,
          image: normalizeImage(c.image!),
          imageID: '',
          ...(state.running ? { containerID: `containerd://${k.w.prng('container-ids').string('0123456789abcdef', 64)}` } : {}),
          ready: restartable && state.running !== undefined ? sidecar(c).ready : false,
          restartCount: attempt.restarts,
          started: restartable ? state.running !== undefined && sidecar(c).started : state.running !== undefined,
          state,
          ...(attempt.last ? { lastState: { terminated: attempt.last } } : {}),
        };
      });
      const cond = (type: string, status: 'True' | 'False', reason?: string, message?: string): PodCondition => {
        const old = (prev.conditions ?? []).find((x) => x.type === type);
        const since = old && old.status === status ? old.lastTransitionTime : now;
        return { type, status, lastProbeTime: null, lastTransitionTime: since ?? now, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
      };
      const incomplete = inits.slice(index).map((c) => c.name).join(' ');
      // GenerateContainersReadyCondition: sidecars first, then the app containers.
      const unready = [...inits.filter((c, i) => isRestartableInitContainer(c) && !(i < index && sidecar(c).ready)).map((c) => c.name), ...apps.map((c) => c.name)].join(' ');
      const scheduled = (prev.conditions ?? []).find((x) => x.type === 'PodScheduled');
      const hostIP = k.hostIp();
      const status: PodStatus = {
        phase: podFailed ? 'Failed' : 'Pending',
        conditions: [
          ...(minor(k.w) >= 29 ? [cond('PodReadyToStartContainers', 'True')] : []),
          cond('Initialized', 'False', 'ContainersNotInitialized', `containers with incomplete status: [${incomplete}]`),
          cond('Ready', 'False', 'ContainersNotReady', `containers with unready status: [${unready}]`),
          cond('ContainersReady', 'False', 'ContainersNotReady', `containers with unready status: [${unready}]`),
          scheduled ?? cond('PodScheduled', 'True'),
        ],
        hostIP,
        hostIPs: [{ ip: hostIP }],
        podIP: ip,
        podIPs: [{ ip }],
        startTime: prev.startTime ?? now,
        qosClass: qosClass(live.spec),
        initContainerStatuses: initStatuses,
        containerStatuses: apps.map(waiting),
      };
      live.status = status;
      return live;
    }, cause, `${pod.metadata.name} ${note}`),
    (res) => {
      if (then && res.status < 300) then(res.eventId);
    },
  );
}

function containerId(pod: PodObj, name: string): string {
  return `container:${pod.metadata.namespace}/${pod.metadata.name}/${name}`;
}
