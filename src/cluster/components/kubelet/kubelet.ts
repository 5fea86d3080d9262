/**
 * The kubelet of one node: watches the pods bound to its node (field selector
 * spec.nodeName), runs them through the container runtime over CRI
 * (RunPodSandbox → CNI ADD → PullImage as the pull policy says →
 * CreateContainer → StartContainer), reports pod status with a PATCH of
 * pods/status, and on deletion stops the containers and removes the pod.
 */
import { nodeIdentity } from '../../apiserver/identity.ts';
import type { WatchEvent } from '../../apiserver/types.ts';
import { series, type Task } from '../../core/async.ts';
import { isPodPhaseTerminal } from '../../core/pod-phase.ts';
import { LATENCY } from '../../kernel/clock.ts';
import { timestamp, type Obj } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import { Client, minor, statusPatch, type World } from '../world.ts';
import { imageSize, normalizeImage } from '../../core/images.ts';
import { formatDuration } from '../../../scenario/duration.ts';
import { completedInitStatuses, mountVolumes, qosClass, resolveEnv, type KubeletPort } from './pod-config.ts';
import { initContainerStarted, sidecarWaitingToStart, type InitPort } from './init-containers.ts';
import { reportVolumesInUse, unmountCsiVolumes } from './attach-wait.ts';
import { podCsiVolumes } from '../controllers/attach-detach.ts';
import { hasReadinessProbe, notReadyCondition, podHasReadinessProbe } from './readiness.ts';
import { containerBackoff, containersStarted, sidecarStarted, sidecarState, stopSidecars } from './crash.ts';
import { deletionGrace, isTerminating, stopSandbox, stopSidecars as stopTerminatingSidecars, terminatePod, terminationUpdated, type ContainerExit, type FinalReport, type TerminationPort } from './termination.ts';
import { isRestartableInitContainer, sidecarsOf } from './sidecars.ts';
import { watchActiveDeadline } from './active-deadline.ts';
import { type Container, type PodObj, asPod } from '../../core/typed.ts';

const POD = resourceForKind('Pod')!;
const MiB = 1024 * 1024;

export class Kubelet {
  readonly id: string;
  readonly runtime: string;
  /** 1.23 profile: the kubelet's built-in dockershim translates CRI into Docker Engine API calls. */
  readonly shim: string | undefined;
  readonly cni: string;
  private readonly client: Client;
  private readonly images: Set<string>;
  private readonly pulling = new Map<string, (() => void)[]>();
  private readonly running = new Set<string>();
  /** The pods it runs, as last seen (a force-deleted one is stopped from this copy). */
  private readonly runningPods = new Map<string, PodObj>();
  private nextIp = 2;
  /** A stopped kubelet (node down) does nothing (fault hook). */
  up = true;
  /** The Node object this kubelet registers (./node-object.ts); set when the cluster is built. */
  registration?: () => Obj;

  constructor(
    private readonly w: World,
    readonly node: string,
    /** Index of the node (its pod CIDR is the N-th /24 of 10.244.0.0/16, as kube-controller-manager allocates them). */
    readonly nodeIndex: number,
    images: string[],
  ) {
    this.id = `kubelet@${node}`;
    const legacy = minor(w) <= 23;
    this.runtime = legacy ? `docker@${node}` : `containerd@${node}`;
    this.shim = legacy ? `dockershim@${node}` : undefined;
    this.cni = `cni@${node}`;
    this.images = new Set(images.map(normalizeImage));
    this.client = new Client(w, this.id, nodeIdentity(node));
    w.rec.addComponent({ id: this.id, kind: 'kubelet', name: 'kubelet', host: node, group: 'node' });
    if (this.shim) {
      w.rec.addComponent({ id: this.shim, kind: 'dockershim', name: 'dockershim', host: node, group: 'node', parent: this.id });
      w.rec.addComponent({ id: this.runtime, kind: 'docker-engine', name: 'Docker Engine', host: node, group: 'node' });
    } else {
      w.rec.addComponent({ id: this.runtime, kind: 'container-runtime', name: 'containerd', host: node, group: 'node' });
    }
    w.rec.addComponent({ id: this.cni, kind: 'cni', name: 'CNI plugin', host: node, group: 'node' });
    w.api.watch({ component: this.id, kinds: ['Pod'], nodeName: node, filter: (o, t, old) => this.wants(o, t, old), handler: (e) => this.onPod(e) });
  }

