/**
 * `kubescene trace <scenario> [-o trace.json] [--kubernetes VERSION]`: load the
 * scenario, run it through the cluster model, write the trace. Exit 0 when
 * every expectation held, 1 when one failed or a step exited non-zero
 * without `expect: { exit: N }` (the run stops there), 2 on invalid input.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DiagnosticError } from '../common/diagnostic.ts';
import { EXIT } from '../common/io.ts';
import { KUBERNETES_PROFILES } from '../scenario/kinds.ts';
import type { Trace } from '../trace/types.ts';
import type { CliContext } from './context.ts';

interface TraceOptions {
  output?: string;
  kubernetes?: string;
  compact?: boolean;
}

export function registerTrace(program: Command, ctx: CliContext): void {
  program
    .command('trace')
    .description('run a scenario through the cluster model and write its trace (JSON)')
    .argument('<scenario>', 'scenario file (YAML)')
    .option('-o, --output <file>', 'write the trace to this file, or - for stdout (default: stdout)')
    .option('--compact', 'one line of JSON without indentation, for machines (the default is indented, to diff in git)')
    .option('--kubernetes <version>', `behaviour profile to simulate instead of the scenario's (${KUBERNETES_PROFILES.join(', ')})`)
    .addHelpText(
      'after',
      '\nThe trace lists every interaction inside the simulated cluster (requests, watch\n' +
        'notifications, handler-chain phases, scheduler and kubelet actions) with simulated\n' +
        'time and cause; see docs/trace-format.md.\n\n' +
        'Exit codes: 0 every expectation held; 1 an expectation failed, or a kubectl, wait\n' +
        'or traffic step exited non-zero without `expect: { exit: N }` or\n' +
        '`continueOnError: true` (the run stops there; each failure is printed as\n' +
        'file:line:col); 2 invalid scenario or options.\n\n' +
        'Examples:\n' +
        '  kubescene trace scenarios/apply-deployment.yaml -o out/apply-deployment/trace.json\n' +
        '  kubescene trace scenarios/apply-deployment.yaml --kubernetes 1.23 | jq .steps',
    )
    .action(async (scenarioPath: string, opts: TraceOptions) => {
      await runTrace(ctx, scenarioPath, opts);
    });
}

async function runTrace(ctx: CliContext, scenarioPath: string, opts: TraceOptions): Promise<void> {
  if (opts.kubernetes !== undefined && !(KUBERNETES_PROFILES as readonly string[]).includes(opts.kubernetes)) {
    throw new DiagnosticError([
      {
        code: 'unknown-profile',
        severity: 'error',
        message: `unknown Kubernetes behaviour profile "${opts.kubernetes}"`,
        file: scenarioPath,
        hint: `use one of ${KUBERNETES_PROFILES.join(', ')}`,
      },
    ]);
  }
  const { loadScenario } = await import('../scenario/index.ts');
  const loaded = await loadScenario(scenarioPath, { cwd: ctx.io.cwd });
  if (!loaded.ok) {
    ctx.printDiagnostics(loaded.diagnostics);
    ctx.fail(EXIT.invalid);
    return;
  }
  if (loaded.warnings.length > 0) ctx.printDiagnostics(loaded.warnings);
  const { simulate } = await import('../cluster/index.ts');
  const { streamTrace, writeTraceFile } = await import('../trace/io.ts');
  const trace = simulate(loaded.value, opts.kubernetes !== undefined ? { kubernetes: opts.kubernetes } : {});
  // Streamed event by event: a trace larger than V8's string limit still writes.
  const format = { compact: opts.compact === true };
  if (opts.output && opts.output !== '-') await writeTraceFile(resolve(ctx.io.cwd, opts.output), trace, format);
  else await streamTrace(trace, ctx.io.stdout, format);
  const failed = reportFailures(ctx, trace);
  // A step that exited non-zero unexpectedly stopped the run (src/cluster/steps/step-failure.ts).
  const { stepFailureDiagnostic } = await import('../cluster/steps/step-failure.ts');
  const stepFailure = stepFailureDiagnostic(trace);
  if (stepFailure) ctx.printDiagnostics([stepFailure]);
  if (failed > 0 || stepFailure) ctx.fail(EXIT.different);
}

/** `<file>:<line>:<col>: expectation failed in step N (<title>): expected …, found …`. */
function reportFailures(ctx: CliContext, trace: Trace): number {
  let n = 0;
  for (const step of trace.steps) {
    for (const e of step.expectations) {
      if (e.passed) continue;
      n++;
      const where = `${trace.header.scenario.source}:${e.line ?? step.line ?? 0}:${e.column ?? 1}`;
      ctx.io.stderr.write(`${where}: expectation failed in step ${step.number} (${step.title}): expected ${e.expected}, found ${e.found}\n`);
    }
  }
  if (n > 0) ctx.io.stderr.write(`${n} expectation${n === 1 ? '' : 's'} failed\n`);
  return n;
}

