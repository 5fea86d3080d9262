/**
 * Fail fast on the unexpected: a kubectl, wait or traffic step that exits
 * non-zero stops the run, like a shell script under `set -e` or a CI job,
 * unless the scenario says the failure is the point (`expect: { exit: N }`)
 * or that it may go on (`continueOnError: true`).
 */
import { diagnosticLine, type Diagnostic } from '../../common/diagnostic.ts';
import type { ScenarioStep } from '../../scenario/types.ts';
import type { StepFailure, Trace, TraceStep } from '../../trace/types.ts';

/** Step kinds whose exit code can fail a run. */
const FAILING_KINDS: ReadonlySet<ScenarioStep['type']> = new Set(['kubectl', 'wait', 'traffic']);

/** The failure that stops the run after `step`, or undefined when the run goes on. */
export function unexpectedFailure(step: ScenarioStep, ran: TraceStep): StepFailure | undefined {
  if (!FAILING_KINDS.has(step.type) || step.continueOnError === true) return undefined;
  if (ran.exitCode === undefined || ran.exitCode === 0) return undefined;
  if (step.expect.some((e) => e.type === 'exit')) return undefined;
  return { step: step.number, title: step.title, line: step.pos.line, column: step.pos.column, command: ran.command, exitCode: ran.exitCode, stderr: ran.error ?? '' };
}

/** `file:line:col: error[step-failed]: step N (title): \`command\` exited with code N: stderr`, with the hint. */
export function stepFailureDiagnostic(trace: Trace): Diagnostic | undefined {
  const f = trace.outcome.failedStep;
  if (!f) return undefined;
  const stderr = f.stderr.trim().replace(/\s*\n\s*/g, ' | ');
  return {
    code: 'step-failed',
    severity: 'error',
    message: `step ${f.step} (${f.title}) failed: \`${f.command}\` exited with code ${f.exitCode}${stderr ? `: ${stderr}` : ' and printed nothing on stderr'}; the run stopped here`,
    file: trace.header.scenario.source,
    start: { line: f.line, column: f.column },
    hint: `if this failure is the point of the scenario, add \`expect: { exit: ${f.exitCode} }\` to the step (or \`- exit: ${f.exitCode}\` to its list of expectations); to go on past it, \`continueOnError: true\``,
  };
}

/** The same in one line, for build's progress and check's findings: `file:line:col: step N (title) failed: …`. */
export function stepFailureText(trace: Trace): string | undefined {
  const d = stepFailureDiagnostic(trace);
  return d && d.start ? diagnosticLine(d) : undefined;
}
