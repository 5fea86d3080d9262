/**
 * `steps[].setup` and `steps[].state`: what the views read to collapse setup
 * and draw state (failed nodes, deleted Pods, lost etcd quorum).
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/index.ts';
import { simulate } from '../../src/cluster/index.ts';
import type { Trace } from '../../src/trace/types.ts';
import { focusSteps, setupSteps, stateAfter, stateBefore } from '../../src/views/common/focus.ts';

async function run(name: string): Promise<Trace> {
  const r = await loadScenario(`scenarios/${name}.yaml`);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return simulate(r.value);
}

describe('step state', () => {
  it('carries setup marks and splits focus from setup', async () => {
    const t = await run('get-pods');
    expect(t.steps.map((s) => s.setup)).toEqual([true, undefined, undefined]);
    expect(setupSteps(t)).toEqual([1]);
    expect(focusSteps(t)).toEqual([2, 3]);
    const st = stateAfter(t, 1)!;
    expect(st.pods.filter((p) => p.owner?.startsWith('ReplicaSet/web-')).map((p) => p.status)).toEqual(['Running', 'Running']);
    expect(st.objects.map((o) => o.kind)).toEqual(expect.arrayContaining(['Deployment', 'ReplicaSet']));
    expect(stateBefore(t, 2)).toEqual(st);
    expect(stateBefore(t, 1)).toBeUndefined();
  });

  it('shows a failed node, its taints and the replaced Pod', async () => {
    const t = await run('node-failure');
    const before = stateAfter(t, 3)!;
    expect(before.nodes.find((n) => n.name === 'worker-2')).toMatchObject({ ready: 'True', taints: [] });
    const notReady = stateAfter(t, 6)!.nodes.find((n) => n.name === 'worker-2')!;
    expect(notReady.ready).toBe('Unknown');
    expect(notReady.taints).toEqual(expect.arrayContaining(['node.kubernetes.io/unreachable:NoExecute']));
    // Evicted from an unreachable node, the Pod stays Terminating until its kubelet confirms.
    const after = stateAfter(t, 8)!;
    expect(after.pods.filter((p) => p.status === 'Terminating').map((p) => p.node)).toEqual(['worker-2']);
    expect(after.pods.filter((p) => p.status === 'Running')).toHaveLength(3);
    // Once worker-2 is back, the kubelet finishes the deletion: the Pod is gone.
    const back = stateAfter(t, 9)!;
    const gone = before.pods.filter((p) => !back.pods.some((q) => q.name === p.name));
    expect(gone.map((p) => p.node)).toEqual(['worker-2']);
  });

  it('records etcd members and the quorum', async () => {
    const t = await run('etcd-quorum');
    expect(stateAfter(t, 2)!.controlPlane).toMatchObject({ quorum: true, etcd: [{ name: 'etcd-1', up: true }, { name: 'etcd-2', up: false }, { name: 'etcd-3', up: true }] });
    expect(stateAfter(t, 4)!.controlPlane.quorum).toBe(false);
    expect(stateAfter(t, 7)!.controlPlane.quorum).toBe(false);
    expect(stateAfter(t, 8)!.controlPlane.quorum).toBe(true);
  });

  it('records API servers behind the load balancer', async () => {
    const t = await run('ha-control-plane');
    expect(stateAfter(t, 6)!.controlPlane.apiServers).toEqual([
      { name: 'apiserver-1', up: false },
      { name: 'apiserver-2', up: false },
      { name: 'apiserver-3', up: true },
    ]);
  });
});
