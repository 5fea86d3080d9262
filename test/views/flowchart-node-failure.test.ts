/**
 * node-failure's flowchart: the "taint" box holds the taints the node
 * lifecycle controller adds while the node is away (unreachable NoSchedule and
 * NoExecute), not their removal after `fault: { action: up }` — the recovery is
 * a later step of the scenario and not part of the decision.
 */
import { describe, expect, it } from 'vitest';
import { simulateOnce } from '../helpers/library.ts';
import { buildFlowchart } from '../../src/views/flowchart/build.ts';

const root = new URL('../../', import.meta.url).pathname;

describe('node-failure flowchart', () => {
  it('the taint box lists only the added taints', async () => {
    const trace = await simulateOnce(`${root}scenarios/node-failure.yaml`, { cwd: root });
    const view = buildFlowchart(trace, { step: 3 });
    const taint = view.nodes.find((n) => n.id.endsWith('taint'));
    expect(taint).toBeDefined();
    const text = JSON.stringify(taint);
    // Said once, in the label (shown at every detail level): `taint unreachable: NoSchedule, NoExecute`.
    expect(taint!.label).toBe('taint unreachable: NoSchedule, NoExecute');
    expect(text).not.toContain('remove taints');
  });
});
