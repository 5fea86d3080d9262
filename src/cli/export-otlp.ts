/**
 * `kubescene export-otlp <trace|scenario>`: the trace as OpenTelemetry
 * OTLP/JSON spans (resourceSpans), loadable by Jaeger.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from './context.ts';

export function registerExportOtlp(program: Command, ctx: CliContext): void {
  program
    .command('export-otlp')
    .description('export a trace (or a scenario, simulated) as OpenTelemetry OTLP/JSON spans, loadable by Jaeger')
    .argument('<input>', 'trace, scenario, or git:REV:path')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (input: string, flags: { output?: string }) => {
      const [{ writeAtomic }, { loadInput }, { realStages }, { toOtlp }] = await Promise.all([
        import('../build/fsio.ts'),
        import('../build/inputs.ts'),
        import('../build/stages.ts'),
        import('../trace/otlp.ts'),
      ]);
      const loaded = await loadInput(input, { cwd: ctx.io.cwd, stages: realStages });
      const text = JSON.stringify(toOtlp(loaded.trace), null, 2) + '\n';
      if (flags.output !== undefined) await writeAtomic(resolve(ctx.io.cwd, flags.output), text);
      else ctx.io.stdout.write(text);
    });
}
