/**
 * The architecture legend says what its edges carry (gallery review D42): at
 * summary, self-healing's entries 3 and 4 ended in "…" ("store in etcd, read
 * from etcd, …"). An entry says everything in few words (phrases.ts: `store /
 * read / delete in etcd`, `create / start container`), and a list that must be
 * cut says how much it left out (`+2 more`, views/common/more.ts), never `…`;
 * the layout wraps every entry whole. Over every scenario, at summary and at
 * standard.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildView } from '../../src/views/index.ts';
import type { ArchitectureView, DetailLevel } from '../../src/views/types.ts';
import { lifecycleOrder, phraseLabels } from '../../src/views/architecture/phrases.ts';
import { balancedColumns } from '../../src/layout/legend.ts';
import { loadScenarioOnce, simulateOnce } from '../helpers/library.ts';
import { layoutOnce } from '../helpers/layouts.ts';

const root = new URL('../../', import.meta.url).pathname;
const names = readdirSync(`${root}scenarios`)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();

/** The architecture picture as build draws it (the scenario's steps), at `detail`. */
async function architecture(name: string, detail: DetailLevel): Promise<ArchitectureView> {
  const loaded = await loadScenarioOnce(`scenarios/${name}.yaml`, { cwd: root });
  if (!loaded.ok) throw new Error(`${name} does not load`);
  const steps = loaded.value.diagrams.architecture.steps;
  return buildView(await simulateOnce(`scenarios/${name}.yaml`, { cwd: root }), 'architecture', { ...(steps ? { steps } : {}), detail }) as ArchitectureView;
}

/** The text without its spaces (a line may break after `/`, `,` or inside `a-b`) and ` · ` (a line break stands for it). */
const letters = (text: string) => text.replace(/[\s·]+/g, '');

describe('phraseLabels: an edge’s interactions in few words', () => {
  it('merges what acts on one thing: store / read / delete in etcd', () => {
    expect(phraseLabels(['store in etcd', 'read from etcd', 'delete from etcd'], { max: 3 })).toBe('store / read / delete in etcd');
  });

  it('keeps a single interaction as it was written', () => {
    expect(phraseLabels(['read from etcd'], { max: 3 })).toBe('read from etcd');
    expect(phraseLabels(['store in etcd', 'read from etcd', 'store in etcd'], { max: 3 })).toBe('store / read in etcd');
  });

  it('groups things acted on the same ways, words with spaced slashes and methods without', () => {
    expect(phraseLabels(['run pod sandbox', 'create container', 'start container', 'stop container', 'stop pod sandbox'], { max: 5 })).toBe('run / stop pod sandbox, create / start / stop container');
    expect(phraseLabels(['GET configmaps', 'POST configmaps', 'GET secrets', 'POST secrets', 'GET events'], { max: 5 })).toBe('GET/POST configmaps, secrets, GET events');
    expect(phraseLabels(['readiness probe', 'liveness probe'], { max: 3 })).toBe('readiness / liveness probe');
    expect(phraseLabels(['HTTP 200 OK', 'HTTP 404 Not Found'], { max: 3 })).toBe('HTTP 200 OK, 404 Not Found');
    expect(phraseLabels(['pleg relist', 'exec'], { max: 3 })).toBe('pleg relist, exec');
  });

  it('cuts a long list with +N more, never more than max items with the count', () => {
    const labels = ['watch services', 'watch statefulsets', 'watch pods', 'watch nodes', 'watch volumeattachments'];
    expect(phraseLabels(labels, { max: 3 })).toBe('watch services, statefulsets, +3 more');
    expect(phraseLabels(labels, { max: 5 })).toBe('watch services, statefulsets, pods, nodes, volumeattachments');
    expect(phraseLabels(['GET pods', 'POST pods', 'GET events', 'PUT nodes', 'DELETE leases'], { max: 3 })).toBe('GET/POST pods, GET events, +2 more');
  });

  it('folds a status update into its object when the object is named too (summary)', () => {
    expect(phraseLabels(['POST replicasets', 'PATCH deployments', 'PUT deployments/status', 'PUT replicasets/status'], { max: 3, foldStatus: true })).toBe('POST/PUT replicasets, PATCH/PUT deployments');
    expect(phraseLabels(['PATCH pods/status'], { max: 3, foldStatus: true })).toBe('PATCH pods/status');
    expect(phraseLabels(['POST replicasets', 'PUT replicasets/status'], { max: 3 })).toBe('POST replicasets, PUT replicasets/status');
  });
});

