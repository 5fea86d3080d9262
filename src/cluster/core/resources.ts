/**
 * The API resources the model serves: group/version, plural, namespaced, and
 * the etcd key prefix the real API server uses (Kubernetes keeps some
 * historical names: nodes live under `/registry/minions`, services under
 * `/registry/services/specs`, ReplicationControllers under `/registry/controllers`).
 */
export interface ResourceInfo {
  kind: string;
  group: string;
  version: string;
  resource: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  etcdPrefix: string;
  /** A custom resource (served for an Established CustomResourceDefinition): its printer columns. */
  custom?: { columns: PrinterColumn[]; versions: string[] };
  /**
   * A review (SubjectAccessReview, TokenReview …): the API server only serves
   * `create`, answers in the returned object's status and stores nothing.
   */
  createOnly?: true;
}

/** A CRD's additionalPrinterColumns entry (the default is Age: .metadata.creationTimestamp). */
export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  priority: number;
}

type Row = [kind: string, groupVersion: string, resource: string, namespaced: boolean, etcd: string, shortNames?: string[]];

const ROWS: Row[] = [
  ['Pod', 'v1', 'pods', true, 'pods', ['po']],
  ['Service', 'v1', 'services', true, 'services/specs', ['svc']],
  ['Endpoints', 'v1', 'endpoints', true, 'services/endpoints', ['ep']],
  ['Namespace', 'v1', 'namespaces', false, 'namespaces', ['ns']],
  ['Node', 'v1', 'nodes', false, 'minions', ['no']],
  ['ConfigMap', 'v1', 'configmaps', true, 'configmaps', ['cm']],
  ['Secret', 'v1', 'secrets', true, 'secrets'],
  ['ServiceAccount', 'v1', 'serviceaccounts', true, 'serviceaccounts', ['sa']],
  ['Event', 'v1', 'events', true, 'events', ['ev']],
  ['ReplicationController', 'v1', 'replicationcontrollers', true, 'controllers', ['rc']],
  ['PersistentVolumeClaim', 'v1', 'persistentvolumeclaims', true, 'persistentvolumeclaims', ['pvc']],
  ['PersistentVolume', 'v1', 'persistentvolumes', false, 'persistentvolumes', ['pv']],
  ['LimitRange', 'v1', 'limitranges', true, 'limitranges', ['limits']],
  ['ResourceQuota', 'v1', 'resourcequotas', true, 'resourcequotas', ['quota']],
  ['Deployment', 'apps/v1', 'deployments', true, 'deployments', ['deploy']],
  ['ReplicaSet', 'apps/v1', 'replicasets', true, 'replicasets', ['rs']],
  ['StatefulSet', 'apps/v1', 'statefulsets', true, 'statefulsets', ['sts']],
  ['DaemonSet', 'apps/v1', 'daemonsets', true, 'daemonsets', ['ds']],
  ['ControllerRevision', 'apps/v1', 'controllerrevisions', true, 'controllerrevisions'],
  ['Job', 'batch/v1', 'jobs', true, 'jobs'],
  ['CronJob', 'batch/v1', 'cronjobs', true, 'cronjobs', ['cj']],
  ['HorizontalPodAutoscaler', 'autoscaling/v2', 'horizontalpodautoscalers', true, 'horizontalpodautoscalers', ['hpa']],
  ['EndpointSlice', 'discovery.k8s.io/v1', 'endpointslices', true, 'endpointslices'],
  ['Ingress', 'networking.k8s.io/v1', 'ingresses', true, 'ingress', ['ing']],
  ['IngressClass', 'networking.k8s.io/v1', 'ingressclasses', false, 'ingressclasses'],
  ['NetworkPolicy', 'networking.k8s.io/v1', 'networkpolicies', true, 'networkpolicies', ['netpol']],
  ['PodDisruptionBudget', 'policy/v1', 'poddisruptionbudgets', true, 'poddisruptionbudgets', ['pdb']],
  ['Role', 'rbac.authorization.k8s.io/v1', 'roles', true, 'roles'],
  ['RoleBinding', 'rbac.authorization.k8s.io/v1', 'rolebindings', true, 'rolebindings'],
  ['ClusterRole', 'rbac.authorization.k8s.io/v1', 'clusterroles', false, 'clusterroles'],
  ['ClusterRoleBinding', 'rbac.authorization.k8s.io/v1', 'clusterrolebindings', false, 'clusterrolebindings'],
  ['Lease', 'coordination.k8s.io/v1', 'leases', true, 'leases'],
  ['PriorityClass', 'scheduling.k8s.io/v1', 'priorityclasses', false, 'priorityclasses', ['pc']],
  ['StorageClass', 'storage.k8s.io/v1', 'storageclasses', false, 'storageclasses', ['sc']],
  ['VolumeAttachment', 'storage.k8s.io/v1', 'volumeattachments', false, 'volumeattachments'],
  ['CSIDriver', 'storage.k8s.io/v1', 'csidrivers', false, 'csidrivers'],
  ['CSIStorageCapacity', 'storage.k8s.io/v1', 'csistoragecapacities', true, 'csistoragecapacities'],
  ['CustomResourceDefinition', 'apiextensions.k8s.io/v1', 'customresourcedefinitions', false, 'apiextensions.k8s.io/customresourcedefinitions', ['crd', 'crds']],
  ['MutatingWebhookConfiguration', 'admissionregistration.k8s.io/v1', 'mutatingwebhookconfigurations', false, 'mutatingwebhookconfigurations'],
  ['ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/v1', 'validatingwebhookconfigurations', false, 'validatingwebhookconfigurations'],
  ['ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/v1', 'validatingadmissionpolicies', false, 'validatingadmissionpolicies'],
  ['ValidatingAdmissionPolicyBinding', 'admissionregistration.k8s.io/v1', 'validatingadmissionpolicybindings', false, 'validatingadmissionpolicybindings'],
  ['APIService', 'apiregistration.k8s.io/v1', 'apiservices', false, 'apiregistration.k8s.io/apiservices'],
  ['CertificateSigningRequest', 'certificates.k8s.io/v1', 'certificatesigningrequests', false, 'certificatesigningrequests', ['csr']],
  ['FlowSchema', 'flowcontrol.apiserver.k8s.io/v1', 'flowschemas', false, 'flowschemas'],
  ['PriorityLevelConfiguration', 'flowcontrol.apiserver.k8s.io/v1', 'prioritylevelconfigurations', false, 'prioritylevelconfigurations'],
  ['RuntimeClass', 'node.k8s.io/v1', 'runtimeclasses', false, 'runtimeclasses'],
];

