/**
 * Readiness probes (the kubelet's prober): a container with a readinessProbe
 * starts not ready; the first probe runs `initialDelaySeconds` after it
 * started, and on success the kubelet marks the container — and, when all are
 * ready, the Pod (Ready, ContainersReady) — ready. Until then the Pod gets no
 * traffic, and a rolling update does not count it as available: readiness
 * gates the rollout. The probe always succeeds in the model (the application
 * is healthy); it is a background timer, so it fires when time passes.
 */
import { nodeIdentity } from '../../apiserver/identity.ts';
import { clone, timestamp, type Obj } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import { backgroundAfter } from '../timers.ts';
import { Client, statusPatch, type World } from '../world.ts';
import type { Kubelet } from './kubelet.ts';

const POD = resourceForKind('Pod')!;

/* eslint-disable @typescript-eslint/no-explicit-any -- container specs are plain JSON */
export function hasReadinessProbe(c: any): boolean {
  return Boolean(c?.readinessProbe);
}

export function podHasReadinessProbe(pod: Obj): boolean {
  return (pod.spec?.containers ?? []).some(hasReadinessProbe);
}

/** What the probe checks, as the kubelet logs it (`HTTP GET :80/`, `TCP :5432`, `exec cat /tmp/ready`). */
function describeProbe(p: any): string {
  if (p.httpGet) return `HTTP GET :${p.httpGet.port}${p.httpGet.path ?? '/'}`;
  if (p.tcpSocket) return `TCP :${p.tcpSocket.port}`;
  if (p.exec) return `exec ${(p.exec.command ?? []).join(' ')}`;
  if (p.grpc) return `gRPC :${p.grpc.port}`;
  return 'probe';
}

/**
 * Schedules the first readiness probe of every probed container of `pod`
 * (just started on kubelet `k`); `cause` is the event that started them.
 */
export function scheduleReadinessProbes(w: World, k: Kubelet, pod: Obj, cause: string, only?: string): void {
  for (const c of pod.spec?.containers ?? []) {
    if (!hasReadinessProbe(c) || (only !== undefined && c.name !== only)) continue;
    const delay = (c.readinessProbe.initialDelaySeconds ?? 0) * 1000;
    const startedUid = pod.metadata.uid;
    backgroundAfter(w, delay, () => probe(w, k, pod.metadata.namespace!, pod.metadata.name, startedUid, c, cause));
  }
}

function probe(w: World, k: Kubelet, namespace: string, name: string, uid: string | undefined, c: any, cause: string): void {
  const live = w.api.cache.get('Pod', `/registry/pods/${namespace}/${name}`);
  const cs = (live?.status?.containerStatuses ?? []).find((x: any) => x.name === c.name);
  if (!live || live.metadata.uid !== uid || live.metadata.deletionTimestamp || !k.up || !cs?.state?.running || cs.ready) return;
  const target = `container:${namespace}/${name}/${c.name}`;
  const req = w.rec.emit({ type: 'request', from: k.id, to: target, action: 'readiness-probe', summary: `readiness probe ${describeProbe(c.readinessProbe)}`, cause });
  const res = w.rec.emit({ type: 'response', from: target, to: k.id, action: 'readiness-probe', result: 'ok', summary: c.readinessProbe.httpGet ? '200 OK' : 'success', cause: req });
  const now = timestamp(w.clock.now());
  new Client(w, k.id, nodeIdentity(k.node)).call(statusPatch(POD, { namespace: namespace, name: name }, (p) => {
      if (p.metadata.deletionTimestamp) return null;
      const s = clone(p.status ?? {});
      s.containerStatuses = (s.containerStatuses ?? []).map((x: any) => (x.name === c.name ? { ...x, ready: true } : x));
      if (s.containerStatuses.every((x: any) => x.ready)) {
        s.conditions = (s.conditions ?? []).map((cond: any) =>
          (cond.type === 'Ready' || cond.type === 'ContainersReady') && cond.status !== 'True' ? { type: cond.type, status: 'True', lastProbeTime: null, lastTransitionTime: now } : cond,
        );
      }
      p.status = s;
      return p;
    }, res, `${name} ${c.name} ready`));
}

/** Ready / ContainersReady as a just-started pod reports them: False while a probe has yet to pass. */
export function notReadyCondition(type: string, pod: Obj, now: string): any {
  const names = (pod.spec?.containers ?? []).filter(hasReadinessProbe).map((c: any) => c.name);
  return { type, status: 'False', lastProbeTime: null, lastTransitionTime: now, reason: 'ContainersNotReady', message: `containers with unready status: [${names.join(' ')}]` };
}
/* eslint-enable @typescript-eslint/no-explicit-any */
