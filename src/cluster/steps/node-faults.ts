/**
 * `fault: { node: NAME, action: down | up }`: the node's kubelet stops (or
 * starts) talking to the control plane. Down: it no longer renews its Lease,
 * and the node lifecycle controller takes it from there
 * (../components/controllers/node-lifecycle.ts). Up: the kubelet posts Ready again and
 * cleans up (../components/kubelet/node-status.ts).
 */
import type { Cluster } from '../boot/cluster.ts';
import { nodeLifecycleOf } from '../components/controllers/node-lifecycle.ts';
import { kubeletRestarted } from '../components/kubelet/node-status.ts';
import { userIdentity } from '../apiserver/identity.ts';
import { resourceForKind } from '../core/resources.ts';
import { KUBECTL_ID, type KubectlResult } from '../kubectl/index.ts';

export function onNodeFault(cluster: Cluster, node: string, up: boolean, cause: string): void {
  const { w } = cluster;
  const k = cluster.kubelets.get(node);
  const nlc = nodeLifecycleOf(w);
  if (!k) return;
  if (up) {
    nlc?.kubeletStarted(node);
    kubeletRestarted(w, k, cause);
  } else {
    nlc?.kubeletStopped(node, cause);
  }
}

/**
 * `fault: { node: NAME, action: delete }`: the machine is removed — its
 * kubelet stops (the containers go with the machine) — and the Node object is
 * deleted through the API server, as `kubectl delete node NAME` by an admin.
 * The node lifecycle controller forgets the node (RemovingNode), the
 * scheduler and the DaemonSet controller stop using it, and the pod garbage
 * collector force-deletes its pods after its quarantine
 * (../components/controllers/podgc.ts); their owners replace them elsewhere.
 * `fault: { node: NAME, action: up }` later starts a kubelet on it again,
 * which registers a new Node (../components/kubelet/node-status.ts).
 */
export function deleteNode(cluster: Cluster, node: string): KubectlResult {
  const { w } = cluster;
  const k = cluster.kubelets.get(node);
  let cause: string | null = null;
  if (k?.up) {
    k.up = false;
    cause = w.rec.emit({ type: 'outcome', from: k.id, to: k.id, action: 'kubelet-stop', summary: `${node} removed: kubelet stopped`, cause: null });
    // The machine is gone for good: no missed-heartbeat check for it (the Node is deleted below).
    nodeLifecycleOf(w)?.kubeletStarted(node);
  }
  // What kubectl would print: the answer follows from the cache (the DELETE is answered while the step settles).
  const exists = w.api.cache.get('Node', `/registry/minions/${node}`) !== undefined;
  w.api.call({ from: KUBECTL_ID, who: userIdentity('admin', ['system:masters']), verb: 'delete', resource: resourceForKind('Node')!, name: node, cause, note: `${node} (fault)` }, () => {});
  return exists ? { stdout: `node "${node}" deleted\n`, stderr: '', exitCode: 0 } : { stdout: '', stderr: `Error from server (NotFound): nodes "${node}" not found\n`, exitCode: 1 };
}
