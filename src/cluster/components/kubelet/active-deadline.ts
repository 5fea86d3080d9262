/**
 * The kubelet's pod-level activeDeadlineSeconds (pkg/kubelet/active_deadline.go,
 * release 1.31): activeDeadlineHandler is one of the kubelet's pod sync loop
 * and sync handlers. pastActiveDeadline: the pod has
 * spec.activeDeadlineSeconds and has been active since its status.startTime
 * (set by the kubelet's first sync of the pod) at least that long. Then
 * ShouldEvict records the pod event Normal DeadlineExceeded "Pod was active
 * on the node longer than the specified deadline", generateAPIPodStatus
 * answers phase Failed with that reason and message, and syncPod kills the
 * pod's containers as on any termination (./termination.ts: Killing
 * "Stopping container c", preStop hooks, SIGTERM — a server exits 0 on it, a
 * script PID 1 ignores it and is killed after terminationGracePeriodSeconds,
 * exit 137 — then the sandbox). The
 * status manager holds the terminal phase back until no container runs
 * (mergePodStatus: couldHaveRunningContainers), so the API sees phase
 * Failed, reason DeadlineExceeded, the containers terminated and Ready /
 * ContainersReady False (reason PodFailed) in one status write. The pod
 * object stays (no deletion): a Job counts it as a failed pod.
 *
 * The real kubelet checks the deadline on its sync loop tick (every second);
 * the model checks it at the deadline itself, measured from the kubelet's
 * first sync of the pod (where the kubelet sets status.startTime).
 */
import { timestamp } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import { backgroundAfter } from '../timers.ts';
import { statusPatch } from '../world.ts';
import { exitReason } from '../../../common/container-script.ts';
import { keyOf } from '../../core/object-helpers.ts';
import { asPod, type ContainerStatus, type PodObj } from '../../core/typed.ts';
import type { KubeletPort } from './pod-config.ts';
import { terminalReadyCondition } from './readiness.ts';
import type { FinalReport } from './termination.ts';

const POD = resourceForKind('Pod')!;
/** The kubelet's sync loop tick (syncLoop's syncTicker: 1 s). */
const SYNC_PERIOD_MS = 1000;

/** active_deadline.go: reason and message. */
export const DEADLINE_REASON = 'DeadlineExceeded';
export const DEADLINE_MESSAGE = 'Pod was active on the node longer than the specified deadline';

/** pastActiveDeadline (pure): the deadline in simulated ms from the pod's start, and whether it has passed. */
export function podActiveDeadline(activeDeadlineSeconds: number | null | undefined, startMs: number | undefined, nowMs: number): { at: number; past: boolean } | undefined {
  // "if podStatus.StartTime.IsZero() return false": a pod not started yet has no deadline.
  if (activeDeadlineSeconds === undefined || activeDeadlineSeconds === null || startMs === undefined) return undefined;
  const at = startMs + activeDeadlineSeconds * 1000;
  return { at, past: nowMs >= at };
}

/** What the handler needs of the kubelet running the pod. */
export interface DeadlinePort extends KubeletPort {
  /** Whether the kubelet is up (a stopped kubelet does nothing). */
  up(): boolean;
  /** Stops the pod as the kubelet stops any pod (./termination.ts), then writes its status with `report`; the object stays. */
  terminate(pod: PodObj, cause: string, report: FinalReport): void;
}

/**
 * The kubelet starts syncing `pod` (its status.startTime is now): when the
 * pod has spec.activeDeadlineSeconds, the handler fires at the deadline.
 */
export function watchActiveDeadline(port: DeadlinePort, pod: PodObj, cause: string): void {
  const deadline = podActiveDeadline(pod.spec.activeDeadlineSeconds, port.w.clock.now(), port.w.clock.now());
  if (!deadline) return;
  const uid = pod.metadata.uid;
  const check = (): void => {
    const live = port.w.api.cache.get('Pod', keyOf(pod));
    if (!live || live.metadata.uid !== uid || live.metadata.deletionTimestamp) return;
    // A stopped kubelet (node down) checks again on its sync loop's next tick once it is back.
    if (!port.up()) return backgroundAfter(port.w, SYNC_PERIOD_MS, check);
    const p = asPod(live);
    // A pod that has already finished is not active any more.
    if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') return;
    const t = port.w.rec.emit({ type: 'action', from: port.id, to: `pod:${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`, action: 'active-deadline', summary: `activeDeadlineSeconds ${pod.spec.activeDeadlineSeconds}s of pod ${pod.metadata.name} reached`, cause });
    deadlineExceeded(port, p, t);
  };
  backgroundAfter(port.w, deadline.at - port.w.clock.now(), check);
}

/**
 * ShouldEvict → the pod's containers are stopped as on any termination
 * (./termination.ts: preStop hooks, SIGTERM, SIGKILL at the end of the pod's
 * terminationGracePeriodSeconds, then the sandbox) → one status write: phase
 * Failed, DeadlineExceeded; the pod object stays.
 */
function deadlineExceeded(port: DeadlinePort, pod: PodObj, cause: string): void {
  port.event(pod, DEADLINE_REASON, DEADLINE_MESSAGE, cause, '');
  port.terminate(pod, cause, reportDeadlineExceeded);
}

/** The status manager's write once the containers have stopped: Failed with the deadline's reason and message. */
const reportDeadlineExceeded: FinalReport = (p, pod, exits, cause, done) => {
  p.call(
    statusPatch(POD, pod.metadata, (obj) => {
      const live = asPod(obj);
      if (live.metadata.uid !== pod.metadata.uid) return null;
      const now = timestamp(p.w.clock.now());
      const s = live.status ?? {};
      const statuses = (s.containerStatuses ?? []).map((cs): ContainerStatus => {
        const e = exits.get(cs.name);
        if (!e) return cs;
        return {
          ...cs,
          ready: false,
          started: false,
          state: { terminated: { exitCode: e.code, reason: exitReason(e.code), startedAt: cs.state?.running?.startedAt, finishedAt: e.finishedAt, containerID: cs.containerID } },
        };
      });
      live.status = {
        ...s,
        phase: 'Failed',
        reason: DEADLINE_REASON,
        message: DEADLINE_MESSAGE,
        conditions: (s.conditions ?? []).map((c) => (c.type === 'Ready' || c.type === 'ContainersReady' ? terminalReadyCondition(c, 'Failed', now) : c)),
        containerStatuses: statuses,
      };
      return live;
    }, cause, `${pod.metadata.name} Failed (${DEADLINE_REASON})`),
    (res) => done(res.eventId),
  );
};
