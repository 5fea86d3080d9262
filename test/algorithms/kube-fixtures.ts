/** Plain Kubernetes objects for printer tests: a 3-replica nginx Deployment on a 2-node cluster. */
import type { KubeEventLike, KubeObjectLike } from '../../src/cluster/kubectl/printers/types.ts';

export const T0 = Date.parse('2024-01-01T00:00:00Z');
export const at = (s: number): string => new Date(T0 + s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

const template = {
  metadata: { labels: { app: 'web', 'pod-template-hash': '7c5ddbdf54' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80, protocol: 'TCP' }] }] },
};

export const deployment: KubeObjectLike = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'default',
    uid: 'd-1',
    generation: 1,
    resourceVersion: '1042',
    creationTimestamp: at(0),
    labels: { app: 'web' },
    annotations: { 'deployment.kubernetes.io/revision': '1', 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"apps/v1"}\n' },
  },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    template: { metadata: { labels: { app: 'web' } }, spec: template.spec },
  },
  status: {
    replicas: 3,
    updatedReplicas: 3,
    readyReplicas: 3,
    availableReplicas: 3,
    conditions: [
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
    ],
  },
};

export const replicaSet: KubeObjectLike = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {
    name: 'web-7c5ddbdf54',
    namespace: 'default',
    creationTimestamp: at(1),
    labels: { app: 'web', 'pod-template-hash': '7c5ddbdf54' },
    annotations: { 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4', 'deployment.kubernetes.io/revision': '1' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', controller: true }],
  },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '7c5ddbdf54' } }, template },
  status: { replicas: 3, readyReplicas: 3, availableReplicas: 3 },
};

export function pod(name: string, node: string, ip: string, over: Partial<{ ready: boolean; restarts: number; waiting: string; phase: string }> = {}): KubeObjectLike {
  const state = over.waiting ? { waiting: { reason: over.waiting } } : { running: { startedAt: at(4) } };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      creationTimestamp: at(2),
      labels: { app: 'web', 'pod-template-hash': '7c5ddbdf54' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7c5ddbdf54', controller: true }],
    },
    spec: {
      nodeName: node,
      serviceAccountName: 'default',
      priority: 0,
      containers: template.spec.containers,
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    },
    status: {
      phase: over.phase ?? 'Running',
      hostIP: node === 'worker-1' ? '10.0.0.11' : '10.0.0.12',
      podIP: ip,
      podIPs: [{ ip }],
      startTime: at(2),
      qosClass: 'BestEffort',
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'True' },
        { type: 'Initialized', status: 'True' },
        { type: 'Ready', status: over.ready === false ? 'False' : 'True' },
        { type: 'ContainersReady', status: over.ready === false ? 'False' : 'True' },
        { type: 'PodScheduled', status: 'True' },
      ],
      containerStatuses: [
        {
          name: 'nginx',
          ready: over.ready !== false,
          restartCount: over.restarts ?? 0,
          image: 'nginx:1.25',
          imageID: 'docker.io/library/nginx@sha256:abc',
          containerID: `containerd://${name}`,
          state,
          ...(over.restarts ? { lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: at(40), startedAt: at(30) } } } : {}),
        },
      ],
    },
  };
}

export const pods = [
  pod('web-7c5ddbdf54-2xkqp', 'worker-1', '10.244.1.5'),
  pod('web-7c5ddbdf54-9zcvb', 'worker-2', '10.244.2.7', { restarts: 2 }),
  pod('web-7c5ddbdf54-tq4mw', 'worker-1', '10.244.1.6', { ready: false, waiting: 'CrashLoopBackOff', restarts: 3 }),
];

export const service: KubeObjectLike = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default', creationTimestamp: at(0) },
  spec: {
    type: 'ClusterIP',
    selector: { app: 'web' },
    clusterIP: '10.96.14.2',
    clusterIPs: ['10.96.14.2'],
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
    ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
    sessionAffinity: 'None',
    internalTrafficPolicy: 'Cluster',
  },
};

export const endpoints: KubeObjectLike = {
  apiVersion: 'v1',
  kind: 'Endpoints',
  metadata: { name: 'web', namespace: 'default', creationTimestamp: at(0) },
  subsets: [{ addresses: [{ ip: '10.244.1.5' }, { ip: '10.244.2.7' }], notReadyAddresses: [{ ip: '10.244.1.6' }], ports: [{ port: 80, protocol: 'TCP' }] }],
};

export function node(name: string, roles: string[], ready = true): KubeObjectLike {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      creationTimestamp: at(-86400 * 3),
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...Object.fromEntries(roles.map((r) => [`node-role.kubernetes.io/${r}`, ''])) },
    },
    spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'], ...(roles.includes('control-plane') ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {}) },
    status: {
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: at(0), lastTransitionTime: at(-86400) }],
      addresses: [
        { type: 'InternalIP', address: name === 'worker-1' ? '10.0.0.11' : '10.0.0.10' },
        { type: 'Hostname', address: name },
      ],
      capacity: { cpu: '4', memory: '8Gi', pods: '110' },
      allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
      nodeInfo: { kubeletVersion: 'v1.31.0', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0-18-amd64', containerRuntimeVersion: 'containerd://1.7.13' },
    },
  };
}

export function event(name: string, reason: string, message: string, kind: string, obj: string, at0: number, source: string, over: Partial<KubeEventLike> = {}): KubeEventLike {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'default' },
    type: 'Normal',
    reason,
    message,
    involvedObject: { kind, name: obj, namespace: 'default' },
    source: { component: source },
    count: 1,
    firstTimestamp: at(at0),
    lastTimestamp: at(at0),
    ...over,
  };
}