  /** The node's pod CIDR: 10.244.<N>.0/24 (continuing into 10.245… beyond 255 nodes). */
  podCidr(): string {
    return `${this.ipOf(0)}/24`;
  }

  imageList(): string[] {
    return [...this.images].sort();
  }

  private ipOf(host: number): string {
    const n = (244 << 16) + (this.nodeIndex + 1) * 256 + host;
    return `10.${(n >> 16) & 0xff}.${(n >> 8) & 0xff}.${n & 0xff}`;
  }

  private wants(o: Obj, t: string, old?: Obj): boolean {
    if (!this.up) return false;
    if (t === 'ADDED') return true;
    // A shorter grace period matters only while it terminates (the pod's own final grace-0 DELETE shortens it too).
    if (t === 'MODIFIED') return Boolean(o.metadata.deletionTimestamp) && (!old?.metadata.deletionTimestamp || (shortened(o, old) && isTerminating(this, `${o.metadata.namespace}/${o.metadata.name}`)));
    // Force-deleted (grace 0) while it runs: the kubelet still stops it and unmounts its volumes (HandlePodCleanups).
    if (t === 'DELETED') return this.running.has(`${o.metadata.namespace}/${o.metadata.name}`);
    return false;
  }

  private onPod(e: WatchEvent): void {
    const pod = asPod(e.object);
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    // Already terminating: a later DELETE may shorten the grace period, or force-delete it (pod_workers.go UpdatePod).
    if (isTerminating(this, key)) return terminationUpdated(this.terminationPort(), key, pod, e.type === 'DELETED');
    if (e.type === 'DELETED') return this.killPod(pod, e.cause, true);
    if (pod.metadata.deletionTimestamp) return this.killPod(pod, e.cause);
    if (e.type === 'ADDED') this.syncPod(pod, e.cause);
  }

