/**
 * A deterministic, realistic API server audit log (audit.k8s.io/v1 JSON
 * lines) of any size, for the import-audit scale test and measurements:
 * users (kubectl users, controllers, kubelets), every verb, 403/404/409
 * answers, and both RequestReceived and ResponseComplete stages, interleaved
 * as the API server writes them.
 *
 *   node --import tsx scripts/audit-log.ts 100000 > /tmp/audit-100k.log
 */
import { Prng } from '../src/common/prng.ts';

const USERS = [
  { username: 'alice', groups: ['dev', 'system:authenticated'], agent: 'kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46' },
  { username: 'bob', groups: ['ops', 'system:authenticated'], agent: 'kubectl/v1.30.5 (darwin/arm64) kubernetes/74e84a9' },
  { username: 'system:kube-controller-manager', groups: ['system:authenticated'], agent: 'kube-controller-manager/v1.31.2 (linux/amd64) kubernetes/5864a46/leader-election' },
  { username: 'system:kube-scheduler', groups: ['system:authenticated'], agent: 'kube-scheduler/v1.31.2 (linux/amd64) kubernetes/5864a46/scheduler' },
  { username: 'system:node:worker-1', groups: ['system:nodes', 'system:authenticated'], agent: 'kubelet/v1.31.2 (linux/amd64) kubernetes/5864a46' },
  { username: 'system:serviceaccount:ci:deployer', groups: ['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated'], agent: 'argocd-application-controller/v0.0.0 (linux/amd64) kubernetes/$Format' },
];
const RESOURCES = [
  { resource: 'pods', group: '', version: 'v1' },
  { resource: 'deployments', group: 'apps', version: 'v1' },
  { resource: 'configmaps', group: '', version: 'v1' },
  { resource: 'leases', group: 'coordination.k8s.io', version: 'v1' },
  { resource: 'events', group: '', version: 'v1' },
  { resource: 'services', group: '', version: 'v1' },
];
const VERBS = ['get', 'get', 'get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const STATUS: Record<string, number> = { create: 201 };

function iso(ms: number, micros: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_, m: string) => `.${m}${String(micros).padStart(3, '0')}Z`);
}

/** `lines` audit events (half requests × two stages), deterministic for a seed. */
export function* auditLogLines(lines: number, seed = 1): Generator<string> {
  const rng = new Prng(seed, 'audit-log');
  const t0 = Date.UTC(2025, 0, 1);
  let t = t0;
  const open: { id: string; ev: Record<string, unknown>; due: number }[] = [];
  let written = 0;
  let n = 0;
  const emit = (ev: Record<string, unknown>): string => {
    written++;
    return JSON.stringify(ev);
  };
  while (written < lines) {
    // Close the requests that are due (their ResponseComplete), then open one more.
    while (open.length > 0 && (open[0]!.due <= t || written + open.length >= lines) && written < lines) {
      const o = open.shift()!;
      const code = o.ev.verb === 'watch' ? 200 : rng.int(20) === 0 ? 403 : rng.int(25) === 0 ? 404 : rng.int(40) === 0 ? 409 : (STATUS[o.ev.verb as string] ?? 200);
      const status = code < 400 ? { metadata: {}, code } : { metadata: {}, status: 'Failure', reason: code === 403 ? 'Forbidden' : code === 404 ? 'NotFound' : 'Conflict', code, message: `${String((o.ev.objectRef as Record<string, string>).resource)} "${String((o.ev.objectRef as Record<string, string>).name ?? '')}" ${code === 403 ? 'is forbidden' : code === 404 ? 'not found' : 'already exists'}` };
      yield emit({ ...o.ev, stage: 'ResponseComplete', stageTimestamp: iso(o.due, rng.int(1000)), responseStatus: status, annotations: { 'authorization.k8s.io/decision': code === 403 ? 'forbid' : 'allow', 'authorization.k8s.io/reason': code === 403 ? '' : 'RBAC: allowed by ClusterRoleBinding "system:controller" of ClusterRole "system:controller" to User' } });
    }
    if (written >= lines) break;
    const u = rng.pick(USERS);
    const r = rng.pick(RESOURCES);
    const verb = rng.pick(VERBS);
    const ns = rng.pick(['default', 'kube-system', 'shop', 'ci']);
    const name = verb === 'list' || verb === 'watch' ? undefined : `${r.resource.slice(0, -1)}-${rng.int(500)}`;
    const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
    const uri = `${base}/namespaces/${ns}/${r.resource}${name && verb !== 'create' ? `/${name}` : ''}${verb === 'watch' ? '?allowWatchBookmarks=true&resourceVersion=12345&watch=true' : verb === 'list' ? '?limit=500' : ''}`;
    const id = `${(n++).toString(16).padStart(8, '0')}-${rng.string('0123456789abcdef', 4)}-4${rng.string('0123456789abcdef', 3)}-a${rng.string('0123456789abcdef', 3)}-${rng.string('0123456789abcdef', 12)}`;
    const ev: Record<string, unknown> = {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      auditID: id,
      stage: 'RequestReceived',
      requestURI: uri,
      verb,
      user: { username: u.username, groups: u.groups },
      sourceIPs: [`10.0.${rng.int(4)}.${rng.int(250) + 2}`],
      userAgent: u.agent,
      objectRef: { resource: r.resource, namespace: ns, ...(name ? { name } : {}), ...(r.group ? { apiGroup: r.group } : {}), apiVersion: r.version },
      requestReceivedTimestamp: iso(t, rng.int(1000)),
      stageTimestamp: iso(t, rng.int(1000)),
    };
    yield emit(ev);
    const due = t + (verb === 'watch' ? 60_000 + rng.int(240_000) : 1 + rng.int(40));
    open.push({ id, ev, due });
    open.sort((a, b) => a.due - b.due);
    t += rng.int(120);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 100_000);
  let batch = '';
  for (const l of auditLogLines(count)) {
    batch += `${l}\n`;
    if (batch.length > 1 << 20) {
      process.stdout.write(batch);
      batch = '';
    }
  }
  process.stdout.write(batch);
}
