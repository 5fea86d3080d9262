/**
 * `fault: { node: NAME, action: down | up }`: the node's kubelet stops (or
 * starts) talking to the control plane. Down: it no longer renews its Lease,
 * and the node lifecycle controller takes it from there
 * (./controllers/node-lifecycle.ts). Up: the kubelet posts Ready again and
 * cleans up (../components/kubelet/node-status.ts).
 */
import type { Cluster } from '../boot/cluster.ts';
import { nodeLifecycleOf } from '../components/controllers/node-lifecycle.ts';
import { kubeletRestarted } from '../components/kubelet/node-status.ts';

export const NODE_FAULT_NOTE =
  'A node fault partitions its kubelet from the control plane (its containers keep running). Node Lease renewals every 10 s are implied while a node is healthy, not recorded.';

/** Shared by every step kind that sets background timers (see ./timers.ts). */
export { TIMERS_NOTE } from '../components/timers.ts';

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
