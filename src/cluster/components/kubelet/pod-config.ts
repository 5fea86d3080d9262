/**
 * What the kubelet needs from the API server before a pod's containers can
 * start, and the "pod vs container" story it tells:
 *
 * - volumes: ConfigMap and Secret volumes are fetched (GET, recorded) and
 *   mounted before the sandbox exists; a missing one fails the mount
 *   (`FailedMount`: `MountVolume.SetUp failed for volume "x" : configmap "y"
 *   not found`) and the pod stays ContainerCreating; emptyDir volumes are
 *   created once per pod and shared by every container that mounts them;
 * - environment: `env[].valueFrom.configMapKeyRef|secretKeyRef` and `envFrom`
 *   are resolved right before CreateContainer; a missing object gives the
 *   container `CreateContainerConfigError` and a `Failed` event
 *   (`Error: configmap "y" not found`), as kubelet_pods.go does;
 * - init containers run to completion, one after the other, before the app
 *   containers start.
 *
 * Values never leave the API server's answer: the trace records which object
 * was read, never its data.
 */
import { waitForAttach } from './attach-wait.ts';
import type { ApiResponse } from '../../apiserver/types.ts';
import { timestamp, clone, type Obj } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import { volumeClaimName } from '../../core/scheduler/index.ts';
import { statusPatch, type Call, type World } from '../world.ts';
import { backgroundAfter } from '../timers.ts';
import { type Container, type ContainerStatus, type PodObj, type PodSpec, type Volume, asPod, asPvc } from '../../core/typed.ts';

export interface ConfigRef {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  optional: boolean;
  /** The volume name (volumes only). */
  volume?: string;
}

/** What a kubelet hook needs from its kubelet. */
export interface KubeletPort {
  w: World;
  id: string;
  runtime: string;
  node: string;
  call(req: Call, done: (res: ApiResponse) => void): void;
  event(pod: Obj, reason: string, message: string, cause: string, fieldPath: string, type?: 'Normal' | 'Warning'): void;
}

export function volumeRefs(pod: Obj): ConfigRef[] {
  const out: ConfigRef[] = [];
  for (const v of asPod(pod).spec?.volumes ?? []) {
    if (v.configMap?.name) out.push({ kind: 'ConfigMap', name: v.configMap.name, optional: Boolean(v.configMap.optional), volume: v.name });
    if (v.secret?.secretName) out.push({ kind: 'Secret', name: v.secret.secretName, optional: Boolean(v.secret.optional), volume: v.name });
  }
  return out;
}

export function envRefs(c: Container): ConfigRef[] {
  const out: ConfigRef[] = [];
  const add = (r: ConfigRef) => {
    if (!out.some((x) => x.kind === r.kind && x.name === r.name)) out.push(r);
  };
  for (const e of (c.envFrom ?? [])) {
    if (e.configMapRef?.name) add({ kind: 'ConfigMap', name: e.configMapRef.name, optional: Boolean(e.configMapRef.optional) });
    if (e.secretRef?.name) add({ kind: 'Secret', name: e.secretRef.name, optional: Boolean(e.secretRef.optional) });
  }
  for (const e of (c.env ?? [])) {
    const cm = e.valueFrom?.configMapKeyRef;
    const sec = e.valueFrom?.secretKeyRef;
    if (cm?.name) add({ kind: 'ConfigMap', name: cm.name, optional: Boolean(cm.optional) });
    if (sec?.name) add({ kind: 'Secret', name: sec.name, optional: Boolean(sec.optional) });
  }
  return out;
}

/** `configmap "app-config" not found` — the NotFound message as the kubelet's managers report it. */
function notFoundMessage(r: ConfigRef): string {
  return `${r.kind.toLowerCase()} "${r.name}" not found`;
}

