/**
 * Every emitted D2 file goes through the real D2 compiler (`@terrastruct/d2`,
 * WASM): it must compile, and hostile labels must come out as label text.
 *
 * One D2 worker (each `D2` is a worker thread with its own copy of the 22 MB
 * module, ~3 CPU-s to start and more to warm up). The hand-made views, the
 * hostile ones among them, compile alone as files of their own. The corpus
 * views compile BATCH at a time as the boards of one file (`layers: { b0:
 * {…} b1: {…} }`): each board goes through the same parser, compiler and
 * layout as a file of its own, without the fixed cost of a compile call
 * (~0.12 CPU-s of ~0.2 per view; measured 2026-12-06, issue 11). A batch
 * counts only when it compiles and holds exactly its boards, in order, each
 * with shapes; otherwise (a parse error, a text that closes its board early
 * or leaves it open) every text of the batch compiles alone, so each test
 * reports its own file's error.
 */
import { describe, expect, it } from 'vitest';
import { D2, type Diagram } from '@terrastruct/d2';
import { toD2 } from '../../src/render/d2/index.ts';
import type { SequenceMessage, SequenceView } from '../../src/views/types.ts';
import { toolViews } from './corpus.ts';
import { HAND_VIEWS, HOSTILE } from './hand-views.ts';

/** Every corpus view and every scenario's summary (as `render --detail summary` draws it). */
const views = await toolViews();
const d2 = new D2();
/** Texts per batch file: ~25 halves the corpus's compile CPU; much larger batches cost more again (measured). */
const BATCH = 25;

/** Compiles run one at a time on the one worker, in this order. */
let queue: Promise<unknown> = Promise.resolve();
function compileAlone(text: string): Promise<Diagram> {
  const result = queue.then(() => d2.compile(text)).then((r) => r.diagram);
  queue = result.catch(() => undefined);
  result.catch(() => undefined); // reported by the test that awaits it
  return result;
}

/** The batch file of these texts: board `b<i>` holds text i. */
function batchFile(texts: readonly string[]): string {
  return `layers: {\n${texts.map((t, i) => `b${i}: {\n${t}\n}`).join('\n')}\n}\n`;
}

/** The boards of a batch, in order, or null when the batch does not hold exactly its texts as boards with shapes. */
function boardsOf(diagram: Diagram, count: number): Diagram[] | null {
  const layers = diagram.layers ?? [];
  if (diagram.shapes.length !== 0 || layers.length !== count) return null;
  const boards: Diagram[] = [];
  for (const [i, layer] of layers.entries()) {
    if (layer?.name !== `b${i}` || layer.shapes.length === 0) return null;
    boards.push(layer);
  }
  return boards;
}

/** Each text's diagram: from its board when the batch holds, else compiled alone. */
function compileBatch(texts: readonly string[]): Promise<Diagram>[] {
  const batch = queue.then(() => d2.compile(batchFile(texts))).then(
    (r) => boardsOf(r.diagram, texts.length),
    () => null,
  );
  queue = batch;
  return texts.map((text, i) => batch.then((boards) => boards?.[i] ?? compileAlone(text)));
}

/** A text already compiled (a summary the same as the standard view) is compiled once. */
const byText = new Map<string, Promise<Diagram>>();
/** Each batched text's diagram as its batch gave it. */
const boards = new Map<string, Promise<Diagram>>();
const compiled = new Map<string, Promise<Diagram>>();
const pending: { name: string; text: string }[] = [];
for (const { name, view } of views) {
  const text = toD2(view);
  if (name.startsWith('hand/')) {
    // Hand-made and hostile views: each a file of its own.
    if (!byText.has(text)) byText.set(text, compileAlone(text));
    compiled.set(name, byText.get(text)!);
  } else {
    pending.push({ name, text });
  }
}
/** The ordinary hand views once more as boards of a batch, to compare with their files (last test). */
const asBoards = HAND_VIEWS.map((view) => toD2(view));
const unique = [...new Set([...pending.map((p) => p.text).filter((t) => !byText.has(t)), ...asBoards])];
for (let s = 0; s < unique.length; s += BATCH) {
  const texts = unique.slice(s, s + BATCH);
  compileBatch(texts).forEach((diagram, i) => {
    diagram.catch(() => undefined); // reported by the test that awaits it
    boards.set(texts[i]!, diagram);
    if (!byText.has(texts[i]!)) byText.set(texts[i]!, diagram);
  });
}
for (const { name, text } of pending) compiled.set(name, byText.get(text)!);

