/**
 * Label selectors as objects carry them, on top of the scenario stage's
 * selector semantics (`matchLabelSelector`: no selector matches nothing,
 * `{}` matches everything).
 */
import { matchLabelSelector, type LabelSelector } from '../../scenario/selector.ts';

export function selectorMatches(sel: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  return matchLabelSelector(sel, labels);
}

/** A plain map selector (Service, ReplicationController): empty or absent selects nothing. */
export function mapSelectorMatches(sel: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!sel || Object.keys(sel).length === 0) return false;
  return matchLabelSelector({ matchLabels: sel }, labels);
}
