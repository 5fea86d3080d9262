/**
 * Structure-aware mutations for the fuzz test (issue 12, item 8).
 *
 * A fuzz case is a seed (one of the gallery scenarios in scenarios/, or one
 * of the corpus manifests in ../shared/corpus wrapped in a scenario that
 * applies it) and a short list of mutations. Each mutation is plain data
 * (a kind and a few natural numbers, read modulo whatever they index), so
 * fast-check generates and shrinks cases, and a case written to a file
 * replays exactly. Mutations work at three levels:
 * - AST: parse with the `yaml` library, change the document (type swaps,
 *   deleted/duplicated keys, huge/negative numbers, unicode, anchors and
 *   aliases), stringify;
 * - YAML text: tabs in indentation, anchors/tags/indicators, alias bombs,
 *   deep nesting, duplicated/deleted lines;
 * - bytes: truncation at a random UTF-8 byte offset (possibly inside a
 *   multi-byte character).
 *
 * Nothing here uses Math.random or the clock: the same case gives the same
 * text on every machine.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, Pair, Scalar, visit, YAMLMap, YAMLSeq, type Document, type Node as YamlNode } from 'yaml';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CORPUS = resolve(ROOT, '../shared/corpus');

/** One input: a scenario and the files its `-f` flags name (relative to it). */
export interface Seed {
  name: string;
  /** Scenario text. */
  scenario: string;
  /** Files next to the scenario, by relative path. */
  files: Record<string, string>;
  /** The file the mutations apply to: the scenario itself or one manifest. */
  target: 'scenario' | string;
}

/** The scenario a corpus manifest is applied by. */
function wrap(name: string): string {
  return `kubescene: v1
name: fuzz-${name.replace(/[^a-z0-9-]/gi, '-').toLowerCase()}
title: Corpus manifest ${name}
cluster:
  nodes:
    - { name: worker-1 }
    - { name: worker-2 }
steps:
  - kubectl: apply -f manifest.yaml
  - advance: 30s
  - kubectl: get pods
`;
}

/** Every seed, sorted by name: gallery scenarios first, then corpus manifests (when ../shared/corpus exists). */
export function loadSeeds(): Seed[] {
  const seeds: Seed[] = [];
  const dir = join(ROOT, 'scenarios');
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const text = readFileSync(join(dir, f), 'utf8');
    // Files named by -f that live next to the scenario (most scenarios carry them inline under files:).
    const files: Record<string, string> = {};
    for (const m of text.matchAll(/-f\s+([\w./-]+\.ya?ml)/g)) {
      const p = join(dir, m[1]!);
      if (existsSync(p) && statSync(p).isFile()) files[m[1]!] = readFileSync(p, 'utf8');
    }
    seeds.push({ name: `scenarios/${f}`, scenario: text, files, target: 'scenario' });
  }
  if (existsSync(CORPUS)) {
    for (const sub of readdirSync(CORPUS).sort()) {
      const subdir = join(CORPUS, sub);
      if (!statSync(subdir).isDirectory()) continue;
      for (const f of readdirSync(subdir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
        const manifest = readFileSync(join(subdir, f), 'utf8');
        seeds.push({ name: `corpus/${sub}/${f}`, scenario: wrap(`${sub}-${f.replace(/\.ya?ml$/, '')}`), files: { 'manifest.yaml': manifest }, target: 'manifest.yaml' });
      }
    }
  }
  return seeds;
}

export const MUTATIONS = [
  // AST level
  'type-swap',
  'delete-key',
  'duplicate-key',
  'number',
  'unicode',
  'anchor-alias',
  'deep-nesting',
  'empty',
  // text level
  'tab',
  'noise',
  'alias-bomb',
  'dup-line',
  'delete-line',
  'unicode-text',
  // bytes
  'truncate',
] as const;
export type MutationKind = (typeof MUTATIONS)[number];

export interface Mutation {
  kind: MutationKind;
  /** Which node / line / offset (modulo their count). */
  at: number;
  /** Which replacement (modulo the choices of the kind). */
  pick: number;
}

