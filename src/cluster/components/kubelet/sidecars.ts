/**
 * Sidecar containers (KEP-753; SidecarContainers, on by default since 1.29):
 * init containers with `restartPolicy: Always`. The kubelet starts them in
 * order with the other init containers, but the next one starts as soon as a
 * sidecar has *started* (its startupProbe passed, or running without one) —
 * computeInitContainerActions in pkg/kubelet/kuberuntime/kuberuntime_manager.go.
 * They then run alongside the app containers, are restarted (with back-off)
 * whenever they exit whatever the pod's restartPolicy, count in the pod's
 * readiness (GenerateContainersReadyCondition) and in kubectl's READY column,
 * do not keep a pod with restartPolicy Never/OnFailure from completing
 * (getPhase ignores them once terminated), and are stopped after the app
 * containers, in reverse order (kuberuntime_termination_order.go).
 */
import type { Container, PodSpec } from '../../core/typed.ts';

/** kubetypes.IsRestartableInitContainer. */
export function isRestartableInitContainer(c: Container | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

/** The pod's sidecars, in spec order. */
export function sidecarsOf(spec: PodSpec | undefined): Container[] {
  return (spec?.initContainers ?? []).filter(isRestartableInitContainer);
}

/** Whether a container of the pod is a sidecar (restartable init container). */
export function isSidecar(spec: PodSpec | undefined, name: string): boolean {
  return sidecarsOf(spec).some((c) => c.name === name);
}

/** The event's fieldPath of a container of the pod: spec.initContainers{…} for a sidecar. */
export function containerField(spec: PodSpec | undefined, name: string): string {
  return isSidecar(spec, name) ? `spec.initContainers{${name}}` : `spec.containers{${name}}`;
}