/** Shapes carry their label at run time, though the declared `Shape` type omits it. */
function labelOf(s: object): string {
  return (s as { label?: string }).label ?? '';
}

describe('D2 compiler accepts every emitted D2 file', () => {
  for (const { name } of views) {
    it(`${name}.d2 compiles`, async () => {
      const diagram = await compiled.get(name)!;
      expect(diagram.shapes.length).toBeGreaterThan(0);
    });
  }

  it('hostile labels are labels: same shapes and connections as the ordinary view, text intact', async () => {
    const allLabels = new Set<string>();
    for (const view of HAND_VIEWS) {
      const ordinary = await compiled.get(`hand/ordinary/${view.kind}`)!;
      const hostile = await compiled.get(`hand/hostile-labels/${view.kind}`)!;
      expect(hostile.shapes.map((s) => s.id)).toEqual(ordinary.shapes.map((s) => s.id));
      expect(hostile.connections.length).toBe(ordinary.connections.length);
      const labels = new Set([...hostile.shapes.map(labelOf), ...hostile.connections.map(labelOf)]);
      // Every hostile string that is used as a whole label survives verbatim (newlines included).
      const used = HOSTILE.filter((h) => labels.has(h.split('\n').map((l) => l.trim()).join('\n')));
      expect(used.length).toBeGreaterThan(3);
      for (const l of labels) allLabels.add(l);
    }
    // `${var}` is not substituted, backslashes stay, quotes stay.
    expect([...allLabels].some((l) => l.includes('${var} \\ back\\nslash'))).toBe(true);
    expect([...allLabels].some((l) => l.includes('say "hi"'))).toBe(true);
  });
});

describe('lost messages', () => {
  it('a packet dropped before its Pod ends in a cross in the compiled diagram; a refused request keeps its arrowhead', async () => {
    const message = (id: string, extra: Partial<SequenceMessage>): SequenceMessage => ({ type: 'message', id, number: 1, from: 'cni', to: 'pod', label: id, arrow: 'async', emphasis: 'danger', step: 1, events: [], ...extra });
    const view: SequenceView = {
      kind: 'sequence',
      title: 'dropped',
      detail: 'summary',
      boxes: [],
      participants: [
        { id: 'cni', label: 'CNI plugin', icon: 'cni', box: null },
        { id: 'pod', label: 'api', icon: 'pod', box: null },
      ],
      items: [message('dropped by NetworkPolicy', { lost: true }), message('403 Forbidden', { number: 2, arrow: 'reply', from: 'pod', to: 'cni' })],
      steps: [{ number: 1, title: 'the intruder calls the api' }],
    };
    const diagram = await compileAlone(toD2(view));
    // The messages (the lifelines are label-less connections of their own).
    const arrows = diagram.connections.map((c) => [labelOf(c), c.dstArrow]).filter(([label]) => label !== '');
    expect(arrows).toEqual([
      ['1. dropped by NetworkPolicy', 'cross'],
      ['2. 403 Forbidden', 'triangle'],
    ]);
  });
});

describe('batch files', () => {
  it('a text compiled as a board of a batch has the shapes, connections and labels of the text compiled alone', async () => {
    const ids = (d: Diagram) => ({
      shapes: d.shapes.map((s) => `${s.id} ${s.type} ${labelOf(s)}`).sort(),
      connections: d.connections.map((c) => `${c.id} ${labelOf(c)}`).sort(),
    });
    for (const [i, view] of HAND_VIEWS.entries()) {
      const alone = await compiled.get(`hand/ordinary/${view.kind}`)!;
      expect(ids(await boards.get(asBoards[i]!)!)).toEqual(ids(alone));
    }
  });

  it('a batch holding a broken text falls back to compiling each text alone: the others compile, the broken one fails', async () => {
    const ok = 'a -> b';
    const [first, broken, last] = compileBatch([ok, 'x: {', ok]);
    expect((await first!).shapes.map((s) => s.id)).toEqual(['a', 'b']);
    await expect(broken!).rejects.toThrow();
    expect((await last!).shapes.map((s) => s.id)).toEqual(['a', 'b']);
    // A text that closes its board early would leave the other boards misplaced: also compiled alone.
    const [early] = compileBatch(['a -> b\n}\nc: {', ok]);
    await expect(early!).rejects.toThrow();
  });
});
