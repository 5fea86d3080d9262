/**
 * Probes: what the kubelet decides each period for a container's liveness,
 * readiness or startup probe. Liveness and startup: probe → fails? →
 * Warning Unhealthy → failureThreshold reached in a row? → kill (exit 137) →
 * restartPolicy → restart. Readiness: probe → fails? → Unhealthy → the
 * container stays not Ready → the EndpointSlice lists the Pod as not ready →
 * its Services send it no traffic (the Pod is never restarted for it).
 * Counts, periods, commands and messages come from the trace: the probe
 * requests and their answers, the kubelet's Events, StopContainer and the
 * restart, the Endpoints controller's ready/not-ready counts.
 */
import type { TraceEvent } from '../../trace/types.ts';
import { isFailure } from '../common/interactions.ts';
import { Flow, seen, startLabel, type TopicCtx, type TopicFlow } from './flow.ts';
import { plural } from '../../common/text.ts';

type Ctx = TopicCtx;

type ProbeKind = 'liveness' | 'readiness' | 'startup';

const isProbe = (e: TraceEvent, kind?: ProbeKind): boolean => (kind === undefined ? /^(liveness|readiness|startup)-probe$/ : new RegExp(`^${kind}-probe$`)).test(e.action ?? '');
/** `container:default/liveness-exec/liveness` → `liveness-exec`. */
const podOf = (containerId: string): string => containerId.split('/')[1] ?? containerId;
const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
/** The probe's answer, short: `Get "http://…": dial tcp 10.244.1.3:8080: connect: connection refused` → `connection refused: 10.244.1.3:8080`. */
const reason = (answer: string): string => {
  const m = /dial tcp (\S+): connect: (.+)$/.exec(answer);
  return m ? `${m[2]}: ${m[1]}` : answer;
};

/** A container-exit event's code, when the trace gives it. */
const exitCodeOf = (exit: TraceEvent | undefined): number | undefined => (typeof exit?.attrs?.['exitCode'] === 'number' ? exit.attrs['exitCode'] : undefined);

/**
 * The restartPolicy exit after a container exited: Never leaves it Terminated; OnFailure restarts
 * it after a failure and leaves it only after exit 0 (kubelet kuberuntime `ShouldContainerBeRestarted`).
 */
export function staysTerminated(exit: TraceEvent | undefined): string {
  const code = exitCodeOf(exit);
  if (code === undefined) return 'stays Terminated (Never, or OnFailure after exit 0)';
  return code === 0 ? 'stays Terminated (Never / OnFailure)' : 'stays Terminated (Never)';
}

/** The probe a step is about: the kind of its first failed probe answer; null when no probe failed in the step. */
export function probeFlow(c: Ctx): TopicFlow | null {
  const failed = c.own.find((e) => e.type === 'response' && isProbe(e) && isFailure(e.result));
  if (!failed) return null;
  const kind = /^(\w+)-probe$/.exec(failed.action ?? '')![1] as ProbeKind;
  return kind === 'readiness' ? readiness(c, failed) : restarting(c, kind, failed);
}

/** Probe requests of one kind in the step, their answers, and the probe's period as the trace shows it. */
function probing(c: Ctx, kind: ProbeKind, container?: string) {
  const requests = c.own.filter((e) => e.type === 'request' && isProbe(e, kind) && (container === undefined || e.to === container));
  const answers = c.own.filter((e) => e.type === 'response' && isProbe(e, kind) && (container === undefined || e.from === container));
  const failures = answers.filter((e) => isFailure(e.result));
  const passes = answers.filter((e) => !isFailure(e.result));
  const first = requests[0];
  const again = first ? requests.find((e) => e.to === first.to && e.t > first.t) : undefined;
  const period = first && again ? `every ${Math.round((again.t - first.t) / 1000)} s` : 'every periodSeconds';
  const how = first ? first.summary.replace(new RegExp(`^${kind} probe `), '') : `${kind} probe`;
  return { requests, answers, failures, passes, period, how };
}

