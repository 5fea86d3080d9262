/**
 * `kubectl describe csr` (k8s.io/kubectl pkg/describe/describe.go 1.31,
 * CertificateSigningRequestDescriber / describeCertificateSigningRequest /
 * extractCSRStatus; certificate.ParseCSR): the PKCS#10 request's subject
 * (pkix.Name fields) and Subject Alternative Names, read from spec.request.
 * The requests below were made with `openssl req -new` (P-256 keys; the full one
 * with two O values, OU, C, ST, L, street, postalCode, serialNumber and SANs
 * DNS, email, IPv4, IPv6 and URI).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printDescribe } from '../../src/cluster/kubectl/printers/index.ts';
import { csrStatus, parseCsr } from '../../src/cluster/kubectl/printers/describe-certificates.ts';
import { checkKubectlCommand } from '../../src/scenario/kubectl-commands.ts';
import { run } from '../workloads/helpers.ts';

const FULL = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlJQ0J6Q0NBYTBDQVFBd2diRXhDekFKQmdOVkJBWVRBa1JGTVE4d0RRWURWUVFJREFaQ1pYSnNhVzR4RHpBTgpCZ05WQkFjTUJrSmxjbXhwYmpFV01CUUdBMVVFQ1F3TlRXRnBiaUJUZEhKbFpYUWdNVEVPTUF3R0ExVUVFUXdGCk1UQXhNVFV4RnpBVkJnTlZCQW9NRG5ONWMzUmxiVHB0WVhOMFpYSnpNUkF3RGdZRFZRUUtEQWRsZUdGdGNHeGwKTVJFd0R3WURWUVFMREFod2JHRjBabTl5YlRFTk1Bc0dBMVVFQXd3RWFtRnVaVEVMTUFrR0ExVUVCUk1DTkRJdwpXVEFUQmdjcWhrak9QUUlCQmdncWhrak9QUU1CQndOQ0FBUjkxUENxbXpqVzczd0E0OFBPUnVCS0g0Sk9vZnBCCmxiODZLQmdmUFNlSHhFRk1xMmNkWVI4a1lybm5saWlqYk1XY1NwSklXWHhVNmxXekdUb1N6L09Hb0lHWU1JR1YKQmdrcWhraUc5dzBCQ1E0eGdZY3dnWVF3Z1lFR0ExVWRFUVI2TUhpQ0VHcGhibVV1WlhoaGJYQnNaUzVqYjIyQwpEMkZ3YVM1bGVHRnRjR3hsTG1OdmJZRVFhbUZ1WlVCbGVHRnRjR3hsTG1OdmJZY0VDZ0FBQjRjUUlBRU51QUFBCkFBQUFBUUFBQUFBQUFZWXBjM0JwWm1abE9pOHZZMngxYzNSbGNpNXNiMk5oYkM5dWN5OWtaV1poZFd4MEwzTmgKTDJwaGJtVXdDZ1lJS29aSXpqMEVBd0lEU0FBd1JRSWdMVjNYOTdUM2IvSkMvYkh3T2lwb05DdGZDTktJNVV6YQpYN2dVTzBFRnNFVUNJUURxcHhETzJ4UThkWXFiZ3o1S3ZXUjVQM0t1RENMN1FaejJjejJoS29SZCt3PT0KLS0tLS1FTkQgQ0VSVElGSUNBVEUgUkVRVUVTVC0tLS0tCg==';
/** test/fixtures/csr/p256.csr: CN=bob, O=dev. */
const MIN = readFileSync('test/fixtures/csr/p256.csr').toString('base64');

const SCENARIO = `kubescene: v1
name: csr
cluster:
  nodes:
    - { name: worker-1 }
files:
  csr.yaml:
    apiVersion: v1
    kind: List
    items:
      - apiVersion: certificates.k8s.io/v1
        kind: CertificateSigningRequest
        metadata: { name: jane, labels: { team: platform } }
        spec: { request: ${FULL}, signerName: kubernetes.io/kube-apiserver-client, expirationSeconds: 86400, usages: [client auth] }
      - apiVersion: certificates.k8s.io/v1
        kind: CertificateSigningRequest
        metadata: { name: bob }
        # What the body claims is replaced (csrStrategy.PrepareForCreate): the requester is admin, and nobody creates a request pre-approved.
        spec: { request: ${MIN}, signerName: example.com/signer, usages: [digital signature], username: mallory, uid: '42', groups: ['system:masters'] }
        status: { conditions: [{ type: Approved, status: 'True', reason: SelfApproved }] }
steps:
  - kubectl: create -f csr.yaml
  - kubectl: describe csr jane
  - kubectl: describe certificatesigningrequest/bob
`;

