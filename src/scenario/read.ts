/**
 * Typed readers over YAML nodes for the scenario schema. Each reader reports
 * what is wrong (wrong type, unknown key, bad value) and returns undefined, so
 * that the caller can go on and report the next problem.
 */
import { isMap, isScalar, isSeq, isAlias, visit, type Alias, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { SourcePosition } from '../common/diagnostic.ts';
import { rangeOf, type Diagnostics, type Source } from './source.ts';
import { didYouMean } from './suggest.ts';

/** Everything a reader needs: where the node comes from and where problems go. */
export interface ReadContext {
  src: Source;
  diags: Diagnostics;
  doc: Document;
  /** The text the document was parsed from (node ranges are offsets into it). */
  text: string;
  /**
   * `TYPE/NAME` references seen so far, checked once every file is read (a
   * CRD applied from a file makes its own types valid).
   */
  refs?: ObjectRef[];
  /** The manifests read so far (their `kind:` node), checked once every file is read against the CRDs among them (./custom-kinds.ts). */
  kinds?: KindUse[];
}

export interface KindUse {
  src: Source;
  node: Node;
  apiVersion: string;
  kind: string;
  /** `Widget "w1"`. */
  label: string;
  /** The manifest as read, and the YAML node of the field at a JSON path (its key), for checks against a CRD's schema. */
  obj?: Record<string, unknown>;
  at?: (path: readonly string[]) => Node;
}

export interface ObjectRef {
  type: string;
  node: Node;
  path: string;
}

export type YNode = Node | null | undefined;

/** "a map", "a list", "a string", "a number", "a boolean", "null". */
export function describeNode(node: YNode): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isAlias(node)) return 'an alias';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'null';
    if (typeof v === 'string') return 'a string';
    if (typeof v === 'number' || typeof v === 'bigint') return 'a number';
    if (typeof v === 'boolean') return 'a boolean';
  }
  return 'a value';
}

export function wrongType(ctx: ReadContext, node: YNode, path: string, expected: string): void {
  ctx.diags.error(ctx.src, node, 'wrong-type', `${path}: expected ${expected}, found ${describeNode(node)}`);
}

/** 1-based position of a node, for the typed Scenario. */
export function posOf(ctx: ReadContext, node: YNode | Pair): SourcePosition {
  return ctx.src.position(rangeOf(node ?? undefined)?.[0] ?? 0);
}

/** The source text of a node (e.g. `1.30` as written, not the float 1.3). */
export function sourceText(text: string, node: YNode): string | undefined {
  if (!node || !node.range) return undefined;
  return text.slice(node.range[0], node.range[1]);
}

export interface Entry {
  key: string;
  pair: Pair;
  keyNode: Node;
  value: YNode;
}

/**
 * Read a map with a known set of keys. Unknown keys are reported with a "did
 * you mean"; non-string keys too. Returns the entries by key, in source order.
 */
export function readMap(ctx: ReadContext, node: YNode, path: string, allowed: readonly string[]): Map<string, Entry> | undefined {
  if (!isMap(node)) {
    wrongType(ctx, node, path, 'a map');
    return undefined;
  }
  const out = new Map<string, Entry>();
  for (const pair of (node as YAMLMap<unknown, unknown>).items) {
    const keyNode = pair.key as Node;
    const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
    if (key === undefined) {
      ctx.diags.error(ctx.src, keyNode, 'wrong-type', `${path}: keys must be strings`);
      continue;
    }
    if (!allowed.includes(key)) {
      const where = path === '' ? 'at the top level' : `in ${path}`;
      const hint = didYouMean(key, allowed) ?? `allowed keys: ${allowed.join(', ')}`;
      ctx.diags.error(ctx.src, keyNode, 'unknown-key', `unknown key "${key}" ${where}`, hint);
      continue;
    }
    out.set(key, { key, pair: pair as Pair, keyNode, value: pair.value as YNode });
  }
  return out;
}

/** A map whose keys are free (labels, files): entries in source order. */
export function readFreeMap(ctx: ReadContext, node: YNode, path: string): Entry[] | undefined {
  if (!isMap(node)) {
    wrongType(ctx, node, path, 'a map');
    return undefined;
  }
  const out: Entry[] = [];
  for (const pair of (node as YAMLMap<unknown, unknown>).items) {
    const keyNode = pair.key as Node;
    if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') {
      ctx.diags.error(ctx.src, keyNode, 'wrong-type', `${path}: keys must be strings`);
      continue;
    }
    out.push({ key: String(keyNode.value), pair: pair as Pair, keyNode, value: pair.value as YNode });
  }
  return out;
}

