/**
 * The bootstrap RBAC policy kube-apiserver seeds (rbac/bootstrap-roles
 * post-start hook), from plugin/pkg/auth/authorizer/rbac/bootstrappolicy/
 * policy.go and controller_policy.go — reduced to the roles the model uses.
 * The rules of cluster-admin, the system:kube-scheduler / controller-manager /
 * node-proxier roles and the controller roles follow upstream; the
 * aggregate-to-view/edit/admin rule lists are condensed to the resources the
 * model knows (documented simplification).
 *
 * `system:node` exists but has no binding: kubelets are authorized by the Node
 * authorizer (which also restricts them to their own node's objects), not by RBAC.
 */
import type { ClusterRole, ClusterRoleBinding, PolicyRule, RbacPolicy } from './types.ts';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const AGG = 'rbac.authorization.k8s.io/aggregate-to-';
const RBAC_GROUP = 'rbac.authorization.k8s.io';

function rule(verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): PolicyRule {
  return resourceNames ? { verbs, apiGroups, resources, resourceNames } : { verbs, apiGroups, resources };
}

const eventsRule = rule(['create', 'update', 'patch'], ['', 'events.k8s.io'], ['events']);

function clusterRole(name: string, rules: PolicyRule[], labels?: Record<string, string>): ClusterRole {
  const metadata = { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', ...labels } };
  return { metadata, rules };
}

function aggregated(name: string, into: string, labels?: Record<string, string>): ClusterRole {
  return {
    metadata: { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', ...labels } },
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [`${AGG}${into}`]: 'true' } }] },
    rules: [],
  };
}

