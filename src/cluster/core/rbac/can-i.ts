/**
 * `kubectl auth can-i VERB (RESOURCE[/NAME] | NONRESOURCEURL)` — the basic
 * form, after staging/src/k8s.io/kubectl/pkg/cmd/auth/cani.go: argument
 * parsing with its error and warning texts, a SelfSubjectAccessReview
 * answered by the authorizer chain, `yes` / `no[ - reason]` and exit 0 / 1.
 */
import { authorizeChain } from './authorize.ts';
import type { RbacPolicy, RequestAttributes } from './types.ts';

export interface CanIAnswer {
  allowed: boolean;
  /** What kubectl prints: `yes`, `no`, or `no - <reason>` (newline-terminated). */
  output: string;
  /** kubectl exits 0 for yes, 1 for no. */
  exitCode: 0 | 1;
  /** The authorizer's reason (for the trace). */
  reason: string;
}

/** Answer a SelfSubjectAccessReview for `attrs` the way kubectl prints it. */
export function canI(attrs: RequestAttributes, rbac: RbacPolicy): CanIAnswer {
  const d = authorizeChain(attrs, rbac);
  if (d.allowed) return { allowed: true, output: 'yes\n', exitCode: 0, reason: d.reason };
  const output = d.reason ? `no - ${d.reason}\n` : 'no\n';
  return { allowed: false, output, exitCode: 1, reason: d.reason };
}

/** What the RESTMapper knows about a resource token (`deploy`, `deployments.apps`, `pods`). */
export interface ResolvedResource {
  group: string;
  resource: string;
  namespaced: boolean;
}

export interface CanIArgs {
  /** Positional arguments after `auth can-i`. */
  args: string[];
  user: string;
  groups: string[];
  /** -n (or the default namespace). */
  namespace: string;
  allNamespaces?: boolean;
  subresource?: string;
  resolve: (token: string) => ResolvedResource | undefined;
}

export type ParsedCanI =
  | { ok: true; attrs: RequestAttributes; warnings: string[] }
  | { ok: false; error: string };

const NON_RESOURCE_VERBS = new Set(['get', 'put', 'post', 'head', 'options', 'delete', 'patch', '*']);

export function parseCanI(o: CanIArgs): ParsedCanI {
  if (o.args.length !== 2) {
    return { ok: false, error: 'error: you must specify two arguments: verb resource or verb resource/resourceName.' };
  }
  const [verb, target] = o.args as [string, string]; // two arguments (checked above)
  const base = { user: o.user, groups: o.groups, verb };
  if (target.startsWith('/')) {
    if (o.subresource) return { ok: false, error: 'error: --subresource can not be used with NonResourceURL' };
    const warnings = NON_RESOURCE_VERBS.has(verb) ? [] : [`Warning: verb '${verb}' is not a known verb\n`];
    return { ok: true, attrs: { ...base, nonResourceURL: target }, warnings };
  }
  const slash = target.indexOf('/');
  const token = slash >= 0 ? target.slice(0, slash) : target;
  const name = slash >= 0 ? target.slice(slash + 1) : undefined;
  const warnings: string[] = [];
  const found = o.resolve(token);
  if (!found) warnings.push(`Warning: the server doesn't have a resource type '${token}'\n\n`);
  const dot = token.indexOf('.');
  const r: ResolvedResource = found ?? { resource: dot >= 0 ? token.slice(0, dot) : token, group: dot >= 0 ? token.slice(dot + 1) : '', namespaced: true };
  if (found && !r.namespaced && !o.allNamespaces) {
    warnings.push(`Warning: resource '${r.resource}' is not namespace scoped${r.group ? ` in group '${r.group}'` : ''}\n\n`);
  }
  const attrs: RequestAttributes = {
    ...base,
    apiGroup: r.group,
    resource: r.resource,
    // kubectl sends the namespace even for cluster-scoped resources (hence its warning).
    namespace: o.allNamespaces ? '' : o.namespace,
  };
  if (o.subresource) attrs.subresource = o.subresource;
  if (name) attrs.name = name;
  return { ok: true, attrs, warnings };
}
