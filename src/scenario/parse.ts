/**
 * The scenario loader proper: text (+ a way to read the files it names) →
 * Scenario or every Diagnostic found. Pure: the file system is behind FileHost.
 */
import { posix } from 'node:path';
import { isAlias, isCollection, isMap, isPair, isScalar, LineCounter, parseDocument, visit, type Alias, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../common/diagnostic.ts';
import { compareDiagnostics } from '../common/diagnostic.ts';
import { sha256 } from '../common/hash.ts';
import { fail, ok, type Result } from '../common/result.ts';
import { DETAIL_LEVELS, GALLERY_PICTURES, type ClusterSpec, type DiagramSettings, type Scenario, type ScenarioFile, type ScenarioStep } from './types.ts';
import { Diagnostics, Source } from './source.ts';
import { readBool, readEnum, readInt, readMap, readSeq, readString, readFreeMap, posOf, type Entry, type ReadContext, type YNode } from './read.ts';
import { defaultCluster, readCluster } from './cluster.ts';
import { readSteps } from './steps.ts';
import { FileResolver } from './resolve.ts';
import { manifestsFromInline } from './manifests.ts';
import { normalizeFilePath, type FileHost } from './files.ts';
import { checkObjectRefs } from './refs.ts';
import { checkCustomKinds } from './custom-kinds.ts';

export const FORMAT_VERSION = 'v1';
const TOP_KEYS = ['kubescene', 'name', 'title', 'description', 'seed', 'cluster', 'files', 'steps', 'diagrams'];
const SCENARIO_NAME = /^[A-Za-z0-9][-A-Za-z0-9_.]*$/;

/**
 * Load a scenario from its text.
 * @param file display path of the scenario (relative, forward slashes); diagnostics name it
 * @param host reads `-f` files relative to the scenario's folder
 */
export function parseWithHost(text: string, file: string, host: FileHost): Result<Scenario> {
  const diags = new Diagnostics();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const src = Source.forText(file, text, lineCounter);
  diags.addYamlProblems(src, doc.errors, doc.warnings);
  // After a syntax error the tree is a guess: report only the syntax errors (all of them).
  if (doc.errors.some((e) => e.code !== 'DUPLICATE_KEY')) return finish(diags, undefined);
  const ctx: ReadContext = { src, diags, doc: doc as Document, text, refs: [], kinds: [] };
  if (!expandAliases(ctx)) return finish(diags, undefined);
  const scenario = readScenario(ctx, doc.contents as YNode, text, file, host);
  return finish(diags, scenario);
}

function finish(diags: Diagnostics, scenario: Scenario | undefined): Result<Scenario> {
  const sorted = [...diags.list].sort(compareDiagnostics);
  const errors = sorted.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !scenario) return fail(sorted);
  return ok(scenario, sorted.filter((d: Diagnostic) => d.severity === 'warning'));
}

