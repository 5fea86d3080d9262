/**
 * The API server's validation of a CertificateSigningRequest on create
 * (pkg/apis/certificates/validation/validation.go validateCertificateSigningRequest,
 * 1.31) and its strategy's PrepareForUpdate (pkg/registry/certificates/certificates/strategy.go).
 * The requests in test/fixtures/csr were made with `openssl req -new` (RSA 2048 with SHA-256,
 * SHA-1 and MD5; Ed25519; P-256 with ECDSA-SHA256).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateObject } from '../../src/cluster/apiserver/validation.ts';
import { CSR_USAGES, signerNameErrors } from '../../src/cluster/apiserver/validation-csr.ts';
import { checkCsrSignature, decodeCsr } from '../../src/cluster/core/csr.ts';
import { failed, run } from '../workloads/helpers.ts';

const fixture = (name: string): string => readFileSync(`test/fixtures/csr/${name}`).toString('base64');
const RSA = fixture('rsa-sha256.csr');
const ED25519 = fixture('ed25519.csr');
const SHA1 = fixture('rsa-sha1.csr');
const MD5 = fixture('rsa-md5.csr');
const P256 = fixture('p256.csr');

/** The same request with one byte of its DER changed at `from` bytes before the end (inside the signature). */
function tampered(request: string, from: number): string {
  const pem = Buffer.from(request, 'base64').toString('latin1');
  const m = /-----BEGIN CERTIFICATE REQUEST-----\n([\s\S]*?)\n-----END CERTIFICATE REQUEST-----/.exec(pem)!;
  const der = Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
  der[der.length - from] = der[der.length - from]! ^ 0x01;
  return Buffer.from(`-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`).toString('base64');
}

function csr(spec: Record<string, unknown>, name = 'x'): Parameters<typeof validateObject>[0] {
  return { apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name }, spec } as Parameters<typeof validateObject>[0];
}
const good = { signerName: 'example.com/signer', usages: ['client auth'] };

describe('x509.CertificateRequest.CheckSignature', () => {
  it.each([
    ['RSA with SHA-256', RSA],
    ['RSA with SHA-1 (allowed for requests)', SHA1],
    ['ECDSA P-256 with SHA-256', P256],
    ['Ed25519', ED25519],
  ])('%s: the signature verifies', (_name, request) => {
    const decoded = decodeCsr(request);
    expect(decoded.ok).toBe(true);
    expect(decoded.ok && checkCsrSignature(decoded.value)).toBeUndefined();
  });
  it.each([
    ['RSA', RSA, 'crypto/rsa: verification error'],
    ['ECDSA', P256, 'x509: ECDSA verification failure'],
    ['Ed25519', ED25519, 'x509: Ed25519 verification failure'],
  ])('%s: one bit of the signature changed fails with Go\'s error', (_name, request, want) => {
    const decoded = decodeCsr(tampered(request, 3));
    expect(decoded.ok && checkCsrSignature(decoded.value)).toBe(want);
  });
  it('MD5 is refused as insecure, as Go does for every request', () => {
    const decoded = decodeCsr(MD5);
    expect(decoded.ok && checkCsrSignature(decoded.value)).toBe('x509: cannot verify signature: insecure algorithm MD5-RSA');
  });
});

describe('validateCertificateSigningRequest on create', () => {
  it.each([
    ['a valid RSA request', { request: RSA, ...good }, []],
    ['a valid Ed25519 request with every check passed', { request: ED25519, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['digital signature', 'client auth'], expirationSeconds: 600 }, []],
    ['a request that is not PEM (the field value is the base64 of the bytes, as json.Marshal writes a []byte)', { request: 'aGVsbG8=', ...good }, ['spec.request: Invalid value: "aGVsbG8=": PEM block type must be CERTIFICATE REQUEST']],
    ['no request', { ...good }, ['spec.request: Invalid value: "": PEM block type must be CERTIFICATE REQUEST']],
    ['a forged signature', { request: tampered(P256, 3), ...good }, [`spec.request: Invalid value: "${tampered(P256, 3)}": x509: ECDSA verification failure`]],
    ['no usages', { request: RSA, signerName: 'example.com/signer' }, ['spec.usages: Required value']],
    ['an unknown and a repeated usage', { request: RSA, signerName: 'example.com/signer', usages: ['client auth', 'client-auth', 'client auth'] }, [
      `spec.usages[1]: Unsupported value: "client-auth": supported values: ${CSR_USAGES.map((u) => JSON.stringify(u)).join(', ')}`,
      'spec.usages[2]: Duplicate value: "client auth"',
    ]],
    ['no signer', { request: RSA, usages: ['client auth'] }, ['spec.signerName: Required value']],
    ['the legacy signer', { request: RSA, signerName: 'kubernetes.io/legacy-unknown', usages: ['client auth'] }, ['spec.signerName: Invalid value: "kubernetes.io/legacy-unknown": the legacy signerName is not allowed via this API version']],
    ['a signer without a path', { request: RSA, signerName: 'example.com', usages: ['client auth'] }, ["spec.signerName: Invalid value: \"example.com\": must be a fully qualified domain and path of the form 'example.com/signer-name'"]],
    ['a signer whose domain has one label', { request: RSA, signerName: 'example/signer', usages: ['client auth'] }, ['spec.signerName: Invalid value: "example": should be a domain with at least two segments separated by dots']],
    ['an expiration under ten minutes', { request: RSA, ...good, expirationSeconds: 599 }, ['spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 600 seconds (10 minutes)']],
  ])('%s', (_name, spec, want) => {
    expect(validateObject(csr(spec), undefined)).toEqual(want);
  });
  it('any name is allowed (ValidateCertificateRequestName)', () => {
    expect(validateObject(csr({ request: RSA, ...good }, 'Node:Worker_1'), undefined)).toEqual([]);
  });
});

