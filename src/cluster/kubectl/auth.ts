/**
 * `kubectl auth can-i VERB RESOURCE[/NAME] [-n NS] [-A] [--as USER]`: kubectl
 * POSTs a SelfSubjectAccessReview (authorization.k8s.io/v1); the API server
 * authenticates, authorizes the review itself (system:basic-user allows every
 * authenticated user to create one), then asks its authorizer about the
 * attributes in the review and answers in the status. Nothing is stored.
 * Argument parsing and output wording: `../rbac/can-i.ts`.
 */
import { LATENCY } from '../kernel/clock.ts';
import { canI, parseCanI, type ResolvedResource } from '../core/rbac/index.ts';
import { policyOf } from '../apiserver/rbac.ts';
import { flag, hasFlag } from './args.ts';
import { resolveType } from './resolve.ts';
import type { Session } from './session.ts';
import { enterApi, leaveApi } from './api-hop.ts';
import { resourceForKind } from '../core/resources.ts';
import { GET_TABWRITER, tabwrite } from './printers/tabwriter.ts';
import { serverError } from './resolve.ts';

const SSAR_PATH = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
const SSAR_REF = { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', resource: 'selfsubjectaccessreviews' };

export function runAuth(s: Session): void {
  const [sub, ...args] = s.args.words;
  if (sub === 'whoami') return runWhoAmI(s);
  if (sub !== 'can-i') {
    s.error(`error: kubectl auth ${sub ?? ''} is not modelled by kubescene yet`);
    return s.finish(1);
  }
  const parsed = parseCanI({
    args,
    // `--as` on the command line impersonates; the scenario's `as:` sets the caller.
    user: flag(s.args, 'as') ?? s.who.user,
    groups: flag(s.args, 'as') ? ['system:authenticated'] : s.who.groups,
    namespace: flag(s.args, 'namespace') ?? 'default',
    allNamespaces: hasFlag(s.args, 'all-namespaces'),
    ...(flag(s.args, 'subresource') ? { subresource: flag(s.args, 'subresource')! } : {}),
    resolve: (token): ResolvedResource | undefined => {
      const r = resolveType(token, s.w.api.customResources());
      return r ? { group: r.group, resource: r.resource, namespaced: r.namespaced } : undefined;
    },
  });
  if (!parsed.ok) {
    s.error(parsed.error);
    return s.finish(1);
  }
  for (const warning of parsed.warnings) s.error(warning.replace(/\n+$/, ''));
  const { w } = s;
  const a = parsed.attrs;
  const what = `${a.verb} ${a.resource ?? a.nonResourceURL ?? ''}${a.subresource ? `/${a.subresource}` : ''}${a.name ? `/${a.name}` : ''}`;
  const entry = enterApi(w, { type: 'request', verb: 'create', method: 'POST', path: SSAR_PATH, resource: SSAR_REF, summary: `POST selfsubjectaccessreviews (can-i ${what})` }, s.last);
  if (!entry) {
    s.error('The connection to the server was refused - did you specify the right host or port?');
    return w.clock.after(LATENCY.clientToApi, () => s.finish(1));
  }
  const api = entry.server;
  const req = entry.id;
  w.clock.after(LATENCY.clientToApi, () => {
    const cache = w.api.cache;
    const store = { roles: (ns: string) => cache.list('Role', ns), clusterRoles: () => cache.list('ClusterRole'), roleBindings: (ns: string) => cache.list('RoleBinding', ns), clusterRoleBindings: () => cache.list('ClusterRoleBinding') };
    const answer = canI(a, policyOf(store, a.namespace || undefined));
    let last = w.rec.emit({ type: 'phase', from: api, to: api, phase: 'authentication', summary: `authenticated as "${s.who.user}"`, cause: req });
    last = w.rec.emit({ type: 'phase', from: api, to: api, phase: 'authorization', summary: 'allowed: create selfsubjectaccessreviews', result: 'ok', cause: last, attrs: { reason: 'RBAC: allowed by ClusterRoleBinding "system:basic-user" of ClusterRole "system:basic-user" to Group "system:authenticated"' } });
    last = w.rec.emit({
      type: 'phase', from: api, to: api, phase: 'authorization',
      summary: `access review: ${a.user} ${answer.allowed ? 'can' : 'cannot'} ${what}${a.namespace ? ` in ${a.namespace}` : ''}`,
      result: answer.allowed ? 'ok' : 'denied', cause: last, ...(answer.reason ? { attrs: { reason: answer.reason } } : {}),
    });
    const res = leaveApi(w, entry, { type: 'response', verb: 'create', method: 'POST', resource: SSAR_REF, status: 201, result: 'ok', summary: `201 Created (allowed: ${answer.allowed})` }, last);
    w.clock.after(LATENCY.clientToApi, () => {
      s.last = res;
      s.print(answer.output.replace(/\n$/, ''));
      s.finish(answer.exitCode);
    });
  });
}

/**
 * `kubectl auth whoami` (pkg/cmd/auth/whoami.go): POST a SelfSubjectReview
 * (authentication.k8s.io/v1) and print the user info the API server
 * authenticated, as a two-column table (Username, UID, Groups, Extra).
 */
function runWhoAmI(s: Session): void {
  const r = resourceForKind('SelfSubjectReview')!;
  const body = { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: { name: '' } };
  s.call({ verb: 'create', resource: r, body }, (res) => {
    if (res.status !== 201 || !res.object) {
      // whoami.go: Forbidden and NotFound get its own messages.
      s.error(res.status === 403 ? 'error: the selfsubjectreviews API is not enabled in the cluster or you do not have permission to call it' : serverError(res));
      return s.finish(1);
    }
    const info = ((res.object.status ?? {}) as { userInfo?: { username?: string; uid?: string; groups?: string[] } }).userInfo ?? {};
    const rows = ['ATTRIBUTE\tVALUE'];
    if (info.username) rows.push(`Username\t${info.username}`);
    if (info.uid) rows.push(`UID\t${info.uid}`);
    // Go's %v of a []string: [a b].
    if ((info.groups ?? []).length > 0) rows.push(`Groups\t[${(info.groups ?? []).join(' ')}]`);
    s.print(tabwrite(rows.join('\n') + '\n', GET_TABWRITER).replace(/\n$/, ''));
    s.finish(0);
  });
}
