/**
 * The kubescene CLI: `main(argv, io)` parses, runs one command and returns the
 * exit code (0 ok, 1 difference, 2 invalid input or usage, 70 internal bug).
 * Callable from tests with captured streams.
 */
import { Command, CommanderError } from 'commander';
import { DiagnosticError } from '../common/diagnostic.ts';
import { EXIT, type CliIo } from '../common/io.ts';
import { createContext } from './context.ts';
import { VERSION } from '../version.ts';
import { registerValidate } from './validate.ts';
import { registerTrace } from './trace.ts';
import { registerRender } from './render.ts';
import { registerBuild } from './build.ts';
import { registerCheck } from './check.ts';
import { registerDiff } from './diff.ts';
import { registerExplain } from './explain.ts';
import { registerWatch } from './watch.ts';
import { registerImportAudit } from './import-audit.ts';
import { registerExportOtlp } from './export-otlp.ts';
import { registerInit } from './init.ts';

export async function main(argv: string[], io: CliIo): Promise<number> {
  const ctx = createContext(io);
  const program = new Command('kubescene')
    .description(
      'Diagram-as-code for Kubernetes: run a scenario through a faithful cluster model,\n' +
        'record a trace of every interaction, and render architecture, sequence and\n' +
        'flowchart diagrams (SVG, PNG, Mermaid, D2, PlantUML).',
    )
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 a check/diff/expectation found a difference, 2 invalid input or usage, 70 internal error.\n' +
        'Docs: README.md, docs/scenario-format.md, docs/trace-format.md',
    );

  registerValidate(program, ctx);
  registerTrace(program, ctx);
  registerRender(program, ctx);
  registerBuild(program, ctx);
  registerCheck(program, ctx);
  registerDiff(program, ctx);
  registerExplain(program, ctx);
  registerWatch(program, ctx);
  registerImportAudit(program, ctx);
  registerExportOtlp(program, ctx);
  registerInit(program, ctx);

  for (const cmd of program.commands) {
    cmd.exitOverride();
    cmd.configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  }

  if (argv.length === 0) {
    io.stdout.write(program.helpInformation());
    return EXIT.invalid;
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version are "errors" to commander; they are a success for us.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
        return EXIT.ok;
      }
      return EXIT.invalid;
    }
    if (err instanceof DiagnosticError) {
      ctx.printDiagnostics(err.diagnostics);
      return EXIT.invalid;
    }
    const e = err instanceof Error ? err : new Error(String(err));
    io.stderr.write(
      `kubescene: internal error (this is a bug, please report it with the input that caused it)\n${e.stack ?? e.message}\n`,
    );
    return EXIT.internal;
  }
}
