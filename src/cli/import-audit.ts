import type { Command } from 'commander';
import type { CliContext } from './context.ts';

// PLACEHOLDER: replaced by the real command; registered so the CLI surface is complete.
export function registerImportAudit(program: Command, ctx: CliContext): void {
  program
    .command('import-audit')
    .description('(not implemented yet)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      ctx.io.stderr.write('kubescene import-audit: not implemented yet\n');
      ctx.fail(70);
    });
}
