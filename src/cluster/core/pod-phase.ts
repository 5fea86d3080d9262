/**
 * podutil.IsPodPhaseTerminal (k8s.io/kubernetes/pkg/api/v1/pod/util.go): a pod
 * in phase Failed or Succeeded has finished for good; no container of it runs
 * again. One predicate for the controllers, kubectl and the pure algorithms
 * (they hold the phase in different shapes: an object's status, a network
 * Pod, a summarised replica).
 */
export function isPodPhaseTerminal(phase: string | undefined): boolean {
  return phase === 'Failed' || phase === 'Succeeded';
}
