/**
 * The built-in API resources the model's cluster serves: what `kubectl get po`
 * resolves to, whether a kind is namespaced, and which apiVersion+kind pairs
 * kubectl can map at all (anything else gets kubectl's "no matches for kind"
 * error at run time, not a loader error).
 */

export interface ResourceInfo {
  /** API group; '' for the core group. */
  group: string;
  /** Preferred (storage) version. */
  version: string;
  /** Every served version in the 1.31 profile, preferred first. */
  versions: string[];
  /** Versions served only by older profiles, e.g. batch/v1beta1 CronJob in 1.23. */
  legacyVersions: { version: string; until: string }[];
  kind: string;
  /** Plural resource name, e.g. `deployments`. */
  resource: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
}

type Row = [group: string, versions: string, kind: string, resource: string, namespaced: boolean, shortNames: string, legacy?: string];

// legacy: "version@lastProfile" pairs, space separated.
const ROWS: Row[] = [
  ['', 'v1', 'Binding', 'bindings', true, ''],
  ['', 'v1', 'ComponentStatus', 'componentstatuses', false, 'cs'],
  ['', 'v1', 'ConfigMap', 'configmaps', true, 'cm'],
  ['', 'v1', 'Endpoints', 'endpoints', true, 'ep'],
  ['', 'v1', 'Event', 'events', true, 'ev'],
  ['', 'v1', 'LimitRange', 'limitranges', true, 'limits'],
  ['', 'v1', 'Namespace', 'namespaces', false, 'ns'],
  ['', 'v1', 'Node', 'nodes', false, 'no'],
  ['', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, 'pvc'],
  ['', 'v1', 'PersistentVolume', 'persistentvolumes', false, 'pv'],
  ['', 'v1', 'Pod', 'pods', true, 'po'],
  ['', 'v1', 'PodTemplate', 'podtemplates', true, ''],
  ['', 'v1', 'ReplicationController', 'replicationcontrollers', true, 'rc'],
  ['', 'v1', 'ResourceQuota', 'resourcequotas', true, 'quota'],
  ['', 'v1', 'Secret', 'secrets', true, ''],
  ['', 'v1', 'ServiceAccount', 'serviceaccounts', true, 'sa'],
  ['', 'v1', 'Service', 'services', true, 'svc'],
  ['admissionregistration.k8s.io', 'v1', 'MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', false, ''],
  ['admissionregistration.k8s.io', 'v1', 'ValidatingAdmissionPolicyBinding', 'validatingadmissionpolicybindings', false, ''],
  ['admissionregistration.k8s.io', 'v1', 'ValidatingAdmissionPolicy', 'validatingadmissionpolicies', false, ''],
  ['admissionregistration.k8s.io', 'v1', 'ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', false, ''],
  ['apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, 'crd crds'],
  ['apiregistration.k8s.io', 'v1', 'APIService', 'apiservices', false, ''],
  ['apps', 'v1', 'ControllerRevision', 'controllerrevisions', true, ''],
  ['apps', 'v1', 'DaemonSet', 'daemonsets', true, 'ds'],
  ['apps', 'v1', 'Deployment', 'deployments', true, 'deploy'],
  ['apps', 'v1', 'ReplicaSet', 'replicasets', true, 'rs'],
  ['apps', 'v1', 'StatefulSet', 'statefulsets', true, 'sts'],
  ['authentication.k8s.io', 'v1', 'SelfSubjectReview', 'selfsubjectreviews', false, ''],
  ['authentication.k8s.io', 'v1', 'TokenReview', 'tokenreviews', false, ''],
  ['authorization.k8s.io', 'v1', 'LocalSubjectAccessReview', 'localsubjectaccessreviews', true, ''],
  ['authorization.k8s.io', 'v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', false, ''],
  ['authorization.k8s.io', 'v1', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews', false, ''],
  ['authorization.k8s.io', 'v1', 'SubjectAccessReview', 'subjectaccessreviews', false, ''],
  ['autoscaling', 'v2 v1', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, 'hpa', 'v2beta2@1.25 v2beta1@1.24'],
  ['batch', 'v1', 'CronJob', 'cronjobs', true, 'cj', 'v1beta1@1.24'],
  ['batch', 'v1', 'Job', 'jobs', true, ''],
  ['certificates.k8s.io', 'v1', 'CertificateSigningRequest', 'certificatesigningrequests', false, 'csr'],
  ['coordination.k8s.io', 'v1', 'Lease', 'leases', true, ''],
  ['discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true, '', 'v1beta1@1.24'],
  ['flowcontrol.apiserver.k8s.io', 'v1', 'FlowSchema', 'flowschemas', false, ''],
  ['flowcontrol.apiserver.k8s.io', 'v1', 'PriorityLevelConfiguration', 'prioritylevelconfigurations', false, ''],
  ['networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', false, ''],
  ['networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, 'ing'],
  ['networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, 'netpol'],
  ['node.k8s.io', 'v1', 'RuntimeClass', 'runtimeclasses', false, ''],
  ['policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, 'pdb', 'v1beta1@1.24'],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false, ''],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false, ''],
  ['rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true, ''],
  ['rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true, ''],
  ['scheduling.k8s.io', 'v1', 'PriorityClass', 'priorityclasses', false, 'pc'],
  ['storage.k8s.io', 'v1', 'CSIDriver', 'csidrivers', false, ''],
  ['storage.k8s.io', 'v1', 'CSINode', 'csinodes', false, ''],
  ['storage.k8s.io', 'v1', 'CSIStorageCapacity', 'csistoragecapacities', true, ''],
  ['storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false, 'sc'],
  ['storage.k8s.io', 'v1', 'VolumeAttachment', 'volumeattachments', false, ''],
];

/**
 * Create-only kinds (reviews): the API server answers in the returned
 * object's status and stores nothing, so they need no name (kubectl prints
 * `<unknown>`), and most must have empty metadata.
 */
export const REVIEW_KINDS: ReadonlySet<string> = new Set(['TokenReview', 'SelfSubjectReview', 'SubjectAccessReview', 'SelfSubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectRulesReview']);

function words(s: string): string[] {
  return s.split(' ').filter((w) => w !== '');
}

/** Every built-in resource, sorted by group then resource name. */
export const RESOURCES: readonly ResourceInfo[] = ROWS.map(([group, versions, kind, resource, namespaced, shortNames, legacy]) => {
  const vs = words(versions);
  return {
    group,
    version: vs[0] as string,
    versions: vs,
    legacyVersions: words(legacy ?? '').map((pair) => {
      const [version, until] = pair.split('@') as [string, string];
      return { version, until };
    }),
    kind,
    resource,
    singular: kind.toLowerCase(),
    namespaced,
    shortNames: words(shortNames),
  };
});

/** The profiles the model implements, oldest first. */
export const KUBERNETES_PROFILES = ['1.23', '1.31'] as const;
export const DEFAULT_PROFILE = '1.31';

function compareProfile(a: string, b: string): number {
  const [amaj, amin] = a.split('.').map(Number) as [number, number];
  const [bmaj, bmin] = b.split('.').map(Number) as [number, number];
  return amaj !== bmaj ? amaj - bmaj : amin - bmin;
}

/** `apps/v1` → { group: 'apps', version: 'v1' }; `v1` → core. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** `{group: 'apps', version: 'v1'}` → `apps/v1`. */
export function joinApiVersion(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** The resource for an apiVersion+kind, when the cluster (in this profile) serves it. */
export function lookupKind(apiVersion: string, kind: string, profile: string = DEFAULT_PROFILE): ResourceInfo | undefined {
  const { group, version } = splitApiVersion(apiVersion);
  return RESOURCES.find(
    (r) =>
      r.group === group &&
      r.kind === kind &&
      (r.versions.includes(version) ||
        r.legacyVersions.some((l) => l.version === version && compareProfile(profile, l.until) <= 0)),
  );
}

/** Can kubectl map this apiVersion+kind to a built-in resource? */
export function isKnownKind(apiVersion: string, kind: string, profile: string = DEFAULT_PROFILE): boolean {
  return lookupKind(apiVersion, kind, profile) !== undefined;
}

/**
 * What kubectl resolves a resource argument to: `po`, `pod`, `pods`, `Pod`,
 * `deploy`, `deployments.apps`, `deployments.v1.apps`, `hpa`. Case-insensitive.
 */
export function resolveResource(nameOrShort: string): ResourceInfo | undefined {
  const lower = nameOrShort.toLowerCase();
  const dot = lower.indexOf('.');
  const name = dot < 0 ? lower : lower.slice(0, dot);
  const qualifier = dot < 0 ? undefined : lower.slice(dot + 1);
  return RESOURCES.find((r) => {
    const nameMatches = r.resource === name || r.singular === name || r.shortNames.includes(name);
    if (!nameMatches) return false;
    if (qualifier === undefined) return true;
    if (qualifier === r.group) return true;
    // resource.version.group
    const v = qualifier.indexOf('.');
    const version = v < 0 ? qualifier : qualifier.slice(0, v);
    const group = v < 0 ? '' : qualifier.slice(v + 1);
    return group === r.group && (r.versions.includes(version) || r.legacyVersions.some((l) => l.version === version));
  });
}

/** `deployment.apps`, `pod`: the name kubectl prints in `deployment.apps/web created`. */
export function qualifiedKindName(r: ResourceInfo): string {
  return r.group === '' ? r.singular : `${r.singular}.${r.group}`;
}
