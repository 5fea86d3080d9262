/**
 * `kubectl describe` of the kinds the model refused before (issue 10:
 * "kubectl describe … is not modelled by kubescene"), compared line by line
 * with what kubectl 1.31 prints (k8s.io/kubectl pkg/describe/describe.go at
 * v0.31.9: describeCronJob, describeStorageClass,
 * describeHorizontalPodAutoscalerV2, IngressDescriber.describeIngressV1,
 * describeIngressClassV1, describeNetworkPolicy, describeEndpoints,
 * describeEndpointSliceV1, describeServiceAccount, RoleDescriber,
 * ClusterRoleDescriber, RoleBindingDescriber, ClusterRoleBindingDescriber,
 * describeNamespace, describeQuota, describeLimitRange,
 * describePodDisruptionBudgetV1, describePriorityClass,
 * describeReplicationController, genericDescriber), quirks included: the
 * tabwriter's column blocks, mid-line indents, "<none>"/"<unset>", and which
 * describers print no Events section.
 * Each run fails on the old code: the scenario stage refused the command.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { describeAfterApply, describeAfterCorpus, describeAfterScenario, hasCorpus, requestsAfterScenario } from './describe-more.helpers.ts';
import { KUBECTL_DESCRIBER_KINDS, printDescribe, UNMODELLED_DESCRIBER_KINDS } from '../../src/cluster/kubectl/printers/index.ts';
import { NOT_DESCRIBED_KINDS } from '../../src/scenario/kubectl-commands.ts';
import { quantityString } from '../../src/cluster/kubectl/printers/quantity-string.ts';

const INLINE = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: mixed, labels: { team: platform } }
rules:
  - apiGroups: ["", apps]
    resources: [deployments, deployments/scale]
    verbs: [get, update]
  - apiGroups: [apps]
    resources: [deployments]
    verbs: [list, get]
  - apiGroups: [""]
    resources: [configmaps]
    resourceNames: [app-config, feature-flags]
    verbs: [get]
  - nonResourceURLs: [/healthz, /metrics]
    verbs: [get]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: edge, annotations: { nginx.ingress.kubernetes.io/rewrite-target: / } }
spec:
  defaultBackend: { service: { name: missing, port: { number: 80 } } }
  tls:
    - hosts: [a.example.com, b.example.com]
      secretName: edge-tls
    - hosts: [c.example.com]
  rules:
    - host: a.example.com
      http:
        paths:
          - path: /static
            pathType: Prefix
            backend: { resource: { apiGroup: k8s.example.com, kind: StorageBucket, name: static-assets } }
          - path: /
            pathType: Prefix
            backend: { service: { name: web, port: { number: 8080 } } }
    - host: nohttp.example.com
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: catch-all }
spec:
  rules:
    - host: only-host.example.com
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: nginx, image: "nginx:1.27", ports: [{ containerPort: 80 }] }]
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 8080, targetPort: 80 }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: db-access }
spec:
  podSelector:
    matchLabels: { app: db }
    matchExpressions: [{ key: tier, operator: In, values: [data, cache] }]
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - namespaceSelector: { matchLabels: { team: a } }
          podSelector: { matchLabels: { role: client } }
        - ipBlock: { cidr: 10.0.0.0/8, except: [10.1.0.0/16, 10.2.0.0/16] }
      ports:
        - { port: 5432 }
        - { protocol: UDP, port: 8000, endPort: 9000 }
    - {}
  egress:
    - to: [{ namespaceSelector: {} }]
      ports: [{ protocol: UDP, port: 53 }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: dns-only }
spec:
  podSelector: { matchLabels: { app: batch } }
  egress:
    - ports: [{ port: 53, protocol: UDP }, { port: 53 }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny }
spec:
  podSelector: {}
  policyTypes: [Ingress]
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: fast }
provisioner: ebs.csi.aws.com
parameters: { type: gp3, iops: "3000" }
allowVolumeExpansion: true
mountOptions: [debug, noatime]
reclaimPolicy: Retain
volumeBindingMode: WaitForFirstConsumer
allowedTopologies:
  - matchLabelExpressions:
      - { key: topology.ebs.csi.aws.com/zone, values: [eu-west-1a, eu-west-1b] }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: builder }
secrets: [{ name: builder-token }, { name: gone }]
imagePullSecrets: [{ name: regcred }]
---
apiVersion: v1
kind: Secret
metadata: { name: regcred }
type: kubernetes.io/dockerconfigjson
data: { .dockerconfigjson: e30= }
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: { name: high }
value: 1000000
description: For the checkout path.
---
apiVersion: v1
kind: ResourceQuota
metadata: { name: compute }
spec:
  hard: { requests.cpu: "2", requests.memory: 4Gi, pods: "10" }
---
apiVersion: v1
kind: LimitRange
metadata: { name: defaults }
spec:
  limits:
    - type: Container
      default: { cpu: 500m, memory: 256Mi }
      defaultRequest: { cpu: 250m }
      max: { cpu: "2" }
---
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: { name: my-lock }
spec:
  holderIdentity: worker-a
  leaseDurationSeconds: 15
`;

describe("scenarios/ingress.yaml: the Ingress and its backends (describeIngressV1, describeBackendV1), the IngressClass, the Service's Endpoints and EndpointSlice, the namespace", () => {
  let out: string[][] = [];
  beforeAll(() => {
    out = describeAfterScenario("ingress", ["describe ingress shop", "describe ingressclass nginx", "describe endpoints web", "describe endpointslice web-d4xbj", "describe ns default", "describe svc web"]);
  });
  it("describe ingress shop", () => {
    expect(out[0]).toEqual([
      "Name:             shop",
      "Labels:           <none>",
      "Namespace:        default",
      "Address:          ",
      "Ingress Class:    nginx",
      "Default backend:  <default>",
      "Rules:",
      "  Host              Path  Backends",
      "  ----              ----  --------",
      "  shop.example.com  ",
      "                    /api   api:8080 (10.244.1.3:5678)",
      "                    /      web:http (10.244.1.2:80,10.244.2.2:80)",
      "Annotations:        <none>",
      "Events:             <none>",
      "[0]",
    ]);
  });
  it("describe ingressclass nginx", () => {
    expect(out[1]).toEqual([
      "Name:         nginx",
      "Labels:       <none>",
      "Annotations:  <none>",
      "Controller:   k8s.io/ingress-nginx",
      "Events:       <none>",
      "[0]",
    ]);
  });
  it("describe endpoints web", () => {
    expect(out[2]).toEqual([
      "Name:         web",
      "Namespace:    default",
      "Labels:       <none>",
      "Annotations:  <none>",
      "Subsets:",
      "  Addresses:          10.244.1.2,10.244.2.2",
      "  NotReadyAddresses:  <none>",
      "  Ports:",
      "    Name  Port  Protocol",
      "    ----  ----  --------",
      "    http  80    TCP",
      "",
      "Events:  <none>",
      "[0]",
    ]);
  });
  it("describe endpointslice web-d4xbj", () => {
    expect(out[3]).toEqual([
      "Name:         web-d4xbj",
      "Namespace:    default",
      "Labels:       endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io",
      "              kubernetes.io/service-name=web",
      "Annotations:  <none>",
      "AddressType:  IPv4",
      "Ports:",
      "  Name  Port  Protocol",
      "  ----  ----  --------",
      "  http  80    TCP",
      "Endpoints:",
      "  - Addresses:  10.244.1.2",
      "    Conditions:",
      "      Ready:    true",
      "    Hostname:   <unset>",
      "    TargetRef:  Pod/web-64bf787f5f-hhk6q",
      "    NodeName:   worker-1",
      "    Zone:       <unset>",
      "  - Addresses:  10.244.2.2",
      "    Conditions:",
      "      Ready:    true",
      "    Hostname:   <unset>",
      "    TargetRef:  Pod/web-64bf787f5f-shrkf",
      "    NodeName:   worker-2",
      "    Zone:       <unset>",
      "Events:         <none>",
      "[0]",
    ]);
  });
  it("describe ns default", () => {
    expect(out[4]).toEqual([
      "Name:         default",
      "Labels:       kubernetes.io/metadata.name=default",
      "Annotations:  <none>",
      "Status:       Active",
      "",
      "No resource quota.",
      "",
      "No LimitRange resource.",
      "[0]",
    ]);
  });
  it("describe svc web: Endpoints from the Service's EndpointSlices (ServiceDescriber, formatEndpointSlices)", () => {
    expect(out[5]).toEqual([
      "Name:                     web",
      "Namespace:                default",
      "Labels:                   <none>",
      "Annotations:              <none>",
      "Selector:                 app=web",
      "Type:                     ClusterIP",
      "IP Family Policy:         SingleStack",
      "IP Families:              IPv4",
      "IP:                       10.107.234.64",
      "IPs:                      10.107.234.64",
      "Port:                     http  80/TCP",
      "TargetPort:               80/TCP",
      "Endpoints:                10.244.1.2:80,10.244.2.2:80",
      "Session Affinity:         None",
      "Internal Traffic Policy:  Cluster",
      "Events:                   <none>",
      "[0]",
    ]);
  });
});

describe("scenarios/job-cronjob.yaml: the CronJob (describeCronJob, describeJobTemplate)", () => {
  let out: string[][] = [];
  beforeAll(() => {
    out = describeAfterScenario("job-cronjob", ["describe cronjob hello"]);
  });
  // Parallelism and Completions are 1 because the model's API server defaults the job template
  // (src/cluster/apiserver/defaults.ts); SetDefaults_CronJob (pkg/apis/batch/v1/defaults.go) does not, and kubectl
  // would print <unset> (the unit test below). Reported to the lead; the describer prints what is stored.
  it("describe cronjob hello", () => {
    expect(out[0]).toEqual([
      "Name:                          hello",
      "Namespace:                     default",
      "Labels:                        <none>",
      "Annotations:                   <none>",
      "Schedule:                      */1 * * * *",
      "Concurrency Policy:            Allow",
      "Suspend:                       False",
      "Successful Job History Limit:  2",
      "Failed Job History Limit:      1",
      "Starting Deadline Seconds:     <unset>",
      "Selector:                      <unset>",
      "Parallelism:                   1",
      "Completions:                   1",
      "Pod Template:",
      "  Labels:  <none>",
      "  Containers:",
      "   hello:",
      "    Image:      busybox:1.36",
      "    Port:       <none>",
      "    Host Port:  <none>",
      "    Command:",
      "      sh",
      "      -c",
      "      date; echo Hello from the Kubernetes cluster",
      "    Environment:     <none>",
      "    Mounts:          <none>",
      "  Volumes:           <none>",
      "  Node-Selectors:    <none>",
      "  Tolerations:       <none>",
      "Last Schedule Time:  Wed, 01 Jan 2025 00:05:00 +0000",
      "Active Jobs:         <none>",
      "Events:",
      "  Type    Reason            Age    From                Message",
      "  ----    ------            ----   ----                -------",
      "  Normal  SuccessfulCreate  3m26s  cronjob-controller  Created job hello-28928162",
      "  Normal  SawCompletedJob   3m25s  cronjob-controller  Saw completed job: hello-28928162, status: Complete",
      "  Normal  SuccessfulCreate  2m26s  cronjob-controller  Created job hello-28928163",
      "  Normal  SawCompletedJob   2m25s  cronjob-controller  Saw completed job: hello-28928163, status: Complete",
      "  Normal  SuccessfulCreate  86s    cronjob-controller  Created job hello-28928164",
      "  Normal  SawCompletedJob   85s    cronjob-controller  Saw completed job: hello-28928164, status: Complete",
      "  Normal  SuccessfulDelete  85s    cronjob-controller  Deleted job hello-28928162",
      "  Normal  SuccessfulCreate  26s    cronjob-controller  Created job hello-28928165",
      "  Normal  SawCompletedJob   25s    cronjob-controller  Saw completed job: hello-28928165, status: Complete",
      "  Normal  SuccessfulDelete  25s    cronjob-controller  Deleted job hello-28928163",
      "[0]",
    ]);
  });
});

