/**
 * Chain names exactly as kube-proxy derives them:
 * - iptables (pkg/proxy/iptables/proxier.go portProtoHash,
 *   servicePortEndpointChainName): prefix + base32(sha256(servicePortName +
 *   protocol [+ endpoint]))[:16];
 * - nftables (pkg/proxy/nftables/proxier.go hashAndTruncate): base32(sha256(name))[:8]
 *   + "-" + name, name being `ns/svc/proto/port[__ip/port]`.
 */
import { sha256 } from '../../../../common/hash.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 with padding (Go's base32.StdEncoding). */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let buf = 0;
  let bits = 0;
  for (const b of bytes) {
    buf = (buf << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buf >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buf &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buf << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}

function hash32(s: string): string {
  return base32(Buffer.from(sha256(s), 'hex'));
}

export function portProtoHash(servicePortName: string, protocol: string): string {
  return hash32(servicePortName + protocol).slice(0, 16);
}

export const iptablesChains = {
  /** KUBE-SVC-: the Cluster-policy endpoints of a service port. */
  svc: (spn: string, proto: string) => `KUBE-SVC-${portProtoHash(spn, proto)}`,
  /** KUBE-SVL-: its Local-policy endpoints. */
  svl: (spn: string, proto: string) => `KUBE-SVL-${portProtoHash(spn, proto)}`,
  /** KUBE-EXT-: external (NodePort / LoadBalancer / externalIP) traffic. */
  ext: (spn: string, proto: string) => `KUBE-EXT-${portProtoHash(spn, proto)}`,
  /** KUBE-FW-: loadBalancerSourceRanges firewall. */
  fw: (spn: string, proto: string) => `KUBE-FW-${portProtoHash(spn, proto)}`,
  /** KUBE-SEP-: one endpoint (`ip:port`). */
  sep: (spn: string, proto: string, endpoint: string) => `KUBE-SEP-${hash32(spn + proto + endpoint).slice(0, 16)}`,
};

const NFT_BASE_MAX = 240;

function hashAndTruncate(name: string): string {
  const full = `${hash32(name).slice(0, 8)}-${name}`;
  return full.length > NFT_BASE_MAX ? `${full.slice(0, NFT_BASE_MAX - 3)}...` : full;
}

/** `HASH-ns/svc/proto/port`, e.g. `ULMVA6XW-ns1/svc1/tcp/p80`. */
export function nftServiceChainBase(namespace: string, name: string, protocol: string, portName: string): string {
  return hashAndTruncate(`${namespace}/${name}/${protocol}/${portName}`);
}

/** `HASH-ns/svc/proto/port__ip/port`, e.g. `5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80`. */
export function nftEndpointChainBase(namespace: string, name: string, protocol: string, portName: string, endpoint: string): string {
  const i = endpoint.lastIndexOf(':');
  const ip = endpoint.slice(0, i).replace(/^\[|\]$/g, '').replaceAll(':', '.');
  const port = endpoint.slice(i + 1);
  return hashAndTruncate(`${namespace}/${name}/${protocol}/${portName}__${ip}/${port}`);
}
