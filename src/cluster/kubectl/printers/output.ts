/**
 * `kubectl get -o FORMAT`: which printer kubectl picks (cli-runtime's
 * PrintFlags), `-o jsonpath=…` / `-o jsonpath-as-json=…` (./jsonpath.ts) and
 * `-o custom-columns=HEADER:PATH,…` (cli-runtime's CustomColumnsPrinter). An
 * unknown format is kubectl's own error; a real kubectl format the model does
 * not print (go-template, the `-file` variants) is refused as not modelled —
 * never printed in some other format.
 */
import type { KubeObjectLike } from './types.ts';
import { GET_TABWRITER, tabwrite } from './tabwriter.ts';
import { goPrint, goSyntax, JsonPath, JsonPathError } from './jsonpath.ts';
import { sortKeysDeep } from './serialize.ts';
import { NOT_MODELLED_FORMATS } from '../../../scenario/kubectl-commands.ts';

/** kubectl get's formats (PrintFlags.AllowedFormats), sorted as NoCompatiblePrinterError prints them. */
export const GET_OUTPUT_FORMATS = [
  'custom-columns',
  'custom-columns-file',
  'go-template',
  'go-template-file',
  'json',
  'jsonpath',
  'jsonpath-as-json',
  'jsonpath-file',
  'name',
  'template',
  'templatefile',
  'wide',
  'yaml',
] as const;


export type OutputChoice =
  | { kind: 'builtin'; output?: 'wide' | 'name' | 'json' | 'yaml' }
  | { kind: 'jsonpath'; printer: JsonPath }
  | { kind: 'custom-columns'; columns: CustomColumn[] }
  | { kind: 'error'; message: string };

export interface CustomColumn {
  header: string;
  path: JsonPath;
}

/** The printer for `-o VALUE` (undefined: the table), or kubectl's error text (without `error: `). */
export function chooseOutput(value: string | undefined): OutputChoice {
  if (value === undefined || value === '') return { kind: 'builtin' };
  const eq = value.indexOf('=');
  const format = eq < 0 ? value : value.slice(0, eq);
  const arg = eq < 0 ? '' : value.slice(eq + 1);
  if (format === 'wide' || format === 'name' || format === 'json' || format === 'yaml') {
    return eq < 0 ? { kind: 'builtin', output: format } : noPrinter(value);
  }
  if (format === 'jsonpath' || format === 'jsonpath-as-json') {
    if (arg === '') return { kind: 'error', message: 'template format specified but no template given' };
    try {
      const printer = new JsonPath(arg, true);
      printer.outputJson = format === 'jsonpath-as-json';
      return { kind: 'jsonpath', printer };
    } catch (e) {
      if (e instanceof JsonPathError) return { kind: 'error', message: `error parsing jsonpath ${arg}, ${e.message}` };
      throw e;
    }
  }
  if (format === 'custom-columns') return parseCustomColumns(arg);
  if (NOT_MODELLED_FORMATS.has(format)) return { kind: 'error', message: `output format "${format}" is not modelled by kubescene` };
  return noPrinter(value);
}

function noPrinter(value: string): OutputChoice {
  return { kind: 'error', message: `unable to match a printer suitable for the output format "${value}", allowed formats are: ${GET_OUTPUT_FORMATS.join(',')}` };
}

const RELAXED = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/** RelaxedJSONPathExpression: `.a.b`, `a.b`, `{.a.b}` and `{a.b}` all mean `{.a.b}`. */
export function relaxedJsonPath(expr: string): string | { error: string } {
  if (expr === '') return expr;
  const m = RELAXED.exec(expr);
  if (!m) return { error: "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'" };
  return `{.${m[1] || m[2]}}`;
}

/** NewCustomColumnsPrinterFromSpec. */
export function parseCustomColumns(spec: string): OutputChoice {
  if (spec === '') return { kind: 'error', message: 'custom-columns format specified but no custom columns given' };
  const columns: CustomColumn[] = [];
  for (const part of spec.split(',')) {
    const colon = part.indexOf(':');
    if (colon < 0) return { kind: 'error', message: `unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>` };
    const path = relaxedJsonPath(part.slice(colon + 1));
    if (typeof path !== 'string') return { kind: 'error', message: path.error };
    try {
      columns.push({ header: part.slice(0, colon), path: new JsonPath(path, true) });
    } catch (e) {
      if (e instanceof JsonPathError) return { kind: 'error', message: e.message };
      throw e;
    }
  }
  return { kind: 'custom-columns', columns };
}

/** What kubectl's JSONPath engine sees: the object as unstructured JSON. */
function unstructured(o: unknown): unknown {
  return sortKeysDeep(JSON.parse(JSON.stringify(o)) as unknown);
}

/** The List kubectl wraps a list request's items in. */
function asList(items: readonly KubeObjectLike[]): unknown {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

/** `-o jsonpath=…`: the template over the object (one named object) or the List; no newline added. */
export function printJsonPath(printer: JsonPath, objects: readonly KubeObjectLike[], singular: boolean): { ok: true; text: string } | { ok: false; error: string } {
  const data = unstructured(singular && objects.length === 1 ? objects[0] : asList(objects));
  try {
    return { ok: true, text: printer.execute(data) };
  } catch (e) {
    if (!(e instanceof JsonPathError)) throw e;
    const debug = `Error executing template: ${e.message}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t${printer.template}\n\tobject given to jsonpath engine was:\n\t\t${goSyntax(data)}\n\n`;
    return { ok: false, error: `error executing jsonpath ${JSON.stringify(printer.template)}: ${debug}` };
  }
}

/** `-o custom-columns=…`: one row per object, `<none>` for a column with no value, several values joined by `,`. */
export function printCustomColumns(columns: readonly CustomColumn[], objects: readonly KubeObjectLike[], noHeaders: boolean): { ok: true; text: string } | { ok: false; error: string } {
  const lines: string[] = [];
  if (!noHeaders) lines.push(columns.map((c) => c.header).join('\t'));
  try {
    for (const o of objects) {
      const data = unstructured(o);
      const cells = columns.map((c) => {
        const results = c.path.findResults(data);
        const values: string[] = results.length === 0 || (results[0] ?? []).length === 0 ? ['<none>'] : [];
        for (const r of results) for (const v of r) values.push(goPrint(v));
        return values.join(',');
      });
      lines.push(cells.join('\t'));
    }
  } catch (e) {
    if (e instanceof JsonPathError) return { ok: false, error: e.message };
    throw e;
  }
  return { ok: true, text: tabwrite(lines.join('\n') + '\n', GET_TABWRITER) };
}
