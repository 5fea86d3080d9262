/** Step selection shared by the views. */
import type { Trace, TraceEvent, TraceStep } from '../../trace/types.ts';
import type { StepRef } from '../types.ts';
import { numberRanges } from './ranges.ts';

export function stepRefs(trace: Trace, selected?: readonly number[]): StepRef[] {
  const keep = selectedSet(trace, selected);
  return trace.steps.filter((s) => keep.has(s.number)).map((s) => ({ number: s.number, title: s.title }));
}

/** The set of step numbers to show; all steps when none are given. */
export function selectedSet(trace: Trace, selected?: readonly number[]): Set<number> {
  if (selected === undefined || selected.length === 0) return new Set(trace.steps.map((s) => s.number));
  return new Set(selected);
}

/** Events of the selected steps, in trace order. */
export function eventsOfSteps(trace: Trace, steps: Set<number>): TraceEvent[] {
  return trace.events.filter((e) => steps.has(e.step));
}

export function stepByNumber(trace: Trace, n: number): TraceStep | undefined {
  return trace.steps.find((s) => s.number === n);
}

/** Ascending, without duplicates. */
export function sortedNumbers(values: Iterable<number>): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/** `step 6`, `steps 3, 5–7`: the word in the number the steps need, then their ranges. */
export function stepsPhrase(steps: readonly number[]): string {
  return `${steps.length === 1 ? 'step' : 'steps'} ${numberRanges(steps)}`;
}
