/**
 * A CertificateSigningRequest's `spec.request`: a base64-wrapped, PEM-encoded
 * PKCS#10 request, read as Kubernetes reads it.
 *
 * - `decodeCsr` is certificates.ParseCSR (k8s.io/kubernetes
 *   pkg/apis/certificates/helpers.go; kubectl's certificate.ParseCSR is the
 *   same): the first PEM block must be a CERTIFICATE REQUEST, its DER a
 *   PKCS#10 CertificationRequest (parsed with @peculiar/asn1-csr).
 * - `checkCsrSignature` is x509.CertificateRequest.CheckSignature (Go
 *   crypto/x509 checkSignature, SHA-1 allowed for requests): the request's
 *   own key must verify its signature over certificationRequestInfo.
 *
 * Error texts are Go's where Go words them itself; a DER that does not parse
 * gets the ASN.1 library's message after Go's `asn1: ` prefix (Go's
 * encoding/asn1 words its structure errors differently).
 */
import { createPublicKey, verify, constants, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificationRequest } from '@peculiar/asn1-csr';

export type CsrResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** pem.Decode + x509.ParseCertificateRequest of a base64 `spec.request`. */
export function decodeCsr(request: unknown): CsrResult<CertificationRequest> {
  const text = Buffer.from(typeof request === 'string' ? request : '', 'base64').toString('latin1');
  // pem.Decode: the first "-----BEGIN TYPE-----" … "-----END TYPE-----" block; header lines ("Key: value") are skipped.
  const m = /(?:^|\n)-----BEGIN ([^\n-]*)-----\r?\n([\s\S]*?)\n-----END \1-----/.exec(text);
  if (!m || m[1] !== 'CERTIFICATE REQUEST') return { ok: false, error: 'PEM block type must be CERTIFICATE REQUEST' };
  const body = (m[2] ?? '').split('\n').filter((l) => !l.includes(':')).join('');
  const der = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  try {
    return { ok: true, value: AsnConvert.parse(der, CertificationRequest) };
  } catch (e) {
    return { ok: false, error: `asn1: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Go's x509.PublicKeyAlgorithm names, by Node's asymmetricKeyType. */
const KEY_ALGORITHM: Readonly<Record<string, string>> = { rsa: 'RSA', ec: 'ECDSA', ed25519: 'Ed25519', dsa: 'DSA' };
/** Go's %T of the parsed public key, by Node's asymmetricKeyType. */
const KEY_GO_TYPE: Readonly<Record<string, string>> = { rsa: '*rsa.PublicKey', ec: '*ecdsa.PublicKey', ed25519: 'ed25519.PublicKey', dsa: '*dsa.PublicKey' };

/** crypto/x509 signatureAlgorithmDetails: OID → Go's name, the key algorithm and the hash (null: the key signs the message itself). */
const SIGNATURE_ALGORITHMS: Readonly<Record<string, { name: string; key: 'RSA' | 'ECDSA' | 'Ed25519'; hash: string | null; insecure?: true }>> = {
  '1.2.840.113549.1.1.4': { name: 'MD5-RSA', key: 'RSA', hash: 'md5', insecure: true },
  '1.2.840.113549.1.1.5': { name: 'SHA1-RSA', key: 'RSA', hash: 'sha1' },
  '1.2.840.113549.1.1.11': { name: 'SHA256-RSA', key: 'RSA', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'SHA384-RSA', key: 'RSA', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'SHA512-RSA', key: 'RSA', hash: 'sha512' },
  '1.2.840.10045.4.1': { name: 'ECDSA-SHA1', key: 'ECDSA', hash: 'sha1' },
  '1.2.840.10045.4.3.2': { name: 'ECDSA-SHA256', key: 'ECDSA', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ECDSA-SHA384', key: 'ECDSA', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ECDSA-SHA512', key: 'ECDSA', hash: 'sha512' },
  '1.3.101.112': { name: 'Ed25519', key: 'Ed25519', hash: null },
};

/** The OID of RSASSA-PSS, whose hash and salt length are in its parameters: not verified here (see coverage.ts). */
export const RSA_PSS_OID = '1.2.840.113549.1.1.10';

/**
 * x509.CertificateRequest.CheckSignature: undefined when the signature
 * verifies (or is RSASSA-PSS, which the model does not verify), else Go's error.
 */
export function checkCsrSignature(csr: CertificationRequest): string | undefined {
  const oid = csr.signatureAlgorithm.algorithm;
  if (oid === RSA_PSS_OID) return undefined;
  const algorithm = SIGNATURE_ALGORITHMS[oid];
  if (!algorithm) return 'x509: cannot verify signature: algorithm unimplemented';
  if (algorithm.insecure) return `x509: cannot verify signature: insecure algorithm ${algorithm.name}`;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(AsnConvert.serialize(csr.certificationRequestInfo.subjectPKInfo)), format: 'der', type: 'spki' });
  } catch {
    // A key of an algorithm Go does not know is left nil by x509.ParseCertificateRequest; checkSignature refuses it.
    return 'x509: cannot verify signature: algorithm unimplemented';
  }
  const type = key.asymmetricKeyType ?? '';
  if (KEY_ALGORITHM[type] !== algorithm.key) {
    return `x509: signature algorithm specifies an ${algorithm.key} public key, but have public key of type ${KEY_GO_TYPE[type] ?? type}`;
  }
  const tbs = Buffer.from(csr.certificationRequestInfoRaw ?? AsnConvert.serialize(csr.certificationRequestInfo));
  const signature = Buffer.from(csr.signature);
  let good: boolean;
  try {
    good = algorithm.key === 'RSA'
      ? verify(algorithm.hash, tbs, { key, padding: constants.RSA_PKCS1_PADDING }, signature)
      : verify(algorithm.hash, tbs, key, signature);
  } catch {
    good = false;
  }
  if (good) return undefined;
  // rsa.ErrVerification; checkSignature's own words for ECDSA and Ed25519.
  return algorithm.key === 'RSA' ? 'crypto/rsa: verification error' : `x509: ${algorithm.key} verification failure`;
}
