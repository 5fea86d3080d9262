/**
 * A kubelet coming back (fault `node: up`): it records `Starting kubelet.`,
 * posts its node status (Ready=True, `KubeletReady`) with a fresh heartbeat
 * and renews its Lease, relists its pods (stopping the ones deleted while it
 * was away) and reports the pods it still runs as Ready again — the node
 * lifecycle controller had marked them not ready.
 */
import { nodeIdentity } from '../../apiserver/identity.ts';
import { clone, timestamp } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import { Client, statusPatch, type World } from '../world.ts';
import type { Kubelet } from './kubelet.ts';
import { type PodObj, asNode, asPod } from '../../core/typed.ts';

const NODE = resourceForKind('Node')!;
const POD = resourceForKind('Pod')!;

const HEALTHY: Record<string, { status: string; reason: string; message: string }> = {
  MemoryPressure: { status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
  DiskPressure: { status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  PIDPressure: { status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
  Ready: { status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
};

export function kubeletRestarted(w: World, k: Kubelet, cause: string): void {
  const client = new Client(w, k.id, nodeIdentity(k.node));
  const node = w.api.cache.get('Node', `/registry/minions/${k.node}`);
  if (!node) return registerNode(client, k, cause);
  const src = { component: 'kubelet', host: k.node };
  client.event(node, 'Normal', 'Starting', 'Starting kubelet.', src, cause);
  const now = timestamp(w.clock.now());
  const wasReady = (node.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
  client.call(
    statusPatch(NODE, { name: k.node }, (obj) => {
      const live = asNode(obj);
        const s = clone(live.status ?? {});
        s.conditions = (s.conditions ?? []).map((c) => {
          const h = HEALTHY[c.type];
          if (!h) return c;
          return { ...c, ...h, lastHeartbeatTime: now, lastTransitionTime: c.status === h.status ? c.lastTransitionTime : now };
        });
        live.status = s;
        return live;
      }, cause, `${k.node} Ready=True`),
    (res) => {
      if (!wasReady) client.event(res.object ?? node, 'Normal', 'NodeReady', `Node ${k.node} status is now: NodeReady`, src, res.eventId);
      for (const pod of k.resync(res.eventId)) markReady(client, asPod(pod), res.eventId);
    },
  );
}

/**
 * A kubelet that starts and finds no Node object registers it, as at boot
 * (kubelet_node_status.go registerWithAPIServer: POST /api/v1/nodes with its
 * initial node status), then reports Ready. The scheduler, the DaemonSet
 * controller and the node lifecycle controller see the Node ADDED.
 */
function registerNode(client: Client, k: Kubelet, cause: string): void {
  if (!k.registration) return;
  const body = k.registration();
  const src = { component: 'kubelet', host: k.node };
  client.event(body, 'Normal', 'Starting', 'Starting kubelet.', src, cause);
  client.call({ verb: 'create', resource: NODE, body, cause, note: `registering node ${k.node}` }, (res) => {
    if (res.status !== 201 || !res.object) return;
    client.event(res.object, 'Normal', 'NodeReady', `Node ${k.node} status is now: NodeReady`, src, res.eventId);
    for (const pod of k.resync(res.eventId)) markReady(client, asPod(pod), res.eventId);
  });
}

function markReady(client: Client, pod: PodObj, cause: string): void {
  if ((pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')) return;
  if (!(pod.status?.containerStatuses ?? []).every((cs) => cs.ready)) return;
  const now = timestamp(client.w.clock.now());
  client.call(statusPatch(POD, { namespace: pod.metadata.namespace, name: pod.metadata.name }, (obj) => {
      const live = asPod(obj);
      if (live.metadata.deletionTimestamp) return null;
      live.status!.conditions = (live.status!.conditions ?? []).map((c) => (c.type === 'Ready' && c.status !== 'True' ? { ...c, status: 'True', lastTransitionTime: now } : c));
      return live;
    }, cause, `${pod.metadata.name} Ready=True`));
}
