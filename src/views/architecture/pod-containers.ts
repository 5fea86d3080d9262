/**
 * Summary: a Pod whose containers the focus is about names its IP and its
 * containers in its box (issue 9, gallery review D33). A summary draws a Pod
 * as one box, `web · Running`; but pod-vs-container is about one sandbox,
 * one IP and several containers, which only the standard picture drew (a
 * group with a box per container, too wide for a docs column). Here the
 * Pod's one box says `web · 10.244.1.2` over `Running · init-content ✓,
 * nginx, log-shipper`: its IP, then its init containers first (✓ once the Pod runs: every init
 * container completed before the app containers started), then its app
 * containers in the order of its spec.
 *
 * The focus is about a Pod's containers when the Pod has two or more
 * containers (init containers count) and a focus step touches the Pod or one
 * of its containers (starts them, execs into one, reads its logs).
 */
import type { Component, Trace } from '../../trace/types.ts';
import type { GraphNode } from '../types.ts';

/** A Pod as the summary draws it (nodes.ts PodEntry). */
export interface DrawnPod {
  id: string;
  status: string;
  ip: string | null;
  ghost: boolean;
}

/** The containers of a Pod, init containers first (`init-content ✓`), then app containers; undefined for a Pod with one container. */
export function containerNames(pod: DrawnPod, index: ReadonlyMap<string, Component>, trace: Trace): string[] | undefined {
  const all = [...index.values()].filter((c) => c.kind === 'container' && c.parent === pod.id).map((c) => c.name);
  if (all.length < 2) return undefined;
  // The outcome lists a Pod's app containers in spec order; a container it does not list is an init container.
  const outcome = trace.outcome.pods.find((p) => `pod:${p.namespace}/${p.name}` === pod.id);
  const app = outcome?.containers.map((c) => c.name).filter((n) => all.includes(n)) ?? all;
  const init = all.filter((n) => !app.includes(n));
  return [...init.map((n) => (pod.status.startsWith('Running') ? `${n} ✓` : n)), ...app];
}

/**
 * Names the IP and the containers of each Pod the focus touches that has
 * several containers and is drawn as a box of its own (not folded with
 * other Pods).
 */
export function nameContainers(nodes: readonly GraphNode[], pods: readonly DrawnPod[], drawnAs: ReadonlyMap<string, string>, index: ReadonlyMap<string, Component>, touched: ReadonlySet<string>, trace: Trace): void {
  const podsIn = new Map<string, number>();
  for (const p of pods) {
    const box = drawnAs.get(p.id) ?? p.id;
    podsIn.set(box, (podsIn.get(box) ?? 0) + 1);
  }
  for (const p of pods) {
    const box = drawnAs.get(p.id) ?? p.id;
    const node = nodes.find((n) => n.id === box);
    if (p.ghost || node === undefined || podsIn.get(box) !== 1) continue;
    const aboutIt = touched.has(p.id) || [...touched].some((id) => index.get(id)?.kind === 'container' && index.get(id)?.parent === p.id);
    const names = aboutIt ? containerNames(p, index, trace) : undefined;
    if (names === undefined) continue;
    // The label names the Pod and its one IP (a box's sublabel takes two lines, too few for state, IP and three containers).
    if (p.ip !== null) node.label = `${node.label} · ${p.ip}`;
    node.sublabel = `${p.status} · ${names.join(', ')}`;
  }
}
