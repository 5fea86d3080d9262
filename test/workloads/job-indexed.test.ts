/**
 * Indexed Jobs, the per-index back-off limit and the Job's back-off record
 * (upstream pkg/controller/job, release 1.31): indexed_job_utils.go
 * (orderedIntervals, parseIndexesFromString, firstPendingIndexes,
 * podGenerateNameWithIndex, isIndexFailed, getNewIndexFailureCounts),
 * backoff_utils.go (newBackoffRecord, getRemainingTimeForFailuresCount) and
 * job_controller.go syncJob (FailedIndexes, MaxFailedIndexesExceeded), with
 * cases ported from indexed_job_utils_test.go and backoff_utils_test.go.
 */
import { describe, expect, it } from 'vitest';
import {
  duplicatedIndexPods,
  firstPendingIndexes,
  formatIntervals,
  generateNameWithIndex,
  isIndexFailed,
  newIndexFailureCounts,
  parseIntervals,
  totalIndexes,
  withIndexes,
  type Interval,
} from '../../src/cluster/components/controllers/job-indexed.ts';
import { newBackoffRecord, remainingBackoffMs } from '../../src/cluster/components/controllers/job.ts';
import type { PodFailurePolicy } from '../../src/cluster/components/controllers/job-failure-policy.ts';
import type { PodObj } from '../../src/cluster/core/typed.ts';
import type { Obj } from '../../src/cluster/core/object.ts';
import { validateObject } from '../../src/cluster/apiserver/validation.ts';
import type { Trace } from '../../src/trace/types.ts';
import { failed, kubeEvents, run } from './helpers.ts';

const iv = (...pairs: [number, number][]): Interval[] => pairs.map(([first, last]) => ({ first, last }));

describe('orderedIntervals (indexed_job_utils_test.go TestCalculateSucceededIndexes, TestIntervalsHaveIndex)', () => {
  it.each([
    ['', 5, []],
    ['1', 5, iv([1, 1])],
    ['1,3-5,7', 10, iv([1, 1], [3, 5], [7, 7])],
    // A corrupted interval is skipped, the rest kept.
    ['0,a,3-b,4', 10, iv([0, 0], [4, 4])],
    // Intervals at or past completions end the list; the last one is cut.
    ['0-2,5-9,12', 7, iv([0, 2], [5, 6])],
    // Adjacent intervals merge.
    ['0-2,3,4-5', 10, iv([0, 5])],
  ] as [string, number, Interval[]][])('parse %j (completions %i)', (s, completions, want) => {
    expect(parseIntervals(s, completions)).toEqual(want);
  });

  it.each([
    [iv(), ''],
    [iv([0, 0]), '0'],
    [iv([0, 1]), '0,1'],
    [iv([0, 2]), '0-2'],
    [iv([1, 1], [3, 4], [6, 9]), '1,3,4,6-9'],
  ] as [Interval[], string][])('String %j → %j', (a, want) => {
    expect(formatIntervals(a)).toBe(want);
  });

  it('withOrderedIndexes merges new indexes, total counts them', () => {
    const a = withIndexes(iv([2, 3], [7, 7]), [5, 1, 4, 8, 4]);
    expect(a).toEqual(iv([1, 5], [7, 8]));
    expect(totalIndexes(a)).toBe(7);
  });
});

describe('firstPendingIndexes (TestFirstPendingIndexes)', () => {
  it.each([
    ['cnt greater than completions', 5, 3, [], iv(), undefined, [0, 1, 2]],
    ['cnt less than completions', 2, 5, [], iv(), undefined, [0, 1]],
    ['first pods active', 3, 5, [0, 1], iv(), undefined, [2, 3, 4]],
    ['last pods active or succeeded', 6, 6, [4, 5], iv([3, 3]), undefined, [0, 1, 2]],
    ['mixed', 5, 20, [3, 5, 8], iv([2, 2], [9, 9], [12, 12], [15, 15]), undefined, [0, 1, 4, 6, 7]],
    ['with failed indexes', 5, 20, [3, 5, 8], iv([2, 2], [9, 9]), iv([12, 15], [18, 18]), [0, 1, 4, 6, 7]],
    ['failed indexes take the tail', 5, 10, [], iv([0, 1]), iv([2, 9]), []],
  ] as [string, number, number, number[], Interval[], Interval[] | undefined, number[]][])('%s', (_n, cnt, completions, active, succeeded, failedIx, want) => {
    expect(firstPendingIndexes(active, succeeded, failedIx, cnt, completions)).toEqual(want);
  });
});

