/**
 * The review APIs: create-only resources the API server answers at once in
 * the returned object's status and never stores (Kubernetes 1.31):
 *
 * - SubjectAccessReview, SelfSubjectAccessReview, LocalSubjectAccessReview
 *   (pkg/registry/authorization/*subjectaccessreview/rest.go): validated as
 *   pkg/apis/authorization/validation does, then the authorizer chain is
 *   asked about the review's attributes; `status.allowed`, `status.reason`.
 * - SelfSubjectRulesReview (selfsubjectrulesreview/rest.go): the rules the
 *   authorizers grant the caller in `spec.namespace` (RBAC's RulesFor, plus
 *   `*` for system:masters).
 * - SelfSubjectReview (pkg/registry/authentication/selfsubjectreview): the
 *   caller's user info — what `kubectl auth whoami` prints.
 * - TokenReview: the model issues no bearer tokens (its users are
 *   authenticated by the scenario's `as:`), so no token authenticates: the
 *   status carries an empty user, as kube-apiserver answers a token none of
 *   its authenticators recognises. A documented simplification.
 *
 * Pure: the caller (server.ts) records the phases and answers.
 */
import { authorizeChain, rulesFor, type PolicyRule, type RbacPolicy, type RequestAttributes } from '../core/rbac/index.ts';
import type { Obj } from '../core/object.ts';
import type { ResourceInfo } from '../core/resources.ts';
import type { Identity } from './identity.ts';

export type ReviewAnswer =
  | { ok: true; object: Obj; summary: string; allowed?: boolean; reason?: string }
  | { ok: false; status: 400 | 422; reason: 'BadRequest' | 'Invalid'; message: string; causes: string[] };

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

interface NonResourceAttributes {
  path?: string;
  verb?: string;
}

interface AccessReviewSpec {
  resourceAttributes?: ResourceAttributes;
  nonResourceAttributes?: NonResourceAttributes;
  user?: string;
  groups?: string[];
}

/** `policy(namespace)`: the RBAC objects the authorizer reads for a request in that namespace. */
export function answerReview(r: ResourceInfo, body: Obj, who: Identity, namespace: string | undefined, policy: (namespace: string | undefined) => RbacPolicy): ReviewAnswer {
  const spec = (isRecord(body.spec) ? body.spec : {}) as AccessReviewSpec & { namespace?: string; token?: string };
  switch (r.kind) {
    case 'SubjectAccessReview':
    case 'SelfSubjectAccessReview':
    case 'LocalSubjectAccessReview':
      return accessReview(r, body, spec, who, namespace, policy);
    case 'SelfSubjectRulesReview':
      return rulesReview(body, spec.namespace ?? '', who, policy);
    case 'SelfSubjectReview':
      return answered(body, {}, { userInfo: userInfo(who) }, `user info of "${who.user}"`);
    case 'TokenReview':
      // tokenreview/storage.go: an empty token is a bad request; any other is unknown to every authenticator here.
      if (!spec.token) return badRequest('token is required for TokenReview in authentication');
      return answered(body, spec, { user: {} }, 'token not recognised (the model issues no bearer tokens)');
    default:
      throw new Error(`not a review kind: ${r.kind}`);
  }
}

