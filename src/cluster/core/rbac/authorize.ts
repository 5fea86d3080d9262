/**
 * The RBAC authorizer as a pure function. Follows
 * plugin/pkg/auth/authorizer/rbac/rbac.go (RuleAllows, authorizingVisitor) and
 * pkg/registry/rbac/validation/rule.go (VisitRulesFor, appliesTo,
 * describeSubject): ClusterRoleBindings are visited first, in list order, then
 * the RoleBindings of the request's namespace; the first rule that allows wins
 * and names its source in the reason.
 */
import type {
  ClusterRole,
  ClusterRoleBinding,
  Decision,
  PolicyRule,
  RbacLabelSelector,
  RbacPolicy,
  RequestAttributes,
  RoleBinding,
  RoleRef,
  Subject,
} from './types.ts';

const SA_PREFIX = 'system:serviceaccount:';

/** The user name a ServiceAccount authenticates as. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SA_PREFIX}${namespace}:${name}`;
}

/** The user and groups a ServiceAccount token authenticates as. */
export function serviceAccountUser(namespace: string, name: string): { user: string; groups: string[] } {
  return {
    user: serviceAccountUsername(namespace, name),
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
  };
}

/** Every authenticated request also carries `system:authenticated` (the authenticator's group adder). */
export function withAuthenticatedGroup(groups: readonly string[]): string[] {
  return groups.includes('system:authenticated') ? [...groups] : [...groups, 'system:authenticated'];
}

export function authorize(attrs: RequestAttributes, rbac: RbacPolicy): Decision {
  const errors: string[] = [];
  for (const { source, rules, error } of visitRules(attrs, rbac)) {
    if (error !== undefined) {
      errors.push(error);
      continue;
    }
    if (rules.some((r) => ruleAllows(attrs, r))) return { allowed: true, reason: `RBAC: allowed by ${source}` };
  }
  return { allowed: false, reason: errors.length > 0 ? `RBAC: ${aggregate(errors)}` : '' };
}

/**
 * RBAC's RulesFor (rbac.go, used by SelfSubjectRulesReview): every rule of
 * every binding that applies to the user in `namespace` (cluster-wide
 * bindings first), and the errors of bindings whose role is missing.
 */
export function rulesFor(subject: { user: string; groups: string[]; namespace?: string }, rbac: RbacPolicy): { rules: PolicyRule[]; errors: string[] } {
  const rules: PolicyRule[] = [];
  const errors: string[] = [];
  for (const visit of visitRules({ ...subject, verb: '' }, rbac)) {
    if (visit.error !== undefined) errors.push(visit.error);
    else rules.push(...visit.rules);
  }
  return { rules, errors };
}

interface Visit {
  source: string;
  rules: PolicyRule[];
  error?: string;
}

function* visitRules(attrs: RequestAttributes, rbac: RbacPolicy): Generator<Visit> {
  for (const b of rbac.clusterRoleBindings) {
    const subject = firstApplying(attrs, b.subjects ?? [], '');
    if (!subject) continue;
    const resolved = roleRefRules(b.roleRef, '', rbac);
    yield { source: describeClusterBinding(b, subject), ...resolved };
  }
  const ns = attrs.namespace ?? '';
  if (ns === '') return;
  for (const b of rbac.roleBindings) {
    if (b.metadata.namespace !== ns) continue;
    const subject = firstApplying(attrs, b.subjects ?? [], ns);
    if (!subject) continue;
    const resolved = roleRefRules(b.roleRef, ns, rbac);
    yield { source: describeBinding(b, subject), ...resolved };
  }
}

function roleRefRules(ref: RoleRef, ns: string, rbac: RbacPolicy): { rules: PolicyRule[]; error?: string } {
  if (ref.kind === 'ClusterRole') {
    const cr = rbac.clusterRoles.find((r) => r.metadata.name === ref.name);
    if (!cr) return { rules: [], error: `clusterrole.rbac.authorization.k8s.io "${ref.name}" not found` };
    return { rules: clusterRoleRules(cr, rbac.clusterRoles) };
  }
  if (ref.kind === 'Role') {
    const role = rbac.roles.find((r) => r.metadata.namespace === ns && r.metadata.name === ref.name);
    if (!role) return { rules: [], error: `role.rbac.authorization.k8s.io "${ref.name}" not found` };
    return { rules: role.rules ?? [] };
  }
  return { rules: [], error: `unsupported role reference kind: "${ref.kind}"` };
}

/**
 * An aggregated ClusterRole's rules are what the clusterrole-aggregation
 * controller would have written into it: the rules of every ClusterRole its
 * selectors match (in list order), replacing its own.
 */
export function clusterRoleRules(
  role: ClusterRole,
  all: readonly ClusterRole[],
  seen: ReadonlySet<string> = new Set(),
): PolicyRule[] {
  const selectors = role.aggregationRule?.clusterRoleSelectors;
  if (!selectors || selectors.length === 0) return role.rules ?? [];
  // Aggregated roles nest (view → edit → admin): recurse, guarding against cycles.
  const visited = new Set([...seen, role.metadata.name]);
  const rules: PolicyRule[] = [];
  for (const other of all) {
    if (visited.has(other.metadata.name)) continue;
    if (selectors.some((s) => selectorMatches(s, other.metadata.labels ?? {}))) {
      rules.push(...clusterRoleRules(other, all, visited));
    }
  }
  return rules;
}

