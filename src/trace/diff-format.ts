/**
 * Text, JSON and Markdown forms of a TraceDiff. Unchanged events are elided
 * (a count stands for them) so a one-line behaviour change reads as one line.
 */
import type { TraceEvent } from './types.ts';
import type { EventDiff, FieldChange, StepDiff, TraceDiff } from './diff.ts';
import { summarizeDiff } from './diff.ts';
import { mdCell, mdCode, mdFence } from '../common/markdown.ts';

export type DiffFormat = 'text' | 'json' | 'md';

const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v ?? null));

function eventLine(e: TraceEvent): string {
  const arrow = e.from === e.to ? e.from : `${e.from} → ${e.to}`;
  const status = e.status !== undefined && !e.summary.includes(String(e.status)) ? ` ${e.status}` : '';
  return `step ${e.step} ${e.type} ${arrow}: ${e.summary}${status}`;
}

function changeText(c: FieldChange): string {
  // Digests are 64 hex: 12 identify them well enough in a report.
  if (c.field === 'digest') return `digest: ${String(c.a).slice(0, 12)} → ${String(c.b).slice(0, 12)}`;
  return `${c.field}: ${show(c.a)} → ${show(c.b)}`;
}

function stepHeading(s: StepDiff): string {
  if (s.op === 'added') return `step ${s.b} added: ${s.command}`;
  if (s.op === 'removed') return `step ${s.a} removed: ${s.command}`;
  const num = s.a === s.b ? `step ${s.b}` : `step ${s.a} → ${s.b}`;
  return `${num} changed: ${s.command}`;
}

/** Multi-line changes (kubectl output, expectations) line by line: unchanged lines as context, -/+ for the rest. */
function multiline(c: FieldChange): string[] {
  if (!c.lines) return [changeText(c)];
  return [`${c.field}:`, ...c.lines.map((l) => `${l.op} ${l.text}`)];
}

export function formatDiffText(d: TraceDiff, opts: { color: boolean }): string {
  const paint = (code: string) => (s: string) => (opts.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const green = paint('32');
  const red = paint('31');
  const amber = paint('33');
  const dim = paint('2');
  const bold = paint('1');
  const out: string[] = [bold(`diff ${d.a.label} ${d.b.label}`)];
  for (const h of d.header) out.push(dim(`  ${changeText(h)}`));
  if (d.equal) {
    out.push(`no difference in behaviour (${d.a.events} events, ${d.a.steps} steps)`);
    return out.join('\n') + '\n';
  }
  out.push(summarizeDiff(d));
  for (const s of d.steps) {
    out.push('', bold(stepHeading(s)));
    for (const c of s.changes) {
      if (c.field === 'exitCode') out.push(amber(`  ${changeText(c)}`));
      else for (const l of multiline(c)) out.push(l.startsWith('- ') ? red(`  ${l}`) : l.startsWith('+ ') ? green(`  ${l}`) : l.startsWith('  ') ? dim(`  ${l}`) : `  ${l}`);
    }
  }
  out.push('', bold('events'));
  let run = 0;
  const flush = () => {
    if (run > 0) out.push(dim(`  … ${run} unchanged`));
    run = 0;
  };
  for (const e of d.events) {
    if (e.op === 'same') {
      run++;
      continue;
    }
    flush();
    if (e.op === 'added') out.push(green(`+ ${eventLine(e.b!)}`));
    else if (e.op === 'removed') out.push(red(`- ${eventLine(e.a!)}`));
    else if (e.op === 'moved') {
      out.push(amber(`↕ ${eventLine(e.b!)} (moved from #${e.a!.seq} to #${e.b!.seq})`));
      for (const c of e.changes ?? []) out.push(amber(`    ${changeText(c)}`));
    } else {
      out.push(amber(`~ ${eventLine(e.b!)}`));
      for (const c of e.changes ?? []) out.push(amber(`    ${changeText(c)}`));
    }
  }
  flush();
  return out.join('\n') + '\n';
}

function compactEvent(e: TraceEvent | undefined) {
  if (!e) return undefined;
  return { id: e.id, seq: e.seq, step: e.step, type: e.type, from: e.from, to: e.to, summary: e.summary, status: e.status, result: e.result };
}

/** JSON: everything but the unchanged events (their count is in `counts.same`). */
export function diffToJson(d: TraceDiff): string {
  const body = {
    equal: d.equal,
    a: d.a,
    b: d.b,
    header: d.header,
    counts: d.counts,
    summary: summarizeDiff(d),
    steps: d.steps,
    events: d.events
      .filter((e) => e.op !== 'same')
      .map((e: EventDiff) => ({ op: e.op, a: compactEvent(e.a), b: compactEvent(e.b), changes: e.changes })),
  };
  return JSON.stringify(body, null, 2) + '\n';
}

/** Markdown cells and headings: inert, one line (see common/markdown.ts). */
const cell = mdCell;

export function formatDiffMarkdown(d: TraceDiff): string {
  const out: string[] = [`## Behaviour diff: ${mdCode(d.a.label)} → ${mdCode(d.b.label)}`, ''];
  for (const h of d.header) out.push(`- ${cell(changeText(h))}`);
  if (d.header.length > 0) out.push('');
  if (d.equal) {
    out.push(`No difference in behaviour (${d.a.events} events, ${d.a.steps} steps).`, '');
    return out.join('\n');
  }
  out.push(`**${cell(summarizeDiff(d))}** (${d.counts.same} events unchanged)`, '');
  if (d.steps.length > 0) {
    out.push('### Steps', '', '| | step | command | what changed |', '| --- | --- | --- | --- |');
    for (const s of d.steps) {
      const mark = s.op === 'added' ? '➕' : s.op === 'removed' ? '➖' : '✏️';
      const num = s.op === 'removed' ? String(s.a) : String(s.b);
      const what = s.changes.map((c) => (c.lines ? `${c.field} (lines below)` : changeText(c))).join('; ') || s.op;
      out.push(`| ${mark} | ${num} | ${cell(s.command)} | ${cell(what)} |`);
    }
    out.push('');
    // Multi-line values cannot live in a table cell: each goes below, line by line, in a diff block
    // fenced longer than any backtick run inside (mdFence), so no line of output becomes Markdown.
    for (const s of d.steps) {
      for (const c of s.changes) {
        if (!c.lines) continue;
        const num = s.op === 'removed' ? String(s.a) : String(s.b);
        const [open, body, close] = mdFence(c.lines.map((l) => `${l.op}${l.text}`).join('\n'));
        out.push(`Step ${num}, ${cell(c.field)}:`, '', `${open!}diff`, body!, close!, '');
      }
    }
  }
  const changed = d.events.filter((e) => e.op !== 'same');
  if (changed.length > 0) {
    out.push('### Events', '', '| | step | from → to | summary | change |', '| --- | --- | --- | --- | --- |');
    for (const e of changed) {
      const ev = (e.b ?? e.a)!;
      const mark = e.op === 'added' ? '➕' : e.op === 'removed' ? '➖' : e.op === 'moved' ? '↕️' : '✏️';
      const what = [e.op === 'changed' ? '' : e.op, ...(e.changes ?? []).map(changeText)].filter(Boolean).join('; ');
      out.push(`| ${mark} | ${ev.step} | ${cell(`${ev.from} → ${ev.to}`)} | ${cell(ev.summary)} | ${cell(what)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
