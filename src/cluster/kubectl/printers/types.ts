/**
 * The shapes the kubectl printers read: plain Kubernetes objects as the API
 * returns them (JSON), typed just enough to print. Printers import nothing
 * from the model; the model hands them its stored objects.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

export interface OwnerReferenceLike {
  apiVersion: string;
  kind: string;
  name: string;
  uid?: string;
  controller?: boolean;
}

export interface ObjectMetaLike {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  /** RFC 3339, e.g. `2024-01-01T00:00:05Z`, as the API server stores it. */
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReferenceLike[];
  finalizers?: string[];
  generateName?: string;
}

/** Any Kubernetes object. spec/status are read defensively by each printer. */
export interface KubeObjectLike {
  apiVersion: string;
  kind: string;
  metadata: ObjectMetaLike;
  spec?: { [k: string]: unknown };
  status?: { [k: string]: unknown };
  /** ConfigMap/Secret data, Secret type, Endpoints subsets, RBAC rules, … */
  [k: string]: unknown;
}

/** core/v1 Event (and the fields of events.k8s.io/v1 kubectl reads). */
export interface KubeEventLike {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMetaLike;
  type: 'Normal' | 'Warning' | string;
  reason: string;
  message: string;
  involvedObject: { kind: string; name: string; namespace?: string; uid?: string; apiVersion?: string; fieldPath?: string };
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  series?: { count: number; lastObservedTime: string };
}

export type OutputFormat = 'wide' | 'name' | 'yaml' | 'json';

export interface PrintGetOptions {
  output?: OutputFormat;
  allNamespaces?: boolean;
  /** Prefix names with `kind.group/` as `kubectl get a,b` does. */
  showKind?: boolean;
  /** Simulated "now" in epoch ms, for AGE columns. */
  now: number;
  /**
   * The request named one object (`kubectl get deploy web -o yaml`): print
   * the object itself instead of a `List`.
   */
  singular?: boolean;
  /** A custom resource's printer columns (its CRD's additionalPrinterColumns, or Age); NAME comes first. */
  columns?: readonly { name: string; type: string; jsonPath: string; priority: number }[];
}

export interface DescribeRelated {
  /** Events whose involvedObject is the described object (any order). */
  events: KubeEventLike[];
  /** Pods of a ReplicaSet, on a Node, listed by a StatefulSet's or DaemonSet's selector, or a PersistentVolumeClaim's namespace. */
  pods?: KubeObjectLike[];
  /** A Deployment's ReplicaSets (old and new). */
  replicaSets?: KubeObjectLike[];
  /** A custom resource or a CRD (kubectl has no describer of its own for either): the generic describer prints it (./describe-generic.ts). */
  custom?: boolean;
  /** describe ingress: the namespace's Services and EndpointSlices (describeBackendV1); describe service: its EndpointSlices. */
  services?: KubeObjectLike[];
  endpointSlices?: KubeObjectLike[];
  /** describe serviceaccount: the namespace's Secrets (the legacy token Secrets, missing ones). */
  secrets?: KubeObjectLike[];
  /** describe namespace: its ResourceQuotas and LimitRanges. */
  resourceQuotas?: KubeObjectLike[];
  limitRanges?: KubeObjectLike[];
}