export interface FuzzCase {
  /** Index into the seeds (modulo their count). */
  seed: number;
  mutations: Mutation[];
}

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom(...MUTATIONS),
  at: fc.nat({ max: 1_000_000 }),
  pick: fc.nat({ max: 1_000 }),
});

export const caseArb: fc.Arbitrary<FuzzCase> = fc.record({
  seed: fc.nat({ max: 10_000 }),
  mutations: fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
});

/** Huge, negative, fractional and special numbers (YAML spellings), and numbers as strings. */
const NUMBERS = ['-1', '0', '-0', '2147483648', '9007199254740993', '1e308', '-1e308', '1e400', '.inf', '-.inf', '.nan', '0.5', '-2.5', '10000000', '0x7fffffff', '0o777', '1_000', '"3"', '"-1"', '99999999999999999999999'];

/** Unicode that has bitten parsers and terminals: bidi overrides, controls, separators, astral, combining, BOM. */
const UNICODE = [
  'abc\u202Egpj.exe',
  '\u2066isolate\u2069',
  'esc\u001b[31mred\u001b[0m',
  'nul\u0000byte',
  'bell\u0007',
  'c1\u0085\u009b',
  'line\u2028sep\u2029para',
  'zero\u200bwidth\u200d',
  '\ufeffbom',
  '😀🚀',
  'e\u0301\u0301\u0301',
  'ﬁ',
  'İstanbul',
  '\uD800',
  'رسالة',
  'x'.repeat(300),
  '',
  ' ',
  'a\tb',
  'web\nnext',
  '${HOME}$(id)`id`',
  '<img src=x onerror=alert(1)>',
  '[x](javascript:alert(1))',
  '../../etc/passwd',
  '-rf',
  'Pod',
];

/** Text inserted at a random offset: YAML indicators, anchors, tags, directives. */
const NOISE = ['\t', ' ', '\n', ':', ': ', '- ', '[', ']', '{', '}', '"', "'", '&a ', '*a', '!!str ', '!!binary ', '!<tag:x> ', '? ', '%YAML 1.1\n---\n', '---\n', '...\n', '#', '|', '>-', ',', '<<: *a\n', '\r', '\r\n', '\u00a0', '@', '`'];

const fromBytes = (b: Uint8Array): string => new TextDecoder('utf-8').decode(b);

