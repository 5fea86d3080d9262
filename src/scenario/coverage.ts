/**
 * What the model runs, and what it only stores: the table of kinds (is there
 * a component that acts on objects of this kind?) and of fields the model
 * ignores where a real cluster would behave differently. The tables and their
 * texts live with every other simplification, in
 * src/cluster/simplifications/coverage.ts; this module applies them. Nothing is silent:
 * the loader warns (`unmodelled-kind`, `ignored-field`) at the object or field,
 * and the trace lists the same gaps under `simplifications`
 * (src/cluster/steps/coverage-notes.ts). docs/scenario-format.md ("What the model
 * runs") shows this table; a test keeps the two in sync.
 */
import { containerRun } from '../common/container-script.ts';

import type { KindRow } from '../cluster/simplifications/coverage.ts';
import { COMMAND_OUTCOME, FIELD_TABLE, KIND_TABLE, UNDERSTOOD } from '../cluster/simplifications/coverage.ts';

export type { KindRow, KindSupport, FieldRow } from '../cluster/simplifications/coverage.ts';
export { FIELD_TABLE, KIND_TABLE };

const BY_KIND = new Map(KIND_TABLE.map((r) => [r.kind, r]));

/** The table row of a built-in kind (undefined for custom resources and unknown kinds). */
export function kindSupport(kind: string): KindRow | undefined {
  return BY_KIND.get(kind);
}

/** Where a kind keeps its pod spec. */
export function podSpecPath(kind: string): readonly string[] | undefined {
  switch (kind) {
    case 'Pod':
      return ['spec'];
    case 'PodTemplate':
      return ['template', 'spec'];
    case 'CronJob':
      return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
    case 'Deployment':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'DaemonSet':
    case 'StatefulSet':
    case 'Job':
      return ['spec', 'template', 'spec'];
    default:
      return undefined;
  }
}

/** Where a CronJob keeps the Job it creates. */
const JOB_TEMPLATE: readonly string[] = ['spec', 'jobTemplate'];

/** One gap of one object: `path` (concrete list indexes) locates it. */
export interface CoverageGap {
  code: 'unmodelled-kind' | 'ignored-field';
  /** JSON path in the object; [] for the whole object (its `kind`). */
  path: string[];
  /** Shown after the object's label, e.g. `spec.template.spec.containers[0].livenessProbe: …`. */
  message: string;
  /** The line under the trace's `simplifications` (the same for every object with this gap). */
  note: string;
  /** Warn only at the first gap with this note in a scenario. */
  once?: boolean;
}

function parentOf(obj: unknown, path: readonly string[]): unknown {
  let at = obj;
  for (const seg of path.slice(0, -1)) at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[seg] : undefined;
  return at;
}

/** Everything about `obj` the model would not run as a real cluster does. */
export function coverageGaps(obj: Record<string, unknown>): CoverageGap[] {
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const row = kindSupport(kind);
  if (row === undefined) return [];
  if (row.support === 'stored') {
    const note = `${kind} objects are stored but no component runs them: ${row.note}.`;
    return [{ code: 'unmodelled-kind', path: [], message: `the model stores ${kind} objects but runs nothing for them (${row.note})`, note }];
  }
  const out: CoverageGap[] = [];
  const podPath = podSpecPath(kind);
  for (const f of FIELD_TABLE) {
    // A CronJob's spec.jobTemplate is a Job (metadata + spec): the Job rows apply to it too.
    const base = f.podSpec ? podPath : f.kinds.includes(kind) ? [] : kind === 'CronJob' && f.kinds.includes('Job') ? JOB_TEMPLATE : undefined;
    if (base === undefined) continue;
    for (const { path, value } of matches(obj, [...base, ...f.path])) {
      if (f.when && !f.when(value, parentOf(obj, path))) continue;
      const field = fieldName([...(f.podSpec ? [] : base), ...f.path]);
      const where = f.podSpec ? `pod spec field ${field}` : `${kind} field ${field}`;
      out.push({ code: 'ignored-field', path, message: `${formatJsonPath(path)}: ${f.note}`, note: `The model ignores the ${where}: ${f.note}.`, ...(f.once ? { once: true } : {}) });
    }
  }
  return out;
}

