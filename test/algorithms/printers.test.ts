import { describe, expect, it } from 'vitest';
import { humanDuration } from '../../src/cluster/kubectl/printers/duration.ts';
import { tabwrite } from '../../src/cluster/kubectl/printers/tabwriter.ts';
import { noResourcesFound, printGet, printGetMany } from '../../src/cluster/kubectl/printers/get.ts';
import { printDescribe } from '../../src/cluster/kubectl/printers/describe.ts';
import { redactSecrets } from '../../src/cluster/kubectl/printers/redact.ts';
import { toKubectlJson, toKubectlYaml } from '../../src/cluster/kubectl/printers/serialize.ts';
import type { KubeObjectLike } from '../../src/cluster/kubectl/printers/types.ts';
import * as f from './kube-fixtures.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

// k8s.io/apimachinery/pkg/util/duration/duration_test.go TestHumanDuration + TestHumanDurationBoundaries
describe('humanDuration', () => {
  it.each([
    [S, '1s'],
    [70 * S, '70s'],
    [190 * S, '3m10s'],
    [70 * M, '70m'],
    [47 * H, '47h'],
    [49 * H, '2d1h'],
    [(8 * 24 + 2) * H, '8d'],
    [367 * 24 * H, '367d'],
    [(365 * 2 * 24 + 25) * H, '2y1d'],
    [(365 * 8 * 24 + 2) * H, '8y'],
    [-2 * S, '<invalid>'],
    [-2 * S + 1, '0s'],
    [0, '0s'],
    [2 * M - 1, '119s'],
    [2 * M, '2m'],
    [2 * M + S, '2m1s'],
    [10 * M - 1, '9m59s'],
    [10 * M, '10m'],
    [10 * M + S, '10m'],
    [3 * H - 1, '179m'],
    [3 * H, '3h'],
    [3 * H + M, '3h1m'],
    [8 * H - 1, '7h59m'],
    [8 * H, '8h'],
    [8 * H + 59 * M, '8h'],
    [2 * D - 1, '47h'],
    [2 * D, '2d'],
    [2 * D + H, '2d1h'],
    [8 * D - 1, '7d23h'],
    [8 * D, '8d'],
    [2 * 365 * D - 1, '729d'],
    [2 * 365 * D, '2y'],
    [2 * 365 * D + 24 * H, '2y1d'],
    [8 * 365 * D - 1, '7y364d'],
    [9 * 365 * D, '9y'],
  ])('%i ms → %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe('tabwriter (Go text/tabwriter semantics)', () => {
  it('pads every column but the last', () => {
    expect(tabwrite('a\tb\tc\naaa\tbbbbbb\tc\n', { minwidth: 0, padding: 1 })).toBe('a   b      c\naaa bbbbbb c\n');
  });
  it('a line without tabs ends a column block', () => {
    expect(tabwrite('x:\ty\nno tabs here\nxxxx:\ty\n', { minwidth: 0, padding: 2 })).toBe('x:  y\nno tabs here\nxxxx:  y\n');
  });
  it('inner columns only align across lines that have them', () => {
    expect(tabwrite('Port:\tname\t80/TCP\nTargetPort:\t80/TCP\n', { minwidth: 0, padding: 2 })).toBe('Port:        name  80/TCP\nTargetPort:  80/TCP\n');
  });
  it('honours minwidth', () => {
    expect(tabwrite('A\tB\n', { minwidth: 6, padding: 3 })).toBe('A     B\n');
  });
});

const now = f.T0 + 150 * S;

describe('printGet tables', () => {
  it('pods', () => {
    expect(printGet(f.pods, 'pods', { now })).toBe(
      [
        'NAME                   READY   STATUS             RESTARTS       AGE',
        'web-7c5ddbdf54-2xkqp   1/1     Running            0              2m28s',
        'web-7c5ddbdf54-9zcvb   1/1     Running            2 (110s ago)   2m28s',
        'web-7c5ddbdf54-tq4mw   0/1     CrashLoopBackOff   3 (110s ago)   2m28s',
        '',
      ].join('\n'),
    );
  });

  it('pods -o wide', () => {
    expect(printGet(f.pods.slice(0, 1), 'po', { now, output: 'wide' })).toBe(
      [
        'NAME                   READY   STATUS    RESTARTS   AGE     IP           NODE       NOMINATED NODE   READINESS GATES',
        'web-7c5ddbdf54-2xkqp   1/1     Running   0          2m28s   10.244.1.5   worker-1   <none>           <none>',
        '',
      ].join('\n'),
    );
  });

  it('pending, init and terminating pods', () => {
    const pending: KubeObjectLike = { ...f.pod('p1', '', ''), spec: { containers: [{ name: 'a' }] }, status: { phase: 'Pending' } };
    const init: KubeObjectLike = {
      ...f.pod('p2', 'worker-1', '10.244.1.9'),
      spec: { initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [{ name: 'a' }] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'i1', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
          { name: 'i2', state: { running: {} } },
        ],
        containerStatuses: [{ name: 'a', state: { waiting: { reason: 'PodInitializing' } } }],
      },
    };
    const terminating: KubeObjectLike = { ...f.pods[0]!, metadata: { ...f.pods[0]!.metadata, name: 'p3', deletionTimestamp: f.at(100) } };
    const out = printGet([pending, init, terminating], 'pods', { now });
    expect(out).toBe(
      [
        'NAME   READY   STATUS        RESTARTS   AGE',
        'p1     0/1     Pending       0          2m28s',
        'p2     0/1     Init:1/2      0          2m28s',
        'p3     1/1     Terminating   0          2m28s',
        '',
      ].join('\n'),
    );
  });

  it('deployments with -A and -o wide', () => {
    expect(printGet([f.deployment], 'deployments', { now, allNamespaces: true })).toBe(
      'NAMESPACE   NAME   READY   UP-TO-DATE   AVAILABLE   AGE\ndefault     web    3/3     3            3           2m30s\n',
    );
    expect(printGet([f.deployment], 'deploy', { now, output: 'wide' })).toBe(
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE     CONTAINERS   IMAGES       SELECTOR\nweb    3/3     3            3           2m30s   nginx        nginx:1.25   app=web\n',
    );
  });

  it('replicasets, services, endpoints', () => {
    expect(printGet([f.replicaSet], 'rs', { now })).toBe('NAME             DESIRED   CURRENT   READY   AGE\nweb-7c5ddbdf54   3         3         3       2m29s\n');
    expect(printGet([f.service], 'svc', { now })).toBe(
      'NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\nweb    ClusterIP   10.96.14.2   <none>        80/TCP    2m30s\n',
    );
    expect(printGet([f.endpoints], 'endpoints', { now })).toBe('NAME   ENDPOINTS                     AGE\nweb    10.244.1.5:80,10.244.2.7:80   2m30s\n');
  });

  it('NodePort and pending LoadBalancer services', () => {
    const np: KubeObjectLike = { ...f.service, metadata: { ...f.service.metadata, name: 'np' }, spec: { ...f.service.spec, type: 'NodePort', ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] } };
    const lb: KubeObjectLike = { ...f.service, metadata: { ...f.service.metadata, name: 'lb' }, spec: { ...f.service.spec, type: 'LoadBalancer', ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }] } };
    expect(printGet([np, lb], 'services', { now })).toBe(
      [
        'NAME   TYPE           CLUSTER-IP   EXTERNAL-IP   PORT(S)         AGE',
        'np     NodePort       10.96.14.2   <none>        80:30080/TCP    2m30s',
        'lb     LoadBalancer   10.96.14.2   <pending>     443:31443/TCP   2m30s',
        '',
      ].join('\n'),
    );
  });

  it('nodes, with roles and a cordoned NotReady node', () => {
    const cordoned = f.node('worker-2', [], false);
    cordoned.spec = { ...cordoned.spec, unschedulable: true };
    expect(printGet([f.node('control-plane', ['control-plane']), f.node('worker-1', []), cordoned], 'nodes', { now, allNamespaces: true })).toBe(
      [
        'NAME            STATUS                        ROLES           AGE   VERSION',
        'control-plane   Ready                         control-plane   3d    v1.31.0',
        'worker-1        Ready                         <none>          3d    v1.31.0',
        'worker-2        NotReady,SchedulingDisabled   <none>          3d    v1.31.0',
        '',
      ].join('\n'),
    );
  });

  it('configmaps, secrets, namespaces, generic resources', () => {
    const cm: KubeObjectLike = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default', creationTimestamp: f.at(0) }, data: { a: '1', b: '2' } };
    const sec: KubeObjectLike = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'default', creationTimestamp: f.at(0) }, type: 'Opaque', data: { password: 'aHVudGVyMg==' } };
    const ns: KubeObjectLike = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', creationTimestamp: f.at(-3 * 86400) }, status: { phase: 'Active' } };
    const crd: KubeObjectLike = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'default', creationTimestamp: f.at(0) } };
    expect(printGet([cm], 'configmaps', { now })).toBe('NAME   DATA   AGE\ncfg    2      2m30s\n');
    expect(printGet([sec], 'secrets', { now })).toBe('NAME   TYPE     DATA   AGE\ndb     Opaque   1      2m30s\n');
    expect(printGet([ns], 'ns', { now })).toBe('NAME      STATUS   AGE\ndefault   Active   3d\n');
    expect(printGet([crd], 'widgets', { now, allNamespaces: true })).toBe('NAMESPACE   NAME   AGE\ndefault     w1     2m30s\n');
  });

  it('horizontalpodautoscalers', () => {
    const hpa: KubeObjectLike = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'default', creationTimestamp: f.at(0) },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 1,
        maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      },
      status: { currentReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 20 } } }] },
    };
    expect(printGet([hpa], 'hpa', { now })).toBe(
      'NAME   REFERENCE        TARGETS        MINPODS   MAXPODS   REPLICAS   AGE\nweb    Deployment/web   cpu: 20%/50%   1         10        3          2m30s\n',
    );
  });

  it('events', () => {
    const evs = [
      f.event('a.1', 'Scheduled', 'Successfully assigned default/web-7c5ddbdf54-2xkqp to worker-1', 'Pod', 'web-7c5ddbdf54-2xkqp', 2, 'default-scheduler'),
      f.event('b.1', 'BackOff', 'Back-off restarting failed container nginx', 'Pod', 'web-7c5ddbdf54-tq4mw', 30, 'kubelet', { type: 'Warning', count: 5, lastTimestamp: f.at(140) }),
    ];
    expect(printGet(evs as unknown as KubeObjectLike[], 'events', { now })).toBe(
      [
        'LAST SEEN   TYPE      REASON      OBJECT                     MESSAGE',
        '2m28s       Normal    Scheduled   pod/web-7c5ddbdf54-2xkqp   Successfully assigned default/web-7c5ddbdf54-2xkqp to worker-1',
        '10s         Warning   BackOff     pod/web-7c5ddbdf54-tq4mw   Back-off restarting failed container nginx',
        '',
      ].join('\n'),
    );
  });

  it('events a client wrote with some fields only: Go zero values, as kubectl prints them', () => {
    const partial: KubeObjectLike = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'c.1', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'db-0' }, lastTimestamp: f.at(140) };
    expect(printGet([partial], 'events', { now })).toBe(['LAST SEEN   TYPE   REASON   OBJECT     MESSAGE', '10s                         pod/db-0   ', ''].join('\n'));
  });

  it('--show-kind and -o name', () => {
    expect(printGet([f.deployment], 'deployments', { now, showKind: true })).toBe(
      'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE\ndeployment.apps/web   3/3     3            3           2m30s\n',
    );
    expect(printGet([f.deployment, f.replicaSet, f.service], 'all', { now, output: 'name' })).toBe('deployment.apps/web\nreplicaset.apps/web-7c5ddbdf54\nservice/web\n');
  });

  it('kubectl get all: one table per kind, kind-prefixed names, blank line between', () => {
    const out = printGetMany(
      [
        { resource: 'pods', objects: f.pods.slice(0, 1) },
        { resource: 'services', objects: [f.service] },
        { resource: 'daemonsets', objects: [] },
        { resource: 'deployments', objects: [f.deployment] },
      ],
      { now },
    );
    expect(out).toBe(
      [
        'NAME                       READY   STATUS    RESTARTS   AGE',
        'pod/web-7c5ddbdf54-2xkqp   1/1     Running   0          2m28s',
        '',
        'NAME          TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE',
        'service/web   ClusterIP   10.96.14.2   <none>        80/TCP    2m30s',
        '',
        'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE',
        'deployment.apps/web   3/3     3            3           2m30s',
        '',
      ].join('\n'),
    );
  });

  it('nothing found', () => {
    expect(printGet([], 'pods', { now })).toBe('');
    expect(noResourcesFound('default')).toBe('No resources found in default namespace.\n');
  });
});

