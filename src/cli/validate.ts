/**
 * `kubescene validate <scenario...>`: load and check scenarios without running
 * them. Prints every problem of every file, then one line per valid file.
 */
import type { Command } from 'commander';
import type { CliContext } from './context.ts';
import { EXIT } from '../common/io.ts';

export function registerValidate(program: Command, ctx: CliContext): void {
  program
    .command('validate')
    .description('check scenario files: YAML, keys, types, references, and every manifest against the Kubernetes schema')
    .argument('<scenario...>', 'scenario files (YAML)')
    .addHelpText(
      'after',
      [
        '',
        'Every problem of every file is reported at once, as file:line:col with the offending line.',
        'Files named with -f in kubectl steps are read from "files:" or from disk next to the scenario.',
        '',
        'Exit codes: 0 all valid, 2 at least one file is invalid.',
        '',
        'Examples:',
        '  kubescene validate scenarios/apply-deployment.yaml',
        '  kubescene validate scenarios/*.yaml',
        '',
        'Format: docs/scenario-format.md',
      ].join('\n'),
    )
    .action(async (files: string[]) => {
      const { loadScenario } = await import('../scenario/index.ts');
      const okMark = ctx.io.stdout.isTTY ? '✓' : 'ok';
      for (const file of files) {
        const result = await loadScenario(file, { cwd: ctx.io.cwd });
        if (result.ok) {
          if (result.warnings.length > 0) ctx.printDiagnostics(result.warnings);
          ctx.io.stdout.write(`${okMark} ${file}\n`);
        } else {
          ctx.printDiagnostics(result.diagnostics);
          ctx.fail(EXIT.invalid);
        }
      }
    });
}
