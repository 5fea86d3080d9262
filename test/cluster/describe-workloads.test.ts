/**
 * `kubectl describe` of StatefulSet, DaemonSet, Job, PersistentVolumeClaim
 * and PersistentVolume, as kubectl 1.31 prints them (k8s.io/kubectl
 * pkg/describe/describe.go: describeStatefulSet, describeDaemonSet,
 * describeJob, describePersistentVolumeClaim, describePersistentVolume).
 */
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../src/trace/types.ts';
import { trace } from './helpers.ts';
import { printDescribe } from '../../src/cluster/kubectl/printers/index.ts';

const STS = `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: web, labels: { app: web } }
spec:
  serviceName: web
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          ports: [{ containerPort: 80, name: web }]
          volumeMounts: [{ name: www, mountPath: /usr/share/nginx/html }]
  volumeClaimTemplates:
    - metadata: { name: www }
      spec:
        accessModes: [ReadWriteOnce]
        resources: { requests: { storage: 1Gi } }
`;

const DS = `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent, namespace: default }
spec:
  selector: { matchLabels: { app: agent } }
  template:
    metadata: { labels: { app: agent } }
    spec:
      nodeSelector: { kubernetes.io/os: linux }
      containers:
        - name: agent
          image: busybox:1.36
          command: [sleep, "3600"]
`;

const JOB = `apiVersion: batch/v1
kind: Job
metadata: { name: pi }
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: pi
          image: busybox:1.36
          command: [sh, -c, "exit 0"]
`;

function run(steps: string[], files: Record<string, string>): Trace {
  const text = steps.map((c) => (c.startsWith('advance') ? `  - ${c}\n` : `  - kubectl: ${JSON.stringify(c)}\n    continueOnError: true\n`)).join('');
  return trace(`kubescene: v1\nname: t\ncluster:\n  nodes:\n    - { name: worker-1, images: ["nginx:1.27", "busybox:1.36"] }\n    - { name: worker-2, images: ["nginx:1.27", "busybox:1.36"] }\nsteps:\n${text}`, files);
}

function outputs(t: Trace): string[] {
  return t.steps.filter((s) => s.exitCode !== undefined).map((s) => `${s.output ?? ''}${s.error ?? ''}[${s.exitCode}]`);
}

const PV = `apiVersion: v1
kind: PersistentVolume
metadata: { name: pv-1, labels: { type: local } }
spec:
  storageClassName: manual
  capacity: { storage: 2Gi }
  accessModes: [ReadWriteOnce, ReadOnlyMany]
  hostPath: { path: /mnt/data }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: claim }
spec:
  storageClassName: manual
  accessModes: [ReadWriteOnce]
  resources: { requests: { storage: 1Gi } }
`;

/** The describe outputs of a run, with the generated parts (uids, names, ages) made stable. */
function describeOutputs(steps: string[], files: Record<string, string>): string[][] {
  return outputs(run(steps, files))
    .filter((o) => o.startsWith('Name:'))
    .map((o) =>
      o
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uid>')
        .replace(/agent-[a-z0-9]{5}/g, 'agent-<x>')
        .replace(/pi-[a-z0-9]{5}/g, 'pi-<x>')
        .split('\n'),
    );
}

describe('kubectl describe statefulset (describeStatefulSet, describeVolumeClaimTemplates)', () => {
  it('prints replicas, update strategy and partition, pod counts, the pod template, the volume claim templates, then Events', () => {
    const [out] = describeOutputs(['apply -f sts.yaml', 'advance: 60s', 'describe sts web'], { 'sts.yaml': STS });
    expect(out).toEqual([
      'Name:               web',
      'Namespace:          default',
      'CreationTimestamp:  Wed, 01 Jan 2025 00:00:00 +0000',
      'Selector:           app=web',
      'Labels:             app=web',
      'Annotations:        <none>',
      'Replicas:           2 desired | 2 total',
      'Update Strategy:    RollingUpdate',
      '  Partition:        0',
      'Pods Status:        2 Running / 0 Waiting / 0 Succeeded / 0 Failed',
      'Pod Template:',
      '  Labels:  app=web',
      '  Containers:',
      '   nginx:',
      '    Image:        nginx:1.27',
      '    Port:         80/TCP',
      '    Host Port:    0/TCP',
      '    Environment:  <none>',
      '    Mounts:',
      '      /usr/share/nginx/html from www (rw)',
      '  Volumes:         <none>',
      '  Node-Selectors:  <none>',
      '  Tolerations:     <none>',
      'Volume Claims:',
      '  Name:          www',
      '  StorageClass:  ',
      '  Labels:        <none>',
      '  Annotations:   <none>',
      '  Capacity:      1Gi',
      '  Access Modes:  [ReadWriteOnce]',
      'Events:',
      '  Type    Reason            Age   From                    Message',
      '  ----    ------            ----  ----                    -------',
      '  Normal  SuccessfulCreate  66s   statefulset-controller  create Claim www-web-0 Pod web-0 in StatefulSet web success',
      '  Normal  SuccessfulCreate  66s   statefulset-controller  create Pod web-0 in StatefulSet web successful',
      '  Normal  SuccessfulCreate  65s   statefulset-controller  create Claim www-web-1 Pod web-1 in StatefulSet web success',
      '  Normal  SuccessfulCreate  65s   statefulset-controller  create Pod web-1 in StatefulSet web successful',
      '[0]',
    ]);
  });
});

