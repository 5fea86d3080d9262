/**
 * The Job's active deadline and pod failure policy (upstream
 * pkg/controller/job/job_controller.go syncJob and pod_failure_policy.go,
 * release 1.31), ported from job_controller_test.go
 * (TestSyncJobPastDeadline, TestSyncJobWithJobPodFailurePolicy) and
 * pod_failure_policy_test.go (TestMatchPodFailurePolicy):
 * - pastActiveDeadline: a Job active for spec.activeDeadlineSeconds (since
 *   status.startTime) gets FailureTarget, then Failed, reason
 *   DeadlineExceeded, message "Job was active longer than specified
 *   deadline"; its active pods are deleted; the controller syncs the Job
 *   again at the deadline (queue.AddAfter), so the deadline fires without any
 *   other event;
 * - matchPodFailurePolicy: the first matching rule wins; FailJob fails the Job
 *   (reason PodFailurePolicy, "Container c for pod ns/p failed with exit code
 *   N matching FailJob rule at index i"); Ignore does not count the failure
 *   against backoffLimit; Count counts it;
 * - validation (pkg/apis/batch/validation validateJobSpec): a pod failure
 *   policy needs restartPolicy Never.
 */
import { describe, expect, it } from 'vitest';
import { activeDeadline } from '../../src/cluster/components/controllers/job.ts';
import { matchPodFailurePolicy, type PodFailurePolicy } from '../../src/cluster/components/controllers/job-failure-policy.ts';
import type { PodObj } from '../../src/cluster/core/typed.ts';
import type { Obj } from '../../src/cluster/core/object.ts';
import { validateObject } from '../../src/cluster/apiserver/validation.ts';
import type { Trace } from '../../src/trace/types.ts';
import { failed, kubeEvents, run, timeOf } from './helpers.ts';

const job = (spec: string, command: string, restartPolicy = 'Never', version = '1.31'): string => `kubescene: v1
name: t
cluster:
  kubernetes: "${version}"
  nodes:
    - { name: worker-1, images: ["busybox:1.36"] }
files:
  job.yaml:
    apiVersion: batch/v1
    kind: Job
    metadata: { name: j }
    spec:
${spec}      template:
        spec:
          restartPolicy: ${restartPolicy}
          containers:
            - { name: main, image: "busybox:1.36", command: [sh, -c, "${command}"] }
steps:
  - kubectl: apply -f job.yaml
`;

/** The Job controller's status writes that add a condition, in order (the note of PUT jobs/status). */
const conditionWrites = (t: Trace): string[] => t.events.filter((e) => e.from === 'job-controller' && e.type === 'request' && e.summary.startsWith('PUT jobs/status j ')).map((e) => e.summary.slice('PUT jobs/status j '.length));

/** `expect` lines for the Job's conditions: [type, reason, message] each. */
const expectConditions = (...cs: [string, string, string?][]): string =>
  cs
    .map(([type, reason, message], i) =>
      [
        `      - object: job/j\n        path: status.conditions[${i}].type\n        equals: ${type}\n`,
        `      - object: job/j\n        path: status.conditions[${i}].reason\n        equals: ${reason}\n`,
        message ? `      - object: job/j\n        path: status.conditions[${i}].message\n        equals: "${message}"\n` : '',
      ].join(''),
    )
    .join('');

