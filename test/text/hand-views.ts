/**
 * Hand-made views for the text emitters: one ordinary view of each kind, and
 * the same shapes with every label replaced by hostile text.
 */
import type {
  ArchitectureView,
  FlowchartView,
  GraphEdge,
  GraphNode,
  SequenceView,
  View,
} from '../../src/views/types.ts';

/** Labels that try to break out of every format we emit. */
export const HOSTILE = [
  '%%{init: {"theme":"dark"}}%%',
  'a --> b',
  'end',
  '@enduml',
  'say "hi"',
  '{}',
  '<img src=x onerror=alert(1)>',
  'line one\nline two',
  'x; y',
  '# not a comment',
  'subgraph evil',
  '`md` **bold** --strike-- == sep ==',
  '${var} \\ back\\nslash',
  "it's 'quoted'",
  '|pipe| [b] (p) :colon: wrap: x',
  'style x:#f00;',
  'ﬂ°°60¶ß ampersand &amp; &#60;',
  '}\n@startuml\nend box\n}%%',
] as const;

export function hostile(i: number): string {
  return HOSTILE[i % HOSTILE.length]!;
}

function node(id: string, label: string, parent: string | null, shape: GraphNode['shape'] = 'component', extra: Partial<GraphNode> = {}): GraphNode {
  return { id, label, parent, shape, icon: 'none', emphasis: 'normal', steps: [1], ...extra };
}

function edge(id: string, from: string, to: string, extra: Partial<GraphEdge> = {}): GraphEdge {
  return { id, from, to, emphasis: 'normal', steps: [1], events: [], ...extra };
}

export function architecture(): ArchitectureView {
  return {
    kind: 'architecture',
    title: 'kubectl apply: Deployment web',
    nodes: [
      node('user', 'kubectl', null, 'component', { icon: 'user' }),
      node('control-plane', 'Control plane', null, 'group', { icon: 'control-plane' }),
      node('apiserver', 'kube-apiserver', 'control-plane', 'component', { icon: 'apiserver', emphasis: 'taken' }),
      node('etcd', 'etcd', 'control-plane', 'component', { icon: 'etcd', sublabel: 'v3.5' }),
      node('node/worker-1', 'worker-1', null, 'group', { icon: 'node' }),
      node('kubelet@worker-1', 'kubelet', 'node/worker-1', 'component', { icon: 'kubelet' }),
      node('pod/web-1', 'web-7c5ddbdf54-x2kqp', 'node/worker-1', 'group', { icon: 'pod', sublabel: '10.244.1.5' }),
      node('pod/web-1/c', 'nginx', 'pod/web-1', 'component', { icon: 'container', emphasis: 'success' }),
    ],
    edges: [
      edge('e1', 'user', 'apiserver', { number: 1, label: 'POST deployments', emphasis: 'taken' }),
      edge('e2', 'apiserver', 'etcd', { number: 2, label: 'put /registry/deployments/default/web' }),
      edge('e3', 'kubelet@worker-1', 'apiserver', { number: 3, label: 'watch pods', dashed: true }),
      edge('e4', 'kubelet@worker-1', 'pod/web-1/c', { number: 4, emphasis: 'danger' }),
    ],
    legend: [{ number: 1, text: 'kubectl sends the Deployment', step: 1 }],
    steps: [{ number: 1, title: 'kubectl apply -f web.yaml' }],
  };
}

