/**
 * Defects found reviewing the gallery's architecture pictures in a ~900-px docs column.
 */
import { describe, expect, it } from 'vitest';
import { simulateOnce } from '../helpers/library.ts';
import { buildArchitecture } from '../../src/views/index.ts';
import { viewFrames } from '../../src/render/frames.ts';

const root = new URL('../../', import.meta.url).pathname;
const traceOf = (name: string) => simulateOnce(`${root}scenarios/${name}.yaml`, { cwd: root });

describe('architecture: red only for what failed', () => {
  // rolling-update architecture.svg: the controller manager's edge (3) was red because the Deployment
  // controller got one 409 Conflict in step 7 — optimistic concurrency; it re-reads and retries.
  it('rolling-update: a controller retrying a 409 Conflict is not drawn as failed', async () => {
    const trace = await traceOf('rolling-update');
    expect(trace.events.some((e) => e.result === 'conflict' && e.to === 'deployment-controller'), 'the trace has the conflict').toBe(true);
    const view = buildArchitecture(trace);
    expect(view.edges.filter((e) => e.emphasis === 'danger').map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  // kubectl's edge stands for the denied requests and for the allowed ones (review D2, below): drawn black, the 403s
  // are said in the legend, red in a picture of a step where one was denied.
  it('rbac-denied: a 403 to kubectl stays failed', async () => {
    const trace = await traceOf('rbac-denied');
    const view = buildArchitecture(trace);
    const kubectl = view.edges.find((e) => e.from === 'kubectl');
    expect(kubectl?.failedSteps).toEqual([1, 6, 7, 8]);
    // Which request was refused in which step (views/common/failed-note.ts), not only the steps.
    expect(view.legend.find((l) => l.number === kubectl?.number)?.text).toMatch(/ · GET pods failed in step 1, DELETE pods in step 6, POST deployments in step 7, GET secrets in step 8$/);
    expect(buildArchitecture(trace, { steps: [1] }).edges.some((e) => e.emphasis === 'danger' && e.from === 'kubectl')).toBe(true);
  });

  // Review D2: an edge was red when ANY of the requests it stands for failed. An edge is red only when all of them
  // failed; one where some worked is drawn black and its legend entry says what failed, and when.
  const drawn = (view: ReturnType<typeof buildArchitecture>) => view.edges.map((e) => `${e.number} ${e.emphasis} ${e.from} → ${e.to}${e.failedSteps ? ` ✗${e.failedSteps.join(',')}` : ''}`);
  const legendOf = (view: ReturnType<typeof buildArchitecture>, n: number) => view.legend.find((l) => l.number === n)?.text;

  it('etcd-quorum: the writes of steps 1, 3 and 9 committed, so no edge is red; the legend says the write failed in step 5, the reads in 6–7', async () => {
    const view = buildArchitecture(await traceOf('etcd-quorum'));
    expect(drawn(view)).toEqual([
      '1 normal kubectl → kube-apiserver ✗5,6,7',
      '2 normal kube-apiserver → etcd-1 ✗5,6,7',
      // No heartbeats in steps 6–7: etcd-1 stepped down when it lost the quorum in step 5 (CheckQuorum, D125).
      '3 normal etcd-1 → etcd-2 ✗3,5,9',
      '3 normal etcd-1 → etcd-3 ✗5',
    ]);
    expect(legendOf(view, 1)).toBe('POST/GET configmaps · POST configmaps failed in step 5, GET configmaps in steps 6–7');
    expect(legendOf(view, 3)).toBe('append entries, pre vote, vote (×2) · append entries failed in steps 3, 5, 9'); // step 8's election (D125)
  });

  it('etcd-quorum: a picture of step 5 alone (no quorum) draws the write red', async () => {
    const view = buildArchitecture(await traceOf('etcd-quorum'), { steps: [5] });
    expect(view.edges.map((e) => e.emphasis)).toEqual(['danger', 'danger', 'danger', 'danger']);
    expect(view.legend.map((l) => l.text).join('\n')).not.toContain('failed in');
  });

  it('ha-control-plane: the load balancer → apiserver-1/2 edge is black, the failed health checks named in the legend', async () => {
    const view = buildArchitecture(await traceOf('ha-control-plane'));
    expect(view.edges.filter((e) => e.emphasis === 'danger')).toEqual([]);
    expect(drawn(view).filter((e) => e.includes('✗'))).toEqual(['6 normal apiserver-lb → apiserver-1 ✗6', '6 normal apiserver-lb → apiserver-2 ✗3']);
    expect(legendOf(view, 6)).toMatch(/ · health check GET \/readyz failed in steps 3, 6$/);
  });

  it('drain-pdb: kubectl\'s edge is black; the legend says the evictions failed in step 6 (PDB, 429)', async () => {
    const view = buildArchitecture(await traceOf('drain-pdb'));
    expect(drawn(view).filter((e) => e.includes('danger') || e.includes('✗'))).toEqual(['1 normal kubectl → kube-apiserver ✗6']);
    expect(legendOf(view, 1)).toMatch(/ · POST pods\/eviction failed in step 6$/);
  });

  it('etcd-quorum frames: the edges are red in the frames of steps 5–7, not in those of steps 1 and 9', async () => {
    const frames = await viewFrames(await traceOf('etcd-quorum'), 'architecture', { steps: [1, 5, 9] });
    const red = (svg: string) => (svg.match(/marker-end="url\(#[^)]*-danger\)"/g) ?? []).length;
    expect(frames.map((f) => [f.step, red(f.svg)])).toEqual([
      [1, 0],
      [5, 4],
      [9, 1],
    ]);
  });
});
