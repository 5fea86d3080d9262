/**
 * metrics-server (kube-system add-on): scrapes every kubelet's
 * `/metrics/resource` every 15 s and serves the resource metrics API
 * `metrics.k8s.io/v1beta1` through the API server's aggregation layer
 * (an APIService: the API server authenticates and authorizes the request,
 * then proxies it). Usage comes from `load` steps: a `load` step sets the CPU
 * (and memory) each current pod of a workload uses; the total is the demand,
 * and when the set of running pods changes (the HPA scaled the workload) the
 * Service spreads that demand evenly over the running pods.
 *
 * Simplification (recorded in the trace: LOAD_NOTE, ../simplifications/index.ts):
 * the periodic scrapes are not recorded, only the one after a `load` step
 * (../steps/load.ts), and a running pod has metrics at once, where a real
 * metrics-server computes a CPU rate from two scrapes (metrics-server
 * pkg/storage/pod.go: `prev`, the points of the scrape before the last one).
 */
import { LATENCY } from '../kernel/clock.ts';
import { isPodActive } from '../core/object-helpers.ts';
import { controllerOf, type Obj } from '../core/object.ts';
import type { PodObj } from '../core/typed.ts';
import type { World } from './world.ts';

/** `default/Deployment/web`: how the HPA controller and metrics-server name a workload. */
export function workloadKey(namespace: string, kind: string, name: string): string {
  return `${namespace}/${kind}/${name}`;
}

/** The active pods of a Deployment (through its ReplicaSets), ReplicaSet or StatefulSet, by name. */
export function workloadPods(w: World, namespace: string, kind: string, name: string): PodObj[] {
  const cache = w.api.cache;
  const owners = new Set<string>();
  if (kind === 'Deployment') {
    for (const rs of cache.list('ReplicaSet', namespace)) {
      const ref = controllerOf(rs);
      if (ref?.kind === 'Deployment' && ref.name === name) owners.add(`ReplicaSet/${rs.metadata.name}`);
    }
  } else owners.add(`${kind}/${name}`);
  return cache
    .list('Pod', namespace)
    .filter((p) => isPodActive(p) && owners.has(`${controllerOf(p)?.kind}/${controllerOf(p)?.name}`))
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}

export const METRICS_SERVER = 'metrics-server';
/**
 * metrics-server's --metric-resolution as its deployment manifests set it (manifests/base/deployment.yaml,
 * the Helm chart); the binary's own default is 60 s (cmd/metrics-server/app/options/options.go).
 */
export const METRIC_RESOLUTION_MS = 15_000;

export interface PodUsage {
  cpuMillis: number;
  memoryBytes?: number;
}

interface Demand {
  /** Pod names and their usage when the load was set. */
  perPod: Map<string, PodUsage>;
}

class MetricsServer {
  /** Workload key (`default/deployment/web`) → demand. */
  private readonly demands = new Map<string, Demand>();
  /** Pod key → workload key. */
  private readonly podWorkload = new Map<string, string>();

  constructor(readonly w: World) {}

  setLoad(workload: string, pods: Obj[], usage: PodUsage[]): void {
    const perPod = new Map<string, PodUsage>();
    pods.forEach((p, i) => {
      perPod.set(podKey(p), usage[Math.min(i, usage.length - 1)]!);
      this.podWorkload.set(podKey(p), workload);
    });
    this.demands.set(workload, { perPod });
  }

  /** Usage of each pod in `pods` (running pods of one workload); undefined when no load was ever set. */
  usageOf(workload: string, pods: PodObj[]): Map<string, PodUsage> {
    const out = new Map<string, PodUsage>();
    const d = this.demands.get(workload);
    const running = pods.filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp);
    if (!d) {
      for (const p of running) out.set(p.metadata.name, { cpuMillis: 0 });
      return out;
    }
    const same = running.length === d.perPod.size && running.every((p) => d.perPod.has(podKey(p)));
    if (same) {
      for (const p of running) out.set(p.metadata.name, d.perPod.get(podKey(p))!);
      return out;
    }
    const total = [...d.perPod.values()].reduce((s, u) => s + u.cpuMillis, 0);
    const mem = [...d.perPod.values()].reduce((s, u) => s + (u.memoryBytes ?? 0), 0);
    const n = Math.max(1, running.length);
    for (const p of running) out.set(p.metadata.name, { cpuMillis: Math.round(total / n), ...(mem > 0 ? { memoryBytes: Math.round(mem / n) } : {}) });
    return out;
  }
}

