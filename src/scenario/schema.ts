/**
 * Schema validation of manifests with kubernetes-models (generated from the
 * official OpenAPI). Only the built-in kinds of the cluster are validated;
 * other kinds are left for kubectl to reject at run time.
 */
import { createRequire } from 'node:module';

// Loaded on first use, synchronously (the CommonJS build of the same package):
// one Deployment schema costs a third of a second, all of them a second, and a
// scenario usually needs a handful.
const require = createRequire(import.meta.url);

/** apiVersion → kinds with a schema (the built-in kinds the cluster serves). */
export const SCHEMA_KINDS: Readonly<Record<string, readonly string[]>> = {
  v1: ['Binding', 'ComponentStatus', 'ConfigMap', 'Endpoints', 'Event', 'LimitRange', 'Namespace', 'Node', 'PersistentVolume', 'PersistentVolumeClaim', 'Pod', 'PodTemplate', 'ReplicationController', 'ResourceQuota', 'Secret', 'Service', 'ServiceAccount'],
  'apps/v1': ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'],
  'batch/v1': ['CronJob', 'Job'],
  'networking.k8s.io/v1': ['Ingress', 'IngressClass', 'NetworkPolicy'],
  'rbac.authorization.k8s.io/v1': ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
  'autoscaling/v1': ['HorizontalPodAutoscaler'],
  'autoscaling/v2': ['HorizontalPodAutoscaler'],
  'policy/v1': ['PodDisruptionBudget'],
  'discovery.k8s.io/v1': ['EndpointSlice'],
  'coordination.k8s.io/v1': ['Lease'],
  'storage.k8s.io/v1': ['CSIDriver', 'CSINode', 'CSIStorageCapacity', 'StorageClass', 'VolumeAttachment'],
  'scheduling.k8s.io/v1': ['PriorityClass'],
  'apiextensions.k8s.io/v1': ['CustomResourceDefinition'],
  'admissionregistration.k8s.io/v1': ['MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration'],
  'apiregistration.k8s.io/v1': ['APIService'],
  'certificates.k8s.io/v1': ['CertificateSigningRequest'],
  'flowcontrol.apiserver.k8s.io/v1': ['FlowSchema', 'PriorityLevelConfiguration'],
  'node.k8s.io/v1': ['RuntimeClass'],
};

/** One schema violation, with a JSON pointer into the object (`/spec/replicas`). */
export interface SchemaError {
  /** JSON pointer segments, e.g. ['spec', 'template', 'spec', 'containers', '0', 'image']. */
  path: string[];
  /** Set for `required` errors: the missing property (the path points at its parent). */
  missingProperty?: string;
  message: string;
}

interface ModelInstance {
  validate(): void;
}
type ModelClass = new (data: Record<string, unknown>) => ModelInstance;

// A memo of immutable classes, not state: the same key always gives the same class.
const loaded = new Map<string, ModelClass>();

function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
  if (!hasSchema(apiVersion, kind)) return undefined;
  const key = `${apiVersion}/${kind}`;
  let cls = loaded.get(key);
  if (!cls) {
    const mod = require(`kubernetes-models/${key}`) as Record<string, unknown>;
    cls = mod[kind] as ModelClass;
    loaded.set(key, cls);
  }
  return cls;
}

/** Is there a schema for this apiVersion+kind? */
export function hasSchema(apiVersion: string, kind: string): boolean {
  return Object.prototype.hasOwnProperty.call(SCHEMA_KINDS, apiVersion) && (SCHEMA_KINDS[apiVersion] as readonly string[]).includes(kind);
}

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

function isAjvErrorList(x: unknown): x is AjvError[] {
  return Array.isArray(x) && x.every((e) => typeof e === 'object' && e !== null && typeof (e as AjvError).instancePath === 'string');
}

/**
 * Validate an object against its kind's schema. Returns [] when valid or when
 * the kind has no schema here.
 */
export function validateAgainstSchema(obj: Record<string, unknown>): SchemaError[] {
  const cls = modelFor(String(obj.apiVersion), String(obj.kind));
  if (!cls) return [];
  try {
    new cls(structuredClone(obj)).validate();
    return [];
  } catch (err) {
    const errors = (err as { errors?: unknown }).errors;
    if (!isAjvErrorList(errors)) throw err;
    return summarize(errors);
  }
}

function decodePointer(p: string): string[] {
  if (p === '') return [];
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Ajv reports a `oneOf` failure (IntOrString, Quantity) as one error per branch
 * plus a summary; people want one line per field, the most specific one.
 */
function summarize(errors: AjvError[]): SchemaError[] {
  const byPath = new Map<string, AjvError[]>();
  for (const e of errors) {
    const key = e.keyword === 'required' ? `${e.instancePath}\0${String(e.params.missingProperty)}` : e.instancePath;
    const list = byPath.get(key) ?? [];
    list.push(e);
    byPath.set(key, list);
  }
  const out: SchemaError[] = [];
  for (const list of byPath.values()) {
    const first = list[0] as AjvError;
    const path = decodePointer(first.instancePath);
    if (first.keyword === 'required') {
      const prop = String(first.params.missingProperty);
      out.push({ path, missingProperty: prop, message: `missing required field "${prop}"` });
      continue;
    }
    out.push({ path, message: describe(list) });
  }
  return out;
}

function describe(list: AjvError[]): string {
  const format = list.find((e) => e.keyword === 'format');
  if (format) return `must be a valid ${String(format.params.format)}`;
  const enumErr = list.find((e) => e.keyword === 'enum');
  if (enumErr) {
    const allowed = (enumErr.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
    return `must be one of ${allowed}`;
  }
  const types = list.filter((e) => e.keyword === 'type').map((e) => String(e.params.type));
  if (types.length > 0) return `must be ${[...new Set(types)].map(article).join(' or ')}`;
  const additional = list.find((e) => e.keyword === 'additionalProperties');
  if (additional) return `unknown field "${String(additional.params.additionalProperty)}"`;
  const specific = list.find((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf');
  return (specific ?? (list[0] as AjvError)).message ?? 'is invalid';
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
