/**
 * Authorization as kube-apiserver runs it with `--authorization-mode=Node,RBAC`:
 * the Node authorizer for kubelets, then RBAC. The RBAC decision itself is the
 * pure, table-tested authorizer in `../rbac/` (over the bootstrap policy plus
 * the Roles, ClusterRoles and bindings stored in the cluster); this file only
 * adapts the model's identities and stored objects to it.
 */
import type { ClusterRoleBindingObj, ClusterRoleObj, RoleBindingObj, RoleObj } from '../core/typed.ts';
import { CSI_ATTACHER_USER, CSI_PROVISIONER_USER, type Identity } from './identity.ts';
import {
  authorize as rbacAuthorize,
  bootstrapPolicy,
  forbiddenMessage as rbacForbiddenMessage,
  type RbacPolicy,
  type RequestAttributes,
} from '../core/rbac/index.ts';

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
  /** `RBAC: allowed by …` when allowed; the 403 Status message when denied. */
  reason: string;
}

/** The stored RBAC objects, through their typed views (the store's `list('Role', ns)`…). */
export interface RbacObjects {
  roles(namespace: string): RoleObj[];
  clusterRoles(): ClusterRoleObj[];
  roleBindings(namespace: string): RoleBindingObj[];
  clusterRoleBindings(): ClusterRoleBindingObj[];
}

/** The bootstrap policy never changes: computed once, never mutated. */
const BOOTSTRAP: Readonly<RbacPolicy> = bootstrapPolicy();

/**
 * The model runs every controller of kube-controller-manager under one
 * identity (as with `--use-service-account-credentials=false`) and grants the
 * control-plane components what their per-controller roles would: a documented
 * simplification, so these identities are allowed before RBAC is asked (so is
 * the CSI external-provisioner and external-attacher, whose ClusterRoles the model does not spell out).
 */
const COMPONENT_USERS = new Set(['system:kube-controller-manager', 'system:kube-scheduler', 'system:kube-proxy', CSI_PROVISIONER_USER, CSI_ATTACHER_USER]);

export function authorize(who: Identity, a: Attributes, store: RbacObjects): Decision {
  if (who.groups.includes('system:nodes')) return nodeAuthorizer(who, a);
  if (COMPONENT_USERS.has(who.user)) return { allowed: true, reason: `RBAC: allowed by ClusterRoleBinding "${who.user}" of ClusterRole "${who.user}" to User "${who.user}"` };
  const attrs = requestAttributes(who, a);
  const d = rbacAuthorize(attrs, policyOf(store, a.namespace));
  if (d.allowed) return d;
  return { allowed: false, reason: rbacForbiddenMessage(attrs, d.reason ? { reason: d.reason } : {}) };
}

/** Everything the RBAC authorizer reads for a request in `namespace`: bootstrap policy first, then stored objects. */
export function policyOf(store: RbacObjects, namespace: string | undefined): RbacPolicy {
  return {
    roles: namespace ? store.roles(namespace) : [],
    clusterRoles: [...BOOTSTRAP.clusterRoles, ...store.clusterRoles()],
    roleBindings: namespace ? store.roleBindings(namespace) : [],
    clusterRoleBindings: [...BOOTSTRAP.clusterRoleBindings, ...store.clusterRoleBindings()],
  };
}

export function requestAttributes(who: Identity, a: Attributes): RequestAttributes {
  return {
    user: who.user,
    groups: who.groups,
    verb: a.verb,
    apiGroup: a.group,
    resource: a.resource,
    ...(a.subresource ? { subresource: a.subresource } : {}),
    ...(a.namespace ? { namespace: a.namespace } : {}),
    ...(a.name ? { name: a.name } : {}),
  };
}

/** `pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"`. */
export function forbiddenMessage(who: Identity, a: Attributes): string {
  return rbacForbiddenMessage(requestAttributes(who, a));
}

function nodeAuthorizer(who: Identity, a: Attributes): Decision {
  // The Node authorizer lets a kubelet read what its pods need and write its own
  // node and the status of pods bound to it; NodeRestriction admission narrows writes.
  const allowedResources = ['pods', 'nodes', 'events', 'services', 'endpoints', 'endpointslices', 'configmaps', 'secrets', 'leases', 'persistentvolumeclaims'];
  if (allowedResources.includes(a.resource)) return { allowed: true, reason: `Node authorizer: allowed for ${who.user}` };
  return { allowed: false, reason: forbiddenMessage(who, a) };
}
