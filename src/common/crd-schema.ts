/**
 * What kube-apiserver does with a custom resource's body against its
 * CustomResourceDefinition's structural schema (k8s.io/apiextensions-apiserver,
 * Kubernetes 1.31), in the order the crdHandler does it:
 *
 * 1. pruning (pkg/apiserver/schema/pruning/algorithm.go): fields the schema
 *    does not declare are dropped, except under
 *    `x-kubernetes-preserve-unknown-fields: true`; apiVersion, kind and
 *    metadata of the root (and of `x-kubernetes-embedded-resource` objects)
 *    are kept. With `fieldValidation=Strict` (kubectl's default
 *    `--validate=strict`) a pruned field is an error instead: `strict decoding
 *    error: unknown field "spec.foo"` (400 BadRequest);
 * 2. defaulting (pkg/apiserver/schema/defaulting/algorithm.go): a property
 *    with a `default` that is absent — or null without `nullable: true` — gets
 *    a deep copy of the default; a non-nullable null without default is
 *    dropped (PruneNonNullableNullsWithoutDefaults);
 * 3. validation against the OpenAPI v3 schema (kube-openapi's
 *    validate.SchemaValidator, mapped to field errors by
 *    pkg/apiserver/validation/validation.go kubeOpenAPIResultToFieldErrors):
 *    the schema check itself is done by ajv (a well-kept JSON-schema
 *    validator), whose errors are mapped here to kube-openapi's messages
 *    (pkg/validation/errors/schema.go) and apimachinery's field errors.
 *
 * Pure logic: the API server runs it (src/cluster/apiserver/server.ts), and
 * `validate` runs it on the scenario's custom resources against the CRDs among
 * its files (src/scenario/custom-kinds.ts).
 *
 * And the CRD's own check that each version's schema is structural
 * (pkg/apiserver/schema/validation.go validateStructuralInvariants /
 * validateStructuralCompleteness), for the cases a hand-written CRD meets.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/** One node of a CRD's openAPIV3Schema (apiextensions/v1 JSONSchemaProps), as the model reads it. */
export interface JSONSchemaProps {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, JSONSchemaProps>;
  items?: JSONSchemaProps;
  additionalProperties?: JSONSchemaProps | boolean;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  multipleOf?: number;
  minProperties?: number;
  maxProperties?: number;
  allOf?: JSONSchemaProps[];
  anyOf?: JSONSchemaProps[];
  oneOf?: JSONSchemaProps[];
  not?: JSONSchemaProps;
  $ref?: string;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  [key: string]: unknown;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: unknown };

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A property's path as apimachinery's field.Path prints it (`spec.items[0].name`). */
function child(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

// ---- 1. pruning --------------------------------------------------------------

/**
 * Drops the fields `schema` does not declare from `obj` (in place) and returns
 * their paths, sorted (the real walk follows Go's map order; the model sorts
 * for deterministic messages).
 */
export function prune(obj: JsonObject, schema: JSONSchemaProps | undefined): string[] {
  const pruned: string[] = [];
  if (!schema) return pruned;
  pruneObject(obj, schema, '', true, pruned);
  return pruned.sort();
}

function pruneValue(v: unknown, s: JSONSchemaProps | undefined, path: string, pruned: string[]): void {
  if (!s) return;
  if (Array.isArray(v)) {
    v.forEach((x, i) => pruneValue(x, s.items, `${path}[${i}]`, pruned));
    return;
  }
  if (isObject(v)) pruneObject(v, s, path, s['x-kubernetes-embedded-resource'] === true, pruned);
}

function pruneObject(obj: JsonObject, s: JSONSchemaProps, path: string, isResource: boolean, pruned: string[]): void {
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const additional = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
  for (const key of Object.keys(obj)) {
    // The root and embedded resources keep apiVersion, kind and metadata (ObjectMeta is pruned by its own type).
    if (isResource && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) continue;
    const p = child(path, key);
    const prop = s.properties?.[key];
    if (prop) pruneValue(obj[key], prop, p, pruned);
    else if (additional) pruneValue(obj[key], additional, p, pruned);
    else if (s.additionalProperties === true || preserve) continue;
    else {
      delete obj[key];
      pruned.push(p);
    }
  }
}

// ---- 2. defaulting -----------------------------------------------------------

/** Applies the schema's defaults to `obj` in place (structuraldefaulting.Default). */
export function applySchemaDefaults(obj: unknown, schema: JSONSchemaProps | undefined): void {
  if (!schema) return;
  if (Array.isArray(obj)) {
    for (const x of obj) applySchemaDefaults(x, schema.items);
    return;
  }
  if (!isObject(obj)) return;
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const v = obj[key];
    if (v === null && prop.nullable !== true) {
      if (prop.default !== undefined) obj[key] = copy(prop.default);
      else delete obj[key];
    } else if (v === undefined && prop.default !== undefined) {
      obj[key] = copy(prop.default);
    }
  }
  for (const [key, v] of Object.entries(obj)) {
    const prop = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    if (prop) applySchemaDefaults(v, prop);
  }
}

