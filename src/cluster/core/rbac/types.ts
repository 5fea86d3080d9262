/**
 * rbac.authorization.k8s.io/v1 objects, reduced to the fields the RBAC
 * authorizer reads, plus the authorizer's inputs and outputs. Plain JSON: the
 * model can pass the stored API objects straight in.
 */

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface RbacLabelSelector {
  matchLabels?: Record<string, string>;
  /** `operator`: In, NotIn, Exists or DoesNotExist (validation rejects any other). */
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface Role {
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  rules?: PolicyRule[];
}

export interface ClusterRole {
  metadata: { name: string; labels?: Record<string, string> };
  rules?: PolicyRule[];
  /** Aggregated ClusterRoles: rules are the union of the selected roles' rules. */
  aggregationRule?: { clusterRoleSelectors?: RbacLabelSelector[] };
}

export interface Subject {
  /** User, Group or ServiceAccount; a subject of any other kind applies to no one (appliesToUser). */
  kind: string;
  name: string;
  /** ServiceAccount only; defaults to the binding's namespace in a RoleBinding. */
  namespace?: string;
  apiGroup?: string;
}

export interface RoleRef {
  apiGroup: string;
  /** Role or ClusterRole; any other kind is the authorizer's `unsupported role reference kind` error. */
  kind: string;
  name: string;
}

export interface RoleBinding {
  metadata: { name: string; namespace: string };
  subjects?: Subject[];
  roleRef: RoleRef;
}

export interface ClusterRoleBinding {
  metadata: { name: string };
  subjects?: Subject[];
  roleRef: RoleRef;
}

/** Everything the RBAC authorizer reads, in list (etcd key) order. */
export interface RbacPolicy {
  roles: Role[];
  clusterRoles: ClusterRole[];
  roleBindings: RoleBinding[];
  clusterRoleBindings: ClusterRoleBinding[];
}

/**
 * authorizer.Attributes: a resource request when `resource` is set, a
 * non-resource request (`nonResourceURL`, e.g. `/healthz`) otherwise.
 */
export interface RequestAttributes {
  user: string;
  groups: string[];
  verb: string;
  /** "" is the core group. */
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  /** Empty for cluster-scoped requests (and for "all namespaces" lists). */
  namespace?: string;
  name?: string;
  nonResourceURL?: string;
}

export interface Decision {
  allowed: boolean;
  /**
   * The authorizer's reason: `RBAC: allowed by …` when allowed; when denied,
   * empty unless a binding referred to a missing role (then `RBAC: <error>`),
   * exactly like kube-apiserver's RBAC authorizer.
   */
  reason: string;
}
