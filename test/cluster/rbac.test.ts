import { describe, expect, it } from 'vitest';
import { authorize, forbiddenMessage, type RbacObjects } from '../../src/cluster/apiserver/rbac.ts';
import { CONTROLLER_MANAGER, nodeIdentity, serviceAccountIdentity, userIdentity } from '../../src/cluster/apiserver/identity.ts';
import type { Obj } from '../../src/cluster/core/object.ts';
import type { ObjOf } from '../../src/cluster/core/typed.ts';

function store(objs: Obj[]): RbacObjects {
  // Valid RBAC objects (namespaced ones with their namespace, bindings with a roleRef): the store's typed views, as its list() gives them.
  const of = <K extends string>(kind: K, ns?: string) => objs.filter((o) => o.kind === kind && (ns === undefined || o.metadata.namespace === ns)) as ObjOf<K>[];
  return { roles: (ns) => of('Role', ns), clusterRoles: () => of('ClusterRole'), roleBindings: (ns) => of('RoleBinding', ns), clusterRoleBindings: () => of('ClusterRoleBinding') };
}

const podReader: Obj = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pod-reader', namespace: 'dev' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }] };
const aliceReads: Obj = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'read-pods', namespace: 'dev' }, subjects: [{ kind: 'User', name: 'alice' }], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' } };
const devsView: Obj = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'devs-view' }, subjects: [{ kind: 'Group', name: 'developers' }], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' } };
const saEdit: Obj = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'ci-edit', namespace: 'dev' }, subjects: [{ kind: 'ServiceAccount', name: 'ci' }], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' } };
const rbac = store([podReader, aliceReads, devsView, saEdit]);

describe('RBAC', () => {
  it('system:masters bypasses everything', () => {
    const d = authorize(userIdentity('admin', ['system:masters']), { verb: 'delete', group: '', resource: 'nodes', name: 'worker-1' }, rbac);
    expect(d).toEqual({ allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"' });
  });

  it('a RoleBinding grants a Role in its namespace only', () => {
    const alice = userIdentity('alice', []);
    expect(authorize(alice, { verb: 'list', group: '', resource: 'pods', namespace: 'dev' }, rbac).allowed).toBe(true);
    expect(authorize(alice, { verb: 'list', group: '', resource: 'pods', namespace: 'prod' }, rbac)).toEqual({
      allowed: false,
      reason: 'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "prod"',
    });
    expect(authorize(alice, { verb: 'delete', group: '', resource: 'pods', namespace: 'dev', name: 'x' }, rbac).reason).toBe(
      'pods "x" is forbidden: User "alice" cannot delete resource "pods" in API group "" in the namespace "dev"',
    );
  });

  it('groups and ClusterRoleBindings to the default view role', () => {
    const bob = userIdentity('bob', ['developers']);
    expect(authorize(bob, { verb: 'get', group: 'apps', resource: 'deployments', namespace: 'prod', name: 'web' }, rbac).allowed).toBe(true);
    expect(authorize(bob, { verb: 'create', group: 'apps', resource: 'deployments', namespace: 'prod' }, rbac).reason).toBe(
      'deployments.apps is forbidden: User "bob" cannot create resource "deployments" in API group "apps" in the namespace "prod"',
    );
    expect(authorize(bob, { verb: 'get', group: '', resource: 'secrets', namespace: 'prod', name: 's' }, rbac).allowed).toBe(false);
  });

  it('service accounts as subjects', () => {
    const ci = serviceAccountIdentity('dev', 'ci');
    expect(authorize(ci, { verb: 'create', group: 'apps', resource: 'deployments', namespace: 'dev' }, rbac).allowed).toBe(true);
    expect(authorize(ci, { verb: 'create', group: 'apps', resource: 'deployments', namespace: 'prod' }, rbac).reason).toContain('User "system:serviceaccount:dev:ci" cannot create');
  });

  it('cluster-scoped messages and system components', () => {
    expect(forbiddenMessage(userIdentity('bob', []), { verb: 'list', group: '', resource: 'nodes' })).toBe('nodes is forbidden: User "bob" cannot list resource "nodes" in API group "" at the cluster scope');
    expect(authorize(CONTROLLER_MANAGER, { verb: 'create', group: '', resource: 'pods', namespace: 'x' }, rbac).allowed).toBe(true);
    expect(authorize(nodeIdentity('worker-1'), { verb: 'patch', group: '', resource: 'pods', subresource: 'status', namespace: 'x', name: 'p' }, rbac).reason).toContain('Node authorizer');
    expect(authorize(nodeIdentity('worker-1'), { verb: 'create', group: 'apps', resource: 'deployments', namespace: 'x' }, rbac).allowed).toBe(false);
  });
});
