/**
 * The API server's handling of custom resources by their
 * CustomResourceDefinition (k8s.io/apiextensions-apiserver 1.31,
 * pkg/registry/customresource): the version's schema, the `/status` and
 * `/scale` subresources (customResourceStrategy, statusStrategy,
 * scale.go), `metadata.generation`, and the CRD's own validation
 * (pkg/apis/apiextensions/validation, the structural-schema part).
 */
import type { Obj } from '../core/object.ts';
import type { ResourceInfo } from '../core/resources.ts';
import { structuralErrors, type JSONSchemaProps } from '../../common/crd-schema.ts';

export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** One version of a CRD as the API server serves it. */
export interface CrdVersion {
  name: string;
  schema?: JSONSchemaProps;
  /** subresources.status is set. */
  status: boolean;
  scale?: ScaleSubresource;
}

interface CrdSpec {
  group?: string;
  names?: { plural?: string };
  versions?: { name?: string; served?: boolean; storage?: boolean; schema?: { openAPIV3Schema?: JSONSchemaProps }; subresources?: { status?: unknown; scale?: Partial<ScaleSubresource> } }[];
}

/** The CRD that defines `r` (group and accepted plural). */
export function crdFor(crds: readonly Obj[], r: ResourceInfo): Obj | undefined {
  return crds.find((c) => (c.spec as CrdSpec | undefined)?.group === r.group && ((c.status as { acceptedNames?: { plural?: string } } | undefined)?.acceptedNames?.plural ?? (c.spec as CrdSpec).names?.plural) === r.resource);
}

/** The version `apiVersion` (`group/version`) names, else the served one the resource uses. */
export function crdVersion(crd: Obj, apiVersion: string | undefined, fallback: string): CrdVersion | undefined {
  const want = apiVersion?.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : fallback;
  const versions = (crd.spec as CrdSpec | undefined)?.versions ?? [];
  const v = versions.find((x) => x.name === want) ?? versions.find((x) => x.name === fallback);
  if (!v?.name) return undefined;
  const scale = v.subresources?.scale;
  return {
    name: v.name,
    ...(v.schema?.openAPIV3Schema ? { schema: v.schema.openAPIV3Schema } : {}),
    status: v.subresources?.status !== undefined && v.subresources.status !== null,
    ...(scale && typeof scale.specReplicasPath === 'string' && typeof scale.statusReplicasPath === 'string'
      ? { scale: { specReplicasPath: scale.specReplicasPath, statusReplicasPath: scale.statusReplicasPath, ...(typeof scale.labelSelectorPath === 'string' ? { labelSelectorPath: scale.labelSelectorPath } : {}) } }
      : {}),
  };
}

/** `.spec.replicas` → ['spec', 'replicas'] (the simple JSON paths the scale subresource allows). */
function segments(path: string): string[] {
  return path.replace(/^\./, '').split('.').filter((s) => s !== '');
}

export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const s of segments(path)) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[s];
  }
  return cur;
}

export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const segs = segments(path);
  let cur: Record<string, unknown> = obj;
  for (const s of segs.slice(0, -1)) {
    const next = cur[s];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) cur[s] = {};
    cur = cur[s] as Record<string, unknown>;
  }
  const last = segs[segs.length - 1];
  if (last !== undefined) cur[last] = value;
}

/**
 * The autoscaling/v1 Scale of a custom resource (scale.go scaleFromCustomResource):
 * spec.replicas and status.replicas read at the CRD's paths, status.selector
 * at labelSelectorPath.
 */
export function scaleOf(cr: Obj, scale: ScaleSubresource): Obj {
  const spec = getPath(cr, scale.specReplicasPath);
  const status = getPath(cr, scale.statusReplicasPath);
  const selector = scale.labelSelectorPath ? getPath(cr, scale.labelSelectorPath) : undefined;
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { ...cr.metadata },
    spec: { replicas: typeof spec === 'number' ? spec : 0 },
    status: { replicas: typeof status === 'number' ? status : 0, ...(typeof selector === 'string' ? { selector } : {}) },
  };
}

/**
 * customResourceStrategy.PrepareForUpdate: `metadata.generation` goes up when
 * anything but metadata (and status, with the status subresource) changed.
 */
export function specChanged(next: Obj, live: Obj, statusSubresource: boolean): boolean {
  const strip = (o: Obj): string => {
    const { metadata: _m, status, ...rest } = o;
    return JSON.stringify(statusSubresource ? rest : { ...rest, status });
  };
  return strip(next) !== strip(live);
}

/**
 * The structural-schema part of ValidateCustomResourceDefinition (v1): each
 * version needs a schema, and it must be structural (./crd-schema.ts); a scale
 * subresource's specReplicasPath must be under .spec and statusReplicasPath
 * under .status.
 */
export function validateCrd(crd: Obj): string[] {
  const spec = (crd.spec ?? {}) as CrdSpec;
  const errs: string[] = [];
  (spec.versions ?? []).forEach((v, i) => {
    const at = `spec.versions[${i}]`;
    errs.push(...structuralErrors(v.schema?.openAPIV3Schema, `${at}.schema.openAPIV3Schema`));
    const scale = v.subresources?.scale;
    if (scale) {
      const sp = scale.specReplicasPath;
      if (typeof sp !== 'string' || sp === '') errs.push(`${at}.subresources.scale.specReplicasPath: Required value`);
      else if (!sp.startsWith('.spec.')) errs.push(`${at}.subresources.scale.specReplicasPath: Invalid value: ${JSON.stringify(sp)}: should be a json path under .spec`);
      const st = scale.statusReplicasPath;
      if (typeof st !== 'string' || st === '') errs.push(`${at}.subresources.scale.statusReplicasPath: Required value`);
      else if (!st.startsWith('.status.')) errs.push(`${at}.subresources.scale.statusReplicasPath: Invalid value: ${JSON.stringify(st)}: should be a json path under .status`);
    }
  });
  return errs;
}