describe("scenarios/drain-pdb.yaml: the PodDisruptionBudget (describePodDisruptionBudgetV1)", () => {
  let out: string[][] = [];
  beforeAll(() => {
    out = describeAfterScenario("drain-pdb", ["describe pdb web"]);
  });
  it("describe pdb web", () => {
    expect(out[0]).toEqual([
      "Name:           web",
      "Namespace:      default",
      "Min available:  2",
      "Selector:       app=web",
      "Status:",
      "    Allowed disruptions:  1",
      "    Current:              3",
      "    Desired:              2",
      "    Total:                3",
      "Events:",
      "  Type    Reason  Age   From                   Message",
      "  ----    ------  ----  ----                   -------",
      "  Normal  NoPods  43s   disruption-controller  No matching pods found",
      "[0]",
    ]);
  });
});

describe("scenarios/network-policy.yaml: the NetworkPolicies (describeNetworkPolicy, no Events)", () => {
  let out: string[][] = [];
  beforeAll(() => {
    out = describeAfterScenario("network-policy", ["describe netpol api-allow-frontend", "describe networkpolicy sandbox-deny-egress"]);
  });
  it("describe netpol api-allow-frontend", () => {
    expect(out[0]).toEqual([
      "Name:         api-allow-frontend",
      "Namespace:    default",
      "Created on:   2025-01-01 00:00:04 +0000 UTC",
      "Labels:       <none>",
      "Annotations:  <none>",
      "Spec:",
      "  PodSelector:     app=api",
      "  Allowing ingress traffic:",
      "    To Port: 80/TCP",
      "    From:",
      "      PodSelector: app=frontend",
      "  Not affecting egress traffic",
      "  Policy Types: Ingress",
      "[0]",
    ]);
  });
  it("describe networkpolicy sandbox-deny-egress", () => {
    expect(out[1]).toEqual([
      "Name:         sandbox-deny-egress",
      "Namespace:    default",
      "Created on:   2025-01-01 00:00:04 +0000 UTC",
      "Labels:       <none>",
      "Annotations:  <none>",
      "Spec:",
      "  PodSelector:     app=sandbox",
      "  Not affecting ingress traffic",
      "  Allowing egress traffic:",
      "    <none> (Selected pods are isolated for egress connectivity)",
      "  Policy Types: Egress",
      "[0]",
    ]);
  });
});

