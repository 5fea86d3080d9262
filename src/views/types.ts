/**
 * Views: plain data derived from a Trace, one per diagram kind. They know
 * nothing about SVG, Mermaid or geometry; the native renderer (layout + svg)
 * and the text emitters (mmd, d2, puml) consume exactly these shapes.
 *
 * Architecture and flowchart are graphs (nested boxes and labelled edges);
 * the sequence view is a list of participants and an ordered list of items.
 */
import type { DetailLevel } from '../scenario/types.ts';
export type { DetailLevel };

/** The glyph drawn for a node; one per component and object kind. */
export type IconName =
  | 'apiserver'
  | 'etcd'
  | 'scheduler'
  | 'controller'
  | 'cloud-controller'
  | 'kubelet'
  | 'kube-proxy'
  | 'runtime'
  | 'pod'
  | 'container'
  | 'service'
  | 'ingress'
  | 'node'
  | 'control-plane'
  | 'user'
  | 'internet'
  | 'load-balancer'
  | 'git'
  | 'registry'
  | 'dns'
  | 'metrics'
  | 'cni'
  | 'replicaset'
  | 'endpoints'
  | 'policy'
  | 'hpa'
  | 'config'
  | 'deployment'
  | 'statefulset'
  | 'daemonset'
  | 'budget'
  | 'job'
  | 'cronjob'
  | 'volume'
  | 'namespace'
  | 'serviceaccount'
  | 'role'
  | 'binding'
  | 'decision'
  | 'start'
  | 'end'
  | 'none';

/** Visual emphasis, resolved to colours by the theme. */
export type Emphasis = 'normal' | 'taken' | 'faint' | 'success' | 'danger' | 'warning' | 'accent';

export type GraphNodeShape =
  | 'group' // a boundary with children (cluster, control plane, node, pod)
  | 'component' // a box with an icon
  | 'decision' // a flowchart diamond
  | 'terminal' // a flowchart start/end pill
  | 'process'; // a flowchart step box

export interface GraphNode {
  /** Stable id (content-derived), unique within the view. */
  id: string;
  label: string;
  /** Second, smaller line (e.g. `containerd`, `10.244.1.5`). */
  sublabel?: string;
  /**
   * Shorter sublabels, whole phrases left out (`web · 2 Running +1 more`), in order: a layout that would have to
   * shorten `sublabel` in its middle to fit its lines takes the first that fits whole (layout/graph-prepare.ts).
   */
  shorter?: string[];
  icon: IconName;
  shape: GraphNodeShape;
  /** Id of the enclosing group, or null at top level. */
  parent: string | null;
  emphasis: Emphasis;
  /** Steps in which this node takes part (for `--step N` dimming). */
  steps: number[];
  /** Short state badges drawn in a group's header (`NotReady`, `cordoned`, `NoExecute taint`). */
  tags?: NodeTag[];
  /** Drawn crossed out: a component that is down (a failed etcd member or API server). */
  crossed?: true;
}

export interface NodeTag {
  text: string;
  emphasis: Emphasis;
}

export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  /** Number in order of first occurrence (architecture); absent for unnumbered edges. */
  number?: number;
  label?: string;
  emphasis: Emphasis;
  dashed?: boolean;
  steps: number[];
  /**
   * Steps in which some of this edge's requests failed, on an edge drawn as
   * working because others did (architecture): a frame of one of these steps
   * draws it red.
   */
  failedSteps?: number[];
  /**
   * On such an edge, the requests that failed, each with its steps, when the
   * note names them (`POST pods/eviction` in step 6; `POST configmaps` in
   * step 5, `GET configmaps` in 6–7): the text formats name them as the
   * legend does (views/common/failed-note.ts).
   */
  failedRequests?: { request: string; steps: number[] }[];
  /** Trace event ids this edge stands for. */
  events: string[];
}

export interface LegendEntry {
  number: number;
  text: string;
  step: number;
}

export interface StepRef {
  number: number;
  title: string;
}

export interface ArchitectureView {
  kind: 'architecture';
  title: string;
  /** Parents always come before their children. */
  nodes: GraphNode[];
  edges: GraphEdge[];
  legend: LegendEntry[];
  steps: StepRef[];
  /**
   * `column`: laid out for a ~900-px docs column, as tall as it needs
   * (layout/graph.ts), when the picture laid out for a slide is too wide for
   * one: build writes it as `architecture.column.svg` (build/pictures.ts).
   * Absent: for a slide (and the column too when one picture fits both).
   */
  layoutFor?: 'column';
}

export interface FlowchartView {
  kind: 'flowchart';
  title: string;
  /** The step whose decision flow this is. */
  step: number;
  nodes: GraphNode[];
  /** Taken edges have emphasis `taken`, untaken ones `faint`. */
  edges: GraphEdge[];
  steps: StepRef[];
  /** What is being decided: `read`, `write`, `scheduling`, `rbac`, `network-policy`, `etcd-quorum` … (see views/README.md). */
  decision?: string;
  /** Node ids of the main chain, in reading order; every other node leaves a chain node (an exit or an alternative). */
  chain?: string[];
}

export interface SequenceParticipant {
  id: string;
  label: string;
  sublabel?: string;
  icon: IconName;
  /** Box (group) id, or null. */
  box: string | null;
}

export interface SequenceBox {
  id: string;
  label: string;
}

export type SequenceItem =
  | SequenceMessage
  | SequenceNote
  | SequenceSeparator
  | SequenceLoop
  | SequenceAlt;

export interface SequenceMessage {
  type: 'message';
  id: string;
  /** autonumber value. */
  number: number;
  from: string;
  to: string;
  label: string;
  /** sync request, reply, async (watch notification), self (internal phase). */
  arrow: 'sync' | 'reply' | 'async' | 'self';
  emphasis: Emphasis;
  /** Activation of `to` starts with this message / of `from` ends with it. */
  activate?: boolean;
  deactivate?: boolean;
  /** Never arrived (a packet a NetworkPolicy dropped): drawn ending in a cross short of `to`'s lifeline. */
  lost?: true;
  step: number;
  events: string[];
}

export interface SequenceNote {
  type: 'note';
  id: string;
  /** One participant, or two for a note spanning them. */
  over: string[];
  text: string;
  step: number;
}

/**
 * A step's title band. The setup band (id `setup`) stands for every collapsed
 * setup step: its title names them and `state` says, one line each, what they
 * left behind (`web: 3 Pods Running on worker-1..3`).
 */
export interface SequenceSeparator {
  type: 'separator';
  id: string;
  step: number;
  title: string;
  /** Setup band only: the resulting cluster state, one line each. */
  state?: string[];
}

export interface SequenceLoop {
  type: 'loop';
  id: string;
  /** `for each of 3 Pods`, `×10000`. */
  label: string;
  count: number;
  items: SequenceItem[];
  step: number;
}

export interface SequenceAlt {
  type: 'alt';
  id: string;
  branches: { label: string; items: SequenceItem[] }[];
  step: number;
}

export interface SequenceView {
  kind: 'sequence';
  title: string;
  /** The detail level it was built at (layout uses the slide type scale for `summary`). */
  detail?: DetailLevel;
  boxes: SequenceBox[];
  participants: SequenceParticipant[];
  items: SequenceItem[];
  steps: StepRef[];
}

export type View = ArchitectureView | SequenceView | FlowchartView;
export type ViewKind = View['kind'];
export const VIEW_KINDS: readonly ViewKind[] = ['architecture', 'sequence', 'flowchart'];
