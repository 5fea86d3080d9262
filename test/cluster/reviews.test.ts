/**
 * The review APIs (pkg/registry/authorization/*, pkg/registry/authentication/*,
 * validation from pkg/apis/authorization/validation/validation.go): created
 * with `kubectl create -f`, answered by the authorizer chain or the caller's
 * identity, never stored; `kubectl auth whoami` (pkg/cmd/auth/whoami.go).
 */
import { describe, expect, it } from 'vitest';
import { resourceForKind } from '../../src/cluster/core/resources.ts';
import { userIdentity } from '../../src/cluster/apiserver/identity.ts';
import { parseScenario } from '../../src/scenario/index.ts';
import { ADMIN, call, cluster, trace } from './helpers.ts';

const SAR = resourceForKind('SubjectAccessReview')!;
const LSAR = resourceForKind('LocalSubjectAccessReview')!;
const TOKEN = resourceForKind('TokenReview')!;
const JANE = userIdentity('jane', ['dev']);

const HEADER = `kubescene: v1
name: reviews
title: reviews
seed: 0
cluster:
  nodes:
    - { name: worker-1, cpu: "2", memory: 4Gi }
  users:
    - { name: jane, groups: [dev] }
`;

const FILES = `files:
  sar.yaml:
    apiVersion: authorization.k8s.io/v1
    kind: SubjectAccessReview
    spec:
      user: jane
      resourceAttributes: { namespace: default, verb: get, resource: pods }
  ssar.yaml:
    apiVersion: authorization.k8s.io/v1
    kind: SelfSubjectAccessReview
    spec:
      resourceAttributes: { namespace: default, verb: list, resource: secrets }
  named.yaml:
    apiVersion: authorization.k8s.io/v1
    kind: SubjectAccessReview
    metadata: { name: x }
    spec:
      resourceAttributes: { namespace: default, verb: get, resource: pods }
  rules.yaml:
    apiVersion: authorization.k8s.io/v1
    kind: SelfSubjectRulesReview
    spec: { namespace: default }
  role.yaml:
    - apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: { name: pod-reader }
      rules: [{ apiGroups: [""], resources: [pods], verbs: [get, list] }]
    - apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: { name: jane-reads }
      subjects: [{ kind: User, name: jane, apiGroup: rbac.authorization.k8s.io }]
      roleRef: { kind: Role, name: pod-reader, apiGroup: rbac.authorization.k8s.io }
`;

function outputs(steps: string): { command: string; output: string; error: string; exitCode: number }[] {
  const t = trace(`${HEADER}${FILES}steps:\n${steps}`);
  return t.steps.map((s) => ({ command: s.command ?? '', output: s.output ?? '', error: s.error ?? '', exitCode: s.exitCode ?? -1 }));
}