describe("scenarios/persistent-volumes.yaml: the StorageClasses (describeStorageClass)", () => {
  let out: string[][] = [];
  beforeAll(() => {
    out = describeAfterScenario("persistent-volumes", ["describe sc standard", "describe storageclass local-wait"]);
  });
  it("describe sc standard", () => {
    expect(out[0]).toEqual([
      "Name:                  standard",
      "IsDefaultClass:        Yes",
      "Annotations:           storageclass.kubernetes.io/is-default-class=true",
      "Provisioner:           hostpath.csi.k8s.io",
      "Parameters:            <none>",
      "AllowVolumeExpansion:  <unset>",
      "MountOptions:          <none>",
      "ReclaimPolicy:         Delete",
      "VolumeBindingMode:     Immediate",
      "Events:                <none>",
      "[0]",
    ]);
  });
  it("describe storageclass local-wait", () => {
    expect(out[1]).toEqual([
      "Name:            local-wait",
      "IsDefaultClass:  No",
      "Annotations:     kubectl.kubernetes.io/last-applied-configuration={\"apiVersion\":\"storage.k8s.io/v1\",\"kind\":\"StorageClass\",\"metadata\":{\"name\":\"local-wait\"},\"provisioner\":\"hostpath.csi.k8s.io\",\"volumeBindingMode\":\"WaitForFirstConsumer\"}",
      "",
      "Provisioner:           hostpath.csi.k8s.io",
      "Parameters:            <none>",
      "AllowVolumeExpansion:  <unset>",
      "MountOptions:          <none>",
      "ReclaimPolicy:         Delete",
      "VolumeBindingMode:     WaitForFirstConsumer",
      "Events:                <none>",
      "[0]",
    ]);
  });
});

