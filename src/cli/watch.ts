/**
 * `kubescene watch [paths…] [--out out]`: build, then rebuild what changed on
 * every change, one line per rebuild, until Ctrl-C.
 */
import type { Command } from 'commander';
import type { CliContext } from './context.ts';

export function registerWatch(program: Command, ctx: CliContext): void {
  program
    .command('watch')
    .description('build, then rebuild the scenarios whose files change, until interrupted (Ctrl-C)')
    .argument('[paths...]', 'scenario files or folders', ['scenarios'])
    .option('-o, --out <dir>', 'output folder', 'out')
    .action(async (paths: string[], flags: { out: string }) => {
      const [{ realStages }, { startWatch }] = await Promise.all([import('../build/stages.ts'), import('../build/watch.ts')]);
      const watcher = startWatch({
        paths,
        out: flags.out,
        cwd: ctx.io.cwd,
        stages: await realStages(),
        onLine: (line) => ctx.io.stdout.write(`${line}\n`),
      });
      await watcher.ready;
      // The one place a command waits for the outside world: a signal ends it cleanly.
      await new Promise<void>((done) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void watcher.stop().then(done);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      ctx.io.stdout.write('stopped watching\n');
    });
}
