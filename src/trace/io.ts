/**
 * Reading and writing traces. The written form is canonical (keys in the
 * order of the types, two-space indent, trailing newline) so that a trace is
 * byte-identical for the same input and diffs well in git.
 */
import type { Diagnostic } from '../common/diagnostic.ts';
import { fail, ok, type Result } from '../common/result.ts';
import { TRACE_FORMAT, TRACE_VERSION, type Trace } from './types.ts';

export function writeTrace(trace: Trace): string {
  return JSON.stringify(trace, null, 2) + '\n';
}

/** Parses a trace file; every problem is a Diagnostic (exit 2), never a crash. */
export function readTrace(text: string, file: string): Result<Trace> {
  const diag = (message: string, code = 'trace-invalid'): Diagnostic => ({
    code,
    severity: 'error',
    message,
    file,
  });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return fail([diag(`not valid JSON: ${(e as Error).message}`, 'trace-json')]);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return fail([diag('a trace must be a JSON object')]);
  }
  const t = data as Partial<Trace>;
  const problems: Diagnostic[] = [];
  if (t.format !== TRACE_FORMAT) problems.push(diag(`"format" must be "${TRACE_FORMAT}", found ${JSON.stringify(t.format)}`));
  if (t.version !== TRACE_VERSION) problems.push(diag(`unsupported trace version ${JSON.stringify(t.version)} (this kubescene reads version ${TRACE_VERSION})`, 'trace-version'));
  for (const key of ['header', 'outcome'] as const) {
    if (t[key] === null || typeof t[key] !== 'object') problems.push(diag(`"${key}" is missing or not an object`));
  }
  for (const key of ['hosts', 'components', 'steps', 'events', 'simplifications'] as const) {
    if (!Array.isArray(t[key])) problems.push(diag(`"${key}" is missing or not an array`));
  }
  if (problems.length > 0) return fail(problems);
  return ok(t as Trace);
}

/** True when the text looks like a trace (a JSON object with our format marker) rather than a scenario. */
export function looksLikeTrace(text: string): boolean {
  return /^\s*\{[\s\S]*"format"\s*:\s*"kubescene\/trace"/.test(text.slice(0, 4096));
}