describe("scenarios/rbac-denied.yaml: Role, RoleBinding, ClusterRoleBinding (no Events), ServiceAccount", () => {
  let out: string[][] = [];
  beforeAll(() => {
    out = describeAfterScenario("rbac-denied", ["describe role pod-reader", "describe rolebinding bob-reads-pods", "describe clusterrolebinding developers-view", "describe sa ci"]);
  });
  it("describe role pod-reader", () => {
    expect(out[0]).toEqual([
      "Name:         pod-reader",
      "Labels:       <none>",
      "Annotations:  <none>",
      "PolicyRule:",
      "  Resources  Non-Resource URLs  Resource Names  Verbs",
      "  ---------  -----------------  --------------  -----",
      "  pods/log   []                 []              [get list watch]",
      "  pods       []                 []              [get list watch]",
      "[0]",
    ]);
  });
  it("describe rolebinding bob-reads-pods", () => {
    expect(out[1]).toEqual([
      "Name:         bob-reads-pods",
      "Labels:       <none>",
      "Annotations:  <none>",
      "Role:",
      "  Kind:  Role",
      "  Name:  pod-reader",
      "Subjects:",
      "  Kind  Name  Namespace",
      "  ----  ----  ---------",
      "  User  bob   ",
      "[0]",
    ]);
  });
  it("describe clusterrolebinding developers-view", () => {
    expect(out[2]).toEqual([
      "Name:         developers-view",
      "Labels:       <none>",
      "Annotations:  <none>",
      "Role:",
      "  Kind:  ClusterRole",
      "  Name:  view",
      "Subjects:",
      "  Kind   Name        Namespace",
      "  ----   ----        ---------",
      "  Group  developers  ",
      "[0]",
    ]);
  });
  it("describe sa ci", () => {
    expect(out[3]).toEqual([
      "Name:                ci",
      "Namespace:           default",
      "Labels:              <none>",
      "Annotations:         <none>",
      "Image pull secrets:  <none>",
      "Mountable secrets:   <none>",
      "Tokens:              <none>",
      "Events:              <none>",
      "[0]",
    ]);
  });
});

describe("scenarios/hpa-autoscaling.yaml: the HorizontalPodAutoscaler after scaling up and down (describeHorizontalPodAutoscalerV2)", () => {
  let out: string[][] = [];
  beforeAll(() => {
    out = describeAfterScenario("hpa-autoscaling", ["describe hpa web"]);
  });
  it("describe hpa web", () => {
    expect(out[0]).toEqual([
      "Name:                                                  web",
      "Namespace:                                             default",
      "Labels:                                                <none>",
      "Annotations:                                           <none>",
      "CreationTimestamp:                                     Wed, 01 Jan 2025 00:00:33 +0000",
      "Reference:                                             Deployment/web",
      "Metrics:                                               ( current / target )",
      "  resource cpu on pods  (as a percentage of request):  30% (30m) / 50%",
      "Min replicas:                                          2",
      "Max replicas:                                          10",
      "Deployment pods:                                       2 current / 2 desired",
      "Conditions:",
      "  Type            Status  Reason              Message",
      "  ----            ------  ------              -------",
      "  AbleToScale     True    ReadyForNewScale    recommended size matches current size",
      "  ScalingActive   True    ValidMetricFound    the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)",
      "  ScalingLimited  False   DesiredWithinRange  the desired count is within the acceptable range",
      "Events:",
      "  Type    Reason             Age    From                       Message",
      "  ----    ------             ----   ----                       -------",
      "  Normal  SuccessfulRescale  6m55s  horizontal-pod-autoscaler  New size: 4; reason: cpu resource utilization (percentage of request) above target",
      "  Normal  SuccessfulRescale  6m40s  horizontal-pod-autoscaler  New size: 6; reason: cpu resource utilization (percentage of request) above target",
      "  Normal  SuccessfulRescale  55s    horizontal-pod-autoscaler  New size: 2; reason: All metrics below target",
      "[0]",
    ]);
  });
});

describe.skipIf(!hasCorpus)("corpus guestbook-go: a ReplicationController (describeReplicationController) and its Service's Endpoints", () => {
  let out: string[][] = [];
  beforeAll(() => {
    out = describeAfterCorpus(["guestbook-go/redis-master-controller.yaml", "guestbook-go/redis-master-service.yaml", "guestbook-go/redis-replica-controller.yaml", "guestbook-go/redis-replica-service.yaml", "guestbook-go/guestbook-controller.yaml", "guestbook-go/guestbook-service.yaml"], ["describe rc guestbook", "describe endpoints guestbook"]);
  });
  it("describe rc guestbook", () => {
    expect(out[0]).toEqual([
      "Name:         guestbook",
      "Namespace:    default",
      "Selector:     app=guestbook",
      "Labels:       app=guestbook",
      "Annotations:  <none>",
      "Replicas:     3 current / 3 desired",
      "Pods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed",
      "Pod Template:",
      "  Labels:  app=guestbook",
      "  Containers:",
      "   guestbook:",
      "    Image:         registry.k8s.io/guestbook:v3",
      "    Port:          3000/TCP",
      "    Host Port:     0/TCP",
      "    Environment:   <none>",
      "    Mounts:        <none>",
      "  Volumes:         <none>",
      "  Node-Selectors:  <none>",
      "  Tolerations:     <none>",
      "Events:",
      "  Type    Reason            Age   From                    Message",
      "  ----    ------            ----  ----                    -------",
      "  Normal  SuccessfulCreate  39s   replication-controller  Created pod: guestbook-sdrj9",
      "  Normal  SuccessfulCreate  39s   replication-controller  Created pod: guestbook-6qb82",
      "  Normal  SuccessfulCreate  39s   replication-controller  Created pod: guestbook-vvjmn",
      "[0]",
    ]);
  });
  it("describe endpoints guestbook", () => {
    expect(out[1]).toEqual([
      "Name:         guestbook",
      "Namespace:    default",
      "Labels:       app=guestbook",
      "Annotations:  <none>",
      "Subsets:",
      "  Addresses:          10.244.1.3,10.244.2.3,10.244.3.3",
      "  NotReadyAddresses:  <none>",
      "  Ports:",
      "    Name     Port  Protocol",
      "    ----     ----  --------",
      "    <unset>  3000  TCP",
      "",
      "Events:  <none>",
      "[0]",
    ]);
  });
});

