/**
 * `kubescene init`: a starter scenario for manifests a user already has. Pure:
 * the CLI (src/cli/init.ts) reads the manifests through the scenario loader and
 * passes their objects here; this writes the scenario's YAML text.
 *
 * The scenario is meant to pass on its first `trace`: nodes sized to fit every
 * workload's requests, one `apply` per input (expecting kubectl's exit 1 when
 * an input holds kinds the cluster does not serve, e.g. Istio's), a wait for
 * each workload to become available, `get pods`, and one request per Service
 * from a client Pod.
 */
import type { KubeObject } from '../scenario/types.ts';
import { formatCpu, formatMemory, tryParseQuantity } from '../scenario/quantity.ts';
import { isKnownKind } from '../scenario/kinds.ts';

export interface InitSource {
  /** The `-f` argument, relative to the scenario's folder (`manifests/`, `app.yaml`). */
  arg: string;
  /** A folder with sub-folders: applied with `-R`. */
  recursive: boolean;
  objects: KubeObject[];
}

export interface InitOptions {
  /** `name:` of the scenario (also its output folder). */
  name: string;
  sources: InitSource[];
  /** How the sources were named on the command line, for the header comment. */
  from: string[];
}

const GI = 1024 ** 3;
/** The default node shape (the loader's defaults), grown when one Pod needs more. */
const NODE_CPU = 4000;
const NODE_MEMORY = 8 * GI;
/** Leave this share of each node free: kube-system Pods and rolling updates need room. */
const FILL = 0.7;
const CLIENT_IMAGE = 'curlimages/curl:8.10.1';
const WAIT_TIMEOUT = '5m';

interface PodSpecLike {
  containers?: ContainerLike[];
  initContainers?: ContainerLike[];
  nodeSelector?: Record<string, string>;
}
interface ContainerLike {
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
}

interface Workload {
  kind: string;
  name: string;
  namespace: string;
  replicas: number;
  pod: PodSpecLike;
  /** One per node (DaemonSet), not `replicas`. */
  perNode: boolean;
}

interface Need {
  cpu: number;
  memory: number;
}

/** A Pod's requests as the scheduler counts them: containers summed, init containers' maximum; limits stand in for absent requests (API defaulting). */
export function podRequests(pod: PodSpecLike): Need {
  const one = (c: ContainerLike, r: 'cpu' | 'memory'): number => {
    const q = c.resources?.requests?.[r] ?? c.resources?.limits?.[r];
    if (q === undefined) return 0;
    const v = tryParseQuantity(q);
    return v === undefined ? 0 : r === 'cpu' ? Math.ceil(v * 1000) : Math.ceil(v);
  };
  const sum = (r: 'cpu' | 'memory') => (pod.containers ?? []).reduce((a, c) => a + one(c, r), 0);
  const init = (r: 'cpu' | 'memory') => Math.max(0, ...(pod.initContainers ?? []).map((c) => one(c, r)));
  return { cpu: Math.max(sum('cpu'), init('cpu')), memory: Math.max(sum('memory'), init('memory')) };
}

function spec(o: KubeObject): Record<string, unknown> {
  const s = (o as { spec?: unknown }).spec;
  return s && typeof s === 'object' ? (s as Record<string, unknown>) : {};
}

function templateSpec(o: KubeObject): PodSpecLike {
  const t = spec(o).template as { spec?: PodSpecLike } | undefined;
  return t?.spec ?? {};
}

const WORKLOAD_KINDS = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Pod', 'Job']);

function workloads(objects: KubeObject[]): Workload[] {
  const out: Workload[] = [];
  for (const o of objects) {
    if (!WORKLOAD_KINDS.has(o.kind) || !isKnownKind(o.apiVersion, o.kind)) continue;
    const name = o.metadata.name ?? '';
    const namespace = o.metadata.namespace ?? 'default';
    const r = spec(o).replicas;
    const replicas = typeof r === 'number' ? r : 1;
    if (o.kind === 'Pod') out.push({ kind: o.kind, name, namespace, replicas: 1, pod: spec(o) as PodSpecLike, perNode: false });
    else if (o.kind === 'Job') {
      const p = spec(o).parallelism;
      out.push({ kind: o.kind, name, namespace, replicas: typeof p === 'number' ? p : 1, pod: templateSpec(o), perNode: false });
    } else out.push({ kind: o.kind, name, namespace, replicas, pod: templateSpec(o), perNode: o.kind === 'DaemonSet' });
  }
  return out;
}

/** The last object of each kind/namespace/name (an input may repeat an object, as guestbook's all-in-one file does). */
function distinct(objects: KubeObject[]): KubeObject[] {
  const byId = new Map<string, KubeObject>();
  for (const o of objects) byId.set(`${o.kind}/${o.metadata.namespace ?? 'default'}/${o.metadata.name ?? ''}`, o);
  return [...byId.values()];
}

export interface NodePlan {
  count: number;
  cpu: number;
  memory: number;
  labels: Record<string, string>;
  /** nodeSelector values that conflict (one key, several values): not given to the nodes. */
  conflicts: string[];
}

