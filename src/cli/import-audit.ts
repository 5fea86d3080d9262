/**
 * `kubescene import-audit <audit.log> [-o trace.json]`: a real API server
 * audit log (audit.k8s.io/v1 or v1beta1 JSON lines) becomes a trace.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DiagnosticError } from '../common/diagnostic.ts';
import type { CliContext } from './context.ts';

export function registerImportAudit(program: Command, ctx: CliContext): void {
  program
    .command('import-audit')
    .description('turn a Kubernetes API server audit log (audit.k8s.io/v1 or v1beta1, JSON lines) into a trace that every view renders')
    .argument('<audit.log>', 'audit log file (--audit-log-format=json)')
    .option('-o, --output <file>', 'write the trace to a file instead of stdout')
    .option('--lenient', 'report bad lines as warnings and import the rest')
    .option('--kubernetes <version>', 'the cluster\'s Kubernetes version (audit logs do not record it)')
    .action(async (file: string, flags: { output?: string; lenient?: boolean; kubernetes?: string }) => {
      let text: string;
      try {
        text = await readFile(resolve(ctx.io.cwd, file), 'utf8');
      } catch {
        throw new DiagnosticError([{ code: 'file-not-found', severity: 'error', message: 'cannot read this file', file }]);
      }
      const [{ writeAtomic }, { importAuditLog }, { writeTrace }] = await Promise.all([
        import('../build/fsio.ts'),
        import('../trace/audit.ts'),
        import('../trace/io.ts'),
      ]);
      const r = importAuditLog(text, file, { lenient: Boolean(flags.lenient), ...(flags.kubernetes ? { kubernetes: flags.kubernetes } : {}) });
      if (!r.ok) throw new DiagnosticError(r.diagnostics);
      if (r.warnings.length > 0) ctx.printDiagnostics(r.warnings);
      const out = writeTrace(r.value);
      if (flags.output !== undefined) {
        await writeAtomic(resolve(ctx.io.cwd, flags.output), out);
        ctx.io.stderr.write(`${flags.output}: ${r.value.steps.length} steps, ${r.value.events.length} events from ${file}\n`);
      } else ctx.io.stdout.write(out);
    });
}