describe.skipIf(!hasCorpus)("corpus microservices-demo: its ServiceAccounts (describeServiceAccount)", () => {
  let out: string[][] = [];
  beforeAll(() => {
    out = describeAfterCorpus(["microservices-demo/kubernetes-manifests.yaml"], ["describe sa frontend", "describe sa default"]);
  });
  it("describe sa frontend", () => {
    expect(out[0]).toEqual([
      "Name:                frontend",
      "Namespace:           default",
      "Labels:              <none>",
      "Annotations:         <none>",
      "Image pull secrets:  <none>",
      "Mountable secrets:   <none>",
      "Tokens:              <none>",
      "Events:              <none>",
      "[0]",
    ]);
  });
  it("describe sa default", () => {
    expect(out[1]).toEqual([
      "Name:                default",
      "Namespace:           default",
      "Labels:              <none>",
      "Annotations:         <none>",
      "Image pull secrets:  <none>",
      "Mountable secrets:   <none>",
      "Tokens:              <none>",
      "Events:              <none>",
      "[0]",
    ]);
  });
});

describe("inline manifests: the less common fields of each describer", () => {
  let out: string[][] = [];
  beforeAll(() => {
    out = describeAfterApply(INLINE, ["describe clusterrole mixed", "describe ingress edge", "describe ingress catch-all", "describe netpol db-access", "describe netpol default-deny", "describe netpol dns-only", "describe sc fast", "describe sa builder", "describe priorityclass high", "describe quota compute", "describe limits defaults", "describe ns default", "describe lease my-lock"]);
  });
  it("describe clusterrole mixed", () => {
    expect(out[0]).toEqual([
      "Name:         mixed",
      "Labels:       team=platform",
      "Annotations:  <none>",
      "PolicyRule:",
      "  Resources               Non-Resource URLs  Resource Names   Verbs",
      "  ---------               -----------------  --------------   -----",
      "  deployments.apps        []                 []               [get update list]",
      "  deployments/scale       []                 []               [get update]",
      "  deployments             []                 []               [get update]",
      "  deployments.apps/scale  []                 []               [get update]",
      "                          [/healthz]         []               [get]",
      "                          [/metrics]         []               [get]",
      "  configmaps              []                 [app-config]     [get]",
      "  configmaps              []                 [feature-flags]  [get]",
      "[0]",
    ]);
  });
  it("describe ingress edge", () => {
    expect(out[1]).toEqual([
      "Name:             edge",
      "Labels:           <none>",
      "Namespace:        default",
      "Address:          ",
      "Ingress Class:    <none>",
      "Default backend:  missing:80 (<error: services \"missing\" not found>)",
      "TLS:",
      "  edge-tls terminates a.example.com,b.example.com",
      "  SNI routes c.example.com",
      "Rules:",
      "  Host           Path  Backends",
      "  ----           ----  --------",
      "  a.example.com  ",
      "                 /static   APIGroup: k8s.example.com, Kind: StorageBucket, Name: static-assets",
      "                 /         web:8080 (10.244.1.2:80)",
      "Annotations:     nginx.ingress.kubernetes.io/rewrite-target: /",
      "Events:          <none>",
      "[0]",
    ]);
  });
  it("describe ingress catch-all", () => {
    expect(out[2]).toEqual([
      "Name:             catch-all",
      "Labels:           <none>",
      "Namespace:        default",
      "Address:          ",
      "Ingress Class:    <none>",
      "Default backend:  <default>",
      "Rules:",
      "  Host        Path  Backends",
      "  ----        ----  --------",
      "  *           *     <default>",
      "Annotations:  <none>",
      "Events:       <none>",
      "[0]",
    ]);
  });
  it("describe netpol db-access", () => {
    expect(out[3]).toEqual([
      "Name:         db-access",
      "Namespace:    default",
      "Created on:   2025-01-01 00:00:00 +0000 UTC",
      "Labels:       <none>",
      "Annotations:  <none>",
      "Spec:",
      "  PodSelector:     app=db,tier in (cache,data)",
      "  Allowing ingress traffic:",
      "    To Port: 5432/TCP",
      "    To Port Range: 8000-9000/UDP",
      "    From:",
      "      NamespaceSelector: team=a",
      "      PodSelector: role=client",
      "    From:",
      "      IPBlock:",
      "        CIDR: 10.0.0.0/8",
      "        Except: 10.1.0.0/16, 10.2.0.0/16",
      "    ----------",
      "    To Port: <any> (traffic allowed to all ports)",
      "    From: <any> (traffic not restricted by source)",
      "  Allowing egress traffic:",
      "    To Port: 53/UDP",
      "    To:",
      "      NamespaceSelector: <none>",
      "  Policy Types: Ingress, Egress",
      "[0]",
    ]);
  });
  it("describe netpol default-deny", () => {
    expect(out[4]).toEqual([
      "Name:         default-deny",
      "Namespace:    default",
      "Created on:   2025-01-01 00:00:00 +0000 UTC",
      "Labels:       <none>",
      "Annotations:  <none>",
      "Spec:",
      "  PodSelector:     <none> (Allowing the specific traffic to all pods in this namespace)",
      "  Allowing ingress traffic:",
      "    <none> (Selected pods are isolated for ingress connectivity)",
      "  Not affecting egress traffic",
      "  Policy Types: Ingress",
      "[0]",
    ]);
  });
  // No policyTypes: the API server defaults them to [Ingress, Egress] (SetDefaults_NetworkPolicy), so the egress-only
  // policy also isolates the pods for ingress; a port without protocol is TCP.
  it("describe netpol dns-only", () => {
    expect(out[5]).toEqual([
      "Name:         dns-only",
      "Namespace:    default",
      "Created on:   2025-01-01 00:00:00 +0000 UTC",
      "Labels:       <none>",
      "Annotations:  <none>",
      "Spec:",
      "  PodSelector:     app=batch",
      "  Allowing ingress traffic:",
      "    <none> (Selected pods are isolated for ingress connectivity)",
      "  Allowing egress traffic:",
      "    To Port: 53/UDP",
      "    To Port: 53/TCP",
      "    To: <any> (traffic not restricted by destination)",
      "  Policy Types: Ingress, Egress",
      "[0]",
    ]);
  });
  it("describe sc fast", () => {
    expect(out[6]).toEqual([
      "Name:            fast",
      "IsDefaultClass:  No",
      "Annotations:     kubectl.kubernetes.io/last-applied-configuration={\"allowVolumeExpansion\":true,\"allowedTopologies\":[{\"matchLabelExpressions\":[{\"key\":\"topology.ebs.csi.aws.com/zone\",\"values\":[\"eu-west-1a\",\"eu-west-1b\"]}]}],\"apiVersion\":\"storage.k8s.io/v1\",\"kind\":\"StorageClass\",\"metadata\":{\"name\":\"fast\"},\"mountOptions\":[\"debug\",\"noatime\"],\"parameters\":{\"iops\":\"3000\",\"type\":\"gp3\"},\"provisioner\":\"ebs.csi.aws.com\",\"reclaimPolicy\":\"Retain\",\"volumeBindingMode\":\"WaitForFirstConsumer\"}",
      "",
      "Provisioner:           ebs.csi.aws.com",
      "Parameters:            iops=3000,type=gp3",
      "AllowVolumeExpansion:  True",
      "MountOptions:",
      "  debug",
      "  noatime",
      "ReclaimPolicy:      Retain",
      "VolumeBindingMode:  WaitForFirstConsumer",
      "AllowedTopologies:  ",
      "  Term 0:           topology.ebs.csi.aws.com/zone in [eu-west-1a, eu-west-1b]",
      "Events:             <none>",
      "[0]",
    ]);
  });
  it("describe sa builder", () => {
    expect(out[7]).toEqual([
      "Name:                builder",
      "Namespace:           default",
      "Labels:              <none>",
      "Annotations:         <none>",
      "Image pull secrets:  regcred",
      "Mountable secrets:   builder-token (not found)",
      "                     gone (not found)",
      "Tokens:              <none>",
      "Events:              <none>",
      "[0]",
    ]);
  });
  it("describe priorityclass high", () => {
    expect(out[8]).toEqual([
      "Name:              high",
      "Value:             1000000",
      "GlobalDefault:     false",
      "PreemptionPolicy:  PreemptLowerPriority",
      "Description:       For the checkout path.",
      "Annotations:       kubectl.kubernetes.io/last-applied-configuration={\"apiVersion\":\"scheduling.k8s.io/v1\",\"description\":\"For the checkout path.\",\"kind\":\"PriorityClass\",\"metadata\":{\"name\":\"high\"},\"value\":1000000}",
      "",
      "Events:  <none>",
      "[0]",
    ]);
  });
  it("describe quota compute", () => {
    expect(out[9]).toEqual([
      "Name:       compute",
      "Namespace:  default",
      "Resource    Used  Hard",
      "--------    ----  ----",
      "[0]",
    ]);
  });
  it("describe limits defaults", () => {
    expect(out[10]).toEqual([
      "Name:       defaults",
      "Namespace:  default",
      "Type        Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio",
      "----        --------  ---  ---  ---------------  -------------  -----------------------",
      "Container   cpu       -    2    250m             500m           -",
      "Container   memory    -    -    -                256Mi          -",
      "[0]",
    ]);
  });
  it("describe ns default", () => {
    expect(out[11]).toEqual([
      "Name:         default",
      "Labels:       kubernetes.io/metadata.name=default",
      "Annotations:  <none>",
      "Status:       Active",
      "",
      "Resource Quotas",
      "  Name:     compute",
      "  Resource  Used  Hard",
      "  --------  ---   ---",
      "",
      "Resource Limits",
      " Type       Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio",
      " ----       --------  ---  ---  ---------------  -------------  -----------------------",
      " Container  cpu       -    2    250m             500m           -",
      " Container  memory    -    -    -                256Mi          -",
      "[0]",
    ]);
  });
  it("describe lease my-lock", () => {
    expect(out[12]).toEqual([
      "Name:         my-lock",
      "Namespace:    default",
      "Labels:       <none>",
      "Annotations:  <none>",
      "API Version:  coordination.k8s.io/v1",
      "Kind:         Lease",
      "Metadata:",
      "  Creation Timestamp:  2025-01-01T00:00:00Z",
      "  Resource Version:    <rv>",
      "  UID:                 <uid>",
      "Spec:",
      "  Holder Identity:         worker-a",
      "  Lease Duration Seconds:  15",
      "Events:                    <none>",
      "[0]",
    ]);
  });
});

