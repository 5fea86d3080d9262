/**
 * What a denied request looks like to the user.
 *
 * Message text: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/
 * responsewriters/errors.go (forbiddenMessage, Forbidden) wrapped by
 * apimachinery's errors.NewForbidden (`<group resource> "<name>" is forbidden: …`).
 * Before Kubernetes 1.14 the text had no `resource "…" in API group "…"`
 * (`pods is forbidden: User "bob" cannot list pods in the namespace "default"`,
 * as in the audit2rbac corpus log); `legacy: true` reproduces it.
 */
import type { RequestAttributes } from './types.ts';

export interface ForbiddenOptions {
  /** The authorizer's reason; appended as `: <reason>` when non-empty. */
  reason?: string;
  /** Pre-1.14 wording. */
  legacy?: boolean;
}

/** The Status message of the 403 (what kubectl prints after `Error from server (Forbidden): `). */
export function forbiddenMessage(attrs: RequestAttributes, opts: ForbiddenOptions = {}): string {
  const inner = opts.legacy ? legacyInner(attrs) : innerMessage(attrs);
  const err = opts.reason ? `${inner}: ${opts.reason}` : inner;
  if (attrs.nonResourceURL !== undefined) return `forbidden: ${err}`;
  const group = attrs.apiGroup ?? '';
  const gr = group === '' ? (attrs.resource ?? '') : `${attrs.resource}.${group}`;
  return attrs.name ? `${gr} "${attrs.name}" is forbidden: ${err}` : `${gr} is forbidden: ${err}`;
}

/** The line kubectl prints on stderr for a 403. */
export function kubectlForbiddenError(attrs: RequestAttributes, opts: ForbiddenOptions = {}): string {
  return `Error from server (Forbidden): ${forbiddenMessage(attrs, opts)}`;
}

function innerMessage(a: RequestAttributes): string {
  if (a.nonResourceURL !== undefined) return `User "${a.user}" cannot ${a.verb} path "${a.nonResourceURL}"`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : (a.resource ?? '');
  const head = `User "${a.user}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup ?? ''}"`;
  return a.namespace ? `${head} in the namespace "${a.namespace}"` : `${head} at the cluster scope`;
}

function legacyInner(a: RequestAttributes): string {
  if (a.nonResourceURL !== undefined) return `User "${a.user}" cannot ${a.verb} path "${a.nonResourceURL}"`;
  let resource = a.resource ?? '';
  if (a.apiGroup) resource = `${resource}.${a.apiGroup}`;
  if (a.subresource) resource = `${resource}/${a.subresource}`;
  const head = `User "${a.user}" cannot ${a.verb} ${resource}`;
  return a.namespace ? `${head} in the namespace "${a.namespace}"` : `${head} at the cluster scope`;
}
