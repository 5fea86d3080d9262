/**
 * Trace format v1: every interaction inside the simulated cluster, in order,
 * with cause and simulated time. Every view, diff and export is a function of
 * a Trace and must never need anything that is not in it.
 *
 * Documented in docs/trace-format.md, with a JSON Schema in
 * docs/trace.schema.json that the tests validate every trace against.
 * Changing this file is a format change: bump TRACE_VERSION when it is not
 * backwards compatible.
 */

export const TRACE_FORMAT = 'kubescene/trace' as const;
export const TRACE_VERSION = 1 as const;

/**
 * `attrs.read` of an API server's etcd range: a quorum read of an object, or
 * of etcd's current revision only (limit 1), before a list is served from the
 * watch cache (ConsistentListFromCache).
 */
export const ETCD_READ = { object: 'linearizable', revision: 'linearizable, limit 1' } as const;

export interface Trace {
  format: typeof TRACE_FORMAT;
  version: typeof TRACE_VERSION;
  header: TraceHeader;
  /** Hosts (machines) that components live on, in a stable order. */
  hosts: Host[];
  /** Every actor that appears in `events`, in a stable order. */
  components: Component[];
  steps: TraceStep[];
  events: TraceEvent[];
  outcome: Outcome;
  /** Where the model deliberately simplifies real Kubernetes (plain sentences). */
  simplifications: string[];
}

export interface TraceHeader {
  scenario: {
    name: string;
    title: string;
    /** Markdown. */
    description: string;
    /** Scenario path relative to where kubescene ran (never absolute). */
    source: string;
  };
  /** sha256 over the scenario and every file it read. */
  digest: string;
  inputs: { path: string; sha256: string }[];
  /** Behaviour profile, e.g. "1.31". */
  kubernetes: string;
  seed: number;
  /** What produced this trace: the simulation, or an audit-log import. */
  origin: 'simulation' | 'audit-log';
  cluster: {
    apiServers: number;
    etcdMembers: number;
    proxyMode: string;
    nodes: number;
  };
}

export type HostRole = 'control-plane' | 'worker' | 'external';

export interface Host {
  /** e.g. `control-plane`, `worker-1`, `internet`. */
  id: string;
  name: string;
  role: HostRole;
}

export type ComponentKind =
  | 'client' // kubectl (a user)
  | 'load-balancer' // in front of several API servers
  | 'apiserver'
  | 'etcd'
  | 'controller-manager'
  | 'scheduler'
  | 'cloud-controller-manager'
  | 'kubelet'
  | 'container-runtime' // containerd (CRI)
  | 'dockershim' // 1.23 profile
  | 'docker-engine' // 1.23 profile
  | 'cni'
  | 'kube-proxy'
  | 'dns' // CoreDNS
  | 'ingress-controller'
  | 'metrics-server'
  | 'gitops-controller'
  | 'csi-driver' // a CSI driver's controller (external-provisioner sidecar)
  | 'cloud-load-balancer'
  | 'pod'
  | 'container'
  | 'registry'
  | 'git-repository'
  | 'internet'
  | 'external';

export type ComponentGroup = 'client' | 'control-plane' | 'node' | 'workload' | 'external';

export interface Component {
  /**
   * Stable id, derived from content: `kubectl`, `kube-apiserver` (or
   * `apiserver-1` … with several), `etcd` (`etcd-1` …), `kube-scheduler`,
   * `kube-controller-manager`, `kubelet@worker-1`, `containerd@worker-1`,
   * `kube-proxy@worker-1`, `pod:default/web-7c5ddbdf54-x2kqp`,
   * `container:default/web-7c5ddbdf54-x2kqp/nginx`, `internet`, …
   */
  id: string;
  kind: ComponentKind;
  /** Display label. */
  name: string;
  /** Host id (see `hosts`), or null for actors outside any host. */
  host: string | null;
  group: ComponentGroup;
  /** For containers: the pod's component id. For controllers inside kube-controller-manager: that id. */
  parent?: string;
  /** Namespace, for pods and containers. */
  namespace?: string;
}