describe('activeDeadlineSeconds (pastActiveDeadline, TestSyncJobPastDeadline)', () => {
  it.each([
    // [name, activeDeadlineSeconds, start, now, past]
    ['activeDeadlineSeconds less than single pod execution', 10, 0, 15_000, true],
    ['activeDeadlineSeconds exactly reached', 10, 0, 10_000, true],
    ['not yet', 10, 0, 9_999, false],
    ['activeDeadlineSeconds 0 fails at once', 0, 5_000, 5_000, true],
  ])('%s', (_name, ads, start, now, past) => {
    expect(activeDeadline({ activeDeadlineSeconds: ads }, start, now)).toEqual({ at: start + ads * 1000, past });
  });

  it('without activeDeadlineSeconds there is no deadline', () => {
    expect(activeDeadline({}, 0, 1e9)).toBeUndefined();
  });

  it('a Job running past its deadline: its pod is deleted, FailureTarget then Failed (DeadlineExceeded), the Warning event, status.failed 1 — with no other event than time passing', () => {
    const t = run(
      job('      activeDeadlineSeconds: 30\n', 'sleep 3600') +
        `  - advance: 60s
    expect:
      - event: { reason: DeadlineExceeded, object: job/j, message: "Job was active longer than specified deadline" }
      - event: { reason: SuccessfulDelete, object: job/j }
      - object: job/j
        path: status.failed
        equals: 1
${expectConditions(['FailureTarget', 'DeadlineExceeded', 'Job was active longer than specified deadline'], ['Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline'])}`,
    );
    expect(failed(t)).toEqual([]);
    expect(conditionWrites(t)).toEqual(['FailureTarget', 'Failed']);
    expect(kubeEvents(t, 'DeadlineExceeded')).toEqual(['Job was active longer than specified deadline']);
    expect(kubeEvents(t, 'BackoffLimitExceeded')).toEqual([]);
    // The controller synced the Job again at its deadline (30 s after its start), not before.
    const at = timeOf(t, 'activeDeadlineSeconds 30s of job/j reached', 'job-controller');
    const created = timeOf(t, 'POST jobs', 'kubectl');
    expect(at).toBeDefined();
    expect(at! - created!).toBeGreaterThanOrEqual(29_000);
    expect(at! - created!).toBeLessThanOrEqual(31_000);
    const del = timeOf(t, 'DELETE pods', 'job-controller');
    expect(del).toBeGreaterThanOrEqual(at!);
  });

  it('a Job that completes before its deadline is not failed, and the deadline leaves no trace', () => {
    const t = run(job('      activeDeadlineSeconds: 30\n', 'sleep 2') + '  - advance: 60s\n');
    expect(conditionWrites(t)).toEqual(['SuccessCriteriaMet', 'Complete']);
    expect(kubeEvents(t, 'DeadlineExceeded')).toEqual([]);
    expect(timeOf(t, 'activeDeadlineSeconds 30s', 'job-controller')).toBeUndefined();
  });

  it('1.23: Failed directly with reason DeadlineExceeded', () => {
    const t = run(job('      activeDeadlineSeconds: 10\n', 'sleep 3600', 'Never', '1.23') + '  - advance: 30s\n    expect:\n' + expectConditions(['Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline']));
    expect(failed(t)).toEqual([]);
    expect(conditionWrites(t)).toEqual(['Failed']);
    expect(kubeEvents(t, 'DeadlineExceeded')).toHaveLength(1);
  });
});

const pod = (containers: { name: string; exitCode?: number }[], conditions: { type: string; status: string }[] = [], init: { name: string; exitCode?: number }[] = []): PodObj => {
  const cs = (c: { name: string; exitCode?: number }) => ({
    name: c.name,
    image: 'busybox:1.36',
    imageID: '',
    ready: false,
    restartCount: 0,
    state: c.exitCode === undefined ? { running: { startedAt: '2025-01-01T00:00:00Z' } } : { terminated: { exitCode: c.exitCode } },
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'mypod', namespace: 'default' },
    spec: { containers: containers.map((c) => ({ name: c.name })) },
    status: { phase: 'Failed', containerStatuses: containers.map(cs), initContainerStatuses: init.map(cs), conditions: conditions.map((c) => ({ ...c })) },
  } as PodObj;
};

