/**
 * A GitOps controller (Argo CD's application controller, in namespace
 * `argocd`) that keeps the cluster equal to a folder of a git repository.
 *
 * - A `git` step is a commit pushed to the repository (recorded as the push).
 * - Every `interval` (3 min by default, Argo CD's reconciliation timeout) the
 *   controller asks the repository for the head of its branch
 *   (`git ls-remote`); a new commit is fetched and its manifests are applied
 *   through the API server (create what is missing, patch what differs,
 *   prune what was removed), as the `argocd-application-controller`
 *   ServiceAccount (bound to cluster-admin, as Argo CD's install does).
 * - With selfHeal, a change made by hand (`kubectl scale`) is drift: the next
 *   reconciliation finds live ≠ git and reverts it.
 *
 * Simplification (documented): drift is noticed at the next poll; the real
 * controller also watches the live objects and self-heals within seconds.
 * Polls are background timers: they fire while the scenario lets time pass.
 */
import type { GitOpsSpec, GitStep, KubeObject, ScenarioFile } from '../../../scenario/types.ts';
import { shortHash } from '../../../common/hash.ts';
import { plural } from '../../../common/text.ts';
import { serviceAccountIdentity } from '../../apiserver/identity.ts';
import { series } from '../../core/async.ts';
import { clone, fromManifest, type Obj } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import { backgroundAfter } from '../timers.ts';
import { Client, type World } from '../world.ts';

export const GITOPS_ID = 'argocd-application-controller';
export const REPO_ID = 'git-repository';
export const GIT_CLIENT_ID = 'git';

interface Commit {
  sha: string;
  message: string;
  /** File name → its objects, as of this commit. */
  tree: Map<string, KubeObject[]>;
}

export class GitOpsController {
  private readonly commits: Commit[] = [];
  private synced: string | undefined;
  /** Objects the controller applied (for pruning): `Kind/ns/name`. */
  private readonly managed = new Set<string>();
  private readonly client: Client;

