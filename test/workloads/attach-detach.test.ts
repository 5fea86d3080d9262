/**
 * The attach/detach controller (pkg/controller/volume/attachdetach, 1.31) and
 * the CSI external-attacher, table-driven over whole scenarios, after the
 * cases of attach_detach_controller_test.go (Test_ADC_VolumeAttachmentRecovery:
 * attach for a scheduled pod, detach once it is gone) and of
 * reconciler_test.go (Test_Run_Positive_OneDesiredVolumeAttach,
 * Test_Run_Positive_OneDesiredVolumeAttachThenDetachWithUnmountedVolume,
 * Test_Run_OneVolumeAttachAndDetachMultipleNodesWithReadWriteMany,
 * Test_Run_OneVolumeAttachAndDetachMultipleNodesWithReadWriteOnce,
 * Test_ReportMultiAttachError) and desired_state_of_world_populator (a volume
 * stays while another pod on the node uses it); the detach decision table of
 * reconciler_test.go (Test_Run_Positive_OneDesiredVolumeAttachThenDetachWith
 * UnmountedVolume / WithMountedVolume, Test_Run_OneVolumeDetachOnOutOfService
 * TaintedNode, Test_Run_OneVolumeDetachOnNoOutOfServiceTaintedNode,
 * Test_Run_OneVolumeDetachOnUnhealthyNode, Test_Run_OneVolumeDetachOn
 * UnhealthyNodeWithForceDetachOnUnmountDisabled), and the kubelet's
 * status.volumesInUse that the controller waits for.
 */
import { describe, expect, it } from 'vitest';
import { run, failed, kubeEvents } from './helpers.ts';
import { MAX_WAIT_FOR_UNMOUNT_MS, attachmentName, detachDecision, type DetachDecision, type DetachState } from '../../src/cluster/core/attach.ts';
import type { Trace } from '../../src/trace/types.ts';

const NODES = `
cluster:
  kubernetes: "1.31"
  nodes:
    - { name: worker-1, images: ["busybox:1.36"] }
    - { name: worker-2, images: ["busybox:1.36"] }
`;

function claim(name: string, mode: string): string {
  return `
  ${name}.yaml:
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata: { name: ${name} }
    spec:
      accessModes: [${mode}]
      resources: { requests: { storage: 1Gi } }
`;
}

function pod(name: string, node: string, claimName: string): string {
  return `
  ${name}.yaml:
    apiVersion: v1
    kind: Pod
    metadata: { name: ${name} }
    spec:
      nodeName: ${node}
      containers:
        - { name: c, image: "busybox:1.36", command: [sleep, "3600"], volumeMounts: [{ name: d, mountPath: /d }] }
      volumes:
        - { name: d, persistentVolumeClaim: { claimName: ${claimName} } }
`;
}

function scenario(files: string, steps: string, kubernetes = '1.31'): string {
  return `kubescene: v1\nname: attach\nseed: 0\n${NODES.replace('"1.31"', `"${kubernetes}"`)}files:${files}steps:\n${steps}  - kubectl: get volumeattachments\n`;
}

/** The nodes of the VolumeAttachments `kubectl get volumeattachments` lists at the end (NAME ATTACHER PV NODE ATTACHED AGE). */
function attachments(t: Trace): string[] {
  const last = t.steps[t.steps.length - 1]!;
  return (last.output ?? '').split('\n').slice(1).filter((l) => l.trim() !== '').map((l) => { const c = l.trim().split(/\s+/); return `${c[3]} ${c[4]}`; }).sort();
}

const applyAll = (...files: string[]) => files.map((f) => `  - kubectl: apply -f ${f}.yaml\n  - advance: 5s\n`).join('');
const del = (p: string) => `  - kubectl: delete pod ${p}\n  - advance: 60s\n`;

