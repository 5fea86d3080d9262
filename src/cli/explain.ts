/**
 * `kubescene explain <scenario|trace>`: a numbered Markdown narrative of what
 * happens, step by step, with the pictures embedded when given `--pictures`.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from './context.ts';
import { parseDetail } from './detail.ts';
import type { PictureSize } from '../common/embed.ts';

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
      // Each picture that is there is embedded by the page rule (common/embed.ts): its size read from the SVG.
      const sizes = pictures ? await pictureSizes(ctx.io.cwd, pictures) : undefined;
      const text = explainTrace(loaded.trace, { detail, ...(pictures ? { pictures } : {}), ...(sizes ? { sizes } : {}) });
      if (flags.output !== undefined) await writeAtomic(resolve(ctx.io.cwd, flags.output), text);
      else ctx.io.stdout.write(text);
    });
}

/**
 * The size of each picture `--pictures` names that is there (read relative to
 * the working directory, as the option's example is); one that is missing or
 * unreadable is embedded without a size (as an image).
 */
async function pictureSizes(cwd: string, pictures: Record<string, string>): Promise<Record<string, PictureSize>> {
  const { svgSize } = await import('../common/embed.ts');
  const out: Record<string, PictureSize> = {};
  for (const [kind, link] of Object.entries(pictures)) {
    try {
      out[kind] = svgSize(await readFile(resolve(cwd, link), 'utf8'));
    } catch {
      // not built (yet): embedded as an image
    }
  }
  return out;
}
