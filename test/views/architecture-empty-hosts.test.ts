/**
 * A worker nothing ran on (no component of it in the trace) and with no state
 * to show is not drawn as an empty box (etcd-quorum drew an empty worker-1),
 * unless the scheduler is in the picture: then every node is part of its answer.
 */
import { describe, expect, it } from 'vitest';
import { buildArchitecture } from '../../src/views/index.ts';
import { simulateOnce } from '../helpers/library.ts';

const hostIds = (nodes: { id: string }[]) => nodes.map((n) => n.id).filter((id) => id.startsWith('host:')).sort();

describe('empty worker boxes', () => {
  it.each(['summary', 'standard', 'full'] as const)('etcd-quorum (%s): no worker is drawn, nothing runs there', async (detail) => {
    const view = buildArchitecture(await simulateOnce('scenarios/etcd-quorum.yaml'), { detail });
    expect(hostIds(view.nodes)).toEqual(['host:control-plane']);
  });

  it('scheduling-constraints: the workers the scheduler weighed stay, even where no Pod landed', async () => {
    const trace = await simulateOnce('scenarios/scheduling-constraints.yaml');
    const workers = trace.hosts.filter((h) => h.role === 'worker').map((h) => `host:${h.id}`);
    const view = buildArchitecture(trace, { detail: 'standard' });
    expect(hostIds(view.nodes)).toEqual(expect.arrayContaining(workers));
  });

  it('every drawn worker holds something or says something (a tag)', async () => {
    for (const name of ['internet-egress', 'invalid-manifest', 'rbac-denied', 'node-failure']) {
      const path = name === 'rbac-denied' ? 'scenarios/rbac-denied.yaml' : `scenarios/${name}.yaml`;
      const view = buildArchitecture(await simulateOnce(path), { detail: 'standard' });
      const parents = new Set(view.nodes.map((n) => n.parent));
      for (const n of view.nodes.filter((n) => n.id.startsWith('host:worker'))) {
        expect(parents.has(n.id) || (n.tags ?? []).length > 0, `${name}: ${n.id}`).toBe(true);
      }
    }
  });
});
