/**
 * `kubescene import-audit <audit.log> [-o trace.json]`: a real API server
 * audit log (audit.k8s.io/v1 or v1beta1 JSON lines) becomes a trace. The log
 * is streamed line by line and the trace written piece by piece, so large
 * logs run in bounded memory (src/trace/audit.ts importAuditFile).
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { DiagnosticError } from '../common/diagnostic.ts';
import type { CliContext } from './context.ts';

/** Bytes written to the trace file at a time. */
const WRITE_BUFFER = 1 << 20;

export function registerImportAudit(program: Command, ctx: CliContext): void {
  program
    .command('import-audit')
    .description('turn a Kubernetes API server audit log (audit.k8s.io/v1 or v1beta1, JSON lines) into a trace that every view renders')
    .argument('<audit.log>', 'audit log file (--audit-log-format=json)')
    .option('-o, --output <file>', 'write the trace to a file instead of stdout')
    .option('--lenient', 'report bad lines as warnings and import the rest')
    .option('--kubernetes <version>', 'the cluster\'s Kubernetes version (audit logs do not record it)')
    .action(async (file: string, flags: { output?: string; lenient?: boolean; kubernetes?: string }) => {
      const path = resolve(ctx.io.cwd, file);
      const isFile = await stat(path).then((s) => s.isFile(), () => false);
      if (!isFile) throw new DiagnosticError([{ code: 'file-not-found', severity: 'error', message: 'cannot read this file', file }]);
      const [{ importAuditFile }, { streamTrace, traceChunks }] = await Promise.all([import('../trace/audit.ts'), import('../trace/io.ts')]);
      const opts = { lenient: Boolean(flags.lenient), ...(flags.kubernetes ? { kubernetes: flags.kubernetes } : {}) };
      const out = flags.output;
      const r = await importAuditFile(path, file, opts, async (trace) => {
        if (out === undefined) return streamTrace(trace, ctx.io.stdout);
        // To a temporary file renamed into place. Each piece is copied into one
        // reused buffer at once and written synchronously when it fills: the
        // pieces (and the events generated for them) die young, instead of being
        // concatenated into strings that outlive a scavenge, are promoted to the
        // old generation and have to be flattened again for the write.
        const target = resolve(ctx.io.cwd, out);
        await mkdir(dirname(target), { recursive: true });
        const tmp = `${target}.tmp-${process.pid}`;
        const fd = openSync(tmp, 'w');
        try {
          const buf = Buffer.allocUnsafe(WRITE_BUFFER);
          let used = 0;
          for (const piece of traceChunks(trace)) {
            // A UTF-16 code unit takes at most 3 bytes in UTF-8.
            if (used + piece.length * 3 > buf.length) {
              writeSync(fd, buf, 0, used);
              used = 0;
            }
            if (piece.length * 3 > buf.length) writeSync(fd, piece);
            else used += buf.write(piece, used);
          }
          writeSync(fd, buf, 0, used);
        } catch (e) {
          closeSync(fd);
          rmSync(tmp, { force: true });
          throw e;
        }
        closeSync(fd);
        renameSync(tmp, target);
      });
      if (!r.ok) throw new DiagnosticError(r.diagnostics);
      if (r.warnings.length > 0) ctx.printDiagnostics(r.warnings);
      if (out !== undefined) ctx.io.stderr.write(`${out}: ${r.value.steps} steps, ${r.value.events} events from ${file}\n`);
    });
}