describe('attach/detach controller', () => {
  it.each<[string, string, string, { attached: string[]; multiAttach?: string[] }]>([
    ['attach on schedule (OneDesiredVolumeAttach)', claim('data', 'ReadWriteOnce') + pod('a', 'worker-1', 'data'), applyAll('data', 'a'), { attached: ['worker-1 true'] }],
    ['detach after the pod is deleted (AttachThenDetach)', claim('data', 'ReadWriteOnce') + pod('a', 'worker-1', 'data'), applyAll('data', 'a') + del('a'), { attached: [] }],
    [
      'no detach while another pod on the node uses the volume',
      claim('data', 'ReadWriteOnce') + pod('a', 'worker-1', 'data') + pod('b', 'worker-1', 'data'),
      applyAll('data', 'a', 'b') + del('a'),
      { attached: ['worker-1 true'] },
    ],
    [
      'the last pod on the node gone: detached',
      claim('data', 'ReadWriteOnce') + pod('a', 'worker-1', 'data') + pod('b', 'worker-1', 'data'),
      applyAll('data', 'a', 'b') + del('a') + del('b'),
      { attached: [] },
    ],
    [
      'ReadWriteMany: attached to two nodes (MultipleNodesWithReadWriteMany)',
      claim('shared', 'ReadWriteMany') + pod('a', 'worker-1', 'shared') + pod('b', 'worker-2', 'shared'),
      applyAll('shared', 'a', 'b'),
      { attached: ['worker-1 true', 'worker-2 true'] },
    ],
    [
      'ReadWriteOnce on a second node: Multi-Attach error (MultipleNodesWithReadWriteOnce, ReportMultiAttachError)',
      claim('data', 'ReadWriteOnce') + pod('a', 'worker-1', 'data') + pod('b', 'worker-2', 'data'),
      applyAll('data', 'a', 'b'),
      { attached: ['worker-1 true'], multiAttach: ['Multi-Attach error for volume "PV" Volume is already used by pod(s) a'] },
    ],
    [
      'ReadWriteOnce: attached to the second node once the first lets go',
      claim('data', 'ReadWriteOnce') + pod('a', 'worker-1', 'data') + pod('b', 'worker-2', 'data'),
      applyAll('data', 'a', 'b') + del('a'),
      { attached: ['worker-2 true'], multiAttach: ['Multi-Attach error for volume "PV" Volume is already used by pod(s) a'] },
    ],
  ])('%s', (_name, files, steps, want) => {
    const t = run(scenario(files, steps));
    expect(failed(t)).toEqual([]);
    expect(attachments(t)).toEqual(want.attached);
    const pv = t.outcome.objects.find((o) => o.kind === 'PersistentVolume')?.name ?? '';
    expect(kubeEvents(t, 'FailedAttachVolume')).toEqual((want.multiAttach ?? []).map((m) => m.replace('"PV"', `"${pv}"`)));
  });

  it('the VolumeAttachment is named csi-<sha256(handle + driver + node)>', () => {
    expect(attachmentName('h', 'hostpath.csi.k8s.io', 'worker-1')).toMatch(/^csi-[0-9a-f]{64}$/);
    expect(attachmentName('h', 'hostpath.csi.k8s.io', 'worker-1')).not.toBe(attachmentName('h', 'hostpath.csi.k8s.io', 'worker-2'));
  });
});

describe('detach decision (reconciler.go 1.31, reconciler_test.go)', () => {
  const MIN = 60_000;
  const LONG = 4200_000; // maxLongWaitForUnmountDuration of the tests: the timeout cannot be what detaches
  it.each<[string, DetachState, DetachDecision]>([
    ['unmounted volume: detached (AttachThenDetachWithUnmountedVolume)', { mounted: false, nodeReady: true, outOfService: false, elapsedMs: 0 }, { detach: true }],
    ['unmounted volume on a NotReady node: detached, safely', { mounted: false, nodeReady: false, outOfService: false, elapsedMs: 0 }, { detach: true }],
    ['mounted on a Ready node: waits, with no timeout', { mounted: true, nodeReady: true, outOfService: false, elapsedMs: 0 }, { detach: false }],
    ['mounted on a Ready node past maxWaitForUnmountDuration: still waits (OneVolumeDetachOnUnhealthyNode, healthy half)', { mounted: true, nodeReady: true, outOfService: false, elapsedMs: 60 * MIN }, { detach: false }],
    ['mounted on a NotReady node: waits for the rest of the 6 min', { mounted: true, nodeReady: false, outOfService: false, elapsedMs: 1 * MIN }, { detach: false, recheckAfterMs: 5 * MIN }],
    ['mounted on a NotReady node at exactly 6 min: not yet (elapsed must exceed it)', { mounted: true, nodeReady: false, outOfService: false, elapsedMs: MAX_WAIT_FOR_UNMOUNT_MS }, { detach: false, recheckAfterMs: 0 }],
    ['mounted on a NotReady node past 6 min: force detach on timeout (AttachThenDetachWithMountedVolume)', { mounted: true, nodeReady: false, outOfService: false, elapsedMs: MAX_WAIT_FOR_UNMOUNT_MS + 1 }, { detach: true, force: 'timeout' }],
    ['mounted, node not tainted, long timeout: no detach (OneVolumeDetachOnNoOutOfServiceTaintedNode)', { mounted: true, nodeReady: false, outOfService: false, elapsedMs: 10 * MIN, maxWaitForUnmountMs: LONG }, { detach: false, recheckAfterMs: LONG - 10 * MIN }],
    ['mounted, out-of-service taint, long timeout: force detach at once (OneVolumeDetachOnOutOfServiceTaintedNode)', { mounted: true, nodeReady: false, outOfService: true, elapsedMs: 0, maxWaitForUnmountMs: LONG }, { detach: true, force: 'out-of-service' }],
    ['mounted, out-of-service taint on a Ready node: force detach at once', { mounted: true, nodeReady: true, outOfService: true, elapsedMs: 0 }, { detach: true, force: 'out-of-service' }],
    ['NotReady past 6 min with force detach on timeout disabled: waits for good (…WithForceDetachOnUnmountDisabled)', { mounted: true, nodeReady: false, outOfService: false, elapsedMs: 60 * MIN, disableForceDetachOnTimeout: true }, { detach: false }],
    ['… then the out-of-service taint: force detach', { mounted: true, nodeReady: false, outOfService: true, elapsedMs: 60 * MIN, disableForceDetachOnTimeout: true }, { detach: true, force: 'out-of-service' }],
    ['both past 6 min and tainted: counted as a timeout (the metric reason checked first)', { mounted: true, nodeReady: false, outOfService: true, elapsedMs: 7 * MIN }, { detach: true, force: 'timeout' }],
  ])('%s', (_name, state, want) => {
    expect(detachDecision(state)).toEqual(want);
  });
});

