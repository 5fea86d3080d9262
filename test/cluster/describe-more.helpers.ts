/**
 * Runs `kubectl describe` against the end state of a gallery scenario, of
 * corpus manifests (../shared/corpus) or of inline manifests, for
 * test/cluster/describe-more.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { trace } from './helpers.ts';

export const CORPUS = join(process.cwd(), '..', 'shared', 'corpus');

/** Output, error and exit code of each command, split into lines, with uids and resource versions made stable. */
function outputs(text: string, files: Record<string, string>, count: number): string[][] {
  const t = trace(text, files);
  return t.steps
    .filter((s) => s.exitCode !== undefined)
    .slice(-count)
    .map((s) => `${s.output ?? ''}${s.error ?? ''}[${s.exitCode}]`.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uid>').replace(/(Resource Version:\s+)\d+/g, '$1<rv>').split('\n'));
}

/** The scenario scenarios/NAME.yaml run to its end, then `commands` (each may fail). */
export function describeAfterScenario(name: string, commands: string[]): string[][] {
  const doc = parse(readFileSync(join(process.cwd(), 'scenarios', `${name}.yaml`), 'utf8')) as { steps: unknown[] };
  doc.steps.push(...commands.map((c) => ({ kubectl: c, continueOnError: true })));
  return outputs(stringify(doc), {}, commands.length);
}

/** `kubectl apply -f` of each corpus file, then `commands`. */
export function describeAfterCorpus(files: string[], commands: string[]): string[][] {
  const contents: Record<string, string> = {};
  for (const f of files) contents[f] = readFileSync(join(CORPUS, f), 'utf8');
  const steps = [...files.map((f) => `  - kubectl: apply -f ${f}\n`), '  - advance: 30s\n', ...commands.map((c) => `  - kubectl: ${JSON.stringify(c)}\n    continueOnError: true\n`)].join('');
  const nodes = [1, 2, 3].map((i) => `    - { name: worker-${i}, cpu: "8", memory: 32Gi }`).join('\n');
  return outputs(`kubescene: v1\nname: corpus\ncluster:\n  nodes:\n${nodes}\nsteps:\n${steps}`, contents, commands.length);
}

/** `kubectl apply -f m.yaml` (the manifests), 30 s, then `commands`. */
export function describeAfterApply(manifests: string, commands: string[]): string[][] {
  const steps = ['  - kubectl: apply -f m.yaml\n', '  - advance: 30s\n', ...commands.map((c) => `  - kubectl: ${JSON.stringify(c)}\n    continueOnError: true\n`)].join('');
  const text = `kubescene: v1\nname: t\ncluster:\n  nodes:\n    - { name: worker-1, images: ["nginx:1.27"] }\nsteps:\n${steps}`;
  return outputs(text, { 'm.yaml': manifests }, commands.length);
}

export const hasCorpus = existsSync(CORPUS);

/** The API requests kubectl sent for each of `commands` (run after the scenario scenarios/NAME.yaml), as `VERB path`. */
export function requestsAfterScenario(name: string, commands: string[]): string[][] {
  const doc = parse(readFileSync(join(process.cwd(), 'scenarios', `${name}.yaml`), 'utf8')) as { steps: unknown[] };
  const first = doc.steps.length + 1;
  doc.steps.push(...commands.map((c) => ({ kubectl: c, continueOnError: true })));
  const t = trace(stringify(doc), {});
  return commands.map((_, i) =>
    t.events.filter((e) => e.step === first + i && e.type === 'request' && e.from.startsWith('kubectl')).map((e) => `${e.method ?? ''} ${e.path ?? ''}`),
  );
}