describe('podGenerateNameWithIndex (TestPodGenerateNameWithIndex)', () => {
  it.each([
    ['job', 0, 'job-0-'],
    ['job', 11, 'job-11-'],
    // The prefix is cut to MaxGeneratedNameLength (58) minus the index part.
    ['hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh', 1, 'hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh-1-'],
  ])('%s index %i → %s', (job, index, want) => {
    const got = generateNameWithIndex(job, index);
    expect(got).toBe(want);
    expect(got.length).toBeLessThanOrEqual(58);
  });
});

const podWith = (name: string, annotations: Record<string, string>, exitCode = 1, creationTimestamp = '2025-01-01T00:00:00Z'): PodObj =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', annotations, creationTimestamp },
    spec: { containers: [{ name: 'main' }] },
    status: { phase: 'Failed', containerStatuses: [{ name: 'main', image: '', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode } } }] },
  }) as PodObj;

describe('per-index failures (TestIsIndexFailed, TestGetNewIndexFailureCounts)', () => {
  const failIndex: PodFailurePolicy = { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [3] } }] };
  const ignore: PodFailurePolicy = { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [3] } }] };
  it('the index fails once the failed pod had already reached backoffLimitPerIndex failures', () => {
    expect(isIndexFailed(undefined, 1, podWith('p', { 'batch.kubernetes.io/job-index-failure-count': '0' }), true)).toBe(false);
    expect(isIndexFailed(undefined, 1, podWith('p', { 'batch.kubernetes.io/job-index-failure-count': '1' }), true)).toBe(true);
    expect(isIndexFailed(undefined, 0, podWith('p', {}), true)).toBe(true);
    expect(isIndexFailed(undefined, 0, podWith('p', {}), false)).toBe(false);
  });
  it('a FailIndex rule fails the index at once; an Ignore rule never does', () => {
    expect(isIndexFailed(failIndex, 5, podWith('p', {}, 3), true)).toBe(true);
    expect(isIndexFailed(failIndex, 5, podWith('p', {}, 1), true)).toBe(false);
    expect(isIndexFailed(ignore, 0, podWith('p', {}, 3), true)).toBe(false);
  });
  it('the replacement carries one more failure, or one more ignored failure', () => {
    expect(newIndexFailureCounts(undefined, undefined)).toEqual({ failed: 0, ignored: 0 });
    expect(newIndexFailureCounts(undefined, podWith('p', { 'batch.kubernetes.io/job-index-failure-count': '2' }))).toEqual({ failed: 3, ignored: 0 });
    expect(newIndexFailureCounts(ignore, podWith('p', { 'batch.kubernetes.io/job-index-failure-count': '2', 'batch.kubernetes.io/job-index-ignored-failure-count': '1' }, 3))).toEqual({ failed: 2, ignored: 2 });
    // An unparsable or negative count reads as 0 (parseInt32).
    expect(newIndexFailureCounts(undefined, podWith('p', { 'batch.kubernetes.io/job-index-failure-count': '-4' }))).toEqual({ failed: 1, ignored: 0 });
  });
  it('appendDuplicatedIndexPodsForRemoval: no index, out of range, and all but the oldest pod of a duplicated index go', () => {
    const a = podWith('a', { 'batch.kubernetes.io/job-completion-index': '1' }, 0, '2025-01-01T00:00:05Z');
    const b = podWith('b', { 'batch.kubernetes.io/job-completion-index': '1' }, 0, '2025-01-01T00:00:01Z');
    const c = podWith('c', { 'batch.kubernetes.io/job-completion-index': '7' });
    const d = podWith('d', {});
    const e = podWith('e', { 'batch.kubernetes.io/job-completion-index': '0' });
    const r = duplicatedIndexPods([a, b, c, d, e], 5);
    expect(r.remove.map((p) => p.metadata.name).sort()).toEqual(['a', 'c', 'd']);
    expect(r.keep.map((p) => p.metadata.name)).toEqual(['e', 'b']);
  });
});

