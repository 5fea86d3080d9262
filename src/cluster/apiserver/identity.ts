/**
 * Who is calling: users of the scenario (authenticated by client
 * certificate/token), service accounts, and the control-plane components'
 * own identities.
 */
export interface Identity {
  user: string;
  groups: string[];
}

export function userIdentity(name: string, groups: string[]): Identity {
  return { user: name, groups: [...groups, 'system:authenticated'] };
}

export function serviceAccountIdentity(namespace: string, name: string): Identity {
  return {
    user: `system:serviceaccount:${namespace}:${name}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
  };
}

export const CONTROLLER_MANAGER: Identity = { user: 'system:kube-controller-manager', groups: ['system:authenticated'] };
export const SCHEDULER: Identity = { user: 'system:kube-scheduler', groups: ['system:authenticated'] };
/** The CSI driver's external-provisioner (a ServiceAccount in kube-system, granted its ClusterRole). */
export const CSI_PROVISIONER_USER = 'system:serviceaccount:kube-system:csi-provisioner';
/** The CSI driver's external-attacher (likewise). */
export const CSI_ATTACHER_USER = 'system:serviceaccount:kube-system:csi-attacher';
export const KUBE_PROXY: Identity = { user: 'system:kube-proxy', groups: ['system:authenticated'] };

export function nodeIdentity(node: string): Identity {
  return { user: `system:node:${node}`, groups: ['system:nodes', 'system:authenticated'] };
}

/**
 * certificates/v1 csrStrategy.PrepareForCreate: spec.username and spec.groups are the requester's (uid and extra
 * are cleared: the model's identities carry neither), and status is reset to no conditions.
 */
export function prepareCsrForCreate(csr: { spec?: unknown; status?: unknown }, who: Identity): void {
  const spec = typeof csr.spec === 'object' && csr.spec !== null ? { ...(csr.spec as Record<string, unknown>) } : {};
  delete spec.uid;
  delete spec.extra;
  spec.username = who.user;
  spec.groups = [...who.groups];
  csr.spec = spec;
  csr.status = {};
}
