import type { Command } from 'commander';
import type { CliContext } from './context.ts';

// PLACEHOLDER: replaced by the real command; registered so the CLI surface is complete.
export function registerWatch(program: Command, ctx: CliContext): void {
  program
    .command('watch')
    .description('(not implemented yet)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      ctx.io.stderr.write('kubescene watch: not implemented yet\n');
      ctx.fail(70);
    });
}