const meta = (name: string, namespace?: string) => ({ name, ...(namespace ? { namespace } : {}), uid: 'u-1', creationTimestamp: '2025-01-01T00:00:00Z' });

describe('describeHorizontalPodAutoscalerV2: every metric source, current values, behavior', () => {
  it('prints each metric as kubectl does (Quantity.String of current and target: a decimal quantity stays decimal), one column block for the header and metrics, the behavior rules, then the pods line in the policies\' column block', () => {
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta('web', 'default'),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 1,
        maxReplicas: 5,
        metrics: [
          { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '512Mi' } } },
          { type: 'Pods', pods: { metric: { name: 'packets-per-second' }, target: { type: 'AverageValue', averageValue: '1k' } } },
          { type: 'Object', object: { metric: { name: 'requests-per-second' }, describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'edge' }, target: { type: 'Value', value: '2k' } } },
          { type: 'External', external: { metric: { name: 'queue_messages_ready' }, target: { type: 'AverageValue', averageValue: '30' } } },
          { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', target: { type: 'Utilization', averageUtilization: 60 } } },
        ],
        behavior: {
          scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Min', policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }, { type: 'Pods', value: 2, periodSeconds: 60 }] },
          scaleUp: { policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }] },
        },
      },
      status: {
        currentReplicas: 3,
        desiredReplicas: 4,
        currentMetrics: [
          { type: 'Resource', resource: { name: 'memory', current: { averageValue: '402653184' } } },
          { type: 'Pods', pods: { metric: { name: 'packets-per-second' }, current: { averageValue: '1500m' } } },
          { type: 'Object', object: { metric: { name: 'requests-per-second' }, current: { value: '2000' } } },
          null,
          { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', current: { averageUtilization: 75, averageValue: '1500m' } } },
        ],
      },
    };
    expect(printDescribe(hpa, { events: [] }, Date.parse('2025-01-01T00:05:00Z')).split('\n')).toEqual([
      'Name:                                                                     web',
      'Namespace:                                                                default',
      'Labels:                                                                   <none>',
      'Annotations:                                                              <none>',
      'CreationTimestamp:                                                        Wed, 01 Jan 2025 00:00:00 +0000',
      'Reference:                                                                Deployment/web',
      'Metrics:                                                                  ( current / target )',
      '  resource memory on pods:                                                402653184 / 512Mi',
      '  "packets-per-second" on pods:                                           1500m / 1k',
      '  "requests-per-second" on Ingress/edge (target value):                   2k / 2k',
      '  "queue_messages_ready" (target average value):                          <unknown> / 30',
      '  resource cpu of container "app" on pods  (as a percentage of request):  75% (1500m) / 60%',
      'Min replicas:                                                             1',
      'Max replicas:                                                             5',
      'Behavior:',
      '  Scale Up:',
      '    Select Policy: Max',
      '    Policies:',
      '      - Type: Pods  Value: 4  Period: 15 seconds',
      '  Scale Down:',
      '    Stabilization Window: 300 seconds',
      '    Select Policy: Min',
      '    Policies:',
      '      - Type: Percent  Value: 10  Period: 60 seconds',
      '      - Type: Pods     Value: 2   Period: 60 seconds',
      'Deployment pods:       3 current / 4 desired',
      'Events:                <none>',
      '',
    ]);
  });
});