describe('-o yaml / -o json', () => {
  it('yaml: sorted keys, quoted non-strings, un-indented sequences, object for a named get', () => {
    const out = printGet([f.service], 'svc', { now, output: 'yaml', singular: true });
    expect(out).toBe(
      [
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  creationTimestamp: "2024-01-01T00:00:00Z"',
        '  name: web',
        '  namespace: default',
        'spec:',
        '  clusterIP: 10.96.14.2',
        '  clusterIPs:',
        '  - 10.96.14.2',
        '  internalTrafficPolicy: Cluster',
        '  ipFamilies:',
        '  - IPv4',
        '  ipFamilyPolicy: SingleStack',
        '  ports:',
        '  - port: 80',
        '    protocol: TCP',
        '    targetPort: 80',
        '  selector:',
        '    app: web',
        '  sessionAffinity: None',
        '  type: ClusterIP',
        '',
      ].join('\n'),
    );
  });

  it('yaml: a list request prints a List', () => {
    const out = printGet([f.replicaSet], 'rs', { now, output: 'yaml' });
    expect(out.startsWith('apiVersion: v1\nitems:\n- apiVersion: apps/v1\n  kind: ReplicaSet\n')).toBe(true);
    expect(out.endsWith('kind: List\nmetadata:\n  resourceVersion: ""\n')).toBe(true);
  });

  it('yaml quoting follows go-yaml', () => {
    expect(toKubectlYaml({ a: 'true', b: '8080', c: 'yes', d: 'hello', e: 'x: y', f: '', g: 'a\nb\n' })).toBe(
      "a: \"true\"\nb: \"8080\"\nc: \"yes\"\nd: hello\ne: 'x: y'\nf: \"\"\ng: |\n  a\n  b\n",
    );
  });

  it('json: 4-space indent, sorted keys, Go HTML escaping', () => {
    expect(toKubectlJson({ kind: 'X', apiVersion: 'v1', metadata: { name: 'a<b>&c' } })).toBe(
      '{\n    "apiVersion": "v1",\n    "kind": "X",\n    "metadata": {\n        "name": "a\\u003cb\\u003e\\u0026c"\n    }\n}\n',
    );
  });
});

