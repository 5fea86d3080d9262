/**
 * A flowchart's evidence comes from the steps it is about (review D9, D10):
 * a topic reads its own step and the steps that only let it play out
 * (advance, wait, expect, a read-only kubectl), not a later step that acts
 * again; where the picture does draw on later steps, its heading names them.
 */
import { describe, expect, it } from 'vitest';
import { simulateOnce } from '../helpers/library.ts';
import { buildFlowchart } from '../../src/views/index.ts';
import { coveredSteps, headingOf } from '../../src/views/flowchart/build.ts';

const dir = new URL('../../scenarios/', import.meta.url);
const traceOf = (file: string) => simulateOnce(new URL(file, dir).pathname, { cwd: new URL('../../', import.meta.url).pathname });
type View = ReturnType<typeof buildFlowchart>;
const node = (view: View, key: string) => view.nodes.find((n) => n.id === `fc:${key}`)!;
/** Every step whose events light a point or an arrow. */
const lit = (view: View) => coveredSteps(view, view.step);

describe('flowchart evidence stays within the steps it is about', () => {
  it('self-healing step 2: the first restart has no back-off; the CrashLoopBackOff branch (step 3) stays faint', async () => {
    const view = buildFlowchart(await traceOf('self-healing.yaml'), { step: 2 });
    expect(view.decision).toBe('self-healing');
    expect(node(view, 'backoff').sublabel).toBe('first restart: no back-off');
    expect(node(view, 'crashloop').emphasis).toBe('faint');
    expect(node(view, 'restart').emphasis).toBe('taken');
    expect(lit(view)).toEqual([2]);
    expect(view.title).toBe('2. The nginx container of the first Pod crashes');
  });

  it('self-healing step 3: the second crash waits in CrashLoopBackOff', async () => {
    const view = buildFlowchart(await traceOf('self-healing.yaml'), { step: 3 });
    expect(node(view, 'crashloop').emphasis).toBe('taken');
  });

  it('persistent-volumes step 2: the two claims of that apply, not the later ones', async () => {
    const view = buildFlowchart(await traceOf('persistent-volumes.yaml'), { step: 2 });
    expect(view.decision).toBe('volume-binding');
    expect(node(view, 'claim').sublabel).toMatch(/^2 claims: /);
    expect(node(view, 'unbound').emphasis).toBe('faint');
    expect(node(view, 'provision').emphasis).toBe('faint');
    expect(view.title).toBe('2. Two claims bind to the best matching volumes');
  });

  it('statefulset step 1: the ordered creation, not the scale-down of step 5', async () => {
    const view = buildFlowchart(await traceOf('statefulset.yaml'), { step: 1 });
    expect(view.decision).toBe('statefulset');
    expect(node(view, 'scale-down').emphasis).toBe('faint');
    expect(node(view, 'done').sublabel).toBe('3 pods Running and Ready after this step');
    expect(lit(view)).toEqual([1]);
  });

  it('node failure runs over the advances after the fault: the heading says so', async () => {
    const view = buildFlowchart(await traceOf('node-failure.yaml'), { step: 3 });
    expect(node(view, 'rescheduled').emphasis).toBe('success');
    expect(lit(view)).toEqual([3, 5, 8]);
    expect(view.title).toBe('Steps 3–8. worker-2 stops answering');
    expect(view.steps.map((s) => s.number)).toEqual([3, 5, 8]);
  });
});

describe('headingOf', () => {
  it('one step, a run over steps that play out, separate steps', async () => {
    const trace = await traceOf('ingress.yaml');
    const step = trace.steps.find((s) => s.number === 4)!;
    expect(headingOf(trace, step, [4])).toBe(`4. ${step.title}`);
    // Step 5 is another request (traffic), not part of step 4's story: steps 4 and 6 are named each by
    // its own title (fourth look D41: "Steps 4 and 6. GET …/api/orders" named only step 4's request).
    expect(headingOf(trace, step, [4, 6])).toBe('4. GET http://shop.example.com/api/orders · 6. A host no rule matches gets 404');
    expect(headingOf(trace, step, [4, 5, 6])).toBe(`Steps 4–6. ${step.title}`);
  });
});
