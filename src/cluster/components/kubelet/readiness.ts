/**
 * Readiness as a just-started pod reports it: a container with a
 * readinessProbe (or a startupProbe) starts not ready; the prober
 * (./prober.ts) marks it — and, when all are ready, the Pod (Ready,
 * ContainersReady) — ready once its probe passes. Until then the Pod gets no
 * traffic (EndpointSlices list it not ready), and a rolling update does not
 * count it as available: readiness gates the rollout.
 */
import type { Container, PodCondition, PodObj } from '../../core/typed.ts';

/** A container that starts not ready: it has a readiness probe (ready once it passes) or a startup probe (ready once started). */
export function hasReadinessProbe(c: Container): boolean {
  return Boolean(c?.readinessProbe || c?.startupProbe);
}

export function podHasReadinessProbe(pod: PodObj): boolean {
  return (pod.spec?.containers ?? []).some(hasReadinessProbe);
}

/** Ready / ContainersReady as a just-started pod reports them: False while a probe has yet to pass. */
export function notReadyCondition(type: string, pod: PodObj, now: string): PodCondition {
  const names = (pod.spec?.containers ?? []).filter(hasReadinessProbe).map((c) => c.name);
  return { type, status: 'False', lastProbeTime: null, lastTransitionTime: now, reason: 'ContainersNotReady', message: `containers with unready status: [${names.join(' ')}]` };
}

/**
 * Ready / ContainersReady of a pod in a terminal phase
 * (generateContainersReadyConditionForTerminalPhase and
 * generatePodReadyConditionForTerminalPhase, pkg/kubelet/status/generate.go,
 * 1.31): False, reason PodCompleted when it Succeeded, PodFailed when it
 * Failed, no message; the transition time stays when it was already False.
 */
export function terminalReadyCondition(cond: PodCondition, phase: 'Succeeded' | 'Failed', now: string): PodCondition {
  return { type: cond.type, status: 'False', lastProbeTime: null, lastTransitionTime: cond.status === 'False' ? cond.lastTransitionTime : now, reason: phase === 'Failed' ? 'PodFailed' : 'PodCompleted' };
}
