/**
 * Label selectors, as kubectl's `-l` and as manifests' `LabelSelector`
 * (k8s.io/apimachinery/pkg/labels). Parsing follows labels.Parse: `a=b`,
 * `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`, `a<1`,
 * comma-separated, all requirements ANDed. An empty selector matches everything.
 */
import type { IDeploymentSpec } from 'kubernetes-models/apps/v1/DeploymentSpec';

export type SelectorOperator = '=' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: SelectorOperator;
  /** Sorted, deduplicated (like Kubernetes); one value for = and !=, none for exists and !. */
  values: string[];
}

export type Selector = Requirement[];

export type SelectorResult = { ok: true; value: Selector } | { ok: false; error: string };

/** `metav1.LabelSelector` (the official type, from kubernetes-models): the one declaration the model uses. */
export type LabelSelector = IDeploymentSpec['selector'];
/** One `matchExpressions` entry of a LabelSelector. */
export type LabelSelectorRequirement = NonNullable<LabelSelector['matchExpressions']>[number];

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why a label key is invalid, or undefined when it is valid. */
export function labelKeyError(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    return `invalid label key "${key}": prefix part must be a DNS subdomain`;
  }
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) {
    return `invalid label key "${key}": name part must be 63 characters or less, alphanumeric, '-', '_' or '.', starting and ending with an alphanumeric character`;
  }
  return undefined;
}

/** Why a label value is invalid, or undefined when it is valid (empty is valid). */
export function labelValueError(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !NAME.test(value)) {
    return `invalid label value "${value}": must be 63 characters or less, alphanumeric, '-', '_' or '.', starting and ending with an alphanumeric character`;
  }
  return undefined;
}

/** Split on commas that are not inside parentheses. */
function splitRequirements(s: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0 || depth > 1) return undefined;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (depth !== 0) return undefined;
  parts.push(cur);
  return parts;
}

const SET_REQ = /^(\S+)\s+(in|notin)\s*\(([^()]*)\)$/;
const CMP_REQ = /^([^=!<>\s]+)\s*(==|=|!=|>|<)\s*(.*)$/;

function parseRequirement(raw: string): Requirement | string {
  const text = raw.trim();
  if (text === '') return 'empty requirement';
  const set = SET_REQ.exec(text);
  if (set) {
    const values = (set[3] as string).split(',').map((v) => v.trim());
    return { key: set[1] as string, operator: set[2] as 'in' | 'notin', values: uniqSorted(values) };
  }
  if (text.startsWith('!')) {
    return { key: text.slice(1).trim(), operator: '!', values: [] };
  }
  const cmp = CMP_REQ.exec(text);
  if (cmp) {
    const op = cmp[2] as string;
    const value = (cmp[3] as string).trim();
    if (op === '>' || op === '<') {
      if (!/^-?\d+$/.test(value)) return `for '${op}' operator, the value must be an integer: "${text}"`;
      return { key: cmp[1] as string, operator: op === '>' ? 'gt' : 'lt', values: [value] };
    }
    return { key: cmp[1] as string, operator: op === '!=' ? '!=' : '=', values: [value] };
  }
  if (/^\S+$/.test(text)) return { key: text, operator: 'exists', values: [] };
  return `unable to parse requirement "${text}"`;
}

function uniqSorted(values: string[]): string[] {
  return [...new Set(values)].sort();
}

function requirementError(r: Requirement): string | undefined {
  const keyErr = labelKeyError(r.key);
  if (keyErr) return keyErr;
  if (r.operator === 'gt' || r.operator === 'lt') return undefined;
  for (const v of r.values) {
    const err = labelValueError(v);
    if (err) return err;
  }
  if ((r.operator === 'in' || r.operator === 'notin') && r.values.length === 1 && r.values[0] === '') {
    return `for '${r.operator}' operator, values set can't be empty`;
  }
  return undefined;
}

/** Parse a selector string (`app=web,tier in (a,b)`). */
export function parseSelector(s: string): SelectorResult {
  if (s.trim() === '') return { ok: true, value: [] };
  const parts = splitRequirements(s);
  if (!parts) return { ok: false, error: `unbalanced parentheses in selector "${s}"` };
  const out: Requirement[] = [];
  for (const part of parts) {
    const r = parseRequirement(part);
    if (typeof r === 'string') return { ok: false, error: r };
    const err = requirementError(r);
    if (err) return { ok: false, error: err };
    out.push(r);
  }
  // Kubernetes sorts requirements by key so the string form is canonical.
  out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { ok: true, value: out };
}

function matchesRequirement(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case '=':
      return has && v === r.values[0];
    case '!=':
      return !has || v !== r.values[0];
    case 'in':
      return has && r.values.includes(v as string);
    case 'notin':
      return !has || !r.values.includes(v as string);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^-?\d+$/.test(v as string)) return false;
      const n = Number(v);
      const bound = Number(r.values[0]);
      return r.operator === 'gt' ? n > bound : n < bound;
    }
  }
}

/** Does a parsed selector match these labels? */
export function matchesSelector(sel: Selector, labels: Readonly<Record<string, string>> | undefined): boolean {
  const l = labels ?? {};
  return sel.every((r) => matchesRequirement(r, l));
}

/** Canonical string form, like `labels.Selector.String()`: `app=web,tier in (a,b)`. */
export function formatSelector(sel: Selector): string {
  return sel
    .map((r) => {
      switch (r.operator) {
        case '=':
          return `${r.key}=${r.values[0]}`;
        case '!=':
          return `${r.key}!=${r.values[0]}`;
        case 'in':
        case 'notin':
          return `${r.key} ${r.operator} (${r.values.join(',')})`;
        case 'exists':
          return r.key;
        case '!':
          return `!${r.key}`;
        case 'gt':
          return `${r.key}>${r.values[0]}`;
        case 'lt':
          return `${r.key}<${r.values[0]}`;
      }
    })
    .join(',');
}

/**
 * A manifest's LabelSelector as a Selector (metav1.LabelSelectorAsSelector).
 * An empty selector `{}` matches everything; an unknown operator is reported.
 */
export function labelSelectorToSelector(ls: LabelSelector): SelectorResult {
  const out: Requirement[] = [];
  for (const [key, value] of Object.entries(ls.matchLabels ?? {})) {
    out.push({ key, operator: '=', values: [value] });
  }
  for (const e of ls.matchExpressions ?? []) {
    const values = uniqSorted(e.values ?? []);
    switch (e.operator) {
      case 'In':
        out.push({ key: e.key, operator: 'in', values });
        break;
      case 'NotIn':
        out.push({ key: e.key, operator: 'notin', values });
        break;
      case 'Exists':
        out.push({ key: e.key, operator: 'exists', values: [] });
        break;
      case 'DoesNotExist':
        out.push({ key: e.key, operator: '!', values: [] });
        break;
      default:
        return { ok: false, error: `"${e.operator}" is not a valid label selector operator` };
    }
  }
  out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { ok: true, value: out };
}

/**
 * Does a manifest LabelSelector match these labels? `undefined` (no selector)
 * matches nothing, `{}` matches everything, as in Kubernetes.
 */
export function matchLabelSelector(
  ls: LabelSelector | undefined | null,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  if (ls === undefined || ls === null) return false;
  const sel = labelSelectorToSelector(ls);
  return sel.ok && matchesSelector(sel.value, labels);
}