describe('the back-off record (backoff_utils_test.go TestNewBackoffRecord, TestGetRemainingBackoffTime)', () => {
  const empty = { failuresAfterLastSuccess: 0, lastFailureTime: undefined };
  it.each([
    ['no new pods', { failuresAfterLastSuccess: 2, lastFailureTime: 10 }, [], [], { failuresAfterLastSuccess: 2, lastFailureTime: 10 }],
    ['failures add up', { failuresAfterLastSuccess: 2, lastFailureTime: 10 }, [], [30, 20], { failuresAfterLastSuccess: 4, lastFailureTime: 30 }],
    ['a success resets', { failuresAfterLastSuccess: 5, lastFailureTime: 10 }, [40], [], empty],
    ['only the failures after the last success count', { failuresAfterLastSuccess: 5, lastFailureTime: 10 }, [40, 20], [30, 50, 60, 40], { failuresAfterLastSuccess: 2, lastFailureTime: 60 }],
    ['a failure at the time of the success does not count', empty, [40], [40], empty],
  ])('%s', (_n, old, succeeded, failedAt, want) => {
    expect(newBackoffRecord(old, succeeded, failedAt)).toEqual(want);
  });
  it.each([
    ['no failures', 0, undefined, 0, 0],
    ['1 failure, just now', 1, 0, 0, 10_000],
    ['1 failure, 4 s ago', 1, 0, 4_000, 6_000],
    ['3 failures: 40 s', 3, 0, 5_000, 35_000],
    ['run out', 2, 0, 25_000, 0],
    ['capped at 10 min', 12, 0, 0, 600_000],
  ] as [string, number, number | undefined, number, number][])('%s', (_n, failures, last, now, want) => {
    expect(remainingBackoffMs(failures, last, now)).toBe(want);
  });
});

const indexedJob = (spec: string, command: string, version = '1.31'): string => `kubescene: v1
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
      completionMode: Indexed
${spec}      template:
        spec:
          restartPolicy: Never
          containers:
            - { name: main, image: "busybox:1.36", command: [sh, -c, "${command}"] }
steps:
  - kubectl: apply -f job.yaml
`;

const created = (t: Trace): string[] => kubeEvents(t, 'SuccessfulCreate').map((m) => m.replace(/^Created pod: /, '').replace(/-[a-z0-9]{5}$/, ''));
const expectPath = (path: string, value: string | number): string => `      - object: job/j\n        path: ${path}\n        equals: ${typeof value === 'string' ? JSON.stringify(value) : value}\n`;