function accessReview(r: ResourceInfo, body: Obj, spec: AccessReviewSpec, who: Identity, namespace: string | undefined, policy: (namespace: string | undefined) => RbacPolicy): ReviewAnswer {
  const self = r.kind === 'SelfSubjectAccessReview';
  const local = r.kind === 'LocalSubjectAccessReview';
  if (local) {
    // localsubjectaccessreview/rest.go: the namespace of the request decides, and must be the review's.
    if (!namespace) return badRequest(`namespace is required on this type: ${namespace ?? ''}`);
    if (namespace !== body.metadata.namespace) return badRequest(`spec.resourceAttributes.namespace must match namespace: ${namespace}`);
  }
  const errors = specErrors(spec, !self);
  const meta = metadataError(body, local);
  if (meta) errors.push(meta);
  if (local && spec.resourceAttributes && (spec.resourceAttributes.namespace ?? '') !== body.metadata.namespace) {
    errors.push(`spec.resourceAttributes.namespace: Invalid value: ${goQuote(spec.resourceAttributes.namespace ?? '')}: must match metadata.namespace`);
  }
  if (local && spec.nonResourceAttributes) errors.push(`spec.nonResourceAttributes: Invalid value: ${goStruct('authorization.NonResourceAttributes', spec.nonResourceAttributes)}: disallowed on this kind of request`);
  if (errors.length > 0) {
    // apierrors.NewInvalid(Kind(...), "", errs): the name in the message is always "".
    const list = errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`;
    return { ok: false, status: 422, reason: 'Invalid', message: `${r.kind}.${r.group} "" is invalid: ${list}`, causes: errors };
  }
  const user = self ? who.user : spec.user ?? '';
  const groups = self ? who.groups : spec.groups ?? [];
  const ra = spec.resourceAttributes;
  const attrs: RequestAttributes = ra
    ? {
        user,
        groups,
        verb: ra.verb ?? '',
        apiGroup: ra.group ?? '',
        resource: ra.resource ?? '',
        ...(ra.subresource ? { subresource: ra.subresource } : {}),
        ...(ra.namespace ? { namespace: ra.namespace } : {}),
        ...(ra.name ? { name: ra.name } : {}),
      }
    : { user, groups, verb: spec.nonResourceAttributes?.verb ?? '', nonResourceURL: spec.nonResourceAttributes?.path ?? '' };
  const d = authorizeChain(attrs, policy(attrs.namespace));
  const status: Record<string, unknown> = { allowed: d.allowed };
  if (d.reason) status.reason = d.reason;
  const what = ra ? `${attrs.verb} ${ra.resource ?? ''}${ra.subresource ? `/${ra.subresource}` : ''}${ra.name ? `/${ra.name}` : ''}${ra.namespace ? ` in ${ra.namespace}` : ''}` : `${attrs.verb} ${attrs.nonResourceURL}`;
  const answer = answered(body, spec, status, `access review: ${user || groups.join(',')} ${d.allowed ? 'can' : 'cannot'} ${what}`);
  return { ...answer, allowed: d.allowed, ...(d.reason ? { reason: d.reason } : {}) };
}

/** ValidateSubjectAccessReviewSpec (withSubject) / ValidateSelfSubjectAccessReviewSpec. */
function specErrors(spec: AccessReviewSpec, withSubject: boolean): string[] {
  const errors: string[] = [];
  if (spec.resourceAttributes && spec.nonResourceAttributes) {
    errors.push(`spec.nonResourceAttributes: Invalid value: ${goStruct('authorization.NonResourceAttributes', spec.nonResourceAttributes)}: cannot be specified in combination with resourceAttributes`);
  }
  if (!spec.resourceAttributes && !spec.nonResourceAttributes) {
    errors.push('spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified');
  }
  if (withSubject && !spec.user && (spec.groups ?? []).length === 0) {
    errors.push('spec.user: Invalid value: "": at least one of user or group must be specified');
  }
  return errors;
}

/**
 * Access reviews must come with empty metadata (a LocalSubjectAccessReview:
 * empty except its namespace). field.Invalid prints the ObjectMeta value with
 * Go's %#v: every field, set or not.
 */
function metadataError(body: Obj, local: boolean): string | undefined {
  const m = body.metadata;
  // Go zero values ("", empty maps and lists) are empty.
  const isZero = (v: unknown) => v === undefined || v === null || v === '' || v === 0 || (Array.isArray(v) && v.length === 0) || (isRecord(v) && Object.keys(v).length === 0);
  const set = Object.entries(m).filter(([k, v]) => !isZero(v) && k !== 'managedFields' && !(local && k === 'namespace'));
  if (set.length === 0) return undefined;
  const str = (k: string) => goQuote(typeof m[k] === 'string' ? (m[k] as string) : '');
  const map = (k: string) => (isRecord(m[k]) ? goValue(m[k]) : 'map[string]string(nil)');
  const list = (k: string) => (Array.isArray(m[k]) ? goValue(m[k]) : '[]string(nil)');
  const fields = [
    `Name:${str('name')}`, `GenerateName:${str('generateName')}`, `Namespace:${str('namespace')}`, `SelfLink:""`, `UID:${str('uid')}`,
    `ResourceVersion:${str('resourceVersion')}`, `Generation:${typeof m.generation === 'number' ? m.generation : 0}`,
    'CreationTimestamp:time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC)', 'DeletionTimestamp:<nil>', 'DeletionGracePeriodSeconds:(*int64)(nil)',
    `Labels:${map('labels')}`, `Annotations:${map('annotations')}`, 'OwnerReferences:[]v1.OwnerReference(nil)', `Finalizers:${list('finalizers')}`, 'ManagedFields:[]v1.ManagedFieldsEntry(nil)',
  ];
  return `metadata: Invalid value: v1.ObjectMeta{${fields.join(', ')}}: ${local ? 'must be empty except for namespace' : 'must be empty'}`;
}

/** SelfSubjectRulesReview: resource and non-resource rules of the caller in the namespace. */
function rulesReview(body: Obj, namespace: string, who: Identity, policy: (namespace: string | undefined) => RbacPolicy): ReviewAnswer {
  const resourceRules: Record<string, unknown>[] = [];
  const nonResourceRules: Record<string, unknown>[] = [];
  // The privileged-group authorizer (system:masters) grants everything, listed first.
  if (who.groups.includes('system:masters')) {
    resourceRules.push({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
    nonResourceRules.push({ verbs: ['*'], nonResourceURLs: ['*'] });
  }
  const found = rulesFor({ user: who.user, groups: who.groups, ...(namespace ? { namespace } : {}) }, policy(namespace || undefined));
  for (const rule of found.rules) {
    if ((rule.resources ?? []).length > 0) resourceRules.push(resourceRule(rule));
    else if ((rule.nonResourceURLs ?? []).length > 0) nonResourceRules.push({ verbs: rule.verbs, nonResourceURLs: rule.nonResourceURLs });
  }
  const status: Record<string, unknown> = { resourceRules, nonResourceRules, incomplete: found.errors.length > 0 };
  if (found.errors.length > 0) status.evaluationError = found.errors.join(', ');
  return answered(body, { namespace }, status, `${resourceRules.length + nonResourceRules.length} rules for "${who.user}"${namespace ? ` in ${namespace}` : ''}`);
}

function resourceRule(rule: PolicyRule): Record<string, unknown> {
  const out: Record<string, unknown> = { verbs: rule.verbs };
  if (rule.apiGroups) out.apiGroups = rule.apiGroups;
  if (rule.resources) out.resources = rule.resources;
  if (rule.resourceNames) out.resourceNames = rule.resourceNames;
  return out;
}

function userInfo(who: Identity): Record<string, unknown> {
  return { username: who.user, groups: who.groups };
}

/** The object the API server returns: the request with its status, `metadata.creationTimestamp: null` as Go marshals an unset time. */
function answered(body: Obj, spec: object, status: Record<string, unknown>, summary: string): { ok: true; object: Obj; summary: string } {
  // Meta types creationTimestamp as a string; the answer carries Go's null for the unset time.
  const metadata: Obj['metadata'] = Object.assign({ ...body.metadata }, { creationTimestamp: null });
  return { ok: true, object: { apiVersion: body.apiVersion, kind: body.kind, metadata, spec, status }, summary };
}

function badRequest(message: string): ReviewAnswer {
  return { ok: false, status: 400, reason: 'BadRequest', message, causes: [] };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Go's %q of a string (what field.Invalid prints for a string value). */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** Go's %#v of a scalar, string map or string slice (the values metadata holds). */
function goValue(v: unknown): string {
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]string{${v.map((x) => goQuote(String(x))).join(', ')}}`;
  if (isRecord(v)) return `map[string]string{${Object.keys(v).sort().map((k) => `${goQuote(k)}:${goQuote(String(v[k]))}`).join(', ')}}`;
  return 'nil';
}

/** `authorization.NonResourceAttributes{Path:"/x", Verb:"get"}`: field.Invalid dereferences the pointer and prints the struct with %#v. */
function goStruct(type: string, v: NonResourceAttributes): string {
  return `${type}{Path:${goQuote(v.path ?? '')}, Verb:${goQuote(v.verb ?? '')}}`;
}