/** GETs every referenced object in order; `done` gets the first required one that is missing. */
function fetchAll(k: KubeletPort, pod: PodObj, refs: ConfigRef[], getLast: () => string, setLast: (id: string) => void, done: (missing: ConfigRef | undefined) => void): void {
  let i = 0;
  const nextRef = (): void => {
    if (i >= refs.length) return done(undefined);
    const r = refs[i++]!;
    k.call({ verb: 'get', resource: resourceForKind(r.kind)!, namespace: pod.metadata.namespace, name: r.name, cause: getLast(), note: `${r.name} (for ${pod.metadata.name})` }, (res) => {
      setLast(res.eventId);
      if (res.status === 404 && !r.optional) return done(r);
      nextRef();
    });
  };
  nextRef();
}

/**
 * Mounts the pod's volumes before the sandbox is created. Calls `next` when
 * every volume is set up; on a missing ConfigMap/Secret it records
 * FailedMount and never calls `next` (the pod stays ContainerCreating).
 */
export function mountVolumes(k: KubeletPort, pod: PodObj, podId: string, getLast: () => string, setLast: (id: string) => void, next: () => void, retry = false): void {
  const refs = volumeRefs(pod);
  const emptyDirs = (pod.spec?.volumes ?? []).filter((v) => v.emptyDir !== undefined);
  // persistentVolumeClaim volumes, and generic ephemeral volumes (their claim `<pod>-<volume>`).
  const claims = (pod.spec?.volumes ?? []).filter((v) => volumeClaimName(pod.metadata.name, v) !== undefined);
  if (refs.length === 0 && emptyDirs.length === 0 && claims.length === 0) return next();
  fetchAll(k, pod, refs, getLast, setLast, (missing) => {
    if (missing) {
      const msg = `MountVolume.SetUp failed for volume "${missing.volume}" : ${notFoundMessage(missing)}`;
      setLast(k.w.rec.emit({ type: 'action', from: k.id, to: k.id, action: 'mount-volume', result: 'not-found', summary: `mount ${missing.volume} failed: ${notFoundMessage(missing)}`, cause: getLast() }));
      k.event(pod, 'FailedMount', msg, getLast(), '', 'Warning');
      if (!retry) reportWaiting(k, pod, () => ({ reason: 'ContainerCreating' }), getLast(), 'ContainerCreating');
      return retryLater(k, pod, () => mountVolumes(k, pod, podId, getLast, setLast, next, true));
    }
    for (const r of refs) {
      setLast(k.w.rec.emit({ type: 'action', from: k.id, to: podId, action: 'mount-volume', summary: `mount ${r.kind.toLowerCase()} ${r.name} as volume "${r.volume}" (tmpfs)`, cause: getLast() }));
    }
    for (const v of emptyDirs) {
      const users = mountersOf(pod, v.name).join(', ');
      setLast(k.w.rec.emit({ type: 'action', from: k.id, to: podId, action: 'mount-volume', summary: `create emptyDir "${v.name}"${users ? `, shared by ${users}` : ''}`, cause: getLast() }));
    }
    mountClaims(k, pod, podId, claims, getLast, setLast, next);
  });
}

/**
 * PersistentVolumeClaim volumes: the volume manager reads the claim and its
 * volume, then (CSI) NodeStageVolume + NodePublishVolume mount it into the
 * pod's directory. The scheduler only places a pod whose claims are bound.
 */
