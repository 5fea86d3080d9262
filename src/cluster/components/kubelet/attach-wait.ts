/**
 * The kubelet's volume manager before it mounts an attachable volume
 * (pkg/kubelet/volumemanager/reconciler, 1.31): the volume is first reported
 * in use — the kubelet adds it to its Node's `status.volumesInUse` (PATCH
 * nodes/status) and VerifyControllerAttachedVolume refuses to go on before
 * that ("has not yet been added to the list of VolumesInUse") — then
 * VerifyControllerAttachedVolume waits until the attach/detach controller
 * lists the volume in `status.volumesAttached` (the kubelet watches its own
 * Node); then the CSI plugin's WaitForAttach checks the VolumeAttachment, and
 * the mount (NodeStageVolume, NodePublishVolume) follows. On pod removal the
 * volume is unmounted (NodeUnpublishVolume, NodeUnstageVolume) before the pod
 * object goes, and once no pod on the node mounts it the kubelet drops it
 * from `status.volumesInUse`: only then may the controller detach it.
 */
import type { ApiResponse } from '../../apiserver/types.ts';
import type { Obj } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import { asNode } from '../../core/typed.ts';
import { uniqueVolumeName, type CsiVolume } from '../../core/attach.ts';
import { podCsiVolumes } from '../controllers/attach-detach.ts';
import { statusPatch, type Call, type World } from '../world.ts';

const NODE = resourceForKind('Node')!;
/** The kubelet's API client (its node identity). */
export type KubeletCall = (req: Call, done: (res: ApiResponse) => void) => void;

/** The node's status.volumesInUse as the kubelet last reported it. */
export function volumesInUse(w: World, node: string): Set<string> {
  const n = w.api.cache.get('Node', `/registry/minions/${node}`);
  return new Set(n ? (asNode(n).status?.volumesInUse ?? []) : []);
}

/**
 * Reports volumes in use, or no longer in use, in the node's status (the
 * node status update of the kubelet's volume manager, sorted as
 * GetVolumesInUse sorts); calls `then` with the PATCH's event, or at once
 * when the list already says so.
 */
export function reportVolumesInUse(w: World, call: KubeletCall, node: string, change: { add?: CsiVolume[]; remove?: CsiVolume[] }, cause: string, then: (cause: string) => void = () => {}): void {
  const add = (change.add ?? []).map((v) => uniqueVolumeName(v.driver, v.handle));
  const remove = new Set((change.remove ?? []).map((v) => uniqueVolumeName(v.driver, v.handle)));
  const current = volumesInUse(w, node);
  if (add.every((u) => current.has(u)) && ![...remove].some((u) => current.has(u))) return then(cause);
  const pvs = [...(change.add ?? []).map((v) => `+ ${v.pv}`), ...(change.remove ?? []).map((v) => `− ${v.pv}`)].join(', ');
  call(
    statusPatch(NODE, { name: node }, (obj) => {
      const live = asNode(obj);
      const before = live.status?.volumesInUse ?? [];
      const list = [...new Set([...before.filter((u) => !remove.has(u)), ...add])].sort();
      if (list.length === before.length && list.every((u, i) => u === before[i])) return null;
      live.status = { ...live.status, volumesInUse: list };
      return live;
    }, cause, `${node} (volumesInUse ${pvs})`),
    (res) => then(res.eventId),
  );
}

interface Waiter {
  unique: string;
  pv: string;
  kubelet: string;
  run: (cause: string) => void;
}

/** Per world: the node names whose kubelet watches its Node for volumesAttached, and who waits. */
const state = new WeakMap<World, Map<string, Waiter[]>>();

function attachedOn(w: World, node: string): Set<string> {
  const n = w.api.cache.get('Node', `/registry/minions/${node}`);
  return new Set(((n?.status?.volumesAttached ?? []) as { name: string }[]).map((v) => v.name));
}

/**
 * Calls `then` with the event that let the mount go on: at once when the
 * volume is already attached to `node`, else when the Node's status lists it.
 */
export function waitForAttach(w: World, call: KubeletCall, kubelet: string, node: string, vol: CsiVolume, cause: string, then: (cause: string) => void): void {
  reportVolumesInUse(w, call, node, { add: [vol] }, cause, (c) => verifyAttached(w, kubelet, node, vol, c, then));
}

function verifyAttached(w: World, kubelet: string, node: string, vol: CsiVolume, cause: string, then: (cause: string) => void): void {
  const unique = uniqueVolumeName(vol.driver, vol.handle);
  const verified = (c: string): void =>
    then(w.rec.emit({ type: 'action', from: kubelet, to: kubelet, action: 'verify-attached', summary: `VerifyControllerAttachedVolume succeeded for volume "${vol.pv}" (in node.status.volumesAttached)`, cause: c }));
  if (attachedOn(w, node).has(unique)) return verified(cause);
  let nodes = state.get(w);
  if (!nodes) state.set(w, (nodes = new Map()));
  let waiters = nodes.get(node);
  if (!waiters) {
    nodes.set(node, (waiters = []));
    const list = waiters;
    w.api.watch({
      component: kubelet,
      kinds: ['Node'],
      filter: (o) => o.metadata.name === node && list.some((x) => (asNode(o).status?.volumesAttached ?? []).some((v) => v.name === x.unique)),
      handler: (e) => {
        const ready = list.filter((x) => (asNode(e.object).status?.volumesAttached ?? []).some((v) => v.name === x.unique));
        for (const x of ready) list.splice(list.indexOf(x), 1);
        for (const x of ready) x.run(e.cause);
      },
    });
  }
  waiters.push({ unique, pv: vol.pv, kubelet, run: verified });
  w.rec.emit({ type: 'action', from: kubelet, to: kubelet, action: 'verify-attached', result: 'unavailable', summary: `volume "${vol.pv}" not yet in node.status.volumesAttached: waiting for the attach/detach controller`, cause });
}

/** The CSI volumes of a pod being removed are unmounted: returns the last event (then see `reportVolumesInUse`). */
export function unmountCsiVolumes(w: World, kubelet: string, pod: Obj, cause: string): string {
  let last = cause;
  for (const v of podCsiVolumes(w, pod)) {
    last = w.rec.emit({ type: 'action', from: kubelet, to: kubelet, action: 'unmount-volume', summary: `UnmountVolume.TearDown succeeded for volume "${v.pv}" (CSI ${v.driver}: NodeUnpublishVolume, NodeUnstageVolume)`, cause: last });
  }
  return last;
}
