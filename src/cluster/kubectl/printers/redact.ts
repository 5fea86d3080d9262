/**
 * Secret values must never reach a diagram or a trace. kubectl output is kept
 * faithful (base64 data), so callers that publish anything derived from it
 * pass objects through `redactSecrets` first.
 */
import type { KubeObjectLike } from './types.ts';

export const REDACTED = '<redacted>';

/** A copy of `obj` with every Secret `data`/`stringData` value replaced (and its last-applied annotation dropped). */
export function redactSecrets<T extends KubeObjectLike>(obj: T): T {
  if (obj.kind !== 'Secret') return obj;
  const out: KubeObjectLike = { ...obj, metadata: { ...obj.metadata } };
  for (const field of ['data', 'stringData'] as const) {
    const d = obj[field];
    if (d !== null && typeof d === 'object') {
      out[field] = Object.fromEntries(Object.keys(d as Record<string, unknown>).map((k) => [k, REDACTED]));
    }
  }
  const ann = obj.metadata.annotations;
  if (ann && 'kubectl.kubernetes.io/last-applied-configuration' in ann) {
    const { ['kubectl.kubernetes.io/last-applied-configuration']: _dropped, ...rest } = ann;
    out.metadata.annotations = { ...rest, 'kubectl.kubernetes.io/last-applied-configuration': REDACTED };
  }
  return out as T;
}
