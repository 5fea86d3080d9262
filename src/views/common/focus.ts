/**
 * Focus: which steps a picture is about. A scenario marks its scene-setting
 * steps `setup: true` (trace `steps[].setup`); the others are the focus.
 * Views draw focus steps and collapse setup into the state it left behind
 * (`steps[].state` of the last setup step before the focus).
 */
import type { StepState, Trace, TraceStep } from '../../trace/types.ts';

/** Focus step numbers, ascending: every step not marked setup (all steps when every one is). */
export function focusSteps(trace: Trace): number[] {
  const focus = trace.steps.filter((s) => s.setup !== true).map((s) => s.number);
  return focus.length > 0 ? focus : trace.steps.map((s) => s.number);
}

/** Setup step numbers, ascending. */
export function setupSteps(trace: Trace): number[] {
  return trace.steps.filter((s) => s.setup === true).map((s) => s.number);
}

/** The first focus step that caused any event (the one a single-step picture, e.g. a flowchart, is about). */
export function firstActiveFocusStep(trace: Trace): TraceStep | undefined {
  const focus = new Set(focusSteps(trace));
  return trace.steps.find((s) => focus.has(s.number) && s.events !== null) ?? trace.steps.find((s) => focus.has(s.number));
}

/** The cluster as step `n` left it; undefined for imported traces (no state recorded). */
export function stateAfter(trace: Trace, n: number): StepState | undefined {
  return trace.steps.find((s) => s.number === n)?.state;
}

/** The cluster just before step `n` ran (after step n-1); undefined before the first step. */
export function stateBefore(trace: Trace, n: number): StepState | undefined {
  let prev: StepState | undefined;
  for (const s of trace.steps) {
    if (s.number >= n) break;
    if (s.state) prev = s.state;
  }
  return prev;
}
