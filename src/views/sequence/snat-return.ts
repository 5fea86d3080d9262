/**
 * A reply through the node that masqueraded its request (gallery review
 * D71). internet-egress: the client Pod's packet leaves through its node's
 * CNI plugin, which rewrites the source to the node's address (`MASQUERADE
 * 10.244.1.2 → 192.168.0.10`); the trace records the answer as one packet
 * from example.com to the Pod, which drawn as it is went straight to the
 * client, past the node whose conntrack entry undoes the SNAT. The answer
 * is drawn back the way the request went: to the lane that masqueraded it,
 * then on to the Pod, `un-SNAT 192.168.0.10 → 10.244.1.2 (conntrack)`
 * (items.ts at standard and full; summary.ts mergedHops says `un-SNAT`).
 */
import type { TraceEvent } from '../../trace/types.ts';
import type { Causality } from '../common/causality.ts';

/** How far up its causes a reply's masquerading hop is looked for. */
const MAX_CAUSE_HOPS = 40;

export interface SnatReturn {
  /** The component (lane) that masqueraded the request: the reply goes through it. */
  via: string;
  /** What that lane does to the reply: `un-SNAT 192.168.0.10 → 10.244.1.2 (conntrack)`. */
  label: string;
}

/** Where a reply packet comes back through, when a hop up its causes masqueraded its request on another lane; undefined otherwise. */
export function snatReturn(e: TraceEvent, causality: Causality, lane: (id: string) => string): SnatReturn | undefined {
  if (e.type !== 'packet' || typeof e.attrs?.['replyFrom'] !== 'string') return undefined;
  let cause = e.cause === null ? undefined : causality.byId.get(e.cause);
  for (let hops = 0; cause !== undefined && hops < MAX_CAUSE_HOPS; hops++) {
    if (cause.type === 'packet' && cause.attrs?.['snat'] === true) {
      const via = lane(cause.from);
      if (via === lane(e.from) || via === lane(e.to)) return undefined;
      const before = cause.cause === null ? undefined : causality.byId.get(cause.cause)?.attrs?.['srcIP'];
      const after = cause.attrs['srcIP'];
      const addresses = typeof before === 'string' && typeof after === 'string' ? ` ${after} → ${before}` : '';
      return { via, label: `un-SNAT${addresses} (conntrack)` };
    }
    cause = cause.cause === null ? undefined : causality.byId.get(cause.cause);
  }
  return undefined;
}