describe('matchPodFailurePolicy (pod_failure_policy_test.go TestMatchPodFailurePolicy)', () => {
  const exitCodes = (action: string, operator: 'In' | 'NotIn', values: number[], containerName?: string) => ({ action, onExitCodes: { operator, values, ...(containerName ? { containerName } : {}) } });
  const policy = (...rules: unknown[]): PodFailurePolicy => ({ rules }) as PodFailurePolicy;
  const FAIL = (c: string, code: number, i: number) => `Container ${c} for pod default/mypod failed with exit code ${code} matching FailJob rule at index ${i}`;

  it.each<[string, PodFailurePolicy | undefined, PodObj, { failJob?: string; count: boolean; action?: string }]>([
    ['no policy: counted', undefined, pod([{ name: 'main', exitCode: 2 }]), { count: true }],
    ['ignore rule matched for exit codes', policy(exitCodes('Ignore', 'In', [1, 2, 3])), pod([{ name: 'main', exitCode: 2 }]), { count: false, action: 'Ignore' }],
    ['FailJob rule matched for exit codes', policy(exitCodes('FailJob', 'In', [1, 2, 3])), pod([{ name: 'main', exitCode: 2 }]), { failJob: FAIL('main', 2, 0), count: true, action: 'FailJob' }],
    ['successful containers are skipped by the rules', policy(exitCodes('FailJob', 'NotIn', [111])), pod([{ name: 'init-ok', exitCode: 0 }, { name: 'main', exitCode: 3 }]), { failJob: FAIL('main', 3, 0), count: true, action: 'FailJob' }],
    ['NotIn: an exit code in the list does not match', policy(exitCodes('FailJob', 'NotIn', [2, 42])), pod([{ name: 'main', exitCode: 42 }]), { count: true }],
    ['first rule wins (Ignore before FailJob)', policy(exitCodes('Ignore', 'In', [1, 2, 3]), exitCodes('FailJob', 'In', [1, 2, 3])), pod([{ name: 'main', exitCode: 2 }]), { count: false, action: 'Ignore' }],
    ['first matching rule wins (the first does not match)', policy(exitCodes('Ignore', 'In', [5]), exitCodes('FailJob', 'In', [1, 2, 3])), pod([{ name: 'main', exitCode: 2 }]), { failJob: FAIL('main', 2, 1), count: true, action: 'FailJob' }],
    ['Count rule', policy(exitCodes('Count', 'In', [2])), pod([{ name: 'main', exitCode: 2 }]), { count: true, action: 'Count' }],
    ['FailIndex rule counts (per-index back-off aside)', policy(exitCodes('FailIndex', 'In', [2])), pod([{ name: 'main', exitCode: 2 }]), { count: true, action: 'FailIndex' }],
    ['containerName restricts the rule', policy(exitCodes('FailJob', 'In', [2], 'other')), pod([{ name: 'main', exitCode: 2 }, { name: 'other', exitCode: 1 }]), { count: true }],
    ['containerName names the failing container', policy(exitCodes('FailJob', 'In', [1], 'other')), pod([{ name: 'main', exitCode: 2 }, { name: 'other', exitCode: 1 }]), { failJob: FAIL('other', 1, 0), count: true, action: 'FailJob' }],
    ['a running container has no exit code to match', policy(exitCodes('FailJob', 'NotIn', [0])), pod([{ name: 'main' }]), { count: true }],
    ['init containers are matched after the containers', policy(exitCodes('FailJob', 'In', [7])), pod([{ name: 'main' }], [], [{ name: 'setup', exitCode: 7 }]), { failJob: FAIL('setup', 7, 0), count: true, action: 'FailJob' }],
    ['ignore rule matched for pod conditions (DisruptionTarget)', policy({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }), pod([{ name: 'main', exitCode: 137 }], [{ type: 'DisruptionTarget', status: 'True' }]), { count: false, action: 'Ignore' }],
    ['pod condition status must match', policy({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'False' }] }), pod([{ name: 'main', exitCode: 137 }], [{ type: 'DisruptionTarget', status: 'True' }]), { count: true }],
    [
      'FailJob rule matched for pod conditions',
      policy({ action: 'FailJob', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }),
      pod([{ name: 'main', exitCode: 137 }], [{ type: 'DisruptionTarget', status: 'True' }]),
      { failJob: 'Pod default/mypod has condition DisruptionTarget matching FailJob rule at index 0', count: true, action: 'FailJob' },
    ],
    ['an unknown action is skipped', policy(exitCodes('Restart', 'In', [2]), exitCodes('Ignore', 'In', [2])), pod([{ name: 'main', exitCode: 2 }]), { count: false, action: 'Ignore' }],
  ])('%s', (_name, p, po, want) => {
    expect(matchPodFailurePolicy(p, po)).toEqual(want);
  });
});

