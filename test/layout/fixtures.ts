/**
 * Hand-made views shaped like the real ones (kubectl apply of a Deployment),
 * so layout and rendering are tested independently of the view builders.
 */
import type { ArchitectureView, FlowchartView, GraphEdge, GraphNode, SequenceView } from '../../src/views/types.ts';

const node = (n: Partial<GraphNode> & Pick<GraphNode, 'id' | 'label'>): GraphNode => ({
  icon: 'none',
  shape: 'component',
  parent: null,
  emphasis: 'normal',
  steps: [1],
  ...n,
});

const edge = (e: Partial<GraphEdge> & Pick<GraphEdge, 'id' | 'from' | 'to'>): GraphEdge => ({
  emphasis: 'normal',
  steps: [1],
  events: [],
  ...e,
});

export const architecture: ArchitectureView = {
  kind: 'architecture',
  title: 'kubectl apply -f deployment.yaml',
  nodes: [
    node({ id: 'user', label: 'kubectl', sublabel: 'developer laptop', icon: 'user' }),
    node({ id: 'cluster', label: 'cluster', sublabel: 'kind-demo · v1.31', icon: 'none', shape: 'group' }),
    node({ id: 'cp', label: 'control-plane', sublabel: '172.18.0.2', icon: 'control-plane', shape: 'group', parent: 'cluster' }),
    node({ id: 'apiserver', label: 'kube-apiserver', sublabel: ':6443', icon: 'apiserver', parent: 'cp', emphasis: 'accent' }),
    node({ id: 'etcd', label: 'etcd', sublabel: 'revision 1042', icon: 'etcd', parent: 'cp' }),
    node({ id: 'cm', label: 'kube-controller-manager', sublabel: 'deployment, replicaset', icon: 'controller', parent: 'cp', steps: [1, 2] }),
    node({ id: 'sched', label: 'kube-scheduler', icon: 'scheduler', parent: 'cp', steps: [2] }),
    node({ id: 'w1', label: 'worker-1', sublabel: '172.18.0.3', icon: 'node', shape: 'group', parent: 'cluster', steps: [2] }),
    node({ id: 'kubelet1', label: 'kubelet', icon: 'kubelet', parent: 'w1', steps: [2] }),
    node({ id: 'cri1', label: 'containerd', sublabel: 'CRI', icon: 'runtime', parent: 'w1', steps: [2] }),
    node({ id: 'pod1', label: 'web-7c5ddbdf54-x2kqp', sublabel: '10.244.1.5', icon: 'pod', parent: 'w1', emphasis: 'success', steps: [2] }),
  ],
  edges: [
    edge({ id: 'e1', from: 'user', to: 'apiserver', number: 1, label: 'POST deployments', emphasis: 'taken' }),
    edge({ id: 'e2', from: 'apiserver', to: 'etcd', number: 2, label: 'txn put /registry/deployments/default/web' }),
    edge({ id: 'e3', from: 'cm', to: 'apiserver', number: 3, label: 'watch → create ReplicaSet, Pods', steps: [1, 2] }),
    edge({ id: 'e4', from: 'sched', to: 'apiserver', number: 4, label: 'bind Pod to worker-1', steps: [2] }),
    edge({ id: 'e5', from: 'kubelet1', to: 'apiserver', number: 5, label: 'watch Pods on worker-1', steps: [2], dashed: true }),
    edge({ id: 'e6', from: 'kubelet1', to: 'cri1', number: 6, label: 'RunPodSandbox, CreateContainer', steps: [2] }),
    edge({ id: 'e7', from: 'cri1', to: 'pod1', number: 7, label: 'start nginx:1.27', steps: [2], emphasis: 'success' }),
  ],
  legend: [
    { number: 1, text: 'kubectl sends POST /apis/apps/v1/namespaces/default/deployments', step: 1 },
    { number: 2, text: 'the API server persists the Deployment in etcd', step: 1 },
    { number: 3, text: 'deployment controller creates a ReplicaSet, the ReplicaSet controller creates the Pods', step: 1 },
    { number: 4, text: 'the scheduler binds the Pod to worker-1', step: 2 },
    { number: 5, text: 'kubelet on worker-1 sees the Pod bound to it', step: 2 },
    { number: 6, text: 'kubelet asks containerd to run the sandbox and the container', step: 2 },
    { number: 7, text: 'the nginx container starts; the Pod becomes Ready', step: 2 },
  ],
  steps: [
    { number: 1, title: 'kubectl apply -f deployment.yaml' },
    { number: 2, title: 'the Pod is scheduled and started' },
  ],
};

