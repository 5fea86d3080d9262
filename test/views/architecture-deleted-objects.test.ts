/**
 * Deleted objects (issue 9): an object a focus step deleted is not drawn as
 * live. gitops-sync's pruned ConfigMap is the subject of its prune and is
 * drawn as a grey dashed ghost (also at summary); the EndpointSlices the
 * endpoint controller deleted and replaced are left out. An object a focus
 * request was told does not exist (404) and that the drawn state does not
 * list is not drawn as live either: configmap-secret's `web-tls` Secret, which
 * the kubelet needs for a Pod's volume and never gets, is `Secret · not found`.
 */
import { describe, expect, it } from 'vitest';
import { buildArchitecture } from '../../src/views/index.ts';
import type { ArchitectureView, DetailLevel } from '../../src/views/types.ts';
import { simulateOnce } from '../helpers/library.ts';

async function view(name: string, detail: DetailLevel): Promise<ArchitectureView> {
  return buildArchitecture(await simulateOnce(`scenarios/${name}.yaml`), { detail });
}

const objectNodes = (v: ArchitectureView, kind: string) =>
  v.nodes.filter((n) => n.id.startsWith(`object:${kind}/`)).map((n) => ({ label: n.label, sublabel: n.sublabel, emphasis: n.emphasis }));

describe('architecture: deleted objects', () => {
  it.each(['summary', 'standard'] as const)('gitops-sync %s: the pruned ConfigMap is a ghost', async (detail) => {
    expect(objectNodes(await view('gitops-sync', detail), 'ConfigMap')).toEqual([{ label: 'web-config', sublabel: 'ConfigMap · deleted', emphasis: 'faint' }]);
  });

  it.each(['summary', 'standard'] as const)('configmap-secret %s: the Secret a volume needs and never gets is not found', async (detail) => {
    const secrets = objectNodes(await view('configmap-secret', detail), 'Secret');
    expect(secrets).toEqual([
      { label: 'db-credentials', sublabel: 'Secret · 1 key', emphasis: 'normal' },
      { label: 'web-tls', sublabel: 'Secret · not found', emphasis: 'faint' },
    ]);
  });

  it.each([
    ['probes', ['web-rg9p9']],
    ['statefulset', []],
    ['architecture-overview', ['api-8b9k4', 'frontend-pt72g']],
  ] as const)('%s standard: only the EndpointSlices the drawn state lists', async (name, live) => {
    const v = await view(name, 'standard');
    const trace = await simulateOnce(`scenarios/${name}.yaml`);
    const listed = new Set(trace.steps.at(-1)!.state!.objects.filter((o) => o.kind === 'EndpointSlice').map((o) => o.name));
    const drawn = objectNodes(v, 'EndpointSlice').map((n) => n.label);
    expect(drawn).toEqual(live);
    for (const name of drawn) expect(listed.has(name), name).toBe(true);
  });
});