export function readSeq(ctx: ReadContext, node: YNode, path: string): Node[] | undefined {
  if (!isSeq(node)) {
    wrongType(ctx, node, path, 'a list');
    return undefined;
  }
  return (node as YAMLSeq<unknown>).items as Node[];
}

export function readString(ctx: ReadContext, node: YNode, path: string): string | undefined {
  if (isScalar(node) && typeof node.value === 'string') return node.value;
  wrongType(ctx, node, path, 'a string');
  return undefined;
}

/** A string, accepting numbers and booleans as written (`cpu: 2`, `value: 1.30`). */
export function readScalarText(ctx: ReadContext, node: YNode, path: string, text: string): string | undefined {
  if (isScalar(node) && typeof node.value === 'string') return node.value;
  if (isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'bigint')) {
    return sourceText(text, node) ?? String(node.value);
  }
  wrongType(ctx, node, path, 'a string');
  return undefined;
}

export function readInt(
  ctx: ReadContext,
  node: YNode,
  path: string,
  bounds: { min?: number; max?: number } = {},
): number | undefined {
  if (!isScalar(node) || typeof node.value !== 'number' || !Number.isInteger(node.value)) {
    wrongType(ctx, node, path, 'an integer');
    return undefined;
  }
  const v = node.value;
  if ((bounds.min !== undefined && v < bounds.min) || (bounds.max !== undefined && v > bounds.max)) {
    const range =
      bounds.max === undefined ? `at least ${bounds.min}` : bounds.min === undefined ? `at most ${bounds.max}` : `between ${bounds.min} and ${bounds.max}`;
    ctx.diags.error(ctx.src, node, 'invalid-value', `${path}: must be ${range}, found ${v}`);
    return undefined;
  }
  return v;
}

export function readBool(ctx: ReadContext, node: YNode, path: string): boolean | undefined {
  if (isScalar(node) && typeof node.value === 'boolean') return node.value;
  wrongType(ctx, node, path, 'a boolean (true or false)');
  return undefined;
}

export function readEnum<T extends string>(ctx: ReadContext, node: YNode, path: string, values: readonly T[]): T | undefined {
  const s = readString(ctx, node, path);
  if (s === undefined) return undefined;
  if ((values as readonly string[]).includes(s)) return s as T;
  const hint = didYouMean(s, values) ?? `expected one of: ${values.join(', ')}`;
  ctx.diags.error(ctx.src, node, 'invalid-value', `${path}: "${s}" is not one of ${values.join(', ')}`, hint);
  return undefined;
}

export function readStringList(ctx: ReadContext, node: YNode, path: string): string[] | undefined {
  const items = readSeq(ctx, node, path);
  if (!items) return undefined;
  const out: string[] = [];
  let ok = true;
  items.forEach((item, i) => {
    const s = readString(ctx, item, `${path}[${i}]`);
    if (s === undefined) ok = false;
    else out.push(s);
  });
  return ok ? out : undefined;
}

/** The plain JS value of a node (for `equals:` and manifests). */
export function toJs(ctx: ReadContext, node: YNode): unknown {
  if (node === null || node === undefined) return null;
  // An alias inside its own anchor makes a cyclic value that every later reader recurses into forever.
  const cyclic = selfAlias(ctx, node);
  if (cyclic) {
    ctx.diags.error(ctx.src, cyclic, 'yaml-syntax', `alias "*${cyclic.source}" refers to its own anchor`, 'an anchor cannot contain itself');
    return null;
  }
  try {
    return node.toJS(ctx.doc, { maxAliasCount: 100 });
  } catch (err) {
    // Unresolved aliases and alias bombs surface only here.
    ctx.diags.error(ctx.src, node, 'yaml-syntax', (err as Error).message.replace(/\.$/, ''));
    return null;
  }
}

/** The first alias under `node` that lies inside the node its anchor names (a cycle), if any. */
function selfAlias(ctx: ReadContext, node: NonNullable<YNode>): Alias | undefined {
  let found: Alias | undefined;
  visit(node as Node, {
    Alias(_key, alias) {
      const target = alias.resolve(ctx.doc);
      if (!target) return undefined;
      let inside = false;
      visit(target, { Alias: (_k, a) => (a === alias ? ((inside = true), visit.BREAK) : undefined) });
      if (!inside) return undefined;
      found = alias;
      return visit.BREAK;
    },
  });
  return found;
}