describe('detach waits for the kubelet (status.volumesInUse)', () => {
  const claimPod = claim('data', 'ReadWriteOnce') + pod('a', 'worker-1', 'data');
  const summaries = (t: Trace) => t.events.filter((e) => e.from === 'attachdetach-controller' || e.from === 'kubelet@worker-1').map((e) => e.summary);
  const forceAt = (t: Trace) => t.events.find((e) => e.summary.includes('force detaching'))?.summary.replace(/"pvc-[^"]+"/, '"PV"');

  it('the kubelet reports the volume in use before it mounts it, and no longer in use after unmounting; only then is it detached', () => {
    const t = run(scenario(claimPod, applyAll('data', 'a') + del('a')));
    expect(failed(t)).toEqual([]);
    const s = summaries(t);
    const idx = (re: RegExp) => s.findIndex((x) => re.test(x));
    const inUse = idx(/PATCH nodes\/status worker-1 \(volumesInUse \+ /);
    const verified = idx(/VerifyControllerAttachedVolume succeeded/);
    const unmounted = idx(/UnmountVolume.TearDown succeeded/);
    const notInUse = idx(/PATCH nodes\/status worker-1 \(volumesInUse − /);
    const detached = idx(/PATCH nodes\/status worker-1 \(volumesAttached − /);
    expect([inUse, verified, unmounted, notInUse, detached].every((i) => i >= 0)).toBe(true);
    expect(inUse).toBeLessThan(verified);
    expect(unmounted).toBeLessThan(notInUse);
    expect(notInUse).toBeLessThan(detached);
    expect(attachments(t)).toEqual([]);
    expect(forceAt(t)).toBeUndefined();
  });

  const down = '  - fault: { node: worker-1, action: down }\n  - advance: 60s\n';
  const forceDelete = '  - kubectl: delete pod a --force\n';
  it.each<[string, string, { attached: string[]; force?: string }]>([
    ['node down, pod force-deleted: the volume stays attached while the kubelet cannot unmount it', down + forceDelete + '  - advance: 5m\n', { attached: ['worker-1 true'] }],
    [
      'node down, pod force-deleted, 6 min later: force detach on timeout',
      down + forceDelete + '  - advance: 7m\n',
      { attached: [], force: 'volume "PV" is not safe to detach from worker-1, but maxWaitForUnmountDuration (6m0s) expired on a NotReady node: force detaching' },
    ],
    [
      'node down with the out-of-service taint, pod force-deleted: detached at once',
      down + '  - kubectl: taint nodes worker-1 node.kubernetes.io/out-of-service=nodeshutdown:NoExecute\n' + forceDelete + '  - advance: 5s\n',
      { attached: [], force: 'volume "PV" is not safe to detach from worker-1, but node has the node.kubernetes.io/out-of-service taint: force detaching' },
    ],
    ['a Ready node: the kubelet stops a force-deleted pod and unmounts, then the volume is detached', forceDelete + '  - advance: 60s\n', { attached: [] }],
  ])('%s', (_name, steps, want) => {
    const t = run(scenario(claimPod, applyAll('data', 'a') + steps));
    expect(failed(t)).toEqual([]);
    expect(attachments(t)).toEqual(want.attached);
    expect(forceAt(t)).toBe(want.force);
  });

  it.each<[string, string, { attached: string[]; force?: string }]>([
    [
      '1.23: the out-of-service taint does not exist yet; the pod force-deleted waits for the timeout',
      down + '  - kubectl: taint nodes worker-1 node.kubernetes.io/out-of-service=nodeshutdown:NoExecute\n' + forceDelete + '  - advance: 5m\n',
      { attached: ['worker-1 true'] },
    ],
    [
      '1.23: the timeout force-detaches (from any node, before PR 110721)',
      down + forceDelete + '  - advance: 7m\n',
      { attached: [], force: 'volume "PV" is not safe to detach from worker-1, but maxWaitForUnmountDuration (6m0s) expired: force detaching' },
    ],
  ])('%s', (_name, steps, want) => {
    const t = run(scenario(claimPod, applyAll('data', 'a') + steps, '1.23'));
    expect(failed(t)).toEqual([]);
    expect(attachments(t)).toEqual(want.attached);
    expect(forceAt(t)).toBe(want.force);
  });

  it('kubectl delete --force prints kubectl\'s warning and "force deleted"', () => {
    const t = run(scenario(claimPod, applyAll('data', 'a') + forceDelete));
    const step = t.steps.find((st) => st.output?.includes('force deleted'));
    expect(step?.output).toBe('pod "a" force deleted\n');
    expect(JSON.stringify(step)).toContain('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.');
  });
});
