/**
 * `kubectl top pods|nodes` (pkg/cmd/top): kubectl discovers the API groups
 * (`GET /api`, `GET /apis`); without `metrics.k8s.io` it stops with
 * `error: Metrics API not available`. Otherwise it GETs
 * `/apis/metrics.k8s.io/v1beta1/…`, which the API server's aggregation layer
 * proxies to metrics-server, and prints metricsutil's table.
 *
 * The numbers are metrics-server's latest samples, as the HPA sees them
 * (../node/metrics-server.ts): a pod's CPU is what `load` steps set for its
 * workload (0 without one), its memory what they set, else the sum of its
 * containers' memory requests. A pod has a sample once it has run for one
 * metric resolution (15 s). A node's usage is the sum of its running pods'
 * (system daemons are not modelled); CPU(%)/MEMORY(%) are of its allocatable.
 */
import { cpuMillis } from '../core/algorithms/quantity.ts';
import { matchesSelector, parseSelector } from '../../scenario/selector.ts';
import { tryParseQuantity } from '../../scenario/quantity.ts';
import { formatDuration } from '../../scenario/duration.ts';
import { LATENCY } from '../kernel/clock.ts';
import { METRIC_RESOLUTION_MS, metricsServerComponent, metricsServerInstalled, workloadKey, workloadPods, workloadUsage } from '../components/metrics-server.ts';
import { controllerOf, EPOCH_MS, type Obj } from '../core/object.ts';
import type { NodeObj } from '../core/typed.ts';
import { resourceForKind } from '../core/resources.ts';
import { minor } from '../components/world.ts';
import { flag, hasFlag } from './args.ts';
import { GET_TABWRITER, tabwrite } from './printers/tabwriter.ts';
import { discover, rawRequest } from './raw.ts';
import { serverError } from './resolve.ts';
import type { Session } from './session.ts';
import { type PodObj, asPod } from '../core/typed.ts';

const METRICS_GV = 'metrics.k8s.io/v1beta1';
/** kubectl's metricsCreationDelay: a pod younger than this may simply not have a sample yet. */
const METRICS_CREATION_DELAY_MS = 2 * 60_000;
const POD = resourceForKind('Pod')!;
const NODE = resourceForKind('Node')!;

interface Usage {
  cpuMillis: number;
  memoryBytes: number;
}

export function runTop(s: Session): void {
  const [sub, name, extra] = s.args.words;
  const kind = sub === 'pod' || sub === 'pods' || sub === 'po' ? 'pods' : sub === 'node' || sub === 'nodes' || sub === 'no' ? 'nodes' : undefined;
  const fail = (line: string): void => {
    s.error(line);
    s.finish(1);
  };
  if (!kind) return fail(`error: unknown command "${sub ?? ''}" for "kubectl top"`);
  if (extra !== undefined) return fail(`error: Usage: kubectl top ${kind === 'pods' ? 'pod [NAME | -l label]' : 'node [NAME | -l label]'}`);
  const sortBy = flag(s.args, 'sort-by') ?? '';
  if (sortBy !== '' && sortBy !== 'cpu' && sortBy !== 'memory') return fail('error: --sort-by accepts only cpu or memory');
  const selText = flag(s.args, 'selector');
  if (name !== undefined && selText !== undefined) return fail(kind === 'pods' ? 'error: only one of NAME or selector can be provided' : 'error: only one of NAME or --selector can be provided');
  const sel = selText !== undefined ? parseSelector(selText) : undefined;
  if (sel && !sel.ok) return fail(`error: ${sel.error}`);
  const match = (o: Obj): boolean => !sel?.ok || matchesSelector(sel.value, o.metadata.labels);
  discover(s, `kubectl top ${kind}`, () => {
    if (!metricsServerInstalled(s.w)) return fail('error: Metrics API not available');
    if (kind === 'pods') topPods(s, name, match, sortBy);
    else topNodes(s, name, match, sortBy);
  });
}

