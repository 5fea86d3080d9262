/**
 * `load: { target: deployment/web, cpu: [300m, 500m] }`: the pods of a
 * workload start using that much CPU (in pod-name order; the last value
 * repeats). metrics-server sees it at its next scrape of each node's kubelet
 * (`GET /metrics/resource`), which the trace shows.
 */
import type { LoadStep } from '../../scenario/types.ts';
import type { Cluster } from '../boot/cluster.ts';
import type { KubectlResult } from '../kubectl/index.ts';
import { metricsServerComponent, setLoad, workloadKey, workloadPods } from '../components/metrics-server.ts';

const KINDS: Record<string, string> = { deployment: 'Deployment', deployments: 'Deployment', deploy: 'Deployment', replicaset: 'ReplicaSet', rs: 'ReplicaSet', statefulset: 'StatefulSet', sts: 'StatefulSet' };

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
