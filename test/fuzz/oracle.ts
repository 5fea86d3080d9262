/**
 * The fuzz oracle: a case ends in outputs or in located diagnostics, never in
 * an exception (the CLI's exit 70), never in unbounded work (the model's run
 * budget bounds every simulation), never in a half-written output folder.
 *
 * `runInProcess` runs loader → simulate → every view → SVG, Mermaid, D2 and
 * PlantUML in this process (fast); `runThroughBinary` runs `kubescene build`
 * on the case's files and checks the exit code and the output folder.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Diagnostic } from '../../src/common/diagnostic.ts';
import { DiagnosticError } from '../../src/common/diagnostic.ts';
import { simulate } from '../../src/cluster/index.ts';
import { renderView } from '../../src/render/index.ts';
import { toD2 } from '../../src/render/d2/index.ts';
import { toMermaid } from '../../src/render/mermaid/index.ts';
import { toPlantUml } from '../../src/render/plantuml/index.ts';
import { parseScenario } from '../../src/scenario/index.ts';
import { buildView } from '../../src/views/index.ts';
import { VIEW_KINDS } from '../../src/views/types.ts';
import { runBin } from '../helpers/bin.ts';

/** Run budget of a fuzz case: small, so a runaway mutation (replicas: 1e308) stops quickly at run-budget. */
export const FUZZ_BUDGET = { events: 20_000, tasks: 200_000 } as const;

export const SCENARIO_FILE = 'fuzz.yaml';

export type Outcome =
  | { kind: 'output'; warnings: string[] }
  | { kind: 'diagnostics'; codes: string[] }
  | { kind: 'crash'; message: string };

const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$|^KS\d+$/;

/** Why a diagnostic is not located (file:line:col inside the file, a code, a message), or undefined when it is. */
export function unlocated(d: Diagnostic, files: Record<string, string>): string | undefined {
  if (!CODE.test(d.code)) return `bad code ${JSON.stringify(d.code)}`;
  if (d.message.trim() === '') return `${d.code}: empty message`;
  if (d.severity !== 'error') return undefined;
  const text = files[d.file];
  if (text === undefined) return `${d.code}: file ${JSON.stringify(d.file)} is not an input (${Object.keys(files).join(', ')})`;
  if (!d.start) return `${d.code}: no line:col (${d.message.slice(0, 120)})`;
  // Lines as the YAML library counts them (a lone \r is part of its line).
  const lines = text.split('\n');
  const { line, column } = d.start;
  if (!Number.isInteger(line) || line < 1 || line > lines.length + 1) return `${d.code}: line ${line} outside 1..${lines.length}`;
  const len = (lines[line - 1] ?? '').length;
  if (!Number.isInteger(column) || column < 1 || column > len + 2) return `${d.code}: column ${column} outside line ${line} (length ${len})`;
  return undefined;
}

function checkDiagnostics(diags: readonly Diagnostic[], files: Record<string, string>): Outcome {
  const bad = diags.map((d) => unlocated(d, files)).filter((s): s is string => s !== undefined);
  if (bad.length > 0) return { kind: 'crash', message: `unlocated diagnostic: ${bad[0]}` };
  if (!diags.some((d) => d.severity === 'error')) return { kind: 'crash', message: 'failed without an error diagnostic' };
  return { kind: 'diagnostics', codes: [...new Set(diags.filter((d) => d.severity === 'error').map((d) => d.code))].sort() };
}

/** Loader → simulate → views → renderers, in process. Exceptions other than DiagnosticError are crashes. */
export async function runInProcess(scenario: string, files: Record<string, string>): Promise<Outcome> {
  const all = { ...files, [SCENARIO_FILE]: scenario };
  try {
    const r = parseScenario(scenario, SCENARIO_FILE, (rel) => files[rel]);
    if (!r.ok) return checkDiagnostics(r.diagnostics, all);
    const trace = simulate(r.value, { budget: FUZZ_BUDGET });
    for (const kind of VIEW_KINDS) {
      const view = buildView(trace, kind);
      await renderView(view, { format: 'svg', theme: 'light' });
      toMermaid(view);
      toD2(view);
      toPlantUml(view);
    }
    return { kind: 'output', warnings: [...new Set(r.warnings.map((w) => w.code))].sort() };
  } catch (e) {
    if (e instanceof DiagnosticError) return checkDiagnostics(e.diagnostics, all);
    const err = e as Error;
    return { kind: 'crash', message: `${err?.name ?? 'Error'}: ${err?.message ?? String(e)}\n${err?.stack ?? ''}` };
  }
}

/** Writes the case's scenario and files into `dir`. */
export function writeCase(dir: string, scenario: string, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  writeFileSync(join(dir, SCENARIO_FILE), scenario);
}

function listAll(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/**
 * `kubescene build fuzz.yaml --out out` on the case, with the fuzz budget in
 * the environment: exit 0/1 with a complete scenario folder, or exit 2 with
 * located diagnostics and no scenario folder; never 70, never a temporary file left.
 */
export async function runThroughBinary(dir: string, scenario: string, files: Record<string, string>): Promise<Outcome> {
  rmSync(dir, { recursive: true, force: true });
  writeCase(dir, scenario, files);
  const out = join(dir, 'out');
  const r = await runBin(['build', SCENARIO_FILE, '--out', 'out'], { cwd: dir, env: { KUBESCENE_MAX_EVENTS: String(FUZZ_BUDGET.events), KUBESCENE_MAX_TASKS: String(FUZZ_BUDGET.tasks) } });
  const written = listAll(out);
  const leftovers = written.filter((f) => /\.tmp/.test(f));
  if (leftovers.length > 0) return { kind: 'crash', message: `temporary files left: ${leftovers.join(', ')}` };
  if (r.code === 70 || r.code > 2 || /internal error|this is a bug/i.test(r.stderr)) return { kind: 'crash', message: `exit ${r.code}\n${r.stderr.slice(0, 4000)}` };
  const scenarioFiles = written.filter((f) => f !== 'README.md');
  // Exit 1 with nothing written: a step failed unexpectedly (build writes nothing for that scenario, documented).
  if (r.code === 2 || (r.code === 1 && scenarioFiles.length === 0)) {
    if (scenarioFiles.length > 0) return { kind: 'crash', message: `exit ${r.code} but wrote ${scenarioFiles.join(', ')}` };
    const located = /(^|\n)(invalid \S+: nothing written: )?[^\s:]+\.ya?ml:\d+:\d+: /.test(r.stdout + r.stderr);
    if (!located) return { kind: 'crash', message: `exit 2 without a located diagnostic:\n${(r.stdout + r.stderr).slice(0, 2000)}` };
    const codes = [...(r.stdout + r.stderr).matchAll(/error\[([a-z0-9-]+)\]/g)].map((m) => m[1]!);
    return { kind: 'diagnostics', codes: [...new Set(codes)].sort() };
  }
  // 0 or 1: a complete folder (trace and the views).
  if (!scenarioFiles.some((f) => f.endsWith('trace.json'))) return { kind: 'crash', message: `exit ${r.code} without a trace: ${written.join(', ')}\n${r.stderr.slice(0, 2000)}` };
  return { kind: 'output', warnings: [] };
}
