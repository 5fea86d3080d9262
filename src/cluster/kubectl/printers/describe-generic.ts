/**
 * kubectl's generic describer (k8s.io/kubectl/pkg/describe/describe.go,
 * genericDescriber.Describe, 1.31), used for custom resources: Name,
 * Namespace, Labels, Annotations, then every other field of the object
 * (printUnstructuredContent: keys sorted, maps as indented sections, lists one
 * item a line, names through smartLabelFor), then Events.
 */
import { DescribeWriter, printAnnotationsMultiline, printLabelsMultiline } from './describe-common.ts';
import type { KubeObjectLike } from './types.ts';

/** Paths printUnstructuredContent skips (already printed above, or managedFields). */
const SKIP = new Set(['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations']);
const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);

export function describeUnstructured(w: DescribeWriter, o: KubeObjectLike): void {
  w.write(0, `Name:\t${o.metadata.name}\n`);
  w.write(0, `Namespace:\t${o.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', o.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', o.metadata.annotations);
  printUnstructuredContent(w, 0, o, '');
}

function printUnstructuredContent(w: DescribeWriter, level: number, content: Record<string, unknown>, skipPrefix: string): void {
  for (const field of Object.keys(content).sort(goLess)) {
    const value = content[field];
    if (value === undefined) continue;
    const skipExpr = `${skipPrefix}.${field}`;
    if (SKIP.has(skipExpr)) continue;
    if (isMap(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructuredContent(w, level + 1, value, skipExpr);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const item of value) {
        if (isMap(item)) printUnstructuredContent(w, level + 1, item, skipExpr);
        else w.write(level + 1, `${goV(item)}\n`);
      }
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goV(value)}\n`);
    }
  }
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** sort.Strings: byte order. */
function goLess(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Go's %v of a decoded JSON value. */
function goV(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return goFloat(v);
  if (Array.isArray(v)) return `[${v.map(goV).join(' ')}]`;
  if (isMap(v)) return `map[${Object.keys(v).sort(goLess).map((k) => `${k}:${goV(v[k])}`).join(' ')}]`;
  return String(v);
}

/** %v of an int64 or float64 (JSON integers decode as int64 in unstructured content). */
function goFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const a = Math.abs(n);
  if (a !== 0 && (a < 1e-4 || a >= 1e21)) return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(n);
}

/**
 * smartLabelFor: a field name with characters other than letters and '-' is
 * printed as is; else it is split at case changes (fatih/camelcase.Split), each
 * part title-cased (cases.Title) or upper-cased when it is a common acronym.
 */
export function smartLabelFor(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field;
  return camelcaseSplit(field)
    .filter((p) => p !== '_')
    .map((p) => (ACRONYMS.has(p.toUpperCase()) ? p.toUpperCase() : title(p)))
    .join(' ');
}

function title(part: string): string {
  const chars = [...part];
  return chars.length === 0 ? '' : chars[0]!.toUpperCase() + chars.slice(1).join('').toLowerCase();
}

/** github.com/fatih/camelcase Split: runs of lower, upper, digit, other; an upper run's last letter starts the next lower run. */
function camelcaseSplit(s: string): string[] {
  const cls = (c: string): number => (/\p{Ll}/u.test(c) ? 1 : /\p{Lu}/u.test(c) ? 2 : /\p{Nd}/u.test(c) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const c of s) {
    const k = cls(c);
    if (k === last && runs.length > 0) runs[runs.length - 1]!.push(c);
    else runs.push([c]);
    last = k;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    const cur = runs[i]!;
    const next = runs[i + 1]!;
    if (cur.length > 0 && cls(cur[0]!) === 2 && next.length > 0 && cls(next[0]!) === 1) {
      next.unshift(cur.pop()!);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''));
}