describe('kubectl describe daemonset (describeDaemonSet)', () => {
  it('prints the node selector, the five scheduling counts (no tab: outside the columns), pod counts and the template, then Events', () => {
    const [out] = describeOutputs(['apply -f ds.yaml', 'advance: 60s', 'describe ds agent'], { 'ds.yaml': DS });
    expect(out).toEqual([
      'Name:           agent',
      'Selector:       app=agent',
      'Node-Selector:  kubernetes.io/os=linux',
      'Labels:         <none>',
      'Annotations:    <none>',
      'Desired Number of Nodes Scheduled: 2',
      'Current Number of Nodes Scheduled: 2',
      'Number of Nodes Scheduled with Up-to-date Pods: 2',
      'Number of Nodes Scheduled with Available Pods: 2',
      'Number of Nodes Misscheduled: 0',
      'Pods Status:  2 Running / 0 Waiting / 0 Succeeded / 0 Failed',
      'Pod Template:',
      '  Labels:  app=agent',
      '  Containers:',
      '   agent:',
      '    Image:      busybox:1.36',
      '    Port:       <none>',
      '    Host Port:  <none>',
      '    Command:',
      '      sleep',
      '      3600',
      '    Environment:   <none>',
      '    Mounts:        <none>',
      '  Volumes:         <none>',
      '  Node-Selectors:  kubernetes.io/os=linux',
      '  Tolerations:     <none>',
      'Events:',
      '  Type    Reason            Age   From                  Message',
      '  ----    ------            ----  ----                  -------',
      '  Normal  SuccessfulCreate  63s   daemonset-controller  Created pod: agent-<x>',
      '  Normal  SuccessfulCreate  63s   daemonset-controller  Created pod: agent-<x>',
      '[0]',
    ]);
  });
});

describe('kubectl describe job (describeJob)', () => {
  it('prints the defaulted spec, start and completion times, the duration, pod counts with Ready, the template, then Events', () => {
    const [out] = describeOutputs(['apply -f job.yaml', 'advance: 60s', 'describe job pi'], { 'job.yaml': JOB });
    expect(out).toEqual([
      'Name:             pi',
      'Namespace:        default',
      'Selector:         batch.kubernetes.io/controller-uid=<uid>',
      'Labels:           <none>',
      'Annotations:      <none>',
      'Parallelism:      1',
      'Completions:      1',
      'Completion Mode:  NonIndexed',
      'Suspend:          false',
      'Backoff Limit:    6',
      'Start Time:       Wed, 01 Jan 2025 00:00:00 +0000',
      'Completed At:     Wed, 01 Jan 2025 00:00:01 +0000',
      'Duration:         1s',
      'Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed',
      'Pod Template:',
      '  Labels:  batch.kubernetes.io/controller-uid=<uid>',
      '           batch.kubernetes.io/job-name=pi',
      '           controller-uid=<uid>',
      '           job-name=pi',
      '  Containers:',
      '   pi:',
      '    Image:      busybox:1.36',
      '    Port:       <none>',
      '    Host Port:  <none>',
      '    Command:',
      '      sh',
      '      -c',
      '      exit 0',
      '    Environment:   <none>',
      '    Mounts:        <none>',
      '  Volumes:         <none>',
      '  Node-Selectors:  <none>',
      '  Tolerations:     <none>',
      'Events:',
      '  Type    Reason            Age   From            Message',
      '  ----    ------            ----  ----            -------',
      '  Normal  SuccessfulCreate  64s   job-controller  Created pod: pi-<x>',
      '  Normal  Completed         63s   job-controller  Job completed',
      '[0]',
    ]);
  });
});

