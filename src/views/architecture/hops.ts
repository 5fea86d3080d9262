/**
 * Events → hops: the interactions an architecture picture draws, each from
 * one box to another. Traffic is rewritten so it passes through the objects
 * that steer it: a DNAT hop goes client → Service → the node's rules, and a
 * dropped packet ends at the NetworkPolicy that dropped it. At `summary` the
 * network plumbing (kube-proxy rules, the CNI) is transparent: a packet goes
 * client → Service → Pod, and replies are left out.
 */
import type { Component, TraceEvent } from '../../trace/types.ts';
import type { DetailLevel } from '../types.ts';
import type { Causality } from '../common/causality.ts';
import { componentOf } from '../common/components.ts';
import { eventStorage, interactionOf, isEventRecord, isFailure, type Interaction } from '../common/interactions.ts';
import { droppingPolicyOf, serviceOf } from './objects.ts';

export interface Hop {
  /** Component or object ids (before mapping to drawn boxes). */
  from: string;
  to: string;
  it: Interaction;
  event: TraceEvent;
  failed: boolean;
  /** From a setup step: drawn faint and unnumbered (only at `full`). */
  setup: boolean;
}

const PLUMBING = new Set<Component['kind']>(['kube-proxy', 'cni']);
const REPLY = /^(HTTP\/|DNS (?![A-Z]+\?))/;

export function hopsOf(events: readonly TraceEvent[], index: Map<string, Component>, causality: Causality, detail: DetailLevel, objects: Set<string>, setupSteps: Set<number>): Hop[] {
  const failedRequests = new Set(
    events.filter((e) => e.type === 'response' && isFailure(e.result)).flatMap((e) => causality.requestOf.get(e.id) ?? []),
  );
  const recordParts = eventStorage(events, causality);
  const plumbing = (id: string) => PLUMBING.has(componentOf(index, id).kind);
  const out: Hop[] = [];
  /** Where the current packet is, at summary, while it crosses plumbing (per step). */
  const at = new Map<number, string>();
  for (const e of events) {
    const it = interactionOf(e);
    // Recording a Kubernetes Event is bookkeeping every component does; it would double the edges.
    if (it === null || e.from === e.to || isEventRecord(e) || recordParts.has(e.id)) continue;
    const failed = failedRequests.has(e.id) || isFailure(e.result);
    const setup = setupSteps.has(e.step);
    const hop = (from: string, to: string, label?: string): void => {
      out.push({ from, to, it: label !== undefined ? { ...it, key: `packet:${label}`, label } : it, event: e, failed, setup });
    };
    if (e.type !== 'packet') {
      hop(e.from, e.to);
      continue;
    }
    if (detail === 'summary' && REPLY.test(e.summary)) continue;
    const service = serviceOf(e);
    const policy = droppingPolicyOf(e);
    let from = e.from;
    if (detail === 'summary' && plumbing(from)) {
      const was = at.get(e.step);
      if (was === undefined) continue;
      from = was;
    }
    if (service !== undefined && objects.has(service)) {
      hop(from, service, 'to the Service');
      if (detail === 'summary') at.set(e.step, service);
      else hop(service, e.to, 'DNAT to a Pod');
      continue;
    }
    if (policy !== undefined && objects.has(policy)) {
      hop(from, policy, 'dropped by NetworkPolicy');
      continue;
    }
    if (detail === 'summary' && plumbing(e.to)) {
      at.set(e.step, from);
      continue;
    }
    hop(from, e.to);
  }
  return out;
}
