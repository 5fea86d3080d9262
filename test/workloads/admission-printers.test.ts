/**
 * `kubectl get` columns of the stored admission / API kinds
 * (pkg/printers/internalversion/printers.go 1.31: printValidatingWebhook,
 * printMutatingWebhook, printValidatingAdmissionPolicy, printAPIService,
 * printRuntimeClass) instead of the generic NAME/AGE table.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from './helpers.ts';

const SCENARIO = `kubescene: v1
name: admission-printers
seed: 0
cluster:
  kubernetes: "1.31"
  nodes:
    - { name: worker-1 }
files:
  infra.yaml:
    - apiVersion: node.k8s.io/v1
      kind: RuntimeClass
      metadata: { name: gvisor }
      handler: runsc
    - apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingWebhookConfiguration
      metadata: { name: vw }
      webhooks: []
    - apiVersion: admissionregistration.k8s.io/v1
      kind: MutatingWebhookConfiguration
      metadata: { name: mw }
      webhooks: []
    - apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: { name: vap }
      spec:
        paramKind: { apiVersion: v1, kind: ConfigMap }
        validations:
          - expression: "object.spec.replicas <= 5"
    - apiVersion: apiregistration.k8s.io/v1
      kind: APIService
      metadata: { name: v1.example.com }
      spec: { group: example.com, version: v1, groupPriorityMinimum: 100, versionPriority: 10, service: { namespace: ext, name: api } }
    - apiVersion: flowcontrol.apiserver.k8s.io/v1
      kind: PriorityLevelConfiguration
      metadata: { name: pl }
      spec: { type: Limited, limited: { nominalConcurrencyShares: 5, limitResponse: { type: Queue, queuing: { queues: 16, handSize: 4, queueLengthLimit: 20 } } } }
    - apiVersion: flowcontrol.apiserver.k8s.io/v1
      kind: FlowSchema
      metadata: { name: fs }
      spec: { priorityLevelConfiguration: { name: pl }, matchingPrecedence: 500 }
    - apiVersion: flowcontrol.apiserver.k8s.io/v1
      kind: FlowSchema
      metadata: { name: a-late }
      spec: { priorityLevelConfiguration: { name: pl }, matchingPrecedence: 9000, distinguisherMethod: { type: ByUser } }
    - apiVersion: flowcontrol.apiserver.k8s.io/v1
      kind: FlowSchema
      metadata: { name: z-first }
      spec: { priorityLevelConfiguration: { name: missing }, matchingPrecedence: 2 }
    - apiVersion: flowcontrol.apiserver.k8s.io/v1
      kind: FlowSchema
      metadata: { name: m-default }
      spec: { priorityLevelConfiguration: { name: pl } }
    - apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: { name: vapb }
      spec: { policyName: vap, paramRef: { name: limits, namespace: default }, validationActions: [Deny] }
    - apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: { name: vapb-sel }
      spec:
        policyName: vap
        paramRef:
          selector:
            matchLabels: { tier: prod, app: x }
            matchExpressions: [{ key: env, operator: In, values: [a, b] }]
          parameterNotFoundAction: Deny
        validationActions: [Deny]
    - apiVersion: certificates.k8s.io/v1
      kind: CertificateSigningRequest
      metadata: { name: csr }
      spec: { request: ${readFileSync('test/fixtures/csr/p256.csr').toString('base64')}, signerName: example.com/x, usages: [digital signature] }
steps:
  - kubectl: apply -f infra.yaml
  - advance: 10s
  - kubectl: get runtimeclasses
  - kubectl: get validatingwebhookconfigurations
  - kubectl: get mutatingwebhookconfigurations
  - kubectl: get validatingadmissionpolicies
  - kubectl: get apiservices
  - kubectl: get prioritylevelconfigurations
  - kubectl: get flowschemas
  - kubectl: get flowschemas -o name
  - kubectl: get flowschema z-first -o jsonpath={.status.conditions[0].message}
  - kubectl: get validatingadmissionpolicybindings
  - kubectl: get csr
`;

describe('kubectl get of admission / API kinds (printers.go)', () => {
  const t = run(SCENARIO);
  // Each kubectl step takes simulated time, so AGE differs per step: compare it as <age>.
  const out = (cmd: string) => t.steps.find((s) => s.title === `kubectl ${cmd}`)?.output?.replace(/\b\d+s\n/g, '<age>\n');
  it('RuntimeClass: NAME HANDLER AGE', () => {
    expect(out('get runtimeclasses')).toBe('NAME     HANDLER   AGE\ngvisor   runsc     <age>\n');
  });
  it('webhook configurations: NAME WEBHOOKS AGE', () => {
    expect(out('get validatingwebhookconfigurations')).toBe('NAME   WEBHOOKS   AGE\nvw     0          <age>\n');
    expect(out('get mutatingwebhookconfigurations')).toBe('NAME   WEBHOOKS   AGE\nmw     0          <age>\n');
  });
  it('ValidatingAdmissionPolicy: NAME VALIDATIONS PARAMKIND AGE', () => {
    expect(out('get validatingadmissionpolicies')).toBe('NAME   VALIDATIONS   PARAMKIND      AGE\nvap    1             v1/ConfigMap   <age>\n');
  });
  it('APIService: NAME SERVICE AVAILABLE AGE (Unknown without an Available condition)', () => {
    expect(out('get apiservices')).toMatch(/^NAME\s+SERVICE\s+AVAILABLE\s+AGE\nv1\.example\.com\s+ext\/api\s+Unknown\s+<age>\n$/);
  });
  it('PriorityLevelConfiguration: NAME TYPE NOMINALCONCURRENCYSHARES QUEUES HANDSIZE QUEUELENGTHLIMIT AGE', () => {
    expect(out('get prioritylevelconfigurations')).toMatch(/^NAME\s+TYPE\s+NOMINALCONCURRENCYSHARES\s+QUEUES\s+HANDSIZE\s+QUEUELENGTHLIMIT\s+AGE\npl\s+Limited\s+5\s+16\s+4\s+20\s+<age>\n$/);
  });
  it('FlowSchema: NAME PRIORITYLEVEL MATCHINGPRECEDENCE DISTINGUISHERMETHOD AGE MISSINGPL, sorted by precedence then name (printFlowSchemaList)', () => {
    const rows = out('get flowschemas')!.trimEnd().split('\n').map((l) => l.split(/\s+/));
    expect(rows[0]).toEqual(['NAME', 'PRIORITYLEVEL', 'MATCHINGPRECEDENCE', 'DISTINGUISHERMETHOD', 'AGE', 'MISSINGPL']);
    // MISSINGPL: the Dangling condition the API server's APF config controller set (True: no such level).
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[3], r[5]])).toEqual([
      ['z-first', 'missing', '2', '<none>', 'True'],
      ['fs', 'pl', '500', '<none>', 'False'],
      ['m-default', 'pl', '1000', '<none>', 'False'],
      ['a-late', 'pl', '9000', 'ByUser', 'False'],
    ]);
    // -o name prints the list as the API returns it (by name): only the Table is sorted.
    expect(out('get flowschemas -o name')).toBe('flowschema.flowcontrol.apiserver.k8s.io/a-late\nflowschema.flowcontrol.apiserver.k8s.io/fs\nflowschema.flowcontrol.apiserver.k8s.io/m-default\nflowschema.flowcontrol.apiserver.k8s.io/z-first\n');
  });
  it('the APF config controller writes the Dangling condition with its real reason and message (presyncFlowSchemaStatus)', () => {
    const patches = t.events.filter((e) => e.type === 'request' && e.summary.startsWith('PATCH flowschemas/status')).map((e) => e.summary).sort();
    // One PATCH each, as each FlowSchema is created (the level pl was created before them).
    expect(patches).toEqual(['PATCH flowschemas/status a-late Dangling=False', 'PATCH flowschemas/status fs Dangling=False', 'PATCH flowschemas/status m-default Dangling=False', 'PATCH flowschemas/status z-first Dangling=True']);
    expect(out('get flowschema z-first -o jsonpath={.status.conditions[0].message}')).toBe('This FlowSchema references the PriorityLevelConfiguration object named "missing" but there is no such object');
  });
  it('ValidatingAdmissionPolicyBinding: NAME POLICY PARAMREF AGE (a selector paramRef prints LabelSelector.String())', () => {
    const lines = out('get validatingadmissionpolicybindings')!.split('\n');
    expect(lines[0]).toMatch(/^NAME\s+POLICY\s+PARAMREF\s+AGE$/);
    expect(lines[1]).toMatch(/^vapb\s+vap\s+default\/limits\s+<age>$/);
    expect(lines[2]).toMatch(/^vapb-sel\s+vap\s+&LabelSelector\{MatchLabels:map\[string\]string\{app: x,tier: prod,\},MatchExpressions:\[\]LabelSelectorRequirement\{LabelSelectorRequirement\{Key:env,Operator:In,Values:\[a b\],\},\},\}\s+<age>$/);
  });
  it('CertificateSigningRequest: NAME AGE SIGNERNAME REQUESTOR REQUESTEDDURATION CONDITION', () => {
    expect(out('get csr')).toMatch(/^NAME\s+AGE\s+SIGNERNAME\s+REQUESTOR\s+REQUESTEDDURATION\s+CONDITION\ncsr\s+\d+s\s+example\.com\/x\s+\S*\s*<none>\s+Pending\n$/);
  });
});

describe('MISSINGPL follows the PriorityLevelConfiguration (apf_controller.go digestFlowSchemasLocked)', () => {
  it('True while the level is missing, False once it is created, True again when it is deleted', () => {
    const t = run(`kubescene: v1
cluster:
  nodes:
    - { name: worker-1 }
files:
  fs.yaml:
    apiVersion: flowcontrol.apiserver.k8s.io/v1
    kind: FlowSchema
    metadata: { name: fs }
    spec: { priorityLevelConfiguration: { name: pl }, matchingPrecedence: 500 }
  pl.yaml:
    apiVersion: flowcontrol.apiserver.k8s.io/v1
    kind: PriorityLevelConfiguration
    metadata: { name: pl }
    spec: { type: Limited, limited: { nominalConcurrencyShares: 5, limitResponse: { type: Reject } } }
steps:
  - kubectl: apply -f fs.yaml
  - kubectl: get flowschemas
  - kubectl: apply -f pl.yaml
  - kubectl: get flowschemas
  - kubectl: delete -f pl.yaml
  - kubectl: get flowschemas
`);
    const missing = (i: number) => t.steps[i]!.output!.trimEnd().split('\n')[1]!.split(/\s+/).at(-1);
    expect([missing(1), missing(3), missing(5)]).toEqual(['True', 'False', 'True']);
  });
});
