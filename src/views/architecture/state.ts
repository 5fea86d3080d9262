/**
 * The cluster state an architecture picture shows: `steps[].state` of the
 * last drawn step (the outcome for imported traces, which record no state),
 * and what happened to nodes and Pods on the way there, across the drawn
 * focus steps (a node that was NotReady and came back, a Pod that was
 * deleted).
 */
import type { StatePod, StepState, Trace } from '../../trace/types.ts';

export interface DrawnState {
  /** A picture of one step (a frame): the Pods it deleted are ghosts, the failed Pods it reaches have boxes of their own. */
  oneStep: boolean;
  /** State after the last drawn step; undefined when the trace records none. */
  state: StepState | undefined;
  /** Node name → focus steps after which it was not Ready. */
  notReady: Map<string, number[]>;
  /**
   * Every Pod seen in the state of a drawn focus step (`ns/name` → last seen), for ghosts of deleted Pods; in a
   * picture of one step, those of the state before it too (the Pods that step deleted).
   */
  seenPods: Map<string, StatePod>;
  /**
   * The nodes each Pod name ran on in the drawn focus steps, in order (`ns/name` → nodes): more
   * than one when a Pod was deleted and recreated under the same name elsewhere (a StatefulSet's).
   */
  podNodes: Map<string, string[]>;
  /**
   * The failure states each Pod name was in after drawn focus steps (`ns/name` → one entry per status and node,
   * in the order first seen): configmap-secret's `needs-config` was CreateContainerConfigError in steps 4–8 and is
   * Running at the end, which the picture says (`CreateContainerConfigError in steps 4–8, then Running`).
   */
  podFailures: Map<string, PodFailure[]>;
}

/** A failure state a Pod was in, on which node, after which focus steps. */
export interface PodFailure {
  status: string;
  node: string | null;
  steps: number[];
}

/** kubectl STATUS values that say a Pod failed (CrashLoopBackOff, ImagePullBackOff, CreateContainerConfigError, Error, Failed, OOMKilled, Evicted …). */
const FAILED_STATUS = /BackOff|Err|Error|Failed|OOMKilled|Evicted|Unknown/;

export function isFailedStatus(status: string): boolean {
  return FAILED_STATUS.test(status);
}

export function drawnState(trace: Trace, drawn: readonly number[], focus: readonly number[]): DrawnState {
  const last = Math.max(...drawn);
  let state: StepState | undefined;
  for (const s of trace.steps) if (s.number <= last && s.state) state = s.state;
  const notReady = new Map<string, number[]>();
  const seenPods = new Map<string, StatePod>();
  const podNodes = new Map<string, string[]>();
  const podFailures = new Map<string, PodFailure[]>();
  const focusSet = new Set(focus);
  // A picture of one step (a frame) draws the Pods that step deleted as ghosts: those of the state before it.
  if (drawn.length === 1) {
    let before: StepState | undefined;
    for (const s of trace.steps) if (s.number < drawn[0]! && s.state) before = s.state;
    for (const p of before?.pods ?? []) {
      const key = `${p.namespace}/${p.name}`;
      seenPods.set(key, p);
      if (p.node !== null) podNodes.set(key, [p.node]);
    }
  }
  for (const s of trace.steps) {
    if (!focusSet.has(s.number) || !s.state) continue;
    for (const n of s.state.nodes) {
      if (n.ready !== 'True') notReady.set(n.name, [...(notReady.get(n.name) ?? []), s.number]);
    }
    for (const p of s.state.pods) {
      const key = `${p.namespace}/${p.name}`;
      seenPods.set(key, p);
      const nodes = podNodes.get(key) ?? [];
      if (p.node !== null && !nodes.includes(p.node)) podNodes.set(key, [...nodes, p.node]);
      if (isFailedStatus(p.status)) {
        const list = podFailures.get(key) ?? [];
        const same = list.find((f) => f.status === p.status && f.node === p.node);
        if (same !== undefined) same.steps.push(s.number);
        else podFailures.set(key, [...list, { status: p.status, node: p.node, steps: [s.number] }]);
      }
    }
  }
  return { oneStep: drawn.length === 1, state, notReady, seenPods, podNodes, podFailures };
}
