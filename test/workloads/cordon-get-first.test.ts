/**
 * kubectl cordon / uncordon / drain GET the Node first and PATCH only a change
 * (kubectl/pkg/cmd/drain RunCordonOrUncordon: drain.CordonHelper.UpdateIfRequired
 * compares spec.unschedulable with what is wanted; no change, no request,
 * `already cordoned`). The model PATCHed every time, and the server-side
 * patch function did nothing: drain-pdb's second drain of worker-1 showed a
 * PATCH of a node that was already cordoned.
 */
import { describe, expect, it } from 'vitest';
import { run } from './helpers.ts';

const scenario = (steps: string): string => `kubescene: v1
name: t
cluster:
  kubernetes: "1.31"
  nodes:
    - { name: worker-1 }
steps:
${steps}`;

/** kubectl's requests in step n: `METHOD path`. */
const requests = (steps: string, n: number): string[] => {
  const t = run(scenario(steps));
  return t.events.filter((e) => e.step === n && e.from === 'kubectl' && e.type === 'request').map((e) => `${e.method} ${e.path}`);
};

describe('cordon GETs the Node and PATCHes only a change', () => {
  it('first cordon: GET then PATCH; second: GET only, `already cordoned`', () => {
    const steps = '  - kubectl: cordon worker-1\n  - kubectl: cordon worker-1\n';
    expect(requests(steps, 1)).toEqual(['GET /api/v1/nodes/worker-1', 'PATCH /api/v1/nodes/worker-1']);
    expect(requests(steps, 2)).toEqual(['GET /api/v1/nodes/worker-1']);
    expect(run(scenario(steps)).steps[1]!.output).toBe('node/worker-1 already cordoned\n');
  });

  it('uncordon of a schedulable node sends no PATCH', () => {
    expect(requests('  - kubectl: uncordon worker-1\n', 1)).toEqual(['GET /api/v1/nodes/worker-1']);
  });

  it('a node that does not exist: the GET answers 404, kubectl exits 1', () => {
    const t = run(scenario('  - kubectl: cordon worker-9\n    expect: [{ exit: 1 }]\n'));
    expect(t.steps[0]!.exitCode).toBe(1);
    expect(t.steps[0]!.error ?? t.steps[0]!.output).toContain('nodes "worker-9" not found');
  });
});
