/**
 * The kubelet's volume manager before it mounts an attachable volume
 * (pkg/kubelet/volumemanager/reconciler): VerifyControllerAttachedVolume
 * waits until the attach/detach controller lists the volume in the node's
 * `status.volumesAttached` (the kubelet watches its own Node); then the CSI
 * plugin's WaitForAttach checks the VolumeAttachment, and the mount
 * (NodeStageVolume, NodePublishVolume) follows. On pod removal the volume
 * is unmounted (NodeUnpublishVolume, NodeUnstageVolume) before the pod object
 * goes, so the controller can detach it.
 */
import type { Obj } from '../../core/object.ts';
import { asNode } from '../../core/typed.ts';
import { uniqueVolumeName } from '../../core/attach.ts';
import { podCsiVolumes } from '../controllers/attach-detach.ts';
import type { World } from '../world.ts';

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
export function waitForAttach(w: World, kubelet: string, node: string, vol: { pv: string; driver: string; handle: string }, cause: string, then: (cause: string) => void): void {
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

/** The CSI volumes of a pod being removed are unmounted: returns the last event. */
export function unmountCsiVolumes(w: World, kubelet: string, pod: Obj, cause: string): string {
  let last = cause;
  for (const v of podCsiVolumes(w, pod)) {
    last = w.rec.emit({ type: 'action', from: kubelet, to: kubelet, action: 'unmount-volume', summary: `UnmountVolume.TearDown succeeded for volume "${v.pv}" (CSI ${v.driver}: NodeUnpublishVolume, NodeUnstageVolume)`, cause: last });
  }
  return last;
}
