/**
 * The typed, validated scenario: the output of `loadScenario`. Every default of
 * SCENARIO-FORMAT.md is already applied, every quantity and duration already
 * parsed, every node pool expanded. The simulation reads nothing else.
 *
 * Positions (`pos`) point back into the scenario file so that the model can
 * report failed expectations and runtime problems at `file:line:col`.
 */
import type { SourcePosition } from '../common/diagnostic.ts';

export type ProxyMode = 'iptables' | 'ipvs' | 'nftables';

/** A Kubernetes object as plain JSON (already schema-validated by the loader). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name?: string;
    generateName?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface NodeSpec {
  name: string;
  /** CPU capacity in millicores. */
  cpuMillis: number;
  /** Memory capacity in bytes. */
  memoryBytes: number;
  /** Max pods. */
  pods: number;
  labels: Record<string, string>;
  taints: Taint[];
  /** Images already present on the node. */
  images: string[];
  /** `joins: later`: not registered at boot; its kubelet starts at a `fault: { node, action: join }` step. */
  joinsLater?: true;
  pos?: SourcePosition;
}

export interface UserSpec {
  name: string;
  groups: string[];
}

export interface ClusterSpec {
  /** Behaviour profile, e.g. "1.31" or "1.23". */
  kubernetes: string;
  controlPlane: { apiServers: number; etcd: number };
  proxyMode: ProxyMode;
  nodes: NodeSpec[];
  /** Always contains `admin` (groups: system:masters). */
  users: UserSpec[];
  /** A GitOps controller (Argo CD-like) syncing a git repository into the cluster; absent: none. */
  gitops?: GitOpsSpec;
  /** `false`: the cluster has no metrics-server (absent: it has one, as the HPA needs). */
  metricsServer?: false;
}

/** `cluster.gitops`: which repository and folder to sync, and how. */
export interface GitOpsSpec {
  /** Repository URL or name, e.g. `https://github.com/example/shop-config`. */
  repo: string;
  /** Folder of the repository holding the manifests. */
  path: string;
  /** How often the controller polls the repository (default 3m, Argo CD's). */
  interval: Millis;
  /** Revert changes made to the cluster by hand at the next sync (default true). */
  selfHeal: boolean;
  /** Delete objects whose manifest was removed from the repository (default true). */
  prune: boolean;
}

/** A virtual or on-disk file named by `-f`, already parsed into objects. */
export interface ScenarioFile {
  /** The name used in `-f`, e.g. `web.yaml`. */
  name: string;
  /** Where it came from: the scenario's `files:` map, or disk (path relative to the scenario). */
  origin: 'inline' | 'disk';
  /** Raw text of the file (for digests and `kubectl apply` last-applied). */
  text: string;
  objects: KubeObject[];
  /**
   * For a directory named with `-f dir/`: the files it contains (each also a
   * key of `Scenario.files`), sorted; `objects` is then their concatenation.
   */
  entries?: string[];
  /**
   * Objects that failed client-side decoding (unknown kind, bad version): kubectl
   * prints its own error for them at apply time instead of the loader refusing
   * the scenario, so a scenario can show the failure.
   */
  pos?: SourcePosition;
}

/** Duration in milliseconds. */
export type Millis = number;

export type ScenarioStep =
  | KubectlStep
  | WaitStep
  | AdvanceStep
  | FaultStep
  | LoadStep
  | TrafficStep
  | ExpectStep
  | GitStep;

/** `git: { commit: "message", files: [web.yaml], remove: [old.yaml] }`: a commit to the GitOps repository. */
export interface GitStep extends StepBase {
  type: 'git';
  message: string;
  /** Keys of `Scenario.files` written (added or replaced) under the repository's path. */
  files: string[];
  /** Names removed from the repository's path. */
  remove: string[];
}

interface StepBase {
  /** 1-based step number. */
  number: number;
  /** Title given in the file, or derived from the command. */
  title: string;
  pos: SourcePosition;
  /** Assertions checked right after the step. */
  expect: Expectation[];
  /**
   * `setup: true`: a scene-setting step, not the scenario's subject. Diagrams
   * collapse setup steps into the state they leave behind and draw the other
   * (focus) steps; absent on every step, all steps are the focus.
   */
  setup?: boolean;
  /**
   * `continueOnError: true`: a non-zero exit of this step does not stop the
   * run (otherwise a kubectl, wait or traffic step that fails without an
   * `expect: { exit: N }` fails the scenario).
   */
  continueOnError?: boolean;
}

