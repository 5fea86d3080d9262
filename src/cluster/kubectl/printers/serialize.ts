/**
 * `-o json` and `-o yaml` as kubectl prints them. kubectl marshals the
 * unstructured object (a Go map), so keys come out sorted at every level;
 * JSON is json.MarshalIndent with 4 spaces and Go's HTML-safe escaping; YAML
 * is sigs.k8s.io/yaml (go-yaml v2): strings that would read back as another
 * type are double-quoted, other unsafe strings single-quoted, sequences not
 * indented inside maps, long lines folded at 80 columns.
 */
import { Document, Scalar, visit } from 'yaml';

export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as Record<string, unknown>).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeysDeep(v);
    }
    return out;
  }
  return value;
}

/** encoding/json's HTML-safe escaping of <, >, & and the JS line separators. */
function goEscape(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function toKubectlJson(value: unknown): string {
  return goEscape(JSON.stringify(sortKeysDeep(value), null, 4)) + '\n';
}

/** YAML 1.1 plain scalars that go-yaml would resolve to a non-string type. */
const NON_STRING =
  /^(?:~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|[-+]?(?:0|[1-9][0-9_]*)|0[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+|[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?:[eE][-+]?[0-9]+)|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?)$/;

export function toKubectlYaml(value: unknown): string {
  const doc = new Document(sortKeysDeep(value));
  visit(doc, {
    Scalar(key, node: Scalar) {
      if (key === 'key') return;
      // go-yaml resolves '' to null too, so it double-quotes the empty string.
      if (typeof node.value === 'string' && (node.value === '' || NON_STRING.test(node.value))) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ indentSeq: false, singleQuote: true, lineWidth: 80, minContentWidth: 20 });
}

/** The `List` kubectl wraps several objects in. */
export function asList(items: unknown[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}
