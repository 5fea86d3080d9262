/**
 * The Mermaid, D2 and PlantUML text of every scenario in the library follows
 * the scenario's focus and the detail level (issue 9), read back from the
 * text itself (skeleton.ts):
 *
 * - at summary, standard and full the sequence text declares the view's
 *   participants and draws exactly the view's messages (ends, numbers,
 *   labels), in order; the setup steps are the one band with the state they
 *   left (no setup message is drawn); every focus step the scenario draws
 *   has its title, in order;
 * - at summary and standard the architecture and flowchart text declares
 *   exactly the view's nodes and edges; architecture edges carry their
 *   number, and a numbered edge is a focus interaction (in the legend);
 * - the levels differ in the text where the views differ (apply-deployment:
 *   summary draws fewer messages than standard and full);
 * - `render --format mmd|d2|puml --detail L` writes that text (the CLI
 *   passes the level and the scenario's `diagrams:` on to the views).
 *
 * Views are built as `build`/`render` build them: `realStages().buildView`
 * with the scenario's `diagrams:` settings (its sequence steps, flowchart
 * step) and the level.
 */
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { realStages } from '../../src/build/stages.ts';
import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/common/io.ts';
import { toMermaid } from '../../src/render/mermaid/index.ts';
import { toD2 } from '../../src/render/d2/index.ts';
import { toPlantUml } from '../../src/render/plantuml/index.ts';
import { d2String, mermaidText, plantUmlText } from '../../src/render/escape.ts';
import { failedNote } from '../../src/render/edge-text.ts';
import type { DiagramSettings } from '../../src/scenario/types.ts';
import type { Trace } from '../../src/trace/types.ts';
import type { ArchitectureView, DetailLevel, FlowchartView, SequenceParticipant, SequenceSeparator, SequenceView, View, ViewKind } from '../../src/views/types.ts';
import { loadScenarioOnce, simulateOnce } from '../helpers/library.ts';
import { declaredNodes, declaredParticipants, readGraph, readSequence, viewFrames, viewMessages, viewNotes, type TextFormat } from './skeleton.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const LEVELS: readonly DetailLevel[] = ['summary', 'standard', 'full'];
const FORMATS: readonly { ext: TextFormat; emit: (v: View) => string }[] = [
  { ext: 'mmd', emit: toMermaid },
  { ext: 'd2', emit: toD2 },
  { ext: 'puml', emit: toPlantUml },
];
const stages = await realStages();

interface Scenario {
  name: string;
  trace: Trace;
  diagrams: DiagramSettings;
}