describe('redactSecrets', () => {
  it('replaces Secret values and leaves other kinds alone', () => {
    const sec: KubeObjectLike = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { password: 'aHVudGVyMg==' }, stringData: { user: 'admin' } };
    const r = redactSecrets(sec);
    expect(r.data).toEqual({ password: '<redacted>' });
    expect(r.stringData).toEqual({ user: '<redacted>' });
    expect(sec.data).toEqual({ password: 'aHVudGVyMg==' });
    expect(JSON.stringify(r)).not.toContain('aHVudGVyMg');
    expect(redactSecrets(f.service)).toBe(f.service);
  });
});

const events = [
  f.event('p.1', 'Scheduled', 'Successfully assigned default/web-7c5ddbdf54-tq4mw to worker-1', 'Pod', 'web-7c5ddbdf54-tq4mw', 2, 'default-scheduler'),
  f.event('p.2', 'BackOff', 'Back-off restarting failed container nginx in pod web-7c5ddbdf54-tq4mw_default(uid)', 'Pod', 'web-7c5ddbdf54-tq4mw', 30, 'kubelet', {
    type: 'Warning',
    count: 5,
    lastTimestamp: f.at(140),
  }),
  f.event('d.1', 'ScalingReplicaSet', 'Scaled up replica set web-7c5ddbdf54 to 3', 'Deployment', 'web', 1, 'deployment-controller'),
];

