/**
 * The API server's semantic validation (the schema was checked by the
 * loader): name formats, required fields, selector/template agreement and
 * immutable fields. Each error is `<field path>: <type>: <detail>` exactly as
 * field.Error prints it.
 */
import type { Obj } from '../core/object.ts';
import type { DeploymentSpec, PodSpec, PodTemplateSpec, ReplicationControllerSpec, ServiceSpec, StatefulSetSpec, Written } from '../core/typed.ts';
import { DNS1123_SUBDOMAIN, labelValueErrors, qualifiedNameErrors, SUBDOMAIN_MSG } from '../core/names.ts';
import { selectorMatches } from '../core/selector.ts';
import { isIP } from 'node:net';
import { isIPv4 } from '../core/network/ip.ts';
import { validateJobSpec } from './validation-job.ts';
import { validateCsrSpec } from './validation-csr.ts';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

/** metav1validation.ValidateLabels (keys in sorted order; Go ranges over the map in random order). */
function validateLabels(labels: unknown, path: string, errs: string[]): void {
  if (!labels || typeof labels !== 'object') return;
  const m = labels as Record<string, unknown>;
  for (const k of Object.keys(m).sort()) {
    for (const msg of qualifiedNameErrors(k)) errs.push(`${path}: Invalid value: ${goString(k)}: ${msg}`);
    const v = String(m[k]);
    for (const msg of labelValueErrors(v)) errs.push(`${path}: Invalid value: ${goString(v)}: ${msg}`);
  }
}

/** apimachinery/pkg/api/validation/objectmeta.go TotalAnnotationSizeLimitB: 256 KiB of keys and values. */
export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * (1 << 10);

/**
 * apimachinery ValidateAnnotations: every key is a qualified name once
 * lowercased (the error shows the key as written), and keys plus values
 * (ValidateAnnotationsSize, in bytes) total at most 256 KiB
 * (field.TooLong: "Too long: must have at most 262144 bytes").
 */
function validateAnnotations(annotations: unknown, path: string, errs: string[]): void {
  if (!annotations || typeof annotations !== 'object') return;
  const m = annotations as Record<string, unknown>;
  let size = 0;
  for (const k of Object.keys(m).sort()) {
    for (const msg of qualifiedNameErrors(k.toLowerCase())) errs.push(`${path}: Invalid value: ${goString(k)}: ${msg}`);
    size += Buffer.byteLength(k, 'utf8') + Buffer.byteLength(String(m[k] ?? ''), 'utf8');
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT_B) errs.push(`${path}: Too long: must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT_B} bytes`);
}

export function validateObject(o: Obj, old: Obj | undefined): string[] {
  const errs: string[] = [];
  validateName(o, errs);
  // ValidateObjectMeta: labels, then annotations; ValidatePodTemplateSpec the same for the template.
  validateLabels(o.metadata.labels, 'metadata.labels', errs);
  validateAnnotations(o.metadata.annotations, 'metadata.annotations', errs);
  const template = (o as Written<{ template: PodTemplateSpec }>).spec?.template; // of the kinds with a pod template
  if (template?.metadata) {
    validateLabels(template.metadata.labels, 'spec.template.metadata.labels', errs);
    validateAnnotations(template.metadata.annotations, 'spec.template.metadata.annotations', errs);
  }
  switch (o.kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
      validateWorkload(o as Written<WorkloadSpec>, errs);
      if (o.kind === 'StatefulSet') validateStatefulSetSpec(o as Written<StatefulSetFields>, errs);
      if (old) validateImmutableSelector(o as Written<WorkloadSpec>, old as Written<WorkloadSpec>, errs);
      break;
    case 'ReplicationController':
      validatePodSpec((o as Written<ReplicationControllerSpec>).spec?.template?.spec, 'spec.template.spec', errs);
      break;
    case 'Pod':
      validatePodSpec((o as Written<PodSpec>).spec, 'spec', errs);
      break;
    case 'Service':
      validateService(o as Written<ServiceSpec>, errs);
      break;
    case 'Job':
      validateJobSpec((o as { spec?: Parameters<typeof validateJobSpec>[0] }).spec, 'spec', errs);
      break;
    case 'CronJob':
      validateJobSpec((o as { spec?: { jobTemplate?: { spec?: Parameters<typeof validateJobSpec>[0] } } }).spec?.jobTemplate?.spec, 'spec.jobTemplate.spec', errs);
      break;
    case 'CertificateSigningRequest':
      // An update keeps the stored spec (csrStrategy.PrepareForUpdate), which was checked when it was created.
      if (!old) validateCsrSpec((o as { spec?: Parameters<typeof validateCsrSpec>[0] }).spec, errs);
      break;
    default:
      break;
  }
  return errs;
}

