/**
 * The Job flowchart says why a Job failed: the reason of its Failed condition
 * (job_controller.go: BackoffLimitExceeded, DeadlineExceeded, PodFailurePolicy)
 * decides the path drawn, not an assumed backoffLimit. Also: a Job whose
 * pods were only created in the step (no outcome yet) is named (its pods are
 * POSTed with generateName, so the request carries no name).
 */
import { describe, expect, it } from 'vitest';
import { buildFlowchart } from '../../src/views/flowchart/build.ts';
import { run } from '../workloads/helpers.ts';

const scenario = (spec: string, command: string, advance: string): string => `kubescene: v1
name: t
cluster:
  kubernetes: "1.31"
  nodes:
    - { name: worker-1, images: ["busybox:1.36"] }
files:
  job.yaml:
    apiVersion: batch/v1
    kind: Job
    metadata: { name: slow }
    spec:
${spec}      template:
        spec:
          restartPolicy: Never
          containers:
            - { name: main, image: "busybox:1.36", command: [sh, -c, "${command}"] }
steps:
  - kubectl: apply -f job.yaml
  - advance: ${advance}
`;

type FlowView = ReturnType<typeof buildFlowchart>;
type Node = FlowView['nodes'][number];
const nodes = (v: FlowView): Node[] => v.nodes;
const text = (n: Node): string => JSON.stringify(n);
const terminal = (v: FlowView): Node | undefined => nodes(v).find((n) => n.id.endsWith('failed-job'));

describe('Job flowchart: the reason the Job failed', () => {
  it('activeDeadlineSeconds: the deadline decision, the deleted pod, Failed with reason DeadlineExceeded', () => {
    const t = run(scenario('      activeDeadlineSeconds: 20\n', 'sleep 300', '40s'));
    const v = buildFlowchart(t, { step: 2 });
    expect(nodes(v).some((n) => text(n).includes('activeDeadlineSeconds?'))).toBe(true);
    expect(nodes(v).some((n) => text(n).includes('delete the active pods') && text(n).includes('1 pod'))).toBe(true);
    expect(text(terminal(v)!)).toContain('job/slow Failed');
    expect(text(terminal(v)!)).toContain('reason DeadlineExceeded');
    expect(nodes(v).some((n) => text(n).includes('backoffLimit'))).toBe(false);
  });

  it('podFailurePolicy FailJob: the matching rule, Failed with reason PodFailurePolicy, no backoffLimit decision', () => {
    const policy = '      backoffLimit: 6\n      podFailurePolicy:\n        rules:\n          - action: FailJob\n            onExitCodes: { containerName: main, operator: In, values: [42] }\n';
    const t = run(scenario(policy, 'exit 42', '60s'));
    const v = buildFlowchart(t, { step: 1 });
    expect(nodes(v).some((n) => text(n).includes('podFailurePolicy rule matches?'))).toBe(true);
    expect(text(terminal(v)!)).toContain('reason PodFailurePolicy');
    expect(nodes(v).some((n) => text(n).includes('failures > backoffLimit?'))).toBe(false);
  });

  it('backoffLimit: still the backoffLimit decision and reason BackoffLimitExceeded', () => {
    const t = run(scenario('      backoffLimit: 0\n', 'exit 1', '60s'));
    const v = buildFlowchart(t, { step: 1 });
    expect(nodes(v).some((n) => text(n).includes('failures > backoffLimit?'))).toBe(true);
    expect(text(terminal(v)!)).toContain('reason BackoffLimitExceeded');
  });

  it('a Job still running is named after the pods it created', () => {
    const t = run(scenario('      activeDeadlineSeconds: 20\n', 'sleep 300', '40s'));
    const v = buildFlowchart(t, { step: 1 });
    expect(nodes(v).some((n) => text(n).includes('job/slow'))).toBe(true);
    expect(nodes(v).some((n) => text(n).includes('job/:') || text(n).includes('job/ '))).toBe(false);
  });
});
