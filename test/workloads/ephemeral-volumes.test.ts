/**
 * Generic ephemeral volumes (pkg/controller/volume/ephemeral, 1.31): the
 * ephemeral volume controller creates the claim `<pod>-<volume>` controlled
 * by the pod; the scheduler's VolumeBinding waits for it (podHasPVCs), then
 * treats it like any claim (provisioned, bound, mounted); the garbage
 * collector deletes it with the pod. A claim of that name the pod does not
 * control keeps the pod Pending (ephemeral.VolumeIsForPod).
 */
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../src/trace/types.ts';
import { trace } from '../cluster/helpers.ts';

const POD = `apiVersion: v1
kind: Pod
metadata: { name: app }
spec:
  containers:
    - name: c
      image: nginx:1.27
      volumeMounts: [{ name: scratch, mountPath: /scratch }]
  volumes:
    - name: scratch
      ephemeral:
        volumeClaimTemplate:
          metadata: { labels: { type: scratch } }
          spec:
            accessModes: [ReadWriteOnce]
            resources: { requests: { storage: 1Gi } }
`;

const FOREIGN = `apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: app-scratch }
spec:
  accessModes: [ReadWriteOnce]
  resources: { requests: { storage: 1Gi } }
`;

function run(steps: string[], files: Record<string, string>): Trace {
  const text = steps.map((c) => (c.startsWith('advance') ? `  - ${c}\n` : `  - kubectl: ${JSON.stringify(c)}\n    continueOnError: true\n`)).join('');
  return trace(`kubescene: v1\nname: t\ncluster:\n  nodes:\n    - { name: worker-1, images: ["nginx:1.27"] }\nsteps:\n${text}`, files);
}

function outputs(t: Trace): string[] {
  return t.steps.filter((s) => s.exitCode !== undefined).map((s) => `${s.output ?? ''}${s.error ?? ''}[${s.exitCode}]`);
}

describe('the ephemeral volume controller', () => {
  it('creates <pod>-<volume> from the template, controlled by the pod; the pod is scheduled once it is bound, and runs', () => {
    const t = run(
      [
        'apply -f pod.yaml',
        'advance: 30s',
        'get pvc app-scratch -o jsonpath={.metadata.labels.type}/{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}/{.metadata.ownerReferences[0].controller}/{.metadata.ownerReferences[0].blockOwnerDeletion}/{.spec.storageClassName}/{.status.phase}',
        'get pod app -o jsonpath={.status.phase}/{.spec.nodeName}',
      ],
      { 'pod.yaml': POD },
    );
    const out = outputs(t);
    expect(out[1]).toBe('scratch/Pod/app/true/true/standard/Bound[0]');
    expect(out[2]).toBe('Running/worker-1[0]');
    // The scheduler saw the pod before its claim (podHasPVCs), as on a real cluster.
    const scheduling = t.outcome.kubeEvents.filter((e) => e.reason === 'FailedScheduling').map((e) => e.message);
    expect(scheduling[0]).toBe(
      '0/1 nodes are available: waiting for ephemeral volume controller to create the persistentvolumeclaim "app-scratch". preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    );
    // The kubelet mounted the claim's volume.
    expect(t.events.some((e) => e.summary.startsWith('MountVolume.SetUp succeeded for volume "pvc-'))).toBe(true);
  });

  it('the claim is garbage-collected with the pod (and its volume reclaimed)', () => {
    const t = run(['apply -f pod.yaml', 'advance: 30s', 'get pvc -o name', 'delete pod app', 'advance: 30s', 'get pvc', 'get pv'], { 'pod.yaml': POD });
    const out = outputs(t);
    expect(out[1]).toBe('persistentvolumeclaim/app-scratch\n[0]');
    expect(out[3]).toBe('No resources found in default namespace.\n[0]');
    // The class reclaims with Delete: the provisioned volume goes with its claim.
    expect(out[4]).toBe('No resources found\n[0]');
  });

  it('a claim of that name the pod does not control: the pod stays Pending with VolumeIsForPod\'s message, and a FailedBinding Event', () => {
    const t = run(['apply -f pvc.yaml', 'advance: 5s', 'apply -f pod.yaml', 'advance: 30s', 'get pod app -o jsonpath={.status.phase}/{.status.conditions[0].message}'], { 'pod.yaml': POD, 'pvc.yaml': FOREIGN });
    expect(outputs(t)[2]).toBe(
      'Pending/0/1 nodes are available: PVC default/app-scratch was not created for pod default/app (pod is not owner). preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.[0]',
    );
    const binding = t.outcome.kubeEvents.filter((e) => e.reason === 'FailedBinding').map((e) => e.message);
    expect(binding[0]).toBe('ephemeral volume scratch: PVC default/app-scratch was not created for pod default/app (pod is not owner)');
  });

  it('kubectl describe pod: the volume as printEphemeralVolumeSource prints it (its claim template through a nested writer: Labels and Annotations indented twice)', () => {
    const t = run(['apply -f pod.yaml', 'advance: 30s', 'describe pod app'], { 'pod.yaml': POD });
    const lines = (outputs(t)[1] ?? '').split('\n');
    const from = lines.indexOf('Volumes:');
    expect(lines.slice(from, from + 11)).toEqual([
      'Volumes:',
      '  scratch:',
      '    Type:          EphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)',
      '    StorageClass:  ',
      '    Volume:        ',
      '    Labels:            type=scratch',
      '    Annotations:       <none>',
      '    Capacity:      ',
      '    Access Modes:  ',
      '    VolumeMode:    Filesystem',
      'QoS Class:         BestEffort',
    ]);
  });

  it('no simplification warning for volumes[].ephemeral any more', () => {
    const t = run(['apply -f pod.yaml'], { 'pod.yaml': POD });
    expect(JSON.stringify(t.simplifications ?? [])).not.toContain('ephemeral');
  });
});
