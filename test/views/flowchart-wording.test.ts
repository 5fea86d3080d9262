/**
 * Flowchart wording (docs/gallery-review.md D62, D64, D72 and the start pills): each test names the picture and
 * what was wrong in it.
 */
import { describe, expect, it } from 'vitest';
import { simulateOnce } from '../helpers/library.ts';
import { buildFlowchart } from '../../src/views/index.ts';
import { keysText, kindPlural } from '../../src/views/flowchart/evidence.ts';

const dir = new URL('../../scenarios/', import.meta.url);

async function traceOf(file: string) {
  return simulateOnce(new URL(file, dir).pathname, { cwd: new URL('../../', import.meta.url).pathname });
}

const nodeOf = (view: ReturnType<typeof buildFlowchart>, key: string) => view.nodes.find((n) => n.id === `fc:${key}`);

describe('D72: the DaemonSet flow names only the DaemonSet’s own Pods', () => {
  // drain-pdb `render --view flowchart` without diagrams.flowchart.step: the bind box listed every scheduler bind of
  // the window (`web-766486c5b6-jxl9j → worker-1, …`, the Deployment's Pods), the end `worker-3, worker-2, worker-1`.
  it('drain-pdb step 3: binds of node-agent Pods only, nodes sorted by name', async () => {
    const view = buildFlowchart(await traceOf('drain-pdb.yaml'), { step: 3 });
    expect(nodeOf(view, 'nodes')?.label).toBe('DaemonSet controller checks every node');
    const bind = nodeOf(view, 'bind')?.sublabel ?? '';
    expect(bind).toMatch(/^node-agent-/);
    expect(bind).not.toMatch(/web-|db-/);
    expect(nodeOf(view, 'done')?.sublabel).toBe('worker-1, worker-2, worker-3');
  });
});

describe('start pills: a traffic step says what happens, in words (D60 for traffic)', () => {
  // internet-egress flowchart.svg: the pill read `traffic pod/client → https://example.com`, the scenario's step syntax.
  it.each([
    ['internet-egress.yaml', 3, 'Pod client requests https://example.com'],
    ['canary-release.yaml', 4, 'Pod client sends 20 requests to Service web on port 80'],
    ['service-clusterip.yaml', 4, 'Pod client requests Service web on port 80'],
    ['ingress.yaml', 4, 'a client on the internet requests http://shop.example.com/api/orders'],
  ] as const)('%s step %i: "%s"', async (file, step, label) => {
    const view = buildFlowchart(await traceOf(file), { step });
    expect(view.nodes[0]?.label).toBe(label);
  });

  it('no scenario flowchart starts from step syntax (traffic, fault, advance, load)', async () => {
    const { readdirSync } = await import('node:fs');
    const { loadScenarioOnce } = await import('../helpers/library.ts');
    const root = new URL('../../', import.meta.url).pathname;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
      const loaded = await loadScenarioOnce(`scenarios/${file}`, { cwd: root });
      if (!loaded.ok) throw new Error(`${file} does not load`);
      const trace = await traceOf(file);
      const steps = [loaded.value.diagrams.flowchart.step, ...trace.steps.filter((s) => s.kind === 'traffic').map((s) => s.number)];
      for (const step of steps) {
        const view = buildFlowchart(trace, step !== undefined ? { step } : {});
        expect(`${file} ${view.step}: ${view.nodes[0]?.label ?? ''}`).not.toMatch(/: (traffic|fault|advance|load) |: \S+ → /);
      }
    }
  });
});

