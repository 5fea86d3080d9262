/**
 * `kubectl events` (kubectl 1.26+, pkg/cmd/events): one LIST of core/v1
 * Events through the API server (with `--for TYPE/NAME`, a field selector on
 * the involved object), filtered by `--types`, sorted by time, printed as
 * `LAST SEEN  TYPE  REASON  OBJECT  MESSAGE` (`NAMESPACE` first with `-A`).
 * No events: `No events found in default namespace.` on stderr, exit 0.
 */
import { EPOCH_MS, type Obj } from '../core/object.ts';
import { apiVersionOf, resourceForKind } from '../core/resources.ts';
import { flag, hasFlag } from './args.ts';
import { since } from './printers/duration.ts';
import { GET_TABWRITER, tabwrite } from './printers/tabwriter.ts';
import { resolveType, serverError } from './resolve.ts';
import type { Session } from './session.ts';

const EVENT = resourceForKind('Event')!;

export function runEvents(s: Session): void {
  const fail = (line: string): void => {
    s.error(line);
    s.finish(1);
  };
  if (s.args.words.length > 0) return fail(`error: unknown command "${s.args.words[0]}" for "kubectl events"`);
  const types = (s.args.flags.get('types') ?? []).flatMap((t) => t.split(',')).filter((t) => t !== '');
  if (types.some((t) => t.toLowerCase() !== 'normal' && t.toLowerCase() !== 'warning')) return fail('error: valid --types are Normal or Warning');
  const forArg = flag(s.args, 'for');
  let involved: { kind: string; apiVersion: string; name: string } | undefined;
  if (forArg !== undefined) {
    if (!forArg.includes('/')) return fail('error: --for must be in resource/name form');
    const seg = forArg.split('/');
    if (seg.length !== 2) return fail('error: arguments in resource/name form may not have more than one slash');
    const r = resolveType(seg[0]!, s.w.api.customResources());
    if (!r) return fail(`error: the server doesn't have a resource type "${seg[0]}"`);
    involved = { kind: r.kind, apiVersion: apiVersionOf(r), name: seg[1]! };
  }
  const all = hasFlag(s.args, 'all-namespaces');
  const namespace = all ? undefined : (flag(s.args, 'namespace') ?? 'default');
  const match = involved
    ? (e: Obj) => e.involvedObject?.kind === involved.kind && e.involvedObject?.apiVersion === involved.apiVersion && e.involvedObject?.name === involved.name
    : undefined;
  const note = involved ? `(fieldSelector involvedObject.kind=${involved.kind},involvedObject.name=${involved.name})` : undefined;
  s.call({ verb: 'list', resource: EVENT, ...(namespace ? { namespace } : {}), ...(match ? { match } : {}), ...(note ? { note } : {}) }, (res) => {
    if (res.status !== 200) return fail(serverError(res));
    const events = (res.items ?? []).filter((e) => types.length === 0 || types.some((t) => t.toLowerCase() === String(e.type).toLowerCase()));
    if (events.length === 0) {
      s.error(all ? 'No events found.' : `No events found in ${namespace} namespace.`);
      return s.finish(0);
    }
    const now = EPOCH_MS + s.w.clock.now();
    const time = (e: Obj): number => Date.parse(e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? '') || 0;
    const sorted = events.map((e, i) => ({ e, i })).sort((a, b) => time(a.e) - time(b.e) || a.i - b.i).map((x) => x.e);
    let text = hasFlag(s.args, 'no-headers') ? '' : `${all ? 'NAMESPACE\t' : ''}LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n`;
    for (const e of sorted) {
      const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
      let interval = first;
      if (e.series) interval = `${since(e.series.lastObservedTime, now)} (x${e.series.count} over ${first})`;
      else if ((e.count ?? 0) > 1) interval = `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
      text += `${all ? `${e.metadata.namespace}\t` : ''}${interval}\t${e.type}\t${e.reason}\t${e.involvedObject?.kind}/${e.involvedObject?.name}\t${String(e.message ?? '').trim()}\n`;
    }
    s.print(tabwrite(text, GET_TABWRITER).replace(/\n$/, ''));
    s.finish(0);
  });
}
