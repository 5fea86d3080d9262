/**
 * Golden views of the real scenario library: scenarios/*.yaml → simulate →
 * each view, the sequence at every detail level and the architecture at
 * standard and summary. Update with `npx vitest run test/views --update` and review the diff.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/cluster/index.ts';
import { loadScenarioOnce, simulateOnce } from '../helpers/library.ts';
import type { Trace } from '../../src/trace/types.ts';
import { buildArchitecture, buildFlowchart, buildSequence } from '../../src/views/index.ts';
import { MAX_MESSAGES } from '../../src/views/sequence/build.ts';
import type { KubeObject } from '../../src/scenario/types.ts';
import type { SequenceItem, SequenceView } from '../../src/views/types.ts';
import { allItems, allMessages, expectArchitectureNumbers, expectFlowchartInvariants, expectGraphInvariants, expectSequenceInvariants } from './helpers.ts';

const dir = new URL('../../scenarios/', import.meta.url);
/** A summary step that needs more messages than this is not a summary. */
const SUMMARY_MAX_PER_STEP = 18;

/**
 * Steps whose summary needs more, and why (gallery review D11: a controller's requests are one
 * message per method and resource, never `POST/PUT/DELETE replicasets, pods`; the gallery cuts a
 * step too long for one slide into parts, views/sequence/split.ts).
 */
// Since D97 (2026-12-08) an etcd read and the etcd writes of a step are two hops at summary (a GET's read no longer
// takes the later writes up to its row), one message more where a step both reads and writes.
const SUMMARY_MORE: Record<string, { max: number; why: string }> = {
  'architecture-overview 1': { max: 23, why: 'three workloads and their Services: kubectl creates each kind, the controllers create, update and delete endpoints, endpointslices, replicasets and pods' },
  'configmap-secret 1': { max: 21, why: 'kubectl creates a ConfigMap, a Secret and a Deployment; the kubelet reads the ConfigMap and the Secret before the container starts (the subject)' },
  'drain-pdb 5': { max: 20, why: 'the Node read (already cordoned: no PATCH, D101), the list, the eviction (gallery review D25), the old Pod stopped and the new one started on another node' },
  'drain-pdb 6': { max: 21, why: 'as step 5, with the evictions the budget refuses (429) and retries' },
  'job-cronjob 2': { max: 19, why: 'kubectl wait reads the Job (its etcd read a hop apart from the writes that follow, D97), the Job controller creates and tracks three Pods' },
  'kubectl-logs-exec 11': { max: 21, why: 'a drain, as drain-pdb step 5: the cordon, the list, the eviction, the old Pod stopped and the new one started' },
  'persistent-volumes 7': { max: 26, why: 'claims, volumes, attachments and mounts: each a request or runtime call of its own' },
  'persistent-volumes 10': { max: 22, why: 'the volume released and reclaimed: each a request of its own' },
  'probes 5': { max: 22, why: 'the endpoints controllers update endpoints and endpointslices on each probe change; kubectl creates a Deployment and a Service' },
  'rolling-update 3': { max: 23, why: 'the scale-ups and the deletion, and each Pod stopped and started, one call per message' },
  'rolling-update 4': { max: 28, why: 'the rollout: what leads to the rounds, one round (scale down, delete, scale up, create) as the loop, the half round after' },
  'rolling-update 7': { max: 23, why: 'the second rollout, one call per message as step 3' },
  'rolling-update 8': { max: 29, why: 'the rollback, round by round as the rollout' },
  'statefulset 1': { max: 35, why: 'claims, Pods, volumes, attachments and endpoints: each a request of its own' },
  'statefulset 5': { max: 20, why: 'a Pod replaced with its claim: each a request or runtime call of its own' },
  'statefulset 9': { max: 33, why: 'the Pods, claims and endpoints of the scale-up, each a request of its own' },
};

/** Setup steps are one band (stating the state they left), never drawn message by message. */
function expectFocus(trace: Trace, view: SequenceView): void {
  const setup = trace.steps.filter((s) => s.setup === true).map((s) => s.number);
  const focus = trace.steps.filter((s) => s.setup !== true).map((s) => s.number);
  if (setup.length === 0 || focus.length === 0) {
    expect(view.items.some((i) => i.id === 'setup')).toBe(false);
    return;
  }
  const band = view.items[0];
  expect(band).toMatchObject({ type: 'separator', id: 'setup' });
  expect(band?.type === 'separator' && (band.state ?? []).length).toBeGreaterThan(0);
  expect(allItems(view.items.slice(1)).some((i) => setup.includes(i.step))).toBe(false);
  expect(view.items.filter((i) => i.type === 'separator' && i.id !== 'setup').map((i) => i.step)).toEqual(focus);
}
const names = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