function copy(v: unknown): unknown {
  return v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as Json);
}

// ---- 3. validation -----------------------------------------------------------

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, validateFormats: false, validateSchema: false });
const compiled = new Map<string, ValidateFunction | undefined>();

/**
 * The schema ajv checks: x-kubernetes-int-or-string becomes type
 * [integer, string] (ConvertJSONSchemaProps), the root's metadata is left to
 * ObjectMeta validation, and `default`/`format` are not checked here (defaults
 * are applied before; formats are not modelled).
 */
function forAjv(s: JSONSchemaProps, root: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'default' || k === 'format' || k === 'example' || k.startsWith('x-kubernetes-') || k === '$ref' || k === 'description') continue;
    if (k === 'exclusiveMinimum' || k === 'exclusiveMaximum') continue;
    if (k === 'properties' && isObject(v)) {
      const props: Record<string, unknown> = {};
      for (const [name, p] of Object.entries(v)) if (!(root && name === 'metadata') && isObject(p)) props[name] = forAjv(p as JSONSchemaProps, false);
      out.properties = props;
    } else if ((k === 'items' || k === 'not') && isObject(v)) out[k] = forAjv(v as JSONSchemaProps, false);
    else if (k === 'additionalProperties' && isObject(v)) out[k] = forAjv(v as JSONSchemaProps, false);
    else if ((k === 'allOf' || k === 'anyOf' || k === 'oneOf') && Array.isArray(v)) out[k] = v.filter(isObject).map((x) => forAjv(x as JSONSchemaProps, false));
    // A Go (RE2) pattern JavaScript cannot compile, e.g. with an inline flag `(?i)`, is not checked (validate warns at it).
    else if (k === 'pattern' && !(typeof v === 'string' && isJsRegExp(v))) continue;
    else out[k] = v;
  }
  // OpenAPI v3.0's boolean exclusiveMinimum/Maximum → JSON Schema draft 7's numeric form.
  if (s.exclusiveMinimum === true && typeof s.minimum === 'number') {
    delete out.minimum;
    out.exclusiveMinimum = s.minimum;
  }
  if (s.exclusiveMaximum === true && typeof s.maximum === 'number') {
    delete out.maximum;
    out.exclusiveMaximum = s.maximum;
  }
  if (s['x-kubernetes-int-or-string'] === true) out.type = ['integer', 'string'];
  if (s.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  delete out.nullable;
  return out;
}

/** Does JavaScript (as ajv runs it, with the `u` flag) compile this pattern? */
export function isJsRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

/** The type name kube-openapi's typeValidator reports for a value (`must be of type integer: "string"`). */
function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** apimachinery field.Error's value printing (ErrorBody): %q for strings, %v for numbers and booleans, Go's %#v else. */
export function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return goNumber(v);
  if (v === null || v === undefined) return 'null';
  return goSharpV(v);
}

function goNumber(v: number | boolean): string {
  if (typeof v === 'boolean') return String(v);
  if (Number.isInteger(v)) return String(v);
  // Go's %v of a float64 is %g: exponent form from 1e21 up and below 1e-4.
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e21)) return v.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(v);
}

