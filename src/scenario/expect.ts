/** `expect:` assertions: on the cluster (pods, object, event, trace) and on a kubectl command (exit, output). */
import { isMap, isSeq, type Node } from 'yaml';
import type { Expectation } from './types.ts';
import { parseSelector } from './selector.ts';
import { didYouMean } from './suggest.ts';
import {
  posOf,
  readBool,
  readEnum,
  readInt,
  readMap,
  readString,
  toJs,
  wrongType,
  type Entry,
  type ReadContext,
  type YNode,
} from './read.ts';

const CLUSTER_KINDS = ['pods', 'object', 'event', 'trace'] as const;
const COMMAND_KINDS = ['exit', 'output'] as const;
const POD_PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] as const;

export interface ExpectOptions {
  /** kubectl steps may also assert on the command's exit code and output. */
  command: boolean;
  nodeNames: readonly string[];
}

/** A list of assertions, or (kubectl steps) a map `{exit, output}`. */
export function readExpectations(ctx: ReadContext, node: YNode, path: string, opts: ExpectOptions): Expectation[] {
  if (opts.command && isMap(node)) return readCommandMap(ctx, node, path);
  if (!isSeq(node)) {
    wrongType(ctx, node, path, opts.command ? 'a list of assertions or a map with exit and output' : 'a list of assertions');
    return [];
  }
  const out: Expectation[] = [];
  node.items.forEach((item, i) => {
    const e = readAssertion(ctx, item as Node, `${path}[${i}]`, opts);
    if (e) out.push(e);
  });
  return out;
}

function readCommandMap(ctx: ReadContext, node: Node, path: string): Expectation[] {
  const m = readMap(ctx, node, path, COMMAND_KINDS);
  if (!m) return [];
  const out: Expectation[] = [];
  for (const kind of COMMAND_KINDS) {
    const e = m.get(kind);
    if (e) {
      const x = readCommandAssertion(ctx, kind, e, `${path}.${kind}`);
      if (x) out.push(x);
    }
  }
  return out;
}

function readCommandAssertion(ctx: ReadContext, kind: 'exit' | 'output', e: Entry, path: string): Expectation | undefined {
  const pos = posOf(ctx, e.keyNode);
  if (kind === 'exit') {
    const v = readInt(ctx, e.value, path, { min: 0, max: 255 });
    return v === undefined ? undefined : { type: 'exit', pos, equals: v };
  }
  const s = readString(ctx, e.value, path);
  return s === undefined ? undefined : { type: 'output', pos, contains: s };
}

const ALL_KEYS = ['pods', 'object', 'event', 'trace', 'exit', 'output', 'namespace', 'path', 'equals', 'exists'];

function readAssertion(ctx: ReadContext, item: Node, path: string, opts: ExpectOptions): Expectation | undefined {
  if (!isMap(item)) {
    wrongType(ctx, item, path, 'a map (one of pods, object, event, trace)');
    return undefined;
  }
  const kinds: readonly string[] = opts.command ? [...CLUSTER_KINDS, ...COMMAND_KINDS] : CLUSTER_KINDS;
  const keys = item.items.map((p) => String((p.key as { value?: unknown } | null)?.value ?? ''));
  const kind = keys.find((k) => kinds.includes(k));
  if (kind === undefined) {
    const typo = keys.map((k) => didYouMean(k, kinds)).find((h) => h !== undefined);
    ctx.diags.error(ctx.src, item, typo ? 'unknown-key' : 'missing-key', `${path}: an assertion needs one of ${kinds.join(', ')}`, typo);
    return undefined;
  }
  const allowed = kind === 'object' ? ['object', 'namespace', 'path', 'equals', 'exists'] : [kind];
  const m = readMap(ctx, item, path, allowed.filter((k) => ALL_KEYS.includes(k)));
  if (!m) return undefined;
  const e = m.get(kind) as Entry;
  switch (kind) {
    case 'exit':
    case 'output':
      return readCommandAssertion(ctx, kind, e, `${path}.${kind}`);
    case 'pods':
      return readPods(ctx, e, `${path}.pods`, opts);
    case 'object':
      return readObjectAssertion(ctx, m, path);
    case 'event':
      return readEvent(ctx, e, `${path}.event`);
    default:
      return readTrace(ctx, e, `${path}.trace`);
  }
}