function readScenario(ctx: ReadContext, root: YNode, text: string, file: string, host: FileHost): Scenario | undefined {
  if (root === null || root === undefined || (isScalar(root) && root.value === null)) {
    // Located at 1:1 like every other problem of the file (an empty file has no better place).
    ctx.diags.error(ctx.src, [0, 0], 'missing-key', 'the scenario is empty', 'a scenario starts with "kubescene: v1" and has a list of steps');
    return undefined;
  }
  if (!isMap(root)) {
    ctx.diags.error(ctx.src, root, 'wrong-type', `a scenario must be a map (kubescene, cluster, files, steps, …), found ${root ? 'a ' + (isScalar(root) ? 'scalar' : 'list') : 'nothing'}`);
    return undefined;
  }
  // The version decides what the other keys mean: check it before them.
  if (!readVersion(ctx, root, root.get('kubescene', true) as YNode, root.has('kubescene'))) return undefined;
  const m = readMap(ctx, root, '', TOP_KEYS);
  if (!m) return undefined;
  if (!m.has('steps')) ctx.diags.error(ctx.src, root, 'missing-key', 'missing required key "steps"', 'list what happens under "steps:", e.g. - kubectl: apply -f web.yaml');

  const defaultName = nameFromFile(file);
  const name = readName(ctx, m.get('name')?.value) ?? defaultName;
  const title = optionalString(ctx, m.get('title')?.value, 'title') ?? name;
  // Block scalars end with a newline the Markdown does not need.
  const description = (optionalString(ctx, m.get('description')?.value, 'description') ?? '').replace(/\s+$/, '');
  const seedEntry = m.get('seed');
  const seed = seedEntry ? readInt(ctx, seedEntry.value, 'seed', { min: 0, max: 2 ** 32 - 1 }) ?? 0 : 0;
  const clusterEntry = m.get('cluster');
  const cluster: ClusterSpec = clusterEntry ? readCluster(ctx, clusterEntry.value, text) : defaultCluster();

  const resolver = new FileResolver(ctx, host, file);
  const filesEntry = m.get('files');
  if (filesEntry) readInlineFiles(ctx, filesEntry.value, text, resolver);
  const stepsEntry = m.get('steps');
  const steps: ScenarioStep[] = stepsEntry
    ? readSteps(ctx, stepsEntry.value, { cluster, text, resolveFiles: (args, at, opts) => resolver.resolve(args, at, opts) })
    : [];
  checkObjectRefs(ctx, Object.values(resolver.files()));
  checkCustomKinds(ctx, Object.values(resolver.files()));
  const stepCount = stepsEntry && isSeqNode(stepsEntry.value) ? (stepsEntry.value as { items: unknown[] }).items.length : 0;
  const diagramsEntry = m.get('diagrams');
  const diagrams = diagramsEntry ? readDiagrams(ctx, diagramsEntry.value, stepCount) : defaultDiagrams();

  const inputs = [{ path: posix.basename(file), sha256: sha256(text) }, ...resolver.inputs()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const digest = sha256(inputs.map((i) => `${i.sha256}  ${i.path}\n`).join(''));
  const files: Record<string, ScenarioFile> = resolver.files();
  return { name, title, description, seed, source: file, cluster, files, steps, diagrams, digest, inputs };
}

function isSeqNode(node: YNode): boolean {
  return node !== null && node !== undefined && 'items' in node && !isMap(node);
}

/** `kubescene: v1` must be there and be a version this build understands; anything else stops the load. */
function readVersion(ctx: ReadContext, root: Node, node: YNode, present: boolean): boolean {
  if (!present) {
    ctx.diags.error(ctx.src, root, 'missing-key', 'missing required key "kubescene"', `start the file with "kubescene: ${FORMAT_VERSION}"`);
    return true; // keep going: the rest may be a fine v1 scenario without its marker
  }
  const v = isScalar(node) ? String(node.value) : undefined;
  if (v === FORMAT_VERSION) return true;
  if (v !== undefined && /^v\d+$/.test(v)) {
    ctx.diags.error(ctx.src, node, 'unsupported-version', `scenario format "${v}" is not supported`, `this kubescene reads format ${FORMAT_VERSION}`);
    return false;
  }
  ctx.diags.error(ctx.src, node, 'invalid-value', `kubescene: expected "${FORMAT_VERSION}", found ${v === undefined ? 'a ' + (node ? 'map or list' : 'nothing') : JSON.stringify(v)}`);
  return true;
}

function nameFromFile(file: string): string {
  const base = posix.basename(file).replace(/\.(ya?ml|json)$/i, '');
  const cleaned = base.replace(/[^-A-Za-z0-9_.]+/g, '-').replace(/^[-_.]+/, '');
  return cleaned === '' ? 'scenario' : cleaned;
}

function readName(ctx: ReadContext, node: YNode): string | undefined {
  if (node === undefined) return undefined;
  const s = readString(ctx, node, 'name');
  if (s === undefined) return undefined;
  if (!SCENARIO_NAME.test(s) || s.length > 100) {
    ctx.diags.error(ctx.src, node, 'invalid-value', `name: "${s}" cannot be used as a folder name`, 'use letters, digits, "-", "_" and ".", starting with a letter or digit');
    return undefined;
  }
  return s;
}

function optionalString(ctx: ReadContext, node: YNode, path: string): string | undefined {
  return node === undefined ? undefined : readString(ctx, node, path);
}

function readInlineFiles(ctx: ReadContext, node: YNode, text: string, resolver: FileResolver): void {
  const entries = readFreeMap(ctx, node, 'files');
  if (!entries) return;
  for (const e of entries) {
    const name = normalizeFilePath(e.key);
    if (name === undefined || name === '.') {
      ctx.diags.error(ctx.src, e.keyNode, 'path-escape', `files: "${e.key}": path escapes the scenario folder`, 'name inline files with relative paths inside the scenario folder, e.g. web.yaml or manifests/web.yaml');
      continue;
    }
    if (resolver.hasInline(name)) {
      ctx.diags.error(ctx.src, e.keyNode, 'duplicate-key', `files: "${e.key}" names the same file as an earlier entry`);
      continue;
    }
    const { objects, text: fileText } = manifestsFromInline(ctx, e.value, `files.${e.key}`, text);
    resolver.addInline({ name, origin: 'inline', text: fileText, objects, pos: posOf(ctx, e.keyNode) });
  }
}

function defaultDiagrams(): DiagramSettings {
  return { sequence: {}, flowchart: {}, architecture: {} };
}

function readDiagrams(ctx: ReadContext, node: YNode, stepCount: number): DiagramSettings {
  const out = defaultDiagrams();
  const m = readMap(ctx, node, 'diagrams', ['detail', 'gallery', 'sequence', 'flowchart', 'architecture']);
  if (!m) return out;
  const detail = m.get('detail');
  if (detail) {
    const d = readEnum(ctx, detail.value, 'diagrams.detail', DETAIL_LEVELS);
    if (d) out.detail = d;
  }
  const gallery = m.get('gallery');
  if (gallery) {
    const g = readEnum(ctx, gallery.value, 'diagrams.gallery', GALLERY_PICTURES);
    if (g === 'architecture') out.gallery = g;
  }
  const seq = m.get('sequence');
  if (seq) {
    const sm = readMap(ctx, seq.value, 'diagrams.sequence', ['steps', 'frames']);
    const steps = readStepList(ctx, sm, 'diagrams.sequence', stepCount);
    if (steps) out.sequence.steps = steps;
    if (readFrames(ctx, sm, 'diagrams.sequence')) out.sequence.frames = true;
  }
  const arch = m.get('architecture');
  if (arch) {
    const am = readMap(ctx, arch.value, 'diagrams.architecture', ['steps', 'frames']);
    const steps = readStepList(ctx, am, 'diagrams.architecture', stepCount);
    if (steps) out.architecture.steps = steps;
    if (readFrames(ctx, am, 'diagrams.architecture')) out.architecture.frames = true;
  }
  const flow = m.get('flowchart');
  if (flow) {
    const fm = readMap(ctx, flow.value, 'diagrams.flowchart', ['step', 'frames']);
    const step = fm?.get('step');
    if (step) {
      const n = readStepNumber(ctx, step.value, 'diagrams.flowchart.step', stepCount);
      if (n !== undefined) out.flowchart.step = n;
    }
    if (readFrames(ctx, fm, 'diagrams.flowchart')) out.flowchart.frames = true;
  }
  return out;
}

/** `frames: true|false` of a `diagrams:` entry: build also writes the view's step frames. */
function readFrames(ctx: ReadContext, m: Map<string, Entry> | undefined, path: string): boolean {
  const e = m?.get('frames');
  return e !== undefined && readBool(ctx, e.value, `${path}.frames`) === true;
}

function readStepList(ctx: ReadContext, m: Map<string, Entry> | undefined, path: string, stepCount: number): number[] | undefined {
  const e = m?.get('steps');
  if (!e) return undefined;
  const items = readSeq(ctx, e.value, `${path}.steps`);
  if (!items) return undefined;
  const out: number[] = [];
  items.forEach((item, i) => {
    const n = readStepNumber(ctx, item, `${path}.steps[${i}]`, stepCount);
    if (n !== undefined && !out.includes(n)) out.push(n);
  });
  return out.sort((a, b) => a - b);
}

function readStepNumber(ctx: ReadContext, node: YNode, path: string, stepCount: number): number | undefined {
  const n = readInt(ctx, node, path);
  if (n === undefined) return undefined;
  if (n < 1 || n > stepCount) {
    ctx.diags.error(ctx.src, node, 'step-out-of-range', `${path}: there is no step ${n}`, stepCount === 0 ? 'the scenario has no steps' : `steps are numbered 1 to ${stepCount}`);
    return undefined;
  }
  return n;
}

/**
 * The alias budget, in the yaml library's own unit: an anchor used `count`
 * times whose content itself stands for `aliasCount` expanded nodes costs
 * `count × aliasCount`; above this, `Alias.resolve` refuses (the library's
 * default for `toJS`). Ordinary reuse (an anchor used a few dozen times) is
 * far below it; a billion-laughs document hits it within two levels.
 */
export const MAX_ALIAS_COUNT = 100;

/**
 * The library's accounting counts aliases, not nodes, and an anchor whose
 * content has no alias (an empty `[]`, a scalar) counts 0: nine levels of
 * nine references to `&a []` pass it and expand to 9^9 nodes (fuzz seed 7,
 * case 328 hung). So the expanded size is bounded too, in nodes, computed
 * once per anchor (linear in the text).
 */
export const MAX_EXPANDED_NODES = 100_000;

type ToJSContext = NonNullable<Parameters<Alias['resolve']>[1]>;

/** Nodes `node` stands for once every alias in it is expanded (memoised per anchor; a cycle counts 1). */
function expandedSize(doc: ReadContext['doc'], node: unknown, memo: Map<unknown, number>): number {
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (!target) return 1;
    const known = memo.get(target);
    if (known !== undefined) return known;
    memo.set(target, 1);
    const n = expandedSize(doc, target, memo);
    memo.set(target, n);
    return n;
  }
  if (isPair(node)) return expandedSize(doc, node.key, memo) + expandedSize(doc, node.value, memo);
  if (isCollection(node)) {
    let n = 1;
    for (const item of node.items) n = Math.min(n + expandedSize(doc, item, memo), Number.MAX_SAFE_INTEGER);
    return n;
  }
  return 1;
}