export const flowchart: FlowchartView = {
  kind: 'flowchart',
  title: 'Scheduling web-7c5ddbdf54-x2kqp',
  step: 2,
  nodes: [
    node({ id: 'start', label: 'Pod created, unscheduled', shape: 'terminal', icon: 'start', steps: [2] }),
    node({ id: 'filter', label: 'Filter nodes', sublabel: 'NodeResourcesFit, TaintToleration', shape: 'process', icon: 'scheduler', steps: [2] }),
    node({ id: 'any', label: 'any feasible node?', shape: 'decision', icon: 'decision', steps: [2] }),
    node({ id: 'score', label: 'Score feasible nodes', sublabel: 'worker-1: 87, worker-2: 64', shape: 'process', icon: 'scheduler', steps: [2] }),
    node({ id: 'bind', label: 'Bind to worker-1', shape: 'process', icon: 'apiserver', emphasis: 'success', steps: [2] }),
    node({ id: 'pending', label: 'Pending: 0/2 nodes are available: 2 Insufficient cpu.', shape: 'process', icon: 'none', emphasis: 'faint', steps: [2] }),
    node({ id: 'end', label: 'Pod bound', shape: 'terminal', icon: 'end', emphasis: 'success', steps: [2] }),
  ],
  edges: [
    edge({ id: 'f1', from: 'start', to: 'filter', emphasis: 'taken', steps: [2] }),
    edge({ id: 'f2', from: 'filter', to: 'any', emphasis: 'taken', steps: [2] }),
    edge({ id: 'f3', from: 'any', to: 'score', label: 'yes', emphasis: 'taken', steps: [2] }),
    edge({ id: 'f4', from: 'any', to: 'pending', label: 'no', emphasis: 'faint', steps: [2] }),
    edge({ id: 'f5', from: 'score', to: 'bind', emphasis: 'taken', steps: [2] }),
    edge({ id: 'f6', from: 'bind', to: 'end', emphasis: 'taken', steps: [2] }),
  ],
  steps: [{ number: 2, title: 'the Pod is scheduled and started' }],
};

export const sequence: SequenceView = {
  kind: 'sequence',
  title: 'kubectl apply -f deployment.yaml',
  boxes: [{ id: 'cp', label: 'control plane' }],
  participants: [
    { id: 'user', label: 'kubectl', icon: 'user', box: null },
    { id: 'apiserver', label: 'kube-apiserver', icon: 'apiserver', box: 'cp' },
    { id: 'etcd', label: 'etcd', icon: 'etcd', box: 'cp' },
    { id: 'cm', label: 'controller-manager', sublabel: 'deployment controller', icon: 'controller', box: 'cp' },
    { id: 'kubelet', label: 'kubelet', sublabel: 'worker-1', icon: 'kubelet', box: null },
  ],
  items: [
    { type: 'separator', id: 's1', step: 1, title: 'Step 1 · kubectl apply -f deployment.yaml' },
    { type: 'message', id: 'm1', number: 1, from: 'user', to: 'apiserver', label: 'POST /apis/apps/v1/namespaces/default/deployments', arrow: 'sync', emphasis: 'taken', activate: true, step: 1, events: [] },
    { type: 'message', id: 'm2', number: 2, from: 'apiserver', to: 'apiserver', label: 'authn → authz → admission → validation', arrow: 'self', emphasis: 'normal', step: 1, events: [] },
    { type: 'message', id: 'm3', number: 3, from: 'apiserver', to: 'etcd', label: 'txn put /registry/deployments/default/web', arrow: 'sync', emphasis: 'normal', step: 1, events: [] },
    { type: 'message', id: 'm4', number: 4, from: 'etcd', to: 'apiserver', label: 'ok, revision 1042', arrow: 'reply', emphasis: 'normal', step: 1, events: [] },
    { type: 'message', id: 'm5', number: 5, from: 'apiserver', to: 'user', label: '201 Created', arrow: 'reply', emphasis: 'success', deactivate: true, step: 1, events: [] },
    { type: 'note', id: 'n1', over: ['user'], text: 'deployment.apps/web created', step: 1 },
    { type: 'message', id: 'm6', number: 6, from: 'apiserver', to: 'cm', label: 'watch: ADDED Deployment web', arrow: 'async', emphasis: 'normal', step: 1, events: [] },
    {
      type: 'loop',
      id: 'l1',
      label: 'for each of 3 Pods',
      count: 3,
      step: 1,
      items: [
        { type: 'message', id: 'm7', number: 7, from: 'cm', to: 'apiserver', label: 'POST pods', arrow: 'sync', emphasis: 'normal', step: 1, events: [] },
        { type: 'message', id: 'm8', number: 8, from: 'apiserver', to: 'etcd', label: 'txn put /registry/pods/default/web-…', arrow: 'sync', emphasis: 'normal', step: 1, events: [] },
      ],
    },
    {
      type: 'alt',
      id: 'a1',
      step: 2,
      branches: [
        { label: 'a node fits', items: [{ type: 'message', id: 'm9', number: 9, from: 'apiserver', to: 'kubelet', label: 'watch: Pod bound to worker-1', arrow: 'async', emphasis: 'taken', step: 2, events: [] }] },
        { label: 'no node fits', items: [{ type: 'note', id: 'n2', over: ['apiserver', 'cm'], text: 'Pod stays Pending: 0/2 nodes are available: 2 Insufficient cpu.', step: 2 }] },
      ],
    },
  ],
  steps: [
    { number: 1, title: 'kubectl apply -f deployment.yaml' },
    { number: 2, title: 'the Pod is scheduled and started' },
  ],
};