describe('printDescribe', () => {
  it('pod', () => {
    expect(printDescribe(f.pods[2]!, { events }, now)).toBe(
      [
        'Name:             web-7c5ddbdf54-tq4mw',
        'Namespace:        default',
        'Priority:         0',
        'Service Account:  default',
        'Node:             worker-1/10.0.0.11',
        'Start Time:       Mon, 01 Jan 2024 00:00:02 +0000',
        'Labels:           app=web',
        '                  pod-template-hash=7c5ddbdf54',
        'Annotations:      <none>',
        'Status:           Running',
        'IP:               10.244.1.6',
        'IPs:',
        '  IP:           10.244.1.6',
        'Controlled By:  ReplicaSet/web-7c5ddbdf54',
        'Containers:',
        '  nginx:',
        '    Container ID:   containerd://web-7c5ddbdf54-tq4mw',
        '    Image:          nginx:1.25',
        '    Image ID:       docker.io/library/nginx@sha256:abc',
        '    Port:           80/TCP',
        '    Host Port:      0/TCP',
        '    State:          Waiting',
        '      Reason:       CrashLoopBackOff',
        '    Last State:     Terminated',
        '      Reason:       Error',
        '      Exit Code:    1',
        '      Started:      Mon, 01 Jan 2024 00:00:30 +0000',
        '      Finished:     Mon, 01 Jan 2024 00:00:40 +0000',
        '    Ready:          False',
        '    Restart Count:  3',
        '    Environment:    <none>',
        '    Mounts:         <none>',
        'Conditions:',
        '  Type                        Status',
        '  PodReadyToStartContainers   True ',
        '  Initialized                 True ',
        '  Ready                       False ',
        '  ContainersReady             False ',
        '  PodScheduled                True ',
        'Volumes:                      <none>',
        'QoS Class:                    BestEffort',
        'Node-Selectors:               <none>',
        'Tolerations:                  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
        '                              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
        'Events:',
        '  Type     Reason     Age               From               Message',
        '  ----     ------     ----              ----               -------',
        '  Normal   Scheduled  2m28s             default-scheduler  Successfully assigned default/web-7c5ddbdf54-tq4mw to worker-1',
        '  Warning  BackOff    10s (x5 over 2m)  kubelet            Back-off restarting failed container nginx in pod web-7c5ddbdf54-tq4mw_default(uid)',
        '',
      ].join('\n'),
    );
  });

  it('deployment', () => {
    expect(printDescribe(f.deployment, { events, replicaSets: [f.replicaSet] }, now)).toBe(
      [
        'Name:                   web',
        'Namespace:              default',
        'CreationTimestamp:      Mon, 01 Jan 2024 00:00:00 +0000',
        'Labels:                 app=web',
        'Annotations:            deployment.kubernetes.io/revision: 1',
        'Selector:               app=web',
        'Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable',
        'StrategyType:           RollingUpdate',
        'MinReadySeconds:        0',
        'RollingUpdateStrategy:  25% max unavailable, 25% max surge',
        'Pod Template:',
        '  Labels:  app=web',
        '  Containers:',
        '   nginx:',
        '    Image:         nginx:1.25',
        '    Port:          80/TCP',
        '    Host Port:     0/TCP',
        '    Environment:   <none>',
        '    Mounts:        <none>',
        '  Volumes:         <none>',
        '  Node-Selectors:  <none>',
        '  Tolerations:     <none>',
        'Conditions:',
        '  Type           Status  Reason',
        '  ----           ------  ------',
        '  Available      True    MinimumReplicasAvailable',
        '  Progressing    True    NewReplicaSetAvailable',
        'OldReplicaSets:  <none>',
        'NewReplicaSet:   web-7c5ddbdf54 (3/3 replicas created)',
        'Events:',
        '  Type    Reason             Age    From                   Message',
        '  ----    ------             ----   ----                   -------',
        '  Normal  ScalingReplicaSet  2m29s  deployment-controller  Scaled up replica set web-7c5ddbdf54 to 3',
        '',
      ].join('\n'),
    );
  });

  it('replicaset', () => {
    const out = printDescribe(f.replicaSet, { events: [], pods: f.pods }, now);
    expect(out).toContain('Controlled By:  Deployment/web\nReplicas:       3 current / 3 desired\nPods Status:    3 Running / 0 Waiting / 0 Succeeded / 0 Failed\n');
    expect(out).toContain('Annotations:    deployment.kubernetes.io/desired-replicas: 3\n                deployment.kubernetes.io/max-replicas: 4\n');
    expect(out.endsWith('  Tolerations:     <none>\nEvents:            <none>\n')).toBe(true);
  });

  it('service: the Endpoints line from its EndpointSlices, ready or not (ServiceDescriber and formatEndpointSlices, kubectl 1.31)', () => {
    const slice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'web-abcde', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
      addressType: 'IPv4',
      ports: [{ name: '', port: 80, protocol: 'TCP' }],
      endpoints: [
        { addresses: ['10.244.1.5'], conditions: { ready: true } },
        { addresses: ['10.244.1.6'], conditions: { ready: false } },
        { addresses: ['10.244.2.7'], conditions: { ready: true } },
      ],
    };
    expect(printDescribe(f.service, { events: [], endpointSlices: [slice] }, now)).toBe(
      [
        'Name:                     web',
        'Namespace:                default',
        'Labels:                   <none>',
        'Annotations:              <none>',
        'Selector:                 app=web',
        'Type:                     ClusterIP',
        'IP Family Policy:         SingleStack',
        'IP Families:              IPv4',
        'IP:                       10.96.14.2',
        'IPs:                      10.96.14.2',
        'Port:                     <unset>  80/TCP',
        'TargetPort:               80/TCP',
        'Endpoints:                10.244.1.5:80,10.244.1.6:80,10.244.2.7:80',
        'Session Affinity:         None',
        'Internal Traffic Policy:  Cluster',
        'Events:                   <none>',
        '',
      ].join('\n'),
    );
  });

  it('node', () => {
    const out = printDescribe(f.node('control-plane', ['control-plane']), { events: [], pods: f.pods.slice(0, 1) }, now);
    expect(out).toContain('Roles:              control-plane\n');
    expect(out).toContain('Taints:             node-role.kubernetes.io/control-plane:NoSchedule\nUnschedulable:      false\n');
    expect(out).toContain('Non-terminated Pods:          (1 in total)\n');
    expect(out).toContain('  default                     web-7c5ddbdf54-2xkqp    0 (0%)        0 (0%)      0 (0%)           0 (0%)         2m28s\n');
  });

  it('never leaks last-applied-configuration into Annotations', () => {
    expect(printDescribe(f.deployment, { events: [] }, now)).not.toContain('last-applied');
  });
});
