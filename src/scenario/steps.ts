/** `steps:` → ScenarioStep[], numbered from 1, with titles derived when absent. */
import { isMap, isScalar, type Node } from 'yaml';
import type {
  ClusterSpec,
  Expectation,
  FaultStep,
  KubectlStep,
  LoadStep,
  ScenarioStep,
  TrafficStep,
  WaitStep,
} from './types.ts';
import { tokenizeKubectl, stripKubectl } from './argv.ts';
import { checkKubectlCommand } from './kubectl-commands.ts';
import { tryParseDuration } from './duration.ts';
import { tryParseQuantity } from './quantity.ts';
import { didYouMean } from './suggest.ts';
import { readExpectations, readObjectRef, setIf } from './expect.ts';
import { fileArgs, isRecursive, kustomizeArgs } from './files.ts';
import {
  posOf,
  readEnum,
  readInt,
  readBool,
  readMap,
  readScalarText,
  readSeq,
  readString,
  readStringList,
  wrongType,
  type Entry,
  type ReadContext,
  type YNode,
} from './read.ts';

const STEP_KINDS = ['kubectl', 'wait', 'advance', 'fault', 'load', 'traffic', 'git', 'expect'] as const;
type StepKind = (typeof STEP_KINDS)[number];
const STEP_KEYS = [...STEP_KINDS, 'title', 'as', 'setup', 'continueOnError'];

export interface StepContext {
  cluster: ClusterSpec;
  /** Resolves the `-f` arguments of a kubectl step to keys of `Scenario.files`, reporting problems at `at`. */
  resolveFiles(args: readonly string[], at: Node, opts?: { recursive?: boolean; kustomize?: boolean; expand?: boolean }): string[];
  text: string;
}

export function readSteps(ctx: ReadContext, node: YNode, sc: StepContext): ScenarioStep[] {
  const items = readSeq(ctx, node, 'steps');
  if (!items) return [];
  const out: ScenarioStep[] = [];
  items.forEach((item, i) => {
    const step = readStep(ctx, item, i + 1, sc);
    if (step) out.push(step);
  });
  return out;
}

function readStep(ctx: ReadContext, item: Node, number: number, sc: StepContext): ScenarioStep | undefined {
  const path = `steps[${number - 1}]`;
  const before = ctx.diags.list.length;
  const m = readMap(ctx, item, path, STEP_KEYS);
  if (!m) return undefined;
  const present = STEP_KINDS.filter((k) => m.has(k) && k !== 'expect');
  // `expect` is a step of its own, or the assertions of another step.
  const kind: StepKind | undefined = present[0] ?? (m.has('expect') ? 'expect' : undefined);
  if (kind === undefined) {
    if (ctx.diags.list.length === before) {
      ctx.diags.error(ctx.src, item, 'missing-key', `${path}: a step needs one of ${STEP_KINDS.join(', ')}`);
    }
    return undefined;
  }
  if (present.length > 1) {
    const second = m.get(present[1] as string) as Entry;
    ctx.diags.error(ctx.src, second.keyNode, 'conflicting-keys', `${path}: a step does one thing; found both "${present[0]}" and "${present[1]}"`, 'split it into two steps');
    return undefined;
  }
  const asEntry = m.get('as');
  if (asEntry && kind !== 'kubectl') {
    ctx.diags.error(ctx.src, asEntry.keyNode, 'unknown-key', `${path}: "as" only applies to kubectl steps`);
  }
  const titleEntry = m.get('title');
  const title = titleEntry ? readString(ctx, titleEntry.value, `${path}.title`) : undefined;
  const base = { number, title: '', pos: posOf(ctx, item), expect: [] as Expectation[] };
  const expectEntry = m.get('expect');
  if (expectEntry) {
    base.expect = readExpectations(ctx, expectEntry.value, `${path}.expect`, {
      // Steps that print something (kubectl, git commit, wait, traffic's curl-like
      // report) can assert their exit code and output.
      command: kind === 'kubectl' || kind === 'git' || kind === 'traffic' || kind === 'wait',
      nodeNames: sc.cluster.nodes.map((n) => n.name),
    });
  }
  const setupEntry = m.get('setup');
  const setup = setupEntry ? readBool(ctx, setupEntry.value, `${path}.setup`) : undefined;
  const continueEntry = m.get('continueOnError');
  const continueOnError = continueEntry ? readBool(ctx, continueEntry.value, `${path}.continueOnError`) : undefined;
  const step = readBody(ctx, kind, m, base, path, sc);
  if (step && title !== undefined) step.title = title;
  if (step && setup === true) step.setup = true;
  if (step && continueOnError === true) step.continueOnError = true;
  return step;
}

