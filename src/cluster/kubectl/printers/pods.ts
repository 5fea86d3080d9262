/** The pod row of `kubectl get pods` (printPod in pkg/printers/internalversion/printers.go). */
import type { KubeObjectLike } from './types.ts';
import { asArray, asDict, asNumber, asString, spec, status, type Dict } from './format.ts';
import { since } from './duration.ts';

export interface PodColumns {
  ready: string;
  status: string;
  restarts: string;
}

function terminatedReason(t: Dict, prefix: string): string {
  const reason = asString(t.reason);
  if (reason !== '') return prefix + reason;
  const signal = asNumber(t.signal);
  return signal !== 0 ? `${prefix}Signal:${signal}` : `${prefix}ExitCode:${asNumber(t.exitCode)}`;
}

/** podutil.IsRestartableInitContainer: a sidecar (KEP-753). */
function restartable(c: Dict | undefined): boolean {
  return asString(c?.restartPolicy) === 'Always';
}

function finishedAt(cs: Dict): string | undefined {
  const t = asDict(asDict(cs.lastState).terminated);
  const f = asString(t.finishedAt);
  return f === '' ? undefined : f;
}

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (b === undefined) return a;
  return a === undefined || Date.parse(b) > Date.parse(a) ? b : a;
}

/**
 * The pod row's READY, STATUS and RESTARTS: printPod in
 * pkg/printers/internalversion/printers.go. Sidecars (restartable init
 * containers) count in READY's total, and once started (ready or not) they
 * let the init loop go on; when the pod is initialized, RESTARTS counts the
 * sidecars' and the app containers' restarts only.
 */
export function podColumns(pod: KubeObjectLike, now: number): PodColumns {
  const st = status(pod);
  const inits = asArray(spec(pod).initContainers).map(asDict);
  const statuses = asArray(st.containerStatuses).map(asDict);
  const initStatuses = asArray(st.initContainerStatuses).map(asDict);
  let reason = asString(st.reason) || asString(st.phase);
  let restarts = 0;
  let sidecarRestarts = 0;
  let total = asArray(spec(pod).containers).length;
  let ready = 0;
  let lastRestart: string | undefined;
  let lastSidecarRestart: string | undefined;
  const byName = new Map(inits.map((c) => [asString(c.name), c]));
  for (const c of inits) if (restartable(c)) total++;
  let initializing = false;
  for (const [i, cs] of initStatuses.entries()) {
    restarts += asNumber(cs.restartCount);
    lastRestart = later(lastRestart, finishedAt(cs));
    const sidecar = restartable(byName.get(asString(cs.name)));
    if (sidecar) {
      sidecarRestarts += asNumber(cs.restartCount);
      lastSidecarRestart = later(lastSidecarRestart, finishedAt(cs));
    }
    const state = asDict(cs.state);
    const term = state.terminated !== undefined ? asDict(state.terminated) : undefined;
    const waiting = state.waiting !== undefined ? asDict(state.waiting) : undefined;
    if (term && asNumber(term.exitCode) === 0) continue;
    if (sidecar && cs.started === true) {
      if (cs.ready === true) ready++;
      continue;
    }
    if (term) reason = terminatedReason(term, 'Init:');
    else if (waiting && asString(waiting.reason) !== '' && asString(waiting.reason) !== 'PodInitializing') reason = `Init:${asString(waiting.reason)}`;
    else reason = `Init:${i}/${inits.length}`;
    initializing = true;
    break;
  }
  const initialized = asArray(st.conditions).map(asDict).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i] as Dict;
      restarts += asNumber(cs.restartCount);
      lastRestart = later(lastRestart, finishedAt(cs));
      const state = asDict(cs.state);
      const waiting = state.waiting !== undefined ? asDict(state.waiting) : undefined;
      const term = state.terminated !== undefined ? asDict(state.terminated) : undefined;
      if (waiting && asString(waiting.reason) !== '') reason = asString(waiting.reason);
      else if (term) reason = terminatedReason(term, '');
      else if (cs.ready === true && state.running !== undefined) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const readyCond = asArray(st.conditions).map(asDict).some((c) => c.type === 'Ready' && c.status === 'True');
      reason = readyCond ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata.deletionTimestamp) reason = asString(st.reason) === 'NodeLost' ? 'Unknown' : 'Terminating';
  return {
    ready: `${ready}/${total}`,
    status: reason,
    restarts: lastRestart && restarts > 0 ? `${restarts} (${since(lastRestart, now)} ago)` : String(restarts),
  };
}