const workloadsRead: PolicyRule[] = [
  rule(READ, [''], ['configmaps', 'endpoints', 'persistentvolumeclaims', 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status']),
  rule(READ, [''], ['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status']),
  rule(READ, [''], ['namespaces']),
  rule(READ, ['discovery.k8s.io'], ['endpointslices']),
  rule(READ, ['apps'], ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status']),
  rule(READ, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
  rule(READ, ['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status']),
  rule(READ, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
  rule(READ, ['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies']),
];

const workloadsWrite: PolicyRule[] = [
  rule(['impersonate'], [''], ['serviceaccounts']),
  rule(WRITE, [''], ['pods', 'pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward']),
  rule(['create'], [''], ['pods/eviction']),
  rule(WRITE, [''], ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy']),
  rule(['create'], [''], ['serviceaccounts/token']),
  rule(WRITE, ['apps'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale']),
  rule(WRITE, ['autoscaling'], ['horizontalpodautoscalers']),
  rule(WRITE, ['batch'], ['cronjobs', 'jobs']),
  rule(WRITE, ['policy'], ['poddisruptionbudgets']),
  rule(WRITE, ['networking.k8s.io'], ['ingresses', 'networkpolicies']),
  rule(WRITE, ['discovery.k8s.io'], ['endpointslices']),
  rule(['get', 'list', 'watch'], [''], ['secrets']),
];

const adminOnly: PolicyRule[] = [
  rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
  rule([...WRITE, ...READ], [RBAC_GROUP], ['rolebindings', 'roles']),
];

function controllerRole(name: string, rules: PolicyRule[]): ClusterRole {
  return clusterRole(`system:controller:${name}`, rules);
}

const controllerRoles: ClusterRole[] = [
  controllerRole('deployment-controller', [
    rule(['get', 'list', 'watch', 'update'], ['extensions', 'apps'], ['deployments']),
    rule(['update'], ['extensions', 'apps'], ['deployments/finalizers', 'deployments/status']),
    rule(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'], ['extensions', 'apps'], ['replicasets']),
    rule(['get', 'list', 'watch', 'update'], [''], ['pods']),
    eventsRule,
  ]),
  controllerRole('replicaset-controller', [
    rule(['get', 'list', 'watch', 'update'], ['apps', 'extensions'], ['replicasets']),
    rule(['update'], ['apps', 'extensions'], ['replicasets/status']),
    rule(['update'], ['apps', 'extensions'], ['replicasets/finalizers']),
    rule(['list', 'watch', 'patch', 'create', 'delete'], [''], ['pods']),
    eventsRule,
  ]),
  controllerRole('endpointslice-controller', [
    rule(['get', 'list', 'watch'], [''], ['services', 'pods', 'nodes']),
    rule(['update'], [''], ['services/finalizers']),
    rule(['get', 'list', 'create', 'update', 'delete'], ['discovery.k8s.io'], ['endpointslices']),
    eventsRule,
  ]),
  controllerRole('endpointslicemirroring-controller', [
    rule(['get', 'list', 'watch'], [''], ['services', 'endpoints']),
    rule(['update'], [''], ['services/finalizers']),
    rule(['update'], [''], ['endpoints/finalizers']),
    rule(['get', 'list', 'create', 'update', 'delete'], ['discovery.k8s.io'], ['endpointslices']),
    eventsRule,
  ]),
  // plugin/pkg/auth/authorizer/rbac/bootstrappolicy/controller_policy.go (1.31).
  controllerRole('pvc-protection-controller', [
    rule(['get', 'list', 'watch', 'update'], [''], ['persistentvolumeclaims']),
    rule(['list', 'watch', 'get'], [''], ['pods']),
    eventsRule,
  ]),
  controllerRole('pv-protection-controller', [
    rule(['get', 'list', 'watch', 'update'], [''], ['persistentvolumes']),
    eventsRule,
  ]),
  controllerRole('horizontal-pod-autoscaler', [
    rule(['get', 'list', 'watch'], ['autoscaling'], ['horizontalpodautoscalers']),
    rule(['update'], ['autoscaling'], ['horizontalpodautoscalers/status']),
    rule(['get', 'update'], ['*'], ['*/scale']),
    rule(['list'], [''], ['pods']),
    rule(['list'], ['metrics.k8s.io'], ['pods']),
    eventsRule,
  ]),
];

const clusterRoles: ClusterRole[] = [
  clusterRole('cluster-admin', [
    { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
    { verbs: ['*'], nonResourceURLs: ['*'] },
  ]),
  clusterRole('system:discovery', [
    { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'] },
  ]),
  clusterRole('system:basic-user', [
    rule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
    rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
  ]),
  clusterRole('system:public-info-viewer', [
    { verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] },
  ]),
  aggregated('admin', 'admin'),
  aggregated('edit', 'edit', { [`${AGG}admin`]: 'true' }),
  aggregated('view', 'view', { [`${AGG}edit`]: 'true' }),
  clusterRole('system:aggregate-to-admin', adminOnly, { [`${AGG}admin`]: 'true' }),
  clusterRole('system:aggregate-to-edit', workloadsWrite, { [`${AGG}edit`]: 'true' }),
  clusterRole('system:aggregate-to-view', workloadsRead, { [`${AGG}view`]: 'true' }),
  clusterRole('system:kube-scheduler', [
    eventsRule,
    rule(['create'], ['coordination.k8s.io'], ['leases']),
    rule(['get', 'update'], ['coordination.k8s.io'], ['leases'], ['kube-scheduler']),
    rule(READ, [''], ['nodes']),
    rule(['get', 'list', 'watch', 'delete'], [''], ['pods']),
    rule(['create'], [''], ['pods/binding', 'bindings']),
    rule(['patch', 'update'], [''], ['pods/status']),
    rule(READ, [''], ['services', 'replicationcontrollers']),
    rule(READ, ['apps', 'extensions'], ['replicasets']),
    rule(READ, ['apps'], ['statefulsets']),
    rule(READ, ['policy'], ['poddisruptionbudgets']),
    rule(READ, [''], ['persistentvolumeclaims', 'persistentvolumes']),
    rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
    rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
    rule(READ, ['storage.k8s.io'], ['csinodes']),
    rule(READ, [''], ['namespaces']),
    rule(READ, ['storage.k8s.io'], ['csidrivers']),
    rule(READ, ['storage.k8s.io'], ['csistoragecapacities']),
  ]),
  clusterRole('system:kube-controller-manager', [
    eventsRule,
    rule(['create'], ['coordination.k8s.io'], ['leases']),
    rule(['get', 'update'], ['coordination.k8s.io'], ['leases'], ['kube-controller-manager']),
    rule(['create'], [''], ['secrets', 'serviceaccounts']),
    rule(['delete'], [''], ['secrets']),
    rule(['get'], [''], ['configmaps', 'namespaces', 'secrets', 'serviceaccounts']),
    rule(['update'], [''], ['secrets', 'serviceaccounts']),
    rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
    rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
    rule(['list', 'watch'], ['*'], ['*']),
    rule(['create'], [''], ['serviceaccounts/token']),
  ]),
  clusterRole('system:node-proxier', [
    rule(['list', 'watch'], [''], ['services', 'endpoints']),
    rule(['get'], [''], ['nodes']),
    eventsRule,
    rule(['list', 'watch'], ['discovery.k8s.io'], ['endpointslices']),
  ]),
  clusterRole('system:node', [
    rule(['get', 'list', 'watch'], [''], ['nodes', 'pods', 'services', 'endpoints']),
    rule(['create', 'update', 'patch', 'delete'], [''], ['nodes', 'nodes/status']),
    rule(['create', 'delete'], [''], ['pods']),
    rule(['update', 'patch'], [''], ['pods/status']),
    rule(['create'], [''], ['pods/eviction']),
    rule(['get'], [''], ['configmaps', 'secrets', 'persistentvolumeclaims', 'persistentvolumes']),
    eventsRule,
    rule(['get', 'create', 'update', 'patch', 'delete'], ['coordination.k8s.io'], ['leases']),
  ]),
  ...controllerRoles,
];

function binding(name: string, role: string, subjects: ClusterRoleBinding['subjects']): ClusterRoleBinding {
  return { metadata: { name }, roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role }, subjects };
}

function group(name: string) {
  return { kind: 'Group' as const, apiGroup: RBAC_GROUP, name };
}

function user(name: string) {
  return { kind: 'User' as const, apiGroup: RBAC_GROUP, name };
}

function controllerBinding(name: string): ClusterRoleBinding {
  return binding(`system:controller:${name}`, `system:controller:${name}`, [
    { kind: 'ServiceAccount', name, namespace: 'kube-system' },
  ]);
}

const clusterRoleBindings: ClusterRoleBinding[] = [
  binding('cluster-admin', 'cluster-admin', [group('system:masters')]),
  binding('system:basic-user', 'system:basic-user', [group('system:authenticated')]),
  binding('system:discovery', 'system:discovery', [group('system:authenticated')]),
  binding('system:public-info-viewer', 'system:public-info-viewer', [group('system:authenticated'), group('system:unauthenticated')]),
  binding('system:kube-scheduler', 'system:kube-scheduler', [user('system:kube-scheduler')]),
  binding('system:kube-controller-manager', 'system:kube-controller-manager', [user('system:kube-controller-manager')]),
  binding('system:node-proxier', 'system:node-proxier', [user('system:kube-proxy')]),
  ...controllerRoles.map((r) => controllerBinding(r.metadata.name.slice('system:controller:'.length))),
];

/** A fresh copy of the bootstrap policy (callers may append to it). */
export function bootstrapPolicy(): RbacPolicy {
  return structuredClone({ roles: [], roleBindings: [], clusterRoles, clusterRoleBindings });
}
