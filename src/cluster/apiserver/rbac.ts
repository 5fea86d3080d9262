/**
 * Authorization as kube-apiserver runs it with `--authorization-mode=Node,RBAC`:
 * the Node authorizer for kubelets, then RBAC over Roles, ClusterRoles and
 * their bindings (plus the bootstrap policy for system identities and the
 * default user-facing ClusterRoles). Messages are the API server's own.
 */
import type { Obj } from '../object.ts';
import type { Identity } from './identity.ts';

export interface Attributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export interface Decision {
  allowed: boolean;
  reason: string;
}

interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

const ALL: PolicyRule = { verbs: ['*'], apiGroups: ['*'], resources: ['*'] };
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const WORKLOAD_GROUPS = ['', 'apps', 'batch', 'autoscaling', 'networking.k8s.io', 'policy', 'discovery.k8s.io'];
const WORKLOAD_RESOURCES = [
  'pods', 'pods/log', 'pods/exec', 'pods/portforward', 'services', 'endpoints', 'configmaps', 'secrets',
  'persistentvolumeclaims', 'serviceaccounts', 'replicationcontrollers', 'deployments', 'deployments/scale',
  'replicasets', 'replicasets/scale', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs', 'horizontalpodautoscalers',
  'ingresses', 'networkpolicies', 'poddisruptionbudgets', 'endpointslices', 'events',
];

/** The default user-facing ClusterRoles (reduced to the rules that matter here). */
export const BUILTIN_CLUSTER_ROLES: Record<string, PolicyRule[]> = {
  'cluster-admin': [ALL],
  admin: [{ verbs: [...READ, ...WRITE], apiGroups: WORKLOAD_GROUPS, resources: WORKLOAD_RESOURCES }, { verbs: ['*'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'] }],
  edit: [{ verbs: [...READ, ...WRITE], apiGroups: WORKLOAD_GROUPS, resources: WORKLOAD_RESOURCES }],
  view: [{ verbs: READ, apiGroups: WORKLOAD_GROUPS, resources: WORKLOAD_RESOURCES.filter((r) => r !== 'secrets') }],
};

/** Bootstrap bindings of the system identities: `[user or group, role]`. */
const SYSTEM_BINDINGS: [kind: 'User' | 'Group', subject: string, role: string][] = [
  ['Group', 'system:masters', 'cluster-admin'],
  ['User', 'system:kube-controller-manager', 'system:kube-controller-manager'],
  ['User', 'system:kube-scheduler', 'system:kube-scheduler'],
  ['User', 'system:kube-proxy', 'system:node-proxier'],
];

export interface RbacObjects {
  roles(namespace: string): Obj[];
  clusterRoles(): Obj[];
  roleBindings(namespace: string): Obj[];
  clusterRoleBindings(): Obj[];
}

export function authorize(who: Identity, a: Attributes, store: RbacObjects): Decision {
  if (who.groups.includes('system:nodes')) return nodeAuthorizer(who, a);
  for (const [kind, subject, role] of SYSTEM_BINDINGS) {
    const matches = kind === 'User' ? who.user === subject : who.groups.includes(subject);
    if (matches) return { allowed: true, reason: `RBAC: allowed by ClusterRoleBinding "${role}" of ClusterRole "${role}" to ${kind} "${subject}"` };
  }
  for (const b of store.clusterRoleBindings()) {
    if (!bindsSubject(b, who)) continue;
    const rules = rulesOf(b, store, undefined);
    if (rules.some((r) => ruleAllows(r, a))) return { allowed: true, reason: `RBAC: allowed by ClusterRoleBinding "${b.metadata.name}" of ClusterRole "${b.roleRef?.name}" to ${describeSubject(b, who)}` };
  }
  if (a.namespace) {
    for (const b of store.roleBindings(a.namespace)) {
      if (!bindsSubject(b, who)) continue;
      const rules = rulesOf(b, store, a.namespace);
      if (rules.some((r) => ruleAllows(r, a))) return { allowed: true, reason: `RBAC: allowed by RoleBinding "${b.metadata.name}/${a.namespace}" of ${b.roleRef?.kind} "${b.roleRef?.name}" to ${describeSubject(b, who)}` };
    }
  }
  return { allowed: false, reason: forbiddenMessage(who, a) };
}

/** `pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"`. */
export function forbiddenMessage(who: Identity, a: Attributes): string {
  const res = a.group ? `${a.resource}.${a.group}` : a.resource;
  const subject = a.name ? `${res} "${a.name}"` : res;
  const resourcePart = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `${subject} is forbidden: User "${who.user}" cannot ${a.verb} resource "${resourcePart}" in API group "${a.group}" ${scope}`;
}

function nodeAuthorizer(who: Identity, a: Attributes): Decision {
  // The Node authorizer lets a kubelet read what its pods need and write its own
  // node and the status of pods bound to it; NodeRestriction admission narrows writes.
  const allowedResources = ['pods', 'nodes', 'events', 'services', 'endpoints', 'endpointslices', 'configmaps', 'secrets', 'leases', 'persistentvolumeclaims'];
  if (allowedResources.includes(a.resource)) return { allowed: true, reason: `Node authorizer: allowed for ${who.user}` };
  return { allowed: false, reason: forbiddenMessage(who, a) };
}

function bindsSubject(binding: Obj, who: Identity): boolean {
  const subjects = (binding.subjects ?? []) as { kind: string; name: string; namespace?: string }[];
  return subjects.some((s) => {
    if (s.kind === 'User') return s.name === who.user;
    if (s.kind === 'Group') return who.groups.includes(s.name);
    if (s.kind === 'ServiceAccount') return who.user === `system:serviceaccount:${s.namespace ?? binding.metadata.namespace}:${s.name}`;
    return false;
  });
}

function describeSubject(binding: Obj, who: Identity): string {
  const subjects = (binding.subjects ?? []) as { kind: string; name: string }[];
  const s = subjects.find((x) => (x.kind === 'Group' ? who.groups.includes(x.name) : true)) ?? { kind: 'User', name: who.user };
  return `${s.kind} "${s.name}"`;
}

function rulesOf(binding: Obj, store: RbacObjects, namespace: string | undefined): PolicyRule[] {
  const ref = binding.roleRef as { kind: string; name: string } | undefined;
  if (!ref) return [];
  if (ref.kind === 'Role' && namespace) {
    const role = store.roles(namespace).find((r) => r.metadata.name === ref.name);
    return (role?.rules ?? []) as PolicyRule[];
  }
  const cr = store.clusterRoles().find((r) => r.metadata.name === ref.name);
  if (cr) return (cr.rules ?? []) as PolicyRule[];
  return BUILTIN_CLUSTER_ROLES[ref.name] ?? [];
}

function ruleAllows(r: PolicyRule, a: Attributes): boolean {
  const verbOk = r.verbs.includes('*') || r.verbs.includes(a.verb);
  const groups = r.apiGroups ?? [''];
  const groupOk = groups.includes('*') || groups.includes(a.group);
  const full = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const resources = r.resources ?? [];
  const resOk = resources.includes('*') || resources.includes(full);
  const nameOk = !r.resourceNames || r.resourceNames.length === 0 || (a.name !== undefined && r.resourceNames.includes(a.name));
  return verbOk && groupOk && resOk && nameOk;
}
