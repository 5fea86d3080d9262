/**
 * The decision points a request can pass through, as a template: the API
 * server handler chain, then (for workloads) controllers, scheduler and
 * kubelet. The builder keeps the parts that apply to the step, and marks
 * each point taken or not from what the trace shows.
 */
import type { GraphNodeShape, IconName } from '../types.ts';

export interface PointSpec {
  key: string;
  shape: Exclude<GraphNodeShape, 'group' | 'component'>;
  label: string;
  icon: IconName;
  /** For terminals: what reaching it means. */
  outcome?: 'success' | 'failure';
}

export interface LinkSpec {
  from: string;
  to: string;
  label?: string;
}

export interface Template {
  points: PointSpec[];
  links: LinkSpec[];
}

const decision = (key: string, label: string): PointSpec => ({ key, shape: 'decision', label, icon: 'decision' });
const process = (key: string, label: string, icon: IconName = 'none'): PointSpec => ({ key, shape: 'process', label, icon });
const fail = (key: string, label: string): PointSpec => ({ key, shape: 'terminal', label, icon: 'end', outcome: 'failure' });
const done = (key: string, label: string): PointSpec => ({ key, shape: 'terminal', label, icon: 'end', outcome: 'success' });

/** Checks of the handler chain on a write, in order, with the failure each one ends in. */
export const WRITE_CHECKS: { key: string; phase: string; question: string; failure: string }[] = [
  { key: 'authn', phase: 'authentication', question: 'authenticated?', failure: '401 Unauthorized' },
  { key: 'authz', phase: 'authorization', question: 'authorized?', failure: '403 Forbidden' },
  { key: 'mutating', phase: 'mutating-admission', question: 'admitted (mutating)?', failure: 'rejected by mutating admission' },
  { key: 'validation', phase: 'validation', question: 'valid?', failure: '422 Invalid' },
  { key: 'validating', phase: 'validating-admission', question: 'admitted (validating)?', failure: 'rejected by validating admission' },
];

export const READ_CHECKS = WRITE_CHECKS.slice(0, 2);

/** start → checks (each with a failure exit) → `next`. */
function chain(checks: typeof WRITE_CHECKS, next: string): Template {
  const points: PointSpec[] = [{ key: 'start', shape: 'terminal', label: 'request', icon: 'start' }];
  const links: LinkSpec[] = [];
  let previous = 'start';
  for (const c of checks) {
    points.push(decision(c.key, c.question), fail(`${c.key}-fail`, c.failure));
    links.push({ from: previous, to: c.key, ...(previous === 'start' ? {} : { label: 'yes' }) }, { from: c.key, to: `${c.key}-fail`, label: 'no' });
    previous = c.key;
  }
  links.push({ from: previous, to: next, label: 'yes' });
  return { points, links };
}

/** `controllers` lead from the stored object to Pods; `pods` adds the scheduler and kubelet part. */
export function writeTemplate(verb: string, controllers: string[], pods: boolean): Template {
  const t = chain(WRITE_CHECKS, 'etcd');
  t.points.push(process('etcd', verb === 'delete' ? 'deleted from etcd' : 'stored in etcd', 'etcd'), done('response', 'response'));
  t.links.push({ from: 'etcd', to: 'response' });
  if (!pods) return t;
  let previous = 'etcd';
  for (const c of controllers) {
    t.points.push(process(`ctrl-${c.toLowerCase()}`, `${c} controller`, 'controller'));
    t.links.push({ from: previous, to: `ctrl-${c.toLowerCase()}` });
    previous = `ctrl-${c.toLowerCase()}`;
  }
  appendPodLifecycle(t, previous);
  return t;
}

/** scheduler → kubelet → Ready, for anything that ends in Pods. */
function appendPodLifecycle(t: Template, from: string): void {
  t.points.push(
    decision('sched', 'any node passes the filters?'),
    fail('pending', 'Pending · FailedScheduling'),
    process('bind', 'bind to a node', 'scheduler'),
    decision('image', 'image present on the node?'),
    process('skip-pull', 'skip pull', 'kubelet'),
    process('pull', 'pull image', 'registry'),
    process('sandbox', 'sandbox + CNI', 'runtime'),
    process('started', 'container started', 'container'),
    done('ready', 'Ready'),
  );
  t.links.push(
    { from, to: 'sched' },
    { from: 'sched', to: 'bind', label: 'yes' },
    { from: 'sched', to: 'pending', label: 'no' },
    { from: 'bind', to: 'image' },
    { from: 'image', to: 'skip-pull', label: 'yes' },
    { from: 'image', to: 'pull', label: 'no' },
    { from: 'skip-pull', to: 'sandbox' },
    { from: 'pull', to: 'sandbox' },
    { from: 'sandbox', to: 'started' },
    { from: 'started', to: 'ready' },
  );
}

export function readTemplate(): Template {
  const t = chain(READ_CHECKS, 'cache');
  t.points.push(decision('cache', 'served from watch cache?'), process('cache-hit', 'served from watch cache', 'apiserver'), process('etcd-read', 'read from etcd', 'etcd'), process('response', 'response', 'apiserver'), done('table', 'kubectl prints a table'));
  t.links.push({ from: 'cache', to: 'cache-hit', label: 'yes' }, { from: 'cache', to: 'etcd-read', label: 'no' }, { from: 'cache-hit', to: 'response' }, { from: 'etcd-read', to: 'response' }, { from: 'response', to: 'table' });
  return t;
}

/** Reviews (`kubectl auth can-i`, TokenReview) are answered by the API server and never stored. */
export function reviewTemplate(): Template {
  const t = chain(READ_CHECKS, 'review');
  t.points.push(process('review', 'evaluated, not stored', 'apiserver'), done('response', 'response'));
  t.links.push({ from: 'review', to: 'response' });
  return t;
}

/** Which controllers stand between a written object and its Pods. */
export function controllersFor(kind: string): string[] {
  switch (kind) {
    case 'Deployment':
      return ['Deployment', 'ReplicaSet'];
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
      return [kind];
    case 'CronJob':
      return ['CronJob', 'Job'];
    default:
      return [];
  }
}