function selectorMatches(sel: RbacLabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const value = Object.hasOwn(labels, e.key) ? labels[e.key] : undefined;
    const has = value !== undefined;
    const inValues = has && (e.values ?? []).includes(value);
    if (e.operator === 'In' && !inValues) return false;
    if (e.operator === 'NotIn' && inValues) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function firstApplying(attrs: RequestAttributes, subjects: Subject[], ns: string): Subject | undefined {
  return subjects.find((s) => appliesToUser(attrs, s, ns));
}

function appliesToUser(attrs: RequestAttributes, s: Subject, ns: string): boolean {
  switch (s.kind) {
    case 'User':
      return attrs.user === s.name;
    case 'Group':
      return attrs.groups.includes(s.name);
    case 'ServiceAccount': {
      // A RoleBinding may leave the SA namespace out: it defaults to the binding's.
      const saNs = s.namespace && s.namespace.length > 0 ? s.namespace : ns;
      return saNs !== '' && attrs.user === serviceAccountUsername(saNs, s.name);
    }
    default:
      return false;
  }
}

function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') {
    const ns = s.namespace && s.namespace.length > 0 ? s.namespace : bindingNamespace;
    return `${s.kind} "${s.name}/${ns}"`;
  }
  return `${s.kind} "${s.name}"`;
}

function describeClusterBinding(b: ClusterRoleBinding, s: Subject): string {
  return `ClusterRoleBinding "${b.metadata.name}" of ${b.roleRef.kind} "${b.roleRef.name}" to ${describeSubject(s, '')}`;
}

function describeBinding(b: RoleBinding, s: Subject): string {
  const ns = b.metadata.namespace;
  return `RoleBinding "${b.metadata.name}/${ns}" of ${b.roleRef.kind} "${b.roleRef.name}" to ${describeSubject(s, ns)}`;
}

/** utilerrors.Aggregate.Error(): one message as is, several deduplicated in brackets. */
function aggregate(errors: string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`; // one element
}

/** rbac.go RuleAllows. */
export function ruleAllows(attrs: RequestAttributes, rule: PolicyRule): boolean {
  if (!verbMatches(rule, attrs.verb)) return false;
  if (isResourceRequest(attrs)) {
    const sub = attrs.subresource ?? '';
    const combined = sub ? `${attrs.resource}/${sub}` : (attrs.resource ?? '');
    return (
      apiGroupMatches(rule, attrs.apiGroup ?? '') &&
      resourceMatches(rule, combined, sub) &&
      resourceNameMatches(rule, attrs.name ?? '')
    );
  }
  return nonResourceURLMatches(rule, attrs.nonResourceURL ?? '');
}

export function isResourceRequest(attrs: RequestAttributes): boolean {
  return attrs.nonResourceURL === undefined;
}

function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === '*' || v === verb);
}

function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === '*' || g === group);
}

function resourceMatches(rule: PolicyRule, combined: string, sub: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === '*' || r === combined) return true;
    // `*/scale` matches the scale subresource of every resource.
    if (sub !== '' && r.length === sub.length + 2 && r.startsWith('*/') && r.endsWith(sub)) return true;
  }
  return false;
}

function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

function nonResourceURLMatches(rule: PolicyRule, url: string): boolean {
  return (rule.nonResourceURLs ?? []).some(
    (u) => u === '*' || u === url || (u.endsWith('*') && url.startsWith(u.replace(/\*+$/, ''))),
  );
}

export interface ChainDecision {
  allowed: boolean;
  reason: string;
  /** Which authorizer decided (`none` when every one had no opinion: denied). */
  decidedBy: 'privileged-group' | 'RBAC' | 'none';
}

/**
 * kube-apiserver's union authorizer as configured by default
 * (pkg/kubeapiserver/authorizer/config.go): members of `system:masters` are
 * allowed by the privileged-group authorizer before RBAC is asked (reason "").
 * The Node authorizer is not modelled here: the model authorizes kubelets itself.
 */
export function authorizeChain(attrs: RequestAttributes, rbac: RbacPolicy): ChainDecision {
  if (attrs.groups.includes('system:masters')) return { allowed: true, reason: '', decidedBy: 'privileged-group' };
  const d = authorize(attrs, rbac);
  return { ...d, decidedBy: d.allowed ? 'RBAC' : 'none' };
}

/**
 * The annotations the API server adds to audit events for the decision
 * (staging/src/k8s.io/apiserver/pkg/endpoints/filters/authorization.go).
 */
export function authorizationAuditAnnotations(d: { allowed: boolean; reason: string }): Record<string, string> {
  return { 'authorization.k8s.io/decision': d.allowed ? 'allow' : 'forbid', 'authorization.k8s.io/reason': d.reason };
}