function mountClaims(k: KubeletPort, pod: PodObj, podId: string, claims: Volume[], getLast: () => string, setLast: (id: string) => void, next: () => void): void {
  let i = 0;
  const one = (): void => {
    const v = claims[i++];
    if (v === undefined) return next();
    const name = volumeClaimName(pod.metadata.name, v) ?? '';
    k.call({ verb: 'get', resource: resourceForKind('PersistentVolumeClaim')!, namespace: pod.metadata.namespace, name, cause: getLast(), note: `${name} (for ${pod.metadata.name})` }, (res) => {
      setLast(res.eventId);
      const pvName = (res.object && asPvc(res.object))?.spec?.volumeName ?? name;
      const pv = k.w.api.cache.get('PersistentVolume', `/registry/persistentvolumes/${pvName}`);
      const how = pv?.spec?.csi?.driver ? `CSI ${pv.spec.csi.driver}: NodeStageVolume, NodePublishVolume` : pv?.spec?.hostPath ? `hostPath ${pv.spec.hostPath.path}` : 'bind mount';
      const users = mountersOf(pod, v.name).join(', ');
      const mount = (): void => {
        setLast(k.w.rec.emit({ type: 'action', from: k.id, to: podId, action: 'mount-volume', summary: `MountVolume.SetUp succeeded for volume "${pvName}" (${how})${users ? ` at ${users}` : ''}`, cause: getLast() }));
        one();
      };
      // An attachable (CSI) volume is mounted only once the attach/detach controller has attached it: ./attach-wait.ts.
      const csi = pv?.spec?.csi;
      if (!csi?.driver || !csi.volumeHandle) return mount();
      waitForAttach(k.w, (req, done) => k.call(req, done), k.id, k.node, { pv: pvName, driver: csi.driver, handle: csi.volumeHandle }, getLast(), (c) => {
        setLast(c);
        mount();
      });
    });
  };
  one();
}

/** `nginx:/var/log/nginx` for every container (init or app) that mounts `volume`. */
function mountersOf(pod: PodObj, volume: string): string[] {
  const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  return all.flatMap((c) => (c.volumeMounts ?? []).filter((m) => m.name === volume).map((m) => `${c.name}:${m.mountPath}`));
}

/**
 * Resolves a container's environment before CreateContainer. On a missing
 * object: a `Failed` event, the container waiting in CreateContainerConfigError
 * (reported with a PATCH of pods/status), and `next` is never called.
 */
export function resolveEnv(k: KubeletPort, pod: PodObj, c: Container, getLast: () => string, setLast: (id: string) => void, next: () => void, retry = false): void {
  const nonRoot = nonRootViolation(pod, c);
  if (nonRoot !== undefined) {
    setLast(k.w.rec.emit({ type: 'action', from: k.id, to: k.id, action: 'generate-container-config', result: 'denied', summary: `CreateContainerConfigError: ${nonRoot}`, cause: getLast() }));
    k.event(pod, 'Failed', `Error: ${nonRoot}`, getLast(), `spec.containers{${c.name}}`, 'Warning');
    const waiting = (name: string) => (name === c.name ? { reason: 'CreateContainerConfigError', message: nonRoot } : { reason: 'ContainerCreating' });
    if (!retry) reportWaiting(k, pod, waiting, getLast(), 'CreateContainerConfigError');
    return retryLater(k, pod, () => resolveEnv(k, pod, c, getLast, setLast, next, true));
  }
  const refs = envRefs(c);
  if (refs.length === 0) return next();
  fetchAll(k, pod, refs, getLast, setLast, (missing) => {
    if (!missing) return next();
    const msg = notFoundMessage(missing);
    setLast(k.w.rec.emit({ type: 'action', from: k.id, to: k.id, action: 'generate-container-config', result: 'not-found', summary: `CreateContainerConfigError: ${msg}`, cause: getLast() }));
    k.event(pod, 'Failed', `Error: ${msg}`, getLast(), `spec.containers{${c.name}}`, 'Warning');
    const waiting = (name: string) => (name === c.name ? { reason: 'CreateContainerConfigError', message: msg } : { reason: 'ContainerCreating' });
    if (!retry) reportWaiting(k, pod, waiting, getLast(), 'CreateContainerConfigError');
    retryLater(k, pod, () => resolveEnv(k, pod, c, getLast, setLast, next, true));
  });
}

/**
 * security_context_others.go verifyRunAsNonRoot: with an effective
 * runAsNonRoot: true (the container's securityContext over the pod's) and
 * runAsUser 0, the container is refused. Without runAsUser the kubelet checks
 * the image's user, which the model does not know (a coverage warning says so).
 */
