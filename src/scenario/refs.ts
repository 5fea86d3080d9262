/**
 * `TYPE/NAME` references in wait, load and expect steps must name a resource
 * type the cluster will serve: a built-in one (any spelling kubectl accepts)
 * or one defined by a CustomResourceDefinition among the scenario's files.
 */
import type { KubeObject, ScenarioFile } from './types.ts';
import { RESOURCES, resolveResource } from './kinds.ts';
import { closest } from './suggest.ts';
import type { ReadContext } from './read.ts';

/** Every name kubectl accepts for the CRDs among these files (plural, singular, short names, kind, with `.group`). */
export function crdTypeNames(files: readonly ScenarioFile[]): Set<string> {
  const out = new Set<string>();
  for (const f of files) for (const o of f.objects) if (o.kind === 'CustomResourceDefinition') for (const n of crdNames(o)) out.add(n);
  return out;
}

function crdNames(crd: KubeObject): string[] {
  const spec = (crd.spec ?? {}) as { group?: unknown; names?: Record<string, unknown> };
  const names = spec.names ?? {};
  const group = typeof spec.group === 'string' ? spec.group : '';
  const base = [names.plural, names.singular, names.kind, ...(Array.isArray(names.shortNames) ? names.shortNames : [])]
    .filter((n): n is string => typeof n === 'string' && n !== '')
    .map((n) => n.toLowerCase());
  return [...base, ...base.map((n) => `${n}.${group}`)];
}

export function checkObjectRefs(ctx: ReadContext, files: readonly ScenarioFile[]): void {
  const custom = crdTypeNames(files);
  for (const ref of ctx.refs ?? []) {
    if (resolveResource(ref.type) || custom.has(ref.type.toLowerCase())) continue;
    const candidates = [...RESOURCES.flatMap((r) => [r.singular, r.resource, ...r.shortNames]), ...custom];
    const guess = closest(ref.type.toLowerCase(), candidates);
    ctx.diags.error(
      ctx.src,
      ref.node,
      'unknown-resource',
      `${ref.path}: the server doesn't have a resource type "${ref.type}"`,
      guess ? `did you mean "${guess}"?` : 'use a built-in type (deployment, pod, service, …) or one defined by a CustomResourceDefinition in the scenario',
    );
  }
}