describe('kubectl create -f of a review', () => {
  it('prints <unknown> for the nameless object, and -o yaml shows the answer in status', () => {
    const [created, denied, , allowed, name] = outputs(`  - kubectl: create -f sar.yaml
  - kubectl: create -f sar.yaml -o yaml
  - kubectl: apply -f role.yaml
  - kubectl: create -f sar.yaml -o yaml
  - kubectl: create -f sar.yaml -o name
`);
    expect(created?.output).toBe('subjectaccessreview.authorization.k8s.io/<unknown> created\n');
    expect(denied?.output).toBe(`apiVersion: authorization.k8s.io/v1
kind: SubjectAccessReview
metadata:
  creationTimestamp: null
spec:
  resourceAttributes:
    namespace: default
    resource: pods
    verb: get
  user: jane
status:
  allowed: false
`);
    expect(allowed?.output).toContain(`status:
  allowed: true
  reason: 'RBAC: allowed by RoleBinding "jane-reads/default" of Role "pod-reader"
    to User "jane"'
`);
    expect(name?.output).toBe('subjectaccessreview.authorization.k8s.io/<unknown>\n');
  });

  it('answers a SelfSubjectAccessReview for the caller (as: jane is not allowed, admin is)', () => {
    const [jane, admin] = outputs(`  - kubectl: create -f ssar.yaml -o json
    as: jane
  - kubectl: create -f ssar.yaml -o json
`);
    expect(JSON.parse(jane!.output).status).toEqual({ allowed: false });
    expect(JSON.parse(admin!.output).status).toEqual({ allowed: true });
  });

  it('refuses a named access review with the API server\'s 422 (metadata must be empty), nameless in the message', () => {
    const [bad] = outputs(`  - kubectl: create -f named.yaml
    expect: { exit: 1 }
`);
    expect(bad?.exitCode).toBe(1);
    expect(bad?.error).toBe(
      'The SubjectAccessReview "" is invalid: \n' +
        '* spec.user: Invalid value: "": at least one of user or group must be specified\n' +
        '* metadata: Invalid value: v1.ObjectMeta{Name:"x", GenerateName:"", Namespace:"", SelfLink:"", UID:"", ResourceVersion:"", Generation:0, CreationTimestamp:time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC), DeletionTimestamp:<nil>, DeletionGracePeriodSeconds:(*int64)(nil), Labels:map[string]string(nil), Annotations:map[string]string(nil), OwnerReferences:[]v1.OwnerReference(nil), Finalizers:[]string(nil), ManagedFields:[]v1.ManagedFieldsEntry(nil)}: must be empty\n',
    );
  });

  it('lists the caller\'s rules in a SelfSubjectRulesReview (bootstrap basic-user rules, then the RoleBinding)', () => {
    const [, rules] = outputs(`  - kubectl: apply -f role.yaml
  - kubectl: create -f rules.yaml -o json
    as: jane
`);
    const status = JSON.parse(rules!.output).status as { resourceRules: { resources?: string[]; verbs: string[] }[]; incomplete: boolean };
    expect(status.incomplete).toBe(false);
    expect(status.resourceRules).toContainEqual({ verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] });
    expect(status.resourceRules.at(-1)).toEqual({ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] });
  });

  it('kubectl apply of a nameless review fails in kubectl (resource name may not be empty), no request sent', () => {
    const t = trace(`${HEADER}${FILES}steps:
  - kubectl: apply -f sar.yaml
    expect: { exit: 1 }
`);
    expect(t.steps[0]?.error).toBe('error: error when retrieving current configuration of:\nResource: "authorization.k8s.io/v1, Resource=subjectaccessreviews", GroupVersionKind: "authorization.k8s.io/v1, Kind=SubjectAccessReview"\nName: "", Namespace: ""\nfrom server for: "sar.yaml": resource name may not be empty\n');
    const range = t.steps[0]?.events;
    expect(range ? t.events.slice(range.first, range.last + 1).filter((e) => e.type === 'request') : []).toEqual([]);
  });

  it('kubectl apply of a generateName object is kubectl\'s own error; create generates the name', () => {
    const t = trace(`${HEADER}files:
  job.yaml:
    apiVersion: v1
    kind: ConfigMap
    metadata: { generateName: settings- }
    data: { a: b }
steps:
  - kubectl: apply -f job.yaml
    expect: { exit: 1 }
  - kubectl: create -f job.yaml
`);
    expect(t.steps[0]?.error).toBe('error: from settings-: cannot use generate name with apply\n');
    expect(t.steps[1]?.output).toMatch(/^configmap\/settings-[a-z0-9]{5} created\n$/);
  });

  it('serves only create: get is MethodNotAllowed; nothing is written to etcd', () => {
    const t = trace(`${HEADER}${FILES}steps:
  - kubectl: create -f sar.yaml
  - kubectl: get subjectaccessreviews
    expect: { exit: 1 }
`);
    expect(t.steps[1]?.error).toBe('Error from server (MethodNotAllowed): the server does not allow this method on the requested resource\n');
    const range = t.steps[0]?.events;
    const step1 = range ? t.events.slice(range.first, range.last + 1) : [];
    expect(step1.length).toBeGreaterThan(0);
    expect(step1.filter((e) => e.etcd)).toEqual([]);
    expect(step1.some((e) => e.type === 'phase' && e.summary === 'access review: jane cannot get pods in default')).toBe(true);
  });
});

