/**
 * Plain inputs and outputs of the scheduler's plugins (kube-scheduler's
 * framework.PodInfo / framework.NodeInfo, reduced to what the default plugins
 * read). Pure data: the model builds these from its objects; the plugins never
 * see API objects, so they stay table-testable.
 */
import type { LabelSelector } from '../../../scenario/selector.ts';

/** CPU in millicores, memory in bytes (as resource.Quantity values). */
export interface Resources {
  cpuMillis: number;
  memoryBytes: number;
}

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect;
}

export interface Toleration {
  key?: string;
  /** 'Equal' when omitted (as the API defaults it). */
  operator?: 'Exists' | 'Equal';
  value?: string;
  /** Empty/omitted matches every effect. */
  effect?: TaintEffect | '';
  tolerationSeconds?: number;
}

export type NodeSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';

export interface NodeSelectorRequirement {
  key: string;
  operator: NodeSelectorOperator;
  values?: string[];
}

/** One term: all matchExpressions AND all matchFields must match. */
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  /** Only `metadata.name` is a valid field key (as in Kubernetes). */
  matchFields?: NodeSelectorRequirement[];
}

export interface PreferredSchedulingTerm {
  weight: number;
  preference: NodeSelectorTerm;
}

export interface NodeAffinity {
  /** Terms are ORed. An empty list matches nothing (as in Kubernetes). */
  required?: NodeSelectorTerm[];
  preferred?: PreferredSchedulingTerm[];
}

export type LabelSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export type { LabelSelector } from '../../../scenario/selector.ts';

export interface PodAffinityTerm {
  labelSelector?: LabelSelector;
  /** Empty/omitted means the pod's own namespace. */
  namespaces?: string[];
  topologyKey: string;
}

export interface WeightedPodAffinityTerm {
  weight: number;
  podAffinityTerm: PodAffinityTerm;
}

export interface PodAffinity {
  required?: PodAffinityTerm[];
  preferred?: WeightedPodAffinityTerm[];
}

export interface Affinity {
  nodeAffinity?: NodeAffinity;
  podAffinity?: PodAffinity;
  podAntiAffinity?: PodAffinity;
}

export interface HostPort {
  /** '' or omitted means 0.0.0.0 (conflicts with every IP). */
  hostIP?: string;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  port: number;
}

export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  labelSelector?: LabelSelector;
  minDomains?: number;
}

export interface PodInfo {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  /**
   * Effective requests: max(sum over containers, max over init containers)
   * per resource (+ pod overhead) — see `effectiveRequests`.
   */
  requests: Resources;
  /**
   * Requests with kube-scheduler's non-zero defaults (100m CPU, 200Mi memory
   * for a container that requests nothing), used by LeastAllocated scoring.
   * Defaults to `requests` when omitted.
   */
  nonZeroRequests?: Resources;
  /** spec.nodeName, when the pod asks for a node by name. */
  nodeName?: string;
  nodeSelector: Record<string, string>;
  affinity?: Affinity;
  tolerations: Toleration[];
  hostPorts: HostPort[];
  /** Images of init + regular containers, one per container, as written in the spec. */
  images: string[];
  topologySpreadConstraints?: TopologySpreadConstraint[];
  /**
   * For kube-scheduler's system-default spreading (hostname maxSkew 3, zone
   * maxSkew 5, ScheduleAnyway) when the pod has no constraints of its own:
   * the selector of the Services/ReplicaSets/StatefulSets that select the pod
   * (helper.DefaultSelector). Omitted → no default spreading.
   */
  defaultSpreadSelector?: LabelSelector;
  /** The VolumeBinding plugin's PreFilter state, for a pod that uses claims (./volumebinding.ts). */
  volumes?: PodVolumeCheck;
}

/** What VolumeBinding's PreFilter leaves for its Filter (built by ./volumebinding.ts podVolumeCheck). */
export interface PodVolumeCheck {
  /** PreFilterResult (GetEligibleNodes): the only nodes the bound local volumes allow; omitted → every node. */
  eligibleNodes?: ReadonlySet<string>;
  /** FindPodVolumes on one node: its conflict reasons (none → the node fits). */
  reasons(node: Pick<NodeInfo, 'name' | 'labels'>): string[];
}

/** A pod already bound to a node, as inter-pod affinity and spreading see it. */
export interface PlacedPod {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  /** Its required anti-affinity terms (existing pods' anti-affinity is symmetric). */
  antiAffinity?: PodAffinityTerm[];
}

