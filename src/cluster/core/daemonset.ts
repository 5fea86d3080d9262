/**
 * The DaemonSet controller's pure logic (pkg/controller/daemon): which nodes
 * should run a daemon pod (NodeShouldRunDaemonPod), the tolerations the
 * controller adds to every daemon pod (util.AddOrUpdateDaemonPodTolerations),
 * the node-name affinity it pins each pod with
 * (util.ReplaceDaemonSetPodNodeNameNodeAffinity), and how many pods a
 * RollingUpdate may take down or surge (update.go). No clock, no world.
 */
import type { IAffinity } from 'kubernetes-models/v1/Affinity';
import type { IToleration } from 'kubernetes-models/v1/Toleration';
import type { PodSpec } from './typed.ts';
import type { Taint, Toleration } from './scheduler/types.ts';
import { firstUntoleratedTaint, podMatchesNodeSelectorAndAffinity } from './scheduler/plugins/helpers.ts';
import { podInfoFromSpec, nodeInfoFor, type PodSpecLike } from './scheduler/build.ts';


/** The tolerations every daemon pod gets, in the controller's order; network-unavailable only with hostNetwork. */
export function daemonPodTolerations(hostNetwork: boolean): Toleration[] {
  const t = (key: string, effect: 'NoExecute' | 'NoSchedule'): Toleration => ({ key, operator: 'Exists', effect });
  return [
    t('node.kubernetes.io/not-ready', 'NoExecute'),
    t('node.kubernetes.io/unreachable', 'NoExecute'),
    t('node.kubernetes.io/disk-pressure', 'NoSchedule'),
    t('node.kubernetes.io/memory-pressure', 'NoSchedule'),
    t('node.kubernetes.io/pid-pressure', 'NoSchedule'),
    t('node.kubernetes.io/unschedulable', 'NoSchedule'),
    ...(hostNetwork ? [t('node.kubernetes.io/network-unavailable', 'NoSchedule')] : []),
  ];
}

/** Toleration.MatchToleration: same key, operator, value and effect (tolerationSeconds aside). */
function sameToleration(a: Toleration, b: Toleration): boolean {
  return (a.key ?? '') === (b.key ?? '') && (a.operator ?? 'Equal') === (b.operator ?? 'Equal') && (a.value ?? '') === (b.value ?? '') && (a.effect ?? '') === (b.effect ?? '');
}

