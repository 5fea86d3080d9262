/** Test helpers: scenarios from YAML text, a bare cluster with a synchronous API call. */
import { parseScenario } from '../../src/scenario/index.ts';
import type { ClusterSpec, Scenario } from '../../src/scenario/types.ts';
import { buildCluster, type Cluster } from '../../src/cluster/boot/cluster.ts';
import type { ApiResponse } from '../../src/cluster/apiserver/types.ts';
import type { Call } from '../../src/cluster/components/world.ts';
import type { Identity } from '../../src/cluster/apiserver/identity.ts';
import { userIdentity } from '../../src/cluster/apiserver/identity.ts';
import { simulate } from '../../src/cluster/index.ts';
import type { Trace } from '../../src/trace/types.ts';

export function scenario(text: string, files: Record<string, string> = {}): Scenario {
  const r = parseScenario(text, 'test.yaml', (p) => files[p]);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.start?.line}:${d.start?.column} ${d.message}`).join('\n'));
  return r.value;
}

export function trace(text: string, files: Record<string, string> = {}): Trace {
  return simulate(scenario(text, files));
}

export const ADMIN = userIdentity('admin', ['system:masters']);

export function spec(nodes = 2): ClusterSpec {
  return {
    kubernetes: '1.31',
    controlPlane: { apiServers: 1, etcd: 1 },
    proxyMode: 'iptables',
    nodes: Array.from({ length: nodes }, (_, i) => ({ name: `worker-${i + 1}`, cpuMillis: 4000, memoryBytes: 8 * 2 ** 30, pods: 110, labels: {}, taints: [], images: [] })),
    users: [{ name: 'admin', groups: ['system:masters'] }],
  };
}

export function cluster(nodes = 2): Cluster {
  return buildCluster(spec(nodes), 0, '1.31');
}

/** Sends one request as `who` and runs the clock until everything settles; returns the response. */
export function call(c: Cluster, req: Omit<Call, 'cause'>, who: Identity = ADMIN): ApiResponse {
  let res: ApiResponse | undefined;
  c.w.api.call({ ...req, cause: null, from: 'kubectl', who }, (r) => (res = r));
  c.w.clock.runUntil(c.w.clock.now() + 600_000);
  if (!res) throw new Error('no response');
  return res;
}
