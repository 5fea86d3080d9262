/**
 * The simplifications of the platform features, added to a trace only when
 * the scenario uses the feature (so unrelated traces stay unchanged), and the
 * general notes they replace.
 */
import type { Scenario } from '../../scenario/types.ts';

const SEVERAL_API_SERVERS = 'With several API servers, every request goes to the first one.';
const NO_LEADER_ELECTION = 'Node heartbeats (Lease renewals and node status updates) and leader election are not shown.';

function usesSecrets(s: Scenario): boolean {
  const inFiles = Object.values(s.files).some((f) => f.objects.some((o) => o.kind === 'Secret'));
  const inCommands = s.steps.some((st) => st.type === 'kubectl' && /\bsecrets?\b/.test(st.command));
  return inFiles || inCommands;
}

export function platformSimplifications(s: Scenario, notes: readonly string[]): string[] {
  const out = [...notes];
  const replace = (old: string, ...by: string[]) => {
    const i = out.indexOf(old);
    if (i >= 0) out.splice(i, 1, ...by);
    else out.push(...by);
  };
  if (usesSecrets(s)) {
    out.push('Secret values are never recorded: kubectl -o yaml|json output in the trace shows "<redacted>" where real kubectl prints base64 (which is an encoding, not encryption).');
  }
  if (s.cluster.controlPlane.apiServers > 1) {
    replace(
      SEVERAL_API_SERVERS,
      'With several API servers, kubectl, kubelets and kube-proxy go through the load balancer (round-robin over the servers its health check considers up); kube-controller-manager and kube-scheduler talk to their leader\'s API server, which also sends every watch notification.',
    );
    replace(
      NO_LEADER_ELECTION,
      'Node heartbeats (Lease renewals and node status updates) are not shown.',
      'Leader election of kube-controller-manager and kube-scheduler is shown (Lease acquisition, standbys, take-over one lease duration after the leader\'s API server fails); the renewals every 2 s are folded away.',
    );
  }
  if (s.cluster.controlPlane.etcd > 1) {
    out.push('etcd\'s Raft leader is elected at once (PreVote, then RequestVote) when a majority is up and there is none: the first member up wins; kube-apiserver always talks to the leader; replication takes no extra simulated time. A write without quorum fails after etcd\'s 7 s request timeout and the leader steps down (CheckQuorum), at the end of the first round that finds no majority; the entry it appended is dropped (real etcd commits it once a leader holding it regains a majority).');
  }
  if (s.cluster.gitops) {
    out.push('The GitOps controller notices drift at its next poll; Argo CD also watches live objects and self-heals within seconds. It diffs manifests against live objects field by field (defaults set by the API server are not drift).');
  }
  const kubectl = s.steps.filter((st) => st.type === 'kubectl').map((st) => st.argv[0]);
  if (kubectl.includes('drain')) out.push('kubectl drain evicts through the Eviction API (PodDisruptionBudgets checked, refused evictions retried every 5 s); it waits for evicted pods without recording its polls, and without --timeout it gives up after 9 min of simulated time (kubectl would wait forever).');
  if (kubectl.includes('logs') || kubectl.includes('exec')) out.push('Container output comes from a small table per image (nginx\'s start-up lines, shell scripts\' echo) and a few known exec commands; other commands print nothing.');
  const refs = Object.values(s.files).some((f) => f.objects.some((o) => JSON.stringify(o).includes('configMapKeyRef') || JSON.stringify(o).includes('secretKeyRef') || JSON.stringify(o).includes('configMapRef') || JSON.stringify(o).includes('"configMap"') || JSON.stringify(o).includes('"secret"')));
  if (refs) out.push('The kubelet reads referenced ConfigMaps and Secrets with one GET each (real kubelets use a watch-based cache); a pod whose ConfigMap or Secret is missing is retried every 10 s (real kubelets back off exponentially), and only the first failure updates its status.');
  return out;
}