/** GET the metrics API through the API server's aggregation layer to metrics-server. */
function getMetrics(s: Session, resource: 'pods' | 'nodes', namespace: string | undefined, name: string | undefined, selText: string | undefined, compute: () => { names: string[]; notFound?: boolean }, done: (ok: boolean, detail?: string) => void): void {
  const path = `/apis/${METRICS_GV}${namespace ? `/namespaces/${namespace}` : ''}/${resource}${name ? `/${name}` : ''}${!name && selText ? `?labelSelector=${encodeURIComponent(selText)}` : ''}`;
  const kind = resource === 'pods' ? 'PodMetrics' : 'NodeMetrics';
  const ref = { apiVersion: METRICS_GV, kind, resource, ...(namespace ? { namespace } : {}), ...(name ? { name } : {}) };
  const verb = name ? 'get' : 'list';
  const ms = metricsServerComponent(s.w);
  rawRequest(
    s,
    { method: 'GET', path, resource: ref, authz: { verb, group: 'metrics.k8s.io', resource, ...(namespace ? { namespace } : {}), ...(name ? { name } : {}) }, summary: `GET ${resource}.metrics.k8s.io${name ? ` ${name}` : ''}` },
    (api, cause, reply) => {
      const w = s.w;
      const agg = w.rec.emit({ type: 'phase', from: api, to: api, phase: 'other', summary: 'aggregation layer: APIService v1beta1.metrics.k8s.io → proxy to metrics-server', cause });
      const proxied = w.rec.emit({ type: 'request', from: api, to: ms, verb, method: 'GET', path, resource: ref, summary: `GET ${resource}.metrics.k8s.io (proxied)`, cause: agg });
      w.clock.after(LATENCY.clientToApi, () => {
        const r = compute();
        const status = r.notFound ? 404 : 200;
        const summary = r.notFound ? `404 NotFound ${kind}` : `200 OK ${kind} (${r.names.length})`;
        const back = w.rec.emit({ type: 'response', from: ms, to: api, verb, status, result: r.notFound ? 'error' : 'ok', resource: ref, summary, ...(r.names.length > 0 ? { detail: r.names.join(' ') } : {}), cause: proxied });
        w.clock.after(LATENCY.clientToApi, () => reply({ status, summary }, back));
      });
    },
    (x) => {
      if (x.status === 403) return done(false, x.detail);
      done(x.status === 200);
    },
  );
}

/** metrics-server's samples of the running pods among `pods` (pods younger than one scrape have none). */
function podSamples(s: Session, pods: PodObj[]): Map<PodObj, Usage> {
  const w = s.w;
  const now = w.clock.now();
  const out = new Map<PodObj, Usage>();
  for (const p of pods) {
    if (p.status?.phase !== 'Running' || p.metadata.deletionTimestamp) continue;
    const started = Date.parse(p.status?.containerStatuses?.[0]?.state?.running?.startedAt ?? p.status?.startTime ?? '') - EPOCH_MS;
    if (!Number.isFinite(started) || now - started < METRIC_RESOLUTION_MS) continue;
    const owner = workloadOf(w.api.cache.list.bind(w.api.cache), p);
    const usage = owner ? workloadUsage(w, workloadKey(owner.namespace, owner.kind, owner.name), workloadPods(w, owner.namespace, owner.kind, owner.name)).get(p.metadata.name) : undefined;
    const requested = (p.spec?.containers ?? []).reduce((sum: number, c) => sum + (tryParseQuantity(String(c.resources?.requests?.memory ?? '0')) ?? 0), 0);
    out.set(p, { cpuMillis: usage?.cpuMillis ?? 0, memoryBytes: usage?.memoryBytes ?? Math.round(requested) });
  }
  return out;
}

/** The workload (Deployment through its ReplicaSet, ReplicaSet, StatefulSet) a pod belongs to, as load steps name it. */
function workloadOf(list: (kind: string, ns?: string) => Obj[], p: PodObj): { namespace: string; kind: string; name: string } | undefined {
  const ns = p.metadata.namespace ?? 'default';
  const ref = controllerOf(p);
  if (!ref) return undefined;
  let kind = ref.kind;
  let name = ref.name;
  if (kind === 'ReplicaSet') {
    const rs = list('ReplicaSet', ns).find((x) => x.metadata.name === ref.name);
    const owner = rs ? controllerOf(rs) : undefined;
    if (owner?.kind === 'Deployment') [kind, name] = ['Deployment', owner.name];
  }
  if (kind !== 'Deployment' && kind !== 'ReplicaSet' && kind !== 'StatefulSet') return undefined;
  return { namespace: ns, kind, name };
}