describe('apivalidation.ValidateSignerName', () => {
  it.each([
    ['example.com/signer', []],
    ['example.com/a.b-c', []],
    ['Example.com/signer', ['s: Invalid value: "Example.com": validating label "Example": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')']],
    ['example.com/Signer', ['s: Invalid value: "Signer": validating label "Signer": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')']],
    [`${'a'.repeat(64)}.com/s`, [`s: Invalid value: "${'a'.repeat(64)}.com": validating label "${'a'.repeat(64)}": must be no more than 63 characters`]],
    ['a/b/c', ["s: Invalid value: \"a/b/c\": must be a fully qualified domain and path of the form 'example.com/signer-name'"]],
  ])('%s', (name, want) => {
    expect(signerNameErrors('s', name)).toEqual(want);
  });
});

describe('kubectl create of CertificateSigningRequests', () => {
  const scenario = `kubescene: v1
name: csr-validation
cluster:
  nodes:
    - { name: worker-1 }
files:
  good.yaml:
    apiVersion: v1
    kind: List
    items:
    - apiVersion: certificates.k8s.io/v1
      kind: CertificateSigningRequest
      metadata: { name: alice }
      spec: { request: ${RSA}, signerName: kubernetes.io/kube-apiserver-client, usages: [client auth] }
  bad.yaml:
    apiVersion: v1
    kind: List
    items:
    - apiVersion: certificates.k8s.io/v1
      kind: CertificateSigningRequest
      metadata: { name: bad }
      spec: { request: aGVsbG8=, signerName: example.com/signer, usages: [digital signature, digital signature] }
  changed.yaml:
    apiVersion: v1
    kind: List
    items:
    - apiVersion: certificates.k8s.io/v1
      kind: CertificateSigningRequest
      metadata: { name: alice, labels: { team: dev } }
      spec: { request: aGVsbG8=, signerName: example.com/other, usages: [server auth] }
      status: { conditions: [{ type: Approved, status: 'True', reason: SelfApproved }] }
steps:
  - kubectl: apply -f good.yaml
  - kubectl: create -f bad.yaml
    expect:
      - exit: 1
  - kubectl: get csr bad
    expect:
      - exit: 1
  - kubectl: apply -f changed.yaml
  - kubectl: get csr alice -o jsonpath={.metadata.labels.team}/{.spec.signerName}/{.spec.usages}/{.status}
`;
  const t = run(scenario);
  it('a request that does not parse and a repeated usage: 422 with both causes, nothing stored', () => {
    expect(failed(t)).toEqual([]);
    expect(t.steps[0]!.exitCode).toBe(0);
    expect(t.steps[1]!.error).toBe('The CertificateSigningRequest "bad" is invalid: \n* spec.request: Invalid value: "aGVsbG8=": PEM block type must be CERTIFICATE REQUEST\n* spec.usages[1]: Duplicate value: "digital signature"\n');
    expect(t.steps[2]!.error).toContain('NotFound');
  });
  it('an update keeps the stored spec and status (PrepareForUpdate): only the metadata changes', () => {
    expect(t.steps[3]!.exitCode).toBe(0);
    expect(t.steps[4]!.output).toBe('dev/kubernetes.io/kube-apiserver-client/["client auth"]/{}');
  });
});
