/**
 * The note on an edge drawn as working although some of its requests failed
 * (a "mixed" edge): `POST pods/eviction failed in step 6`, `failed in steps
 * 3, 5–7`. One wording for the architecture legend (views/architecture/
 * edges.ts) and for the edges of the text formats (render/edge-text.ts),
 * which draw no legend.
 */
import { stepRanges } from '../architecture/state.ts';

/**
 * The request that failed, named when it is one of the edge's several
 * interactions (a list of what failed would be as long as the label);
 * undefined otherwise. `textOf` writes labels as the edge does.
 */
export function failedRequest(failed: readonly string[], all: readonly string[], textOf: (labels: readonly string[]) => string): string | undefined {
  const what = new Set(failed);
  return what.size === 1 && new Set(all).size > 1 ? textOf([...what]) : undefined;
}

/** `POST pods/eviction failed in step 6` (what failed, when named), `failed in steps 3, 5–7`. */
export function failedNote(what: string | undefined, steps: readonly number[]): string {
  return `${what !== undefined ? `${what} ` : ''}failed in ${steps.length === 1 ? 'step' : 'steps'} ${stepRanges(steps)}`;
}
