/**
 * Laid-out geometry: absolute coordinates in px, the output of `layout(view)`
 * and the input of the SVG writer. Written by `render --format layout` and
 * used as the golden of the layout stage.
 */
import type { Emphasis, IconName, StepRef, ViewKind } from '../views/types.ts';

export interface LaidLabel {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The text as wrapped (or ellipsized) by the layout; one entry per line. */
  lines?: string[];
  /** Font size in px and weight the text was measured with. */
  size?: number;
  weight?: 'regular' | 'semibold';
  /** Horizontal alignment of the lines inside the label box (default middle). */
  align?: 'start' | 'middle' | 'end';
}

export interface LaidNode {
  id: string;
  parent: string | null;
  /** What the node is (and the renderer draws): group, component, decision, terminal, process, participant, lifeline, activation, note, frame, separator, legend … */
  kind: string;
  x: number;
  y: number;
  width: number;
  height: number;
  label: LaidLabel;
  sublabel?: LaidLabel;
  icon?: IconName;
  emphasis: Emphasis;
  steps: number[];
  /** Badge number (legend entries). */
  number?: number;
  /** Dashed outline (sequence alt dividers, faint flowchart nodes). */
  dashed?: boolean;
  /** State badges in a group's header (`NotReady`), each a pill with its text. */
  tags?: LaidTag[];
  /** Drawn crossed out (a component that is down). */
  crossed?: true;
}

export interface LaidTag extends LaidLabel {
  emphasis: Emphasis;
}

export interface LaidEdge {
  id: string;
  from: string;
  to: string;
  /** Polyline, absolute. */
  points: { x: number; y: number }[];
  label?: LaidLabel;
  number?: number;
  emphasis: Emphasis;
  dashed?: boolean;
  /** sync, reply, async, self (sequence) or plain (graphs). */
  arrow: 'sync' | 'reply' | 'async' | 'self' | 'plain';
  steps: number[];
  /** Steps in which the edge is drawn failed (`danger`) though drawn as working in the whole picture (GraphEdge.failedSteps). */
  failedSteps?: number[];
  /** Sequence: a message that never arrived, ending in a cross short of its target's lifeline (SequenceMessage.lost). */
  lost?: true;
}

export interface LaidOut {
  view: ViewKind;
  title: string;
  width: number;
  height: number;
  nodes: LaidNode[];
  edges: LaidEdge[];
  /** The view's steps, for the step caption of `--step N` frames. */
  steps?: StepRef[];
}