export function flowchart(): FlowchartView {
  return {
    kind: 'flowchart',
    title: 'Scheduling web-1',
    step: 1,
    nodes: [
      node('start', 'Pod created', null, 'terminal', { icon: 'start', emphasis: 'taken' }),
      node('filter', 'Filter: NodeResourcesFit', null, 'process', { emphasis: 'taken' }),
      node('fits', 'Any node fits?', null, 'decision', { icon: 'decision', emphasis: 'taken' }),
      node('bind', 'Bind to worker-1', null, 'process', { emphasis: 'taken' }),
      node('pending', 'Pending: 0/3 nodes are available', null, 'terminal', { emphasis: 'faint' }),
      node('done', 'Running', null, 'terminal', { icon: 'end', emphasis: 'success' }),
    ],
    edges: [
      edge('f1', 'start', 'filter', { emphasis: 'taken' }),
      edge('f2', 'filter', 'fits', { emphasis: 'taken' }),
      edge('f3', 'fits', 'bind', { label: 'yes', emphasis: 'taken' }),
      edge('f4', 'fits', 'pending', { label: 'no', emphasis: 'faint', dashed: true }),
      edge('f5', 'bind', 'done', { emphasis: 'taken' }),
    ],
    steps: [{ number: 1, title: 'kubectl apply -f web.yaml' }],
  };
}

export function sequence(): SequenceView {
  return {
    kind: 'sequence',
    title: 'kubectl apply: Deployment web',
    boxes: [
      { id: 'cp', label: 'Control plane' },
      { id: 'w1', label: 'worker-1' },
    ],
    participants: [
      { id: 'kubectl', label: 'kubectl', icon: 'user', box: null },
      { id: 'apiserver', label: 'kube-apiserver', icon: 'apiserver', box: 'cp' },
      { id: 'etcd', label: 'etcd', sublabel: 'v3.5', icon: 'etcd', box: 'cp' },
      { id: 'kubelet', label: 'kubelet', icon: 'kubelet', box: 'w1' },
      { id: 'rs-controller', label: 'ReplicaSet controller', icon: 'controller', box: 'cp' },
    ],
    items: [
      { type: 'separator', id: 's1', step: 1, title: 'Step 1: kubectl apply -f web.yaml' },
      { type: 'message', id: 'm1', number: 1, from: 'kubectl', to: 'apiserver', label: 'POST /apis/apps/v1/namespaces/default/deployments', arrow: 'sync', emphasis: 'normal', activate: true, step: 1, events: ['e1'] },
      { type: 'message', id: 'm2', number: 2, from: 'apiserver', to: 'apiserver', label: 'authentication, authorization, admission', arrow: 'self', emphasis: 'normal', step: 1, events: [] },
      { type: 'message', id: 'm3', number: 3, from: 'apiserver', to: 'etcd', label: 'txn put /registry/deployments/default/web', arrow: 'sync', emphasis: 'normal', activate: true, step: 1, events: [] },
      { type: 'message', id: 'm4', number: 4, from: 'etcd', to: 'apiserver', label: 'revision 42', arrow: 'reply', emphasis: 'normal', deactivate: true, step: 1, events: [] },
      { type: 'message', id: 'm5', number: 5, from: 'apiserver', to: 'kubectl', label: '201 Created', arrow: 'reply', emphasis: 'success', deactivate: true, step: 1, events: [] },
      { type: 'note', id: 'n1', over: ['apiserver', 'etcd'], text: 'the Deployment is stored', step: 1 },
      {
        type: 'loop', id: 'l1', label: 'for each of 3 Pods', count: 3, step: 1,
        items: [
          { type: 'message', id: 'm6', number: 6, from: 'apiserver', to: 'rs-controller', label: 'watch: ADDED ReplicaSet', arrow: 'async', emphasis: 'normal', step: 1, events: [] },
          { type: 'message', id: 'm7', number: 7, from: 'rs-controller', to: 'apiserver', label: 'POST pods', arrow: 'sync', emphasis: 'normal', step: 1, events: [] },
        ],
      },
      {
        type: 'alt', id: 'a1', step: 1,
        branches: [
          { label: 'image present', items: [{ type: 'message', id: 'm8', number: 8, from: 'kubelet', to: 'kubelet', label: 'start container', arrow: 'self', emphasis: 'normal', step: 1, events: [] }] },
          { label: 'image missing', items: [{ type: 'message', id: 'm9', number: 10, from: 'kubelet', to: 'apiserver', label: 'ErrImagePull', arrow: 'sync', emphasis: 'danger', step: 1, events: [] }] },
          { label: 'empty branch', items: [] },
        ],
      },
    ],
    steps: [{ number: 1, title: 'kubectl apply -f web.yaml' }],
  };
}

