import { formatDiagnostic, type Diagnostic } from '../common/diagnostic.ts';
import type { CliIo } from '../common/io.ts';

/** What every command gets: the streams, the cwd, and a way to set the exit code. */
export interface CliContext {
  io: CliIo;
  /** Colour on a terminal unless NO_COLOR is set. */
  color: boolean;
  exitCode: number;
  /** Keep the worst exit code seen (2 beats 1 beats 0). */
  fail(code: number): void;
  printDiagnostics(diagnostics: readonly Diagnostic[]): void;
}

export function createContext(io: CliIo): CliContext {
  const color = Boolean(io.stderr.isTTY) && io.env.NO_COLOR === undefined && io.env.CI === undefined;
  const ctx: CliContext = {
    io,
    color,
    exitCode: 0,
    fail(code) {
      if (code > ctx.exitCode) ctx.exitCode = code;
    },
    printDiagnostics(diagnostics) {
      for (const d of diagnostics) io.stderr.write(formatDiagnostic(d, { color }) + '\n');
      const errors = diagnostics.filter((d) => d.severity === 'error').length;
      if (errors > 0) io.stderr.write(`${errors} error${errors === 1 ? '' : 's'}\n`);
    },
  };
  return ctx;
}
