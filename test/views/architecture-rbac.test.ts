/**
 * RBAC objects (issue 9, gallery review D34): where the focus is about who may
 * do what (a request refused by the authorizer, kubectl writing Roles and
 * bindings, `kubectl auth can-i`), the architecture picture draws the Roles,
 * bindings and ServiceAccounts the focus involves, one box per kind and
 * namespace, saying what the focus saw them allow and whom they bind.
 */
import { describe, expect, it } from 'vitest';
import { buildArchitecture } from '../../src/views/index.ts';
import type { ArchitectureView, DetailLevel } from '../../src/views/types.ts';
import { aboutRbac, grantOf } from '../../src/views/architecture/rbac.ts';
import type { TraceEvent } from '../../src/trace/types.ts';
import { simulateOnce } from '../helpers/library.ts';

async function view(name: string, detail: DetailLevel, steps?: number[]): Promise<ArchitectureView> {
  return buildArchitecture(await simulateOnce(`scenarios/${name}.yaml`), { detail, ...(steps ? { steps } : {}) });
}

const RBAC = /^object:(ServiceAccount|Role|ClusterRole|RoleBinding|ClusterRoleBinding)\//;
const rbacNodes = (v: ArchitectureView) => v.nodes.filter((n) => RBAC.test(n.id)).map((n) => ({ label: n.label, sublabel: n.sublabel, icon: n.icon }));

describe('architecture: RBAC objects', () => {
  it.each(['summary', 'standard'] as const)('rbac-denied %s: the Role, the bindings and the ServiceAccount', async (detail) => {
    expect(rbacNodes(await view('rbac-denied', detail))).toEqual([
      { label: 'ci', sublabel: 'ServiceAccount', icon: 'serviceaccount' },
      { label: 'pod-reader', sublabel: 'Role · get, list, watch pods, pods/log', icon: 'role' }, // what it grants (D39), not only the list the focus saw
      { label: 'developers-view', sublabel: 'ClusterRoleBinding', icon: 'binding' },
      { label: 'bob-reads-pods, ci-edit', sublabel: '2 RoleBindings · User bob, ServiceAccount ci', icon: 'binding' },
    ]);
  });

  it('rbac-denied step 1 alone: a denial before any Role exists draws none (nothing in the state)', async () => {
    expect(rbacNodes(await view('rbac-denied', 'summary', [1]))).toEqual([]);
  });

  it('a focus that is not about RBAC draws no RBAC object', async () => {
    const trace = await simulateOnce('scenarios/get-pods.yaml');
    expect(aboutRbac(trace.events)).toBe(false);
    expect(rbacNodes(buildArchitecture(trace, { detail: 'summary' }))).toEqual([]);
  });

  it('reads the binding, role and subject an RBAC decision names', () => {
    const e: TraceEvent = {
      id: 'a',
      seq: 1,
      sig: 'a',
      t: 0,
      cause: null,
      step: 9,
      type: 'phase',
      from: 'kube-apiserver',
      to: 'kube-apiserver',
      phase: 'authorization',
      summary: 'access review: system:serviceaccount:default:ci can create deployments in default',
      attrs: { reason: 'RBAC: allowed by RoleBinding "ci-edit/default" of ClusterRole "edit" to ServiceAccount "ci/default"' },
    };
    expect(grantOf(e)).toEqual({
      binding: { kind: 'RoleBinding', name: 'ci-edit', namespace: 'default' },
      role: { kind: 'ClusterRole', name: 'edit' },
      subject: { kind: 'ServiceAccount', name: 'ci', namespace: 'default' },
      allowed: 'create deployments',
    });
  });
});