export type StepKind = 'kubectl' | 'wait' | 'advance' | 'fault' | 'load' | 'traffic' | 'expect' | 'git';

export interface TraceStep {
  /** 1-based. */
  number: number;
  kind: StepKind;
  title: string;
  /** `kubectl apply -f web.yaml`, `wait --for=condition=Available deployment/web`, `advance 30s` … */
  command: string;
  /** The user the command ran as (kubectl steps). */
  as?: string;
  /** What kubectl printed on stdout. */
  output?: string;
  /** What kubectl printed on stderr. */
  error?: string;
  exitCode?: number;
  startMs: number;
  endMs: number;
  /** Index range [first, last] into `events` of what this step caused; null if nothing happened. */
  events: { first: number; last: number } | null;
  expectations: ExpectationResult[];
  /** Position in the scenario file. */
  line?: number;
  /** Present (true) on scene-setting steps (`setup: true` in the scenario); diagrams draw the other steps. */
  setup?: true;
  /** The cluster as this step left it: what a picture of the step shows as state. Absent in imported traces. */
  state?: StepState;
}

/**
 * A snapshot of the cluster at the end of a step, compact enough to keep one
 * per step. Objects created before the scenario (bootstrap namespaces, RBAC
 * defaults, the `kubernetes` Service …) are left out, like in `outcome`.
 */
export interface StepState {
  /** Nodes in name order. */
  nodes: StateNode[];
  /** Pods in namespace/name order; a Pod deleted during the step is absent (compare with the previous step). */
  pods: StatePod[];
  /** Every other object (no Pods, Nodes, Events, Leases), in kind/namespace/name order. */
  objects: StateObject[];
  controlPlane: {
    /** Each API server and whether it is up (one entry without a load balancer). */
    apiServers: { name: string; up: boolean }[];
    /** Each etcd member and whether it is up, and whether writes can commit. */
    etcd: { name: string; up: boolean }[];
    quorum: boolean;
  };
}

export interface StateNode {
  name: string;
  /** The Ready condition: True | False | Unknown. */
  ready: string;
  unschedulable: boolean;
  /** `key=value:Effect`. */
  taints: string[];
}

export interface StatePod {
  namespace: string;
  name: string;
  node: string | null;
  phase: string;
  /** kubectl's STATUS column: Running, Pending, ContainerCreating, CrashLoopBackOff, Terminating, Completed … */
  status: string;
  ready: boolean;
  /** `Kind/name` of the controller owner. */
  owner?: string;
  ip?: string;
}

export interface StateObject {
  kind: string;
  namespace?: string;
  name: string;
  /** `Kind/name` of the controller owner. */
  owner?: string;
  /** Short status line, as in `outcome.objects`. */
  status: string;
  /** Being deleted (deletionTimestamp set). */
  terminating?: true;
}

export type EventType =
  | 'request' // a call from one component to another (HTTP, gRPC/CRI, etcd)
  | 'response' // the answer to a request (`cause` is the request)
  | 'watch' // a watch notification pushed to a watcher
  | 'phase' // an internal phase of one component (from === to)
  | 'action' // a component acting on the world (pull image, start container, program rules)
  | 'packet' // a network packet hop (traffic steps)
  | 'outcome'; // the visible result of a chain (Pod Running, request denied …)

export type Phase =
  | 'authentication'
  | 'authorization'
  | 'mutating-admission'
  | 'validation'
  | 'validating-admission'
  | 'watch-cache'
  | 'filter'
  | 'score'
  | 'bind'
  | 'reconcile'
  | 'quorum'
  | 'leader-election'
  | 'other';

