/**
 * Label selection as apimachinery's labels package does it
 * (metav1.LabelSelectorAsSelector; a Service's map selector is
 * labels.SelectorFromSet): every matchLabels pair and every matchExpression
 * must hold; an empty selector selects everything.
 */
import type { LabelSelector, LabelSelectorRequirement } from './types.ts';

export function selectorMatches(sel: LabelSelector, labels: Readonly<Record<string, string>> = {}): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  return (sel.matchExpressions ?? []).every((e) => requirementMatches(e, labels));
}

function requirementMatches(e: LabelSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, e.key);
  const inValues = has && (e.values ?? []).includes(labels[e.key]);
  switch (e.operator) {
    case 'In':
      return inValues;
    case 'NotIn':
      return !inValues;
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

/** A Service selector (map form). Callers must treat an absent selector as "no selector" (no endpoints managed). */
export function mapSelectorMatches(sel: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>> = {}): boolean {
  return Object.entries(sel).every(([k, v]) => labels[k] === v);
}
