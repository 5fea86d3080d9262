/** How kubectl maps command-line resource names and manifest kinds to API resources. */
import { lookupKind, resolveResource } from '../../scenario/kinds.ts';
import type { ApiResponse } from '../apiserver/types.ts';
import { resolveCustomName, resourceOrDefault, type ResourceInfo } from '../core/resources.ts';

/**
 * `po`, `deploy`, `deployments.apps` → the resource, or undefined (`the server
 * doesn't have a resource type`). `served`: the custom resources the API
 * server serves now (its discovery), for names defined by CRDs.
 */
export function resolveType(name: string, served: readonly ResourceInfo[] = []): ResourceInfo | undefined {
  const r = resolveResource(name);
  return r ? resourceOrDefault(r.kind, r.group, r.version, r.resource, r.namespaced) : resolveCustomName(name, served);
}

/** apiVersion + kind of a manifest → the resource (kubectl's RESTMapper), built in or served for an Established CRD. */
export function resolveKind(apiVersion: string, kind: string, profile: string, served: readonly ResourceInfo[] = []): ResourceInfo | undefined {
  const r = lookupKind(apiVersion, kind, profile);
  if (r) return resourceOrDefault(r.kind, r.group, r.version, r.resource, r.namespaced);
  const slash = apiVersion.indexOf('/');
  const group = apiVersion.slice(0, Math.max(slash, 0));
  const version = apiVersion.slice(slash + 1);
  return served.find((c) => c.kind === kind && c.group === group && (c.custom?.versions ?? [c.version]).includes(version));
}

/** `deployment.apps` / `service`: the name kubectl prints before `/web created`. */
export function kindName(r: ResourceInfo): string {
  return r.group ? `${r.singular}.${r.group}` : r.singular;
}

/** `Error from server (NotFound): deployments.apps "x" not found`. */
export function serverError(res: ApiResponse, context?: string): string {
  if (res.reason === 'Invalid') return res.message ?? '';
  const reason = res.reason && res.reason !== 'InternalError' ? ` (${res.reason})` : '';
  return `Error from server${reason}: ${context ? `${context}: ` : ''}${res.clientMessage ?? res.message ?? ''}`;
}

/** kubectl's own wording for 422s: `The Deployment "web" is invalid: <cause>` (several causes as a `*` list). */
export function invalidMessage(kind: string, name: string, causes: string[]): string {
  if (causes.length === 1) return `The ${kind} "${name}" is invalid: ${causes[0]}`;
  return `The ${kind} "${name}" is invalid: \n${causes.map((c) => `* ${c}`).join('\n')}`;
}
