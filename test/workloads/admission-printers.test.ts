/**
 * `kubectl get` columns of the stored admission / API kinds
 * (pkg/printers/internalversion/printers.go 1.31: printValidatingWebhook,
 * printMutatingWebhook, printValidatingAdmissionPolicy, printAPIService,
 * printRuntimeClass) instead of the generic NAME/AGE table.
 */
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
    - apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: { name: vapb }
      spec: { policyName: vap, paramRef: { name: limits, namespace: default }, validationActions: [Deny] }
    - apiVersion: certificates.k8s.io/v1
      kind: CertificateSigningRequest
      metadata: { name: csr }
      spec: { request: aGVsbG8=, signerName: example.com/x, usages: [digital signature] }
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
  it('FlowSchema: NAME PRIORITYLEVEL MATCHINGPRECEDENCE DISTINGUISHERMETHOD AGE MISSINGPL', () => {
    expect(out('get flowschemas')).toMatch(/^NAME\s+PRIORITYLEVEL\s+MATCHINGPRECEDENCE\s+DISTINGUISHERMETHOD\s+AGE\s+MISSINGPL\nfs\s+pl\s+500\s+<none>\s+\d+s\s+\?\n$/);
  });
  it('ValidatingAdmissionPolicyBinding: NAME POLICY PARAMREF AGE', () => {
    expect(out('get validatingadmissionpolicybindings')).toMatch(/^NAME\s+POLICY\s+PARAMREF\s+AGE\nvapb\s+vap\s+default\/limits\s+<age>\n$/);
  });
  it('CertificateSigningRequest: NAME AGE SIGNERNAME REQUESTOR REQUESTEDDURATION CONDITION', () => {
    expect(out('get csr')).toMatch(/^NAME\s+AGE\s+SIGNERNAME\s+REQUESTOR\s+REQUESTEDDURATION\s+CONDITION\ncsr\s+\d+s\s+example\.com\/x\s+\S*\s*<none>\s+Pending\n$/);
  });
});
