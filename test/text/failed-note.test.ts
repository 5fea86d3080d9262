/**
 * Mermaid, D2 and PlantUML draw no legend, so an architecture edge drawn as
 * working although some of its requests failed (a "mixed" edge) carries the
 * SVG legend's note in its own label, in the legend's words: what failed when
 * it is one of the edge's several requests, and when (`1. GET/PATCH/POST
 * poddisruptionbudgets, nodes, … · POST pods/eviction failed in step 6`);
 * when several failed, each with its steps (`1. POST/GET configmaps · POST
 * configmaps failed in step 5, GET configmaps in steps 6–7`: before, only
 * `failed in steps 5–7`, and rbac-denied's `failed in steps 1, 6–8` did not
 * say that a GET, a DELETE, a POST and a GET were refused). Checked on the
 * scenarios whose story is such a failure, as `build` draws them, in every
 * format (each escapes the note its own way).
 */
import { describe, expect, it } from 'vitest';
import { toMermaid } from '../../src/render/mermaid/index.ts';
import { toD2 } from '../../src/render/d2/index.ts';
import { toPlantUml } from '../../src/render/plantuml/index.ts';
import { d2String, mermaidText, plantUmlText } from '../../src/render/escape.ts';
import { edgeText } from '../../src/render/edge-text.ts';
import { failedRequests } from '../../src/views/common/failed-note.ts';
import type { ArchitectureView, GraphEdge } from '../../src/views/types.ts';
import { focusViews } from './corpus.ts';

const FORMATS = [
  { ext: 'mmd', emit: toMermaid, escape: (s: string) => mermaidText(s) },
  { ext: 'd2', emit: toD2, escape: (s: string) => d2String(s).slice(1, -1) },
  { ext: 'puml', emit: toPlantUml, escape: plantUmlText },
] as const;

const views = new Map<string, ArchitectureView>();
for (const { name, view } of await focusViews('standard', ['drain-pdb', 'etcd-quorum', 'ha-control-plane', 'rbac-denied'])) {
  if (view.kind === 'architecture') views.set(name.split('/')[1]!, view);
}

/** What the SVG legend says of these scenarios' mixed edges, and so what each text format must say on the edge. */
const EXPECTED: Record<string, string[]> = {
  'etcd-quorum': ['1. POST/GET configmaps · POST configmaps failed in step 5, GET configmaps in steps 6–7', '3. append entries · failed in steps 3, 5, 9'],
  'rbac-denied': ['GET secrets · GET pods failed in step 1, DELETE pods in step 6, POST deployments in step 7, GET secrets in step 8'],
  'ha-control-plane': ['6. POST deployments, health check GET /readyz · health check GET /readyz failed in step 3', '6. GET deployments, PATCH pods/status, health check GET /readyz · health check GET /readyz failed in step 6'],
  'drain-pdb': ['1. GET poddisruptionbudgets, GET/PATCH nodes, GET/POST pods (eviction) · POST pods/eviction failed in step 6'],
};

/** The note after the label: `POST pods/eviction failed in step 6`, `POST configmaps failed in step 5, GET configmaps in steps 6–7`. */
const noteOf = (text: string) => / · ((?:(?! · ).)*failed in steps? [\d–, ]+(?:(?:(?! · ).)* in steps? [\d–, ]+)*)$/.exec(text)?.[1];

describe('text emitters: the failed-in-steps note of a mixed edge', () => {
  for (const [scenario, labels] of Object.entries(EXPECTED)) {
    const view = views.get(scenario);
    it(`${scenario}: the SVG legend carries the note`, () => {
      expect(view).toBeDefined();
      expect(view!.legend.filter((l) => noteOf(l.text) !== undefined).length).toBeGreaterThan(0);
    });
    for (const { ext, emit, escape } of FORMATS) {
      it(`${scenario}.${ext}: each mixed edge's label says in which steps it failed`, () => {
        const text = emit(view!);
        for (const label of labels) expect(text).toContain(escape(label));
        const mixed = view!.edges.filter((e) => (e.failedSteps ?? []).length > 0);
        expect(mixed.length).toBeGreaterThan(0);
        // The text has as many notes as the view has mixed edges, and no note on an edge that is all right.
        expect(text.split(escape('failed in step')).length - 1).toBe(mixed.length);
      });
    }
  }
});

