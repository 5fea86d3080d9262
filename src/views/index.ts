/**
 * Views: Trace → ArchitectureView | SequenceView | FlowchartView, pure
 * functions of the trace. `buildView` picks one by kind (for the CLI and build).
 */
import type { Trace } from '../trace/types.ts';
import type { DetailLevel, View, ViewKind } from './types.ts';
import { buildArchitecture, type ArchitectureOptions } from './architecture/build.ts';
import { buildFlowchart, type FlowchartOptions } from './flowchart/build.ts';
import { buildSequence, type SequenceOptions } from './sequence/build.ts';
import { inertStrings } from './common/inert.ts';

export { buildArchitecture, buildFlowchart, buildSequence };
export type { ArchitectureOptions, FlowchartOptions, SequenceOptions };

/**
 * Options every view understands: `steps` selects steps (flowchart: the first
 * one is its step); `detail` is how much of the trace to draw (default
 * `standard`; see DetailLevel).
 */
export interface ViewOptions {
  steps?: number[];
  step?: number;
  detail?: DetailLevel;
}

/** The view of one kind, with control and bidi characters from input made visible (see inert.ts). */
export function buildView(trace: Trace, kind: ViewKind, opts: ViewOptions = {}): View {
  return inertStrings(buildRaw(trace, kind, opts));
}

function buildRaw(trace: Trace, kind: ViewKind, opts: ViewOptions): View {
  const detail = opts.detail ? { detail: opts.detail } : {};
  switch (kind) {
    case 'architecture':
      return buildArchitecture(trace, { ...(opts.steps ? { steps: opts.steps } : {}), ...detail });
    case 'sequence':
      return buildSequence(trace, { ...(opts.steps ? { steps: opts.steps } : {}), ...detail });
    case 'flowchart': {
      const step = opts.step ?? opts.steps?.[0];
      return buildFlowchart(trace, { ...(step !== undefined ? { step } : {}), ...detail });
    }
  }
}
