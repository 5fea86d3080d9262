/**
 * kube-proxy syncs in one sentence. The model's `program-iptables` /
 * `program-ipvs` / `program-nftables` actions carry counts in `attrs` and, for
 * a node's first sync in a step, the whole rule dump (iptables-save, ipvsadm
 * -Ln, nft list) in `detail`. A narrative says what the sync did ("kube-proxy
 * on worker-1 programs 24 iptables rules after Service web's endpoints
 * changed: KUBE-SVC-… → 2 endpoints"); the dump is kept for `--detail full`.
 */
import type { TraceEvent } from '../trace/types.ts';
import { plural } from '../common/text.ts';
import { generateNameBase } from '../common/generated-names.ts';

export function isProxySync(e: TraceEvent): boolean {
  return e.type === 'action' && /^program-(iptables|ipvs|nftables)$/.test(e.action ?? '');
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** `web-zhh7z` (an EndpointSlice, generateName `<service>-`) → `web`. */
function serviceOfSlice(name: string): string {
  return generateNameBase(name) ?? name;
}

/** What woke kube-proxy, from the watch notification that caused the sync: "Service web's endpoints changed". */
export function proxyTrigger(e: TraceEvent, byId: ReadonlyMap<string, TraceEvent>): string | undefined {
  const cause = e.cause ? byId.get(e.cause) : undefined;
  const r = cause?.resource;
  if (!cause || !r?.name) return undefined;
  const how = /^(ADDED|MODIFIED|DELETED)\b/.exec(cause.summary)?.[1];
  if (r.kind === 'EndpointSlice') return `Service ${serviceOfSlice(r.name)}'s endpoints changed`;
  if (r.kind === 'Service') return `Service ${r.name} ${how === 'ADDED' ? 'was created' : how === 'DELETED' ? 'was deleted' : 'changed'}`;
  return `${r.kind ?? 'object'} ${r.name} ${how === 'ADDED' ? 'was created' : how === 'DELETED' ? 'was deleted' : 'changed'}`;
}

/** One sentence for one sync, without the dump. `who` is how the kube-proxy is called ("kube-proxy on worker-1"). */
export function proxySentence(e: TraceEvent, who: string, trigger: string | undefined): string {
  const a = e.attrs ?? {};
  const added = num(a['linesAdded']);
  const removed = num(a['linesRemoved']);
  const lines = added !== undefined && removed !== undefined ? ` (${plural(added, 'line')} added, ${removed} removed)` : '';
  const after = trigger ? ` after ${trigger}` : '';
  if (e.action === 'program-iptables') {
    const rules = (num(a['natRules']) ?? 0) + (num(a['filterRules']) ?? 0);
    const svc = num(a['svcChains']) ?? 0;
    const sep = num(a['sepChains']) ?? 0;
    const chains = typeof a['chains'] === 'string' && a['chains'] ? a['chains'].split(',') : [];
    const what =
      svc === 0
        ? 'only the base chains, no Service has endpoints yet'
        : svc === 1
          ? `${chains[0] ?? 'one KUBE-SVC chain'} → ${plural(sep, 'endpoint')}`
          : `${svc} Services (${chains.join(', ')}) → ${plural(sep, 'endpoint')} in all`;
    return `${who} programs ${plural(rules, 'iptables rule')}${after}: ${what}${lines}.`;
  }
  // ipvs / nftables: the model's summary after its "mode:" prefix ("2 virtual servers, 4 real servers").
  const mode = e.action === 'program-ipvs' ? 'IPVS' : 'nftables';
  const counts = e.summary.replace(/^\w+:\s*/, '').replace(/\s*\(\+\d+\/-\d+ lines\)\s*$/, '');
  return `${who} programs ${mode}${after}: ${counts}${lines}.`;
}