/** Liveness and startup probes: failureThreshold failures in a row → the kubelet kills the container and restarts it. */
function restarting(c: Ctx, kind: ProbeKind, failed: TraceEvent): TopicFlow {
  const container = failed.from;
  const pod = podOf(container);
  const p = probing(c, kind, container);
  const stop = c.own.find((e) => e.type === 'request' && e.action === 'stop-container' && p.failures.some((f) => f.id === e.cause));
  const killEvent = c.own.find((e) => e.type === 'request' && /^POST events \(Killing\)/.test(e.summary) && e.t >= failed.t);
  const inARow = stop ? p.failures.filter((e) => e.t <= stop.t).length : p.failures.length;
  const exit = c.later.find((e) => e.type === 'action' && e.action === 'container-exit' && e.from === container && (stop === undefined || e.t >= stop.t));
  const restart = c.later.find((e) => e.type === 'action' && e.action === 'start-container' && e.to === container && /restart/.test(e.summary) && (exit === undefined || e.t >= exit.t));
  const unhealthy = c.own.filter((e) => e.type === 'request' && /^POST events \(Unhealthy\)/.test(e.summary) && p.failures.some((f) => f.id === e.cause));
  const f = new Flow(c.step.number, c.detail);
  f.next('start', startLabel(c.step), { shape: 'terminal', icon: 'start', state: 'taken' });
  f.next('probe', `kubelet runs the ${kind} probe ${p.period}`, { state: seen(p.requests), icon: 'kubelet', sub: `${p.how} in ${pod}`, events: p.requests });
  f.next('fails', 'probe fails?', { shape: 'decision', state: seen(p.failures), sub: reason(failed.summary), events: p.failures });
  f.exit('healthy', kind === 'startup' ? 'started: liveness and readiness probes begin' : 'healthy: probe again next period', { state: p.passes.length > 0 ? 'success' : 'faint', edge: 'no', ...(kind === 'startup' ? {} : { loopTo: 'probe' }), sub: p.passes.length > 0 ? plural(p.passes.length, 'probe') + ' passed' : undefined, events: p.passes });
  f.next('unhealthy', 'Warning Unhealthy', { state: seen(unhealthy), icon: 'kubelet', edge: 'yes', sub: `“${capital(kind)} probe failed”${unhealthy.length > 1 ? ` ×${unhealthy.length}` : ''}`, events: unhealthy });
  f.next('threshold', 'failureThreshold reached in a row?', { shape: 'decision', state: seen(stop), sub: stop ? `${plural(inARow, 'failure')} in a row` : `${plural(p.failures.length, 'failure')} so far`, events: stop ? [stop] : [] });
  f.exit('again', 'probe again next period', { state: inARow > 1 || !stop ? 'taken' : 'faint', edge: 'no', loopTo: 'probe', sub: inARow > 1 ? `failures 1..${inARow - 1} of ${inARow}` : undefined });
  f.next('kill', 'kubelet kills the container', { state: seen(stop), icon: 'container', sub: stop ? `${killEvent ? 'Event Killing · ' : ''}${stop.summary}${exitCodeOf(exit) !== undefined ? ` → exit code ${exitCodeOf(exit)}` : ''}` : undefined, events: [...(killEvent ? [killEvent] : []), ...(stop ? [stop] : []), ...(exit ? [exit] : [])] });
  f.next('policy', 'restartPolicy allows a restart?', { shape: 'decision', state: seen(restart), sub: restart ? 'Always / OnFailure' : undefined, events: restart ? [restart] : [] });
  f.exit('terminated', staysTerminated(exit), { state: stop && !restart ? 'danger' : 'faint' });
  f.next('restart', 'kubelet restarts the container', { state: seen(restart), icon: 'kubelet', sub: restart?.summary, events: restart ? [restart] : [] });
  f.next('running', 'Running again, RESTARTS +1', { shape: 'terminal', state: restart ? 'success' : 'faint', events: restart ? [restart] : [] });
  return { decision: `${kind}-probe`, flow: f };
}

/** Readiness: a failing probe keeps the container not Ready; the Pod stays out of its Services' ready endpoints. */
function readiness(c: Ctx, failed: TraceEvent): TopicFlow {
  const p = probing(c, 'readiness');
  const pods = [...new Set(p.failures.map((e) => podOf(e.from)))].sort();
  const unhealthy = c.own.filter((e) => e.type === 'request' && /^POST events \(Unhealthy\)/.test(e.summary) && p.failures.some((f) => f.id === e.cause));
  const ready = c.own.filter((e) => e.type === 'request' && /^PATCH pods\/status .* ready$/.test(e.summary));
  // The Endpoints controller's counts as the step left them (`PUT endpoints web (0 ready, 2 not ready)`).
  const endpoints = c.trace.events.filter((e) => e.step <= c.step.number && e.type === 'request' && /^(POST|PUT) endpoints \S+ \(\d+ ready, \d+ not ready\)$/.test(e.summary)).pop();
  const counts = endpoints ? /^(?:POST|PUT) endpoints (\S+) \((\d+) ready, (\d+) not ready\)$/.exec(endpoints.summary) : null;
  const notReady = counts !== null && Number(counts[3]) > 0;
  const f = new Flow(c.step.number, c.detail);
  f.next('start', startLabel(c.step), { shape: 'terminal', icon: 'start', state: 'taken' });
  f.next('probe', `kubelet runs the readiness probe ${p.period}`, { state: seen(p.requests), icon: 'kubelet', sub: `${p.how} in ${pods.length > 1 ? plural(pods.length, 'Pod') : (pods[0] ?? '')}`, events: p.requests });
  f.next('fails', 'probe fails?', { shape: 'decision', state: seen(p.failures), sub: reason(failed.summary), events: p.failures });
  f.exit('ready', 'Ready: the Pod joins its Services’ endpoints', { state: ready.length > 0 ? 'success' : 'faint', edge: 'no', sub: ready.length > 0 ? ready.map((e) => e.summary.replace(/^PATCH pods\/status /, '')).join(', ') : undefined, events: ready });
  f.next('unhealthy', 'Warning Unhealthy', { state: seen(unhealthy), icon: 'kubelet', edge: 'yes', sub: `“Readiness probe failed”${unhealthy.length > 1 ? ` ×${unhealthy.length}` : ''}`, events: unhealthy });
  f.next('not-ready', 'container stays not Ready (no restart)', { state: seen(p.failures), icon: 'container', sub: `${plural(p.failures.length, 'failure')} on ${pods.length > 1 ? plural(pods.length, 'Pod') : (pods[0] ?? '')}`, events: p.failures });
  f.next('slice', 'EndpointSlice lists the Pod as not ready', { state: notReady ? 'taken' : 'faint', icon: 'controller', sub: counts ? `Endpoints ${counts[1]}: ${counts[2]} ready, ${counts[3]} not ready` : undefined, events: endpoints ? [endpoints] : [] });
  f.next('no-traffic', 'the Service sends it no traffic', { shape: 'terminal', state: notReady ? 'danger' : 'faint' });
  return { decision: 'readiness-probe', flow: f };
}
