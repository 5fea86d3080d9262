/**
 * Strings from staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/
 * errors_test.go (TestForbidden) wrapped as apierrors.NewForbidden does, and the
 * pre-1.14 text seen in the audit2rbac corpus log (shared/corpus/audit).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bootstrapPolicy } from '../../src/cluster/core/rbac/bootstrap.ts';
import { authorizeChain } from '../../src/cluster/core/rbac/authorize.ts';
import { canI, parseCanI } from '../../src/cluster/core/rbac/can-i.ts';
import type { ResolvedResource } from '../../src/cluster/core/rbac/can-i.ts';
import { forbiddenMessage, kubectlForbiddenError } from '../../src/cluster/core/rbac/forbidden.ts';
import type { RequestAttributes } from '../../src/cluster/core/rbac/types.ts';

const bob = { user: 'bob', groups: ['system:authenticated'] };

describe('forbiddenMessage', () => {
  const cases: [string, RequestAttributes, string][] = [
    ['namespaced list', { ...bob, verb: 'list', apiGroup: '', resource: 'pods', namespace: 'default' },
      'pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"'],
    ['cluster scope', { ...bob, verb: 'list', apiGroup: '', resource: 'nodes' },
      'nodes is forbidden: User "bob" cannot list resource "nodes" in API group "" at the cluster scope'],
    ['named object', { ...bob, verb: 'get', apiGroup: '', resource: 'pods', namespace: 'default', name: 'web-1' },
      'pods "web-1" is forbidden: User "bob" cannot get resource "pods" in API group "" in the namespace "default"'],
    ['subresource', { ...bob, verb: 'create', apiGroup: '', resource: 'pods', subresource: 'exec', namespace: 'default', name: 'web-1' },
      'pods "web-1" is forbidden: User "bob" cannot create resource "pods/exec" in API group "" in the namespace "default"'],
    ['non-core group', { ...bob, verb: 'create', apiGroup: 'apps', resource: 'deployments', namespace: 'default' },
      'deployments.apps is forbidden: User "bob" cannot create resource "deployments" in API group "apps" in the namespace "default"'],
    ['service account', { user: 'system:serviceaccount:default:default', groups: [], verb: 'list', apiGroup: '', resource: 'secrets', namespace: 'default' },
      'secrets is forbidden: User "system:serviceaccount:default:default" cannot list resource "secrets" in API group "" in the namespace "default"'],
    ['non-resource URL', { ...bob, verb: 'get', nonResourceURL: '/metrics' },
      'forbidden: User "bob" cannot get path "/metrics"'],
  ];
  it.each(cases)('%s', (_n, a, want) => expect(forbiddenMessage(a)).toBe(want));

  it('appends a non-empty reason', () => {
    const a: RequestAttributes = { ...bob, verb: 'get', apiGroup: '', resource: 'pods', namespace: 'prod' };
    expect(forbiddenMessage(a, { reason: 'RBAC: role.rbac.authorization.k8s.io "missing" not found' })).toBe(
      'pods is forbidden: User "bob" cannot get resource "pods" in API group "" in the namespace "prod": RBAC: role.rbac.authorization.k8s.io "missing" not found',
    );
    expect(kubectlForbiddenError(a)).toBe(
      'Error from server (Forbidden): pods is forbidden: User "bob" cannot get resource "pods" in API group "" in the namespace "prod"',
    );
  });

  it('legacy wording matches the audit2rbac corpus log', () => {
    const log = readFileSync('../shared/corpus/audit/audit2rbac-demo.log', 'utf8').split('\n').filter(Boolean);
    const seen = new Set<string>();
    for (const line of log) {
      const ev = JSON.parse(line) as {
        verb: string;
        impersonatedUser?: { username: string };
        objectRef?: { resource?: string; subresource?: string; namespace?: string; name?: string; apiGroup?: string };
        responseStatus?: { code?: number; message?: string };
      };
      if (ev.responseStatus?.code !== 403 || !ev.objectRef || !ev.impersonatedUser) continue;
      const o = ev.objectRef;
      const a: RequestAttributes = {
        user: ev.impersonatedUser.username, groups: [], verb: ev.verb,
        apiGroup: o.apiGroup ?? '', resource: o.resource, subresource: o.subresource, namespace: o.namespace, name: o.name,
      };
      expect(forbiddenMessage(a, { legacy: true })).toBe(ev.responseStatus.message);
      seen.add(ev.responseStatus.message ?? '');
    }
    expect(seen.size).toBeGreaterThan(0);
  });
});

describe('kubectl auth can-i', () => {
  const rbac = bootstrapPolicy();
  it('answers yes/no with exit codes', () => {
    const admin = { user: 'admin', groups: ['system:masters', 'system:authenticated'] };
    expect(canI({ ...admin, verb: 'delete', apiGroup: '', resource: 'nodes' }, rbac)).toMatchObject({ output: 'yes\n', exitCode: 0 });
    expect(canI({ ...bob, verb: 'create', apiGroup: 'apps', resource: 'deployments', namespace: 'default' }, rbac)).toEqual({
      allowed: false, output: 'no\n', exitCode: 1, reason: '',
    });
  });
  it('system:masters is decided by the privileged-group authorizer before RBAC', () => {
    const d = authorizeChain({ user: 'x', groups: ['system:masters'], verb: 'get', resource: 'pods', apiGroup: '' }, { roles: [], clusterRoles: [], roleBindings: [], clusterRoleBindings: [] });
    expect(d).toEqual({ allowed: true, reason: '', decidedBy: 'privileged-group' });
  });
  it('shows a non-empty denial reason after " - "', () => {
    const p = { ...rbac, roleBindings: [{ metadata: { name: 'b', namespace: 'default' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role' as const, name: 'nope' }, subjects: [{ kind: 'User' as const, name: 'bob' }] }] };
    expect(canI({ ...bob, verb: 'get', apiGroup: '', resource: 'pods', namespace: 'default' }, p).output).toBe(
      'no - RBAC: role.rbac.authorization.k8s.io "nope" not found\n',
    );
  });
});

describe('kubectl auth can-i argument parsing (cani.go)', () => {
  const table: Record<string, ResolvedResource> = {
    pods: { group: '', resource: 'pods', namespaced: true },
    po: { group: '', resource: 'pods', namespaced: true },
    deployments: { group: 'apps', resource: 'deployments', namespaced: true },
    'deployments.apps': { group: 'apps', resource: 'deployments', namespaced: true },
    nodes: { group: '', resource: 'nodes', namespaced: false },
    clusterroles: { group: 'rbac.authorization.k8s.io', resource: 'clusterroles', namespaced: false },
  };
  const base = { user: 'bob', groups: ['system:authenticated'], namespace: 'default', resolve: (t: string) => table[t] };
  it('resource, name, subresource, namespace', () => {
    expect(parseCanI({ ...base, args: ['create', 'deployments'] })).toEqual({
      ok: true, warnings: [],
      attrs: { user: 'bob', groups: ['system:authenticated'], verb: 'create', apiGroup: 'apps', resource: 'deployments', namespace: 'default' },
    });
    const p = parseCanI({ ...base, args: ['create', 'po/web-1'], subresource: 'exec', namespace: 'prod' });
    expect(p.ok && p.attrs).toMatchObject({ resource: 'pods', name: 'web-1', subresource: 'exec', namespace: 'prod' });
    const all = parseCanI({ ...base, args: ['list', 'pods'], allNamespaces: true });
    expect(all.ok && all.attrs.namespace).toBe('');
  });
  it('warnings and errors', () => {
    const n = parseCanI({ ...base, args: ['list', 'nodes'] });
    expect(n.ok && n.warnings).toEqual(["Warning: resource 'nodes' is not namespace scoped\n\n"]);
    const cr = parseCanI({ ...base, args: ['list', 'clusterroles'] });
    expect(cr.ok && cr.warnings).toEqual(["Warning: resource 'clusterroles' is not namespace scoped in group 'rbac.authorization.k8s.io'\n\n"]);
    const u = parseCanI({ ...base, args: ['get', 'foos'] });
    expect(u.ok && u.warnings).toEqual(["Warning: the server doesn't have a resource type 'foos'\n\n"]);
    expect(parseCanI({ ...base, args: ['get'] })).toEqual({ ok: false, error: 'error: you must specify two arguments: verb resource or verb resource/resourceName.' });
    const url = parseCanI({ ...base, args: ['get', '/logs'] });
    expect(url.ok && url.attrs.nonResourceURL).toBe('/logs');
    expect(parseCanI({ ...base, args: ['get', '/logs'], subresource: 'x' })).toEqual({ ok: false, error: 'error: --subresource can not be used with NonResourceURL' });
  });
  it('end to end with the bootstrap policy', () => {
    const rbac = bootstrapPolicy();
    const p = parseCanI({ ...base, args: ['get', '/version'] });
    if (!p.ok) throw new Error(p.error);
    expect(canI(p.attrs, rbac).output).toBe('yes\n');
  });
});