function goSharpV(v: unknown): string {
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(', ')}}`;
  if (isObject(v)) {
    const keys = Object.keys(v).sort();
    return `map[string]interface {}{${keys.map((k) => `${JSON.stringify(k)}:${goSharpV(v[k])}`).join(', ')}}`;
  }
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isInteger(v) ? `${v}` : goNumber(v);
  if (typeof v === 'boolean') return String(v);
  return 'interface {}(nil)';
}

/** ajv's instancePath (`/spec/items/0`) as a field path (`spec.items[0]`). */
function fieldPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out = /^\d+$/.test(seg) ? `${out}[${seg}]` : child(out, seg);
  }
  return out;
}

/** The JSON path (keys and list indexes) of an ajv error: where a diagnostic points. */
function errorSegments(e: ErrorObject): string[] {
  const segs = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (e.keyword === 'required') segs.push(String((e.params as { missingProperty?: unknown }).missingProperty));
  return segs;
}

/** One ajv error as the API server's field error (kubeOpenAPIResultToFieldErrors). */
function fieldError(e: ErrorObject): string {
  const path = fieldPath(e.instancePath);
  const data: unknown = e.data;
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type': {
      const want = Array.isArray(params.type) ? (params.type as string[]).filter((t) => t !== 'null').join(',') : String(params.type);
      // A null (left after defaulting only in a list): InvalidType without data, field.TypeInvalid of "".
      if (data === null) return `${path}: Invalid value: "": ${path} in body must be of type ${want}`;
      const got = typeName(data);
      return `${path}: Invalid value: ${JSON.stringify(got)}: ${path} in body must be of type ${want}: ${JSON.stringify(got)}`;
    }
    case 'required':
      return `${child(path, String(params.missingProperty))}: Required value`;
    case 'enum': {
      const values = (params.allowedValues as unknown[]).map((x) => JSON.stringify(typeof x === 'string' ? x : JSON.stringify(x)));
      return `${path}: Unsupported value: ${goValue(data)}: supported values: ${values.join(', ')}`;
    }
    case 'minimum':
    case 'exclusiveMinimum':
      return `${path}: Invalid value: ${goValue(data)}: ${path} in body should be greater than ${e.keyword === 'minimum' ? 'or equal to ' : ''}${goNumber(Number(params.limit))}`;
    case 'maximum':
    case 'exclusiveMaximum':
      return `${path}: Invalid value: ${goValue(data)}: ${path} in body should be less than ${e.keyword === 'maximum' ? 'or equal to ' : ''}${goNumber(Number(params.limit))}`;
    case 'multipleOf':
      return `${path}: Invalid value: ${goValue(data)}: ${path} in body should be a multiple of ${goNumber(Number(params.multipleOf))}`;
    case 'pattern':
      return `${path}: Invalid value: ${goValue(data)}: ${path} in body should match '${String(params.pattern)}'`;
    case 'minLength':
      return `${path}: Invalid value: ${goValue(data)}: ${path} in body should be at least ${Number(params.limit)} chars long`;
    case 'maxLength':
      // field.TooLongMaxLength: the value is not printed.
      return `${path}: Too long: may not be longer than ${Number(params.limit)}`;
    case 'minItems':
      return `${path}: Invalid value: ${Array.isArray(data) ? data.length : 0}: ${path} in body should have at least ${Number(params.limit)} items`;
    case 'maxItems':
      return `${path}: Too many: ${Array.isArray(data) ? data.length : 0}: must have at most ${Number(params.limit)} items`;
    case 'uniqueItems':
      return `${path}: Invalid value: ${goValue(data)}: ${path} in body shouldn't contain duplicates`;
    case 'minProperties':
      return `${path}: Invalid value: ${isObject(data) ? Object.keys(data).length : 0}: ${path} in body should have at least ${Number(params.limit)} properties`;
    case 'maxProperties':
      return `${path}: Too many: ${isObject(data) ? Object.keys(data).length : 0}: must have at most ${Number(params.limit)} items`;
    case 'additionalProperties':
      return `${path}: Invalid value: ${JSON.stringify(String(params.additionalProperty))}: ${path}.${String(params.additionalProperty)} in body is a forbidden property`;
    case 'anyOf':
    case 'oneOf':
      return `${path}: Invalid value: ${goValue(data)}: ${path} in body must match ${e.keyword === 'anyOf' ? 'at least one schema in anyOf' : 'exactly one schema in oneOf'}`;
    case 'not':
      return `${path}: Invalid value: ${goValue(data)}: ${path} in body must not validate the schema (not)`;
    default:
      return `${path}: Invalid value: ${goValue(data)}: ${e.message ?? e.keyword}`;
  }
}

