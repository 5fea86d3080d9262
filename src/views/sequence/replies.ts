/**
 * A reply's words at `standard` (gallery review D69): ingress-nginx's answer
 * to the client reads `HTTP/1.1 200 OK (from
 * http://shop.example.com/api/orders)`, which repeats the request drawn
 * just above it (`GET http://shop.example.com/api/orders`); the message
 * says `HTTP/1.1 200 OK`. A reply from an address (`(from
 * 10.244.1.3:5678)`) keeps it: which Pod or address answered is news
 * (after a DNAT the client hears from the Service's address). `full` keeps
 * every event's own words.
 */
import type { TraceEvent } from '../../trace/types.ts';
import type { Causality } from '../common/causality.ts';

/** How far up its causes a reply's request is looked for. */
const MAX_CAUSE_HOPS = 40;

/** The label of a reply packet whose `(from URL)` names a request up its causes; undefined otherwise. */
export function replyLabel(e: TraceEvent, causality: Causality): string | undefined {
  const from = e.type === 'packet' ? e.attrs?.['replyFrom'] : undefined;
  if (typeof from !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\//i.test(from)) return undefined;
  const suffix = ` (from ${from})`;
  if (!e.summary.endsWith(suffix)) return undefined;
  let cause = e.cause === null ? undefined : causality.byId.get(e.cause);
  for (let hops = 0; cause !== undefined && hops < MAX_CAUSE_HOPS; hops++) {
    if (cause.type === 'packet' && cause.summary.includes(from)) return e.summary.slice(0, -suffix.length);
    cause = cause.cause === null ? undefined : causality.byId.get(cause.cause);
  }
  return undefined;
}
