/**
 * Flowchart wording (docs/gallery-review.md D62, D64, D72 and the start pills): each test names the picture and
 * what was wrong in it.
 */
import { describe, expect, it } from 'vitest';
import { simulateOnce } from '../helpers/library.ts';
import { buildFlowchart } from '../../src/views/index.ts';

const dir = new URL('../../scenarios/', import.meta.url);

async function traceOf(file: string) {
  return simulateOnce(new URL(file, dir).pathname, { cwd: new URL('../../', import.meta.url).pathname });
}

const nodeOf = (view: ReturnType<typeof buildFlowchart>, key: string) => view.nodes.find((n) => n.id === `fc:${key}`);

describe('D72: the DaemonSet flow names only the DaemonSet’s own Pods', () => {
  // drain-pdb `render --view flowchart` without diagrams.flowchart.step: the bind box listed every scheduler bind of
  // the window (`web-766486c5b6-jxl9j → worker-1, …`, the Deployment's Pods), the end `worker-3, worker-2, worker-1`.
  it('drain-pdb step 3: binds of node-agent Pods only, nodes sorted by name', async () => {
    const view = buildFlowchart(await traceOf('drain-pdb.yaml'), { step: 3 });
    expect(nodeOf(view, 'nodes')?.label).toBe('DaemonSet controller checks every node');
    const bind = nodeOf(view, 'bind')?.sublabel ?? '';
    expect(bind).toMatch(/^node-agent-/);
    expect(bind).not.toMatch(/web-|db-/);
    expect(nodeOf(view, 'done')?.sublabel).toBe('worker-1, worker-2, worker-3');
  });
});