/**
 * The review kinds (pkg/registry/authentication, pkg/registry/authorization):
 * create-only, answered at once, never in etcd (no key prefix).
 */
const REVIEW_ROWS: [kind: string, groupVersion: string, resource: string, namespaced: boolean][] = [
  ['TokenReview', 'authentication.k8s.io/v1', 'tokenreviews', false],
  ['SelfSubjectReview', 'authentication.k8s.io/v1', 'selfsubjectreviews', false],
  ['SubjectAccessReview', 'authorization.k8s.io/v1', 'subjectaccessreviews', false],
  ['SelfSubjectAccessReview', 'authorization.k8s.io/v1', 'selfsubjectaccessreviews', false],
  ['LocalSubjectAccessReview', 'authorization.k8s.io/v1', 'localsubjectaccessreviews', true],
  ['SelfSubjectRulesReview', 'authorization.k8s.io/v1', 'selfsubjectrulesreviews', false],
];

function splitGroupVersion(gv: string): [group: string, version: string] {
  return gv.includes('/') ? (gv.split('/') as [string, string]) : ['', gv];
}

export const RESOURCES: ResourceInfo[] = [
  ...ROWS.map(([kind, gv, resource, namespaced, etcd, shortNames]): ResourceInfo => {
    const [group, version] = splitGroupVersion(gv);
    return { kind, group, version, resource, singular: kind.toLowerCase(), shortNames: shortNames ?? [], namespaced, etcdPrefix: `/registry/${etcd}` };
  }),
  ...REVIEW_ROWS.map(([kind, gv, resource, namespaced]): ResourceInfo => {
    const [group, version] = splitGroupVersion(gv);
    return { kind, group, version, resource, singular: kind.toLowerCase(), shortNames: [], namespaced, etcdPrefix: '', createOnly: true };
  }),
];

const byKind = new Map(RESOURCES.map((r) => [r.kind, r]));
const byName = new Map<string, ResourceInfo>();
for (const r of RESOURCES) {
  for (const n of [r.resource, r.singular, ...r.shortNames, r.group ? `${r.resource}.${r.group}` : r.resource]) byName.set(n, r);
}

export function resourceForKind(kind: string): ResourceInfo | undefined {
  return byKind.get(kind);
}

/** `kubectl get deploy` / `deployments.apps` / `pod` → the resource (case-insensitive). */
export function resolveResourceName(name: string): ResourceInfo | undefined {
  return byName.get(name.toLowerCase());
}

export function apiVersionOf(r: ResourceInfo): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** `deployment.apps` / `service`: how kubectl names a kind in messages. */
export function kubectlKindName(r: ResourceInfo): string {
  return r.group ? `${r.singular}.${r.group}` : r.singular;
}

/** `deployments.apps` / `pods`: how the API server names a resource in errors. */
export function qualifiedResource(r: ResourceInfo): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

export function etcdKey(r: ResourceInfo, namespace: string | undefined, name: string): string {
  // Joined: a flat string (a template leaves cons strings in every stored object's key).
  return r.namespaced ? [r.etcdPrefix, namespace, name].join('/') : [r.etcdPrefix, name].join('/');
}