type Base = { number: number; pos: KubectlStep['pos']; title: string; expect: Expectation[] };

function readBody(ctx: ReadContext, kind: StepKind, m: Map<string, Entry>, base: Base, path: string, sc: StepContext): ScenarioStep | undefined {
  const e = m.get(kind) as Entry;
  const p = `${path}.${kind}`;
  switch (kind) {
    case 'kubectl':
      return readKubectl(ctx, e, m.get('as'), base, p, sc);
    case 'wait':
      return readWait(ctx, e, base, p);
    case 'advance':
      return readAdvance(ctx, e, base, p, sc.text);
    case 'fault':
      return readFault(ctx, e, base, p, sc.cluster);
    case 'load':
      return readLoad(ctx, e, base, p, sc.text);
    case 'traffic':
      return readTraffic(ctx, e, base, p);
    case 'git':
      return readGit(ctx, e, base, p, sc);
    case 'expect':
      return { type: 'expect', ...base, title: base.expect.length === 0 ? 'Check nothing' : `Check ${base.expect.map(describeExpectation).join('; ')}` };
  }
}

function readKubectl(ctx: ReadContext, e: Entry, asEntry: Entry | undefined, base: Base, path: string, sc: StepContext): KubectlStep | undefined {
  const line = readString(ctx, e.value, path);
  const as = asEntry ? readAs(ctx, asEntry, path.replace(/\.kubectl$/, '.as'), sc.cluster) : 'admin';
  if (line === undefined) return undefined;
  const command = stripKubectl(line);
  const tokens = tokenizeKubectl(line);
  if (!tokens.ok) {
    ctx.diags.error(ctx.src, e.value, 'invalid-command', `${path}: ${tokens.error}`);
    return undefined;
  }
  if (tokens.argv.length === 0) {
    ctx.diags.error(ctx.src, e.value, 'invalid-command', `${path}: empty kubectl command`);
    return undefined;
  }
  // Commands the model does not run fail here, at the word, not at run time (./kubectl-commands.ts).
  const check = checkKubectlCommand(tokens.argv);
  if (!check.ok) {
    ctx.diags.error(ctx.src, wordRange(e.value, sc.text, check.word) ?? e.value, check.code ?? 'kubectl-not-modelled', `${path}: ${check.message}`, check.hint);
    return undefined;
  }
  const step: KubectlStep = { type: 'kubectl', ...base, title: `kubectl ${command}`, command, argv: tokens.argv, as };
  const args = fileArgs(tokens.argv);
  const kustomize = kustomizeArgs(tokens.argv);
  if (args.length > 0 || kustomize.length > 0) {
    step.files = [...sc.resolveFiles(args, e.value as Node, { recursive: isRecursive(tokens.argv) }), ...sc.resolveFiles(kustomize, e.value as Node, { kustomize: true })];
  }
  for (const x of base.expect) {
    if (x.type === 'exit') step.exit = x.equals;
    if (x.type === 'output') step.output = x.contains;
  }
  return step;
}

/** The range of `word` inside a one-line scalar (where it stands as a word), or undefined. */
function wordRange(node: YNode, text: string, word: string): [number, number] | undefined {
  const range = isScalar(node) ? node.range : undefined;
  if (!range || word === '') return undefined;
  const slice = text.slice(range[0], range[1]);
  if (slice.includes('\n')) return undefined;
  const at = new RegExp(`(^|[\\s'"])(${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})(?=$|[\\s'"=])`).exec(slice);
  if (!at) return undefined;
  const start = range[0] + at.index + at[1]!.length;
  return [start, start + word.length];
}

