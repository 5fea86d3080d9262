/**
 * The Job's pod failure policy (pkg/controller/job/pod_failure_policy.go,
 * release 1.31; JobPodFailurePolicy beta and on by default since 1.26, GA in
 * 1.31). Pure: which rule a failed pod matches, and what that means.
 *
 * matchPodFailurePolicy walks the rules in order; the first that matches
 * wins. A rule with onExitCodes matches the first container (then init
 * container) status that has terminated with a non-zero exit code, whose name
 * is `containerName` when that is set, and whose exit code is In / NotIn the
 * values. A rule with onPodConditions matches the first pod condition (in the
 * pod's order) equal in type and status to one of the patterns. FailJob fails
 * the Job with upstream's message; Ignore does not count the failure against
 * backoffLimit; Count counts it (as without a policy); FailIndex counts it too
 * and fails the pod's index at once (JobBackoffLimitPerIndex, beta since 1.29:
 * isIndexFailed in ./job-indexed.ts).
 */
import type { JobSpec, PodObj, ContainerStatus } from '../../core/typed.ts';

export type PodFailurePolicy = NonNullable<JobSpec['podFailurePolicy']>;
type Rule = PodFailurePolicy['rules'][number];
type OnExitCodes = NonNullable<Rule['onExitCodes']>;

export interface PolicyMatch {
  /** The Job failure message (a FailJob rule matched). */
  failJob?: string;
  /** Whether the failure counts against backoffLimit (false for Ignore). */
  count: boolean;
  /** The action of the matched rule, if any. */
  action?: string;
}

/** matchPodFailurePolicy (pod_failure_policy.go). */
export function matchPodFailurePolicy(policy: PodFailurePolicy | undefined, pod: PodObj): PolicyMatch {
  if (!policy) return { count: true };
  const ns = pod.metadata.namespace ?? 'default';
  const name = pod.metadata.name;
  for (const [index, rule] of (policy.rules ?? []).entries()) {
    if (rule.onExitCodes) {
      const cs = matchOnExitCodes(pod, rule.onExitCodes);
      if (!cs) continue;
      const m = act(rule.action, () => `Container ${cs.name} for pod ${ns}/${name} failed with exit code ${cs.exitCode} matching ${rule.action} rule at index ${index}`);
      if (m) return m;
    } else if (rule.onPodConditions) {
      const cond = matchOnPodConditions(pod, rule.onPodConditions);
      if (!cond) continue;
      const m = act(rule.action, () => `Pod ${ns}/${name} has condition ${cond} matching ${rule.action} rule at index ${index}`);
      if (m) return m;
    }
  }
  return { count: true };
}

function act(action: string, message: () => string): PolicyMatch | undefined {
  switch (action) {
    case 'Ignore':
      return { count: false, action };
    case 'FailIndex':
    case 'Count':
      return { count: true, action };
    case 'FailJob':
      return { failJob: message(), count: true, action };
    default:
      // An action the controller does not know: the rule is passed over (Go's switch has no default).
      return undefined;
  }
}

/** matchOnExitCodes: the containers first, then the init containers. */
function matchOnExitCodes(pod: PodObj, req: OnExitCodes): { name: string; exitCode: number } | undefined {
  return matchingContainer(pod.status?.containerStatuses ?? [], req) ?? matchingContainer(pod.status?.initContainerStatuses ?? [], req);
}

/** getMatchingContainerFromList: the first terminated container with a non-zero exit code that matches. */
function matchingContainer(statuses: readonly ContainerStatus[], req: OnExitCodes): { name: string; exitCode: number } | undefined {
  for (const cs of statuses) {
    const t = cs.state?.terminated;
    if (!t) continue; // still running or terminating: no exit code to match
    if (req.containerName !== undefined && req.containerName !== cs.name) continue;
    if (t.exitCode === 0) continue;
    const listed = req.values.includes(t.exitCode);
    if (req.operator === 'In' ? listed : req.operator === 'NotIn' ? !listed : false) return { name: cs.name, exitCode: t.exitCode };
  }
  return undefined;
}

/** matchOnPodConditions: the first pod condition (in the pod's order) that one of the patterns names, by type and status. */
function matchOnPodConditions(pod: PodObj, patterns: NonNullable<Rule['onPodConditions']>): string | undefined {
  for (const c of pod.status?.conditions ?? []) {
    for (const p of patterns) if (c.type === p.type && c.status === p.status) return c.type;
  }
  return undefined;
}