/**
 * Replace `*alias` nodes by copies of their anchors, so that readers see plain
 * values; an unknown anchor is an error, and so is an alias bomb.
 */
function expandAliases(ctx: ReadContext): boolean {
  if (!checkAliases(ctx)) return false;
  let ok = true;
  visit(ctx.doc, {
    Alias(_key, alias, path) {
      const target = alias.resolve(ctx.doc);
      if (!target) {
        ctx.diags.error(ctx.src, alias, 'yaml-syntax', `unknown anchor "${alias.source}"`, 'define it first with &' + alias.source);
        ok = false;
        return undefined;
      }
      if (path.includes(target)) {
        ctx.diags.error(ctx.src, alias, 'yaml-syntax', `alias "*${alias.source}" refers to its own anchor`, 'an anchor cannot contain itself');
        ok = false;
        return visit.BREAK;
      }
      return target.clone() as Node;
    },
  });
  return ok;
}

/**
 * The yaml library's alias accounting (`maxAliasCount`), run alias by alias
 * in document order on the unexpanded tree, so that the diagnostic points at
 * the alias that crosses the limit. Nothing is expanded here: anchors are
 * converted once each, sharing their values, so the cost is linear in the text.
 */
function checkAliases(ctx: ReadContext): boolean {
  const jsCtx: ToJSContext = { anchors: new Map(), doc: ctx.doc, keep: true, mapAsMap: false, mapKeyWarned: false, maxAliasCount: MAX_ALIAS_COUNT };
  const memo = new Map<unknown, number>();
  let expanded = 0;
  let ok = true;
  visit(ctx.doc, {
    Alias(_key, alias) {
      try {
        alias.resolve(ctx.doc, jsCtx);
        expanded += expandedSize(ctx.doc, alias, memo);
        if (expanded > MAX_EXPANDED_NODES) throw new ReferenceError(`expands the document beyond the limit of ${MAX_EXPANDED_NODES} nodes (an alias bomb?)`);
        return undefined;
      } catch (e) {
        if (!(e instanceof ReferenceError)) throw e;
        ctx.diags.error(
          ctx.src,
          alias,
          'yaml-alias-limit',
          expanded > MAX_EXPANDED_NODES
            ? `alias "*${alias.source}" expands the document beyond the limit of ${MAX_EXPANDED_NODES} nodes (an alias bomb?)`
            : `alias "*${alias.source}" expands the document beyond the limit of ${MAX_ALIAS_COUNT} aliased nodes (an alias bomb?)`,
          'use anchors for small shared fragments; write large repeated content out, or split it into files',
        );
        ok = false;
        return visit.BREAK;
      }
    },
  });
  return ok;
}
