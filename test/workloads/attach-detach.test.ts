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
 * stays while another pod on the node uses it).
 */
import { describe, expect, it } from 'vitest';
import { run, failed, kubeEvents } from './helpers.ts';
import { attachmentName } from '../../src/cluster/core/attach.ts';
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

function scenario(files: string, steps: string): string {
  return `kubescene: v1\nname: attach\nseed: 0\n${NODES}files:${files}steps:\n${steps}  - kubectl: get volumeattachments\n`;
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