function topPods(s: Session, name: string | undefined, match: (o: Obj) => boolean, sortBy: string): void {
  const all = hasFlag(s.args, 'all-namespaces');
  const namespace = all ? undefined : (flag(s.args, 'namespace') ?? 'default');
  const cache = s.w.api.cache;
  let samples = new Map<PodObj, Usage>();
  const compute = (): { names: string[]; notFound?: boolean } => {
    const pods = cache.list('Pod', namespace).filter((p) => (name ? p.metadata.name === name : match(p)));
    samples = podSamples(s, pods);
    const names = [...samples].map(([p, u]) => `${p.metadata.name}=${u.cpuMillis}m`);
    return name && samples.size === 0 ? { names, notFound: true } : { names };
  };
  getMetrics(s, 'pods', namespace, name, flag(s.args, 'selector'), compute, (ok, denied) => {
    if (denied) {
      s.error(`Error from server (Forbidden): ${denied}`);
      return s.finish(1);
    }
    if (!ok) {
      // A named pod without a sample: metrics-server answers 404.
      s.error(`Error from server (NotFound): podmetrics.metrics.k8s.io "${namespace}/${name}" not found`);
      return s.finish(1);
    }
    if (samples.size > 0) return printPods(s, samples, all, sortBy);
    // No sample at all: kubectl looks at the pods to say why (verifyEmptyMetrics).
    const now = s.w.clock.now();
    const age = (p: PodObj): number => now - (Date.parse(p.metadata.creationTimestamp ?? '') - EPOCH_MS);
    const old = (pods: PodObj[]): PodObj | undefined => pods.find((p) => age(p) > METRICS_CREATION_DELAY_MS);
    const explain = (pods: PodObj[]): void => {
      const o = old(pods);
      if (o) s.error(`error: Metrics not available for pod ${o.metadata.namespace}/${o.metadata.name}, age: ${formatDuration(age(o))}`);
      else s.error('error: metrics not available yet');
      s.finish(1);
    };
    const selText = flag(s.args, 'selector');
    s.call({ verb: 'list', resource: POD, ...(namespace ? { namespace } : {}), ...(selText ? { match } : {}) }, (res) => {
      if (res.status !== 200) {
        s.error(serverError(res));
        return s.finish(1);
      }
      const pods = (res.items ?? []).map(asPod);
      if (pods.length === 0) {
        s.error(all ? 'No resources found' : `No resources found in ${namespace} namespace.`);
        return s.finish(0);
      }
      explain(pods);
    });
  });
}

function printPods(s: Session, samples: Map<PodObj, Usage>, withNamespace: boolean, sortBy: string): void {
  const rows = [...samples].sort(([a, ua], [b, ub]) => {
    if (sortBy === 'cpu' && ua.cpuMillis !== ub.cpuMillis) return ub.cpuMillis - ua.cpuMillis;
    if (sortBy === 'memory' && ua.memoryBytes !== ub.memoryBytes) return ub.memoryBytes - ua.memoryBytes;
    if (withNamespace && a.metadata.namespace !== b.metadata.namespace) return (a.metadata.namespace ?? '') < (b.metadata.namespace ?? '') ? -1 : 1;
    return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
  });
  // metricsutil ends every cell with a tab, the last one too: the last column is padded.
  let text = hasFlag(s.args, 'no-headers') ? '' : `${withNamespace ? 'NAMESPACE\t' : ''}NAME\tCPU(cores)\tMEMORY(bytes)\t\n`;
  for (const [p, u] of rows) text += `${withNamespace ? `${p.metadata.namespace}\t` : ''}${p.metadata.name}\t${u.cpuMillis}m\t${mi(u.memoryBytes)}\t\n`;
  s.print(tabwrite(text, GET_TABWRITER).replace(/\n$/, ''));
  s.finish(0);
}