  private syncPod(pod: PodObj, cause: string): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const podId = `pod:${key}`;
    this.w.rec.addComponent({ id: podId, kind: 'pod', name: pod.metadata.name, host: this.node, group: 'workload', namespace: pod.metadata.namespace });
    const ip = this.ipOf(this.nextIp++);
    let last = cause;
    const containers: Container[] = pod.spec.containers ?? [];
    const inits: Container[] = pod.spec.initContainers ?? [];
    const tasks: Task[] = [
      // Volumes (ConfigMaps, Secrets, emptyDirs) are set up before the sandbox: ./pod-config.ts.
      (next) => mountVolumes(this.port(), pod, podId, () => last, (id) => (last = id), next),
      (next) => {
        last = this.cri('run-pod-sandbox', `RunPodSandbox ${pod.metadata.name}`, last);
        this.w.clock.after(LATENCY.cri, () => {
          const cni = this.w.rec.emit({ type: 'request', from: this.runtime, to: this.cni, action: 'cni-add', summary: `CNI ADD ${pod.metadata.name}`, cause: last });
          this.w.clock.after(LATENCY.sandbox, () => {
            const res = this.w.rec.emit({ type: 'response', from: this.cni, to: this.runtime, action: 'cni-add', result: 'ok', summary: `assigned ${ip}`, cause: cni, attrs: { ip, podCIDR: this.podCidr() } });
            last = this.w.rec.emit({ type: 'action', from: this.runtime, to: podId, action: 'create-sandbox', summary: `sandbox ready (${ip})`, cause: res, attrs: { ip } });
            next();
          });
        });
      },
      // Init containers run one at a time, each to completion, before the app containers;
      // a sidecar (restartPolicy Always) only until it has started, then keeps running (./sidecars.ts).
      ...inits.map((c, i): Task => (next) =>
        this.startContainer(pod, c, () => last, (id) => (last = id), () => {
          if (!isRestartableInitContainer(c)) return initContainerStarted(this.initPort(), pod, i, ip, () => last, (id) => (last = id), next);
          sidecarStarted(this.w, this, pod, c, last, next);
          if (c.startupProbe) sidecarWaitingToStart(this.initPort(), pod, i, ip, () => last);
        })),
      ...containers.map((c): Task => (next) => this.startContainer(pod, c, () => last, (id) => (last = id), next)),
    ];
    series(tasks, () => this.w.clock.after(LATENCY.statusSync, () => this.reportRunning(pod, ip, last)));
    this.running.add(key);
    this.runningPods.set(key, pod);
    // The pod's spec.activeDeadlineSeconds, from this first sync (./active-deadline.ts).
    watchActiveDeadline({ ...this.port(), up: () => this.up, terminate: (p, c, report) => this.killPod(p, c, false, report) }, pod, cause);
  }

  private startContainer(pod: PodObj, c: Container, getLast: () => string, setLast: (id: string) => void, done: () => void): void {
    const image = normalizeImage(c.image!);
    const cid = `container:${pod.metadata.namespace}/${pod.metadata.name}/${c.name}`;
    this.w.rec.addComponent({ id: cid, kind: 'container', name: c.name, host: this.node, group: 'workload', parent: `pod:${pod.metadata.namespace}/${pod.metadata.name}`, namespace: pod.metadata.namespace });
    // The container's environment (ConfigMap/Secret refs) is resolved right before CreateContainer.
    const create = (): void => resolveEnv(this.port(), pod, c, getLast, setLast, () => {
      setLast(this.cri('create-container', `CreateContainer ${c.name}`, getLast()));
      this.w.clock.after(LATENCY.createContainer, () => {
        this.event(pod, 'Created', `Created container ${c.name}`, getLast(), fieldPath(pod, c));
        setLast(this.cri('start-container', `StartContainer ${c.name}`, getLast()));
        this.w.clock.after(LATENCY.containerStart, () => {
          setLast(this.w.rec.emit({ type: 'action', from: this.runtime, to: cid, action: 'start-container', summary: `start ${c.name} (${c.image})`, cause: getLast() }));
          this.event(pod, 'Started', `Started container ${c.name}`, getLast(), fieldPath(pod, c));
          done();
        });
      });
    });
    const policy = c.imagePullPolicy ?? 'IfNotPresent';
    if (policy !== 'Always' && this.images.has(image) && !this.pulling.has(image)) {
      this.event(pod, 'Pulled', `Container image "${c.image}" already present on machine`, getLast(), fieldPath(pod, c));
      return create();
    }
    if (policy === 'Never' && !this.images.has(image)) {
      this.event(pod, 'ErrImageNeverPull', `Container image "${c.image}" is not present with pull policy of Never`, getLast(), fieldPath(pod, c), 'Warning');
      return;
    }
    const waiters = this.pulling.get(image);
    if (waiters && policy !== 'Always') {
      // kubelet pulls serially: this pod waits for the pull in progress.
      waiters.push(() => {
        this.event(pod, 'Pulled', `Container image "${c.image}" already present on machine`, getLast(), fieldPath(pod, c));
        create();
      });
      return;
    }
    this.pull(pod, c, image, getLast, setLast, create);
  }

  private pull(pod: PodObj, c: Container, image: string, getLast: () => string, setLast: (id: string) => void, then: () => void): void {
    this.pulling.set(image, this.pulling.get(image) ?? []);
    this.event(pod, 'Pulling', `Pulling image "${c.image}"`, getLast(), fieldPath(pod, c));
    setLast(this.cri('pull-image', `PullImage ${c.image}`, getLast()));
    const size = imageSize(image);
    const ms = LATENCY.pullBase + Math.round((size / MiB) * LATENCY.pullPerMiB);
    this.w.rec.addComponent({ id: 'registry', kind: 'registry', name: 'image registry', host: null, group: 'external' });
    const req = this.w.rec.emit({ type: 'request', from: this.runtime, to: 'registry', action: 'pull-image', summary: `pull ${c.image}`, cause: getLast(), attrs: { bytes: size } });
    this.w.clock.after(ms, () => {
      setLast(this.w.rec.emit({ type: 'response', from: 'registry', to: this.runtime, action: 'pull-image', result: 'ok', summary: `${c.image} (${Math.round(size / MiB)} MiB)`, cause: req }));
      this.images.add(image);
      this.event(pod, 'Pulled', pulledMessage(c.image!, ms, size, minor(this.w)), getLast(), fieldPath(pod, c));
      const waiters = this.pulling.get(image) ?? [];
      this.pulling.delete(image);
      then();
      for (const wtr of waiters) wtr();
    });
  }

  private reportRunning(pod: PodObj, ip: string, cause: string): void {
    const now = timestamp(this.w.clock.now());
    const hostIP = this.hostIp();
    this.client.call(
      statusPatch(POD, pod.metadata, (obj) => {
        const live = asPod(obj);
        const scheduled = (live.status?.conditions ?? []).find((c) => c.type === 'PodScheduled');
        const cond = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now });
        const probing = podHasReadinessProbe(live);
        const completed = completedInitStatuses(live.spec, now, now, () => this.w.prng('container-ids').string('0123456789abcdef', 64));
        // Sidecars keep running, as started and ready as their probes say (./sidecars.ts).
        const sidecars = new Set(sidecarsOf(live.spec).map((c) => c.name));
        const initStatuses = completed?.map((cs) => {
          if (!sidecars.has(cs.name)) return cs;
          const old = (live.status?.initContainerStatuses ?? []).find((x) => x.name === cs.name);
          const known = sidecarState(this.w, this, live, cs.name) ?? { started: true, ready: true };
          if (old?.state?.running) return { ...old, ...known };
          return { ...cs, ...known, state: { running: { startedAt: now } } };
        });
        const unreadySidecars = (initStatuses ?? []).filter((cs) => sidecars.has(cs.name) && !cs.ready).map((cs) => cs.name);
        const ready = (type: string) => {
          if (unreadySidecars.length === 0) return probing ? notReadyCondition(type, live, now) : cond(type);
          const names = [...unreadySidecars, ...(live.spec.containers ?? []).filter(hasReadinessProbe).map((c) => c.name)];
          return { type, status: 'False', lastProbeTime: null, lastTransitionTime: now, reason: 'ContainersNotReady', message: `containers with unready status: [${names.join(' ')}]` };
        };
        live.status = {
          phase: 'Running',
          // PodReadyToStartContainers exists since 1.29 (PodHasNetwork before, behind a gate).
          // A readiness probe keeps Ready False until it first passes (./readiness.ts).
          conditions: [...(minor(this.w) >= 29 ? [cond('PodReadyToStartContainers')] : []), cond('Initialized'), ready('Ready'), ready('ContainersReady'), scheduled ?? cond('PodScheduled')],
          hostIP,
          hostIPs: [{ ip: hostIP }],
          podIP: ip,
          podIPs: [{ ip }],
          startTime: live.status?.startTime ?? now,
          qosClass: qosClass(live.spec),
          containerStatuses: (live.spec.containers ?? []).map((c) => ({
            name: c.name,
            image: normalizeImage(c.image!),
            imageID: '',
            containerID: `containerd://${this.w.prng('container-ids').string('0123456789abcdef', 64)}`,
            ready: !hasReadinessProbe(c),
            restartCount: 0,
            started: !c.startupProbe,
            state: { running: { startedAt: now } },
          })),
          ...(initStatuses ? { initContainerStatuses: initStatuses } : {}),
        };
        // `live` is already the API server's private copy.
        return live;
      }, cause, `${pod.metadata.name} Running`),
    );
    // Commands that end by themselves, and probes (./crash.ts, ./prober.ts).
    containersStarted(this.w, this, pod, cause);
  }

  /**
   * Terminates a pod gracefully (./termination.ts: preStop hooks, SIGTERM, SIGKILL at the end of the grace
   * period, the terminal phase in status), unmounts its volumes, then deletes the pod object (grace 0)
   * unless it is already `gone` (force-deleted) or `report` writes its own final status (the pod stays).
   */
  private killPod(pod: PodObj, cause: string, gone = false, report?: FinalReport): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    // Not running (never started, or terminal with its sandbox stopped): only the final DELETE is left.
    if (!this.running.has(key)) return this.podStopped(pod, cause, !gone, false);
    // With its own `report` (the active-deadline handler) the pod object stays.
    terminatePod(this.terminationPort(), key, pod, cause, gone, report ? (last) => this.podStopped(pod, last, false, true) : (last, del) => this.podStopped(pod, last, del, true), report);
  }

  /**
   * SyncTerminatedPod once a pod's containers and sandbox have stopped: its volumes are unmounted (`mounted`)
   * and leave status.volumesInUse, then the status manager deletes the pod object (grace 0) when `del` (the pod
   * is still there to delete: its final status written, not force-deleted meanwhile).
   */
  private podStopped(pod: PodObj, cause: string, del: boolean, mounted: boolean): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    let last = cause;
    this.running.delete(key);
    this.runningPods.delete(key);
    if (mounted) last = unmountCsiVolumes(this.w, this.id, pod, last);
    if (del) this.client.call({ verb: 'delete', resource: POD, namespace: pod.metadata.namespace, name: pod.metadata.name, gracePeriodSeconds: 0, cause: last, note: `${pod.metadata.name} (grace 0)` });
    if (!mounted) return;
    // Volumes no pod it still runs mounts leave status.volumesInUse: the attach/detach controller may detach them.
    const stillMounted = new Set(
      [...this.w.api.cache.podsOnNode(this.node)].filter((p) => this.running.has(`${p.metadata.namespace}/${p.metadata.name}`)).flatMap((p) => podCsiVolumes(this.w, p).map((v) => v.pv)),
    );
    const unused = podCsiVolumes(this.w, pod).filter((v) => !stillMounted.has(v.pv));
    if (unused.length > 0) reportVolumesInUse(this.w, (req, done) => this.client.call(req, done), this.node, { remove: unused }, last);
  }

  /**
   * ./crash.ts, ./init-containers.ts: the pod's terminal phase (Succeeded or Failed) is written and no container
   * runs any more. The pod worker moves to SyncTerminatingPod, whose killPod finds no container to stop and stops
   * the sandbox (killPodWithSyncResult: StopPodSandbox, the CNI plugin's DEL), then SyncTerminatedPod unmounts the
   * volumes. The pod object stays until someone deletes it; the kubelet then only sends the final DELETE.
   */
  podTerminal(pod: PodObj, cause: string): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (!this.up || !this.running.has(key) || isTerminating(this, key)) return;
    // No longer running from now on: a DELETE meanwhile finds nothing to stop.
    this.running.delete(key);
    stopSandbox(this.terminationPort(), pod, cause, (last) => this.podStopped(pod, last, false, true));
  }

  /** ./crash.ts: the sidecars of a pod whose app containers are done are stopped as killContainer does (./termination.ts). */
  stopSidecarContainers(pod: PodObj, cause: string, owns: () => boolean, stopped: (c: Container, last: string, exit?: ContainerExit) => void): void {
    stopTerminatingSidecars(this.terminationPort(), pod, cause, owns, stopped);
  }

  /** What ./termination.ts may use. */
  private terminationPort(): TerminationPort {
    return {
      w: this.w, k: this, cni: this.cni,
      call: (req, done) => this.client.call(req, done),
      event: (pod, reason, message, cause, fieldPath, type) => this.event(pod, reason, message, cause, fieldPath, type),
      cri: (action, summary, cause) => this.cri(action, summary, cause),
    };
  }

  /** What ./init-containers.ts may use. */
  private initPort(): InitPort {
    return {
      ...this.port(),
      up: () => this.up,
      start: (pod, c, getLast, setLast, done) => this.startContainer(pod, c, getLast, setLast, done),
      hostIp: () => this.hostIp(),
      sidecar: (pod, name) => sidecarState(this.w, this, pod, name),
      backoff: (pod, name) => containerBackoff(this.w, this, pod, name),
      stopSidecars: (pod, cause) => stopSidecars(this, pod, cause),
      podTerminal: (pod, cause) => this.podTerminal(pod, cause),
    };
  }

  /** What the hooks in ./pod-config.ts may use. */
  private port(): KubeletPort {
    return {
      w: this.w, id: this.id, runtime: this.runtime, node: this.node,
      call: (req, done) => this.client.call(req, done),
      event: (pod, reason, message, cause, fieldPath, type) => this.event(pod, reason, message, cause, fieldPath, type),
    };
  }

  /**
   * After the kubelet comes back (node up): it relists its pods and acts on
   * what it missed — pods deleted meanwhile are stopped and removed, pods
   * bound meanwhile are started. Returns the pods it still runs.
   */
  resync(cause: string): Obj[] {
    const pods = [...this.w.api.cache.podsOnNode(this.node)].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    const kept: Obj[] = [];
    // Pods force-deleted while it was away: stopped, their volumes unmounted.
    const known = new Set(pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
    for (const key of [...this.running].sort()) {
      const gone = this.runningPods.get(key);
      if (!known.has(key) && gone && !isTerminating(this, key)) this.killPod(gone, cause, true);
    }
    for (const pod of pods) {
      const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
      if (pod.metadata.deletionTimestamp) {
        if (!isTerminating(this, key)) this.killPod(pod, cause);
      } else if (!this.running.has(key)) {
        // A terminal pod is never started again (its pod worker goes straight to terminated).
        if (!isPodPhaseTerminal(pod.status?.phase)) this.syncPod(pod, cause);
      } else kept.push(pod);
    }
    return kept;
  }

  /** A CRI call; under the 1.23 profile it goes through dockershim as a Docker Engine API call. */
  private cri(action: string, summary: string, cause: string): string {
    if (!this.shim) return this.w.rec.emit({ type: 'request', from: this.id, to: this.runtime, action, summary, cause });
    const id = this.w.rec.emit({ type: 'request', from: this.id, to: this.shim, action, summary, cause });
    return this.w.rec.emit({ type: 'request', from: this.shim, to: this.runtime, action, summary: DOCKER_API[action] ?? summary, cause: id });
  }

  private event(pod: Obj, reason: string, message: string, cause: string, fieldPath: string, type: 'Normal' | 'Warning' = 'Normal'): void {
    this.client.event(pod, type, reason, message, { component: 'kubelet', host: this.node }, cause, undefined, fieldPath);
  }

  hostIp(): string {
    const n = this.nodeIndex + 10;
    return `192.168.${(n >> 8) & 0xff}.${n & 0xff}`;
  }
}

