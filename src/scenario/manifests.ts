/**
 * Manifests: the objects of one file (inline in `files:` or read from disk),
 * checked against the Kubernetes schema with positions. Kinds the cluster does
 * not serve are kept as they are: kubectl reports them at run time.
 */
import { isMap, isScalar, isSeq, parseAllDocuments, stringify, LineCounter, type Document, type Node, type Scalar } from 'yaml';
import type { KubeObject } from './types.ts';
import { linePositions, Source } from './source.ts';
import { describeNode, toJs, type KindUse, type ReadContext, type YNode } from './read.ts';
import { hasSchema, validateAgainstSchema, type SchemaError } from './schema.ts';
import { tryParseQuantity } from './quantity.ts';
import { commandGaps, coverageGaps } from './coverage.ts';
import { REVIEW_KINDS } from './kinds.ts';
import type { Diagnostics } from './source.ts';

/** Objects of an inline `files:` value: an object, a list of objects or a YAML string. */
export function manifestsFromInline(ctx: ReadContext, node: YNode, path: string, scenarioText: string): { objects: KubeObject[]; text: string } {
  if (isMap(node)) {
    const obj = checkManifest(ctx, node);
    const objects = obj ?? [];
    return { objects, text: objectsText(objects) };
  }
  if (isSeq(node)) {
    const objects = node.items.flatMap((item) => checkManifest(ctx, item as Node) ?? []);
    return { objects, text: objectsText(objects) };
  }
  if (isScalar(node) && typeof node.value === 'string') {
    const src = embeddedSource(ctx.src.file, scenarioText, node);
    return { objects: manifestsFromText(ctx.diags, src, node.value, ctx.kinds), text: node.value };
  }
  ctx.diags.error(
    ctx.src,
    node,
    'wrong-type',
    `${path}: expected a Kubernetes object, a list of objects or a multi-document YAML string, found ${describeNode(node)}`,
  );
  return { objects: [], text: '' };
}

/** Deterministic text for inline objects (digests, last-applied configuration). */
function objectsText(objects: KubeObject[]): string {
  return objects.map((o) => stringify(o)).join('---\n');
}

/** Every object of a multi-document YAML (or JSON) text. */
export function manifestsFromText(diags: Diagnostics, src: (lc: LineCounter) => Source, text: string, kinds?: KindUse[]): KubeObject[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const source = src(lineCounter);
  if (!Array.isArray(docs)) return [];
  const out: KubeObject[] = [];
  for (const doc of docs) {
    diags.addYamlProblems(source, doc.errors, doc.warnings);
    if (doc.errors.length > 0 || doc.contents === null) continue;
    // A document with only comments parses as a null scalar: skip it like kubectl does.
    if (isScalar(doc.contents) && doc.contents.value === null) continue;
    const ctx: ReadContext = { src: source, diags, doc: doc as Document, text, ...(kinds ? { kinds } : {}) };
    out.push(...(checkManifest(ctx, doc.contents as Node) ?? []));
  }
  return out;
}

/**
 * A Source for YAML embedded in a string of the scenario. Block literals
 * (`|`) keep lines, so inner positions map to outer ones exactly; other string
 * styles map every position to the string's start (best effort).
 */
function embeddedSource(file: string, outerText: string, node: Scalar): (lc: LineCounter) => Source {
  const start = node.range?.[0] ?? 0;
  const startPos = linePos(outerText, start);
  const indent = node.type === 'BLOCK_LITERAL' ? blockIndent(outerText, start) : undefined;
  const outerLines = outerText.split('\n');
  // Inner positions from the inner text itself (see Source.forText for why not the LineCounter).
  const innerPos = linePositions(typeof node.value === 'string' ? node.value : '');
  return () =>
    new Source(file, outerText, (offset) => {
      if (indent === undefined) return startPos;
      const { line, column: col } = innerPos(offset);
      // The inner text's end (an error at the end of a truncated block) can lie past the
      // outer file's last line or its line's end: clamp to a place that exists.
      const at = Math.min(startPos.line + line, outerLines.length);
      const len = (outerLines[at - 1] ?? '').replace(/\r$/, '').length;
      return { line: at, column: Math.min(col + indent, len + 1) };
    });
}