function readPods(ctx: ReadContext, e: Entry, path: string, opts: ExpectOptions): Expectation | undefined {
  const m = readMap(ctx, e.value, path, ['selector', 'namespace', 'phase', 'count', 'node', 'ready']);
  if (!m) return undefined;
  const out: Extract<Expectation, { type: 'pods' }> = { type: 'pods', pos: posOf(ctx, e.keyNode), selector: '' };
  const sel = m.get('selector');
  if (sel) {
    const s = readString(ctx, sel.value, `${path}.selector`);
    if (s !== undefined) {
      const parsed = parseSelector(s);
      if (!parsed.ok) ctx.diags.error(ctx.src, sel.value, 'invalid-selector', `${path}.selector: ${parsed.error}`);
      out.selector = s;
    }
  }
  const ns = m.get('namespace');
  if (ns) setIf(out, 'namespace', readString(ctx, ns.value, `${path}.namespace`));
  const phase = m.get('phase');
  if (phase) setIf(out, 'phase', readEnum(ctx, phase.value, `${path}.phase`, POD_PHASES));
  const count = m.get('count');
  if (count) setIf(out, 'count', readInt(ctx, count.value, `${path}.count`, { min: 0 }));
  const node = m.get('node');
  if (node) {
    const n = readString(ctx, node.value, `${path}.node`);
    if (n !== undefined && !opts.nodeNames.includes(n)) {
      ctx.diags.error(ctx.src, node.value, 'unknown-node', `${path}.node: no node named "${n}" in the cluster`, didYouMean(n, opts.nodeNames));
    }
    setIf(out, 'node', n);
  }
  const ready = m.get('ready');
  if (ready) setIf(out, 'ready', readBool(ctx, ready.value, `${path}.ready`));
  return out;
}

function readObjectAssertion(ctx: ReadContext, m: Map<string, Entry>, path: string): Expectation | undefined {
  const e = m.get('object') as Entry;
  const object = readObjectRef(ctx, e.value, `${path}.object`);
  const out: Extract<Expectation, { type: 'object' }> = { type: 'object', pos: posOf(ctx, e.keyNode), object: object ?? '', path: '' };
  const ns = m.get('namespace');
  if (ns) setIf(out, 'namespace', readString(ctx, ns.value, `${path}.namespace`));
  const p = m.get('path');
  if (p) out.path = readString(ctx, p.value, `${path}.path`) ?? '';
  const eq = m.get('equals');
  if (eq) out.equals = toJs(ctx, eq.value);
  const ex = m.get('exists');
  if (ex) setIf(out, 'exists', readBool(ctx, ex.value, `${path}.exists`));
  if (eq && ex) ctx.diags.error(ctx.src, ex.keyNode, 'conflicting-keys', `${path}: use either "equals" or "exists", not both`);
  if (!eq && !ex) out.exists = true;
  return object === undefined ? undefined : out;
}

/** `TYPE/NAME`, e.g. `deployment/web`. */
export function readObjectRef(ctx: ReadContext, node: YNode, path: string): string | undefined {
  const s = readString(ctx, node, path);
  if (s === undefined) return undefined;
  if (!/^[^/\s]+\/[^/\s]+$/.test(s)) {
    ctx.diags.error(ctx.src, node, 'invalid-value', `${path}: "${s}" is not an object reference`, 'write TYPE/NAME, e.g. deployment/web');
    return undefined;
  }
  ctx.refs?.push({ type: s.slice(0, s.indexOf('/')), node: node as Node, path });
  return s;
}

function readEvent(ctx: ReadContext, e: Entry, path: string): Expectation | undefined {
  const m = readMap(ctx, e.value, path, ['reason', 'message', 'object', 'count']);
  if (!m) return undefined;
  const out: Extract<Expectation, { type: 'event' }> = { type: 'event', pos: posOf(ctx, e.keyNode) };
  const reason = m.get('reason');
  if (reason) setIf(out, 'reason', readString(ctx, reason.value, `${path}.reason`));
  const message = m.get('message');
  if (message) setIf(out, 'message', readString(ctx, message.value, `${path}.message`));
  const object = m.get('object');
  if (object) setIf(out, 'object', readObjectRef(ctx, object.value, `${path}.object`));
  const count = m.get('count');
  if (count) setIf(out, 'count', readInt(ctx, count.value, `${path}.count`, { min: 0 }));
  if (!reason && !message && !object) {
    ctx.diags.error(ctx.src, e.value, 'missing-key', `${path}: give at least one of reason, message, object`);
  }
  return out;
}

function readTrace(ctx: ReadContext, e: Entry, path: string): Expectation | undefined {
  const m = readMap(ctx, e.value, path, ['from', 'to', 'contains', 'absent']);
  if (!m) return undefined;
  const out: Extract<Expectation, { type: 'trace' }> = { type: 'trace', pos: posOf(ctx, e.keyNode) };
  for (const k of ['from', 'to', 'contains'] as const) {
    const v = m.get(k);
    if (v) setIf(out, k, readString(ctx, v.value, `${path}.${k}`));
  }
  const absent = m.get('absent');
  if (absent) setIf(out, 'absent', readBool(ctx, absent.value, `${path}.absent`));
  if (!m.has('from') && !m.has('to') && !m.has('contains')) {
    ctx.diags.error(ctx.src, e.value, 'missing-key', `${path}: give at least one of from, to, contains`);
  }
  return out;
}

/** Set an optional field only when the value was read (no `key: undefined` in the output). */
export function setIf<T extends object, K extends keyof T>(obj: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) obj[key] = value;
}
