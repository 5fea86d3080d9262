/**
 * Each scenario's flowchart is the decision of its focus step, not the
 * scene-setting apply: the step drawn is a focus step (or the one
 * `diagrams.flowchart.step` names), the title is that step's, and the
 * decision is the scenario's subject.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/cluster/index.ts';
import { loadScenario } from '../../src/scenario/index.ts';
import { buildFlowchart } from '../../src/views/index.ts';
import { focusSteps } from '../../src/views/common/focus.ts';

const dir = new URL('../../scenarios/', import.meta.url);
const names = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

/** The decision each scenario's flowchart shows. `write` (the apply admission tree) only where applying is the subject. */
const EXPECTED: Record<string, string> = {
  'apply-deployment': 'write',
  'architecture-overview': 'write',
  'canary-release': 'service-routing',
  'configmap-secret': 'configuration',
  daemonset: 'daemonset',
  'drain-pdb': 'drain',
  'etcd-quorum': 'etcd-quorum',
  'get-pods': 'read',
  'gitops-sync': 'gitops',
  'ha-control-plane': 'leader-election',
  'hpa-autoscaling': 'hpa',
  ingress: 'ingress',
  'job-cronjob': 'read',
  'internet-egress': 'egress',
  'invalid-manifest': 'write',
  'kubectl-logs-exec': 'logs-exec',
  namespaces: 'namespace-delete',
  'network-policy': 'network-policy',
  'node-failure': 'node-failure',
  'persistent-volumes': 'volume-binding',
  'pod-vs-container': 'pod-sandbox',
  probes: 'sequence',
  'rbac-denied': 'rbac',
  'reapply-idempotent': 'apply-noop',
  'rolling-update': 'rollout',
  'scheduling-constraints': 'scheduling',
  'self-healing': 'self-healing',
  'service-clusterip': 'service-routing',
  'service-types': 'service-routing',
  statefulset: 'statefulset',
};

describe('each scenario flowchart is about its focus step', () => {
  it('covers every scenario', () => expect(names.map((f) => f.replace(/\.yaml$/, ''))).toEqual(Object.keys(EXPECTED).sort()));

  for (const file of names) {
    const name = file.replace(/\.yaml$/, '');
    it(`${name}: ${EXPECTED[name]}`, async () => {
      const loaded = await loadScenario(new URL(file, dir).pathname, { cwd: new URL('../../', import.meta.url).pathname });
      if (!loaded.ok) throw new Error(`${file}: ${JSON.stringify(loaded)}`);
      const trace = simulate(loaded.value);
      const chosen = loaded.value.diagrams.flowchart.step;
      const view = buildFlowchart(trace, chosen !== undefined ? { step: chosen } : {});
      const step = trace.steps.find((s) => s.number === view.step)!;
      expect(step, 'a step is drawn').toBeDefined();
      // A focus step, never the scene-setting one.
      expect(step.setup === true, `step ${step.number} is setup`).toBe(false);
      expect(focusSteps(trace)).toContain(step.number);
      if (chosen === undefined) expect(view.step).toBe(trace.steps.find((s) => focusSteps(trace).includes(s.number) && s.events !== null)?.number);
      expect(view.title).toBe(`${step.number}. ${step.title}`);
      expect(view.decision).toBe(EXPECTED[name]);
      // The apply admission tree only when the drawn step is itself an apply/create.
      if (view.decision === 'write') expect(step.command).toMatch(/^kubectl (apply|create)\b/);
      // The start of the flow is the drawn step's own command.
      expect(view.nodes[0]?.label).toBe(step.command || step.title);
    });
  }
});
