/**
 * `traffic` steps: resolve who sends and what is addressed, plan each request
 * hop by hop against the current cluster state (seeded random choices for
 * load balancing), record the hops as `packet` events, and print what a
 * `curl` in the sender would show (a summary for many requests).
 */
import type { Scenario, TrafficStep } from '../../../scenario/types.ts';
import type { Cluster } from '../../boot/cluster.ts';
import type { KubectlResult } from '../../kubectl/index.ts';
import { emitPlans } from './emit.ts';
import { makeNet } from './net.ts';
import { planRequest } from './plan.ts';
import { resolveSource, resolveTarget } from './resolve.ts';
import type { RequestPlan, RequestResult } from './types.ts';

export { TRAFFIC_SIMPLIFICATIONS } from '../../simplifications/traffic.ts';

export interface TrafficRun {
  command: string;
  result: KubectlResult;
}

export function trafficCommand(step: TrafficStep): string {
  const opts = [step.port !== undefined ? `--port ${step.port}` : '', step.host ? `--host ${step.host}` : '', step.path ? `--path ${step.path}` : '', step.count > 1 ? `--count ${step.count}` : '', step.namespace ? `-n ${step.namespace}` : ''].filter(Boolean);
  return `traffic ${step.from} → ${step.to}${opts.length > 0 ? ` ${opts.join(' ')}` : ''}`;
}

export function runTrafficStep(cluster: Cluster, scenario: Scenario, step: TrafficStep): TrafficRun {
  const { w } = cluster;
  const command = trafficCommand(step);
  const src = resolveSource(w, step);
  if (!src.ok) return { command, result: { stdout: '', stderr: `error: ${src.message}\n`, exitCode: 1 } };
  const target = resolveTarget(step);
  if (!target.ok) return { command, result: { stdout: '', stderr: `error: ${target.message}\n`, exitCode: 1 } };
  const net = makeNet(w, scenario.cluster.proxyMode, w.prng(`traffic-${step.number}`), {
    apiServerAt: (ip) => {
      const id = cluster.apiEndpoints.serverAt(ip);
      return id === undefined ? undefined : { id, up: w.api.lb ? w.api.lb.isUp(id) : w.api.up };
    },
    path: target.value.path,
  });
  const plans: RequestPlan[] = [];
  for (let i = 0; i < step.count; i++) plans.push(planRequest(net, src.value, target.value));
  emitPlans(w, plans);
  return { command, result: report(plans.map((p) => p.result)) };
}

/** What the sender sees: curl's output and exit code for one request, a tally for many. */
export function report(results: readonly RequestResult[]): KubectlResult {
  if (results.length === 1) return single(results[0]!);
  const answered = results.filter((r) => r.kind === 'answered');
  const byBackend = new Map<string, number>();
  for (const r of answered) if (r.kind === 'answered') byBackend.set(r.by, (byBackend.get(r.by) ?? 0) + 1);
  const failures = new Map<string, number>();
  for (const r of results) if (r.kind !== 'answered') failures.set(failureText(r), (failures.get(failureText(r)) ?? 0) + 1);
  const lines = [`${results.length} requests: ${answered.length} answered, ${results.length - answered.length} failed`];
  for (const [b, n] of [...byBackend].sort((a, b2) => (a[0] < b2[0] ? -1 : 1))) lines.push(`  ${String(n).padStart(4)}  ${b}`);
  for (const [f, n] of [...failures].sort((a, b2) => (a[0] < b2[0] ? -1 : 1))) lines.push(`  ${String(n).padStart(4)}  ${f}`);
  return { stdout: `${lines.join('\n')}\n`, stderr: '', exitCode: answered.length === results.length ? 0 : 1 };
}

function single(r: RequestResult): KubectlResult {
  switch (r.kind) {
    case 'answered': {
      const head = r.status > 0 ? `HTTP/1.1 ${r.status} ${statusText(r.status)}\n` : '';
      return { stdout: `${head}answered by ${r.by}${r.byIp ? ` (${r.byIp})` : ''}${r.node ? ` on ${r.node}` : ''}\n`, stderr: '', exitCode: 0 };
    }
    case 'dropped':
      return { stdout: '', stderr: `curl: (28) Connection timed out: ${r.where ? `packet dropped at ${r.where}: ` : ''}${r.reason}\n`, exitCode: 28 };
    case 'refused':
      return { stdout: '', stderr: `curl: (7) Failed to connect: Connection refused: ${r.reason}\n`, exitCode: 7 };
    case 'unresolved':
      return { stdout: '', stderr: `curl: (6) Could not resolve host: ${r.name}\n`, exitCode: 6 };
  }
}

function statusText(status: number): string {
  return status === 200 ? 'OK' : status === 403 ? 'Forbidden' : status === 404 ? 'Not Found' : 'Service Temporarily Unavailable';
}

function failureText(r: RequestResult): string {
  return single(r).stderr.trim();
}
