/**
 * `kubescene diff <a> <b>` and `kubescene diff <scenario> --kubernetes A --vs B`:
 * what changed in behaviour, events aligned by content signature.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DiagnosticError } from '../common/diagnostic.ts';
import { EXIT } from '../common/io.ts';
import type { InputOptions } from '../build/inputs.ts';
import type { realStages } from '../build/stages.ts';
import type { CliContext } from './context.ts';

const FORMATS = ['text', 'json', 'md', 'svg'] as const;
type Format = (typeof FORMATS)[number];

interface DiffFlags {
  format: string;
  kubernetes?: string;
  vs?: string;
  output?: string;
}

function usage(message: string, hint?: string): DiagnosticError {
  return new DiagnosticError([{ code: 'usage', severity: 'error', message, file: '<command line>', ...(hint ? { hint } : {}) }]);
}

export function registerDiff(program: Command, ctx: CliContext): void {
  program
    .command('diff')
    .description('compare the behaviour of two traces, scenarios or git revisions (git:REV:path), or of one scenario under two Kubernetes profiles')
    .argument('<a>', 'trace, scenario, or git:REV:path')
    .argument('[b]', 'trace, scenario, or git:REV:path')
    .option('-f, --format <format>', `output: ${FORMATS.join(', ')}`, 'text')
    .option('--kubernetes <version>', 'simulate scenarios with this profile (with --vs: one scenario under two profiles)')
    .option('--vs <version>', 'the second Kubernetes profile')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .addHelpText('after', '\nExamples:\n  kubescene diff out/web/trace.json new.trace.json\n  kubescene diff git:HEAD~1:scenarios/web.yaml scenarios/web.yaml --format md\n  kubescene diff scenarios/web.yaml --kubernetes 1.23 --vs 1.31 --format svg -o diff.svg\n\nExit codes: 0 equal, 1 different, 2 invalid input.')
    .action(async (a: string, b: string | undefined, flags: DiffFlags) => {
      const format = flags.format as Format;
      if (!FORMATS.includes(format)) throw usage(`unknown --format "${flags.format}"`, `use one of: ${FORMATS.join(', ')}`);
      const [{ writeAtomic }, { loadInput }, { diffTraces }, { diffToJson, formatDiffMarkdown, formatDiffText }] = await Promise.all([
        import('../build/fsio.ts'),
        import('../build/inputs.ts'),
        import('../trace/diff.ts'),
        import('../trace/diff-format.ts'),
      ]);
      let stagesP: ReturnType<typeof realStages> | undefined;
      const stages = () => (stagesP ??= import('../build/stages.ts').then((m) => m.realStages()));
      const base: InputOptions = { cwd: ctx.io.cwd, stages };
      let left;
      let right;
      if (flags.vs !== undefined) {
        if (b !== undefined) throw usage('--vs compares one scenario under two profiles: give one scenario, not two');
        if (flags.kubernetes === undefined) throw usage('--vs needs --kubernetes A (e.g. --kubernetes 1.23 --vs 1.31)');
        left = await loadInput(a, { ...base, kubernetes: flags.kubernetes });
        right = await loadInput(a, { ...base, kubernetes: flags.vs });
        left.label = `${a}@${flags.kubernetes}`;
        right.label = `${a}@${flags.vs}`;
      } else {
        if (b === undefined) throw usage('diff needs two inputs, or one scenario with --kubernetes A --vs B');
        const profile = flags.kubernetes ? { kubernetes: flags.kubernetes } : {};
        left = await loadInput(a, { ...base, ...profile });
        right = await loadInput(b, { ...base, ...profile });
      }
      const diff = diffTraces(left.trace, right.trace, { a: left.label, b: right.label });
      let out: string;
      if (format === 'json') out = diffToJson(diff);
      else if (format === 'md') out = formatDiffMarkdown(diff);
      else if (format === 'svg') {
        const { buildDiffSequence } = await import('../views/diff.ts');
        const view = buildDiffSequence(diff, left.trace, right.trace);
        const svg = await (await stages()).renderView(view, { format: 'svg', theme: 'light' });
        out = typeof svg === 'string' ? svg : new TextDecoder().decode(svg);
      } else {
        const color = flags.output === undefined && Boolean(ctx.io.stdout.isTTY) && ctx.io.env.NO_COLOR === undefined && ctx.io.env.CI === undefined;
        out = formatDiffText(diff, { color });
      }
      if (flags.output !== undefined) await writeAtomic(resolve(ctx.io.cwd, flags.output), out);
      else ctx.io.stdout.write(out);
      ctx.fail(diff.equal ? EXIT.ok : EXIT.different);
    });
}
