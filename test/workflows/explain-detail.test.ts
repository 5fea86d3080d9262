/**
 * `explain --detail summary|standard|full` through the real binary (issue 14,
 * item 4): goldens per level on service-clusterip, whose kube-proxy syncs are
 * one sentence each at summary and standard and carry the iptables-save dump
 * only at full; and the wording of every library scenario's explanation
 * checked for phrases a person would not write.
 *
 * The wording check runs in this process, through the functions the command
 * calls (loadInput with the real stages, then explainTrace): each scenario is
 * simulated once for both levels instead of one binary start-up and one
 * simulation per scenario and level (60 processes, ~2 CPU-s each). The binary
 * itself is covered by the goldens and the usage error above.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'commonmark';
import { describe, expect, it } from 'vitest';
import { loadInput } from '../../src/build/inputs.ts';
import { realStages } from '../../src/build/stages.ts';
import { explainTrace } from '../../src/explain/index.ts';
import type { Trace } from '../../src/trace/types.ts';
import { ROOT, runBin, type BinRun } from '../helpers/bin.ts';

const LEVELS = ['summary', 'standard', 'full'] as const;
const DUMP_LINE = /^\s*(-A|:)KUBE-|^\s*\*(filter|nat)$/m;

/** One run of the binary per level, shared by the tests that read it (each starts it when it needs it). */
const runs = new Map<string, Promise<BinRun>>();
function explainAt(level: string): Promise<BinRun> {
  let r = runs.get(level);
  if (!r) runs.set(level, (r = runBin(['explain', 'scenarios/service-clusterip.yaml', '--detail', level])));
  return r;
}

describe('explain --detail', () => {
  it.each(LEVELS)('service-clusterip at %s (golden)', async (level) => {
    const r = await explainAt(level);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot(`__golden__/explain-service-clusterip.${level}.md`);
    const syncs = r.stdout.split('\n').filter((l) => /^\d+\. kube-proxy on worker-\d programs \d+ iptables rules/.test(l));
    expect(syncs.length).toBeGreaterThan(0);
    for (const l of syncs) expect(l).toMatch(/rules after .+: (KUBE-SVC-[A-Z0-9]{16} → \d+ endpoints?|\d+ Services \(KUBE-SVC-[A-Z0-9]{16}(, KUBE-SVC-[A-Z0-9]{16}|, …)+\) → \d+ endpoints? in all|only the base chains, .+) \(\d+ lines added, \d+ removed(; \d+ times.*)?\)\.$/);
    const blocks: string[] = [];
    const w = new Parser().parse(r.stdout).walker();
    for (let ev = w.next(); ev; ev = w.next()) if (ev.entering && ev.node.type === 'code_block') blocks.push(ev.node.literal ?? '');
    if (level === 'full') {
      // A sync that carries a dump (the model keeps it for a node's first sync in a step) shows it as a code block
      // inside its list item: here the two first syncs, on worker-1 and worker-2.
      const dumps = blocks.filter((b) => DUMP_LINE.test(b));
      expect(dumps.length).toBe(2);
      expect(dumps.length).toBeLessThanOrEqual(syncs.length);
      for (const d of dumps) expect(d).toMatch(/^\*filter\n[\s\S]*\nCOMMIT\n/);
    } else {
      expect(r.stdout).not.toMatch(DUMP_LINE);
      expect(blocks.filter((b) => DUMP_LINE.test(b))).toEqual([]);
    }
  });

  it('summary is shorter than standard, standard shorter than full', async () => {
    const sizes = await Promise.all(LEVELS.map(async (level) => (await explainAt(level)).stdout.split('\n').length));
    expect(sizes[0]!).toBeLessThan(sizes[1]!);
    expect(sizes[1]!).toBeLessThan(sizes[2]!);
  });

  it('an unknown level is a usage error (exit 2)', async () => {
    const r = await runBin(['explain', 'scenarios/service-clusterip.yaml', '--detail', 'everything']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/summary|standard|full/);
  });
});

/** Phrases a person would not write, each found in a library scenario's explanation before it was fixed. */
const ODD: [RegExp, string][] = [
  [/answers \d{3} [A-Z][a-z]+( [A-Z][a-z]+)? [a-z]+s\b(?! to)/, 'a response followed by the resource ("answers 201 Created services")'],
  [/\) \(/, 'two parentheses in a row ("(35 lines added, 0 removed) (2 times)")'],
  [/from the CNI plugin to the CNI plugin/, 'two CNI plugins without their nodes'],
  [/to list 1 [A-Z]/, '"list 1 Pod" for a collection read'],
  [/Metricses\b/, 'a plural of a plural kind'],
  [/runs the (validating|mutating) admission plugins: (validating|mutating) admission\./, 'the phase named twice'],
  [/waits for a quorum: raft:/, 'the protocol prefix'],
  [/^\d+\. \d+\/\d+ nodes are available/m, 'a scheduler message as a sentence without a subject'],
  [/^\d+\. horizontal-pod-autoscaler /m, 'a component name without its article'],
  [/asks https?:\/\//, '"asks https://…: git ls-remote"'],
];

describe('explain wording across the library', () => {
  const scenarios = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).sort();
  /** Each scenario loaded and simulated once, as `explain scenarios/<file>` does; shared by both levels. */
  let traces: Promise<[string, Trace][]> | undefined;
  const library = () =>
    (traces ??= (async () => {
      const out: [string, Trace][] = [];
      for (const f of scenarios) out.push([f, (await loadInput(`scenarios/${f}`, { cwd: ROOT, stages: realStages })).trace]);
      return out;
    })());
  it.each(['summary', 'standard'] as const)('every scenario at %s reads as a person would write it', async (level) => {
    const found: string[] = [];
    for (const [f, trace] of await library()) {
      const text = explainTrace(trace, { detail: level });
      for (const [re, why] of ODD) {
        const m = re.exec(text);
        if (m) found.push(`${f}: ${why}: ${text.slice(Math.max(0, m.index - 60), m.index + 80).replace(/\n/g, ' ')}`);
      }
    }
    expect(found).toEqual([]);
  });
});
