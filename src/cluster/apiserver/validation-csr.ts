/**
 * certificates.k8s.io/v1 CertificateSigningRequest validation on create
 * (k8s.io/kubernetes pkg/apis/certificates/validation/validation.go,
 * validateCertificateSigningRequest with the options of a create): the
 * request must parse and its signature verify, usages are required, known and
 * unique, the signer name is a domain and a path (apivalidation.ValidateSignerName)
 * and not the legacy one, and expirationSeconds is at least 600. The status is
 * emptied before (csrStrategy.PrepareForCreate), so its conditions and
 * certificate have nothing to check; an update keeps the stored spec and
 * status (csrStrategy.PrepareForUpdate), so only a create is checked here.
 */
import { checkCsrSignature, decodeCsr } from '../core/csr.ts';
import { DNS1123_SUBDOMAIN, SUBDOMAIN_MSG } from '../core/names.ts';

/** allValidUsages, in sets.String.List() order (sorted). */
export const CSR_USAGES: readonly string[] = [
  'signing', 'digital signature', 'content commitment', 'key encipherment', 'key agreement', 'data encipherment', 'cert sign', 'crl sign',
  'encipher only', 'decipher only', 'any', 'server auth', 'client auth', 'code signing', 'email protection', 's/mime', 'ipsec end system',
  'ipsec tunnel', 'ipsec user', 'timestamping', 'ocsp signing', 'microsoft sgc', 'netscape sgc',
].sort();

/** certificates.LegacyUnknownSignerName: allowed only through v1beta1, which the model does not serve. */
const LEGACY_SIGNER = 'kubernetes.io/legacy-unknown';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

interface CsrSpec {
  request?: unknown;
  usages?: unknown;
  signerName?: unknown;
  expirationSeconds?: unknown;
}

/** Go's %q. */
const q = (s: string): string => JSON.stringify(s);

/** validation.IsDNS1123Label / IsDNS1123Subdomain: the length first, then the format. */
function labelErrors(value: string, max: number, format: RegExp, message: string): string[] {
  const errs: string[] = [];
  if (value.length > max) errs.push(`must be no more than ${max} characters`);
  if (!format.test(value)) errs.push(message);
  return errs;
}

/** apivalidation.ValidateSignerName (pkg/apis/core/validation): `<domain>/<path>`, at most 571 characters. */
export function signerNameErrors(path: string, signerName: string): string[] {
  if (signerName === '') return [`${path}: Required value`];
  const segments = signerName.split('/');
  if (segments.length !== 2) return [`${path}: Invalid value: ${q(signerName)}: must be a fully qualified domain and path of the form 'example.com/signer-name'`];
  const [domain, rest] = segments as [string, string];
  const errs: string[] = [];
  if (domain.length > 253) errs.push(`${path}: Too long: must have at most 253 bytes`);
  const domainLabels = domain.split('.');
  for (const label of domainLabels) {
    const found = labelErrors(label, 63, DNS1123_LABEL, LABEL_MSG);
    if (found.length === 0) continue;
    for (const e of found) errs.push(`${path}: Invalid value: ${q(domain)}: validating label ${q(label)}: ${e}`);
    break;
  }
  if (domainLabels.length < 2) errs.push(`${path}: Invalid value: ${q(domain)}: should be a domain with at least two segments separated by dots`);
  for (const label of rest.split('.')) {
    const found = labelErrors(label, 253, DNS1123_SUBDOMAIN, SUBDOMAIN_MSG);
    if (found.length === 0) continue;
    for (const e of found) errs.push(`${path}: Invalid value: ${q(rest)}: validating label ${q(label)}: ${e}`);
    break;
  }
  if (signerName.length > 253 + 253 + 63 + 1 + 1) errs.push(`${path}: Too long: must have at most 571 bytes`);
  return errs;
}

/** The spec errors of a CertificateSigningRequest being created, in validateCertificateSigningRequest's order. */
export function validateCsrSpec(spec: CsrSpec | undefined, errs: string[]): void {
  const request = typeof spec?.request === 'string' ? spec.request : '';
  const decoded = decodeCsr(request);
  const requestError = decoded.ok ? checkCsrSignature(decoded.value) : decoded.error;
  // field.Invalid with the []byte request: json.Marshal writes it as a base64 string.
  if (requestError !== undefined) errs.push(`spec.request: Invalid value: ${q(request)}: ${requestError}`);
  const usages = Array.isArray(spec?.usages) ? spec.usages.map(String) : [];
  if (usages.length === 0) errs.push('spec.usages: Required value');
  const supported = `supported values: ${CSR_USAGES.map(q).join(', ')}`;
  usages.forEach((u, i) => {
    if (!CSR_USAGES.includes(u)) errs.push(`spec.usages[${i}]: Unsupported value: ${q(u)}: ${supported}`);
  });
  const seen = new Set<string>();
  usages.forEach((u, i) => {
    if (seen.has(u)) errs.push(`spec.usages[${i}]: Duplicate value: ${q(u)}`);
    seen.add(u);
  });
  const signerName = typeof spec?.signerName === 'string' ? spec.signerName : '';
  if (signerName === LEGACY_SIGNER) errs.push(`spec.signerName: Invalid value: ${q(signerName)}: the legacy signerName is not allowed via this API version`);
  else errs.push(...signerNameErrors('spec.signerName', signerName));
  const expiration = spec?.expirationSeconds;
  if (typeof expiration === 'number' && expiration < 600) errs.push(`spec.expirationSeconds: Invalid value: ${expiration}: may not specify a duration less than 600 seconds (10 minutes)`);
}