function validateName(o: Obj, errs: string[]): void {
  const name = o.metadata.name;
  if (!name) {
    errs.push('metadata.name: Required value: name or generateName is required');
    return;
  }
  if (o.kind === 'Service') {
    if (!DNS1035_LABEL.test(name) || name.length > 63) errs.push(`metadata.name: Invalid value: ${goString(name)}: ${DNS1035_MSG}`);
  } else if (o.kind === 'Namespace') {
    if (!DNS1123_LABEL.test(name) || name.length > 63) errs.push(`metadata.name: Invalid value: ${goString(name)}: ${LABEL_MSG}`);
  } else if (o.kind === 'CertificateSigningRequest') {
    // ValidateCertificateRequestName: "We don't care what you call your certificate requests."
  } else if (!DNS1123_SUBDOMAIN.test(name) || name.length > 253) {
    errs.push(`metadata.name: Invalid value: ${goString(name)}: ${SUBDOMAIN_MSG}`);
  }
}

/** The fields the workload kinds (Deployment, ReplicaSet, StatefulSet, DaemonSet) share. */
type WorkloadSpec = Pick<DeploymentSpec, 'replicas' | 'selector' | 'template'>;

function validateWorkload(o: Written<WorkloadSpec>, errs: string[]): void {
  const spec = o.spec ?? {};
  if (typeof spec.replicas === 'number' && spec.replicas < 0) errs.push(`spec.replicas: Invalid value: ${spec.replicas}: must be greater than or equal to 0`);
  const sel = spec.selector;
  if (!sel || (!sel.matchLabels && !sel.matchExpressions)) {
    errs.push('spec.selector: Required value');
  } else if (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) {
    errs.push('spec.selector: Invalid value: "null": empty selector is invalid for deployment');
  } else {
    const labels = spec.template?.metadata?.labels ?? {};
    if (!selectorMatches(sel, labels)) {
      errs.push(`spec.template.metadata.labels: Invalid value: ${goStringMap(labels)}: \`selector\` does not match template \`labels\``);
    }
  }
  validatePodSpec(spec.template?.spec, 'spec.template.spec', errs);
}

type StatefulSetFields = Pick<StatefulSetSpec, 'ordinals' | 'persistentVolumeClaimRetentionPolicy'>;

/**
 * The StatefulSet fields of ValidateStatefulSetSpec (pkg/apis/apps/validation):
 * `ordinals.start` non-negative (ValidateNonnegativeField), and each
 * persistentVolumeClaimRetentionPolicy value Retain or Delete
 * (ValidatePersistentVolumeClaimRetentionPolicyType).
 */
function validateStatefulSetSpec(o: Written<StatefulSetFields>, errs: string[]): void {
  const start: unknown = o.spec?.ordinals?.start;
  if (typeof start === 'number' && start < 0) errs.push(`spec.ordinals.start: Invalid value: ${start}: must be greater than or equal to 0`);
  const policy = o.spec?.persistentVolumeClaimRetentionPolicy;
  for (const f of ['whenDeleted', 'whenScaled'] as const) {
    const v: unknown = policy?.[f];
    if (v !== undefined && v !== 'Retain' && v !== 'Delete') errs.push(`spec.persistentVolumeClaimRetentionPolicy.${f}: Unsupported value: ${goString(String(v))}: supported values: "Delete", "Retain"`);
  }
}

/** A pod spec as submitted, before validation: nothing in it is known yet. */
interface SubmittedPodSpec {
  containers?: unknown[];
  initContainers?: unknown;
}