export interface NodeInfo {
  name: string;
  labels: Record<string, string>;
  taints: Taint[];
  unschedulable: boolean;
  allocatable: Resources & { pods: number };
  /** Sum of effective requests of the pods on the node. */
  requested: Resources;
  /** Sum of the pods' `nonZeroRequests`; defaults to `requested` when omitted. */
  nonZeroRequested?: Resources;
  podCount: number;
  usedHostPorts: HostPort[];
  /** Normalised image name (`name:tag`, `:latest` added) → size in bytes, for images present on the node. */
  images: Record<string, number>;
  /** Pods on the node (only needed when pods use inter-pod affinity/spreading). */
  pods?: PlacedPod[];
  /**
   * Whether any pod on the node has required anti-affinity (kube-scheduler's
   * PodsWithRequiredAntiAffinity); lets InterPodAffinity skip the node.
   * Omitted → the plugin scans `pods`.
   */
  hasRequiredAntiAffinityPods?: boolean;
}

export interface FilterFailure {
  node: string;
  plugin: string;
  reason: string;
}

export interface NodeScore {
  node: string;
  total: number;
  byPlugin: Record<string, number>;
}

export type ScheduleResult =
  | {
      ok: true;
      node: string;
      /** Nodes run through the filters in this cycle. */
      evaluated: number;
      filtered: FilterFailure[];
      scores: NodeScore[];
      /** The `k` best scores, best first (higher total, then node name), without building every NodeScore. */
      top(k: number): { node: string; total: number }[];
      /** Where the next cycle starts its node scan (kube-scheduler rotates). */
      nextStartIndex: number;
    }
  | {
      ok: false;
      /** The FailedScheduling event message, formatted as kube-scheduler does. */
      message: string;
      filtered: FilterFailure[];
      nextStartIndex: number;
    };

export interface ScheduleOptions {
  /** 0 (or omitted) = adaptive, as kube-scheduler's default. */
  percentageOfNodesToScore?: number;
  /**
   * Tie-break among equal best scores: returns an integer in [0, n).
   * Omitted → the first node in name order wins (deterministic without a PRNG).
   */
  rand?: (n: number) => number;
  /** Index into `nodes` where the scan starts (the previous `nextStartIndex`). */
  startIndex?: number;
  /** Summaries the caller's node cache keeps up to date (see `SnapshotSummaries`); absent → computed from the nodes. */
  summaries?: SnapshotSummaries;
}

/**
 * What kube-scheduler's Snapshot keeps besides the NodeInfos, so a cycle does
 * not walk every node for them (pkg/scheduler/backend/cache/snapshot.go).
 */
export interface SnapshotSummaries {
  /** Image name → how many nodes hold it (ImageStateSummary.NumNodes). */
  imageNodes: ReadonlyMap<string, number>;
  /** The nodes with pods that have required anti-affinity terms (havePodsWithRequiredAntiAffinityNodeInfoList), in any order. */
  antiAffinityNodes: readonly NodeInfo[];
}

/** Context shared by all plugins in one scheduling cycle. */
export interface CycleState {
  pod: PodInfo;
  /** All nodes (inter-pod affinity and spreading look at every node). */
  allNodes: readonly NodeInfo[];
  /** Per-cycle memo for plugins (PreFilter state); created by schedulePod. */
  cache: Map<string, unknown>;
  /** The node cache's summaries, when the caller keeps them (ScheduleOptions.summaries). */
  summaries?: SnapshotSummaries;
}

/** A failed Filter: its reasons, and whether preemption could help. */
export interface FilterStatus {
  reasons: string[];
  /** UnschedulableAndUnresolvable (preemption cannot help). */
  unresolvable: boolean;
}

export interface FilterPlugin {
  name: string;
  /** null = the node passes. */
  filter(state: CycleState, node: NodeInfo): FilterStatus | null;
  /**
   * PreFilter's Skip status: true when `filter` would pass every node in this
   * cycle, so the framework does not call it per node (framework.Skip, 1.27+).
   */
  skip?(state: CycleState): boolean;
}

export interface ScorePlugin {
  name: string;
  weight: number;
  /**
   * Raw scores for the feasible nodes, in the order given (PreScore + Score in
   * one call, so a plugin can precompute per cycle without keeping state).
   */
  score(state: CycleState, nodes: readonly NodeInfo[]): number[];
  /** Normalises raw scores in place to 0..100 (framework.MaxNodeScore). */
  normalize?(state: CycleState, scores: number[]): void;
}

export const MAX_NODE_SCORE = 100;
