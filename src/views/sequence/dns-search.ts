/**
 * The resolver's search list at `standard` (gallery review D71): a Pod that
 * looks up `example.com` asks its cluster DNS for
 * `example.com.default.svc.cluster.local.`, `example.com.svc.cluster.local.`
 * and `example.com.cluster.local.` first (ndots), each answered NXDOMAIN:
 * six of internet-egress step 3's eleven messages. Two or more such
 * exchanges in a row between the same two lanes are one: `DNS A?
 * example.com. + default.svc.cluster.local., svc.cluster.local.,
 * cluster.local.` (the domains named while the label stays short, else
 * counted) and `3 search-list names → NXDOMAIN`. The exchange that answers
 * stays as it is.
 */
import type { TraceEvent } from '../../trace/types.ts';
import type { SequenceItem, SequenceMessage } from '../types.ts';

/** Beyond this many characters the search domains are counted, not named. */
const MAX_NAMED = 90;

type Pair = [SequenceMessage, SequenceMessage];

/** Items with each run of two or more NXDOMAIN exchanges between the same two lanes folded into one (inside loops and alts too). */
export function foldSearchList(items: readonly SequenceItem[], byId: ReadonlyMap<string, TraceEvent>): SequenceItem[] {
  const attr = (m: SequenceMessage, key: string): unknown => (m.events.length === 1 ? byId.get(m.events[0]!)?.attrs?.[key] : undefined);
  const pairAt = (i: number): Pair | undefined => {
    const [q, a] = [items[i], items[i + 1]];
    if (q?.type !== 'message' || a?.type !== 'message' || a.from !== q.to || a.to !== q.from) return undefined;
    return typeof attr(q, 'query') === 'string' && attr(a, 'rcode') === 'NXDOMAIN' ? [q, a] : undefined;
  };
  const out: SequenceItem[] = [];
  for (let i = 0; i < items.length; ) {
    const run: Pair[] = [];
    for (let p = pairAt(i); p !== undefined && (run.length === 0 || (p[0].from === run[0]![0].from && p[0].to === run[0]![0].to)); p = pairAt(i + 2 * run.length)) run.push(p);
    if (run.length >= 2) {
      out.push(...folded(run, run.map(([q]) => attr(q, 'query') as string)));
      i += 2 * run.length;
      continue;
    }
    const item = items[i++]!; // i < items.length
    if (item.type === 'loop') out.push({ ...item, items: foldSearchList(item.items, byId) });
    else if (item.type === 'alt') out.push({ ...item, branches: item.branches.map((b) => ({ ...b, items: foldSearchList(b.items, byId) })) });
    else out.push(item);
  }
  return out;
}

function folded(run: readonly Pair[], names: readonly string[]): [SequenceMessage, SequenceMessage] {
  const [q, a] = run[0]!;
  const base = commonLabels(names);
  const domains = names.map((n) => n.slice(base.length));
  const named = `DNS A? ${base} + ${domains.join(', ')}`;
  const label = base !== '' && named.length <= MAX_NAMED ? named : `DNS A? ${names.length} search-list names`;
  return [
    { ...q, label, events: run.flatMap(([x]) => x.events) },
    { ...a, label: `${names.length} search-list names → NXDOMAIN`, events: run.flatMap(([, y]) => y.events) },
  ];
}

/** The leading labels (up to a dot) all names share: the name looked up (`example.com.`). */
function commonLabels(names: readonly string[]): string {
  let prefix = names[0] ?? '';
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix.slice(0, prefix.lastIndexOf('.') + 1);
}
