/**
 * Gallery review D99: rbac-denied's state band listed `RoleBinding
 * bob-reads-pods` and `RoleBinding ci-edit` without whom they bind to which
 * Role, in a picture about who may do what. A binding's status line says it,
 * as `kubectl get rolebinding -o wide` does (ROLE, USERS, SERVICEACCOUNTS).
 */
import { describe, expect, it } from 'vitest';
import { buildSequence } from '../../src/views/index.ts';
import { simulateOnce } from '../helpers/library.ts';

describe('the state band says whom a binding grants which role (D99)', () => {
  it('rbac-denied step 6', async () => {
    const view = buildSequence(await simulateOnce('scenarios/rbac-denied.yaml'), { steps: [6] });
    const band = view.items.find((i) => i.type === 'separator' && i.id === 'setup');
    const state = band?.type === 'separator' ? (band.state ?? []) : [];
    expect(state).toContain('RoleBinding bob-reads-pods: bob → Role pod-reader');
    expect(state).toContain('RoleBinding ci-edit: default/ci → ClusterRole edit');
  });
});
