/**
 * Gallery review D97: at summary a controller's status report (`PUT
 * deployments/status`) is left out, but only the request and its direct
 * children were: the API server's phases and the etcd write hang below the
 * phases in the cause chain, so they stayed. They were merged into the step's
 * first note and first `store in etcd` and drawn before any request reached
 * the API server: node-failure's step 5 opened with `authn · authz ·
 * admission ✓` and `store in etcd ×4` above the `PATCH nodes ×2` that came
 * later, and the node lifecycle controller's `PUT nodes/status`
 * (Ready=Unknown: the step's subject) was not drawn at all. Now a status
 * write is left out with its whole exchange, except the node lifecycle
 * controller's, whose work is a status (a Node's conditions, its Pods'
 * readiness): those are drawn (summary.ts STATUS_ACTORS).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSequence } from '../../src/views/index.ts';
import type { SequenceItem } from '../../src/views/types.ts';
import { loadScenarioOnce, simulateOnce } from '../helpers/library.ts';
import { allItems, allMessages } from './helpers.ts';

/** Lanes that received a request, in item order, and where the first etcd hop or API phase note stood before one. */
function etcdBeforeRequest(items: readonly SequenceItem[], api: string, etcd: string): string[] {
  const problems: string[] = [];
  const byStep = new Map<number, SequenceItem[]>();
  for (const item of allItems(items)) byStep.set(item.step, [...(byStep.get(item.step) ?? []), item]);
  for (const [step, list] of byStep) {
    let asked = false;
    for (const item of list) {
      if (item.type === 'message' && item.to === api && item.arrow === 'sync') asked = true;
      if (asked) break;
      if (item.type === 'message' && item.from === api && item.to === etcd) problems.push(`step ${step}: ${item.label} before any request to the API server`);
      if (item.type === 'note' && item.over.includes(api) && /authn|admission/.test(item.text)) problems.push(`step ${step}: note ${item.text} before any request to the API server`);
    }
  }
  return problems;
}

describe('summary: a controller status write is left out whole (D97)', () => {
  it('node-failure step 5 draws the node lifecycle controller marking the Node and its Pods, after the request', async () => {
    const trace = await simulateOnce('scenarios/node-failure.yaml');
    const view = buildSequence(trace, { steps: [5], detail: 'summary' });
    const labels = allMessages(view.items).map((m) => m.label);
    expect(labels[0]).toBe('PUT nodes/status');
    expect(labels).toContain('PUT pods/status');
    expect(etcdBeforeRequest(view.items, 'kube-apiserver', 'etcd')).toEqual([]);
  });

  it('no step of the library stores in etcd or checks a request before a request reached the API server', async () => {
    const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort();
    const problems: string[] = [];
    for (const file of files) {
      const loaded = await loadScenarioOnce(`scenarios/${file}`);
      if (!loaded.ok) continue; // an invalid scenario has no pictures
      const view = buildSequence(await simulateOnce(`scenarios/${file}`), { detail: 'summary' });
      const api = view.participants.find((p) => p.id === 'kube-apiserver' || p.id.startsWith('kube-apiserver'))?.id;
      const etcd = view.participants.find((p) => p.id === 'etcd' || p.id.startsWith('etcd'))?.id;
      if (api === undefined || etcd === undefined) continue;
      problems.push(...etcdBeforeRequest(view.items, api, etcd).map((p) => `${file} ${p}`));
    }
    expect(problems).toEqual([]);
  });

  it('rolling-update step 4: kubectl GET reads from etcd; the stores of later requests are a hop of their own, after them', async () => {
    const trace = await simulateOnce('scenarios/rolling-update.yaml');
    const labels = allMessages(buildSequence(trace, { steps: [4], detail: 'summary' }).items).map((m) => m.label);
    expect(labels.filter((l) => l.includes('read from etcd') && l.includes('store in etcd'))).toEqual([]);
    expect(labels.indexOf('store in etcd')).toBeGreaterThan(labels.indexOf('PATCH pods/status'));
  });

  it('a Deployment controller report is still left out', async () => {
    const trace = await simulateOnce('scenarios/apply-deployment.yaml');
    const labels = allMessages(buildSequence(trace, { detail: 'summary' }).items).map((m) => m.label);
    expect(labels.filter((l) => /deployments\/status|replicasets\/status/.test(l))).toEqual([]);
  });
});