/** A later DELETE shortened the pod's pending grace period. */
function shortened(o: Obj, old: Obj): boolean {
  const now = deletionGrace(o);
  const before = deletionGrace(old);
  return now !== undefined && before !== undefined && now < before;
}

/** Docker Engine API calls dockershim makes for each CRI call (1.23 profile). */
const DOCKER_API: Record<string, string> = {
  'run-pod-sandbox': 'POST /containers/create (pause) + start',
  'pull-image': 'POST /images/create',
  'create-container': 'POST /containers/create',
  'start-container': 'POST /containers/{id}/start',
  'stop-container': 'POST /containers/{id}/stop',
  'stop-pod-sandbox': 'POST /containers/{id}/stop (pause)',
};

/** The kubelet's Pulled message: "including waiting" since 1.28, the image size since 1.30. */
function pulledMessage(image: string, ms: number, size: number, minorVersion: number): string {
  const d = formatDuration(ms);
  if (minorVersion >= 30) return `Successfully pulled image "${image}" in ${d} (${d} including waiting). Image size: ${size} bytes.`;
  if (minorVersion >= 28) return `Successfully pulled image "${image}" in ${d} (${d} including waiting)`;
  return `Successfully pulled image "${image}" in ${d}`;
}

/** The event's fieldPath for a container: spec.initContainers{name} for an init container (as the kubelet's ref manager). */
function fieldPath(pod: PodObj, c: Container): string {
  return (pod.spec.initContainers ?? []).includes(c) ? `spec.initContainers{${c.name}}` : `spec.containers{${c.name}}`;
}