describe('a mixed edge with a legend entry of its own', () => {
  it('says what the entry says (drain-pdb, etcd-quorum)', () => {
    let compared = 0;
    for (const view of views.values()) {
      for (const e of view.edges.filter((x) => (x.failedSteps ?? []).length > 0)) {
        if (view.edges.filter((x) => x.number === e.number).length > 1) continue;
        const entry = view.legend.find((l) => l.number === e.number)!;
        expect(noteOf(edgeText(e, true))).toBe(noteOf(entry.text));
        compared++;
      }
    }
    expect(compared).toBe(4);
  });
});

describe('edgeText', () => {
  const edge: GraphEdge = { id: 'e', from: 'a', to: 'b', emphasis: 'normal', steps: [3, 5, 6, 7], events: [], label: 'watch pods (×3)', number: 2 };
  it('numbers and labels an edge, and notes the steps its requests failed in', () => {
    expect(edgeText(edge, true)).toBe('2. watch pods (×3)');
    expect(edgeText(edge, false)).toBe('watch pods (×3)');
    expect(edgeText({ ...edge, failedSteps: [5, 6, 7] }, true)).toBe('2. watch pods (×3) · failed in steps 5–7');
    expect(edgeText({ ...edge, failedSteps: [3] }, true)).toBe('2. watch pods (×3) · failed in step 3');
    expect(edgeText({ ...edge, label: undefined, number: undefined, failedSteps: [3, 5] }, true)).toBe('failed in steps 3, 5');
  });
  it('names the request that failed when the view does (one of the edge\'s several)', () => {
    expect(edgeText({ ...edge, label: 'GET/POST pods', failedSteps: [5], failedRequests: [{ request: 'POST pods', steps: [5] }] }, true)).toBe('2. GET/POST pods · POST pods failed in step 5');
  });
  it('names each request that failed with its own steps', () => {
    const failedRequests = [
      { request: 'POST configmaps', steps: [5] },
      { request: 'GET configmaps', steps: [6, 7] },
    ];
    expect(edgeText({ ...edge, label: 'POST/GET configmaps', failedSteps: [5, 6, 7], failedRequests }, true)).toBe('2. POST/GET configmaps · POST configmaps failed in step 5, GET configmaps in steps 6–7');
  });
});

describe('failedRequests', () => {
  const textOf = (labels: readonly string[]) => labels.join(', ');
  it('one of several requests failed: it, in its steps', () => {
    expect(failedRequests(['POST pods/eviction', 'POST pods/eviction'], [6, 6], ['GET pods', 'POST pods/eviction'], textOf)).toEqual([{ request: 'POST pods/eviction', steps: [6] }]);
  });
  it('several failed in different steps: each with its own, in the order they first failed', () => {
    expect(failedRequests(['GET configmaps', 'POST configmaps', 'GET configmaps'], [6, 5, 7], ['POST configmaps', 'GET configmaps'], textOf)).toEqual([
      { request: 'POST configmaps', steps: [5] },
      { request: 'GET configmaps', steps: [6, 7] },
    ]);
  });
  it('two failed in one step (probes: liveness in steps 4 and 6, readiness in 6): the steps alone', () => {
    expect(failedRequests(['liveness probe', 'liveness probe', 'readiness probe'], [4, 6, 6], ['liveness probe', 'readiness probe', 'start container'], textOf)).toBeUndefined();
  });
  it('the edge\'s only request, or more than four: the steps alone', () => {
    expect(failedRequests(['GET pods'], [3], ['GET pods', 'GET pods'], textOf)).toBeUndefined();
    expect(failedRequests(['a', 'b', 'c', 'd', 'e'], [1, 2, 3, 4, 5], ['a', 'b', 'c', 'd', 'e', 'f'], textOf)).toBeUndefined();
  });
});
