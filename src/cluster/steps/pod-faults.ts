/**
 * `fault: { pod: NAME | deployment/NAME | replicaset/NAME, action: crash | delete }`.
 * crash: the container process exits with code 1 and the node's kubelet
 * handles it (../components/kubelet/crash.ts). delete: the pod is deleted through the API
 * server as `kubectl delete pod` would (graceful, 30 s), and its ReplicaSet
 * replaces it. A workload name means its first active pod by name.
 */
import type { FaultStep } from '../../scenario/types.ts';
import { userIdentity } from '../apiserver/identity.ts';
import type { Cluster } from '../boot/cluster.ts';
import { isPodActive } from '../core/object-helpers.ts';
import { KUBECTL_ID, type KubectlResult } from '../kubectl/index.ts';
import { controllerOf, type Obj } from '../core/object.ts';
import { crashContainer } from '../components/kubelet/crash.ts';
import { resourceForKind } from '../core/resources.ts';
import { asPod } from '../core/typed.ts';

type PodFault = Extract<FaultStep, { target: 'pod' }>;

export function runPodFault(cluster: Cluster, step: PodFault): KubectlResult | undefined {
  const { w } = cluster;
  const pod = resolvePod(cluster, step.name, step.namespace);
  if (!pod) return { stdout: '', stderr: `kubescene: no running pod matches "${step.name}" in namespace ${step.namespace}\n`, exitCode: 1 };
  if (step.action === 'delete') {
    w.api.call(
      { from: KUBECTL_ID, who: userIdentity('admin', ['system:masters']), verb: 'delete', resource: resourceForKind('Pod')!, namespace: pod.metadata.namespace, name: pod.metadata.name, cause: null, note: `${pod.metadata.name} (fault)` },
      () => {},
    );
    return { stdout: `pod "${pod.metadata.name}" deleted\n`, stderr: '', exitCode: 0 };
  }
  const k = cluster.kubelets.get(asPod(pod).spec?.nodeName ?? '');
  if (!k || !crashContainer(w, k, asPod(pod), step.container, null)) {
    return { stdout: '', stderr: `kubescene: pod ${pod.metadata.name} has no running container${step.container ? ` "${step.container}"` : ''} to crash\n`, exitCode: 1 };
  }
  return { stdout: `container ${step.container ?? asPod(pod).spec.containers[0]?.name} of pod ${pod.metadata.name} exited with code 1\n`, stderr: '', exitCode: 0 };
}

/** A pod by name, or the first active pod (by name) of a Deployment, ReplicaSet or StatefulSet. */
export function resolvePod(cluster: Cluster, name: string, namespace: string): Obj | undefined {
  const cache = cluster.w.api.cache;
  const [type, n] = name.includes('/') ? (name.split('/') as [string, string]) : ['pod', name];
  const pods = cache.list('Pod', namespace).filter(isPodActive).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  if (type === 'pod' || type === 'po' || type === 'pods') return pods.find((p) => p.metadata.name === n);
  const owners = new Set<string>([n]);
  if (type.startsWith('deploy')) {
    for (const rs of cache.list('ReplicaSet', namespace)) {
      const ref = controllerOf(rs);
      if (ref?.kind === 'Deployment' && ref.name === n) owners.add(rs.metadata.name);
    }
    owners.delete(n);
  }
  return pods.find((p) => {
    const ref = controllerOf(p);
    return ref !== undefined && owners.has(ref.name);
  });
}