const names = readdirSync(join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const library: Scenario[] = [];
for (const file of names) {
  const path = join(ROOT, 'scenarios', file);
  const loaded = await loadScenarioOnce(path, { cwd: ROOT });
  if (!loaded.ok) continue; // a scenario that demonstrates invalid input: the scenario tests cover it
  library.push({ name: file.replace(/\.yaml$/, ''), trace: await simulateOnce(path, { cwd: ROOT }), diagrams: loaded.value.diagrams });
}

type ViewOf<K extends ViewKind> = Extract<View, { kind: K }>;
const isKind = <K extends ViewKind>(v: View, kind: K): v is ViewOf<K> => v.kind === kind;

/** The view `build` and `render` draw for this scenario at this level. */
function scenarioView<K extends ViewKind>(s: Scenario, kind: K, detail: DetailLevel): ViewOf<K> {
  const view = stages.buildView(s.trace, kind, { ...s.diagrams, detail });
  if (!isKind(view, kind)) throw new Error(`${s.name}: asked for ${kind}, got ${view.kind}`);
  return view;
}

/** Label text as each format writes it. */
const escape: Record<TextFormat, (s: string) => string> = {
  mmd: (s) => mermaidText(s),
  d2: (s) => d2String(s).slice(1, -1),
  puml: (s) => plantUmlText(s),
};

function participantLabel(p: SequenceParticipant, format: TextFormat): string {
  switch (format) {
    case 'mmd':
      return p.sublabel ? `${mermaidText(p.label, 'alias')}<br>${mermaidText(p.sublabel, 'alias')}` : mermaidText(p.label, 'alias');
    case 'puml':
      return p.sublabel ? `${plantUmlText(p.label)}\\n${plantUmlText(p.sublabel)}` : plantUmlText(p.label);
    case 'd2':
      return d2String(p.sublabel ? `${p.label}\n${p.sublabel}` : p.label);
  }
}

/** Where a step title stands in the text: the note, `== … ==` line, or group/note key of its separator. */
function stepTitle(sep: SequenceSeparator, format: TextFormat): string {
  switch (format) {
    case 'mmd':
      return `: ${mermaidText(sep.title)}`;
    case 'puml':
      return `== ${plantUmlText(sep.title)} ==`;
    case 'd2':
      return `: "${escape.d2(sep.title)}`;
  }
}

/** The steps the scenario's sequence draws, split as the view splits them (src/views/sequence/build.ts). */
function focusOf(s: Scenario, kind: 'sequence' | 'architecture'): { setup: number[]; focus: number[] } {
  const wanted = s.diagrams[kind].steps;
  const chosen = s.trace.steps.filter((st) => wanted === undefined || wanted.includes(st.number));
  const focus = chosen.filter((st) => st.setup !== true);
  if (focus.length === 0) return { setup: [], focus: chosen.map((st) => st.number) };
  return { setup: chosen.filter((st) => st.setup === true && st.number < focus[0]!.number).map((st) => st.number), focus: focus.map((st) => st.number) };
}

/** The sequence text carries the view: participants, messages, step titles, the setup band. */
function expectSequenceText(s: Scenario, view: SequenceView, text: string, format: TextFormat, where: string): number {
  const sk = readSequence(text, format);
  const order = declaredParticipants(view);
  const byId = new Map(view.participants.map((p) => [p.id, p]));
  expect(sk.participants.length, `${where}: participants`).toBe(order.length);
  expect(sk.labels, `${where}: participant labels`).toEqual(order.map((id) => participantLabel(byId.get(id)!, format)));
  const viewId = new Map(sk.participants.map((emitted, i) => [emitted, order[i]!]));
  const messages = viewMessages(view.items);
  const drawn = sk.messages.map((m) => [viewId.get(m.from), viewId.get(m.to), m.number]);
  expect(drawn, `${where}: messages (from, to, number)`).toEqual(messages.map((m) => [m.from, m.arrow === 'self' ? m.from : m.to, m.number]));
  expect(
    sk.messages.map((m) => m.label),
    `${where}: message labels`,
  ).toEqual(messages.map((m) => (format === 'd2' ? d2String(`${m.number}. ${m.label}`) : escape[format](m.label))));
  // Red only for what failed: Mermaid arrows show `danger` only, D2 and PlantUML every emphasis.
  expect(
    sk.messages.map((m) => m.emphasis),
    `${where}: message emphasis`,
  ).toEqual(messages.map((m) => (format !== 'mmd' || m.emphasis === 'danger' ? m.emphasis : 'normal')));
  // A packet dropped before its Pod ends in a cross in D2 and PlantUML, as in the SVG; only it (a refused request arrives).
  expect(
    sk.messages.map((m) => m.lost),
    `${where}: lost messages`,
  ).toEqual(messages.map((m) => format !== 'mmd' && m.lost === true));

  // Loops and alt branches, labelled, in order (D2 leaves out a frame that draws nothing: it would crash on it).
  const frames = viewFrames(view.items).map((f) => {
    if (format !== 'd2') return { text: escape[format](f.label), drawn: f.messages };
    return { text: d2String(f.loop ? `loop: ${f.label}` : `[${f.label}]`), drawn: f.messages };
  });
  if (format === 'd2') {
    let at = -1;
    for (const f of frames.filter((x) => x.drawn > 0)) {
      const found = sk.frames.indexOf(f.text, at + 1);
      expect(found, `${where}: frame ${f.text} after the one before`).toBeGreaterThan(at);
      at = found;
    }
  } else expect(sk.frames, `${where}: loops and alt branches`).toEqual(frames.map((f) => f.text));

  // Every note (the API server's phases, a failure, what a quiet step did), over its participants, in order.
  const emitted = (id: string) => sk.participants[order.indexOf(id)] ?? `unknown participant ${id}`;
  const span = [...new Set([sk.participants[0], sk.participants[sk.participants.length - 1]])];
  let after = -1;
  for (const note of viewNotes(view.items)) {
    if (note.over.length === 0 && format !== 'mmd') continue; // PlantUML and D2 place a note over someone, or not at all
    const ends = format === 'd2' ? note.over.slice(0, 1) : [note.over[0]!, note.over[note.over.length - 1]!];
    const over = note.over.length === 0 ? span : [...new Set(ends.map(emitted))];
    const text = format === 'd2' ? d2String(note.text) : escape[format](note.text);
    const found = sk.notes.findIndex((n, i) => i > after && n.text === text && n.over.join() === over.join());
    expect(found, `${where}: note "${note.text}" over ${note.over.join(', ')}, after the one before`).toBeGreaterThan(after);
    after = found;
  }

  // Focus: the setup steps are the band, stating their state; every focus step drawn has its title, in order.
  const { setup, focus } = focusOf(s, 'sequence');
  const separators = view.items.filter((i): i is SequenceSeparator => i.type === 'separator');
  const band = separators.find((sep) => sep.id === 'setup');
  if (setup.length > 0) {
    expect(separators[0]?.id, `${where}: setup band first`).toBe('setup');
    expect((band?.state ?? []).length, `${where}: setup band states the state`).toBeGreaterThan(0);
    for (const line of band?.state ?? []) expect(text, `${where}: setup state line`).toContain(escape[format](line));
    expect(messages.filter((m) => setup.includes(m.step)).map((m) => m.number), `${where}: no setup message drawn`).toEqual([]);
  }
  expect(separators.filter((sep) => sep.id !== 'setup').map((sep) => sep.step), `${where}: a title per focus step`).toEqual(focus);
  let at = -1;
  for (const sep of separators) {
    const found = text.indexOf(stepTitle(sep, format), at + 1);
    expect(found, `${where}: step title "${sep.title}" after the one before`).toBeGreaterThan(at);
    at = found;
  }
  return sk.messages.length;
}

/** The graph text carries the view: every node once, every edge (ends, number, label). */
function expectGraphText(s: Scenario, view: ArchitectureView | FlowchartView, text: string, format: TextFormat, where: string): void {
  const sk = readGraph(text, format);
  const order = declaredNodes(view);
  expect(sk.nodes.length, `${where}: nodes`).toBe(order.length);
  const viewId = new Map(sk.nodes.map((emitted, i) => [emitted, order[i]!.id]));
  expect(
    sk.edges.map((e) => [viewId.get(e.from), viewId.get(e.to)]),
    `${where}: edges`,
  ).toEqual(view.edges.map((e) => [e.from, e.to]));
  // The taken path lit, the rest faint, failures red: every node's and edge's emphasis.
  expect(
    sk.nodes.map((id) => sk.emphasis.get(id) ?? 'normal'),
    `${where}: node emphasis`,
  ).toEqual(order.map((n) => n.emphasis));
  expect(
    sk.edges.map((e) => e.emphasis),
    `${where}: edge emphasis`,
  ).toEqual(view.edges.map((e) => e.emphasis));
  const numbered = view.kind === 'architecture';
  // A mixed edge (some requests failed, drawn as working) adds the legend's note, which these formats do not draw.
  const labels = view.edges.map((e) =>
    [[numbered && e.number !== undefined ? `${e.number}.` : '', e.label ?? ''].filter((p) => p !== '').join(' '), failedNote(e)].filter((p) => p !== '').join(' · '),
  );
  expect(
    sk.edges.map((e) => e.label),
    `${where}: edge labels`,
  ).toEqual(labels.map((l) => (l === '' ? '' : format === 'd2' ? d2String(l) : escape[format](l))));
  if (view.kind !== 'architecture') return;
  // A numbered edge is a focus interaction the legend explains; setup interactions are never numbered.
  const { focus } = focusOf(s, 'architecture');
  const legend = new Map(view.legend.map((l) => [l.number, l]));
  for (const e of view.edges) {
    if (e.number === undefined) continue;
    expect(legend.get(e.number)?.step, `${where}: edge ${e.number} in the legend, a focus step's`).toSatisfy((step: number | undefined) => step !== undefined && focus.includes(step));
  }
}

describe('text emitters follow focus and detail on every scenario', () => {
  it('has the library', () => expect(library.length).toBeGreaterThanOrEqual(names.length - 2));

  for (const s of library) {
    it(`${s.name}: sequence text at summary, standard and full`, () => {
      const counts: Record<string, number[]> = {};
      for (const detail of LEVELS) {
        const view = scenarioView(s, 'sequence', detail);
        for (const { ext, emit } of FORMATS) {
          const text = emit(view);
          (counts[ext] ??= []).push(expectSequenceText(s, view, text, ext, `${s.name} ${detail} sequence.${ext}`));
        }
      }
      // Every format draws the same number of messages at each level.
      expect(counts['d2']).toEqual(counts['mmd']);
      expect(counts['puml']).toEqual(counts['mmd']);
    });

    it(`${s.name}: architecture and flowchart text at summary and standard`, () => {
      for (const detail of ['summary', 'standard'] as const) {
        for (const kind of ['architecture', 'flowchart'] as const) {
          const view = scenarioView(s, kind, detail);
          for (const { ext, emit } of FORMATS) expectGraphText(s, view, emit(view), ext, `${s.name} ${detail} ${kind}.${ext}`);
        }
      }
    });
  }

  it('apply-deployment: summary draws fewer messages than standard and full, in every format', () => {
    const s = library.find((x) => x.name === 'apply-deployment')!;
    for (const { ext, emit } of FORMATS) {
      const [summary, standard, full] = LEVELS.map((detail) => readSequence(emit(scenarioView(s, 'sequence', detail)), ext).messages.length);
      expect(summary, `sequence.${ext}`).toBeGreaterThan(5);
      expect(summary, `sequence.${ext}: summary < standard`).toBeLessThan(standard!);
      expect(summary, `sequence.${ext}: summary < full`).toBeLessThan(full!);
    }
  });

  it('the text differs between levels wherever the views do', () => {
    let differing = 0;
    for (const s of library) {
      for (const kind of ['sequence', 'architecture', 'flowchart'] as const) {
        const views = LEVELS.map((detail) => scenarioView(s, kind, detail));
        for (let i = 0; i < views.length; i++) {
          for (let j = i + 1; j < views.length; j++) {
            if (JSON.stringify({ ...views[i], detail: undefined }) === JSON.stringify({ ...views[j], detail: undefined })) continue;
            differing++;
            for (const { ext, emit } of FORMATS) expect(emit(views[i]!), `${s.name} ${kind}.${ext}: ${LEVELS[i]} ≠ ${LEVELS[j]}`).not.toBe(emit(views[j]!));
          }
        }
      }
    }
    expect(differing).toBeGreaterThan(library.length * 2);
  });
});

describe('render --format mmd|d2|puml --detail writes the level asked, with the scenario focus', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const run = async (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    let stdout = '';
    let stderr = '';
    const io: CliIo = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, cwd: ROOT, env: {} };
    return { code: await main(['render', ...args], io), stdout, stderr };
  };

  // A step's own sequence (--step, as the gallery's per-step slides): the state before it as a band, then the step.
  it('--step N: the step at the level asked (rolling-update step 3, the rollout)', async () => {
    const s = library.find((x) => x.name === 'rolling-update')!;
    for (const { ext, emit } of FORMATS) {
      const counts: number[] = [];
      for (const detail of LEVELS) {
        const r = await run(['scenarios/rolling-update.yaml', '--step', '3', '--view', 'sequence', '--format', ext, '--detail', detail, '-o', '-']);
        expect(r.code, r.stderr).toBe(0);
        const view = stages.buildView(s.trace, 'sequence', { ...s.diagrams, detail, sequence: { steps: [3] } });
        expect(r.stdout, `step 3 ${detail} sequence.${ext}`).toBe(emit(view));
        const drawn = readSequence(r.stdout, ext).messages;
        expect(drawn.length).toBe(view.kind === 'sequence' ? viewMessages(view.items).length : -1);
        counts.push(drawn.length);
      }
      expect(counts[0], `step 3 sequence.${ext}: summary < standard`).toBeLessThan(counts[1]!);
      expect(counts[0], `step 3 sequence.${ext}: summary < full`).toBeLessThan(counts[2]!);
    }
  });

  // get-pods: setup then the read path; job-cronjob: `diagrams: sequence: { steps: [2] }`.
  for (const name of ['apply-deployment', 'get-pods', 'job-cronjob']) {
    it(name, async () => {
      const s = library.find((x) => x.name === name)!;
      const dir = mkdtempSync(join(tmpdir(), 'kubescene-emitfocus-'));
      dirs.push(dir);
      for (const detail of LEVELS) {
        for (const { ext, emit } of FORMATS) {
          const out = join(dir, `${detail}-${ext}`);
          const r = await run([`scenarios/${name}.yaml`, '--view', 'all', '--format', ext, '--detail', detail, '-o', out]);
          expect(r.code, r.stderr).toBe(0);
          for (const kind of ['architecture', 'sequence', 'flowchart'] as const) {
            expect(readFileSync(join(out, `${kind}.${ext}`), 'utf8'), `${name} ${detail} ${kind}.${ext}`).toBe(emit(scenarioView(s, kind, detail)));
          }
        }
      }
    });
  }
});
