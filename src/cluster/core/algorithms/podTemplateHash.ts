/**
 * pod-template-hash and generated-name suffixes.
 *
 * Kubernetes computes ComputeHash(template, collisionCount) as FNV-32a over
 * `DeepHashObject` (a spew dump of the Go struct), adds the collision count,
 * and encodes the decimal uint32 with rand.SafeEncodeString. We cannot
 * reproduce spew's byte serialization of Go structs, so we hash the canonical
 * JSON of the template instead: the hash is stable, content-derived and has
 * Kubernetes' shape (e.g. `7c5ddbdf54`), but is not byte-identical to a real
 * cluster's.
 */
import { canonicalJson } from '../../../common/hash.ts';
import { SAFE_ALPHABET } from '../../../common/generated-names.ts';

/** FNV-1a 32-bit over the UTF-8 bytes of `s`. */
export function fnv32a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: each character is replaced by alphabet[byte % len]. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/**
 * controller.ComputeHash: FNV-32a of the template, then (when a collision
 * count is given) of the count's 4 little-endian bytes, as Kubernetes writes
 * `binary.LittleEndian.PutUint32` into the same hasher.
 */
export function computePodTemplateHash(template: unknown, collisionCount?: number): string {
  const bytes = new TextEncoder().encode(canonicalJson(template));
  let data = bytes;
  if (collisionCount !== undefined) {
    data = new Uint8Array(bytes.length + 4);
    data.set(bytes);
    new DataView(data.buffer).setUint32(bytes.length, collisionCount >>> 0, true);
  }
  return safeEncodeString(String(fnv32a(data)));
}

/**
 * names.SimpleNameGenerator: 5 random characters from the safe alphabet
 * (`web-7c5ddbdf54-` + `x2kqp`). `rand` returns a float in [0, 1).
 */
export function generateNameSuffix(rand: () => number): string {
  let out = '';
  for (let i = 0; i < 5; i++) out += SAFE_ALPHABET[Math.floor(rand() * SAFE_ALPHABET.length)];
  return out;
}
