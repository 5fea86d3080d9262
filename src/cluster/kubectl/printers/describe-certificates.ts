/**
 * `kubectl describe csr` (k8s.io/kubectl pkg/describe/describe.go, 1.31:
 * CertificateSigningRequestDescriber.Describe, describeCertificateSigningRequest,
 * extractCSRStatus). The PKCS#10 request in `spec.request` is parsed as
 * kubectl's certificate.ParseCSR does (pem.Decode, then
 * x509.ParseCertificateRequest) with @peculiar/asn1-csr; the subject is read
 * into the fields of Go's pkix.Name (FillFromRDNSequence) and the Subject
 * Alternative Names from the extensionRequest attribute. The Events table is
 * added by the caller (./describe.ts).
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { Extensions, SubjectAlternativeName, id_ce_subjectAltName } from '@peculiar/asn1-x509';
import { decodeCsr } from '../../core/csr.ts';
import type { KubeObjectLike } from './types.ts';
import { DescribeWriter, rfc1123z } from './describe-common.ts';
import { humanDuration } from './duration.ts';
import { asArray, asDict, asString, formatLabels, spec, status } from './format.ts';

/** What describeCertificateSigningRequest prints of the x509.CertificateRequest. */
export interface ParsedCsr {
  commonName: string;
  serialNumber: string;
  organization: string[];
  organizationalUnit: string[];
  country: string[];
  locality: string[];
  province: string[];
  streetAddress: string[];
  postalCode: string[];
  dnsNames: string[];
  emailAddresses: string[];
  ipAddresses: string[];
  uris: string[];
}

function emptyCsr(): ParsedCsr {
  return {
    commonName: '', serialNumber: '', organization: [], organizationalUnit: [], country: [], locality: [], province: [], streetAddress: [], postalCode: [],
    dnsNames: [], emailAddresses: [], ipAddresses: [], uris: [],
  };
}

const EMPTY: ParsedCsr = emptyCsr();

/** PKCS#9 extensionRequest: the requested X.509 extensions. */
const EXTENSION_REQUEST = '1.2.840.113549.1.9.14';

/** pkix.Name.FillFromRDNSequence: attribute type OID → the field it fills (CN and serialNumber: the last one wins). */
const NAME_FIELDS: Readonly<Record<string, keyof ParsedCsr>> = {
  '2.5.4.6': 'country',
  '2.5.4.10': 'organization',
  '2.5.4.11': 'organizationalUnit',
  '2.5.4.3': 'commonName',
  '2.5.4.5': 'serialNumber',
  '2.5.4.7': 'locality',
  '2.5.4.8': 'province',
  '2.5.4.9': 'streetAddress',
  '2.5.4.17': 'postalCode',
};

/**
 * certificate.ParseCSR (k8s.io/kubectl pkg/util/certificate), then the
 * subject and SANs describeCertificateSigningRequest prints. The decoding is
 * the API server's (../../core/csr.ts), which refuses a request that does
 * not parse, so a stored one always does.
 */
export function parseCsr(request: unknown): { ok: true; value: ParsedCsr } | { ok: false; error: string } {
  const decoded = decodeCsr(request);
  if (!decoded.ok) return decoded;
  const csr = decoded.value;
  const out = emptyCsr();
  for (const rdn of csr.certificationRequestInfo.subject) {
    for (const atv of rdn) {
      const field = NAME_FIELDS[atv.type];
      const value = atv.value.toString();
      if (field === 'commonName' || field === 'serialNumber') out[field] = value;
      else if (field) out[field].push(value);
    }
  }
  for (const attr of csr.certificationRequestInfo.attributes) {
    if (attr.type !== EXTENSION_REQUEST) continue;
    for (const v of attr.values) {
      for (const ext of AsnConvert.parse(v, Extensions)) {
        if (ext.extnID !== id_ce_subjectAltName) continue;
        for (const name of AsnConvert.parse(ext.extnValue.buffer, SubjectAlternativeName)) {
          if (name.dNSName !== undefined) out.dnsNames.push(name.dNSName);
          else if (name.rfc822Name !== undefined) out.emailAddresses.push(name.rfc822Name);
          else if (name.uniformResourceIdentifier !== undefined) out.uris.push(name.uniformResourceIdentifier);
          else if (name.iPAddress !== undefined) out.ipAddresses.push(goIp(name.iPAddress));
        }
      }
    }
  }
  return { ok: true, value: out };
}

/**
 * net.IP.String(): IPv4 (and IPv4-mapped IPv6) dotted; IPv6 in RFC 5952
 * form (the first longest run of two or more zero groups as `::`), which the
 * WHATWG URL host serializer also writes.
 */
function goIp(ip: string): string {
  if (!ip.includes(':')) return ip;
  const host = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (!mapped) return host;
  const hi = parseInt(mapped[1]!, 16);
  const lo = parseInt(mapped[2]!, 16);
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
}

/** extractCSRStatus: Denied, else Approved, else Pending; then ",Failed"; then ",Issued" when a certificate is set. */
export function csrStatus(o: KubeObjectLike): string {
  const st = status(o);
  const types = new Set(asArray(st.conditions).map((c) => asString(asDict(c).type)));
  let s = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) s += ',Failed';
  if (asString(st.certificate) !== '') s += ',Issued';
  return s;
}

/** describeCertificateSigningRequest. An unparsable request is kubectl's error before this (../read.ts); here it prints an empty subject. */
export function describeCertificateSigningRequest(w: DescribeWriter, o: KubeObjectLike): void {
  const sp = spec(o);
  const parsed = parseCsr(sp.request);
  const r = parsed.ok ? parsed.value : EMPTY;
  const list = (name: string, values: readonly string[]): void => {
    // printListHelper: nothing for an empty list; further values on their own lines, in the value column.
    if (values.length === 0) return;
    w.write(0, `\t${name}:\t${values.join('\n\t\t')}\n`);
  };
  w.write(0, `Name:\t${o.metadata.name}\n`);
  w.write(0, `Labels:\t${formatLabels(o.metadata.labels)}\n`);
  w.write(0, `Annotations:\t${formatLabels(o.metadata.annotations)}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(o.metadata.creationTimestamp)}\n`);
  w.write(0, `Requesting User:\t${asString(sp.username)}\n`);
  const signer = asString(sp.signerName);
  if (signer !== '') w.write(0, `Signer:\t${signer}\n`);
  // ExpirationSecondsToDuration, then duration.HumanDuration.
  if (typeof sp.expirationSeconds === 'number') w.write(0, `Requested Duration:\t${humanDuration(sp.expirationSeconds * 1000)}\n`);
  w.write(0, `Status:\t${csrStatus(o)}\n`);
  w.write(0, 'Subject:\n');
  w.write(0, `\tCommon Name:\t${r.commonName}\n`);
  w.write(0, `\tSerial Number:\t${r.serialNumber}\n`);
  list('Organization', r.organization);
  list('Organizational Unit', r.organizationalUnit);
  list('Country', r.country);
  list('Locality', r.locality);
  list('Province', r.province);
  list('StreetAddress', r.streetAddress);
  list('PostalCode', r.postalCode);
  if (r.dnsNames.length + r.emailAddresses.length + r.ipAddresses.length + r.uris.length > 0) {
    w.write(0, 'Subject Alternative Names:\n');
    list('DNS Names', r.dnsNames);
    list('Email Addresses', r.emailAddresses);
    list('URIs', r.uris);
    list('IP Addresses', r.ipAddresses);
  }
}

