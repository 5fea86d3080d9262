/**
 * Steps other than kubectl commands: `wait` (kubectl wait), `advance` (time
 * passes), `fault` (node/etcd/API server down or up, a node deleted, a pod
 * crashed or deleted), `expect`, and
 * `traffic` (packets through DNS, kube-proxy, the CNI, ingress and NAT: see
 * traffic/). `load` is not modelled by this version: the step is recorded as
 * such, never faked.
 */
import type { Scenario, ScenarioStep } from '../../scenario/types.ts';
import type { Cluster } from '../boot/cluster.ts';
import { runKubectl, type KubectlResult } from '../kubectl/index.ts';
import { userIdentity } from '../apiserver/identity.ts';
import { runTrafficStep, TRAFFIC_SIMPLIFICATIONS } from './traffic/index.ts';
import { passTime } from '../components/timers.ts';
import { runPodFault } from './pod-faults.ts';
import { recordHealthCheck } from '../apiserver/load-balancer.ts';
import { deleteNode, onNodeFault } from './node-faults.ts';
import { runLoadStep } from './load.ts';
import { LOAD_NOTE, NODE_DELETE_NOTE, NODE_FAULT_NOTE, TIMERS_NOTE } from '../simplifications/index.ts';
import { memberChanged } from '../kernel/etcd-raft.ts';

export interface StepRun {
  command: string;
  result?: KubectlResult;
}

const WAIT_POLL_MS = 500;
/** kubectl wait caps its wait at 9 minutes; a little more for its last requests. */
const WAIT_HORIZON_MS = 10 * 60_000;

export function runNonKubectlStep(cluster: Cluster, _scenario: Scenario, step: ScenarioStep, extra: string[]): StepRun {
  const { w } = cluster;
  switch (step.type) {
    case 'advance':
      passTime(w, w.clock.now() + step.duration);
      return { command: `advance ${step.duration / 1000}s` };
    case 'wait':
      return waitStep(cluster, step);
    case 'fault':
      return faultStep(cluster, step, extra);
    case 'expect':
      return { command: 'expect' };
    case 'traffic': {
      // Networking (Services, kube-proxy, DNS, Ingress, egress, NetworkPolicy): src/cluster/steps/traffic/.
      for (const s of TRAFFIC_SIMPLIFICATIONS) if (!extra.includes(s)) extra.push(s);
      return runTrafficStep(cluster, _scenario, step);
    }
    case 'load':
      // Per-pod CPU usage seen by metrics-server and the HPA: src/cluster/steps/load.ts.
      note(extra, LOAD_NOTE);
      note(extra, TIMERS_NOTE);
      return runLoadStep(cluster, step);
    case 'git': {
      // A commit pushed to the repository the GitOps controller syncs (./controllers/gitops.ts).
      const stdout = cluster.gitops ? cluster.gitops.commit(step) : '';
      return { command: `git commit -m "${step.message}" && git push`, result: { stdout, stderr: '', exitCode: 0 } };
    }
    case 'kubectl':
      throw new Error('kubectl steps are run by simulate()');
  }
}

/**
 * A `wait:` step is `kubectl wait` (../kubectl/wait.ts) run as admin: the same
 * GET and WATCH through the API server, the same output, errors and exit codes.
 */
function waitStep(cluster: Cluster, step: Extract<ScenarioStep, { type: 'wait' }>): StepRun {
  const { w } = cluster;
  const timeout = `${step.timeout}ms`;
  const argv = ['wait', `--for=${step.for}`, step.object, ...(step.namespace ? ['-n', step.namespace] : []), `--timeout=${timeout}`];
  const command = `kubectl wait --for=${step.for} ${step.object}${step.namespace ? ` -n ${step.namespace}` : ''} --timeout=${step.timeout / 1000}s`;
  let result: KubectlResult | undefined;
  const start = w.clock.now();
  runKubectl(w, argv, userIdentity('admin', ['system:masters']), {}, (r) => (result = r));
  // Until kubectl exits (its wait is capped below the step's settle horizon).
  while (!result && w.clock.pending() > 0 && w.clock.now() - start < WAIT_HORIZON_MS) w.clock.runUntil(w.clock.now() + WAIT_POLL_MS);
  return { command, result: result ?? { stdout: '', stderr: 'error: timed out waiting for the server\n', exitCode: 1 } };
}