const servers = new WeakMap<World, MetricsServer>();

function serverOf(w: World): MetricsServer {
  let s = servers.get(w);
  if (!s) servers.set(w, (s = new MetricsServer(w)));
  return s;
}

/** Registers the metrics-server component (drawn on the first worker, like its pod in kube-system). */
export function metricsServerComponent(w: World): string {
  const nodes = w.api.cache.list('Node').map((n) => n.metadata.name).sort();
  w.rec.addComponent({ id: METRICS_SERVER, kind: 'metrics-server', name: 'metrics-server', host: nodes[0] ?? null, group: 'node', namespace: 'kube-system' });
  return METRICS_SERVER;
}

export function setLoad(w: World, workload: string, pods: Obj[], usage: PodUsage[]): void {
  serverOf(w).setLoad(workload, pods, usage);
}

/**
 * `GET /apis/metrics.k8s.io/v1beta1/namespaces/NS/pods?labelSelector=…` from
 * `from`, through the API server's aggregation layer to metrics-server.
 * Calls `done` with each running pod's usage and the id of the response event.
 */
export function queryPodMetrics(
  w: World,
  from: string,
  namespace: string,
  selectorText: string,
  workload: string,
  pods: PodObj[],
  cause: string,
  done: (usage: Map<string, PodUsage>, eventId: string) => void,
): void {
  const ms = metricsServerComponent(w);
  const api = w.api.id;
  const path = `/apis/metrics.k8s.io/v1beta1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(selectorText)}`;
  const resource = { apiVersion: 'metrics.k8s.io/v1beta1', kind: 'PodMetrics', resource: 'pods', namespace };
  const req = w.rec.emit({ type: 'request', from, to: api, verb: 'list', method: 'GET', path, resource, summary: 'GET pods.metrics.k8s.io', cause });
  w.clock.after(LATENCY.clientToApi, () => {
    const auth = w.rec.emit({ type: 'phase', from: api, to: api, phase: 'other', summary: 'aggregation layer: APIService v1beta1.metrics.k8s.io → proxy to metrics-server', cause: req });
    const proxied = w.rec.emit({ type: 'request', from: api, to: ms, verb: 'list', method: 'GET', path, resource, summary: 'GET pods.metrics.k8s.io (proxied)', cause: auth });
    w.clock.after(LATENCY.clientToApi, () => {
      const usage = serverOf(w).usageOf(workload, pods);
      const list = [...usage].map(([n, u]) => `${n}=${u.cpuMillis}m`).join(' ');
      const back = w.rec.emit({ type: 'response', from: ms, to: api, verb: 'list', status: 200, result: 'ok', resource, summary: `200 OK PodMetrics (${usage.size})`, detail: list, cause: proxied });
      w.clock.after(LATENCY.clientToApi, () => {
        const res = w.rec.emit({ type: 'response', from: api, to: from, verb: 'list', method: 'GET', status: 200, result: 'ok', resource, summary: `200 OK pods.metrics.k8s.io (${usage.size})`, cause: back });
        done(usage, res);
      });
    });
  });
}

function podKey(p: Obj): string {
  return `${p.metadata.namespace}/${p.metadata.name}`;
}

const notInstalled = new WeakSet<World>();

/** `cluster.metricsServer: false`: the cluster has no metrics-server (no `metrics.k8s.io` APIService). */
export function removeMetricsServer(w: World): void {
  notInstalled.add(w);
}

/** What the HPA controller reports when the resource metrics API is not served (no metrics-server). */
export const NO_METRICS_API = 'unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)';

export function metricsServerInstalled(w: World): boolean {
  return !notInstalled.has(w);
}

/** The latest sample of each running pod of one workload (`kubectl top`, the HPA's view): see `usageOf`. */
export function workloadUsage(w: World, workload: string, pods: PodObj[]): Map<string, PodUsage> {
  return serverOf(w).usageOf(workload, pods);
}
