/**
 * What a read found (gallery review D26). A `kubectl get pods` step is about
 * what it shows (`needs-config` in CreateContainerConfigError), but the
 * reply's summary says only `200 OK pods`. A successful get or list answered
 * to the client is labelled with what it returned, from the cluster's state
 * when it was read (`steps[].state`): the state before its step (the
 * previous step's) when nothing in the step wrote before the reply, the
 * step's own when nothing in the step writes at all (a read in step 1);
 * a read after a write of its step (`kubectl rollout status` while the
 * rollout runs) keeps
 * its summary:
 *
 * - Pods, by workload and status: `200 OK · needs-config
 *   CreateContainerConfigError, web Running ×2`;
 * - Nodes, by readiness: `200 OK · worker-1..3 Ready`, `worker-2 NotReady`;
 * - other objects, by name and status line: `200 OK · web 3/3 ready`;
 * - the ReplicaSets `kubectl rollout history` lists: the revisions it
 *   printed, `200 OK · revisions 1, 2`;
 * - nothing: `200 OK · no pods`.
 *
 * A list cut by a label selector returns fewer items (the API server's
 * watch-cache phase counts them) than the namespace holds: the items are
 * then the names kubectl printed (its table's NAME column); when they cannot
 * be told, the count (`200 OK · 5 namespaces`). Long findings are shortened
 * by whole phrases (`…, +2 more`); a generated name too long for a label is
 * counted instead (`1 volumeattachment`). Without state (an imported trace), the
 * reply keeps its summary.
 */
import type { StepState, Trace, TraceEvent, TraceStep } from '../../trace/types.ts';
import { plural, shortenText } from '../../common/text.ts';
import { podWorkloads } from './setup.ts';
import { numberedNames } from '../common/ranges.ts';
import { fittingList } from '../common/more.ts';

/** Characters of findings after `200 OK · ` before phrases are left out. */
const MAX_FOUND = 56;
/** Characters of one object name in a finding. */
const MAX_NAME = 28;

/**
 * Labels for the replies of reads (undefined: keep the summary). `byId`
 * finds a reply's cause (the watch-cache phase that counted the items).
 */
export function readLabels(trace: Trace, byId: ReadonlyMap<string, TraceEvent>): (e: TraceEvent) => string | undefined {
  const client = new Set(trace.components.filter((c) => c.kind === 'client').map((c) => c.id));
  const steps = new Map(trace.steps.map((s) => [s.number, s]));
  // Per step, where its first write is: a read before it sees the state the step started from.
  const firstWrite = new Map<number, number>();
  for (const e of trace.events) if (changesState(e) && !firstWrite.has(e.step)) firstWrite.set(e.step, e.seq);
  return (e) => {
    if (e.type !== 'response' || !client.has(e.to) || e.status === undefined || e.status < 200 || e.status >= 300) return undefined;
    // A subresource (`pods/log`: the log stream) is not the object read.
    if ((e.verb !== 'get' && e.verb !== 'list') || e.resource === undefined || e.resource.subresource !== undefined) return undefined;
    const step = steps.get(e.step);
    const write = firstWrite.get(e.step);
    // What the read saw: the state before its step (the previous step's), or after it when nothing in the step writes.
    const state = write !== undefined && write < e.seq ? undefined : (steps.get(e.step - 1)?.state ?? (write === undefined ? step?.state : undefined));
    if (step === undefined || state === undefined) return undefined;
    const cause = e.cause === null ? undefined : byId.get(e.cause);
    const counted = cause?.phase === 'watch-cache' && typeof cause.attrs?.items === 'number' ? cause.attrs.items : undefined;
    const found = findings(e, step, state, counted);
    return found === undefined ? undefined : `${statusWords(e)} · ${found}`;
  };
}

/**
 * A change to an object the state keeps (not an Event record, not a Lease), by HTTP method: a POST to a
 * subresource (binding, eviction) counts too, which object-box.ts's verb-based write test does not mean.
 */
function changesState(e: TraceEvent): boolean {
  return e.type === 'request' && e.method !== undefined && e.method !== 'GET' && e.resource !== undefined && e.resource.kind !== 'Event' && e.resource.kind !== 'Lease';
}

/** `200 OK` from `200 OK pods`. */
function statusWords(e: TraceEvent): string {
  return /^\d{3}(?: [A-Z][A-Za-z]*)*/.exec(e.summary)?.[0] ?? String(e.status);
}

interface Item {
  name: string;
  /** What the phrase groups by (workload, readiness …) and says. */
  group: string;
  word: string;
}