function validatePodSpec(spec: SubmittedPodSpec | undefined, path: string, errs: string[]): void {
  const containers: unknown[] = spec?.containers ?? [];
  if (containers.length === 0) {
    errs.push(`${path}.containers: Required value`);
    return;
  }
  // ValidatePodSpec: validateContainers, then validateInitContainers, whose names must not repeat an app container's either.
  const seen = new Set<string | undefined>();
  const check = (list: unknown[], field: string): void =>
    list.forEach((x, i) => {
      const p = `${path}.${field}[${i}]`;
      if (!x || typeof x !== 'object') {
        errs.push(`${p}: Invalid value: ${goString(String(x))}: must be an object`);
        return;
      }
      const c = x as { name?: string; image?: string };
      if (!c.name) errs.push(`${p}.name: Required value`);
      else if (!DNS1123_LABEL.test(c.name)) errs.push(`${p}.name: Invalid value: ${goString(c.name)}: ${LABEL_MSG}`);
      else if (seen.has(c.name)) errs.push(`${p}.name: Duplicate value: ${goString(c.name)}`);
      seen.add(c.name);
      if (!c.image) errs.push(`${p}.image: Required value`);
      // validateInitContainerRestartPolicy (SidecarContainers, on since 1.29): only Always.
      const rp = (x as { restartPolicy?: unknown }).restartPolicy;
      if (field === 'initContainers' && rp !== undefined && rp !== 'Always') errs.push(`${p}.restartPolicy: Unsupported value: ${goString(String(rp))}: supported values: "Always"`);
      // validateContainers: "These fields are disallowed for regular containers".
      if (field === 'containers' && rp !== undefined && rp !== null) errs.push(`${p}.restartPolicy: Forbidden: may not be set for non-init containers`);
    });
  check(containers, 'containers');
  check(Array.isArray(spec?.initContainers) ? (spec.initContainers as unknown[]) : [], 'initContainers');
}

function validateService(o: Written<ServiceSpec>, errs: string[]): void {
  const ports: { port?: unknown; name?: string }[] = o.spec?.ports ?? [];
  if (ports.length === 0 && o.spec?.clusterIP !== 'None' && o.spec?.type !== 'ExternalName') errs.push('spec.ports: Required value');
  // validateServiceClusterIPs and the externalIPs loop of ValidateService (IsValidIP); the model's cluster is single-stack IPv4.
  const clusterIP: unknown = o.spec?.clusterIP;
  if (typeof clusterIP === 'string' && clusterIP !== '' && clusterIP !== 'None') ipErrors(clusterIP, 'spec.clusterIPs[0]', true, errs);
  const external: unknown[] = Array.isArray(o.spec?.externalIPs) ? o.spec.externalIPs : [];
  external.forEach((ip, i) => ipErrors(String(ip), `spec.externalIPs[${i}]`, false, errs));
  ports.forEach((p, i) => {
    if (typeof p.port !== 'number' || p.port < 1 || p.port > 65535) errs.push(`spec.ports[${i}].port: Invalid value: ${p.port}: must be between 1 and 65535, inclusive`);
    if (ports.length > 1 && !p.name) errs.push(`spec.ports[${i}].name: Required value`);
  });
}

/** validation.IsValidIP, and for a ClusterIP the family check against the cluster's only family (IPv4). */
function ipErrors(ip: string, path: string, family: boolean, errs: string[]): void {
  if (isIP(ip) === 0) errs.push(`${path}: Invalid value: ${goString(ip)}: must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`);
  else if (!isIPv4(ip)) {
    // Valid IPv6 (or an IPv4 spelling Go rejects, such as leading zeros).
    errs.push(family ? `${path}: Invalid value: ${goString(ip)}: expected an IPv4 value as indicated by \`ipFamilies[0]\`` : `${path}: Invalid value: ${goString(ip)}: must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`);
  }
}

function validateImmutableSelector(o: Written<WorkloadSpec>, old: Written<WorkloadSpec>, errs: string[]): void {
  if (JSON.stringify(o.spec?.selector) !== JSON.stringify(old.spec?.selector)) {
    errs.push(`spec.selector: Invalid value: ${goLabelSelector(o.spec?.selector)}: field is immutable`);
  }
}

/** Go's %q. */
function goString(s: string): string {
  return JSON.stringify(s);
}

/** Go's %#v of a map[string]string (keys sorted). */
export function goStringMap(m: Record<string, string>): string {
  const entries = Object.keys(m)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(m[k])}`);
  return `map[string]string{${entries.join(', ')}}`;
}

function goLabelSelector(sel: { matchLabels?: Record<string, string> } | undefined): string {
  const ml = sel?.matchLabels ? goStringMap(sel.matchLabels) : 'map[string]string(nil)';
  return `v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`;
}