export interface ResourceRef {
  /** e.g. `apps/v1`. */
  apiVersion?: string;
  kind: string;
  /** Plural resource name, e.g. `deployments`. */
  resource?: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export interface TraceEvent {
  /** 0-based position in `events`. */
  seq: number;
  /**
   * Stable id: `<sig>.<n>`, the n-th event (1-based) with this signature. It
   * survives unrelated events being inserted before it.
   */
  id: string;
  /** Content signature (12 hex): a hash of type, from, to, verb, resource, phase, action and summary; not of time, revisions or causes. */
  sig: string;
  /** Simulated time in ms since the scenario started. */
  t: number;
  /** Scenario step that caused it (1-based). */
  step: number;
  type: EventType;
  /** Component ids. For `phase`, from === to. */
  from: string;
  to: string;
  phase?: Phase;
  /** For `action`: `pull-image`, `run-pod-sandbox`, `create-container`, `start-container`, `program-iptables`, … */
  action?: string;
  /** API verb: create, update, patch, delete, get, list, watch; etcd: put, range, delete, txn. */
  verb?: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** HTTP path, e.g. `/apis/apps/v1/namespaces/default/deployments`. */
  path?: string;
  resource?: ResourceRef;
  etcd?: { key: string; revision?: number; op: 'put' | 'range' | 'delete' | 'txn' | 'watch' };
  /** HTTP status code (responses) or gRPC-ish code. */
  status?: number;
  /** `ok`, or how it failed. */
  result?: 'ok' | 'denied' | 'invalid' | 'not-found' | 'conflict' | 'unavailable' | 'dropped' | 'error';
  /** Short human summary for diagram labels: `POST deployments`, `store /registry/deployments/default/web`. */
  summary: string;
  /** Longer text for narratives (`explain`), optional. */
  detail?: string;
  /** Id of the event that made this one happen; null for the step's first event. */
  cause: string | null;
  /** Small extra facts (scheduler scores, rule names, IPs); values are scalars, keys sorted. */
  attrs?: Record<string, string | number | boolean>;
}

export interface ExpectationResult {
  step: number;
  /** What was asserted, in words: `pods app=web Running count 3`. */
  description: string;
  passed: boolean;
  /** What was expected and what was found, in words. */
  expected: string;
  found: string;
  line?: number;
  column?: number;
}

export interface OutcomeObject {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  uid: string;
  resourceVersion: string;
  /** `Kind/name` of the owner. */
  owner?: string;
  /** Short status line: `3/3 ready`, `Running on worker-1`, `ClusterIP 10.96.0.12` … */
  status: string;
}

export interface OutcomePod {
  namespace: string;
  name: string;
  node: string | null;
  phase: string;
  ready: boolean;
  ip: string | null;
  owner?: string;
  containers: { name: string; image: string; state: string; restarts: number }[];
}

export interface OutcomeNode {
  name: string;
  ready: string; // True | False | Unknown
  unschedulable: boolean;
  taints: string[];
  pods: number;
}

export interface OutcomeKubeEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  /** `Kind/name` (with namespace where namespaced: `default/Pod/web-…`). */
  object: string;
  message: string;
  count: number;
  source: string;
}

export interface Outcome {
  objects: OutcomeObject[];
  pods: OutcomePod[];
  nodes: OutcomeNode[];
  kubeEvents: OutcomeKubeEvent[];
  expectations: ExpectationResult[];
  /**
   * A kubectl, wait or traffic step that exited non-zero without an `expect`
   * on its exit code (and without `continueOnError: true`): the run stopped
   * after it. Absent when no step failed.
   */
  failedStep?: StepFailure;
  /** True when every expectation held and no step failed. */
  passed: boolean;
}

/** The step that stopped the run (`outcome.failedStep`). */
export interface StepFailure {
  step: number;
  title: string;
  /** Position of the step in the scenario file. */
  line: number;
  column: number;
  command: string;
  exitCode: number;
  /** What the command printed on stderr. */
  stderr: string;
}
