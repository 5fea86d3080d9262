/**
 * `kubescene build [paths…] [--out out] [--shard i/n] [--force]`: every
 * scenario into `out/<name>/` plus the `out/README.md` gallery, incrementally.
 */
import type { Command } from 'commander';
import { DiagnosticError } from '../common/diagnostic.ts';
import type { CliContext } from './context.ts';
import { parseDetail } from './detail.ts';

export interface BuildFlags {
  out: string;
  shard?: string;
  force?: boolean;
  detail?: string;
  jobs?: string;
}

export function registerBuild(program: Command, ctx: CliContext): void {
  program
    .command('build')
    .description('build every scenario into out/<name>/ (trace, SVG/PNG/Mermaid of each view, steps.md) and the out/README.md gallery; unchanged scenarios are skipped')
    .argument('[paths...]', 'scenario files or folders', ['scenarios'])
    .option('-o, --out <dir>', 'output folder', 'out')
    .option('--shard <i/n>', 'build only shard i of n (scenarios sorted by name, every n-th one)')
    .option('--force', 'rebuild even what is up to date')
    .option('--detail <level>', 'draw every scenario at this detail level (summary, standard, full) instead of its diagrams.detail')
    .option('-j, --jobs <n>', 'build this many scenarios at once, on worker threads (default: one per core, at most 4; 1: one after the other)')
    .addHelpText('after', '\nExit codes: 0 ok, 1 a scenario expectation failed or a step exited non-zero unexpectedly (nothing is written for that scenario), 2 invalid scenario, 70 internal error.')
    .action(async (paths: string[], flags: BuildFlags) => {
      const [{ runBuild }, { parseShard }, { createReporter }, { realStages }] = await Promise.all([
        import('../build/build.ts'),
        import('../build/plan.ts'),
        import('../build/progress.ts'),
        import('../build/stages.ts'),
      ]);
      const shard = flags.shard !== undefined ? parseShard(flags.shard) : undefined;
      if (shard && 'code' in shard) throw new DiagnosticError([shard]);
      const jobs = flags.jobs !== undefined ? parseJobs(flags.jobs) : 'auto';
      const tty = Boolean(ctx.io.stdout.isTTY) && ctx.io.env.CI === undefined;
      const result = await runBuild({
        paths,
        out: flags.out,
        cwd: ctx.io.cwd,
        stages: await realStages(),
        ...(shard ? { shard } : {}),
        ...(flags.force ? { force: true } : {}),
        ...(flags.detail !== undefined ? { detail: parseDetail(flags.detail) } : {}),
        reporter: createReporter(ctx.io.stdout, { tty }),
        workers: jobs,
      });
      if (result.diagnostics.length > 0) ctx.printDiagnostics(result.diagnostics);
      for (const s of result.statuses) {
        if (s.state === 'error') ctx.io.stderr.write(`kubescene build: internal error in ${s.name} (this is a bug):\n${s.notes.join('\n')}\n`);
      }
      ctx.fail(result.exitCode);
    });
}

/** `--jobs N`: a whole number ≥ 1 (1: no worker threads). */
function parseJobs(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(n) || n < 1) {
    throw new DiagnosticError([{ code: 'usage', severity: 'error', message: `--jobs must be a whole number of at least 1, got ${JSON.stringify(text)}`, file: '<command line>', hint: '--jobs 1 builds one scenario after the other; the default is one per core (at most 4)' }]);
  }
  return n === 1 ? 0 : n;
}