/** Nodes that fit every workload's requests with room to spare: at least 2, each big enough for the largest Pod. */
export function planNodes(objects: KubeObject[], extraPods: Need[] = []): NodePlan {
  const ws = workloads(distinct(objects));
  let cpu = NODE_CPU;
  let memory = NODE_MEMORY;
  const perNode: Need = { cpu: 0, memory: 0 };
  const total: Need = { cpu: 0, memory: 0 };
  let pods = extraPods.length;
  for (const p of extraPods) {
    total.cpu += p.cpu;
    total.memory += p.memory;
  }
  for (const w of ws) {
    const need = podRequests(w.pod);
    if (w.perNode) {
      perNode.cpu += need.cpu;
      perNode.memory += need.memory;
      continue;
    }
    total.cpu += need.cpu * w.replicas;
    total.memory += need.memory * w.replicas;
    pods += w.replicas;
    // The largest Pod (plus the DaemonSets beside it) must fit one node with room left.
    cpu = Math.max(cpu, roundUp((need.cpu + perNode.cpu) / FILL, 1000));
    memory = Math.max(memory, roundUp((need.memory + perNode.memory) / FILL, GI));
  }
  cpu = Math.max(cpu, roundUp((perNode.cpu * 2) / FILL, 1000));
  memory = Math.max(memory, roundUp((perNode.memory * 2) / FILL, GI));
  const usableCpu = cpu * FILL - perNode.cpu;
  const usableMemory = memory * FILL - perNode.memory;
  const count = Math.max(2, Math.ceil(total.cpu / usableCpu), Math.ceil(total.memory / usableMemory), Math.ceil(pods / 100));
  const labels: Record<string, string> = {};
  const conflicts = new Set<string>();
  for (const w of ws) {
    for (const [k, v] of Object.entries(w.pod.nodeSelector ?? {})) {
      if (labels[k] !== undefined && labels[k] !== v) conflicts.add(k);
      else labels[k] = v;
    }
  }
  for (const k of conflicts) delete labels[k];
  return { count, cpu, memory, labels, conflicts: [...conflicts].sort() };
}

function roundUp(v: number, unit: number): number {
  return Math.ceil(v / unit) * unit;
}

/** A YAML scalar: plain when safe, else double-quoted (JSON strings are valid YAML). */
function q(s: string): string {
  const plain = /^[A-Za-z0-9][A-Za-z0-9 ._/=:-]*$/.test(s) && !s.endsWith(' ') && !s.includes(': ') && !s.endsWith(':') && !/^(true|false|yes|no|on|off|null|y|n|[0-9.e+-]+)$/i.test(s);
  return plain ? s : JSON.stringify(s);
}

/** `# text` lines of at most ~100 characters, indented. */
function comment(indent: string, text: string): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent.length + 2 + line.length + 1 + word.length > 100) {
      out.push(`${indent}# ${line}`);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') out.push(`${indent}# ${line}`);
  return out;
}

function nsPart(namespace: string): string {
  return namespace === 'default' ? '' : `, namespace: ${q(namespace)}`;
}

/** The wait for one workload, or undefined when the model has no condition to wait on. */
function waitFor(w: Workload): string | undefined {
  if (w.replicas === 0) return undefined;
  const object = `${w.kind.toLowerCase()}/${w.name}`;
  switch (w.kind) {
    case 'Deployment':
      return `  - wait: { for: condition=Available, object: ${q(object)}${nsPart(w.namespace)}, timeout: ${WAIT_TIMEOUT} }`;
    case 'ReplicaSet':
    case 'ReplicationController':
      return `  - wait: { for: ${q(`jsonpath={.status.readyReplicas}=${w.replicas}`)}, object: ${q(object)}${nsPart(w.namespace)}, timeout: ${WAIT_TIMEOUT} }`;
    case 'Pod':
      return `  - wait: { for: condition=Ready, object: ${q(object)}${nsPart(w.namespace)}, timeout: ${WAIT_TIMEOUT} }`;
    default:
      return undefined;
  }
}

interface ServicePort {
  name: string;
  namespace: string;
  port: number;
}