describe('legend order and what is named (gallery review D86, D87)', () => {
  it('a Pod’s runtime calls read in the order the kubelet makes them, the other labels where they were', () => {
    expect(lifecycleOrder(['start container', 'watch pods', 'create sandbox', 'start container'])).toEqual(['create sandbox', 'watch pods', 'start container']);
    expect(phraseLabels(['start container', 'create sandbox'], { max: 3 })).toBe('create sandbox, start container');
    expect(phraseLabels(['create container', 'start container', 'stop container', 'run pod sandbox', 'stop pod sandbox'], { max: 5 })).toBe('run / stop pod sandbox, create / start / stop container');
    expect(phraseLabels(['cni del', 'cni add'], { max: 3 })).toBe('cni add, del');
  });

  it('self-healing at summary: the sandbox is created before the container starts (D86)', async () => {
    const texts = (await architecture('self-healing', 'summary')).legend.map((l) => l.text);
    expect(texts.some((t) => t.startsWith('create sandbox, start container'))).toBe(true);
    expect(texts.filter((t) => /start container.*(create|run pod) sandbox/.test(t))).toEqual([]);
  });

  it('an act (a subresource other than status) is never the part a cut list leaves out', () => {
    const scheduler = ['PATCH pods/status', 'PATCH persistentvolumeclaims', 'POST pods/binding', 'PATCH persistentvolumes'];
    expect(phraseLabels(scheduler, { max: 3, foldStatus: true })).toBe('PATCH pods/status, POST pods/binding, +2 more');
    expect(phraseLabels(['GET poddisruptionbudgets', 'GET pods', 'PATCH nodes', 'POST pods/eviction'], { max: 3 })).toBe('GET poddisruptionbudgets, POST pods/eviction, +2 more');
    // A status is not an act: the first things named, as before.
    expect(phraseLabels(['PATCH nodes/status', 'PATCH pods', 'PATCH leases', 'PATCH pods/status'], { max: 3 })).toBe('PATCH nodes/status, pods, +2 more');
  });

  it('persistent-volumes at summary: the scheduler’s entry names its binding (D87)', async () => {
    const texts = (await architecture('persistent-volumes', 'summary')).legend.map((l) => l.text);
    expect(texts.filter((t) => t.includes('POST pods/binding'))).toHaveLength(1);
  });
});

describe('balancedColumns: the tallest legend column as short as it can be', () => {
  it('splits in order, every column used', () => {
    expect(balancedColumns([1, 1, 1, 1, 1, 1, 1], 2, 0)).toEqual([[0, 1, 2, 3], [4, 5, 6]]);
    expect(balancedColumns([1, 1, 1, 1, 1], 4, 0)).toEqual([[0, 1], [2], [3], [4]]);
    expect(balancedColumns([1, 2], 4, 0)).toEqual([[0], [1]]);
  });

  it('a tall entry does not take its neighbour’s room: persistent-volumes’ lines', () => {
    // Rows shared across columns (entries i and i+4 side by side) took 1+2+2+2 = 7 lines; stacked per column, 6.
    const columns = balancedColumns([1, 1, 2, 2, 1, 2, 2, 1], 2, 0);
    expect(columns.map((c) => c.reduce((sum, i) => sum + [1, 1, 2, 2, 1, 2, 2, 1][i]!, 0))).toEqual([6, 6]);
  });
});

describe('every scenario’s architecture legend says what its edges carry, whole', () => {
  for (const name of names) {
    for (const detail of ['summary', 'standard'] as const) {
      it(`${name} (${detail})`, async () => {
        const view = await architecture(name, detail);
        for (const l of view.legend) expect(l.text, `${name} ${detail} legend ${l.number}`).not.toMatch(/…/);
        for (const e of view.edges) expect(e.label ?? '', `${name} ${detail} edge ${e.id}`).not.toMatch(/…/);
        if (detail !== 'summary') return;
        // The slide picture: every entry wrapped whole, no word cut or dropped.
        const laid = await layoutOnce(view);
        const entries = laid.nodes.filter((n) => n.kind === 'legend-entry');
        expect(entries).toHaveLength(view.legend.length);
        for (const n of entries) expect(letters((n.label.lines ?? []).join(' ')), `${name} legend ${n.number}`).toBe(letters(n.label.text));
      });
    }
  }
});