/** A billion-laughs document (levels × fan-out), as YAML text. */
function aliasBomb(levels: number, fan: number): string {
  const lines = ['a0: &a0 [lol]'];
  for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: fan }, () => `*a${i - 1}`).join(', ')}]`);
  return lines.join('\n');
}

function nested(depth: number, kind: number): string {
  switch (kind % 3) {
    case 0:
      return '['.repeat(depth) + ']'.repeat(depth);
    case 1:
      return '{a: '.repeat(depth) + '1' + '}'.repeat(depth);
    default:
      return Array.from({ length: Math.min(depth, 400) }, (_, i) => `${'  '.repeat(i)}- `).join('\n') + 'x';
  }
}

/** Every node of every document, in document order (pairs, maps, sequences, scalars, aliases). */
function nodesOf(docs: Document[]): unknown[] {
  const out: unknown[] = [];
  for (const d of docs) {
    visit(d, {
      Pair: (_, n) => void out.push(n),
      Map: (_, n) => void out.push(n),
      Seq: (_, n) => void out.push(n),
      Scalar: (_, n) => void out.push(n),
      Alias: (_, n) => void out.push(n),
    });
  }
  return out;
}

/** Replaces `target` wherever it sits in the documents with `by` (a node, or undefined to delete it). */
function replaceNode(docs: Document[], target: unknown, by: YamlNode | Pair | undefined): void {
  for (const d of docs) {
    if (d.contents === target) {
      d.contents = (by as YamlNode | undefined) ?? null;
      return;
    }
    visit(d, {
      Node: (_, n) => (n === target ? (by === undefined ? visit.REMOVE : (by as YamlNode)) : undefined),
      Pair: (_, n) => (n === target ? (by === undefined ? visit.REMOVE : (by as Pair)) : undefined),
    });
  }
}

function scalarFrom(text: string, docs: Document[]): YamlNode {
  // Parse the spelling so "1e308" is a number, ".nan" is NaN, '"3"' is a string.
  const v: unknown = parseAllDocuments(`x: ${text}`)[0]?.toJS() as unknown;
  const value = v !== null && typeof v === 'object' && 'x' in v ? (v as { x: unknown }).x : text;
  return docs[0]!.createNode(value) as YamlNode;
}

/** A mutation of the AST; returns undefined when the text does not parse (text-level mutations still apply). */
function mutateAst(text: string, m: Mutation): string | undefined {
  let docs: Document[];
  try {
    docs = parseAllDocuments(text, { uniqueKeys: false }) as Document[];
  } catch {
    return undefined;
  }
  if (!Array.isArray(docs) || docs.length === 0 || docs.some((d) => d.errors.length > 0)) return undefined;
  const nodes = nodesOf(docs);
  if (nodes.length === 0) return undefined;
  const node = nodes[m.at % nodes.length];
  const doc = docs[0]!;
  switch (m.kind) {
    case 'type-swap': {
      const choices: (() => YamlNode)[] = [
        () => doc.createNode('text') as YamlNode,
        () => doc.createNode(42) as YamlNode,
        () => doc.createNode(true) as YamlNode,
        () => new Scalar(null) as YamlNode,
        () => doc.createNode([]) as YamlNode,
        () => doc.createNode({}) as YamlNode,
        () => doc.createNode(['a', 1]) as YamlNode,
        () => doc.createNode({ a: 1 }) as YamlNode,
      ];
      const by = choices[m.pick % choices.length]!();
      if (isPair(node)) node.value = by;
      else replaceNode(docs, node, by);
      break;
    }
    case 'delete-key': {
      const pairs = nodes.filter(isPair);
      if (pairs.length === 0) return undefined;
      replaceNode(docs, pairs[m.at % pairs.length], undefined);
      break;
    }
    case 'duplicate-key': {
      const maps = nodes.filter(isMap) as YAMLMap[];
      const withItems = maps.filter((mp) => mp.items.length > 0);
      if (withItems.length === 0) return undefined;
      const map = withItems[m.at % withItems.length]!;
      const pair = map.items[m.pick % map.items.length]!;
      // Same key, the value cloned or swapped for a scalar.
      const value = m.pick % 2 === 0 && pair.value && typeof (pair.value as YamlNode).clone === 'function' ? (pair.value as YamlNode).clone() : doc.createNode('dup');
      map.items.splice((m.pick >> 1) % (map.items.length + 1), 0, new Pair((pair.key as YamlNode)?.clone?.() ?? pair.key, value));
      break;
    }
    case 'number': {
      const scalars = nodes.filter(isScalar);
      if (scalars.length === 0) return undefined;
      const s = scalars[m.at % scalars.length]!;
      replaceNode(docs, s, scalarFrom(NUMBERS[m.pick % NUMBERS.length]!, docs));
      break;
    }
    case 'unicode': {
      const scalars = nodes.filter(isScalar) as Scalar[];
      if (scalars.length === 0) return undefined;
      const s = scalars[m.at % scalars.length]!;
      const u = UNICODE[m.pick % UNICODE.length]!;
      // Prefix, suffix or replace the value (keys included).
      const old = String(s.value ?? '');
      s.value = m.pick % 3 === 0 ? u : m.pick % 3 === 1 ? old + u : u + old;
      s.type = undefined;
      break;
    }
    case 'anchor-alias': {
      const targets = nodes.filter((n) => isMap(n) || isSeq(n) || isScalar(n)) as YamlNode[];
      if (targets.length < 2) return undefined;
      const src = targets[m.at % targets.length]!;
      const dst = targets[(m.at + 1 + m.pick) % targets.length]!;
      if (src === dst) return undefined;
      const anchor = `f${m.pick}`;
      src.anchor = anchor;
      // The alias may come before its anchor (an undefined alias) or refer to an ancestor (a cycle).
      replaceNode(docs, dst, doc.createAlias(src as never, anchor) as unknown as YamlNode);
      break;
    }
    case 'deep-nesting': {
      const values = nodes.filter((n) => isScalar(n) || isMap(n) || isSeq(n)) as YamlNode[];
      if (values.length === 0) return undefined;
      const v = values[m.at % values.length]!;
      const marker = `FUZZNEST${m.at}`;
      replaceNode(docs, v, doc.createNode(marker) as YamlNode);
      const depth = [50, 500, 5000][m.pick % 3]!;
      return stringifyDocs(docs)?.replace(marker, nested(depth, m.pick));
    }
    case 'empty': {
      const colls = nodes.filter((n) => isMap(n) || isSeq(n)) as (YAMLMap | YAMLSeq)[];
      if (colls.length === 0) return undefined;
      colls[m.at % colls.length]!.items = [];
      break;
    }
    default:
      return undefined;
  }
  return stringifyDocs(docs);
}

/** The documents as text; undefined when the mutation made them unprintable (e.g. an alias to its own ancestor). */
function stringifyDocs(docs: Document[]): string | undefined {
  try {
    return docs.map((d) => d.toString({ lineWidth: 0 })).join(docs.length > 1 ? '---\n' : '');
  } catch {
    return undefined;
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

function mutateText(text: string, m: Mutation): string {
  switch (m.kind) {
    case 'tab': {
      const starts = lineStarts(text);
      const at = starts[m.at % starts.length]!;
      // A tab in the indentation (YAML forbids it) or instead of it.
      return m.pick % 2 === 0 ? text.slice(0, at) + '\t' + text.slice(at) : text.slice(0, at) + text.slice(at).replace(/^ +/, '\t');
    }
    case 'noise': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + NOISE[m.pick % NOISE.length]! + text.slice(at);
    }
    case 'alias-bomb': {
      const bomb = aliasBomb(4 + (m.pick % 7), 3 + (m.pick % 7));
      const starts = lineStarts(text);
      const at = starts[m.at % starts.length]!;
      // At the top level (a new key), or replacing the document.
      return m.pick % 4 === 0 ? bomb + '\n' : text.slice(0, at) + bomb + '\n' + text.slice(at);
    }
    case 'dup-line':
    case 'delete-line': {
      const lines = text.split('\n');
      const i = m.at % lines.length;
      if (m.kind === 'dup-line') lines.splice((m.at + m.pick) % lines.length, 0, lines[i]!);
      else lines.splice(i, 1 + (m.pick % 3));
      return lines.join('\n');
    }
    case 'unicode-text': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + UNICODE[m.pick % UNICODE.length]! + text.slice(at);
    }
    case 'truncate': {
      const bytes = new TextEncoder().encode(text);
      return fromBytes(bytes.subarray(0, m.at % (bytes.length + 1)));
    }
    default:
      return text;
  }
}

const AST_KINDS = new Set<MutationKind>(['type-swap', 'delete-key', 'duplicate-key', 'number', 'unicode', 'anchor-alias', 'deep-nesting', 'empty']);

/** One mutation of `text` (an AST mutation falls back to inserting noise when the text no longer parses). */
export function mutate(text: string, m: Mutation): string {
  if (AST_KINDS.has(m.kind)) return mutateAst(text, m) ?? mutateText(text, { ...m, kind: 'noise' });
  return mutateText(text, m);
}

/** The inputs of one case: the scenario text and its files, the seed's target mutated. */
export function materialize(seeds: readonly Seed[], c: FuzzCase): { seed: Seed; scenario: string; files: Record<string, string> } {
  const seed = seeds[c.seed % seeds.length]!;
  let text = seed.target === 'scenario' ? seed.scenario : seed.files[seed.target]!;
  for (const m of c.mutations) text = mutate(text, m);
  if (seed.target === 'scenario') return { seed, scenario: text, files: { ...seed.files } };
  return { seed, scenario: seed.scenario, files: { ...seed.files, [seed.target]: text } };
}