export function nonRootViolation(pod: PodObj, c: Container): string | undefined {
  const psc = pod.spec?.securityContext;
  const csc = c.securityContext;
  const nonRoot = csc?.runAsNonRoot ?? psc?.runAsNonRoot;
  const user = csc?.runAsUser ?? psc?.runAsUser;
  if (nonRoot !== true || user !== 0) return undefined;
  // format.Pod: name_namespace(uid).
  return `container's runAsUser breaks non-root policy (pod: "${pod.metadata.name}_${pod.metadata.namespace ?? 'default'}(${pod.metadata.uid ?? ''})", container: ${c.name})`;
}

/** How long the kubelet waits before it syncs a pod that could not start again (its pod worker's back-off, simplified). */
export const CONFIG_RETRY_MS = 10_000;

/**
 * The kubelet keeps trying: once the missing object exists, the next sync
 * mounts the volume or builds the environment and the pod starts. Retries are
 * background timers (they fire while the scenario lets time pass); a pod
 * deleted meanwhile is not retried.
 */
function retryLater(k: KubeletPort, pod: PodObj, again: () => void): void {
  backgroundAfter(k.w, CONFIG_RETRY_MS, () => {
    const live = k.w.api.cache.get('Pod', `/registry/pods/${pod.metadata.namespace}/${pod.metadata.name}`);
    if (!live || live.metadata.deletionTimestamp || live.metadata.uid !== pod.metadata.uid) return;
    again();
  });
}

/** A PATCH of pods/status: Pending, every container waiting (as the kubelet's status manager reports it). */
function reportWaiting(k: KubeletPort, pod: PodObj, waiting: (container: string) => { reason: string; message?: string }, cause: string, note: string): void {
  const now = timestamp(k.w.clock.now());
  k.call(
    statusPatch(resourceForKind('Pod')!, pod.metadata, (obj) => {
        const live = asPod(obj);
        const conds = (live.status?.conditions ?? []).filter((x) => x.type === 'PodScheduled');
        live.status = {
          ...(live.status ?? {}),
          phase: 'Pending',
          conditions: [...conds, { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: now }, { type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: now, reason: 'ContainersNotReady', message: `containers with unready status: [${(live.spec.containers ?? []).map((x) => x.name).join(' ')}]` }],
          hostIP: live.status?.hostIP,
          startTime: now,
          containerStatuses: (live.spec.containers ?? []).map((x) => ({
            name: x.name, image: x.image!, imageID: '', ready: false, restartCount: 0, started: false,
            state: { waiting: waiting(x.name) },
          })),
        };
        return clone(live);
      }, cause, `${pod.metadata.name} ${note}`),
    () => {},
  );
}

/** initContainerStatuses of a pod whose init containers all ran to completion. */
export function completedInitStatuses(spec: PodSpec | undefined, startedAt: string, finishedAt: string, containerId: () => string): ContainerStatus[] | undefined {
  const inits = (spec?.initContainers ?? []);
  if (inits.length === 0) return undefined;
  return inits.map((c) => ({
    name: c.name,
    image: c.image!,
    imageID: '',
    containerID: `containerd://${containerId()}`,
    ready: true,
    restartCount: 0,
    started: false,
    state: { terminated: { exitCode: 0, reason: 'Completed', startedAt, finishedAt, containerID: '' } },
  }));
}

/** The pod's QoS class as the kubelet reports it (status.qosClass). */
export function qosClass(spec: PodSpec): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  const cs: Container[] = spec.containers ?? [];
  const hasAny = cs.some((c) => c.resources?.requests || c.resources?.limits);
  if (!hasAny) return 'BestEffort';
  const guaranteed = cs.every((c) => c.resources?.limits?.cpu && c.resources?.limits?.memory && (!c.resources.requests || (c.resources.requests.cpu === c.resources.limits.cpu && c.resources.requests.memory === c.resources.limits.memory)));
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
