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

describe('D53: volumeBindingMode is the first question of a claim', () => {
  // persistent-volumes flowchart.svg asked "an Available PV fits?" first and the binding mode only on the way to a
  // provisioner. With WaitForFirstConsumer the PV controller binds nothing, not even a fitting static PV, until the
  // scheduler has placed a pod (pv_controller.go syncUnboundClaim: IsDelayBindingMode before findBestMatchForClaim).
  const chainOf = (view: ReturnType<typeof buildFlowchart>) => (view.chain ?? []).map((id) => id.replace(/^fc:/, ''));

  it('the chain asks the mode, then the static match, then the provisioner', async () => {
    const view = buildFlowchart(await traceOf('persistent-volumes.yaml'), { step: 2 });
    const chain = chainOf(view);
    expect(chain.indexOf('mode')).toBeGreaterThan(-1);
    expect(chain.indexOf('mode')).toBeLessThan(chain.indexOf('match'));
    expect(chain.indexOf('match')).toBeLessThan(chain.indexOf('class'));
    expect(nodeOf(view, 'bind-static')?.emphasis).toBe('success');
    expect(nodeOf(view, 'wait')?.emphasis).toBe('faint');
  });

  it('step 6: a claim of a WaitForFirstConsumer class waits; nothing is matched yet, the Immediate edge is faint', async () => {
    const view = buildFlowchart(await traceOf('persistent-volumes.yaml'), { step: 6 });
    expect(nodeOf(view, 'wait')?.emphasis).toBe('taken');
    expect(nodeOf(view, 'match')?.emphasis).toBe('faint');
    expect(view.edges.find((e) => e.from === 'fc:mode' && e.to === 'fc:match')?.emphasis).toBe('faint');
  });

  it('step 10: the local static PV is bound only after the wait (WaitForFirstConsumer → match → bind)', async () => {
    const view = buildFlowchart(await traceOf('persistent-volumes.yaml'), { step: 10 });
    expect(nodeOf(view, 'wait')?.emphasis).toBe('taken');
    expect(view.edges.find((e) => e.from === 'fc:wait' && e.to === 'fc:match')?.emphasis).toBe('taken');
    expect(view.edges.find((e) => e.from === 'fc:mode' && e.to === 'fc:match')?.emphasis).toBe('faint');
    expect(nodeOf(view, 'bind-static')?.sublabel).toBe('scratch → local-ssd-worker-2');
  });
});

describe('D54: a missing volume source and a missing env reference fail apart', () => {
  // configmap-secret flowchart.svg: one "all of them exist? no → CreateContainerConfigError". A Secret or ConfigMap
  // missing for a volume leaves the Pod ContainerCreating with FailedMount before any sandbox (the kubelet mounts
  // volumes first); only a missing env reference gives CreateContainerConfigError.
  it('step 1: both checks passed, the container started', async () => {
    const view = buildFlowchart(await traceOf('configmap-secret.yaml'), { step: 1 });
    const chain = (view.chain ?? []).map((id) => id.replace(/^fc:/, ''));
    expect(chain.indexOf('volumes')).toBeLessThan(chain.indexOf('env'));
    expect(nodeOf(view, 'volumes')?.emphasis).toBe('taken');
    expect(nodeOf(view, 'env')?.emphasis).toBe('taken');
    expect(nodeOf(view, 'started')?.emphasis).toBe('success');
  });

  it('step 4 (envFrom a missing ConfigMap): past the volumes, CreateContainerConfigError', async () => {
    const view = buildFlowchart(await traceOf('configmap-secret.yaml'), { step: 4 });
    expect(nodeOf(view, 'volumes')?.emphasis).toBe('taken');
    expect(nodeOf(view, 'mount-error')?.emphasis).toBe('faint');
    expect(nodeOf(view, 'config-error')?.emphasis).toBe('danger');
    expect(nodeOf(view, 'config-error')?.label).toBe('CreateContainerConfigError');
    expect(nodeOf(view, 'config-error')?.sublabel).toBe('configmap "feature-flags" not found');
  });

  it('step 6 (a volume of a missing Secret): FailedMount, ContainerCreating; the env check is never reached', async () => {
    const view = buildFlowchart(await traceOf('configmap-secret.yaml'), { step: 6 });
    expect(nodeOf(view, 'mount-error')?.emphasis).toBe('danger');
    expect(nodeOf(view, 'mount-error')?.label).toBe('FailedMount: Pod stays ContainerCreating');
    expect(nodeOf(view, 'env')?.emphasis).toBe('faint');
    expect(nodeOf(view, 'config-error')?.emphasis).toBe('faint');
  });
});

describe('D61: one feasible node is not scored', () => {
  // scheduling-constraints flowchart.svg: "1/3 nodes fit" then "score: gpu-1 wins". kube-scheduler skips scoring
  // when a single node passes the filters (schedule_one.go schedulePod).
  it('scheduling-constraints step 1: one node fits, nothing to score, bound to gpu-1', async () => {
    const view = buildFlowchart(await traceOf('scheduling-constraints.yaml'), { step: 1 });
    expect(nodeOf(view, 'fits')?.sublabel).toBe('1/3 nodes fit');
    expect(nodeOf(view, 'score')?.label).toBe('one node fits: nothing to score');
    expect(nodeOf(view, 'bind')?.label).toBe('bind gpu-trainer to gpu-1');
  });
});

describe('D63: kubectl logs and exec are authorized for their own subresource', () => {
  // kubectl-logs-exec flowchart.svg: "allowed (pods/log, pods/exec)?" for a logs request, and the kubelet's port
  // said twice ("API server calls the kubelet (:10250)" over "GET /containerLogs/… (kubelet :10250)").
  it('step 2 (logs): get pods/log; the port once', async () => {
    const view = buildFlowchart(await traceOf('kubectl-logs-exec.yaml'), { step: 2 });
    expect(nodeOf(view, 'authz')?.label).toBe('allowed to get pods/log?');
    expect(nodeOf(view, 'proxy')?.sublabel).toMatch(/^GET \/containerLogs\/default\/web-\S+\/nginx$/);
  });

  it('step 3 (exec): create pods/exec', async () => {
    const view = buildFlowchart(await traceOf('kubectl-logs-exec.yaml'), { step: 3 });
    expect(nodeOf(view, 'authz')?.label).toBe('allowed to create pods/exec?');
  });
});

describe('D65: egress asks whether the packet leaves the cluster network before its SNAT', () => {
  it('internet-egress step 3: "destination outside the cluster network?" yes → SNAT to the node IP; the "no" branch faint', async () => {
    const view = buildFlowchart(await traceOf('internet-egress.yaml'), { step: 3 });
    const leaves = nodeOf(view, 'leaves');
    expect(leaves?.shape).toBe('decision');
    expect(leaves?.sublabel).toMatch(/198\.51\.100\.61 is in neither the Pod nor the Service network/);
    const yes = view.edges.find((e) => e.from === 'fc:leaves' && e.to === 'fc:snat');
    expect(yes?.label).toBe('yes');
    expect(yes?.emphasis).not.toBe('faint');
    const no = view.edges.find((e) => e.from === 'fc:leaves' && e.to === 'fc:no-snat');
    expect(no?.label).toBe('no');
    expect(no?.emphasis).toBe('faint');
  });
});
