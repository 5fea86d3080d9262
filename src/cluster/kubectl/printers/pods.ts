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

/** Init container progress: the STATUS while init containers run, or undefined once done. */
function initStatus(pod: KubeObjectLike): string | undefined {
  const inits = asArray(spec(pod).initContainers).map(asDict);
  const statuses = asArray(status(pod).initContainerStatuses).map(asDict);
  for (const [i, cs] of statuses.entries()) {
    const state = asDict(cs.state);
    const term = state.terminated !== undefined ? asDict(state.terminated) : undefined;
    if (term && asNumber(term.exitCode) === 0) continue;
    // Restartable (sidecar) init containers count as done once started.
    if (asString(inits[i]?.restartPolicy) === 'Always' && cs.started === true) continue;
    if (term) return terminatedReason(term, 'Init:');
    const waiting = state.waiting !== undefined ? asDict(state.waiting) : undefined;
    const wr = waiting ? asString(waiting.reason) : '';
    if (wr !== '' && wr !== 'PodInitializing') return `Init:${wr}`;
    return `Init:${i}/${inits.length}`;
  }
  return undefined;
}

/** Latest lastState.terminated.finishedAt over the containers (for "N (2m ago)"). */
function lastRestart(statuses: Dict[]): string | undefined {
  let latest: string | undefined;
  for (const cs of statuses) {
    const finished = asString(asDict(asDict(cs.lastState).terminated).finishedAt);
    if (finished !== '' && (latest === undefined || Date.parse(finished) > Date.parse(latest))) latest = finished;
  }
  return latest;
}

export function podColumns(pod: KubeObjectLike, now: number): PodColumns {
  const st = status(pod);
  const containers = asArray(spec(pod).containers);
  const statuses = asArray(st.containerStatuses).map(asDict);
  const initStatuses = asArray(st.initContainerStatuses).map(asDict);
  let reason = asString(st.reason) || asString(st.phase);
  let restarts = 0;
  for (const cs of [...initStatuses, ...statuses]) restarts += asNumber(cs.restartCount);
  let ready = 0;
  const init = initStatus(pod);
  if (init !== undefined) reason = init;
  else {
    let hasRunning = false;
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i] as Dict;
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
  const last = lastRestart([...initStatuses, ...statuses]);
  return {
    ready: `${ready}/${containers.length}`,
    status: reason,
    restarts: last && restarts > 0 ? `${restarts} (${since(last, now)} ago)` : String(restarts),
  };
}