export interface KubectlStep extends StepBase {
  type: 'kubectl';
  /** The command line without the leading `kubectl`. */
  command: string;
  /** Tokenised argv (shell-like quoting honoured), without `kubectl`. */
  argv: string[];
  /** User name; default `admin`. */
  as: string;
  /**
   * Keys of `Scenario.files` named by `-f` in this command, in order (a
   * directory is one key whose ScenarioFile lists its `entries`).
   */
  files?: string[];
  /** `expect: { exit, output }` on the command itself. */
  exit?: number;
  output?: string;
}

export interface WaitStep extends StepBase {
  type: 'wait';
  /** e.g. `condition=Available`, `delete`, `jsonpath={.status.phase}=Running`. */
  for: string;
  /** `deployment/web`. */
  object: string;
  namespace?: string;
  timeout: Millis;
}

export interface AdvanceStep extends StepBase {
  type: 'advance';
  duration: Millis;
}

export type FaultStep = StepBase & {
  type: 'fault';
  action: 'down' | 'up' | 'crash' | 'delete' | 'join';
} & (
    | { target: 'node'; name: string }
    | { target: 'pod'; name: string; namespace: string; container?: string }
    | { target: 'etcd'; name: string }
    | { target: 'apiServer'; name: string }
  );

export interface LoadStep extends StepBase {
  type: 'load';
  /** `deployment/web`. */
  target: string;
  namespace?: string;
  /** Per-pod CPU usage in millicores, in pod order; the last value repeats. */
  cpuMillis: number[];
  /** Per-pod memory usage in bytes, if given. */
  memoryBytes?: number[];
}

export interface TrafficStep extends StepBase {
  type: 'traffic';
  /** `internet`, `pod/NAME`, `deployment/NAME` (one of its pods) or a node name. */
  from: string;
  /** `service/NAME`, `ingress/NAME`, `pod/NAME`, a DNS name or an external host/URL. */
  to: string;
  namespace?: string;
  path?: string;
  host?: string;
  port?: number;
  /** How many requests to send (default 1). */
  count: number;
}

export interface ExpectStep extends StepBase {
  type: 'expect';
}

export type Expectation =
  | { type: 'pods'; pos: SourcePosition; selector: string; namespace?: string; phase?: string; count?: number; node?: string; ready?: boolean }
  | { type: 'object'; pos: SourcePosition; object: string; namespace?: string; path: string; equals?: unknown; exists?: boolean }
  | { type: 'event'; pos: SourcePosition; reason?: string; message?: string; object?: string; count?: number }
  | { type: 'trace'; pos: SourcePosition; from?: string; to?: string; contains?: string; absent?: boolean }
  | { type: 'exit'; pos: SourcePosition; equals: number }
  | { type: 'output'; pos: SourcePosition; contains: string };

/**
 * How much of the trace a picture draws: `summary` (one message per component
 * hop, for slides), `standard` (the docs default) or `full` (every event).
 */
export type DetailLevel = 'summary' | 'standard' | 'full';
export const DETAIL_LEVELS: readonly DetailLevel[] = ['summary', 'standard', 'full'];

/** The pictures the gallery index can show for a scenario: the flowchart (the default) or the architecture. */
export type GalleryPicture = 'flowchart' | 'architecture';
export const GALLERY_PICTURES: readonly GalleryPicture[] = ['flowchart', 'architecture'];

export interface DiagramSettings {
  /** `diagrams.detail`: the level `build` renders the scenario's pictures at (default `standard`). */
  detail?: DetailLevel;
  /** `diagrams.gallery`: the picture the gallery index shows for the scenario when not its flowchart (the default). */
  gallery?: Exclude<GalleryPicture, 'flowchart'>;
  sequence: { steps?: number[]; frames?: true };
  flowchart: { step?: number; frames?: true };
  /**
   * `frames: true` on an entry: `build` also writes the frame of every focus
   * step the view draws, `<view>.step-NN.svg` and `.png` (src/build/pictures.ts).
   */
  architecture: { steps?: number[]; frames?: true };
}

export interface Scenario {
  /** `name:` or the file name without extension. */
  name: string;
  title: string;
  /** Markdown. */
  description: string;
  seed: number;
  /** Path of the scenario file as given, relative to the cwd when possible (never absolute in traces). */
  source: string;
  cluster: ClusterSpec;
  /** Every file the scenario can name with -f: inline ones and those read from disk. */
  files: Record<string, ScenarioFile>;
  steps: ScenarioStep[];
  diagrams: DiagramSettings;
  /** sha256 over the scenario text and every file it read, in name order. */
  digest: string;
  /** The inputs that went into the digest (relative paths and their sha256). */
  inputs: { path: string; sha256: string }[];
}
