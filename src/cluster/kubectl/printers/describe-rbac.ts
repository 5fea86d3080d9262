/**
 * `kubectl describe` of ServiceAccount, Role, ClusterRole, RoleBinding and
 * ClusterRoleBinding (k8s.io/kubectl pkg/describe/describe.go, 1.31:
 * ServiceAccountDescriber and describeServiceAccount, RoleDescriber,
 * ClusterRoleDescriber, CombineResourceGroup, RoleBindingDescriber,
 * ClusterRoleBindingDescriber; the rules through pkg/util/rbac BreakdownRule,
 * CompactRules and SortableRuleSlice). Only ServiceAccount has an Events
 * section (added by the caller, ./describe.ts); the RBAC describers print none.
 */
import type { KubeObjectLike } from './types.ts';
import { DescribeWriter, printAnnotationsMultiline, printLabelsMultiline } from './describe-common.ts';
import { asArray, asDict, asString, type Dict } from './format.ts';

interface Rule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

function strings(v: unknown): string[] {
  return asArray(v).map((x) => asString(x));
}

/** rbac.BreakdownRule: one rule per group × resource × verb (× resource name), then per non-resource URL × verb. */
function breakdownRule(rule: Dict): Rule[] {
  const out: Rule[] = [];
  const verbs = strings(rule.verbs);
  const names = strings(rule.resourceNames);
  for (const group of strings(rule.apiGroups)) {
    for (const resource of strings(rule.resources)) {
      for (const verb of verbs) {
        if (names.length > 0) {
          for (const name of names) out.push({ verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: [name], nonResourceURLs: [] });
        } else {
          out.push({ verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: [], nonResourceURLs: [] });
        }
      }
    }
  }
  for (const url of strings(rule.nonResourceURLs)) {
    for (const verb of verbs) out.push({ verbs: [verb], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [url] });
  }
  return out;
}

/**
 * rbac.CompactRules on broken-down rules: the rules of one group, resource
 * and resource name merge their verbs (in the order met); non-resource rules
 * stay as they are.
 */
function compactRules(rules: Rule[]): Rule[] {
  const compacted: Rule[] = [];
  const simple = new Map<string, Rule>();
  for (const r of rules) {
    if (r.nonResourceURLs.length > 0) {
      compacted.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups[0], r.resources[0], r.resourceNames.length > 0, r.resourceNames[0] ?? '']);
    const existing = simple.get(key);
    if (existing) {
      for (const v of r.verbs) if (!existing.verbs.includes(v)) existing.verbs.push(v);
    } else {
      simple.set(key, { ...r, verbs: [...r.verbs] });
    }
  }
  return [...compacted, ...simple.values()];
}

/** Go's %v of a []string. */
function goList(xs: string[]): string {
  return `[${xs.join(' ')}]`;
}

/** PolicyRule.String() (generated.pb.go), the key SortableRuleSlice sorts by: verbs first. */
function ruleString(r: Rule): string {
  return `&PolicyRule{Verbs:${goList(r.verbs)},APIGroups:${goList(r.apiGroups)},Resources:${goList(r.resources)},ResourceNames:${goList(r.resourceNames)},NonResourceURLs:${goList(r.nonResourceURLs)},}`;
}

/** CombineResourceGroup: `resource.group/subresource`. */
function combineResourceGroup(resources: string[], groups: string[]): string {
  const first = resources[0];
  if (first === undefined) return '';
  const slash = first.indexOf('/');
  let combine = slash < 0 ? first : first.slice(0, slash);
  const group = groups[0];
  if (group !== undefined && group !== '') combine += `.${group}`;
  if (slash >= 0) combine += `/${first.slice(slash + 1)}`;
  return combine;
}

/** RoleDescriber / ClusterRoleDescriber: no Namespace line, no Events. */
export function describeRole(w: DescribeWriter, role: KubeObjectLike): void {
  const rules = compactRules(asArray(role.rules).map(asDict).flatMap(breakdownRule));
  const keyed = rules.map((r) => ({ r, k: ruleString(r) }));
  // sort.Stable by String(): equal keys are equal rules, so their order does not show.
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  w.write(0, `Name:\t${role.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', role.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', role.metadata.annotations);
  w.write(0, 'PolicyRule:\n');
  w.write(1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n');
  w.write(1, '---------\t-----------------\t--------------\t-----\n');
  for (const { r } of keyed) {
    w.write(1, `${combineResourceGroup(r.resources, r.apiGroups)}\t${goList(r.nonResourceURLs)}\t${goList(r.resourceNames)}\t${goList(r.verbs)}\n`);
  }
}

/** RoleBindingDescriber / ClusterRoleBindingDescriber: no Namespace line, no Events. */
export function describeRoleBinding(w: DescribeWriter, binding: KubeObjectLike): void {
  const ref = asDict(binding.roleRef);
  w.write(0, `Name:\t${binding.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', binding.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', binding.metadata.annotations);
  w.write(0, 'Role:\n');
  w.write(1, `Kind:\t${asString(ref.kind)}\n`);
  w.write(1, `Name:\t${asString(ref.name)}\n`);
  w.write(0, 'Subjects:\n');
  w.write(1, 'Kind\tName\tNamespace\n');
  w.write(1, '----\t----\t---------\n');
  for (const s of asArray(binding.subjects).map(asDict)) w.write(1, `${asString(s.kind)}\t${asString(s.name)}\t${asString(s.namespace)}\n`);
}

/**
 * describeServiceAccount: image pull secrets, mountable secrets and the
 * legacy token Secrets (type kubernetes.io/service-account-token annotated
 * with this account's name and uid), each missing one marked "(not found)".
 */
export function describeServiceAccount(w: DescribeWriter, sa: KubeObjectLike, secrets: readonly KubeObjectLike[]): void {
  w.write(0, `Name:\t${sa.metadata.name}\n`);
  w.write(0, `Namespace:\t${sa.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', sa.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', sa.metadata.annotations);
  const existing = new Set(secrets.map((s) => s.metadata.name));
  const tokens = secrets.filter(
    (s) =>
      s.type === 'kubernetes.io/service-account-token' &&
      (s.metadata.annotations?.['kubernetes.io/service-account.name'] ?? '') === sa.metadata.name &&
      (s.metadata.annotations?.['kubernetes.io/service-account.uid'] ?? '') === (sa.metadata.uid ?? ''),
  );
  const pull = asArray(sa.imagePullSecrets).map((s) => asString(asDict(s).name));
  const mount = asArray(sa.secrets).map((s) => asString(asDict(s).name));
  const missing = new Set([...mount, ...pull].filter((n) => !existing.has(n)));
  // The three headers, in sorted order (sets.StringKeySet(types).List()).
  const rows: [string, string[]][] = [
    ['Image pull secrets:', pull],
    ['Mountable secrets: ', mount],
    ['Tokens:            ', tokens.map((s) => s.metadata.name)],
  ];
  for (const [header, names] of rows) {
    if (names.length === 0) {
      w.write(0, `${header}\t<none>\n`);
      continue;
    }
    let prefix = header;
    for (const name of names) {
      w.write(0, `${prefix}\t${name}${missing.has(name) ? ' (not found)' : ''}\n`);
      prefix = '                   ';
    }
  }
}