async function traceOf(file: string, replicas?: number): Promise<Trace> {
  const path = new URL(file, dir).pathname;
  const cwd = new URL('../../', import.meta.url).pathname;
  if (replicas === undefined) return simulateOnce(path, { cwd });
  const loaded = await loadScenarioOnce(path, { cwd });
  if (!loaded.ok) throw new Error(`${file}: ${JSON.stringify(loaded)}`);
  if (replicas !== undefined) {
    for (const f of Object.values(loaded.value.files)) {
      for (const o of f.objects as KubeObject[]) if (o.kind === 'Deployment') (o.spec as { replicas: number }).replicas = replicas;
    }
  }
  return simulate(loaded.value);
}

describe('views of the scenario library', () => {
  it('has scenarios', () => expect(names.length).toBeGreaterThan(0));

  it('folds the real model too: 6 and 60 replicas give the same sequence size', async () => {
    const loops = (items: SequenceItem[]) => allItems(items).filter((i) => i.type === 'loop');
    const small = buildSequence(await traceOf('apply-deployment.yaml', 6), { maxMessages: 10_000 });
    const big = buildSequence(await traceOf('apply-deployment.yaml', 60), { maxMessages: 10_000 });
    // Beyond 25 Pods the ReplicaSet controller's event recorder drops its SuccessfulCreate Events about the
    // ReplicaSet (client-go EventSourceObjectSpamFilter: burst 25): those Pods' creation is a variant without one.
    expect(allItems(big.items).length).toBeGreaterThanOrEqual(allItems(small.items).length);
    expect(allItems(big.items).length).toBeLessThanOrEqual(allItems(small.items).length + 3);
    expect(loops(big.items).map((l) => l.type === 'loop' && l.label)).toContain('for each of 60 Pods');
    expect(big.participants.length).toBe(small.participants.length);
    expectSequenceInvariants(big);
  });

  for (const file of names) {
    const name = file.replace(/\.yaml$/, '');
    it(`${name}: golden views and invariants`, async () => {
      const trace = await traceOf(file);
      const architecture = buildArchitecture(trace);
      expectGraphInvariants(architecture);
      expectArchitectureNumbers(architecture);
      const sequence = buildSequence(trace);
      expectSequenceInvariants(sequence);
      expectFocus(trace, sequence);
      // Standard never hides the subject behind "… N more messages"; full keeps the budget.
      expect(allItems(sequence.items).some((i) => i.type === 'note' && /more messages/.test(i.text))).toBe(false);
      const full = buildSequence(trace, { detail: 'full' });
      expectSequenceInvariants(full);
      expectFocus(trace, full);
      expect(allMessages(full.items).length).toBeLessThanOrEqual(MAX_MESSAGES);
      const summary = buildSequence(trace, { detail: 'summary' });
      expectSequenceInvariants(summary);
      expectFocus(trace, summary);
      // One message per component hop: no Pod or container of its own unless traffic needs it, few messages per step.
      for (const step of new Set(allMessages(summary.items).map((m) => m.step))) {
        expect(allMessages(summary.items).filter((m) => m.step === step).length, `${name} step ${step}`).toBeLessThanOrEqual(SUMMARY_MORE[`${name} ${step}`]?.max ?? SUMMARY_MAX_PER_STEP);
      }
      // No frames at summary, but a controller's alike rounds (a rollout's), one loop `round 1..N` (views/sequence/rounds.ts).
      expect(allItems(summary.items).some((i) => i.type === 'alt' || (i.type === 'loop' && !/^round 1\.\.\d+$/.test(i.label)))).toBe(false);
      const flowchart = buildFlowchart(trace);
      expectFlowchartInvariants(flowchart);
      for (const step of trace.steps) {
        expectSequenceInvariants(buildSequence(trace, { steps: [step.number], detail: 'full' }));
        expectFlowchartInvariants(buildFlowchart(trace, { step: step.number }));
      }
      await expect(JSON.stringify(architecture, null, 2) + '\n').toMatchFileSnapshot(`__golden__/scenarios/${name}.architecture.json`);
      await expect(JSON.stringify(sequence, null, 2) + '\n').toMatchFileSnapshot(`__golden__/scenarios/${name}.sequence.json`);
      await expect(JSON.stringify(flowchart, null, 2) + '\n').toMatchFileSnapshot(`__golden__/scenarios/${name}.flowchart.json`);
      // Every scenario at every level: the sequence at summary and full, the architecture at summary (the slide).
      await expect(JSON.stringify(summary, null, 2) + '\n').toMatchFileSnapshot(`__golden__/scenarios/${name}.sequence.summary.json`);
      await expect(JSON.stringify(full, null, 2) + '\n').toMatchFileSnapshot(`__golden__/scenarios/${name}.sequence.full.json`);
      const architectureSummary = buildArchitecture(trace, { detail: 'summary' });
      expectGraphInvariants(architectureSummary);
      await expect(JSON.stringify(architectureSummary, null, 2) + '\n').toMatchFileSnapshot(`__golden__/scenarios/${name}.architecture.summary.json`);
    });
  }
});
