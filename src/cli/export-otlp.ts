/**
 * `kubescene export-otlp <trace|scenario>`: the trace as OpenTelemetry
 * OTLP/JSON spans (resourceSpans), loadable by Jaeger.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from './context.ts';
import { DiagnosticError } from '../common/diagnostic.ts';

/** `--start-time`: an ISO 8601 date-time with a zone (Z or ±hh:mm), else a usage diagnostic (exit 2). */
export function parseStartTime(value: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) ? Date.parse(value) : NaN;
  if (Number.isFinite(ms) && ms >= 0) return ms;
  throw new DiagnosticError([
    { code: 'usage', severity: 'error', message: `--start-time must be an ISO 8601 time with a zone after 1970, e.g. 2026-01-01T00:00:00Z, got ${JSON.stringify(value)}`, file: '<command line>' },
  ]);
}

export function registerExportOtlp(program: Command, ctx: CliContext): void {
  program
    .command('export-otlp')
    .description('export a trace (or a scenario, simulated) as OpenTelemetry OTLP/JSON spans, loadable by Jaeger')
    .argument('<input>', 'trace, scenario, or git:REV:path')
    .option('--start-time <iso>', 'when the simulated clock starts, an ISO 8601 time with a zone (default 2026-01-01T00:00:00Z)')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (input: string, flags: { output?: string; startTime?: string }) => {
      const startTimeMs = flags.startTime !== undefined ? parseStartTime(flags.startTime) : undefined;
      const [{ writeAtomic }, { loadInput }, { realStages }, { toOtlp }] = await Promise.all([
        import('../build/fsio.ts'),
        import('../build/inputs.ts'),
        import('../build/stages.ts'),
        import('../trace/otlp.ts'),
      ]);
      const loaded = await loadInput(input, { cwd: ctx.io.cwd, stages: realStages });
      const text = JSON.stringify(toOtlp(loaded.trace, startTimeMs !== undefined ? { startTimeMs } : {}), null, 2) + '\n';
      if (flags.output !== undefined) await writeAtomic(resolve(ctx.io.cwd, flags.output), text);
      else ctx.io.stdout.write(text);
    });
}