describe('D62: an apply of several objects says what it wrote', () => {
  // architecture-overview flowchart.svg: `kubectl apply -f app.yaml` writes 3 Deployments and 3 Services; the boxes
  // said `→ POST deployments`, `stored in etcd /registry/deployments/default/frontend`, `201 Created deployments`.
  it('architecture-overview step 1: POST ×6, every key, 201 Created ×6', async () => {
    const view = buildFlowchart(await traceOf('architecture-overview.yaml'), { step: 1 });
    expect(nodeOf(view, 'start')?.sublabel).toBe('kubectl → POST ×6');
    expect(nodeOf(view, 'etcd')?.sublabel).toBe('/registry/{deployments,services/specs}/default/*');
    expect(nodeOf(view, 'response')?.label).toBe('201 Created ×6');
    expect(nodeOf(view, 'response')?.emphasis).toBe('success');
  });

  it('an apply of one object keeps its own words (apply-deployment)', async () => {
    const view = buildFlowchart(await traceOf('apply-deployment.yaml'), { step: 1 });
    expect(nodeOf(view, 'start')?.sublabel).toBe('kubectl → POST deployments');
    expect(nodeOf(view, 'etcd')?.sublabel).toBe('/registry/deployments/default/web');
    expect(nodeOf(view, 'response')?.label).toBe('201 Created deployments');
  });

  it.each([
    [['/registry/deployments/default/a', '/registry/services/specs/default/b'], '/registry/{deployments,services/specs}/default/*'],
    [['/registry/deployments/default/a', '/registry/deployments/default/b'], '/registry/deployments/default/*'],
    [['/registry/a', '/registry/deployments/default/b'], '/registry/a +1 more'],
    [['/registry/deployments/default/a', '/registry/deployments/kube-system/a'], '/registry/deployments/{default,kube-system}/a'],
    [['/registry/configmaps/default/a', '/registry/configmaps/default/a'], '/registry/configmaps/default/a'],
  ])('keysText %j → %s', (keys, text) => {
    expect(keysText(keys)).toBe(text);
  });
});

describe('D64: the gitops-sync flowchart is the drift decision', () => {
  // gitops-sync flowchart.svg: "Steps 1–2. A developer pushes manifests to git" over step 2's poll, fetch and apply;
  // the drift and self-heal of steps 3–4 were in no flowchart.
  it('gitops-sync (diagrams.flowchart.step 3): drift → which fields → selfHeal → sync → in sync, the taken path lit', async () => {
    const root = new URL('../../', import.meta.url).pathname;
    const { loadScenarioOnce } = await import('../helpers/library.ts');
    const loaded = await loadScenarioOnce('scenarios/gitops-sync.yaml', { cwd: root });
    if (!loaded.ok) throw new Error('gitops-sync does not load');
    const step = loaded.value.diagrams.flowchart.step;
    const view = buildFlowchart(await traceOf('gitops-sync.yaml'), step !== undefined ? { step } : {});
    expect(view.title).toBe('Steps 3–4. Someone scales by hand — drift');
    expect(view.decision).toBe('gitops');
    expect((view.chain ?? []).map((id) => id.replace(/^fc:/, ''))).toEqual(['start', 'poll', 'diff', 'drifted', 'self-heal', 'apply', 'synced']);
    expect(nodeOf(view, 'drifted')?.sublabel).toBe('deployment/web spec.replicas 5 ≠ 2');
    expect(nodeOf(view, 'apply')?.sublabel).toBe('PATCH deployments web');
    expect(nodeOf(view, 'synced')?.emphasis).toBe('success');
    expect(nodeOf(view, 'in-sync')?.emphasis).toBe('faint');
    expect(nodeOf(view, 'shown')?.emphasis).toBe('faint');
    expect(view.edges.filter((e) => e.emphasis === 'taken').map((e) => e.id)).toEqual(
      ['start->poll', 'poll->diff', 'diff->drifted', 'drifted->self-heal', 'self-heal->apply', 'apply->synced'].map((id) => id.replace(/(\S+)->(\S+)/, 'fc:$1->fc:$2')),
    );
  });

  it('a push of a new commit keeps the poll → fetch → apply flow (gitops-sync step 1)', async () => {
    const view = buildFlowchart(await traceOf('gitops-sync.yaml'), { step: 1 });
    expect(nodeOf(view, 'fetch')?.emphasis).toBe('taken');
    expect(nodeOf(view, 'drifted')).toBeUndefined();
  });
});

describe('D62: kinds counted in English', () => {
  // network-policy: `POST ×2: 2 NetworkPolicys`.
  it.each([['NetworkPolicy', 'NetworkPolicies'], ['IngressClass', 'IngressClasses'], ['Ingress', 'Ingresses'], ['Deployment', 'Deployments'], ['Endpoints', 'Endpoints']])('%s → %s', (kind, many) => {
    expect(kindPlural(kind)).toBe(many);
  });
});
