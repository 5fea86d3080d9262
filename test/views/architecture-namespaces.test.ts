/**
 * Namespaces as objects (issue 9, gallery review D28): where the focus is
 * about namespaces (it creates or deletes one, or kubectl works in several),
 * the architecture picture draws one Namespace box per namespace the focus
 * touches, with its state (Active, Terminating, deleted as a faint ghost), and
 * the Pods and objects drawn say which namespace they are in; a picture whose
 * focus stays in `default` draws none.
 */
import { describe, expect, it } from 'vitest';
import { buildArchitecture, buildFlowchart } from '../../src/views/index.ts';
import type { ArchitectureView, DetailLevel } from '../../src/views/types.ts';
import { namespaceBoxes } from '../../src/views/architecture/namespaces.ts';
import type { StepState } from '../../src/trace/types.ts';
import { simulateOnce } from '../helpers/library.ts';
import { Causality } from '../../src/views/common/causality.ts';

async function view(name: string, detail: DetailLevel, steps?: number[]): Promise<ArchitectureView> {
  return buildArchitecture(await simulateOnce(`scenarios/${name}.yaml`), { detail, ...(steps ? { steps } : {}) });
}

const namespaceNodes = (v: ArchitectureView) => v.nodes.filter((n) => n.id.startsWith('object:Namespace/')).map((n) => ({ id: n.id, label: n.label, sublabel: n.sublabel, emphasis: n.emphasis }));

describe('architecture: namespaces as objects', () => {
  it.each(['summary', 'standard'] as const)('namespaces %s: a box for default and for team-a, deleted as a ghost', async (detail) => {
    const v = await view('namespaces', detail);
    expect(namespaceNodes(v)).toEqual([
      { id: 'object:Namespace//default', label: 'default', sublabel: 'Namespace · Active', emphasis: 'normal' },
      { id: 'object:Namespace//team-a', label: 'team-a', sublabel: 'Namespace · deleted', emphasis: 'faint' },
    ]);
    expect(v.nodes.find((n) => n.id === 'object:Namespace//team-a')?.icon).toBe('namespace');
  });

  it.each(['summary', 'standard'] as const)('namespaces %s: the deleted Pods say they were in team-a', async (detail) => {
    const v = await view('namespaces', detail);
    const pods = v.nodes.filter((n) => n.icon === 'pod');
    expect(pods.length).toBeGreaterThan(0);
    for (const p of pods) {
      expect(p.sublabel, p.id).toMatch(/^team-a · deleted/);
      expect(p.emphasis, p.id).toBe('faint');
    }
  });

  it('namespaces standard: the ReplicaSet went with its namespace', async () => {
    const rs = (await view('namespaces', 'standard')).nodes.find((n) => n.id.startsWith('object:ReplicaSet/team-a/'));
    expect(rs?.sublabel).toBe('team-a · ReplicaSet · deleted');
    expect(rs?.emphasis).toBe('faint');
  });

  it('namespaces steps 1-2: team-a is created and Active, its Pods Running in it', async () => {
    const v = await view('namespaces', 'summary', [1, 2]);
    expect(namespaceNodes(v)).toEqual([{ id: 'object:Namespace//team-a', label: 'team-a', sublabel: 'Namespace · Active', emphasis: 'normal' }]);
    const pods = v.nodes.filter((n) => n.icon === 'pod');
    expect(pods.length).toBeGreaterThan(0);
    for (const p of pods) expect(p.sublabel, p.id).toMatch(/^team-a · .*Running/);
  });

  it('a namespace the API server marked for deletion is Terminating, a ghost', async () => {
    const trace = await simulateOnce('scenarios/namespaces.yaml');
    const events = trace.events.filter((e) => e.step === 6);
    const state: StepState = { nodes: [], pods: [], objects: [{ kind: 'Namespace', name: 'team-a', status: 'Active', terminating: true }], controlPlane: { apiServers: [], etcd: [], quorum: true } };
    expect(namespaceBoxes(events, state)).toEqual([{ id: 'object:Namespace//team-a', kind: 'Namespace', name: 'team-a', status: 'Active', terminating: true }]);
  });

  it('a namespace whose creation the API server refused never existed: no box, not a deleted ghost', async () => {
    // Step 1 creates team-a; here its create is answered 422 (an invalid name), and the state after has no team-a.
    // The response's cause is the last phase before it, not the request: the refusal is found through the pairing.
    const trace = await simulateOnce('scenarios/namespaces.yaml');
    const step1 = trace.events.filter((e) => e.step === 1);
    const create = step1.find((e) => e.type === 'request' && e.verb === 'create' && e.resource?.kind === 'Namespace');
    const reply = new Causality(step1).responseOf.get(create!.id);
    expect(step1.find((e) => e.id === reply)?.cause, 'the reply is caused by a phase, not the request').not.toBe(create!.id);
    const events = step1.map((e) => (e.id === reply ? { ...e, result: 'invalid' as const, status: 422 } : e));
    const state: StepState = { nodes: [], pods: [], objects: [], controlPlane: { apiServers: [], etcd: [], quorum: true } };
    expect(namespaceBoxes(events, state).map((b) => [b.name, b.status])).toEqual([]);
    // Accepted, and gone from the state after: deleted.
    expect(namespaceBoxes(step1, state).map((b) => [b.name, b.status])).toEqual([['team-a', 'deleted']]);
  });

  it('without a recorded state (an imported trace), a namespace the focus deleted is deleted', async () => {
    const trace = await simulateOnce('scenarios/namespaces.yaml');
    const events = trace.events.filter((e) => e.step === 6);
    expect(namespaceBoxes(events, undefined).map((b) => [b.name, b.status])).toEqual([['team-a', 'deleted']]);
  });

  it.each(['get-pods', 'rolling-update', 'ha-control-plane'])('%s stays in default: no Namespace box, no namespace on its Pods', async (name) => {
    for (const detail of ['summary', 'standard'] as const) {
      const v = await view(name, detail);
      expect(namespaceNodes(v), `${name} ${detail}`).toEqual([]);
      for (const n of v.nodes) expect(n.sublabel ?? '', n.id).not.toMatch(/^(default|kube-system) · /);
    }
  });

  it('namespaces flowchart (step 6): names the namespace that goes', async () => {
    const f = buildFlowchart(await simulateOnce('scenarios/namespaces.yaml'), { step: 6 });
    const label = (id: string) => f.nodes.find((n) => n.id === `fc:${id}`)?.label;
    expect([label('terminating'), label('empty'), label('gone')]).toEqual(['team-a marked Terminating', 'anything left in team-a?', 'team-a gone']);
  });
});