const POLICY = (rules: string): string => `      backoffLimit: 0
      podFailurePolicy:
        rules:
${rules}`;

describe('podFailurePolicy in a running cluster (syncJob, TestSyncJobWithJobPodFailurePolicy)', () => {
  it('FailJob: the Job fails at the first matching failure, reason PodFailurePolicy with upstream\'s message, even below backoffLimit', () => {
    const t = run(
      job(POLICY('          - action: FailJob\n            onExitCodes: { containerName: main, operator: In, values: [42] }\n').replace('backoffLimit: 0', 'backoffLimit: 6'), 'exit 42') +
        '  - advance: 60s\n    expect:\n' +
        expectConditions(['FailureTarget', 'PodFailurePolicy'], ['Failed', 'PodFailurePolicy']),
    );
    expect(failed(t)).toEqual([]);
    expect(conditionWrites(t)).toEqual(['FailureTarget', 'Failed']);
    const msg = (m: string) => /^Container main for pod default\/j-[a-z0-9]+ failed with exit code 42 matching FailJob rule at index 0$/.test(m);
    const ev = kubeEvents(t, 'PodFailurePolicy');
    expect(ev).toHaveLength(1);
    expect(msg(ev[0]!)).toBe(true);
    // One pod only: no retry.
    expect(kubeEvents(t, 'SuccessfulCreate')).toHaveLength(1);
  });

  it('Ignore: a failure matching the rule is not counted against backoffLimit 0; the pod is replaced (after the back-off)', () => {
    const t = run(job(POLICY('          - action: Ignore\n            onExitCodes: { operator: In, values: [3] }\n'), 'exit 3') + '  - advance: 35s\n    expect:\n      - object: job/j\n        path: status.failed\n        exists: false\n      - object: job/j\n        path: status.conditions\n        exists: false\n');
    expect(failed(t)).toEqual([]);
    expect(conditionWrites(t)).toEqual([]);
    // 0 s, +10 s, +20 s: three pods, none counted.
    expect(kubeEvents(t, 'SuccessfulCreate')).toHaveLength(3);
    expect(t.events.some((e) => e.summary.includes('back-off 20s for job/j ran out'))).toBe(true);
  });

  it('Count: a failure matching the rule counts, as without a policy (backoffLimit 0: BackoffLimitExceeded)', () => {
    const t = run(job(POLICY('          - action: Count\n            onExitCodes: { operator: In, values: [3] }\n'), 'exit 3') + '  - advance: 30s\n    expect:\n' + expectConditions(['FailureTarget', 'BackoffLimitExceeded'], ['Failed', 'BackoffLimitExceeded']));
    expect(failed(t)).toEqual([]);
  });

  it('no rule matches: the failure counts', () => {
    const t = run(
      job(POLICY('          - action: Ignore\n            onExitCodes: { operator: In, values: [3] }\n'), 'exit 1') +
        '  - advance: 30s\n    expect:\n      - object: job/j\n        path: status.failed\n        equals: 1\n' +
        expectConditions(['FailureTarget', 'BackoffLimitExceeded'], ['Failed', 'BackoffLimitExceeded']),
    );
    expect(failed(t)).toEqual([]);
  });
});