/** v1helper.AddOrUpdateTolerationInPodSpec for each of the daemon tolerations. */
export function addDaemonTolerations(existing: readonly Toleration[], hostNetwork: boolean): Toleration[] {
  let out = [...existing];
  for (const tol of daemonPodTolerations(hostNetwork)) {
    if (out.some((o) => sameToleration(o, tol) && JSON.stringify(o) === JSON.stringify(tol))) continue;
    let replaced = false;
    out = out.map((o) => {
      if (!sameToleration(o, tol)) return o;
      replaced = true;
      return tol;
    });
    if (!replaced) out.push(tol);
  }
  return out;
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes one matchFields term on metadata.name. */
export function pinToNode(affinity: IAffinity | undefined, nodeName: string): IAffinity {
  const selector = { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In' as const, values: [nodeName] }] }] };
  const a: IAffinity = affinity ? (JSON.parse(JSON.stringify(affinity)) as IAffinity) : {};
  a.nodeAffinity = { ...(a.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: selector };
  return a;
}

/** The daemon pod's spec for `nodeName` (NewPod): the template's spec with the daemon tolerations and the node pin. */
export function daemonPodSpec(templateSpec: Partial<PodSpec> | undefined, nodeName: string): PodSpec {
  const spec = JSON.parse(JSON.stringify(templateSpec ?? {})) as PodSpec;
  spec.tolerations = addDaemonTolerations(spec.tolerations ?? [], spec.hostNetwork === true) as IToleration[];
  spec.affinity = pinToNode(spec.affinity, nodeName);
  return spec;
}

export interface DaemonNode {
  name: string;
  labels: Record<string, string>;
  taints: Taint[];
}

/**
 * NodeShouldRunDaemonPod: `run` — a daemon pod should be on this node (node
 * name, nodeSelector, required node affinity, and NoSchedule/NoExecute taints
 * tolerated, counting the daemon tolerations); `keep` — an existing pod may
 * stay (only an untolerated NoExecute taint evicts it). Unschedulable nodes
 * are not excluded: daemon pods tolerate node.kubernetes.io/unschedulable.
 */
export function nodeShouldRunDaemonPod(node: DaemonNode, templateSpec: Partial<PodSpec> | undefined): { run: boolean; keep: boolean } {
  const tpl: Partial<PodSpec> = templateSpec ?? {};
  if (tpl.nodeName && tpl.nodeName !== node.name) return { run: false, keep: false };
  const spec: PodSpecLike = daemonPodSpec(tpl, node.name);
  const pod = podInfoFromSpec({ namespace: '', name: '' }, { ...spec, affinity: tpl.affinity });
  const info = nodeInfoFor({ name: node.name, labels: node.labels, taints: node.taints, allocatable: { cpuMillis: 0, memoryBytes: 0, pods: 0 }, images: {} }, []);
  // The template's own nodeSelector and required affinity (the pin to the node name matches by construction).
  if (!podMatchesNodeSelectorAndAffinity(pod, info)) return { run: false, keep: false };
  const tolerations = spec.tolerations ?? [];
  if (!firstUntoleratedTaint(node.taints, tolerations)) return { run: true, keep: true };
  const noExecute = node.taints.filter((t) => t.effect === 'NoExecute');
  return { run: false, keep: !firstUntoleratedTaint(noExecute, tolerations) };
}

/** intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return Number(v) || 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/**
 * updatedDesiredNodeCounts: maxSurge and maxUnavailable of a RollingUpdate
 * over `desired` nodes (surge rounds up, unavailable down; both 0 → 1 unavailable).
 */
export function rollingUpdateBudget(rollingUpdate: { maxUnavailable?: number | string; maxSurge?: number | string } | undefined, desired: number): { maxSurge: number; maxUnavailable: number } {
  const maxUnavailable = scaledValue(rollingUpdate?.maxUnavailable, desired, false, 1);
  const maxSurge = scaledValue(rollingUpdate?.maxSurge, desired, true, 0);
  if (maxUnavailable === 0 && maxSurge === 0) return { maxSurge: 0, maxUnavailable: 1 };
  return { maxSurge, maxUnavailable };
}

export interface NodePods {
  node: string;
  /** The node should run a daemon pod. */
  run: boolean;
  /** Its daemon pods: updated (current hash) or old, and whether each is available (ready). */
  pods: { name: string; updated: boolean; available: boolean }[];
}

/**
 * One pass of rollingUpdate (update.go) over the nodes that have daemon pods
 * (in node-name order): which old pods to delete, and on which nodes to surge
 * a new pod. Without surge: an old pod that is not available is replaced
 * freely; available old pods go while fewer than maxUnavailable nodes are
 * unavailable. With surge: a new pod is created next to an old one (freely
 * when the old one is unavailable, else up to maxSurge at a time) and the old
 * one goes once the new one is available.
 */
export function rollingUpdatePlan(nodes: readonly NodePods[], budget: { maxSurge: number; maxUnavailable: number }): { deletePods: string[]; surgeNodes: string[] } {
  const withPods = nodes.filter((n) => n.pods.length > 0);
  if (budget.maxSurge === 0) {
    let unavailable = 0;
    const allowed: string[] = [];
    const candidates: string[] = [];
    for (const n of withPods) {
      const newPod = n.pods.find((p) => p.updated);
      const oldPod = n.pods.find((p) => !p.updated);
      if (n.pods.length > 2 || (newPod && oldPod)) unavailable++;
      else if (newPod) {
        if (!newPod.available) unavailable++;
      } else if (oldPod) {
        if (!oldPod.available) allowed.push(oldPod.name);
        else if (unavailable < budget.maxUnavailable) candidates.push(oldPod.name);
      }
    }
    const remaining = Math.min(Math.max(0, budget.maxUnavailable - unavailable), candidates.length);
    return { deletePods: [...allowed, ...candidates.slice(0, remaining)], surgeNodes: [] };
  }
  let surging = 0;
  const deletePods: string[] = [];
  const allowed: string[] = [];
  const candidates: string[] = [];
  for (const n of withPods) {
    const newPod = n.pods.find((p) => p.updated);
    const oldPod = n.pods.find((p) => !p.updated);
    if (n.pods.length > 2) surging++;
    else if (!oldPod) continue;
    else if (!newPod) {
      if (!oldPod.available) {
        if (n.run) allowed.push(n.node);
        else deletePods.push(oldPod.name);
      } else candidates.push(n.node);
    } else if (!newPod.available) surging++;
    else deletePods.push(oldPod.name);
  }
  const remaining = Math.min(Math.max(0, budget.maxSurge - surging), candidates.length);
  return { deletePods, surgeNodes: [...allowed, ...candidates.slice(0, remaining)] };
}