describe('kubectl describe persistentvolumeclaim and persistentvolume', () => {
  it('a dynamically provisioned claim: its class, volume, annotations, finalizer, capacity and modes once bound, its user (getPodsForPVC), then Events', () => {
    const [out] = describeOutputs(['apply -f sts.yaml', 'advance: 60s', 'describe pvc www-web-0'], { 'sts.yaml': STS });
    expect(out).toEqual([
      'Name:          www-web-0',
      'Namespace:     default',
      'StorageClass:  standard',
      'Status:        Bound',
      'Volume:        pvc-<uid>',
      'Labels:        app=web',
      'Annotations:   pv.kubernetes.io/bind-completed: yes',
      '               pv.kubernetes.io/bound-by-controller: yes',
      '               volume.beta.kubernetes.io/storage-provisioner: hostpath.csi.k8s.io',
      '               volume.kubernetes.io/storage-provisioner: hostpath.csi.k8s.io',
      'Finalizers:    [kubernetes.io/pvc-protection]',
      'Capacity:      1Gi',
      'Access Modes:  RWO',
      'VolumeMode:    Filesystem',
      'Used By:       web-0',
      'Events:',
      '  Type    Reason                 Age   From                                                      Message',
      '  ----    ------                 ----  ----                                                      -------',
      '  Normal  Provisioning           66s   hostpath.csi.k8s.io_csi-hostpathplugin-0_csi-provisioner  External provisioner is provisioning volume for claim "default/www-web-0"',
      "  Normal  ExternalProvisioning   66s   persistentvolume-controller                               Waiting for a volume to be created either by the external provisioner 'hostpath.csi.k8s.io' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
      '  Normal  ProvisioningSucceeded  66s   hostpath.csi.k8s.io_csi-hostpathplugin-0_csi-provisioner  Successfully provisioned volume pvc-<uid>',
      '[0]',
    ]);
  });

  it('a statically bound claim and its PersistentVolume: claim reference, reclaim policy, node affinity, the hostPath source', () => {
    const [pvc, pv] = describeOutputs(['apply -f pv.yaml', 'advance: 10s', 'describe pvc claim', 'describe pv pv-1'], { 'pv.yaml': PV });
    expect(pvc).toEqual([
      'Name:          claim',
      'Namespace:     default',
      'StorageClass:  manual',
      'Status:        Bound',
      'Volume:        pv-1',
      'Labels:        <none>',
      'Annotations:   pv.kubernetes.io/bind-completed: yes',
      '               pv.kubernetes.io/bound-by-controller: yes',
      'Finalizers:    [kubernetes.io/pvc-protection]',
      'Capacity:      2Gi',
      'Access Modes:  RWO,ROX',
      'VolumeMode:    Filesystem',
      'Used By:       <none>',
      'Events:        <none>',
      '[0]',
    ]);
    // "Message:" keeps its padding, and "Events:" joins the Source column: one tabwriter run (DescribeEvents flushes only before a table).
    expect(pv).toEqual([
      'Name:            pv-1',
      'Labels:          type=local',
      'Annotations:     pv.kubernetes.io/bound-by-controller: yes',
      'Finalizers:      [kubernetes.io/pv-protection]',
      'StorageClass:    manual',
      'Status:          Bound',
      'Claim:           default/claim',
      'Reclaim Policy:  Retain',
      'Access Modes:    RWO,ROX',
      'VolumeMode:      Filesystem',
      'Capacity:        2Gi',
      'Node Affinity:   <none>',
      'Message:         ',
      'Source:',
      '    Type:          HostPath (bare host directory volume)',
      '    Path:          /mnt/data',
      '    HostPathType:  <none>',
      'Events:            <none>',
      '[0]',
    ]);
  });
});

describe('printEphemeralVolumeSource through a nested writer (NewNestedPrefixWriter indents every write)', () => {
  it('a second label: the continuation is written in two writes (initialIndent, then the tab), each indented', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default' },
      spec: { containers: [], volumes: [{ name: 'scratch', ephemeral: { volumeClaimTemplate: { metadata: { labels: { a: '1', b: '2' }, annotations: { x: 'y', z: 'w' } }, spec: { storageClassName: 'fast', volumeMode: 'Filesystem' } } } }] },
      status: {},
    };
    const lines = printDescribe(pod, { events: [] }, 0).split('\n');
    const from = lines.indexOf('Volumes:');
    expect(lines.slice(from, from + 12)).toEqual([
      'Volumes:',
      '  scratch:',
      '    Type:          EphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)',
      '    StorageClass:  fast',
      '    Volume:        ',
      '    Labels:            a=1',
      '                       b=2',
      '    Annotations:       x: y',
      '                       z: w',
      '    Capacity:      ',
      '    Access Modes:  ',
      '    VolumeMode:    Filesystem',
    ]);
  });
});