/**
 * Containers and init containers whose `command`/`args` the model does not
 * interpret (src/common/container-script.ts): located at the command (or the
 * args when there is no command).
 */
export function commandGaps(obj: Record<string, unknown>): CoverageGap[] {
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const podPath = podSpecPath(kind);
  if (podPath === undefined) return [];
  const meta = obj.metadata as { name?: unknown } | undefined;
  const out: CoverageGap[] = [];
  for (const field of ['containers', 'initContainers'] as const) {
    for (const { path, value } of matches(obj, [...podPath, field, '*'])) {
      const c = value as { name?: unknown; command?: unknown; args?: unknown };
      const command = Array.isArray(c.command) ? c.command.map(String) : undefined;
      const args = Array.isArray(c.args) ? c.args.map(String) : undefined;
      if (containerRun(command, args).understood) continue;
      const argv = [...(command ?? []), ...(args ?? [])].join(' ');
      const shown = argv.length > 60 ? `${argv.slice(0, 57)}...` : argv;
      const what = field === 'containers' ? 'container' : 'init container';
      const at = [...path, command !== undefined ? 'command' : 'args'];
      out.push({
        code: 'ignored-field',
        path: at,
        message: `${formatJsonPath(at)}: the model does not interpret this command: ${COMMAND_OUTCOME[field]}`,
        note: `The model does not interpret the command of ${what} ${String(c.name)} of ${kind} ${String(meta?.name)} (${shown}): ${COMMAND_OUTCOME[field]}. ${UNDERSTOOD}`,
      });
    }
  }
  return out;
}

function matches(obj: unknown, pattern: readonly string[], at: string[] = []): { path: string[]; value: unknown }[] {
  if (pattern.length === 0) return [{ path: at, value: obj }];
  if (typeof obj !== 'object' || obj === null) return [];
  const [head, ...rest] = pattern as [string, ...string[]];
  // `**`: here or at any depth below (a CRD schema's nested nodes).
  if (head === '**') {
    const here = matches(obj, rest, at);
    const below = Array.isArray(obj) ? obj.flatMap((v, i) => matches(v, pattern, [...at, String(i)])) : Object.entries(obj).flatMap(([k, v]) => matches(v, pattern, [...at, k]));
    return [...here, ...below];
  }
  if (head === '*') return Array.isArray(obj) ? obj.flatMap((v, i) => matches(v, rest, [...at, String(i)])) : [];
  if (Array.isArray(obj) || !Object.prototype.hasOwnProperty.call(obj, head)) return [];
  const v = (obj as Record<string, unknown>)[head];
  return v === undefined || v === null ? [] : matches(v, rest, [...at, head]);
}

/** A table row's path as shown: list indexes dropped, `**` (any depth) as `…`. */
function fieldName(path: readonly string[]): string {
  return path
    .filter((s) => s !== '*')
    .map((s) => (s === '**' ? '…' : s))
    .join('.');
}

function formatJsonPath(path: readonly string[]): string {
  let out = '';
  for (const seg of path) out += /^\d+$/.test(seg) ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out;
}

/** The two tables as Markdown, as docs/scenario-format.md shows them (a test compares). */
export function coverageMarkdown(): string {
  const lines: string[] = ['| kind | the model | who acts, or what a real cluster would do |', '| --- | --- | --- |'];
  for (const r of KIND_TABLE) lines.push(`| ${r.kind} | ${r.support} | ${r.note} |`);
  lines.push('', '| field | of | what the model does instead |', '| --- | --- | --- |');
  for (const f of FIELD_TABLE) {
    const field = fieldName(f.path);
    lines.push(`| \`${field}\` | ${f.podSpec ? 'pod spec (Pods and pod templates)' : f.kinds.join(', ')} | ${f.note} |`);
  }
  return lines.join('\n') + '\n';
}
