// The scale scenario of the model bench: one Deployment of REPLICAS nginx
// Pods on NODES identical nodes (a loaded Scenario, as the loader builds it).
export function scaleScenario(replicas, nodes) {
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