describe('Indexed Jobs in a running cluster', () => {
  it('pods <job>-<index>-<suffix> with the index annotation, label, hostname and JOB_COMPLETION_INDEX; completedIndexes 0-2; Complete', () => {
    const t = run(
      indexedJob('      completions: 3\n      parallelism: 2\n', 'sleep 2') +
        `  - advance: 40s
    expect:
${expectPath('status.completedIndexes', '0-2')}${expectPath('status.succeeded', 3)}${expectPath('status.conditions[1].type', 'Complete')}  - kubectl: get pods -o 'jsonpath={range .items[*]}{.metadata.name} {.metadata.annotations.batch\\.kubernetes\\.io/job-completion-index} {.metadata.labels.batch\\.kubernetes\\.io/job-completion-index} {.spec.hostname} {.spec.containers[0].env[0].name}={.spec.containers[0].env[0].valueFrom.fieldRef.fieldPath}{"\\n"}{end}'
`,
    );
    expect(failed(t)).toEqual([]);
    expect(created(t)).toEqual(['j-0', 'j-1', 'j-2']);
    const out = t.steps.at(-1);
    const lines = (out?.output ?? '').trim().split('\n').map((l) => l.replace(/^(j-\d)-[a-z0-9]{5}/, '$1'));
    expect(lines).toEqual([0, 1, 2].map((i) => `j-${i} ${i} ${i} j-${i} JOB_COMPLETION_INDEX=metadata.labels['batch.kubernetes.io/job-completion-index']`));
  });

  it('without a per-index limit a failed index is retried under the same index; backoffLimit counts every failure', () => {
    const t = run(indexedJob('      completions: 2\n      parallelism: 1\n      backoffLimit: 1\n', 'exit 1') + `  - advance: 60s\n    expect:\n${expectPath('status.failed', 2)}${expectPath('status.conditions[1].reason', 'BackoffLimitExceeded')}`);
    expect(failed(t)).toEqual([]);
    expect(created(t)).toEqual(['j-0', 'j-0']);
    // The retry waited out the back-off of one failure: 10 s from the pod's finish time.
    expect(t.events.filter((e) => e.action === 'job-backoff').map((e) => e.summary)).toEqual(['back-off 10s for job/j ran out']);
  });

  it('kubectl describe job: Completion Mode Indexed and the Completed Indexes (describeJob)', () => {
    const t = run(indexedJob('      completions: 3\n      parallelism: 3\n', 'sleep 1') + '  - advance: 30s\n  - kubectl: describe job j\n');
    const out = t.steps.at(-1)?.output ?? '';
    expect(out).toMatch(/^Completion Mode:\s+Indexed$/m);
    expect(out).toMatch(/^Pods Statuses:\s+0 Active \(0 Ready\) \/ 3 Succeeded \/ 0 Failed$/m);
    expect(out).toMatch(/^Completed Indexes:\s+0-2$/m);
  });

  it('1.23 (before PodIndexLabel): no index label; the env var reads the annotation', () => {
    const t = run(indexedJob('      completions: 1\n', 'sleep 1', '1.23') + `  - advance: 20s\n  - kubectl: get pods -o 'jsonpath={.items[0].spec.containers[0].env[0].valueFrom.fieldRef.fieldPath}|{.items[0].metadata.labels}'\n`);
    const out = t.steps.at(-1)?.output ?? '';
    expect(out).toContain("metadata.annotations['batch.kubernetes.io/job-completion-index']|");
    expect(out).not.toContain('"batch.kubernetes.io/job-completion-index"');
  });

  it('backoffLimitPerIndex 1: every index is retried once (failure-count annotation 1, after its own back-off), then FailedIndexes', () => {
    const t = run(
      indexedJob('      completions: 2\n      parallelism: 2\n      backoffLimitPerIndex: 1\n', 'exit 1') +
        `  - advance: 60s
    expect:
${expectPath('status.failedIndexes', '0,1')}${expectPath('status.failed', 4)}${expectPath('status.conditions[0].type', 'FailureTarget')}${expectPath('status.conditions[0].reason', 'FailedIndexes')}${expectPath('status.conditions[1].type', 'Failed')}${expectPath('status.conditions[1].message', 'Job has failed indexes')}${expectPath('spec.backoffLimit', 2147483647)}  - kubectl: get pods -o 'jsonpath={range .items[*]}{.metadata.name} {.metadata.annotations.batch\\.kubernetes\\.io/job-index-failure-count}{"\\n"}{end}'
`,
    );
    expect(failed(t)).toEqual([]);
    expect(created(t).sort()).toEqual(['j-0', 'j-0', 'j-1', 'j-1']);
    expect(kubeEvents(t, 'FailedIndexes')).toEqual(['Job has failed indexes']);
    // getRemainingTimePerIndex: each index waits out its own back-off of one failure (10 s).
    expect([...new Set(t.events.filter((e) => e.action === 'job-backoff').map((e) => e.summary))]).toEqual(['back-off 10s for job/j ran out']);
    expect(kubeEvents(t, 'BackoffLimitExceeded')).toEqual([]);
    const out = (t.steps.at(-1)?.output ?? '').trim().split('\n').map((l) => l.replace(/-[a-z0-9]{5} /, ' ')).sort();
    expect(out).toEqual(['j-0 0', 'j-0 1', 'j-1 0', 'j-1 1']);
  });

  it('maxFailedIndexes 0: the first failed index fails the Job (MaxFailedIndexesExceeded), the other index is stopped', () => {
    const t = run(
      indexedJob('      completions: 3\n      parallelism: 1\n      backoffLimitPerIndex: 0\n      maxFailedIndexes: 0\n', 'exit 1') +
        `  - advance: 60s
    expect:
${expectPath('status.failedIndexes', '0')}${expectPath('status.conditions[1].reason', 'MaxFailedIndexesExceeded')}${expectPath('status.conditions[1].message', 'Job has exceeded the specified maximal number of failed indexes')}`,
    );
    expect(failed(t)).toEqual([]);
    expect(created(t)).toEqual(['j-0']);
  });

  it('a FailIndex rule fails its index at once, without a retry', () => {
    const t = run(
      indexedJob(
        '      completions: 2\n      parallelism: 2\n      backoffLimitPerIndex: 3\n      podFailurePolicy:\n        rules:\n          - action: FailIndex\n            onExitCodes: { operator: In, values: [3] }\n',
        'exit 3',
      ) + `  - advance: 60s\n    expect:\n${expectPath('status.failedIndexes', '0,1')}${expectPath('status.conditions[1].reason', 'FailedIndexes')}`,
    );
    expect(failed(t)).toEqual([]);
    expect(created(t)).toEqual(['j-0', 'j-1']);
  });

  it('1.23: an Indexed Job without a per-index limit fails on backoffLimit (Failed directly)', () => {
    const t = run(indexedJob('      completions: 1\n      backoffLimit: 0\n', 'exit 1', '1.23') + `  - advance: 30s\n    expect:\n${expectPath('status.conditions[0].reason', 'BackoffLimitExceeded')}`);
    expect(failed(t)).toEqual([]);
    expect(created(t)).toEqual(['j-0']);
  });
});