function linePos(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Indentation of a block scalar's content: explicit indicator, else its first non-empty line. */
function blockIndent(text: string, headerOffset: number): number {
  const eol = text.indexOf('\n', headerOffset);
  const header = text.slice(headerOffset, eol < 0 ? text.length : eol);
  const explicit = /^[|>][+-]?(\d)|^[|>](\d)[+-]?/.exec(header);
  const lineStart = text.lastIndexOf('\n', headerOffset) + 1;
  const parentIndent = /^ */.exec(text.slice(lineStart))?.[0].length ?? 0;
  if (explicit) return parentIndent + Number(explicit[1] ?? explicit[2]);
  let i = eol + 1;
  while (i > 0 && i < text.length) {
    const next = text.indexOf('\n', i);
    const line = text.slice(i, next < 0 ? text.length : next);
    if (line.trim() !== '') return /^ */.exec(line)?.[0].length ?? 0;
    if (next < 0) break;
    i = next + 1;
  }
  return parentIndent + 2;
}

/** Validate one object node; `List` objects are flattened into their items. */
export function checkManifest(ctx: ReadContext, node: Node): KubeObject[] | undefined {
  if (!isMap(node)) {
    ctx.diags.error(ctx.src, node, 'invalid-manifest', `expected a Kubernetes object (a map with apiVersion and kind), found ${describeNode(node)}`);
    return undefined;
  }
  const value = toJs(ctx, node);
  // toJs has already reported why it could not convert the node (e.g. an unknown anchor).
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const obj = value as Record<string, unknown>;
  const apiVersion = obj.apiVersion;
  const kind = obj.kind;
  const problems: string[] = [];
  if (typeof apiVersion !== 'string' || apiVersion === '') problems.push('"apiVersion" not set');
  if (typeof kind !== 'string' || kind === '') problems.push('"kind" not set');
  if (problems.length > 0) {
    ctx.diags.error(ctx.src, node, 'invalid-manifest', `invalid object: ${problems.join(', ')}`, 'every object needs apiVersion and kind, e.g. apiVersion: apps/v1, kind: Deployment');
    return undefined;
  }
  if (kind === 'List' || (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(obj.items))) {
    const items = node.get('items', true);
    if (!isSeq(items)) return [];
    return items.items.flatMap((item) => checkManifest(ctx, item as Node) ?? []);
  }
  // A review (SubjectAccessReview, TokenReview …) is created without a name: the API server only answers it.
  if (REVIEW_KINDS.has(kind as string) && obj.metadata === undefined) obj.metadata = {};
  const review = REVIEW_KINDS.has(kind as string);
  const metadata = obj.metadata;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    ctx.diags.error(ctx.src, node.has('metadata') ? (node.get('metadata', true) as Node) : node, 'invalid-manifest', `${String(kind)}: "metadata" must be a map with a name`);
    return undefined;
  }
  const meta = metadata as Record<string, unknown>;
  if (meta.name === undefined && meta.generateName === undefined && !review) {
    ctx.diags.error(ctx.src, node.get('metadata', true) as Node, 'invalid-manifest', `${String(kind)}: metadata.name is required`);
    return undefined;
  }
  const errors = hasSchema(apiVersion as string, kind as string) ? validateAgainstSchema(obj) : [];
  const seen = new Set(errors.map((e) => e.path.join('/')));
  errors.push(...quantityErrors(obj).filter((e) => !seen.has(e.path.join('/'))));
  const label = `${String(kind)} "${String(meta.name ?? meta.generateName ?? '')}"`;
  for (const e of errors) reportSchemaError(ctx, node, obj, label, e);
  if (errors.length > 0) return undefined;
  ctx.kinds?.push({ src: ctx.src, node: node.get('kind', true) as Node, apiVersion: apiVersion as string, kind: kind as string, label });
  // Nothing silent: kinds the model only stores and fields it ignores (./coverage.ts).
  for (const g of [...coverageGaps(obj), ...commandGaps(obj)]) {
    if (g.once) {
      const warned = WARNED_ONCE.get(ctx.diags) ?? new Set<string>();
      WARNED_ONCE.set(ctx.diags, warned);
      if (warned.has(g.note)) continue;
      warned.add(g.note);
    }
    const at = g.path.length === 0 ? (node.get('kind', true) as Node) : keyAtPath(node, g.path);
    ctx.diags.warning(ctx.src, at, g.code, `${label}: ${g.message}${g.once ? ' (warned once per scenario)' : ''}`, 'see "What the model runs" in docs/scenario-format.md');
  }
  return [obj as KubeObject];
}

/** Notes of `once` gaps already warned about, per scenario (its diagnostics). */
const WARNED_ONCE = new WeakMap<Diagnostics, Set<string>>();

function reportSchemaError(ctx: ReadContext, root: Node, obj: unknown, label: string, e: SchemaError): void {
  const at = nodeAtPath(root, e.path);
  const where = e.path.length > 0 ? `${formatPath(e.path)}: ` : '';
  let message = e.message;
  if (message === 'must be a valid quantity') message = `invalid quantity ${JSON.stringify(valueAtPath(obj, e.path))}`;
  ctx.diags.error(ctx.src, at, 'invalid-manifest', `${label}: ${where}${message}`);
}

/** `['spec','containers','0','image']` → `spec.containers[0].image`. */
export function formatPath(path: readonly string[]): string {
  let out = '';
  for (const seg of path) out += /^\d+$/.test(seg) ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out;
}

/** The deepest YAML node along a JSON path (the whole object when nothing matches). */
function nodeAtPath(root: Node, path: readonly string[]): Node {
  let cur: Node = root;
  for (const seg of path) {
    let next: unknown;
    if (isMap(cur)) next = cur.get(seg, true);
    else if (isSeq(cur)) next = cur.get(Number(seg), true);
    if (!next || typeof next !== 'object') break;
    cur = next as Node;
  }
  return cur;
}

/** The key of the field at `path` (`livenessProbe:`), or the list item; the deepest node found otherwise. */
function keyAtPath(root: Node, path: readonly string[]): Node {
  const parent = nodeAtPath(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (isMap(parent) && last !== undefined) {
    const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === last);
    if (pair && isScalar(pair.key)) return pair.key;
  }
  return nodeAtPath(root, path);
}

function valueAtPath(obj: unknown, path: readonly string[]): unknown {
  let cur = obj;
  for (const seg of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

/**
 * Resource requests and limits with the exact Kubernetes quantity grammar (the
 * schema's format is looser), so that the model can parse them without failing.
 */
function quantityErrors(obj: unknown, path: string[] = []): SchemaError[] {
  if (typeof obj !== 'object' || obj === null) return [];
  const out: SchemaError[] = [];
  for (const [k, v] of Object.entries(obj)) {
    const p = [...path, k];
    if ((k === 'requests' || k === 'limits') && path[path.length - 1] === 'resources' && typeof v === 'object' && v !== null) {
      for (const [res, q] of Object.entries(v)) {
        if ((typeof q === 'string' || typeof q === 'number') && tryParseQuantity(q) === undefined) {
          out.push({ path: [...p, res], message: `invalid quantity ${JSON.stringify(q)}` });
        }
      }
    } else out.push(...quantityErrors(v, p));
  }
  return out;
}
