/** Matching helpers shared by the plugins (k8s.io/component-helpers, apimachinery labels). */
import type {
  LabelSelector,
  LabelSelectorOperator,
  NodeInfo,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  PodInfo,
  Taint,
  Toleration,
} from '../types.ts';

/** v1.Toleration.ToleratesTaint. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator ?? 'Equal';
  if (op === 'Exists') return true;
  if (op === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

export function tolerationsTolerate(tolerations: readonly Toleration[], taint: Taint): boolean {
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** v1helper.FindMatchingUntoleratedTaint for NoSchedule/NoExecute taints: the first in node order. */
export function firstUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[]): Taint | undefined {
  for (const taint of taints) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (!tolerationsTolerate(tolerations, taint)) return taint;
  }
  return undefined;
}

/** Integer parse as Go's strconv.ParseInt(v, 10, 64); NaN when invalid. */
function parseInt64(v: string): number {
  return /^[+-]?\d+$/.test(v) ? Number(v) : NaN;
}

/** One NodeSelectorRequirement against a value lookup (labels, or fields for matchFields). */
export function requirementMatches(r: NodeSelectorRequirement, get: (key: string) => string | undefined): boolean {
  const value = get(r.key);
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1) return false;
      const have = parseInt64(value);
      const want = parseInt64(values[0] as string);
      if (Number.isNaN(have) || Number.isNaN(want)) return false;
      return r.operator === 'Gt' ? have > want : have < want;
    }
    default:
      return false;
  }
}

/** A term with neither expressions nor fields matches nothing (nodeaffinity.nodeSelectorTerms). */
export function termMatches(term: NodeSelectorTerm, node: Pick<NodeInfo, 'name' | 'labels'>): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  for (const r of exprs) if (!requirementMatches(r, (k) => node.labels[k])) return false;
  for (const r of fields) if (!requirementMatches(r, (k) => (k === 'metadata.name' ? node.name : undefined))) return false;
  return true;
}

/** NodeSelector (ORed terms). */
export function anyTermMatches(terms: readonly NodeSelectorTerm[], node: Pick<NodeInfo, 'name' | 'labels'>): boolean {
  for (const t of terms) if (termMatches(t, node)) return true;
  return false;
}

/** nodeSelector + required node affinity (what NodeAffinity's Filter checks). */
export function podMatchesNodeSelectorAndAffinity(pod: PodInfo, node: NodeInfo): boolean {
  for (const [k, v] of Object.entries(pod.nodeSelector)) if (node.labels[k] !== v) return false;
  const required = pod.affinity?.nodeAffinity?.required;
  if (required !== undefined && !anyTermMatches(required, node)) return false;
  return true;
}

const LABEL_SELECTOR_OPERATORS: readonly string[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'] satisfies LabelSelectorOperator[];

function isLabelSelectorOperator(op: string): op is LabelSelectorOperator {
  return LABEL_SELECTOR_OPERATORS.includes(op);
}

/** metav1.LabelSelectorAsSelector: an empty selector matches everything; undefined matches nothing. */
export function labelSelectorMatches(sel: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (sel === undefined) return false;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    // A LabelSelector knows only In, NotIn, Exists and DoesNotExist; any other operator makes it match nothing.
    const operator = e.operator;
    if (!isLabelSelectorOperator(operator)) return false;
    if (!requirementMatches({ key: e.key, operator, values: e.values }, (k) => labels[k])) return false;
  }
  return true;
}

/** helper.DefaultNormalizeScore: scale [0, max] to [0, 100], optionally reversed. */
export function defaultNormalizeScore(scores: number[], reverse: boolean, maxPriority = 100): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  if (max === 0) {
    if (reverse) scores.fill(maxPriority);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    const s = Math.trunc((maxPriority * (scores[i] as number)) / max);
    scores[i] = reverse ? maxPriority - s : s;
  }
}

/** imagelocality.normalizedImageName: add `:latest` when the image has no tag. */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}
