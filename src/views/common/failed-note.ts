/**
 * The note on an edge drawn as working although some of its requests failed
 * (a "mixed" edge): what failed and when. One wording for the architecture
 * legend (views/architecture/edges.ts) and for the edges of the text formats
 * (render/edge-text.ts), which draw no legend:
 *
 * - one of the edge's several requests failed: `POST pods/eviction failed in
 *   step 6`;
 * - several did, each in steps of its own: `POST configmaps failed in step
 *   5, GET configmaps in steps 6–7` (up to MAX_NAMED of them, in the order
 *   they first failed);
 * - the edge's only request, more than MAX_NAMED, or two that failed in the
 *   same step: `failed in steps 3, 5–7` (the label says what, or a list
 *   would say no more than the label).
 */
import { stepsPhrase } from './steps.ts';

/** A request of the edge that failed, and the steps it failed in. */
export interface FailedRequest {
  request: string;
  steps: number[];
}

/** Most failed requests a note names one by one. */
const MAX_NAMED = 4;

/**
 * What failed, named as the edge's label names it (`textOf`), each with its
 * steps; undefined when the note gives the steps alone. `failedLabels[i]`
 * failed in `failedSteps[i]`; `all` are the labels of every request the edge
 * stands for.
 */
export function failedRequests(failedLabels: readonly string[], failedSteps: readonly number[], all: readonly string[], textOf: (labels: readonly string[]) => string): FailedRequest[] | undefined {
  const steps = new Map<string, Set<number>>();
  failedLabels.forEach((label, i) => {
    const step = failedSteps[i];
    if (step === undefined) return; // parallel arrays: a label without its step is not counted
    const set = steps.get(label) ?? new Set<number>();
    set.add(step);
    steps.set(label, set);
  });
  if (steps.size === 0 || steps.size > MAX_NAMED || new Set(all).size <= 1) return undefined;
  const byText = new Map<string, Set<number>>();
  for (const [label, set] of steps) {
    const text = textOf([label]);
    byText.set(text, new Set([...(byText.get(text) ?? []), ...set]));
  }
  const out = [...byText].map(([request, set]) => ({ request, steps: [...set].sort((a, b) => a - b) }));
  out.sort((a, b) => a.steps[0]! - b.steps[0]! || a.request.localeCompare(b.request)); // every entry has a step (built above)
  // Two requests that failed in one step: a list per request would say no more than the label's.
  const failedIn = out.flatMap((f) => f.steps);
  if (new Set(failedIn).size < failedIn.length) return undefined;
  return out;
}

/**
 * `POST pods/eviction failed in step 6`, `POST configmaps failed in step 5,
 * GET configmaps in steps 6–7`, or `failed in steps 3, 5–7` when nothing is
 * named (`steps`: every step in which the edge's requests failed).
 */
export function failedNote(what: readonly FailedRequest[] | undefined, steps: readonly number[]): string {
  if (what === undefined || what.length === 0) return `failed in ${stepsPhrase(steps)}`;
  return what.map((f, i) => `${f.request} ${i === 0 ? 'failed in' : 'in'} ${stepsPhrase(f.steps)}`).join(', ');
}
