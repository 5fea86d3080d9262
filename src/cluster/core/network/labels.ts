/**
 * Label selection as apimachinery's labels package does it
 * (metav1.LabelSelectorAsSelector; a Service's map selector is
 * labels.SelectorFromSet): every matchLabels pair and every matchExpression
 * must hold; an empty selector selects everything.
 */
import { matchLabelSelector } from '../../../scenario/selector.ts';
import type { LabelSelector } from './types.ts';

export function selectorMatches(sel: LabelSelector, labels: Readonly<Record<string, string>> = {}): boolean {
  // One implementation of selector semantics for the whole project: the scenario stage's.
  return matchLabelSelector(sel, labels);
}

/** A Service selector (map form). Callers must treat an absent selector as "no selector" (no endpoints managed). */
export function mapSelectorMatches(sel: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>> = {}): boolean {
  return Object.entries(sel).every(([k, v]) => labels[k] === v);
}