describe('describeHorizontalPodAutoscalerV2: an unset *Quantity prints <nil> (Quantity.String of a nil pointer)', () => {
  it('an Object metric with a Value target and a current without value', () => {
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta('q', 'default'),
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web' },
        maxReplicas: 3,
        metrics: [{ type: 'Object', object: { metric: { name: 'rps' }, describedObject: { kind: 'Service', name: 'web' }, target: { type: 'Value' } } }],
      },
      status: { currentMetrics: [{ type: 'Object', object: { current: {} } }] },
    };
    expect(printDescribe(hpa, { events: [] }, 0).split('\n').slice(5, 9)).toEqual([
      'Reference:                              Deployment/web',
      'Metrics:                                ( current / target )',
      '  "rps" on Service/web (target value):  <nil> / <nil>',
      'Min replicas:                           <unset>',
    ]);
  });
});

describe('describeQuota: used in the hard quantity\'s format (resource.NewQuantity(used.Value(), hard.Format))', () => {
  it('sorts the resources and prints used/hard with Quantity.String; the scope help line (no tab) ends the first column block', () => {
    const quota = {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: meta('compute', 'default'),
      spec: { hard: { 'requests.cpu': '2', 'requests.memory': '4Gi', pods: '10' }, scopes: ['NotTerminating'] },
      status: { hard: { 'requests.cpu': '2', 'requests.memory': '4Gi', pods: '10' }, used: { 'requests.cpu': '1500m', 'requests.memory': '536870912', pods: '3' } },
    };
    expect(printDescribe(quota, { events: [] }, 0).split('\n')).toEqual([
      'Name:       compute',
      'Namespace:  default',
      'Scopes:     NotTerminating',
      ' * Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
      'Resource         Used   Hard',
      '--------         ----   ----',
      'pods             3      10',
      'requests.cpu     1500m  2',
      'requests.memory  512Mi  4Gi',
      '',
    ]);
  });
});

describe('Quantity.String (quantity.go CanonicalizeBytes), as describe prints quantities', () => {
  it.each([
    ['1000m', '1'],
    ['1500m', '1500m'],
    ['0.5', '500m'],
    ['1024Mi', '1Gi'],
    ['1536Mi', '1536Mi'],
    ['402653184', '402653184'],
    ['512Ki', '512Ki'],
    ['1000Ki', '1000Ki'],
    ['0.5Ki', '512'],
    ['1e3', '1e3'],
    ['1.5e3', '1500'],
    ['2000', '2k'],
    ['0', '0'],
    ['0.0000000001', '1n'],
    ['-1500m', '-1500m'],
  ])('%s → %s', (q, want) => {
    expect(quantityString(q)).toBe(want);
  });
});