  constructor(
    private readonly w: World,
    private readonly spec: GitOpsSpec,
    private readonly files: Record<string, ScenarioFile>,
    host: string | null,
  ) {
    w.rec.addComponent({ id: GIT_CLIENT_ID, kind: 'client', name: 'git (developer)', host: null, group: 'client' });
    w.rec.addComponent({ id: REPO_ID, kind: 'git-repository', name: spec.repo, host: null, group: 'external' });
    w.rec.addComponent({ id: GITOPS_ID, kind: 'gitops-controller', name: 'Argo CD application controller', host, group: 'workload', namespace: 'argocd' });
    this.client = new Client(w, GITOPS_ID, serviceAccountIdentity('argocd', GITOPS_ID));
    w.api.bootstrap({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'argocd', labels: { 'kubernetes.io/metadata.name': 'argocd' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    w.api.bootstrap({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: GITOPS_ID, namespace: 'argocd' } });
    w.api.bootstrap({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: GITOPS_ID },
      subjects: [{ kind: 'ServiceAccount', name: GITOPS_ID, namespace: 'argocd' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    });
    backgroundAfter(w, spec.interval, () => this.poll());
  }

  /** Objects the scenario bootstrapped for the controller (left out of the outcome). */
  static bootstrapKeys(): string[] {
    return ['Namespace//argocd', `ServiceAccount/argocd/${GITOPS_ID}`, `ClusterRoleBinding//${GITOPS_ID}`];
  }

  /** A `git` step: the developer pushes a commit. */
  commit(step: GitStep): string {
    const prev = this.commits[this.commits.length - 1];
    const tree = new Map(prev?.tree ?? []);
    for (const key of step.files) tree.set(key.slice(key.lastIndexOf('/') + 1), this.files[key]?.objects ?? []);
    for (const name of step.remove) tree.delete(name);
    const content = [...tree.keys()].sort().map((k) => `${k}\n${JSON.stringify(tree.get(k))}`).join('\n');
    const sha = shortHash(`${prev?.sha ?? ''}\n${step.message}\n${content}`, 7);
    this.commits.push({ sha, message: step.message, tree });
    const dir = this.spec.path === '.' ? '' : `${this.spec.path}/`;
    const changed = [...step.files.map((k) => `${dir}${k.slice(k.lastIndexOf('/') + 1)}`), ...step.remove.map((k) => `${dir}${k} (deleted)`)];
    const push = this.w.rec.emit({ type: 'request', from: GIT_CLIENT_ID, to: REPO_ID, action: 'git-push', summary: `git push: ${sha} "${step.message}"`, cause: null, attrs: { files: changed.join(', ') } });
    this.w.rec.emit({ type: 'response', from: REPO_ID, to: GIT_CLIENT_ID, action: 'git-push', result: 'ok', summary: `main → ${sha}`, cause: push });
    return `[main ${sha}] ${step.message}\n ${changed.length} file${changed.length === 1 ? '' : 's'} changed\n`;
  }

  private head(): Commit | undefined {
    return this.commits[this.commits.length - 1];
  }

  /** One reconciliation: ask for the head, fetch a new commit, compare, apply. */
  private poll(): void {
    const { w } = this;
    backgroundAfter(w, this.spec.interval, () => this.poll());
    const head = this.head();
    const ask = w.rec.emit({ type: 'request', from: GITOPS_ID, to: REPO_ID, action: 'git-ls-remote', summary: 'git ls-remote (poll main)', cause: null });
    let last = w.rec.emit({ type: 'response', from: REPO_ID, to: GITOPS_ID, action: 'git-ls-remote', result: 'ok', summary: head ? `main is ${head.sha}` : 'empty repository', cause: ask });
    if (!head) return;
    if (head.sha !== this.synced) {
      const fetch = w.rec.emit({ type: 'request', from: GITOPS_ID, to: REPO_ID, action: 'git-fetch', summary: `git fetch ${head.sha}`, cause: last });
      last = w.rec.emit({ type: 'response', from: REPO_ID, to: GITOPS_ID, action: 'git-fetch', result: 'ok', summary: `${plural(head.tree.size, 'manifest file')} in ${this.spec.path}/`, cause: fetch });
    } else if (!this.spec.selfHeal) return;
    // The repository's manifests as the API server would store them: the loader checked them against the schema.
    const desired = [...head.tree.keys()].sort().flatMap((k) => head.tree.get(k) ?? []).map(fromManifest);
    const plan = this.diff(desired);
    const reason = head.sha !== this.synced ? `new commit ${head.sha}` : 'live state drifted from git';
    if (plan.length === 0) {
      w.rec.emit({ type: 'phase', from: GITOPS_ID, to: GITOPS_ID, phase: 'reconcile', summary: `Synced: live state matches ${head.sha}`, result: 'ok', cause: last });
      this.synced = head.sha;
      return;
    }
    last = w.rec.emit({ type: 'phase', from: GITOPS_ID, to: GITOPS_ID, phase: 'reconcile', summary: `OutOfSync (${reason}): ${plan.map((p) => p.what).join(', ')}`, result: 'ok', cause: last });
    series(
      plan.map((p) => (next: () => void) => p.run(last, (id) => {
        last = id;
        next();
      })),
      () => {
        this.synced = head.sha;
        w.rec.emit({ type: 'phase', from: GITOPS_ID, to: GITOPS_ID, phase: 'reconcile', summary: `Synced to ${head.sha} "${head.message}"`, result: 'ok', cause: last });
      },
    );
  }

  /** What to do to make the cluster match `desired`. */
  private diff(desired: Obj[]): { what: string; run: (cause: string, done: (id: string) => void) => void }[] {
    const plan: { what: string; run: (cause: string, done: (id: string) => void) => void }[] = [];
    const wanted = new Set<string>();
    for (const d of desired) {
      const r = resourceForKind(d.kind);
      if (!r) continue;
      const ns = r.namespaced ? (d.metadata.namespace ?? 'default') : undefined;
      const key = `${d.kind}/${ns ?? ''}/${d.metadata.name}`;
      wanted.add(key);
      const live = this.w.api.cache.get(d.kind, `${r.etcdPrefix}/${ns ? `${ns}/` : ''}${d.metadata.name}`);
      const what = `${d.kind.toLowerCase()}/${d.metadata.name}`;
      if (!live) {
        plan.push({ what: `${what} missing`, run: (cause, done) => {
          this.managed.add(key);
          this.client.call({ verb: 'create', resource: r, namespace: ns, body: clone(d), cause, note: `${d.metadata.name} (sync)` }, (res) => done(res.eventId));
        } });
        continue;
      }
      this.managed.add(key);
      const drift = firstDifference(strip(d), live);
      if (drift === undefined) continue;
      plan.push({ what: `${what} ${drift}`, run: (cause, done) => {
        this.client.call({ verb: 'patch', resource: r, namespace: ns, name: d.metadata.name, cause, note: `${d.metadata.name} (sync)`, patch: (l) => merge(l, strip(d)) }, (res) => done(res.eventId));
      } });
    }
    if (this.spec.prune) {
      for (const key of [...this.managed].sort()) {
        if (wanted.has(key)) continue;
        const [kind, ns, name] = key.split('/') as [string, string, string];
        const r = resourceForKind(kind)!;
        plan.push({ what: `${kind.toLowerCase()}/${name} pruned`, run: (cause, done) => {
          this.managed.delete(key);
          this.client.call({ verb: 'delete', resource: r, namespace: ns || undefined, name, cause, note: `${name} (prune)` }, (res) => done(res.eventId));
        } });
      }
    }
    return plan;
  }
}

/** The fields git owns: everything but status and server-set metadata. */
function strip(d: Obj): Obj {
  const { status: _status, ...rest } = d;
  return { ...rest, metadata: { name: d.metadata.name, ...(d.metadata.labels ? { labels: d.metadata.labels } : {}), ...(d.metadata.annotations ? { annotations: d.metadata.annotations } : {}) } };
}

/** `spec.replicas 5 ≠ 3`: the first field of `want` that `live` does not have (defaults in live are fine). */
function firstDifference(want: unknown, live: unknown, path = ''): string | undefined {
  if (want === null || typeof want !== 'object') {
    return String(want) === String(live) ? undefined : `${path.slice(1)} ${JSON.stringify(live) ?? 'unset'} ≠ ${JSON.stringify(want)}`;
  }
  if (live === null || typeof live !== 'object') return `${path.slice(1)} unset`;
  if (Array.isArray(want)) {
    if (!Array.isArray(live) || live.length !== want.length) return `${path.slice(1)} differs`;
    for (let i = 0; i < want.length; i++) {
      const d = firstDifference(want[i], live[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  for (const [k, v] of Object.entries(want as Record<string, unknown>)) {
    if (k === 'apiVersion') continue;
    const d = firstDifference(v, (live as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return undefined;
}

/** `live` with every field of `want` set (objects merged, arrays and scalars replaced). */
function merge(live: Obj, want: Obj): Obj {
  const out = clone(live);
  const into = (dst: Record<string, unknown>, src: Record<string, unknown>): void => {
    for (const [k, v] of Object.entries(src)) {
      const d = dst[k];
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && d !== null && typeof d === 'object' && !Array.isArray(d)) into(d as Record<string, unknown>, v as Record<string, unknown>);
      else dst[k] = clone(v);
    }
  };
  into(out, want);
  return out;
}