function topNodes(s: Session, name: string | undefined, match: (o: Obj) => boolean, sortBy: string): void {
  const cache = s.w.api.cache;
  const now = s.w.clock.now();
  let usage = new Map<string, Usage>();
  const compute = (): { names: string[]; notFound?: boolean } => {
    const nodes = cache.list('Node').filter((n) => (name ? n.metadata.name === name : match(n)));
    const samples = podSamples(s, cache.list('Pod'));
    usage = new Map();
    for (const n of nodes) {
      // A node whose kubelet stopped reporting has no fresh sample.
      const ready = (n.status?.conditions ?? []).find((c) => c.type === 'Ready');
      if (ready?.status !== 'True') continue;
      const u = { cpuMillis: 0, memoryBytes: 0 };
      for (const [p, pu] of samples) {
        if (p.spec?.nodeName !== n.metadata.name) continue;
        u.cpuMillis += pu.cpuMillis;
        u.memoryBytes += pu.memoryBytes;
      }
      usage.set(n.metadata.name, u);
    }
    const names = [...usage].map(([n, u]) => `${n}=${u.cpuMillis}m`);
    return name && usage.size === 0 ? { names, notFound: true } : { names };
  };
  getMetrics(s, 'nodes', undefined, name, flag(s.args, 'selector'), compute, (ok, denied) => {
    if (denied) {
      s.error(`Error from server (Forbidden): ${denied}`);
      return s.finish(1);
    }
    if (!ok) {
      s.error(`Error from server (NotFound): nodemetrics.metrics.k8s.io "${name}" not found`);
      return s.finish(1);
    }
    if (usage.size === 0) {
      s.error('error: metrics not available yet');
      return s.finish(1);
    }
    // Then the nodes themselves, for their allocatable resources.
    const after = (nodes: NodeObj[]): void => printNodes(s, nodes, usage, sortBy, now);
    if (name) {
      return s.call({ verb: 'get', resource: NODE, name }, (res) => {
        if (res.status !== 200) {
          s.error(serverError(res));
          return s.finish(1);
        }
        after([res.object!] as NodeObj[]); // a GET of a Node
      });
    }
    const selText = flag(s.args, 'selector');
    s.call({ verb: 'list', resource: NODE, ...(selText ? { match } : {}) }, (res) => {
      if (res.status !== 200) {
        s.error(serverError(res));
        return s.finish(1);
      }
      after((res.items ?? []) as NodeObj[]); // a LIST of Nodes
    });
  });
}

function printNodes(s: Session, nodes: NodeObj[], usage: Map<string, Usage>, sortBy: string, _now: number): void {
  // kubectl 1.32 renamed the percentage columns (CPU% → CPU(%)).
  const pct = minor(s.w) >= 32 ? ['CPU(%)', 'MEMORY(%)'] : ['CPU%', 'MEMORY%'];
  let text = hasFlag(s.args, 'no-headers') ? '' : `NAME\tCPU(cores)\t${pct[0]}\tMEMORY(bytes)\t${pct[1]}\t\n`;
  const rows = [...usage].sort(([a, ua], [b, ub]) => {
    if (sortBy === 'cpu' && ua.cpuMillis !== ub.cpuMillis) return ub.cpuMillis - ua.cpuMillis;
    if (sortBy === 'memory' && ua.memoryBytes !== ub.memoryBytes) return ub.memoryBytes - ua.memoryBytes;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const byName = new Map(nodes.map((n) => [n.metadata.name, n]));
  for (const [n, u] of rows) {
    const node = byName.get(n);
    byName.delete(n);
    const alloc = node?.status?.allocatable ?? {};
    const cpuAlloc = cpuMillis(alloc.cpu);
    const memAlloc = tryParseQuantity(String(alloc.memory ?? '0')) ?? 0;
    const percent = (used: number, of: number): string => (node ? `${of > 0 ? Math.trunc((used / of) * 100) : 0}%\t` : '');
    text += `${n}\t${u.cpuMillis}m\t${percent(u.cpuMillis, cpuAlloc)}${mi(u.memoryBytes)}\t${percent(u.memoryBytes, memAlloc)}\n`;
  }
  // Nodes without a sample (kubelet down): printMissingMetricsNodeLine.
  for (const n of [...byName.keys()].sort()) text += `${n}\t<unknown>\t<unknown>\t<unknown>\t<unknown>\t\n`;
  s.print(tabwrite(text, GET_TABWRITER).replace(/\n$/, ''));
  s.finish(0);
}

/** `%vMi` of quantity.Value()/(1024*1024) (integer division). */
function mi(bytes: number): string {
  return `${Math.trunc(bytes / (1024 * 1024))}Mi`;
}

