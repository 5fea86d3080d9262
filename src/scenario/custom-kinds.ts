/**
 * Manifests of kinds the cluster does not build in: defined by a
 * CustomResourceDefinition among the scenario's files (the API server serves
 * them once the CRD is Established; nothing acts on them: `custom-resource`),
 * or by nothing the scenario holds (`kubectl apply` would answer "no matches
 * for kind … ensure CRDs are installed first": `unknown-kind`). Both warnings,
 * at the object's `kind:`.
 */
import { applySchemaDefaults, prune, schemaErrors, type JSONSchemaProps } from '../common/crd-schema.ts';
import { isKnownKind } from './kinds.ts';
import type { ReadContext } from './read.ts';
import type { KubeObject, ScenarioFile } from './types.ts';

/** `group/version kind` → the version's schema, for every served version of the scenario's CRDs. */
function crdSchemas(files: readonly ScenarioFile[]): Map<string, JSONSchemaProps> {
  const out = new Map<string, JSONSchemaProps>();
  for (const f of files) {
    for (const o of f.objects) {
      if (o.kind !== 'CustomResourceDefinition' || !o.apiVersion.startsWith('apiextensions.k8s.io/')) continue;
      const spec = (o.spec ?? {}) as { group?: unknown; names?: { kind?: unknown }; versions?: { name?: unknown; served?: unknown; schema?: { openAPIV3Schema?: unknown } }[] };
      if (typeof spec.group !== 'string' || typeof spec.names?.kind !== 'string') continue;
      for (const v of spec.versions ?? []) {
        const schema = v.schema?.openAPIV3Schema;
        if (v.served !== false && typeof v.name === 'string' && typeof schema === 'object' && schema !== null) out.set(`${spec.group}/${v.name} ${spec.names.kind}`, schema as JSONSchemaProps);
      }
    }
  }
  return out;
}

/** `spec.items[0].name` → ['spec', 'items', '0', 'name']. */
function segmentsOf(path: string): string[] {
  return path.split(/\.|\[(\d+)\]/).filter((s): s is string => s !== undefined && s !== '');
}

/**
 * What the API server would answer to this custom resource (src/common/crd-schema.ts,
 * as src/cluster/apiserver/server.ts runs it): unknown fields (kubectl asks for
 * fieldValidation=Strict), then the schema's field errors after defaulting.
 */
function checkAgainstSchema(ctx: ReadContext, use: NonNullable<ReadContext['kinds']>[number], schema: JSONSchemaProps): void {
  if (!use.obj || !use.at) return;
  const obj = JSON.parse(JSON.stringify(use.obj)) as Record<string, unknown>;
  const hint = 'the API server would reject it: fix the field or the CRD\'s schema (see "CustomResourceDefinitions" in docs/scenario-format.md)';
  const unknown = prune(obj, schema);
  for (const f of unknown) ctx.diags.warning(use.src, use.at(segmentsOf(f)), 'custom-resource-invalid', `${use.label}: unknown field "${f}" (kubectl: strict decoding error)`, hint);
  if (unknown.length > 0) return;
  applySchemaDefaults(obj, schema);
  for (const e of schemaErrors(obj, schema)) ctx.diags.warning(use.src, use.at(e.path), 'custom-resource-invalid', `${use.label}: ${e.message}`, hint);
}

/** `group/version` → kinds the scenario's CRDs define (every served version). */
function crdKinds(files: readonly ScenarioFile[]): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    for (const o of f.objects) if (o.kind === 'CustomResourceDefinition' && o.apiVersion.startsWith('apiextensions.k8s.io/')) for (const k of definedKinds(o)) out.add(k);
  }
  return out;
}

function definedKinds(crd: KubeObject): string[] {
  const spec = (crd.spec ?? {}) as { group?: unknown; names?: { kind?: unknown }; versions?: { name?: unknown; served?: unknown }[] };
  if (typeof spec.group !== 'string' || typeof spec.names?.kind !== 'string') return [];
  const kind = spec.names.kind;
  return (spec.versions ?? []).filter((v) => v.served !== false && typeof v.name === 'string').map((v) => `${spec.group as string}/${String(v.name)} ${kind}`);
}

export function checkCustomKinds(ctx: ReadContext, files: readonly ScenarioFile[]): void {
  const defined = crdKinds(files);
  const schemas = crdSchemas(files);
  const seen = new Set<string>();
  for (const use of ctx.kinds ?? []) {
    if (isKnownKind(use.apiVersion, use.kind)) continue;
    // One warning per place (a file applied twice is read once).
    const at = `${use.src.file}:${use.node.range?.[0] ?? 0}`;
    if (seen.has(at)) continue;
    seen.add(at);
    if (defined.has(`${use.apiVersion} ${use.kind}`)) {
      ctx.diags.warning(use.src, use.node, 'custom-resource', `${use.label}: custom resources are stored and served; no controller acts on them`, 'see "What the model runs" in docs/scenario-format.md');
      const schema = schemas.get(`${use.apiVersion} ${use.kind}`);
      if (schema) checkAgainstSchema(ctx, use, schema);
    } else {
      ctx.diags.warning(
        use.src,
        use.node,
        'unknown-kind',
        `${use.label}: kind "${use.kind}" in version "${use.apiVersion}" is neither built in nor defined by a CustomResourceDefinition in the scenario: the API server would reject it unless the CRD exists in the cluster (kubectl: no matches for kind "${use.kind}" in version "${use.apiVersion}")`,
        'add the CustomResourceDefinition to the scenario\'s files and apply it first, or check apiVersion and kind',
      );
    }
  }
}
