/**
 * The fifth look at the gallery's flowcharts (docs/gallery-review.md, "Fifth look", D52–D66): each test names the
 * picture and what an instructor found wrong in it.
 */
import { describe, expect, it } from 'vitest';
import { simulateOnce } from '../helpers/library.ts';
import { buildFlowchart } from '../../src/views/index.ts';

const dir = new URL('../../scenarios/', import.meta.url);

async function traceOf(file: string) {
  return simulateOnce(new URL(file, dir).pathname, { cwd: new URL('../../', import.meta.url).pathname });
}

const nodeOf = (view: ReturnType<typeof buildFlowchart>, key: string) => view.nodes.find((n) => n.id === `fc:${key}`);

describe('D52: restartPolicy after an exit', () => {
  // self-healing flowchart.svg: "stays Terminated (Never / OnFailure)" after nginx exited with code 1. OnFailure
  // restarts a container that failed; only Never leaves it Terminated (kubelet ShouldContainerBeRestarted).
  it('self-healing: a container that exited with code 1 stays Terminated only under Never', async () => {
    const trace = await traceOf('self-healing.yaml');
    const view = buildFlowchart(trace, { step: 2 });
    expect(trace.events.find((e) => e.step === 2 && e.action === 'container-exit')?.attrs?.['exitCode']).toBe(1);
    expect(nodeOf(view, 'terminated')?.label).toBe('stays Terminated (Never)');
  });

  it('probes: the liveness kill (exit 137) says the same', async () => {
    const view = buildFlowchart(await traceOf('probes.yaml'), { step: 4 });
    expect(nodeOf(view, 'terminated')?.label).toBe('stays Terminated (Never)');
  });
});

describe('D60: a start pill says what happens, not the scenario step syntax', () => {
  // probes, node-failure, self-healing flowchart.svg: `advance 45s`, `fault node worker-2 down`, `fault pod deployment/web crash`.
  it.each([
    ['probes.yaml', 4, '45 s pass'],
    ['node-failure.yaml', 3, 'worker-2 goes down'],
    ['self-healing.yaml', 2, 'a container of deployment/web crashes'],
    ['etcd-quorum.yaml', 2, 'etcd-2 goes down'],
  ] as const)('%s step %i: "%s"', async (file, step, label) => {
    const view = buildFlowchart(await traceOf(file), { step });
    expect(view.nodes[0]?.label).toBe(label);
    expect(view.nodes[0]?.label).not.toMatch(/^(advance|fault) /);
  });
});

describe('D56: a flowchart of a step that only waits starts from what it waits for', () => {
  // job-cronjob flowchart.svg (step 2, `kubectl wait --for=condition=complete job/batch`): the pill led into
  // "more pods needed?" as if the wait made the Pods; step 1 (setup) created the Job.
  it('job-cronjob: the start is step 1\'s kubectl apply, the heading still names steps 1–2', async () => {
    const view = buildFlowchart(await traceOf('job-cronjob.yaml'));
    expect(view.step).toBe(2);
    expect(view.nodes[0]?.label).toBe('kubectl apply -f batch.yaml');
    expect(view.title).toBe('Steps 1–2. Wait until the Job is complete');
  });
});

describe('D55: the validation exit says why the manifest is invalid', () => {
  // invalid-manifest flowchart.svg: "valid?" said only `Deployment "web" is invalid`; the scenario is about why.
  it('invalid-manifest: the reason, as kubectl printed it, without the field and the rejected value', async () => {
    const trace = await traceOf('invalid-manifest.yaml');
    expect(trace.steps[0]?.error).toContain('Invalid value: map[string]string{"app":"x"}');
    const view = buildFlowchart(trace, { step: 1 });
    expect(nodeOf(view, 'validation')?.sublabel).toBe("`selector` does not match template `labels`");
    expect(nodeOf(view, 'validation-fail')?.emphasis).toBe('danger');
  });
});
