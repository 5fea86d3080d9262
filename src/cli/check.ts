/**
 * `kubescene check [paths…] [--out out]`: exit 1 when anything in `out/` is
 * stale, missing or extra, naming each scenario and what changed in its trace.
 */
import type { Command } from 'commander';
import type { CliContext } from './context.ts';
import { parseDetail } from './detail.ts';

export function registerCheck(program: Command, ctx: CliContext): void {
  program
    .command('check')
    .description('exit 1 when out/ is not what `kubescene build` would write (stale, missing, extra or edited files), saying what changed')
    .argument('[paths...]', 'scenario files or folders', ['scenarios'])
    .option('-o, --out <dir>', 'output folder', 'out')
    .option('--detail <level>', 'check a gallery built with `build --detail <level>` (summary, standard, full)')
    .option('--full', 'rebuild every scenario in memory and compare bytes, even when its cache key matches (slower; proves determinism on this machine)')
    .addHelpText('after', '\nExit codes: 0 up to date, 1 stale/missing/extra, an expectation failed or a step exited non-zero unexpectedly, 2 invalid scenario, 70 internal error.')
    .action(async (paths: string[], flags: { out: string; full?: boolean; detail?: string }) => {
      const [{ formatCheck, runCheck }, { realStages }] = await Promise.all([import('../build/check.ts'), import('../build/stages.ts')]);
      const result = await runCheck({ paths, out: flags.out, cwd: ctx.io.cwd, stages: await realStages(), full: flags.full ?? false, ...(flags.detail !== undefined ? { detail: parseDetail(flags.detail) } : {}) });
      if (result.diagnostics.length > 0) ctx.printDiagnostics(result.diagnostics);
      ctx.io.stdout.write(formatCheck(result));
      ctx.fail(result.exitCode);
    });
}