/** Services that select Pods and have a port: the ones a request can reach. */
function services(objects: KubeObject[]): ServicePort[] {
  const out: ServicePort[] = [];
  for (const o of objects) {
    if (o.kind !== 'Service' || o.apiVersion !== 'v1') continue;
    const s = spec(o);
    const ports = Array.isArray(s.ports) ? (s.ports as { port?: unknown }[]) : [];
    const port = ports.find((p) => typeof p.port === 'number')?.port;
    if (s.type === 'ExternalName' || !s.selector || typeof port !== 'number') continue;
    out.push({ name: o.metadata.name ?? '', namespace: o.metadata.namespace ?? 'default', port });
  }
  return out.sort((a, b) => (a.namespace === b.namespace ? cmp(a.name, b.name) : cmp(a.namespace, b.namespace)));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The scenario text. Deterministic: the same objects give the same bytes. */
export function initScenario(opts: InitOptions): string {
  const all = opts.sources.flatMap((s) => s.objects);
  const objects = distinct(all);
  const svcs = services(objects);
  const clientNamespaces = [...new Set(svcs.map((s) => s.namespace))].sort();
  const taken = new Set(objects.filter((o) => o.kind === 'Pod').map((o) => `${o.metadata.namespace ?? 'default'}/${o.metadata.name ?? ''}`));
  const client = clientNamespaces.some((ns) => taken.has(`${ns}/client`)) ? 'kubescene-client' : 'client';
  const nodes = planNodes(all, clientNamespaces.map(() => ({ cpu: 0, memory: 0 })));
  const ws = workloads(objects);

  const out: string[] = [];
  out.push(`# Generated by \`kubescene init --from ${opts.from.join(' ')}\`: a starting point, edit freely.`);
  out.push('# Run it with `kubescene trace <this file>`; render it with `kubescene render <this file> -o out/`.');
  out.push('# Format: docs/scenario-format.md');
  out.push('kubescene: v1');
  out.push(`name: ${q(opts.name)}`);
  out.push(`title: ${q(`${opts.name}: apply the manifests, wait for the workloads, call each Service`)}`);
  out.push('cluster:');
  const need = ws.filter((w) => !w.perNode).reduce((a, w) => a + w.replicas, 0);
  out.push(...comment('  ', `${nodes.count} nodes of ${formatCpu(nodes.cpu)} CPU and ${formatMemory(nodes.memory)} fit the requests of ${need} Pod${need === 1 ? '' : 's'}${ws.some((w) => w.perNode) ? ' and the DaemonSets' : ''} with room to spare.`));
  if (nodes.conflicts.length > 0) out.push(...comment('  ', `nodeSelector keys with several values are not set on the nodes: ${nodes.conflicts.join(', ')}.`));
  const labels = Object.entries(nodes.labels).sort(([a], [b]) => cmp(a, b));
  const labelPart = labels.length > 0 ? `, labels: { ${labels.map(([k, v]) => `${q(k)}: ${q(v)}`).join(', ')} }` : '';
  out.push('  nodes:');
  out.push(`    - { namePrefix: worker-, count: ${nodes.count}, cpu: ${q(formatCpu(nodes.cpu))}, memory: ${q(formatMemory(nodes.memory))}${labelPart} }`);
  if (svcs.length > 0) {
    out.push('files:');
    for (const ns of clientNamespaces) {
      const file = ns === 'default' ? `${client}.yaml` : `${client}-${ns}.yaml`;
      out.push(`  ${q(file)}:`);
      out.push('    apiVersion: v1');
      out.push('    kind: Pod');
      out.push(`    metadata: { name: ${client}${nsPart(ns)}, labels: { app: ${client} } }`);
      out.push('    spec:');
      out.push(`      containers: [{ name: curl, image: ${q(CLIENT_IMAGE)}, command: [sleep, infinity] }]`);
    }
  }
  out.push('steps:');
  for (const s of opts.sources) {
    const unknown = [...new Set(s.objects.filter((o) => !isKnownKind(o.apiVersion, o.kind)).map((o) => `${o.kind} (${o.apiVersion})`))].sort();
    out.push(`  - kubectl: ${q(`apply ${s.recursive ? '-R ' : ''}-f ${s.arg}`)}`);
    out.push('    setup: true');
    if (unknown.length > 0) {
      out.push(...comment('    ', `kubectl cannot map ${unknown.join(', ')}: this cluster has no CRDs for them, so kubectl reports them and exits 1 after applying the rest, as it would on a real cluster without them.`));
      out.push('    expect: { exit: 1 }');
    }
  }
  for (const ns of clientNamespaces) {
    const file = ns === 'default' ? `${client}.yaml` : `${client}-${ns}.yaml`;
    out.push(`  - kubectl: ${q(`apply -f ${file}`)}`);
    out.push('    setup: true');
    out.push(`    title: ${q(`Start a client Pod${ns === 'default' ? '' : ` in ${ns}`}`)}`);
  }
  const skipped: string[] = [];
  for (const w of ws) {
    const line = waitFor(w);
    if (line) out.push(line);
    else if (w.replicas > 0) skipped.push(`${w.kind.toLowerCase()}/${w.name}`);
  }
  for (const ns of clientNamespaces) out.push(`  - wait: { for: condition=Ready, object: ${q(`pod/${client}`)}${nsPart(ns)}, timeout: ${WAIT_TIMEOUT} }`);
  if (skipped.length > 0) out.push(...comment('  ', `Not waited for (kubescene does not run them to availability yet): ${skipped.join(', ')}.`));
  const namespaces = new Set(objects.map((o) => o.metadata.namespace ?? 'default'));
  out.push(`  - kubectl: ${namespaces.size > 1 ? 'get pods -A' : 'get pods'}`);
  for (const s of svcs) {
    out.push(`  - traffic: { from: ${q(`pod/${client}`)}, to: ${q(`service/${s.name}`)}, port: ${s.port}${nsPart(s.namespace)} }`);
  }
  return out.join('\n') + '\n';
}
