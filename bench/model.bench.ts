/**
 * The cluster model at scale: a 10,000-replica Deployment on 1,000 nodes,
 * against a 1,000-replica / 100-node baseline in the same run (10× the pods
 * and 10× the nodes should cost about 10×, not 100×).
 */
import { simulate } from '../src/cluster/index.ts';
import type { Scenario } from '../src/scenario/types.ts';
import type { BenchFigure } from './types.ts';

export function scaleScenario(replicas: number, nodes: number): Scenario {
  return {
    name: `scale-${replicas}-${nodes}`,
    title: `${replicas} replicas on ${nodes} nodes`,
    description: '',
    seed: 0,
    source: 'bench',
    cluster: {
      kubernetes: '1.31',
      controlPlane: { apiServers: 1, etcd: 1 },
      proxyMode: 'iptables',
      nodes: Array.from({ length: nodes }, (_, i) => ({
        name: `pool-${i + 1}`,
        cpuMillis: 16_000,
        memoryBytes: 64 * 2 ** 30,
        pods: 110,
        labels: {},
        taints: [],
        images: ['nginx:1.27'],
      })),
      users: [{ name: 'admin', groups: ['system:masters'] }],
    },
    files: {},
    steps: [
      {
        type: 'kubectl',
        number: 1,
        title: 'create',
        pos: { line: 1, column: 1 },
        expect: [],
        command: `create deployment web --image=nginx:1.27 --replicas=${replicas}`,
        argv: ['create', 'deployment', 'web', '--image=nginx:1.27', `--replicas=${replicas}`],
        as: 'admin',
      },
    ],
    diagrams: { sequence: {}, flowchart: {}, architecture: {} },
    digest: '0'.repeat(64),
    inputs: [],
  };
}

function measure(replicas: number, nodes: number): { ms: number; cpuMs: number; peakMiB: number; events: number; running: number } {
  (globalThis as { gc?: () => void }).gc?.();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const trace = simulate(scaleScenario(replicas, nodes), { etcdHistory: false });
  const ms = performance.now() - t0;
  // CPU time too: on a loaded machine wall time says more about the neighbours than about the model.
  const cpuMs = process.cpuUsage(c0).user / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { ms, cpuMs, peakMiB: peak / 2 ** 20, events: trace.events.length, running: trace.outcome.pods.filter((p) => p.phase === 'Running').length };
}

export async function run(): Promise<BenchFigure[]> {
  const base = measure(1000, 100);
  const big = measure(10_000, 1000);
  return [
    { name: 'simulate 1k replicas on 100 nodes', ms: base.ms, peakMiB: base.peakMiB, note: `cpu: ${base.cpuMs.toFixed(0)} ms, events: ${base.events}, running: ${base.running}` },
    { name: 'simulate 10k replicas on 1k nodes', ms: big.ms, peakMiB: big.peakMiB, baseline: 'simulate 1k replicas on 100 nodes', note: `cpu: ${big.cpuMs.toFixed(0)} ms, events: ${big.events}, running: ${big.running}` },
  ];
}
