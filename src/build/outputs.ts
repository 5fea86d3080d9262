/**
 * Everything `build` writes for one scenario, produced in memory first: a
 * failure anywhere (a render that throws) leaves nothing half-written.
 */
import type { Diagnostic } from '../common/diagnostic.ts';
import { sha256 } from '../common/hash.ts';
import { stepFailureDiagnostic, stepFailureText } from '../cluster/steps/step-failure.ts';
import { explainTrace } from '../explain/index.ts';
import { writeTrace } from '../trace/io.ts';
import type { Scenario } from '../scenario/types.ts';
import type { Trace } from '../trace/types.ts';
import type { Stages } from './stages.ts';
import { scenarioPage } from './gallery.ts';
import { COLUMN_PICTURE, galleryPictures } from './pictures.ts';

/** File name → bytes, in a stable (sorted) order. */
export type OutputFiles = Map<string, Uint8Array>;

export const MANIFEST_FILE = '.kubescene.json';
/** `out/<name>/index.html`: the scenario's HTML player. */
export const PLAYER_FILE = 'index.html';

/** What `.kubescene.json` records: the cache key and a hash of every output, so `check` needs no rebuild when nothing changed. */
export interface ScenarioManifest {
  kubescene: string;
  key: string;
  /** What went into the key, so `check` can say what changed. */
  digest: string;
  toolHash: string;
  name: string;
  source: string;
  /** For the gallery, which lists scenarios that were not loaded in this run from their manifests. */
  title: string;
  description: string;
  /** `diagrams.gallery` when it is not the flowchart, for the index of a later run that does not load the scenario. */
  cover?: 'architecture';
  /** False when a scenario expectation failed (a no-op rebuild still reports it). */
  passed: boolean;
  failures: string[];
  files: Record<string, string>;
}

export interface ScenarioOutputs {
  trace: Trace;
  files: OutputFiles;
  failures: string[];
  /**
   * A step exited non-zero unexpectedly and stopped the run: `files` is empty
   * and nothing is written for the scenario (the pictures would show a flow
   * that never happened). The located diagnostic, for the CLI.
   */
  stepFailure?: Diagnostic;
}

const encoder = new TextEncoder();
const bytes = (x: string | Uint8Array): Uint8Array => (typeof x === 'string' ? encoder.encode(x) : x);

/** Expectations that failed, in words, for messages and the manifest. */
export function failedExpectations(trace: Trace): string[] {
  return trace.outcome.expectations
    .filter((x) => !x.passed)
    .map((x) => `step ${x.step}: ${x.description} — expected ${x.expected}, found ${x.found}`);
}

export async function produceOutputs(scenario: Scenario, stages: Stages): Promise<ScenarioOutputs> {
  const trace = stages.simulate(scenario);
  const files: OutputFiles = new Map();
  const stepFailure = stepFailureDiagnostic(trace);
  if (stepFailure) return { trace, files, failures: [stepFailureText(trace) ?? stepFailure.message, ...failedExpectations(trace)], stepFailure };
  files.set('trace.json', bytes(writeTrace(trace)));
  // Every picture of this trace (gallery, frames, player) from one set of layouts: each distinct view is laid out once.
  const draw = stages.forTrace?.(trace) ?? stages;
  // Which pictures, at which detail level (a long sequence becomes one slide per step): pictures.ts.
  const drawn = await galleryPictures(trace, scenario.diagrams, draw);
  for (const p of drawn) {
    files.set(`${p.name}.svg`, bytes(p.svg));
    files.set(`${p.name}.png`, p.png);
    if (p.name === p.kind) files.set(`${p.kind}.mmd`, bytes(draw.toMermaid(p.view)));
  }
  // The architecture laid out for a docs column when the slide picture does not fit one (pictures.ts), as on the scenario page.
  const column = drawn.find((p) => p.name === COLUMN_PICTURE);
  const pictures = { architecture: column ? `${COLUMN_PICTURE}.svg` : 'architecture.svg', sequence: 'sequence.svg', flowchart: 'flowchart.svg' };
  // Each embedded by the page rule (common/embed.ts), as on the scenario page.
  const sizes = Object.fromEntries(drawn.filter((p) => p.name === p.kind).map((p) => [p.kind, p.kind === 'architecture' && column ? column.size : p.size]));
  files.set('steps.md', bytes(explainTrace(trace, { pictures, sizes })));
  files.set('README.md', bytes(scenarioPage(scenario, trace, drawn)));
  // The self-contained player (src/render/html.ts): every view, detail level and step, one file.
  files.set(PLAYER_FILE, bytes(await draw.player(trace, scenario.diagrams)));
  return { trace, files: sortFiles(files), failures: failedExpectations(trace) };
}

export function sortFiles(files: OutputFiles): OutputFiles {
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function manifestFor(scenario: Scenario, key: string, version: string, toolHash: string, out: ScenarioOutputs): ScenarioManifest {
  const hashes: Record<string, string> = {};
  for (const [name, data] of out.files) hashes[name] = sha256(data);
  return {
    kubescene: version,
    key,
    digest: scenario.digest,
    toolHash,
    name: scenario.name,
    source: scenario.source,
    title: scenario.title,
    description: scenario.description,
    ...(scenario.diagrams.gallery ? { cover: scenario.diagrams.gallery } : {}),
    passed: out.failures.length === 0,
    failures: out.failures,
    files: hashes,
  };
}

export function manifestText(m: ScenarioManifest): string {
  return JSON.stringify(m, null, 2) + '\n';
}

/** Parses `.kubescene.json`; anything unreadable counts as "no manifest" (the scenario is rebuilt). */
export function parseManifest(text: string | undefined): ScenarioManifest | undefined {
  if (text === undefined) return undefined;
  try {
    const m = JSON.parse(text) as Partial<ScenarioManifest>;
    if (typeof m.key !== 'string' || typeof m.files !== 'object' || m.files === null) return undefined;
    const name = String(m.name ?? '');
    return { kubescene: String(m.kubescene ?? ''), key: m.key, digest: String(m.digest ?? ''), toolHash: String(m.toolHash ?? ''), name, source: String(m.source ?? ''), title: String(m.title ?? name), description: String(m.description ?? ''), ...(m.cover === 'architecture' ? { cover: m.cover } : {}), passed: m.passed !== false, failures: Array.isArray(m.failures) ? m.failures.map(String) : [], files: m.files };
  } catch {
    return undefined;
  }
}
