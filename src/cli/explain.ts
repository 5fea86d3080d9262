/**
 * `kubescene explain <scenario|trace>`: a numbered Markdown narrative of what
 * happens, step by step, with the pictures embedded when given `--pictures`.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from './context.ts';

export function registerExplain(program: Command, ctx: CliContext): void {
  program
    .command('explain')
    .description('a numbered Markdown narrative of what happens in a scenario (or trace), step by step, in plain words')
    .argument('<input>', 'scenario, trace, or git:REV:path')
    .option('--pictures <dir>', 'embed architecture/sequence/flowchart SVGs from this folder (a relative link, e.g. out/web)')
    .option('--kubernetes <version>', 'Kubernetes behaviour profile to simulate with')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (input: string, flags: { pictures?: string; kubernetes?: string; output?: string }) => {
      const [{ writeAtomic }, { loadInput }, { realStages }, { explainTrace }] = await Promise.all([
        import('../build/fsio.ts'),
        import('../build/inputs.ts'),
        import('../build/stages.ts'),
        import('../explain/index.ts'),
      ]);
      const loaded = await loadInput(input, { cwd: ctx.io.cwd, stages: realStages, ...(flags.kubernetes ? { kubernetes: flags.kubernetes } : {}) });
      const dir = flags.pictures?.replace(/\/+$/, '');
      const pictures = dir !== undefined ? { architecture: `${dir}/architecture.svg`, sequence: `${dir}/sequence.svg`, flowchart: `${dir}/flowchart.svg` } : undefined;
      const text = explainTrace(loaded.trace, pictures ? { pictures } : {});
      if (flags.output !== undefined) await writeAtomic(resolve(ctx.io.cwd, flags.output), text);
      else ctx.io.stdout.write(text);
    });
}