describe('describeCronJob: the fields a CronJob may leave unset, a job template with a selector, active Jobs', () => {
  it('prints <unset> for an unset pointer, the deadline in seconds, the selector, and the active Jobs joined by ", "', () => {
    const cj = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: meta('report', 'default'),
      spec: {
        schedule: '0 3 * * *',
        concurrencyPolicy: 'Forbid',
        suspend: true,
        startingDeadlineSeconds: 200,
        jobTemplate: {
          spec: {
            selector: { matchLabels: { job: 'report' } },
            activeDeadlineSeconds: 600,
            template: { metadata: { labels: { job: 'report' } }, spec: { restartPolicy: 'OnFailure', containers: [{ name: 'r', image: 'busybox:1.36' }] } },
          },
        },
      },
      status: { lastScheduleTime: '2025-01-01T03:00:00Z', active: [{ kind: 'Job', name: 'report-28928340' }, { kind: 'Job', name: 'report-28929780' }] },
    };
    expect(printDescribe(cj, { events: [] }, 0).split('\n')).toEqual([
      'Name:                          report',
      'Namespace:                     default',
      'Labels:                        <none>',
      'Annotations:                   <none>',
      'Schedule:                      0 3 * * *',
      'Concurrency Policy:            Forbid',
      'Suspend:                       True',
      'Successful Job History Limit:  <unset>',
      'Failed Job History Limit:      <unset>',
      'Starting Deadline Seconds:     200s',
      'Selector:                      job=report',
      'Parallelism:                   <unset>',
      'Completions:                   <unset>',
      'Active Deadline Seconds:       600s',
      'Pod Template:',
      '  Labels:  job=report',
      '  Containers:',
      '   r:',
      '    Image:           busybox:1.36',
      '    Port:            <none>',
      '    Host Port:       <none>',
      '    Environment:     <none>',
      '    Mounts:          <none>',
      '  Volumes:           <none>',
      '  Node-Selectors:    <none>',
      '  Tolerations:       <none>',
      'Last Schedule Time:  Wed, 01 Jan 2025 03:00:00 +0000',
      'Active Jobs:         report-28928340, report-28929780',
      'Events:              <none>',
      '',
    ]);
  });
});

describe('the API requests each describer sends, in kubectl 1.31\'s order', () => {
  it('ingress: the Events, then per Service backend its EndpointSlices and the Service; namespace: quotas and limit ranges, no Events; service: its EndpointSlices then Events; serviceaccount: Secrets then Events; networkpolicy: only the GET', () => {
    expect(requestsAfterScenario('ingress', ['describe ingress shop', 'describe ns default', 'describe svc web', 'describe sa default', 'describe netpol x'])).toEqual([
      [
        'GET /apis/networking.k8s.io/v1/namespaces/default/ingresses/shop',
        'GET /api/v1/namespaces/default/events',
        'GET /apis/discovery.k8s.io/v1/namespaces/default/endpointslices',
        'GET /api/v1/namespaces/default/services/api',
        'GET /apis/discovery.k8s.io/v1/namespaces/default/endpointslices',
        'GET /api/v1/namespaces/default/services/web',
      ],
      ['GET /api/v1/namespaces/default', 'GET /api/v1/namespaces/default/resourcequotas', 'GET /api/v1/namespaces/default/limitranges'],
      ['GET /api/v1/namespaces/default/services/web', 'GET /apis/discovery.k8s.io/v1/namespaces/default/endpointslices', 'GET /api/v1/namespaces/default/events'],
      ['GET /api/v1/namespaces/default/serviceaccounts/default', 'GET /api/v1/namespaces/default/secrets', 'GET /api/v1/namespaces/default/events'],
      ['GET /apis/networking.k8s.io/v1/namespaces/default/networkpolicies/x'],
    ]);
  });
});

describe('scenarios/configmap-secret.yaml: the ConfigMap (ConfigMapDescriber: a blank line after each value, BinaryData, then Events)', () => {
  it('describe cm app-config', () => {
    expect(describeAfterScenario('configmap-secret', ['describe cm app-config'])[0]).toEqual([
      "Name:         app-config",
      "Namespace:    default",
      "Labels:       <none>",
      "Annotations:  <none>",
      "",
      "Data",
      "====",
      "GREETING:",
      "----",
      "hello",
      "",
      "LOG_LEVEL:",
      "----",
      "info",
      "",
      "app.conf:",
      "----",
      "listen 8080;",
      "",
      "",
      "",
      "BinaryData",
      "====",
      "",
      "Events:  <none>",
      "[0]",
    ]);
  });
});

describe('which describer prints a kind (describerMap in describe.go, 1.31)', () => {
  it('the scenario stage refuses exactly the kinds with a kubectl describer the printers lack', () => {
    expect([...NOT_DESCRIBED_KINDS].sort()).toEqual([...UNMODELLED_DESCRIBER_KINDS].sort());
  });
  it.each([...KUBECTL_DESCRIBER_KINDS].filter((k) => !UNMODELLED_DESCRIBER_KINDS.has(k)))('%s has its own describer, which prints a bare object without failing', (kind) => {
    const out = printDescribe({ apiVersion: 'v1', kind, metadata: { name: 'x', namespace: 'default' } }, { events: [] }, 0);
    expect(out).toMatch(/^Name:\s+x\n/);
    // The fallback (describeGeneric) prints the object's Kind at the top level; no own describer does.
    expect(out).not.toMatch(/^Kind:/m);
  });
  it('a kind kubectl has no describer for (Lease, Event, ControllerRevision) gets the generic describer, Events included ("Metadata:", without a tab, ends the first column block)', () => {
    const out = printDescribe({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'web-1', namespace: 'default' }, revision: 1 }, { events: [] }, 0);
    expect(out.split('\n')).toEqual(['Name:         web-1', 'Namespace:    default', 'Labels:       <none>', 'Annotations:  <none>', 'API Version:  apps/v1', 'Kind:         ControllerRevision', 'Metadata:', 'Revision:  1', 'Events:    <none>', '']);
  });
});