/** `/apis/apps/v1/namespaces/default/deployments[/web[/status]]`. */
export function apiPath(r: ResourceInfo, namespace?: string, name?: string, subresource?: string): string {
  // The collection's path is made once per resource and namespace (every request event has a path): the
  // path of an object is then one or two concatenations sharing it, not a new string of every piece.
  const ns = r.namespaced && namespace ? namespace : '';
  let byNs = COLLECTION_PATHS.get(r);
  if (!byNs) COLLECTION_PATHS.set(r, (byNs = new Map()));
  let p = byNs.get(ns);
  if (p === undefined) {
    p = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
    if (ns) p += `/namespaces/${ns}`;
    p += `/${r.resource}`;
    byNs.set(ns, p);
  }
  if (name) p += `/${name}`;
  if (subresource) p += `/${subresource}`;
  return p;
}

/** apiPath's collection paths by resource and namespace ('' for none); a pure memo, not state. */
const COLLECTION_PATHS = new WeakMap<ResourceInfo, Map<string, string>>();

/** A resource the scenario stage knows but the table above does not: default etcd prefix. */
export function resourceOrDefault(kind: string, group: string, version: string, resource: string, namespaced: boolean): ResourceInfo {
  return (
    resourceForKind(kind) ?? {
      kind,
      group,
      version,
      resource,
      singular: kind.toLowerCase(),
      shortNames: [],
      namespaced,
      etcdPrefix: `/registry/${group ? `${group}/` : ''}${resource}`,
    }
  );
}

/** Is the CustomResourceDefinition's condition `type` True (apiextensions helpers IsCRDConditionTrue)? */
export function crdConditionTrue(crd: { status?: unknown }, type: string): boolean {
  const conds = (crd.status as { conditions?: { type?: unknown; status?: unknown }[] } | undefined)?.conditions ?? [];
  return conds.some((c) => c.type === type && c.status === 'True');
}

interface CrdSpecLike {
  group?: string;
  scope?: string;
  names?: { plural?: string; singular?: string; kind?: string; shortNames?: string[] };
  versions?: { name?: string; served?: boolean; storage?: boolean; additionalPrinterColumns?: { name?: string; type?: string; jsonPath?: string; priority?: number }[] }[];
}

/**
 * The resource an Established CustomResourceDefinition makes the API server
 * serve (undefined before): its group, the preferred served version (the
 * storage version when served), the accepted names, the scope, the etcd
 * prefix `/registry/<group>/<plural>`, and the printer columns of that version
 * (Age on .metadata.creationTimestamp when it has none: serveDefaultColumnsIfEmpty).
 */
export function customResourceOf(crd: { spec?: unknown; status?: unknown }): ResourceInfo | undefined {
  if (!crdConditionTrue(crd, 'Established')) return undefined;
  const spec = (crd.spec ?? {}) as CrdSpecLike;
  const accepted = ((crd.status as { acceptedNames?: CrdSpecLike['names'] } | undefined)?.acceptedNames ?? spec.names ?? {}) as NonNullable<CrdSpecLike['names']>;
  const served = (spec.versions ?? []).filter((v) => v.served && typeof v.name === 'string');
  const version = served.find((v) => v.storage) ?? served[0];
  if (!spec.group || !accepted.plural || !accepted.kind || !version?.name) return undefined;
  const given = (version.additionalPrinterColumns ?? []).filter((c) => typeof c.name === 'string' && typeof c.jsonPath === 'string');
  const columns: PrinterColumn[] =
    given.length > 0
      ? given.map((c) => ({ name: c.name!, type: c.type ?? 'string', jsonPath: c.jsonPath!, priority: c.priority ?? 0 }))
      : [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', priority: 0 }];
  return {
    kind: accepted.kind,
    group: spec.group,
    version: version.name,
    resource: accepted.plural,
    singular: accepted.singular ?? accepted.kind.toLowerCase(),
    shortNames: accepted.shortNames ?? [],
    namespaced: spec.scope !== 'Cluster',
    etcdPrefix: `/registry/${spec.group}/${accepted.plural}`,
    custom: { columns, versions: served.map((v) => v.name!) },
  };
}

/** kubectl's resource argument (`widgets`, `widget`, `wd`, `Widget`, `widgets.example.com`) matched against served custom resources. */
export function resolveCustomName(name: string, served: readonly ResourceInfo[]): ResourceInfo | undefined {
  const lower = name.toLowerCase();
  return served.find((r) => {
    const names = [r.resource, r.singular, r.kind.toLowerCase(), ...r.shortNames.map((n) => n.toLowerCase())];
    return names.some((n) => lower === n || lower === `${n}.${r.group}` || lower === `${n}.${r.version}.${r.group}`);
  });
}