function faultStep(cluster: Cluster, step: Extract<ScenarioStep, { type: 'fault' }>, extra: string[]): StepRun {
  const { w } = cluster;
  const command = `fault ${step.target} ${step.name} ${step.action}`;
  const up = step.action === 'up';
  switch (step.target) {
    case 'node': {
      const k = cluster.kubelets.get(step.name);
      if (k && step.action === 'delete') {
        // The machine is removed and its Node object deleted; the pod garbage collector takes it from there: ./node-faults.ts.
        note(extra, NODE_DELETE_NOTE);
        note(extra, TIMERS_NOTE);
        return { command, result: deleteNode(cluster, step.name) };
      }
      if (!k || (step.action !== 'down' && step.action !== 'up' && step.action !== 'join')) break;
      // `join` (a node declared `joins: later`) is its kubelet's first start: it registers the Node (node-status.ts).
      const started = step.action !== 'down';
      k.up = started;
      const what = step.action === 'join' ? 'joins' : started ? 'up' : 'down';
      const ev = w.rec.emit({ type: 'outcome', from: k.id, to: k.id, action: started ? 'kubelet-start' : 'kubelet-stop', summary: `${step.name} ${what}: kubelet ${started ? 'started' : 'stopped'}`, cause: null });
      // Lease expiry, NotReady, taints and evictions: src/cluster/steps/node-faults.ts.
      onNodeFault(cluster, step.name, started, ev);
      note(extra, NODE_FAULT_NOTE);
      note(extra, TIMERS_NOTE);
      return { command };
    }
    case 'etcd': {
      const member = step.name === 'etcd' ? w.etcd.members[0]!.name : step.name;
      const before = w.etcd.hasQuorum();
      if (!w.etcd.setMember(member, up)) break;
      const changed = w.rec.emit({ type: 'outcome', from: member, to: member, action: up ? 'member-up' : 'member-down', summary: `etcd member ${step.name} ${up ? 'up' : 'down'}; quorum ${quorumChange(before, w.etcd.hasQuorum())}`, cause: null });
      // A leader that went down is gone; a majority without a leader elects one (../kernel/etcd-raft.ts).
      memberChanged(w.rec, w.etcd, changed);
      return { command };
    }
    case 'apiServer': {
      // Several API servers: only that instance; the load balancer's health check notices (apiserver/load-balancer.ts).
      const server = w.api.lb ? step.name : w.api.id;
      if (!w.api.setServerUp(server, up)) break;
      w.rec.emit({ type: 'outcome', from: server, to: server, action: up ? 'apiserver-up' : 'apiserver-down', summary: `${step.name} ${up ? 'up' : 'down'}`, cause: null });
      if (w.api.lb) recordHealthCheck(w.rec, w.api.lb, server, up);
      cluster.leaders?.apiServerChanged(server, up, (x) => w.api.lb?.isUp(x) ?? w.api.up);
      cluster.apiEndpoints.serverChanged(server, up, (x) => w.api.lb?.isUp(x) ?? w.api.up);
      return { command };
    }
    case 'pod': {
      // Container crash (kubelet restart with CrashLoopBackOff) or pod deletion: src/cluster/steps/pod-faults.ts.
      const result = runPodFault(cluster, step);
      note(extra, TIMERS_NOTE);
      return result ? { command, result } : { command };
    }
  }
  note(extra, `fault ${step.target} ${step.action} is not modelled by this version of the cluster model; step ${step.number} changed nothing.`);
  return { command, result: { stdout: '', stderr: `kubescene: fault ${step.target} ${step.action} is not modelled yet\n`, exitCode: 0 } };
}

/** How a member going up or down changed the quorum: `kept`, `lost`, `regained` (lost before, held after) or `still lost`. */
export function quorumChange(before: boolean, after: boolean): string {
  if (before) return after ? 'kept' : 'lost';
  return after ? 'regained' : 'still lost';
}

function note(extra: string[], s: string): void {
  if (!extra.includes(s)) extra.push(s);
}