/** The identity of a kubectl step: a declared user, or a service account (implied by its name). */
function readAs(ctx: ReadContext, e: Entry, path: string, cluster: ClusterSpec): string {
  const user = readString(ctx, e.value, path);
  if (user === undefined) return 'admin';
  const names = cluster.users.map((u) => u.name);
  if (names.includes(user)) return user;
  const sa = SERVICE_ACCOUNT.exec(user);
  if (sa) {
    cluster.users.push({ name: user, groups: ['system:serviceaccounts', `system:serviceaccounts:${sa[1]}`] });
    return user;
  }
  const hint = didYouMean(user, names) ?? `users: ${names.join(', ')} (declare more under cluster.users)`;
  ctx.diags.error(ctx.src, e.value, 'unknown-user', `${path}: no user named "${user}"`, hint);
  return 'admin';
}

const SERVICE_ACCOUNT = /^system:serviceaccount:([a-z0-9]([-a-z0-9]*[a-z0-9])?):([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/;

const WAIT_FOR = /^(condition=[^=\s]+(=.+)?|delete|create|jsonpath=.+)$/;

function readWait(ctx: ReadContext, e: Entry, base: Base, path: string): WaitStep | undefined {
  const m = readMap(ctx, e.value, path, ['for', 'object', 'namespace', 'timeout']);
  if (!m) return undefined;
  const forEntry = m.get('for');
  const objEntry = m.get('object');
  if (!forEntry || !objEntry) {
    ctx.diags.error(ctx.src, e.value, 'missing-key', `${path}: missing required key "${forEntry ? 'object' : 'for'}"`);
  }
  const forValue = forEntry ? readString(ctx, forEntry.value, `${path}.for`) : undefined;
  if (forValue !== undefined && !WAIT_FOR.test(forValue)) {
    ctx.diags.error(ctx.src, forEntry?.value, 'invalid-value', `${path}.for: "${forValue}" is not a wait condition`, 'use condition=NAME, condition=NAME=VALUE, delete, create or jsonpath={.path}=VALUE');
  }
  const object = objEntry ? readObjectRef(ctx, objEntry.value, `${path}.object`) : undefined;
  const timeoutEntry = m.get('timeout');
  const timeout = timeoutEntry ? readDuration(ctx, timeoutEntry.value, `${path}.timeout`) : 30_000;
  if (forValue === undefined || object === undefined || timeout === undefined || !WAIT_FOR.test(forValue)) return undefined;
  const step: WaitStep = { type: 'wait', ...base, title: `Wait for ${object} ${forValue}`, for: forValue, object, timeout };
  const ns = m.get('namespace');
  if (ns) setIf(step, 'namespace', readString(ctx, ns.value, `${path}.namespace`));
  return step;
}

/** A Go duration written as a string; a bare number is ambiguous and refused. */
export function readDuration(ctx: ReadContext, node: YNode, path: string): number | undefined {
  if (!isScalar(node) || typeof node.value !== 'string') {
    if (isScalar(node) && typeof node.value === 'number') {
      ctx.diags.error(ctx.src, node, 'invalid-duration', `${path}: ${node.value} has no unit`, `write a duration with a unit, e.g. ${node.value}s`);
    } else wrongType(ctx, node, path, 'a duration such as 30s');
    return undefined;
  }
  const ms = tryParseDuration(node.value);
  if (ms === undefined || ms < 0) {
    ctx.diags.error(ctx.src, node, 'invalid-duration', `${path}: invalid duration "${node.value}"`, 'durations look like 250ms, 30s, 5m or 1h30m');
    return undefined;
  }
  return ms;
}

/** `git: { commit: "message", files: [web.yaml], remove: [old.yaml] }` (needs `cluster.gitops`). */
function readGit(ctx: ReadContext, e: Entry, base: Base, path: string, sc: StepContext): ScenarioStep | undefined {
  const m = readMap(ctx, e.value, path, ['commit', 'files', 'remove']);
  if (!m) return undefined;
  if (!sc.cluster.gitops) {
    ctx.diags.error(ctx.src, e.keyNode, 'missing-key', `${path}: a git step needs cluster.gitops (the repository the GitOps controller syncs)`, 'add cluster.gitops: { repo: …, path: … }');
    return undefined;
  }
  const commitEntry = m.get('commit');
  if (!commitEntry) {
    ctx.diags.error(ctx.src, e.keyNode, 'missing-key', `${path}: "commit" (the commit message) is required`);
    return undefined;
  }
  const message = readString(ctx, commitEntry.value, `${path}.commit`);
  if (message === undefined) return undefined;
  const filesEntry = m.get('files');
  const names = filesEntry ? (readStringList(ctx, filesEntry.value, `${path}.files`) ?? []) : [];
  const files = names.length > 0 ? sc.resolveFiles(names, filesEntry!.value as Node, { expand: true }) : [];
  const removeEntry = m.get('remove');
  const remove = removeEntry ? (readStringList(ctx, removeEntry.value, `${path}.remove`) ?? []) : [];
  return { type: 'git', ...base, title: `git commit -m "${message}"`, message, files, remove };
}

function readAdvance(ctx: ReadContext, e: Entry, base: Base, path: string, text: string): ScenarioStep | undefined {
  const ms = readDuration(ctx, e.value, path);
  if (ms === undefined) return undefined;
  const raw = readScalarText(ctx, e.value, path, text) ?? String(ms);
  return { type: 'advance', ...base, title: `Advance ${raw}`, duration: ms };
}

const FAULT_TARGETS = ['node', 'pod', 'etcd', 'apiServer'] as const;
const FAULT_ACTIONS: Record<(typeof FAULT_TARGETS)[number], readonly FaultStep['action'][]> = {
  node: ['down', 'up', 'delete', 'join'],
  pod: ['crash', 'delete'],
  etcd: ['down', 'up'],
  apiServer: ['down', 'up'],
};

function readFault(ctx: ReadContext, e: Entry, base: Base, path: string, cluster: ClusterSpec): FaultStep | undefined {
  const m = readMap(ctx, e.value, path, [...FAULT_TARGETS, 'action', 'namespace', 'container']);
  if (!m) return undefined;
  const targets = FAULT_TARGETS.filter((t) => m.has(t));
  if (targets.length !== 1) {
    const at = targets.length > 1 ? (m.get(targets[1] as string) as Entry).keyNode : e.value;
    const msg = targets.length > 1 ? `a fault has one target; found ${targets.join(' and ')}` : `missing the target: one of ${FAULT_TARGETS.join(', ')}`;
    ctx.diags.error(ctx.src, at, targets.length > 1 ? 'conflicting-keys' : 'missing-key', `${path}: ${msg}`);
    return undefined;
  }
  const target = targets[0] as (typeof FAULT_TARGETS)[number];
  const targetEntry = m.get(target) as Entry;
  const name = readString(ctx, targetEntry.value, `${path}.${target}`);
  const actionEntry = m.get('action');
  if (!actionEntry) ctx.diags.error(ctx.src, e.value, 'missing-key', `${path}: missing required key "action"`);
  const action = actionEntry ? readEnum(ctx, actionEntry.value, `${path}.action`, FAULT_ACTIONS[target]) : undefined;
  for (const k of ['namespace', 'container']) {
    const x = m.get(k);
    if (x && target !== 'pod') ctx.diags.error(ctx.src, x.keyNode, 'unknown-key', `${path}: "${k}" only applies to pod faults`);
  }
  if (name !== undefined && !checkFaultTarget(ctx, targetEntry.value, path, target, name, cluster)) return undefined;
  if (target === 'node' && action === 'join' && name !== undefined && !cluster.nodes.find((n) => n.name === name)?.joinsLater) {
    ctx.diags.error(ctx.src, actionEntry?.value, 'node-not-joining', `${path}: node "${name}" is registered at boot; only a node with "joins: later" can join`, `add joins: later to ${name} in cluster.nodes, or use action: up to restart its kubelet`);
    return undefined;
  }
  if (name === undefined || action === undefined) return undefined;
  const title = faultTitle(target, name, action);
  if (target !== 'pod') return { type: 'fault', ...base, action, target, name, title };
  const nsEntry = m.get('namespace');
  const namespace = (nsEntry ? readString(ctx, nsEntry.value, `${path}.namespace`) : undefined) ?? 'default';
  const step: FaultStep = { type: 'fault', ...base, action, target: 'pod', name, namespace, title };
  const container = m.get('container');
  if (container) {
    const c = readString(ctx, container.value, `${path}.container`);
    if (c !== undefined) {
      step.container = c;
      step.title = faultTitle('pod', name, action, c);
    }
  }
  return step;
}

function checkFaultTarget(ctx: ReadContext, node: YNode, path: string, target: string, name: string, cluster: ClusterSpec): boolean {
  const names =
    target === 'node'
      ? cluster.nodes.map((n) => n.name)
      : target === 'etcd'
        ? members('etcd', cluster.controlPlane.etcd)
        : target === 'apiServer'
          ? members('apiserver', cluster.controlPlane.apiServers)
          : undefined;
  if (names === undefined || names.includes(name)) return true;
  const what = target === 'node' ? 'node' : target === 'etcd' ? 'etcd member' : 'API server';
  const code = target === 'node' ? 'unknown-node' : 'unknown-member';
  const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')}, …` : names.join(', ');
  ctx.diags.error(ctx.src, node, code, `${path}.${target}: no ${what} named "${name}" in the cluster`, didYouMean(name, names) ?? `the cluster has: ${shown}`);
  return false;
}

/** Control-plane member names the model uses: `etcd-1`, `apiserver-2`. */
export function members(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`);
}

function faultTitle(target: string, name: string, action: string, container?: string): string {
  const subject =
    target === 'node' ? `Node ${name}` : target === 'etcd' ? `etcd member ${name}` : target === 'apiServer' ? `API server ${name}` : container ? `Container ${container} of pod ${name}` : `Pod ${name}`;
  const verb = action === 'down' ? 'goes down' : action === 'up' ? 'comes back up' : action === 'crash' ? 'crashes' : action === 'join' ? 'joins the cluster' : 'is deleted';
  return `${subject} ${verb}`;
}

function readLoad(ctx: ReadContext, e: Entry, base: Base, path: string, text: string): LoadStep | undefined {
  const m = readMap(ctx, e.value, path, ['target', 'namespace', 'cpu', 'memory']);
  if (!m) return undefined;
  const targetEntry = m.get('target');
  if (!targetEntry) ctx.diags.error(ctx.src, e.value, 'missing-key', `${path}: missing required key "target"`);
  const target = targetEntry ? readObjectRef(ctx, targetEntry.value, `${path}.target`) : undefined;
  const cpuEntry = m.get('cpu');
  const memEntry = m.get('memory');
  if (!cpuEntry && !memEntry) ctx.diags.error(ctx.src, e.value, 'missing-key', `${path}: give "cpu", "memory" or both`);
  const cpu = cpuEntry ? readQuantities(ctx, cpuEntry.value, `${path}.cpu`, text, 1000) : [];
  const mem = memEntry ? readQuantities(ctx, memEntry.value, `${path}.memory`, text, 1) : undefined;
  if (target === undefined || cpu === undefined || (memEntry && mem === undefined)) return undefined;
  const parts: string[] = [];
  if (cpuEntry) parts.push(`CPU ${quantityText(ctx, cpuEntry.value, text)}`);
  if (memEntry) parts.push(`memory ${quantityText(ctx, memEntry.value, text)}`);
  const step: LoadStep = { type: 'load', ...base, title: `Load on ${target}: ${parts.join(', ')} per pod`, target, cpuMillis: cpu };
  if (mem !== undefined) step.memoryBytes = mem;
  const ns = m.get('namespace');
  if (ns) setIf(step, 'namespace', readString(ctx, ns.value, `${path}.namespace`));
  return step;
}

function quantityNodes(node: YNode): YNode[] {
  return node && 'items' in node && Array.isArray(node.items) && !isMap(node) ? (node.items as YNode[]) : [node];
}

function quantityText(ctx: ReadContext, node: YNode, text: string): string {
  return quantityNodes(node)
    .map((n, i) => readScalarText(ctx, n, String(i), text) ?? '?')
    .join(', ');
}

/** One quantity or a list of them, in base units × scale. */
function readQuantities(ctx: ReadContext, node: YNode, path: string, text: string, scale: number): number[] | undefined {
  const nodes = quantityNodes(node);
  if (nodes.length === 0) {
    ctx.diags.error(ctx.src, node, 'invalid-value', `${path}: give at least one value`);
    return undefined;
  }
  const out: number[] = [];
  let ok = true;
  nodes.forEach((n, i) => {
    const p = nodes.length > 1 || n !== node ? `${path}[${i}]` : path;
    const raw = readScalarText(ctx, n, p, text);
    const v = raw === undefined ? undefined : tryParseQuantity(raw);
    if (raw !== undefined && (v === undefined || v < 0)) {
      ctx.diags.error(ctx.src, n, 'invalid-quantity', `${p}: invalid quantity "${raw}"`, scale === 1000 ? 'CPU is written like 500m, 2 or 0.5' : 'memory is written like 512Mi, 8Gi or 1G');
    }
    if (v === undefined || v < 0) ok = false;
    else out.push(Math.ceil(Number((v * scale).toFixed(6))));
  });
  return ok ? out : undefined;
}

function readTraffic(ctx: ReadContext, e: Entry, base: Base, path: string): TrafficStep | undefined {
  const m = readMap(ctx, e.value, path, ['from', 'to', 'namespace', 'path', 'port', 'host', 'count']);
  if (!m) return undefined;
  const toEntry = m.get('to');
  if (!toEntry) ctx.diags.error(ctx.src, e.value, 'missing-key', `${path}: missing required key "to"`);
  const to = toEntry ? readString(ctx, toEntry.value, `${path}.to`) : undefined;
  const fromEntry = m.get('from');
  const from = fromEntry ? readString(ctx, fromEntry.value, `${path}.from`) : 'internet';
  const countEntry = m.get('count');
  const count = countEntry ? readInt(ctx, countEntry.value, `${path}.count`, { min: 1, max: 10_000 }) : 1;
  const step: TrafficStep = { type: 'traffic', ...base, title: '', from: from ?? '', to: to ?? '', count: count ?? 1 };
  for (const k of ['namespace', 'path', 'host'] as const) {
    const x = m.get(k);
    if (x) setIf(step, k, readString(ctx, x.value, `${path}.${k}`));
  }
  const port = m.get('port');
  if (port) setIf(step, 'port', readInt(ctx, port.value, `${path}.port`, { min: 1, max: 65535 }));
  if (to === undefined || from === undefined) return undefined;
  step.title = trafficTitle(step);
  return step;
}

function trafficTitle(s: TrafficStep): string {
  const requests = s.count === 1 ? 'a request' : `${s.count} requests`;
  const details = [s.port !== undefined ? `port ${s.port}` : '', s.host ? `host ${s.host}` : '', s.path ? `path ${s.path}` : ''].filter((d) => d !== '');
  return `Send ${requests} from ${s.from} to ${s.to}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
}

/** One-line description of an assertion, for derived titles. */
export function describeExpectation(e: Expectation): string {
  switch (e.type) {
    case 'pods': {
      // "3 Running pods app=web on worker-1"
      const parts: string[] = [];
      if (e.count !== undefined) parts.push(String(e.count));
      if (e.ready !== undefined) parts.push(e.ready ? 'ready' : 'unready');
      if (e.phase) parts.push(e.phase);
      parts.push(e.count === 1 ? 'pod' : 'pods');
      if (e.selector !== '') parts.push(e.selector);
      if (e.node) parts.push(`on ${e.node}`);
      return parts.join(' ');
    }
    case 'object':
      if (e.equals !== undefined) return `${e.object}${e.path ? ` ${e.path}` : ''} = ${JSON.stringify(e.equals)}`;
      return `${e.object}${e.path ? ` ${e.path}` : ''} ${e.exists === false ? 'absent' : 'exists'}`;
    case 'event':
      return `event ${[e.reason, e.object, e.message ? JSON.stringify(e.message) : undefined].filter((x) => x !== undefined).join(' ')}`;
    case 'trace': {
      const parts = [e.from ? `from ${e.from}` : '', e.to ? `to ${e.to}` : '', e.contains ? JSON.stringify(e.contains) : ''].filter((p) => p !== '');
      return `${e.absent ? 'no ' : ''}trace ${parts.join(' ')}`;
    }
    case 'exit':
      return `exit ${e.equals}`;
    case 'output':
      return `output ${JSON.stringify(e.contains)}`;
  }
}
