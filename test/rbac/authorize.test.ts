/**
 * Cases adapted from plugin/pkg/auth/authorizer/rbac/rbac_test.go
 * (TestAuthorizer, TestRuleMatches) and pkg/registry/rbac/validation/rule_test.go
 * (appliesTo, describeSubject strings).
 */
import { describe, expect, it } from 'vitest';
import { authorizationAuditAnnotations, authorize, clusterRoleRules, ruleAllows, serviceAccountUser, withAuthenticatedGroup } from '../../src/cluster/core/rbac/authorize.ts';
import { bootstrapPolicy } from '../../src/cluster/core/rbac/bootstrap.ts';
import type { PolicyRule, RbacPolicy, RequestAttributes } from '../../src/cluster/core/rbac/types.ts';

const G = 'rbac.authorization.k8s.io';

function attrs(a: Partial<RequestAttributes>): RequestAttributes {
  return { user: 'bob', groups: ['system:authenticated'], verb: 'get', apiGroup: '', ...a };
}

describe('ruleAllows (rbac_test.go TestRuleMatches)', () => {
  const cases: { name: string; rule: PolicyRule; a: Partial<RequestAttributes>; want: boolean }[] = [
    { name: 'star verb, exact match other', rule: { verbs: ['*'], apiGroups: [''], resources: ['pods'] }, a: { verb: 'get', resource: 'pods' }, want: true },
    { name: 'star group', rule: { verbs: ['get'], apiGroups: ['*'], resources: ['deployments'] }, a: { apiGroup: 'apps', resource: 'deployments' }, want: true },
    { name: 'wrong group', rule: { verbs: ['get'], apiGroups: [''], resources: ['deployments'] }, a: { apiGroup: 'apps', resource: 'deployments' }, want: false },
    { name: 'star resource', rule: { verbs: ['get'], apiGroups: [''], resources: ['*'] }, a: { resource: 'pods' }, want: true },
    { name: 'wrong verb', rule: { verbs: ['list'], apiGroups: [''], resources: ['pods'] }, a: { verb: 'get', resource: 'pods' }, want: false },
    { name: 'exact subresource', rule: { verbs: ['create'], apiGroups: [''], resources: ['pods/exec'] }, a: { verb: 'create', resource: 'pods', subresource: 'exec' }, want: true },
    { name: 'resource does not cover subresource', rule: { verbs: ['create'], apiGroups: [''], resources: ['pods'] }, a: { verb: 'create', resource: 'pods', subresource: 'exec' }, want: false },
    { name: 'star/subresource', rule: { verbs: ['get'], apiGroups: ['*'], resources: ['*/scale'] }, a: { apiGroup: 'apps', resource: 'deployments', subresource: 'scale' }, want: true },
    { name: 'star/subresource other sub', rule: { verbs: ['get'], apiGroups: ['*'], resources: ['*/scale'] }, a: { resource: 'pods', subresource: 'status' }, want: false },
    { name: 'star/subresource needs a subresource', rule: { verbs: ['get'], apiGroups: ['*'], resources: ['*/scale'] }, a: { resource: 'pods' }, want: false },
    { name: 'resourceNames match', rule: { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['cfg'] }, a: { resource: 'configmaps', name: 'cfg' }, want: true },
    { name: 'resourceNames other', rule: { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['cfg'] }, a: { resource: 'configmaps', name: 'x' }, want: false },
    { name: 'resourceNames list has no name', rule: { verbs: ['list'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['cfg'] }, a: { verb: 'list', resource: 'configmaps' }, want: false },
    { name: 'nonResourceURL exact', rule: { verbs: ['get'], nonResourceURLs: ['/healthz'] }, a: { nonResourceURL: '/healthz' }, want: true },
    { name: 'nonResourceURL prefix star', rule: { verbs: ['get'], nonResourceURLs: ['/apis/*'] }, a: { nonResourceURL: '/apis/apps/v1' }, want: true },
    { name: 'nonResourceURL star', rule: { verbs: ['*'], nonResourceURLs: ['*'] }, a: { verb: 'post', nonResourceURL: '/foo' }, want: true },
    { name: 'nonResourceURL mismatch', rule: { verbs: ['get'], nonResourceURLs: ['/healthz'] }, a: { nonResourceURL: '/metrics' }, want: false },
    { name: 'resource rule never grants nonResourceURL', rule: { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, a: { nonResourceURL: '/metrics' }, want: false },
    { name: 'nonResource rule never grants resource', rule: { verbs: ['*'], nonResourceURLs: ['*'] }, a: { resource: 'pods' }, want: false },
  ];
  it.each(cases)('$name', ({ rule, a, want }) => {
    expect(ruleAllows(attrs(a), rule)).toBe(want);
  });
});

function policy(p: Partial<RbacPolicy>): RbacPolicy {
  return { roles: [], clusterRoles: [], roleBindings: [], clusterRoleBindings: [], ...p };
}

describe('authorize: bindings and reasons', () => {
  const base = policy({
    clusterRoles: [
      { metadata: { name: 'pod-reader' }, rules: [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] }] },
    ],
    roles: [{ metadata: { name: 'cm-editor', namespace: 'dev' }, rules: [{ verbs: ['*'], apiGroups: [''], resources: ['configmaps'] }] }],
    roleBindings: [
      { metadata: { name: 'alice-cm', namespace: 'dev' }, roleRef: { apiGroup: G, kind: 'Role', name: 'cm-editor' }, subjects: [{ kind: 'User', name: 'alice' }] },
      { metadata: { name: 'devs-read', namespace: 'dev' }, roleRef: { apiGroup: G, kind: 'ClusterRole', name: 'pod-reader' }, subjects: [{ kind: 'Group', name: 'developers' }] },
      { metadata: { name: 'sa-read', namespace: 'dev' }, roleRef: { apiGroup: G, kind: 'ClusterRole', name: 'pod-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'builder' }] },
      { metadata: { name: 'dangling', namespace: 'prod' }, roleRef: { apiGroup: G, kind: 'Role', name: 'missing' }, subjects: [{ kind: 'User', name: 'bob' }] },
    ],
  });

  it('a RoleBinding to a Role allows in its namespace only', () => {
    const a = attrs({ user: 'alice', verb: 'update', resource: 'configmaps', namespace: 'dev' });
    expect(authorize(a, base)).toEqual({
      allowed: true,
      reason: 'RBAC: allowed by RoleBinding "alice-cm/dev" of Role "cm-editor" to User "alice"',
    });
    expect(authorize({ ...a, namespace: 'prod' }, base)).toEqual({ allowed: false, reason: '' });
    expect(authorize({ ...a, namespace: undefined }, base).allowed).toBe(false);
  });

  it('a RoleBinding to a ClusterRole grants it in that namespace, via a group', () => {
    const a = attrs({ user: 'carol', groups: ['developers', 'system:authenticated'], verb: 'list', resource: 'pods', namespace: 'dev' });
    expect(authorize(a, base).reason).toBe('RBAC: allowed by RoleBinding "devs-read/dev" of ClusterRole "pod-reader" to Group "developers"');
    expect(authorize({ ...a, namespace: 'default' }, base).allowed).toBe(false);
    expect(authorize({ ...a, verb: 'delete' }, base).allowed).toBe(false);
  });

  it('a ServiceAccount subject without namespace defaults to the binding namespace', () => {
    const sa = serviceAccountUser('dev', 'builder');
    expect(sa).toEqual({
      user: 'system:serviceaccount:dev:builder',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:dev', 'system:authenticated'],
    });
    const a = attrs({ user: sa.user, groups: sa.groups, verb: 'get', resource: 'pods', namespace: 'dev' });
    expect(authorize(a, base).reason).toBe('RBAC: allowed by RoleBinding "sa-read/dev" of ClusterRole "pod-reader" to ServiceAccount "builder/dev"');
    const other = serviceAccountUser('prod', 'builder');
    expect(authorize({ ...a, user: other.user, groups: other.groups }, base).allowed).toBe(false);
  });

  it('a binding to a missing role denies with the lookup error as reason', () => {
    const a = attrs({ verb: 'get', resource: 'pods', namespace: 'prod' });
    expect(authorize(a, base)).toEqual({ allowed: false, reason: 'RBAC: role.rbac.authorization.k8s.io "missing" not found' });
  });

  it('ClusterRoleBindings are visited before RoleBindings', () => {
    const p = policy({
      ...base,
      clusterRoleBindings: [
        { metadata: { name: 'global-read' }, roleRef: { apiGroup: G, kind: 'ClusterRole', name: 'pod-reader' }, subjects: [{ kind: 'User', name: 'alice' }] },
        { metadata: { name: 'gone' }, roleRef: { apiGroup: G, kind: 'ClusterRole', name: 'gone' }, subjects: [{ kind: 'User', name: 'bob' }] },
      ],
    });
    const a = attrs({ user: 'alice', verb: 'get', resource: 'pods', namespace: 'dev' });
    expect(authorize(a, p).reason).toBe('RBAC: allowed by ClusterRoleBinding "global-read" of ClusterRole "pod-reader" to User "alice"');
    const bob = attrs({ verb: 'get', resource: 'pods', namespace: 'prod' });
    expect(authorize(bob, p).reason).toBe(
      'RBAC: [clusterrole.rbac.authorization.k8s.io "gone" not found, role.rbac.authorization.k8s.io "missing" not found]',
    );
  });
});

describe('bootstrap policy', () => {
  const rbac = bootstrapPolicy();

  it('system:masters is allowed everything by cluster-admin', () => {
    const a = attrs({ user: 'admin', groups: ['system:masters', 'system:authenticated'], verb: 'delete', apiGroup: 'apps', resource: 'deployments', namespace: 'default', name: 'web' });
    expect(authorize(a, rbac)).toEqual({
      allowed: true,
      reason: 'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"',
    });
  });

  it('an authenticated user with no bindings can only discover', () => {
    expect(authorize(attrs({ verb: 'list', resource: 'pods', namespace: 'default' }), rbac)).toEqual({ allowed: false, reason: '' });
    expect(authorize(attrs({ verb: 'get', nonResourceURL: '/apis/apps/v1' }), rbac).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"',
    );
    expect(
      authorize(attrs({ verb: 'create', apiGroup: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews' }), rbac).allowed,
    ).toBe(true);
  });

  it('the scheduler may bind pods but not create them', () => {
    const s = { user: 'system:kube-scheduler', groups: ['system:authenticated'] };
    expect(authorize(attrs({ ...s, verb: 'create', resource: 'pods', subresource: 'binding', namespace: 'default', name: 'web-1' }), rbac).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "system:kube-scheduler" of ClusterRole "system:kube-scheduler" to User "system:kube-scheduler"',
    );
    expect(authorize(attrs({ ...s, verb: 'create', resource: 'pods', namespace: 'default' }), rbac).allowed).toBe(false);
    expect(authorize(attrs({ ...s, verb: 'update', apiGroup: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-system', name: 'kube-scheduler' }), rbac).allowed).toBe(true);
    expect(authorize(attrs({ ...s, verb: 'update', apiGroup: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-system', name: 'other' }), rbac).allowed).toBe(false);
  });

  it('controller service accounts hold their controller roles', () => {
    const sa = serviceAccountUser('kube-system', 'replicaset-controller');
    const a = attrs({ user: sa.user, groups: sa.groups, verb: 'create', resource: 'pods', namespace: 'default' });
    expect(authorize(a, rbac).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "system:controller:replicaset-controller" of ClusterRole "system:controller:replicaset-controller" to ServiceAccount "replicaset-controller/kube-system"',
    );
    expect(authorize({ ...a, verb: 'create', apiGroup: 'apps', resource: 'deployments' }, rbac).allowed).toBe(false);
  });

  it('view/edit/admin aggregate: view reads, edit writes, only admin manages RBAC', () => {
    const viewRules = clusterRoleRules(rbac.clusterRoles.find((r) => r.metadata.name === 'view')!, rbac.clusterRoles);
    const editRules = clusterRoleRules(rbac.clusterRoles.find((r) => r.metadata.name === 'edit')!, rbac.clusterRoles);
    const adminRules = clusterRoleRules(rbac.clusterRoles.find((r) => r.metadata.name === 'admin')!, rbac.clusterRoles);
    expect(viewRules.length).toBeGreaterThan(0);
    expect(editRules.length).toBeGreaterThan(viewRules.length);
    expect(adminRules.length).toBeGreaterThan(editRules.length);

    const withBinding = (role: string): RbacPolicy => ({
      ...rbac,
      roleBindings: [{ metadata: { name: `bob-${role}`, namespace: 'team' }, roleRef: { apiGroup: G, kind: 'ClusterRole', name: role }, subjects: [{ kind: 'User', name: 'bob', apiGroup: G }] }],
    });
    const list = attrs({ verb: 'list', apiGroup: 'apps', resource: 'deployments', namespace: 'team' });
    const scale = attrs({ verb: 'update', apiGroup: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'team', name: 'web' });
    const mkRole = attrs({ verb: 'create', apiGroup: G, resource: 'roles', namespace: 'team' });
    const secrets = attrs({ verb: 'get', resource: 'secrets', namespace: 'team', name: 's' });
    const table: [string, RequestAttributes, boolean][] = [
      ['view', list, true], ['view', scale, false], ['view', mkRole, false], ['view', secrets, false],
      ['edit', list, true], ['edit', scale, true], ['edit', mkRole, false], ['edit', secrets, true],
      ['admin', list, true], ['admin', scale, true], ['admin', mkRole, true], ['admin', secrets, true],
    ];
    for (const [role, a, want] of table) expect([role, a.verb, a.resource, authorize(a, withBinding(role)).allowed]).toEqual([role, a.verb, a.resource, want]);
    expect(authorize(list, withBinding('view')).reason).toBe('RBAC: allowed by RoleBinding "bob-view/team" of ClusterRole "view" to User "bob"');
  });

  it('returns a fresh copy each time', () => {
    const a = bootstrapPolicy();
    a.clusterRoleBindings.length = 0;
    expect(bootstrapPolicy().clusterRoleBindings.length).toBeGreaterThan(0);
  });
});

describe('helpers', () => {
  it('audit annotations', () => {
    expect(authorizationAuditAnnotations({ allowed: false, reason: '' })).toEqual({ 'authorization.k8s.io/decision': 'forbid', 'authorization.k8s.io/reason': '' });
    expect(authorizationAuditAnnotations({ allowed: true, reason: 'RBAC: x' })['authorization.k8s.io/decision']).toBe('allow');
  });
  it('authenticated group is added once', () => {
    expect(withAuthenticatedGroup(['developers'])).toEqual(['developers', 'system:authenticated']);
    expect(withAuthenticatedGroup(['system:authenticated'])).toEqual(['system:authenticated']);
  });
});
