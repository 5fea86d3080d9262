/**
 * `explainTrace(trace)`: a numbered Markdown narrative of a trace — what
 * happens, step by step, in plain words, with the pictures embedded when the
 * caller has them. A pure function of the trace (views and models are not
 * consulted), so `steps.md` changes exactly when behaviour does.
 */
import type { Trace, TraceEvent, TraceStep } from '../trace/types.ts';
import type { ViewKind } from '../views/types.ts';
import { Names, groupKey, groupSentence, requestGroupSentences, requestSentences } from './sentences.ts';
import { shapeOf, unitsOf, type Unit } from './units.ts';
import { isProxySync } from './proxy.ts';
import { summarySentences } from './summary.ts';
import { mdAuthor, mdCode, mdFence, mdText } from '../common/markdown.ts';
import { embedPicture, type PictureSize } from '../common/embed.ts';
import { plural } from '../common/text.ts';

/**
 * How much a narrative tells:
 * - `summary`: one sentence per component hop of each step;
 * - `standard` (default): every request with its handling, repeats about
 *   different objects told once, kube-proxy syncs as one sentence each;
 * - `full`: every unit on its own (no folding of repeats), and the rule dumps
 *   kube-proxy programmed (iptables-save, ipvsadm, nft) under their sentence.
 */
export type ExplainDetail = 'summary' | 'standard' | 'full';

export interface ExplainOptions {
  /** Relative links to pictures to embed, e.g. `{ sequence: 'sequence.svg' }`. */
  pictures?: Partial<Record<ViewKind, string>>;
  /**
   * Their sizes, when known: each picture is embedded by common/embed.ts's
   * rule (shown when its text stays ≥ 12 px in a 900-px column, else a
   * preview linked to the full-size file).
   */
  sizes?: Partial<Record<ViewKind, PictureSize>>;
  /** Default `standard`. */
  detail?: ExplainDetail;
}

/** A numbered item: a sentence, and at `full` the text it stands for (a rule dump). */
interface Item {
  text: string;
  dump?: string;
}

/** Kept for callers of the explain module: the one Markdown escaping lives in common/markdown.ts. */
export { mdText, mdAuthor as safeMarkdown } from '../common/markdown.ts';

/**
 * Sentences of one step. A request and its handling form a unit; units (and
 * standalone events) that repeat about different objects are told once, at
 * their first occurrence.
 */
function stepSentences(events: TraceEvent[], names: Names, detail: ExplainDetail): Item[] {
  if (detail === 'summary') return summarySentences(events, names).map((text) => ({ text }));
  const groups = new Map<string, Unit[]>();
  const order: string[] = [];
  for (const [i, u] of unitsOf(events).entries()) {
    // At full, every unit is told on its own.
    const key = detail === 'full' ? `${i}` : u.head.type === 'request' ? `unit\u0000${shapeOf(u)}` : `event\u0000${groupKey(u.head)}`;
    let g = groups.get(key);
    if (!g) {
      g = [];
      groups.set(key, g);
      order.push(key);
    }
    g.push(u);
  }
  return order.flatMap((k) => {
    const g = groups.get(k)!;
    const first = g[0]!;
    if (first.head.type !== 'request') {
      const text = groupSentence(g.map((u) => u.head), names);
      const dump = detail === 'full' && isProxySync(first.head) ? first.head.detail : undefined;
      return [dump ? { text, dump } : { text }];
    }
    if (g.length === 1) return requestSentences(first.head, first.handling, names).map((text) => ({ text }));
    return requestGroupSentences(g, names).map((text) => ({ text }));
  });
}

function stepEvents(trace: Trace, step: TraceStep): TraceEvent[] {
  if (!step.events) return [];
  return trace.events.slice(step.events.first, step.events.last + 1);
}

function stepSection(trace: Trace, step: TraceStep, names: Names, counter: { n: number }, detail: ExplainDetail): string[] {
  // An audit log records API requests, not which program sent them.
  const client = trace.header.origin === 'audit-log' ? 'The client' : 'kubectl';
  const out = [`## Step ${step.number}: ${mdText(step.title)}`, ''];
  const who = step.as && step.as !== 'admin' ? ` (as ${mdText(step.as)})` : '';
  out.push(`${mdCode(step.command)}${who}`, '');
  const sentences = stepSentences(stepEvents(trace, step), names, detail);
  if (sentences.length === 0) out.push('Nothing happens inside the cluster.', '');
  for (const s of sentences) {
    const marker = `${++counter.n}. `;
    out.push(`${marker}${mdText(s.text)}`);
    // The dump belongs to its item: a fenced block indented to the item's content.
    if (s.dump) out.push('', ...mdFence(s.dump).flatMap((l) => l.split('\n')).map((l) => (l ? ' '.repeat(marker.length) + l : l)), '');
  }
  if (sentences.length > 0) out.push('');
  if (step.output) out.push(`${client} prints:`, '', ...mdFence(step.output), '');
  if (step.error && trace.header.origin === 'audit-log') out.push('The client gets an error back:', '', ...mdFence(step.error), '');
  else if (step.error) out.push(`kubectl reports an error${step.exitCode ? ` (exit code ${step.exitCode})` : ''}:`, '', ...mdFence(step.error), '');
  for (const x of step.expectations) {
    out.push(`- ${x.passed ? '✅' : '❌'} ${mdText(x.description)}${x.passed ? '' : ` — expected ${mdText(x.expected)}, found ${mdText(x.found)}`}`);
  }
  if (step.expectations.length > 0) out.push('');
  return out;
}

function picture(kind: ViewKind, opts: ExplainOptions): string[] {
  const link = opts.pictures?.[kind];
  return link ? [embedPicture(kind, link, opts.sizes?.[kind]), ''] : [];
}

export function explainTrace(trace: Trace, opts: ExplainOptions = {}): string {
  const s = trace.header.scenario;
  const names = new Names(trace);
  const out: string[] = [`# ${mdText(s.title || s.name)}`, ''];
  // The description is the author's Markdown: kept as Markdown, without raw HTML.
  if (s.description.trim()) out.push(mdAuthor(s.description.trim()), '');
  const origin = trace.header.origin === 'audit-log' ? 'imported from an API server audit log' : `simulated with the Kubernetes ${trace.header.kubernetes} behaviour profile`;
  out.push(`*${mdText(`${plural(trace.steps.length, 'step')}, ${plural(trace.events.length, 'interaction')}, ${origin}.`)}*`, '');
  out.push(...picture('architecture', opts));
  out.push(...picture('sequence', opts));
  const counter = { n: 0 };
  const detail = opts.detail ?? 'standard';
  for (const step of trace.steps) out.push(...stepSection(trace, step, names, counter, detail));
  out.push(...picture('flowchart', opts));
  if (trace.outcome.expectations.length > 0) {
    const failed = trace.outcome.expectations.filter((x) => !x.passed).length;
    out.push('## Outcome', '', failed === 0 ? 'Every expectation holds.' : `${failed} expectation${failed === 1 ? '' : 's'} failed.`, '');
  }
  if (trace.simplifications.length > 0) {
    out.push('## Simplifications', '');
    for (const x of trace.simplifications) out.push(`- ${mdText(x)}`);
    out.push('');
  }
  return out.join('\n');
}