describe('review validation in the API server', () => {
  it.each([
    ['no attributes', { user: 'jane' }, 'spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified'],
    ['both kinds of attributes', { user: 'jane', resourceAttributes: { verb: 'get', resource: 'pods' }, nonResourceAttributes: { path: '/healthz', verb: 'get' } }, 'spec.nonResourceAttributes: Invalid value: authorization.NonResourceAttributes{Path:"/healthz", Verb:"get"}: cannot be specified in combination with resourceAttributes'],
    ['no user or group', { resourceAttributes: { verb: 'get', resource: 'pods' } }, 'spec.user: Invalid value: "": at least one of user or group must be specified'],
  ])('SubjectAccessReview with %s: 422', (_name, spec, cause) => {
    const res = call(cluster(), { verb: 'create', resource: SAR, body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', metadata: { name: '' }, spec } });
    expect(res.status).toBe(422);
    expect(res.causes).toEqual([cause]);
    expect(res.message).toBe(`SubjectAccessReview.authorization.k8s.io "" is invalid: ${cause}`);
  });

  it('a non-resource SubjectAccessReview: /healthz is public (system:public-info-viewer)', () => {
    const res = call(cluster(), { verb: 'create', resource: SAR, body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', metadata: { name: '' }, spec: { user: 'jane', groups: ['system:authenticated'], nonResourceAttributes: { path: '/healthz', verb: 'get' } } } });
    expect(res.status).toBe(201);
    expect((res.object?.status as { allowed: boolean }).allowed).toBe(true);
  });

  it('a LocalSubjectAccessReview must ask about its own namespace', () => {
    const body = (ns: string) => ({ apiVersion: 'authorization.k8s.io/v1', kind: 'LocalSubjectAccessReview', metadata: { name: '' }, spec: { user: 'jane', resourceAttributes: { namespace: ns, verb: 'get', resource: 'pods' } } });
    expect(call(cluster(), { verb: 'create', resource: LSAR, namespace: 'default', body: body('default') }).status).toBe(201);
    const other = call(cluster(), { verb: 'create', resource: LSAR, namespace: 'default', body: body('kube-system') });
    expect(other.status).toBe(422);
    expect(other.causes).toEqual(['spec.resourceAttributes.namespace: Invalid value: "kube-system": must match metadata.namespace']);
  });

  it('SubjectAccessReview needs permission: jane (no binding) is Forbidden', () => {
    const res = call(cluster(), { verb: 'create', resource: SAR, body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', metadata: { name: '' }, spec: { user: 'jane', resourceAttributes: { verb: 'get', resource: 'pods' } } } }, JANE);
    expect(res.status).toBe(403);
  });

  it('TokenReview: an empty token is a bad request; any other does not authenticate (the model issues no tokens)', () => {
    const review = (token?: string) => call(cluster(), { verb: 'create', resource: TOKEN, body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', metadata: { name: '' }, spec: token === undefined ? {} : { token } } }, ADMIN);
    const empty = review();
    expect([empty.status, empty.message]).toEqual([400, 'token is required for TokenReview in authentication']);
    const unknown = review('abc.def.ghi');
    expect(unknown.status).toBe(201);
    expect(unknown.object?.status).toEqual({ user: {} });
  });
});

describe('kubectl auth whoami', () => {
  it('prints the user info of a SelfSubjectReview', () => {
    const [admin, jane] = outputs(`  - kubectl: auth whoami
  - kubectl: auth whoami
    as: jane
`);
    expect(admin?.output).toBe('ATTRIBUTE   VALUE\nUsername    admin\nGroups      [system:masters system:authenticated]\n');
    expect(jane?.output).toBe('ATTRIBUTE   VALUE\nUsername    jane\nGroups      [dev system:authenticated]\n');
  });
});

describe('the scenario stage', () => {
  it('accepts reviews without metadata and warns that TokenReview tokens never authenticate', () => {
    const r = parseScenario(`${HEADER}files:
  tr.yaml:
    apiVersion: authentication.k8s.io/v1
    kind: TokenReview
    spec: { token: abc }
${FILES.replace('files:\n', '')}steps:
  - kubectl: create -f tr.yaml
`, 'test.yaml', () => undefined);
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
    const warnings = r.warnings;
    expect(warnings.map((d) => d.code)).toEqual(['ignored-field']);
    expect(warnings[0]?.message).toContain('the model issues no bearer tokens');
  });

  it('create -o for subcommands and -o jsonpath are refused as not modelled; -o yaml with -f is accepted', () => {
    const check = (cmd: string) => parseScenario(`${HEADER}${FILES}steps:\n  - kubectl: ${cmd}\n`, 'test.yaml', () => undefined);
    expect(check('create -f sar.yaml -o yaml').ok).toBe(true);
    expect(check('create namespace x -o yaml').ok).toBe(false);
    expect(check('create -f sar.yaml -o jsonpath={.status}').ok).toBe(false);
  });
});
