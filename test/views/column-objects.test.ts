/**
 * Gallery review D30: in a column picture (`architecture.column.svg`,
 * layout/graph.ts forColumn) the workers stand in one even row with the
 * objects group beside or under them, not between them, and no kubelet's
 * edge to the API server runs round the objects. persistent-volumes' objects
 * box (the claims and volumes, which talk to nobody) stood in the first row
 * of two, worker-1 beside it, worker-2 and worker-3 under it, and worker-2's
 * kubelet edge climbed round its left side (1.7× its ends' distance);
 * drain-pdb's two PodDisruptionBudgets stood the same way among its workers.
 * The rows now also try the workers first (graph-elk.ts gridEdges
 * `workersFirst`): the boxes that talk to no worker after them.
 */
import { describe, expect, it } from 'vitest';
import { buildView } from '../../src/views/index.ts';
import type { LaidNode, LaidOut } from '../../src/layout/types.ts';
import { loadScenarioOnce, simulateOnce } from '../helpers/library.ts';
import { layoutOnce } from '../helpers/layouts.ts';

async function columnPicture(name: string): Promise<LaidOut> {
  const loaded = await loadScenarioOnce(`scenarios/${name}.yaml`);
  if (!loaded.ok) throw new Error(`${name} does not load`);
  const steps = loaded.value.diagrams.architecture.steps;
  const view = buildView(await simulateOnce(`scenarios/${name}.yaml`), 'architecture', { ...(steps && steps.length > 0 ? { steps } : {}), detail: 'summary' });
  if (view.kind !== 'architecture') throw new Error('an architecture view');
  return layoutOnce({ ...view, layoutFor: 'column' });
}

/** How close beside the objects group an edge may pass along it: an edge that near runs round it. */
const BESIDE = 40;

const box = (n: LaidNode) => `${n.id} at (${Math.round(n.x)}, ${Math.round(n.y)})`;

describe('column pictures: the workers in one row, the objects not among them', () => {
  for (const name of ['persistent-volumes', 'drain-pdb']) {
    it(name, async () => {
      const laid = await columnPicture(name);
      const workers = laid.nodes.filter((n) => n.icon === 'node' && n.kind === 'group' && n.parent === 'cluster');
      const objects = laid.nodes.find((n) => n.id === 'objects');
      expect(workers.length, 'drawn workers').toBeGreaterThanOrEqual(2);
      expect(objects, 'the objects group').toBeDefined();
      // One row: every drawn worker's top on one line (within a header line's difference).
      const tops = workers.map((w) => w.y);
      expect(Math.max(...tops) - Math.min(...tops), workers.map(box).join(', ')).toBeLessThanOrEqual(16);
      // Not between them: no worker starts below the objects group's top.
      for (const w of workers) expect(w.y, `${box(w)} under ${box(objects!)}`).toBeLessThan(objects!.y);
      // No edge runs along the objects group's side (round it): no segment beside it within its height.
      const o = objects!;
      for (const e of laid.edges) {
        for (let i = 1; i < e.points.length; i++) {
          const [p, q] = [e.points[i - 1]!, e.points[i]!];
          const alongside = Math.max(p.y, q.y) > o.y && Math.min(p.y, q.y) < o.y + o.height && Math.max(p.x, q.x) > o.x - BESIDE && Math.min(p.x, q.x) < o.x + o.width + BESIDE;
          expect(alongside, `${e.id} passes beside ${box(o)} from (${Math.round(p.x)}, ${Math.round(p.y)}) to (${Math.round(q.x)}, ${Math.round(q.y)})`).toBe(false);
        }
      }
    });
  }
});