/** The custom resource's field errors against `schema` (empty when valid). */
export function validateAgainstSchema(obj: JsonObject, schema: JSONSchemaProps | undefined): string[] {
  return schemaErrors(obj, schema).map((e) => e.message);
}

/** A field error and the JSON path of the field (the parent's for a missing required one, plus its name). */
export interface SchemaFieldError {
  path: string[];
  message: string;
}

/** validateAgainstSchema with each error's path. */
export function schemaErrors(obj: JsonObject, schema: JSONSchemaProps | undefined): SchemaFieldError[] {
  if (!schema) return [];
  // Compiled once per schema text (not per CRD name or revision: another scenario may reuse both with another schema).
  const key = JSON.stringify(schema);
  let fn = compiled.get(key);
  if (!compiled.has(key)) {
    try {
      fn = ajv.compile(forAjv(schema, true));
    } catch {
      // A schema ajv cannot compile (e.g. an invalid pattern) was rejected with the CRD; nothing to check against.
      fn = undefined;
    }
    compiled.set(key, fn);
  }
  if (!fn || fn(obj)) return [];
  const out: SchemaFieldError[] = [];
  for (const e of fn.errors ?? []) {
    // anyOf/oneOf report their branches' errors first; the API server reports the combinator's failure.
    if (e.schemaPath.includes('/anyOf/') || e.schemaPath.includes('/oneOf/') || e.schemaPath.includes('/not/')) continue;
    // A nullable type is ["T", "null"]: the error names T only (done in fieldError).
    const message = fieldError(e);
    if (!out.some((o) => o.message === message)) out.push({ path: errorSegments(e), message });
  }
  return out;
}

// ---- the CRD's own schema check ---------------------------------------------

const LEVEL = { root: 0, item: 1, field: 2 } as const;

/**
 * A version's schema is structural (validateStructuralCompleteness and
 * validateStructuralInvariants for the common cases): every node has a type
 * (unless x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields),
 * object at the root, arrays have items, properties and additionalProperties
 * are mutually exclusive, no $ref. `path` is `spec.versions[i].schema.openAPIV3Schema`.
 */
export function structuralErrors(s: unknown, path: string): string[] {
  const errs: string[] = [];
  if (!isObject(s)) {
    errs.push(`${path}: Required value: schemas are required`);
    return errs;
  }
  walkStructural(s as JSONSchemaProps, path, LEVEL.root, errs);
  return errs;
}

function walkStructural(s: JSONSchemaProps, path: string, level: number, errs: string[]): void {
  const type = typeof s.type === 'string' ? s.type : '';
  if (s.$ref !== undefined) errs.push(`${path}.$ref: Forbidden: $ref is not supported`);
  if (s['x-kubernetes-embedded-resource'] === true && type !== 'object') {
    errs.push(type === '' ? `${path}.type: Required value: must be object if x-kubernetes-embedded-resource is true` : `${path}.type: Invalid value: ${JSON.stringify(type)}: must be object if x-kubernetes-embedded-resource is true`);
  } else if (type === '' && s['x-kubernetes-int-or-string'] !== true && s['x-kubernetes-preserve-unknown-fields'] !== true) {
    const where = level === LEVEL.root ? 'at the root' : level === LEVEL.item ? 'for specified array items' : 'for specified object fields';
    errs.push(`${path}.type: Required value: must not be empty ${where}`);
  }
  if (level === LEVEL.root && type !== '' && type !== 'object') errs.push(`${path}.type: Invalid value: ${JSON.stringify(type)}: must be object at the root`);
  if (s.properties && s.additionalProperties !== undefined && s.additionalProperties !== false) {
    errs.push(`${path}.additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`);
  }
  if (type === 'array' && !isObject(s.items)) errs.push(`${path}.items: Required value: must be specified`);
  if (s.uniqueItems === true) errs.push(`${path}.uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic`);
  for (const name of Object.keys(s.properties ?? {}).sort()) {
    const p = s.properties![name];
    if (isObject(p)) walkStructural(p, `${path}.properties[${name}]`, LEVEL.field, errs);
  }
  if (isObject(s.items)) walkStructural(s.items, `${path}.items`, LEVEL.item, errs);
  if (isObject(s.additionalProperties)) walkStructural(s.additionalProperties, `${path}.additionalProperties`, LEVEL.field, errs);
}
