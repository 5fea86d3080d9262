/**
 * `kubescene init --from DIR|FILE… [-o scenario.yaml]`: a starter scenario for
 * existing manifests (see src/init/index.ts). The manifests are read through
 * the scenario loader, so anything it would refuse is reported here first.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { DiagnosticError, type Diagnostic } from '../common/diagnostic.ts';
import type { CliContext } from './context.ts';

function usage(file: string, message: string, hint?: string): DiagnosticError {
  const d: Diagnostic = { code: 'usage', severity: 'error', message, file, ...(hint ? { hint } : {}) };
  return new DiagnosticError([d]);
}

/** A folder with sub-folders that hold files: applied with -R so that nothing the user pointed at is left out. */
function hasSubfolders(dir: string): boolean {
  return readdirSync(dir, { withFileTypes: true }).some((e) => e.isDirectory() && !e.name.startsWith('.'));
}

/** A scenario name from the first input: its folder or file name, made a valid folder name. */
function nameFrom(path: string): string {
  const base = basename(path, extname(path)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '');
  return base === '' ? 'app' : base.slice(0, 100);
}

export function registerInit(program: Command, ctx: CliContext): void {
  program
    .command('init')
    .description('write a starter scenario for existing manifests: nodes that fit them, apply, wait, get pods, a request per Service')
    .requiredOption('--from <paths...>', 'manifest files or folders (.yaml/.yml/.json; helm users: the output of `helm template`)')
    .option('-o, --output <file>', 'write the scenario here (default: stdout, with paths relative to the current folder)')
    .option('--name <name>', 'the scenario name (default: from the first --from path)')
    .option('--force', 'overwrite an existing output file')
    .addHelpText(
      'after',
      [
        '',
        'The manifests stay where they are: the scenario names them with -f, relative to its own',
        'folder, so write it next to them or above them (a scenario may not read outside its folder).',
        'The result passes on its first `kubescene trace`; edit it from there.',
        '',
        'Exit codes: 0 written, 2 invalid manifests, paths or usage.',
        '',
        'Examples:',
        '  kubescene init --from k8s/ -o kubescene.yaml',
        '  helm template shop ./chart > shop.yaml && kubescene init --from shop.yaml -o shop.scenario.yaml',
        '  kubescene init --from deploy.yaml service.yaml > scenario.yaml',
      ].join('\n'),
    )
    .action(async (flags: { from: string[]; output?: string; name?: string; force?: boolean }) => {
      const [{ parseScenarioAt }, { initScenario }, { writeAtomic }] = await Promise.all([import('../scenario/index.ts'), import('../init/index.ts'), import('../build/fsio.ts')]);
      const cwd = ctx.io.cwd;
      const out = flags.output === undefined || flags.output === '-' ? undefined : resolve(cwd, flags.output);
      const shownOut = flags.output ?? 'stdout';
      if (out && existsSync(out) && !flags.force) throw usage(flags.output as string, 'the file exists', 'pass --force to overwrite it, or choose another -o');
      const folder = out ? dirname(out) : cwd;
      const sources: { arg: string; recursive: boolean }[] = [];
      for (const from of flags.from) {
        const abs = resolve(cwd, from);
        let isDir: boolean;
        try {
          isDir = statSync(abs).isDirectory();
        } catch {
          throw usage(from, 'no such file or folder');
        }
        const rel = relative(folder, abs).split(sep).join('/');
        if (rel === '..' || rel.startsWith('../') || resolve(folder, rel) !== abs || /^[A-Za-z]:/.test(rel)) {
          const above = relative(cwd, dirname(abs)).split(sep).join('/') || '.';
          throw usage(from, `is outside the folder of the scenario (${out ? shownOut : 'the current folder'}); a scenario may only read files in its own folder and below`, `write the scenario in a folder that holds the manifests, e.g. -o ${above === '.' ? '' : `${above}/`}${nameFrom(abs)}.kubescene.yaml`);
        }
        if (isDir && out && (rel === '' || !relative(abs, out).startsWith('..'))) {
          throw usage(flags.output as string, `is inside ${from}, whose manifests the scenario applies: the scenario would be read as a manifest too`, `write it next to the folder, e.g. -o ${relative(cwd, dirname(abs)).split(sep).join('/') || '.'}/${nameFrom(abs)}.kubescene.yaml`);
        }
        const arg = rel === '' ? '.' : isDir ? `${rel}/` : rel;
        sources.push({ arg, recursive: isDir && hasSubfolders(abs) });
      }
      // Read every input through the loader: the same files, errors and kinds `trace` will see.
      const probe = ['kubescene: v1', 'steps:', ...sources.map((s) => `  - kubectl: ${JSON.stringify(`apply ${s.recursive ? '-R ' : ''}-f ${s.arg}`)}`)].join('\n') + '\n';
      const probeAt = out ?? resolve(cwd, 'kubescene.yaml');
      const loaded = parseScenarioAt(probe, probeAt, cwd);
      if (!loaded.ok) {
        // Problems found at the probe's own lines (e.g. an empty folder) belong to the --from arguments.
        const probeShown = relative(cwd, probeAt).split(sep).join('/');
        throw new DiagnosticError(
          loaded.diagnostics.map((d): Diagnostic => (d.file === probeShown ? { code: d.code, severity: d.severity, message: d.message, file: flags.from.join(' '), ...(d.hint ? { hint: d.hint } : {}) } : d)),
        );
      }
      const steps = loaded.value.steps;
      const text = initScenario({
        name: flags.name ?? nameFrom(resolve(cwd, flags.from[0] as string)),
        from: flags.from,
        sources: sources.map((s, i) => {
          const step = steps[i];
          const keys = step && step.type === 'kubectl' ? (step.files ?? []) : [];
          return { ...s, objects: keys.flatMap((k) => loaded.value.files[k]?.objects ?? []) };
        }),
      });
      if (out) {
        await writeAtomic(out, text);
        ctx.io.stderr.write(`wrote ${shownOut}: trace it with \`kubescene trace ${shownOut}\`\n`);
      } else ctx.io.stdout.write(text);
    });
}