/** Replace every user-visible string of a view with hostile text (ids too). */
export function hostileView<T extends View>(view: T): T {
  let i = 0;
  const next = () => hostile(i++);
  const json = JSON.stringify(view, (key, value: unknown) => {
    if (typeof value !== 'string') return value;
    if (['label', 'title', 'text', 'sublabel'].includes(key)) return next();
    return value;
  });
  const out = JSON.parse(json) as T;
  return { ...out, title: HOSTILE[0] } as T;
}

/** Hostile ids: every id-like field gets syntax in it, consistently renamed. */
export function hostileIds<T extends View>(view: T): T {
  const json = JSON.stringify(view, (key, value: unknown) => {
    if (typeof value === 'string' && ['id', 'from', 'to', 'parent', 'box'].includes(key)) return `end; ${value} --> "x"`;
    if (Array.isArray(value) && key === 'over') return value.map((v) => `end; ${String(v)} --> "x"`);
    return value;
  });
  return JSON.parse(json) as T;
}

/**
 * Awkward but possible views: empty title and labels, emoji, a long label,
 * references to unknown ids, empty blocks, a deactivation with no activation,
 * numbering that skips, a group with no children.
 */
export function edgeCases(): View[] {
  const arch = architecture();
  arch.title = '🚀 launch: all (pods)';
  arch.nodes.push(node('empty-group', '', null, 'group'), node('emoji', '🚀 λ × ü', null));
  arch.edges.push(edge('ghost', 'emoji', 'no-such-node', { label: 'x'.repeat(300) }), edge('to-group', 'emoji', 'empty-group'));
  const seq: SequenceView = {
    kind: 'sequence',
    title: '',
    boxes: [{ id: 'b', label: '' }],
    participants: [
      { id: 'a', label: '', icon: 'none', box: 'b' },
      { id: 'c', label: '🚀', icon: 'none', box: 'missing-box' },
    ],
    items: [
      { type: 'separator', id: 's0', step: 1, title: '' },
      { type: 'message', id: 'm1', number: 5, from: 'a', to: 'c', label: '', arrow: 'reply', emphasis: 'normal', deactivate: true, step: 1, events: [] },
      { type: 'message', id: 'm2', number: 6, from: 'c', to: 'ghost', label: 'to an undeclared participant', arrow: 'async', emphasis: 'danger', activate: true, deactivate: true, step: 1, events: [] },
      { type: 'note', id: 'n0', over: [], text: 'over nobody', step: 1 },
      { type: 'loop', id: 'l0', label: '', count: 0, items: [], step: 1 },
      { type: 'alt', id: 'a0', branches: [], step: 1 },
      { type: 'alt', id: 'a1', branches: [{ label: '', items: [] }], step: 1 },
      { type: 'separator', id: 's1', step: 2, title: 'step 2' },
      { type: 'loop', id: 'l1', label: 'nested', count: 2, step: 2, items: [
        { type: 'separator', id: 's2', step: 2, title: 'nested separator' },
        { type: 'message', id: 'm3', number: 7, from: 'a', to: 'a', label: 'self', arrow: 'self', emphasis: 'warning', step: 2, events: [] },
      ] },
    ],
    steps: [],
  };
  const flow = flowchart();
  flow.nodes = flow.nodes.map((n) => ({ ...n, parent: n.id === 'start' ? 'start' : n.parent, label: n.id === 'fits' ? '' : n.label }));
  return [arch, seq, flow];
}

export const HAND_VIEWS: readonly View[] = [architecture(), sequence(), flowchart()];
