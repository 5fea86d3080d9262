import { describe, expect, it } from 'vitest';
import { trace } from './helpers.ts';

const NS = `apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: nginx, image: "nginx:1.27" }] }
`;

const HEAD = `kubescene: v1
name: t
cluster:
  nodes: [{ name: worker-1, cpu: "4", memory: 8Gi, images: ["nginx:1.27"] }]
  users: [{ name: bob, groups: [] }, { name: alice, groups: [developers] }]
steps:
`;

describe('namespaces', () => {
  it('a new namespace gets a default ServiceAccount; deleting it deletes its contents first', () => {
    const t = trace(`${HEAD}  - kubectl: apply -f ns.yaml\n  - kubectl: delete namespace shop\n`, { 'ns.yaml': NS });
    expect(t.steps[0]!.output).toBe('namespace/shop created\ndeployment.apps/web created\n');
    const step1 = t.events.filter((e) => e.step === 1);
    expect(step1.some((e) => e.from === 'serviceaccount-controller' && e.summary === 'POST serviceaccounts default')).toBe(true);
    expect(t.steps[1]).toMatchObject({ exitCode: 0, output: 'namespace "shop" deleted\n' });
    const deletes = t.events.filter((e) => e.step === 2 && e.type === 'request' && e.to === 'etcd' && e.summary.startsWith('delete '));
    expect(deletes.at(-1)!.summary).toBe('delete /registry/namespaces/shop');
    expect(t.outcome.objects.filter((o) => o.namespace === 'shop' || o.name === 'shop')).toEqual([]);
    expect(t.outcome.pods).toEqual([]);
  });
});

describe('RBAC through kubectl', () => {
  it('forbids, then allows after a RoleBinding', () => {
    const rbac = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: pod-reader, namespace: default }
rules: [{ apiGroups: [""], resources: [pods], verbs: [get, list, watch] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: bob-reads-pods, namespace: default }
subjects: [{ kind: User, name: bob, apiGroup: rbac.authorization.k8s.io }]
roleRef: { kind: Role, name: pod-reader, apiGroup: rbac.authorization.k8s.io }
`;
    const t = trace(
      `${HEAD}  - kubectl: get pods\n    as: bob\n    expect: { exit: 1 }\n  - kubectl: apply -f rbac.yaml\n  - kubectl: get pods\n    as: bob\n  - kubectl: delete pod x\n    as: bob\n    expect: { exit: 1 }\n  - kubectl: apply -f rbac.yaml\n    as: bob\n    expect: { exit: 1 }\n`,
      { 'rbac.yaml': rbac },
    );
    expect(t.steps[0]).toMatchObject({ exitCode: 1, error: 'Error from server (Forbidden): pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"\n' });
    expect(t.events.some((e) => e.step === 1 && e.phase === 'authorization' && e.result === 'denied')).toBe(true);
    expect(t.steps[2]).toMatchObject({ exitCode: 0, error: 'No resources found in default namespace.\n' });
    expect(t.steps[3]!.error).toBe('Error from server (Forbidden): pods "x" is forbidden: User "bob" cannot delete resource "pods" in API group "" in the namespace "default"\n');
    expect(t.steps[4]!.error).toBe(
      'Error from server (Forbidden): error when retrieving current configuration of:\nResource: "rbac.authorization.k8s.io/v1, Resource=roles", GroupVersionKind: "rbac.authorization.k8s.io/v1, Kind=Role"\nName: "pod-reader", Namespace: "default"\nfrom server for: "rbac.yaml": roles.rbac.authorization.k8s.io "pod-reader" is forbidden: User "bob" cannot get resource "roles" in API group "rbac.authorization.k8s.io" in the namespace "default"\n' +
        'Error from server (Forbidden): error when retrieving current configuration of:\nResource: "rbac.authorization.k8s.io/v1, Resource=rolebindings", GroupVersionKind: "rbac.authorization.k8s.io/v1, Kind=RoleBinding"\nName: "bob-reads-pods", Namespace: "default"\nfrom server for: "rbac.yaml": rolebindings.rbac.authorization.k8s.io "bob-reads-pods" is forbidden: User "bob" cannot get resource "rolebindings" in API group "rbac.authorization.k8s.io" in the namespace "default"\n',
    );
  });
});