describe('Job validation (pkg/apis/batch/validation validateJobSpec, validatePodFailurePolicy)', () => {
  const jobObj = (spec: Record<string, unknown>, restartPolicy: string | undefined = 'Never'): Obj => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j' },
    spec: { template: { spec: { ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: 'main', image: 'busybox:1.36' }], initContainers: [{ name: 'setup', image: 'busybox:1.36' }] } }, ...spec },
  });
  const exit = (operator: string, values: number[], extra: Record<string, unknown> = {}) => ({ action: 'FailJob', onExitCodes: { operator, values, ...extra } });

  it.each<[string, Record<string, unknown>, string | undefined, string[]]>([
    ['a valid policy', { podFailurePolicy: { rules: [exit('In', [1, 2]), { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] } }, 'Never', []],
    ['restartPolicy OnFailure with a pod failure policy', { podFailurePolicy: { rules: [exit('In', [1])] } }, 'OnFailure', ['spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified']],
    ['restartPolicy Always (also what an unset restartPolicy defaults to)', {}, 'Always', ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']],
    ['restartPolicy OnFailure without a policy', {}, 'OnFailure', []],
    ['an unknown action', { podFailurePolicy: { rules: [{ action: 'Restart', onExitCodes: { operator: 'In', values: [1] } }] } }, 'Never', ['spec.podFailurePolicy.rules[0].action: Unsupported value: "Restart": supported values: "Count", "FailIndex", "FailJob", "Ignore"']],
    ['no action', { podFailurePolicy: { rules: [{ onExitCodes: { operator: 'In', values: [1] } }] } }, 'Never', ['spec.podFailurePolicy.rules[0].action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]']],
    ['FailIndex without backoffLimitPerIndex', { podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } }] } }, 'Never', ['spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set']],
    ['exit code 0 with In', { podFailurePolicy: { rules: [exit('In', [0, 1])] } }, 'Never', ['spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator']],
    ['duplicate and unordered exit codes', { podFailurePolicy: { rules: [exit('NotIn', [3, 1, 3])] } }, 'Never', ['spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 3', 'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: [3,1,3]: must be ordered']],
    ['no exit codes', { podFailurePolicy: { rules: [exit('In', [])] } }, 'Never', ['spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []: at least one value is required']],
    ['an unknown operator', { podFailurePolicy: { rules: [exit('Equals', [1])] } }, 'Never', ['spec.podFailurePolicy.rules[0].onExitCodes.operator: Unsupported value: "Equals": supported values: "In", "NotIn"']],
    ['an unknown container', { podFailurePolicy: { rules: [exit('In', [1], { containerName: 'nope' })] } }, 'Never', ['spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "nope": must be one of the container or initContainer names in the pod template']],
    ['an init container may be named', { podFailurePolicy: { rules: [exit('In', [1], { containerName: 'setup' })] } }, 'Never', []],
    ['both requirements', { podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [1] }, onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] } }, 'Never', ['spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported']],
    ['no requirement', { podFailurePolicy: { rules: [{ action: 'Ignore' }] } }, 'Never', ['spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required']],
    ['a bad condition status', { podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'Yes' }] }] } }, 'Never', ['spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value: "Yes": supported values: "False", "True", "Unknown"']],
    ['podReplacementPolicy TerminatingOrFailed with a policy', { podReplacementPolicy: 'TerminatingOrFailed', podFailurePolicy: { rules: [exit('In', [1])] } }, 'Never', ['spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"']],
    ['a negative activeDeadlineSeconds', { activeDeadlineSeconds: -1 }, 'Never', ['spec.activeDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0']],
    ['a negative ttlSecondsAfterFinished', { ttlSecondsAfterFinished: -1 }, 'Never', ['spec.ttlSecondsAfterFinished: Invalid value: -1: must be greater than or equal to 0']],
  ])('%s', (_name, spec, restartPolicy, want) => {
    expect(validateObject(jobObj(spec, restartPolicy), undefined)).toEqual(want);
  });

  it('kubectl apply of a Job with a pod failure policy and restartPolicy OnFailure: 422, the object is not stored', () => {
    const t = run(
      job(POLICY('          - action: FailJob\n            onExitCodes: { operator: In, values: [1] }\n'), 'exit 1', 'OnFailure').replace('  - kubectl: apply -f job.yaml\n', '  - kubectl: apply -f job.yaml\n    expect:\n      - exit: 1\n'),
    );
    expect(failed(t)).toEqual([]);
    expect(t.steps[0]!.error).toContain('The Job "j" is invalid: spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified');
  });
});