describe('validateJobSpec: completionMode, backoffLimitPerIndex, maxFailedIndexes (validation_test.go TestValidateJob)', () => {
  const jobObj = (spec: Record<string, unknown>): Obj => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36' }] } }, ...spec },
  });
  it.each<[string, Record<string, unknown>, string[]]>([
    ['a valid Indexed Job with a per-index limit', { completionMode: 'Indexed', completions: 5, backoffLimitPerIndex: 1, maxFailedIndexes: 2 }, []],
    ['Indexed without completions', { completionMode: 'Indexed', parallelism: 2 }, ['spec.completions: Required value: when completion mode is Indexed']],
    ['an unknown completion mode', { completionMode: 'Sometimes', completions: 1 }, ['spec.completionMode: Unsupported value: "Sometimes": supported values: "NonIndexed", "Indexed"']],
    ['Indexed parallelism above 100000', { completionMode: 'Indexed', completions: 5, parallelism: 100_001 }, ['spec.parallelism: Invalid value: 100001: must be less than or equal to 100000 when completion mode is Indexed']],
    ['backoffLimitPerIndex on a NonIndexed Job', { completionMode: 'NonIndexed', backoffLimitPerIndex: 1 }, ['spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode']],
    ['maxFailedIndexes without backoffLimitPerIndex', { completionMode: 'Indexed', completions: 5, maxFailedIndexes: 1 }, ['spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified']],
    ['maxFailedIndexes above completions', { completionMode: 'Indexed', completions: 2, backoffLimitPerIndex: 1, maxFailedIndexes: 3 }, ['spec.maxFailedIndexes: Invalid value: 3: must be less than or equal to completions']],
    ['negative per-index fields', { completionMode: 'Indexed', completions: 2, backoffLimitPerIndex: -1, maxFailedIndexes: -2 }, ['spec.backoffLimitPerIndex: Invalid value: -1: must be greater than or equal to 0', 'spec.maxFailedIndexes: Invalid value: -2: must be greater than or equal to 0']],
    [
      'completions above 100000 with a per-index limit',
      { completionMode: 'Indexed', completions: 100_001, parallelism: 10_001, backoffLimitPerIndex: 1 },
      ['spec.maxFailedIndexes: Required value: must be specified when completions is above 100000', 'spec.parallelism: Invalid value: 10001: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index'],
    ],
  ])('%s', (_name, spec, want) => {
    expect(validateObject(jobObj(spec), undefined)).toEqual(want);
  });
});
