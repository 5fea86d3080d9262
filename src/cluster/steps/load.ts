/**
 * `load: { target: deployment/web, cpu: [300m, 500m] }`: the pods of a
 * workload start using that much CPU (in pod-name order; the last value
 * repeats). metrics-server sees it at its next scrape of each node's kubelet
 * (`GET /metrics/resource`), which the trace shows.
 */
import type { LoadStep } from '../../scenario/types.ts';
import type { Cluster } from '../boot/cluster.ts';
import { isPodActive } from '../core/object-helpers.ts';
import type { KubectlResult } from '../kubectl/index.ts';
import { controllerOf, type Obj } from '../core/object.ts';
import { metricsServerComponent, setLoad } from '../components/metrics-server.ts';
import type { World } from '../components/world.ts';

export const LOAD_NOTE =
  'A load step sets the CPU each current pod of a workload uses; when the HPA changes the number of running pods, that total is spread evenly over them (a Service balancing the requests). metrics-server keeps its latest sample per pod; its 15 s scrapes are shown once, when the load changes.';

/** `default/Deployment/web`: how the HPA controller and metrics-server name a workload. */
export function workloadKey(namespace: string, kind: string, name: string): string {
  return `${namespace}/${kind}/${name}`;
}

const KINDS: Record<string, string> = { deployment: 'Deployment', deployments: 'Deployment', deploy: 'Deployment', replicaset: 'ReplicaSet', rs: 'ReplicaSet', statefulset: 'StatefulSet', sts: 'StatefulSet' };

/** The active pods of a Deployment (through its ReplicaSets), ReplicaSet or StatefulSet, by name. */
export function workloadPods(w: World, namespace: string, kind: string, name: string): Obj[] {
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

export function runLoadStep(cluster: Cluster, step: LoadStep): { command: string; result?: KubectlResult } {
  const { w } = cluster;
  const ns = step.namespace ?? 'default';
  const command = `load ${step.target} cpu=${step.cpuMillis.map((m) => `${m}m`).join(',')}`;
  const [type, name] = step.target.split('/') as [string, string | undefined];
  const kind = KINDS[type];
  if (!kind || !name) return { command, result: { stdout: '', stderr: `kubescene: load target must be deployment/NAME, replicaset/NAME or statefulset/NAME\n`, exitCode: 1 } };
  const pods = workloadPods(w, ns, kind, name).filter((p) => p.status?.phase === 'Running');
  if (pods.length === 0) return { command, result: { stdout: '', stderr: `kubescene: ${step.target} has no running pods\n`, exitCode: 1 } };
  const usage = step.cpuMillis.map((cpu, i) => ({ cpuMillis: cpu, ...(step.memoryBytes ? { memoryBytes: step.memoryBytes[Math.min(i, step.memoryBytes.length - 1)]! } : {}) }));
  setLoad(w, workloadKey(ns, kind, name), pods, usage);
  // metrics-server's next scrape of each node that runs one of the pods.
  const ms = metricsServerComponent(w);
  const byNode = new Map<string, string[]>();
  pods.forEach((p, i) => {
    const node = p.spec?.nodeName as string;
    byNode.set(node, [...(byNode.get(node) ?? []), `${p.metadata.name}=${usage[Math.min(i, usage.length - 1)]!.cpuMillis}m`]);
  });
  for (const node of [...byNode.keys()].sort()) {
    const kubelet = `kubelet@${node}`;
    const req = w.rec.emit({ type: 'request', from: ms, to: kubelet, method: 'GET', path: '/metrics/resource', summary: 'GET /metrics/resource (scrape)', cause: null });
    w.rec.emit({ type: 'response', from: kubelet, to: ms, status: 200, result: 'ok', summary: `200 OK cpu ${byNode.get(node)!.join(', ')}`, cause: req });
  }
  return { command, result: { stdout: `${pods.length} pod(s) of ${step.target} now use ${pods.map((_, i) => `${usage[Math.min(i, usage.length - 1)]!.cpuMillis}m`).join(', ')} CPU\n`, stderr: '', exitCode: 0 } };
}