describe('SetDefaults_Job: podReplacementPolicy', () => {
  it.each([
    ['with a pod failure policy: Failed', '      podFailurePolicy:\n        rules:\n          - { action: Ignore, onExitCodes: { operator: In, values: [3] } }\n', 'Failed'],
    ['without: TerminatingOrFailed', '', 'TerminatingOrFailed'],
  ])('%s', (_name, spec, want) => {
    const t = run(job(spec, 'sleep 1') + `    expect:\n      - object: job/j\n        path: spec.podReplacementPolicy\n        equals: ${want}\n`);
    expect(failed(t)).toEqual([]);
  });
});

describe('onlyReplaceFailedPods (podReplacementPolicy Failed, or a pod failure policy): a pod being deleted counts once it has failed', () => {
  const deleted = (policy: string): Trace =>
    run(
      job(`      podReplacementPolicy: ${policy}\n`, 'sleep 3600').replace('          restartPolicy: Never\n', '          restartPolicy: Never\n          terminationGracePeriodSeconds: 5\n') +
        `  - kubectl: wait --for=condition=ready pod -l job-name=j --timeout=60s
  - kubectl: delete pod -l job-name=j --wait=false
  - advance: 60s
    expect:
      - pods: { selector: job-name=j, phase: Running, count: 1 }
      - object: job/j
        path: status.failed
        equals: 1
`,
    );
  const order = (t: Trace): [number, number] => {
    const fin = timeOf(t, 'remove batch.kubernetes.io/job-tracking finalizer', 'job-controller')!;
    const stop = timeOf(t, '(grace 0)', 'kubelet')!;
    return [fin, stop];
  };

  it('Failed: the deleted pod is counted (its finalizer removed) only once the kubelet has stopped it; then it is replaced', () => {
    const t = deleted('Failed');
    expect(failed(t)).toEqual([]);
    const [fin, stop] = order(t);
    expect(fin).toBeGreaterThan(stop);
  });

  it('TerminatingOrFailed: the deleted pod is counted as soon as it is terminating', () => {
    const t = deleted('TerminatingOrFailed');
    expect(failed(t)).toEqual([]);
    const [fin, stop] = order(t);
    expect(fin).toBeLessThan(stop);
  });
});

describe('podFailurePolicy onPodConditions: a pod evicted by the taint manager (DisruptionTarget) is ignored', () => {
  const evicted = (rules: string): Trace =>
    run(
      job(POLICY(rules), 'sleep 3600') +
        `  - kubectl: wait --for=condition=ready pod -l job-name=j --timeout=60s
  - kubectl: taint nodes worker-1 maintenance=true:NoExecute
  - advance: 60s
`,
    );

  it('Ignore on DisruptionTarget: the eviction does not count against backoffLimit 0; a replacement pod is created', () => {
    const t = evicted('          - action: Ignore\n            onPodConditions: [{ type: DisruptionTarget, status: "True" }]\n');
    expect(failed(t)).toEqual([]);
    expect(conditionWrites(t)).toEqual([]);
    expect(kubeEvents(t, 'SuccessfulCreate')).toHaveLength(2);
  });

  it('FailJob on DisruptionTarget: the Job fails with "Pod default/<pod> has condition DisruptionTarget matching FailJob rule at index 0"', () => {
    const t = evicted('          - action: FailJob\n            onPodConditions: [{ type: DisruptionTarget, status: "True" }]\n');
    expect(failed(t)).toEqual([]);
    expect(conditionWrites(t)).toEqual(['FailureTarget', 'Failed']);
    const ev = kubeEvents(t, 'PodFailurePolicy');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatch(/^Pod default\/j-[a-z0-9]+ has condition DisruptionTarget matching FailJob rule at index 0$/);
  });

  it('without a matching rule the eviction counts: backoffLimit 0 is exceeded', () => {
    const t = evicted('          - action: Ignore\n            onExitCodes: { operator: In, values: [3] }\n');
    expect(failed(t)).toEqual([]);
    expect(kubeEvents(t, 'BackoffLimitExceeded')).toHaveLength(1);
  });
});