describe('kubectl describe csr (describeCertificateSigningRequest)', () => {
  const t = run(SCENARIO);
  it('is modelled: no kubectl-not-modelled at validation', () => {
    expect(checkKubectlCommand(['describe', 'csr', 'jane'])).toEqual({ ok: true });
  });
  it('the full request: subject fields in pkix.Name order, list values on their own lines, then the SANs', () => {
    // The subject lines are one tabwriter block (ended by "Subject Alternative Names:"); the SAN lines and the Events line are the next.
    expect(t.steps[1]!.output!.split('\n')).toEqual([
      'Name:                jane',
      'Labels:              team=platform',
      'Annotations:         <none>',
      'CreationTimestamp:   Wed, 01 Jan 2025 00:00:00 +0000',
      'Requesting User:     admin',
      'Signer:              kubernetes.io/kube-apiserver-client',
      'Requested Duration:  24h',
      'Status:              Pending',
      'Subject:',
      '  Common Name:          jane',
      '  Serial Number:        42',
      '  Organization:         system:masters',
      '                        example',
      '  Organizational Unit:  platform',
      '  Country:              DE',
      '  Locality:             Berlin',
      '  Province:             Berlin',
      '  StreetAddress:        Main Street 1',
      '  PostalCode:           10115',
      'Subject Alternative Names:',
      '         DNS Names:        jane.example.com',
      '                           api.example.com',
      '         Email Addresses:  jane@example.com',
      '         URIs:             spiffe://cluster.local/ns/default/sa/jane',
      '         IP Addresses:     10.0.0.7',
      // net.IP.String: the first longest run of zero groups is the one written as "::".
      '                           2001:db8::1:0:0:1',
      'Events:  <none>',
      '',
    ]);
  });
  it('a request with CN and O only: no SAN section, Signer, no Requested Duration; the requester and Pending status are the API server\'s, not the body\'s', () => {
    // Go's tabwriter: the subject lines and "Events:" are one block, so the empty first column is "Events:"'s width.
    expect(t.steps[2]!.output!.split('\n')).toEqual([
      'Name:               bob',
      'Labels:             <none>',
      'Annotations:        <none>',
      'CreationTimestamp:  Wed, 01 Jan 2025 00:00:00 +0000',
      'Requesting User:    admin',
      'Signer:             example.com/signer',
      'Status:             Pending',
      'Subject:',
      '         Common Name:    bob',
      '         Serial Number:  ',
      '         Organization:   dev',
      'Events:  <none>',
      '',
    ]);
  });
});

describe('extractCSRStatus and certificate.ParseCSR', () => {
  const csr = (conditions: string[], certificate?: string) => ({ apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: 'x' }, status: { conditions: conditions.map((type) => ({ type, status: 'True' })), ...(certificate ? { certificate } : {}) } });
  it.each([
    [[], undefined, 'Pending'],
    [['Approved'], undefined, 'Approved'],
    [['Approved'], 'Y2VydA==', 'Approved,Issued'],
    [['Approved', 'Denied'], undefined, 'Denied'],
    [['Approved', 'Failed'], undefined, 'Approved,Failed'],
    [['Denied', 'Failed'], 'Y2VydA==', 'Denied,Failed,Issued'],
  ])('conditions %j, certificate %s: %s', (conditions, certificate, want) => {
    expect(csrStatus(csr(conditions, certificate))).toBe(want);
    expect(printDescribe({ ...csr(conditions, certificate), spec: { request: MIN } }, { events: [] }, 0)).toContain(`\nStatus:             ${want}\n`);
  });
  it('a request that is not PEM: kubectl\'s "Error parsing CSR" (the API server refuses such a request on create, so only a stored object from elsewhere gets here)', () => {
    expect(parseCsr('aGVsbG8=')).toEqual({ ok: false, error: 'PEM block type must be CERTIFICATE REQUEST' });
  });
  it('a PEM block of another type (a CERTIFICATE) is refused as kubectl does', () => {
    const pem = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64');
    expect(parseCsr(pem)).toEqual({ ok: false, error: 'PEM block type must be CERTIFICATE REQUEST' });
  });
  it('pem.Decode skips text before the block', () => {
    const withPreamble = Buffer.concat([Buffer.from('requested by jane\n'), Buffer.from(MIN, 'base64')]).toString('base64');
    const r = parseCsr(withPreamble);
    expect(r.ok && [r.value.commonName, r.value.organization]).toEqual(['bob', ['dev']]);
  });
  it('a CERTIFICATE REQUEST block whose DER is not PKCS#10 is an error too, never a blank subject', () => {
    const pem = Buffer.from('-----BEGIN CERTIFICATE REQUEST-----\naGVsbG8=\n-----END CERTIFICATE REQUEST-----\n').toString('base64');
    const r = parseCsr(pem);
    expect(r.ok).toBe(false);
  });
});