function findings(e: TraceEvent, step: TraceStep, state: StepState, counted: number | undefined): string | undefined {
  const r = e.resource!; // checked by the caller
  const noun = r.resource ?? `${r.kind.toLowerCase()}s`;
  // `kubectl rollout history` lists the ReplicaSets for their revisions (gallery review D70), which it printed.
  const revisions = r.kind === 'ReplicaSet' && /\brollout history\b/.test(step.command) ? printedColumn(step.output, /^REVISION\b/, 1) : [];
  if (revisions.length > 0) return `${revisions.length === 1 ? 'revision' : 'revisions'} ${revisions.join(', ')}`;
  let items = itemsOf(r.kind, state, r.namespace, r.name);
  if (items === undefined) return counted === undefined ? undefined : howMany(counted, noun);
  if (counted !== undefined && counted !== items.length) {
    // A label selector: the items are the rows kubectl printed, when that says which.
    const printed = printedNames(step.output);
    const chosen = items.filter((i) => printed.has(i.name));
    if (chosen.length !== counted) return howMany(counted, noun);
    items = chosen;
  }
  if (items.length === 0) return `no ${noun}`;
  return phrases(items, noun);
}

/** `no pods`, `1 pod`, `5 pods` (`noun` is the plural resource name). */
function howMany(n: number, noun: string): string {
  return n === 0 ? `no ${noun}` : plural(n, singular(noun), noun);
}

/** `pods` → `pod`. */
function singular(noun: string): string {
  return noun.replace(/s$/, '');
}

/** The state's items of a kind (in a namespace, by name); undefined: the state does not keep that kind. */
function itemsOf(kind: string, state: StepState, namespace: string | undefined, name: string | undefined): Item[] | undefined {
  const ns = (x: { namespace?: string }) => namespace === undefined || x.namespace === namespace;
  const named = (x: { name: string }) => name === undefined || x.name === name;
  if (kind === 'Pod') {
    const pods = state.pods.filter((p) => ns(p) && named(p));
    const workloads = podWorkloads(state);
    return pods.map((p) => ({ name: p.name, group: workloads.get(p) ?? p.name, word: p.status }));
  }
  if (kind === 'Node') {
    return state.nodes.filter(named).map((n) => ({ name: n.name, group: '', word: `${n.ready === 'True' ? 'Ready' : 'NotReady'}${n.unschedulable ? ',SchedulingDisabled' : ''}` }));
  }
  const objects = state.objects.filter((o) => o.kind === kind);
  // Kinds the state leaves out (bootstrap Namespaces, Events …) cannot be told from it.
  if (objects.length === 0 && name === undefined) return undefined;
  return objects.filter((o) => ns(o) && named(o)).map((o) => ({ name: o.name, group: o.name, word: o.status === 'present' ? '' : o.status }));
}

/** `web Running ×2, needs-config CreateContainerConfigError`; nodes `worker-1..3 Ready`; shortened by whole phrases. */
function phrases(items: readonly Item[], noun: string): string {
  const groups = new Map<string, { group: string; word: string; names: string[] }>();
  for (const i of items) {
    const key = `${i.group}\n${i.word}`;
    const g = groups.get(key) ?? { group: i.group, word: i.word, names: [] };
    g.names.push(i.name);
    groups.set(key, g);
  }
  const all = [...groups.values()];
  // Nodes: in a range when three or more all share a readiness, else each in name order.
  const list =
    items[0]?.group === ''
      ? all.length === 1 && items.length >= 3
        ? [`${numberedNames(all[0]!.names)} ${all[0]!.word}`]
        : items.map((i) => `${i.name} ${i.word}`)
      : all.map((g) => {
          const name = shortName(g.group);
          // A generated name too long for a label (`csi-5810d4eb…`) is counted instead of cut.
          const head = name ?? plural(g.names.length, singular(noun), noun);
          return `${head}${g.word === '' ? '' : ` ${g.word}`}${name !== undefined && g.names.length > 1 ? ` ×${g.names.length}` : ''}`;
        });
  return fittingList(list, (text) => text.length <= MAX_FOUND);
}

/** A name shortened to MAX_NAME characters at word boundaries; undefined when it has none to cut at. */
function shortName(name: string): string | undefined {
  const short = shortenText(name, MAX_NAME);
  return short.length <= MAX_NAME ? short : undefined;
}

/** Names in the first column of kubectl's table (`NAME …` header), without a `kind/` prefix. */
function printedNames(output: string | undefined): Set<string> {
  return new Set(printedColumn(output, /^NAME\b/, 0).map((n) => n.replace(/^[^/]*\//, '')));
}

/**
 * The first column of the table kubectl printed, under its header line among
 * the first `within` + 1 lines (`rollout history` prints `deployment.apps/web`
 * above its `REVISION  CHANGE-CAUSE`); [] when there is none.
 */
function printedColumn(output: string | undefined, header: RegExp, within: number): string[] {
  const lines = (output ?? '').split('\n').filter((l) => l.trim() !== '');
  const at = lines.slice(0, within + 1).findIndex((l) => header.test(l));
  return at < 0 ? [] : lines.slice(at + 1).map((l) => l.split(/\s+/)[0]!);
}
