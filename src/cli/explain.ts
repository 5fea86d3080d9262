/**
 * `kubescene explain <scenario|trace>`: a numbered Markdown narrative of what
 * happens, step by step, with the pictures embedded when given `--pictures`.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from './context.ts';
import { parseDetail } from './detail.ts';

export function registerExplain(program: Command, ctx: CliContext): void {
  program
    .command('explain')
    .description('a numbered Markdown narrative of what happens in a scenario (or trace), step by step, in plain words')
    .argument('<input>', 'scenario, trace, or git:REV:path')
    .option('--pictures <dir>', 'embed architecture/sequence/flowchart SVGs from this folder (a relative link, e.g. out/web)')
    .option('--detail <level>', 'summary (one sentence per component hop), standard (default: repeats folded, kube-proxy syncs in one sentence) or full (every interaction, with the rule dumps kube-proxy programmed)')
    .option('--kubernetes <version>', 'Kubernetes behaviour profile to simulate with')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (input: string, flags: { pictures?: string; kubernetes?: string; output?: string; detail?: string }) => {
      const detail = flags.detail !== undefined ? parseDetail(flags.detail) : 'standard';
      const [{ writeAtomic }, { loadInput }, { realStages }, { explainTrace }] = await Promise.all([
        import('../build/fsio.ts'),
        import('../build/inputs.ts'),
        import('../build/stages.ts'),
        import('../explain/index.ts'),
      ]);
      const loaded = await loadInput(input, { cwd: ctx.io.cwd, stages: realStages, ...(flags.kubernetes ? { kubernetes: flags.kubernetes } : {}) });
      const dir = flags.pictures?.replace(/\/+$/, '');
      const pictures = dir !== undefined ? { architecture: `${dir}/architecture.svg`, sequence: `${dir}/sequence.svg`, flowchart: `${dir}/flowchart.svg` } : undefined;
      const text = explainTrace(loaded.trace, { detail, ...(pictures ? { pictures } : {}) });
      if (flags.output !== undefined) await writeAtomic(resolve(ctx.io.cwd, flags.output), text);
      else ctx.io.stdout.write(text);
    });
}
