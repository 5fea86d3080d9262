/**
 * The `resource` of a request, response or watch event in the trace: one per
 * such event, all kept to the end of very large simulations. Each is one
 * literal per combination of its optional members: no conditional spreads
 * (which allocate and reshape), and no member added after the literal (which
 * goes to a separate property array). The keys and their order are those of
 * the field-by-field build `resourceRefByField` (test/cluster/resource-ref.test.ts).
 */
import type { ResourceRef } from '../../trace/types.ts';
import type { ResourceInfo } from '../core/resources.ts';

/** apiVersion, kind and resource; the namespace (of a namespaced resource), the name and the subresource when given (not empty). */
export function resourceRef(r: ResourceInfo, namespace?: string, name?: string, subresource?: string): ResourceRef {
  const apiVersion = apiVersionOf(r);
  const { kind, resource } = r;
  const ns = r.namespaced && namespace ? namespace : undefined;
  const n = name ? name : undefined;
  if (!subresource) {
    if (ns !== undefined) return n !== undefined ? { apiVersion, kind, resource, namespace: ns, name: n } : { apiVersion, kind, resource, namespace: ns };
    return n !== undefined ? { apiVersion, kind, resource, name: n } : { apiVersion, kind, resource };
  }
  if (ns !== undefined) {
    return n !== undefined ? { apiVersion, kind, resource, namespace: ns, name: n, subresource } : { apiVersion, kind, resource, namespace: ns, subresource };
  }
  return n !== undefined ? { apiVersion, kind, resource, name: n, subresource } : { apiVersion, kind, resource, subresource };
}

/** The reference build: field by field. */
export function resourceRefByField(r: ResourceInfo, namespace?: string, name?: string, subresource?: string): ResourceRef {
  const out: ResourceRef = { apiVersion: apiVersionOf(r), kind: r.kind, resource: r.resource };
  if (r.namespaced && namespace) out.namespace = namespace;
  if (name) out.name = name;
  if (subresource) out.subresource = subresource;
  return out;
}

/** `group/version` of a resource, made once per resource (not one new string per event). */
const API_VERSIONS = new WeakMap<ResourceInfo, string>();
function apiVersionOf(r: ResourceInfo): string {
  let v = API_VERSIONS.get(r);
  if (v === undefined) API_VERSIONS.set(r, (v = r.group ? `${r.group}/${r.version}` : r.version));
  return v;
}
