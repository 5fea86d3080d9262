import { describe, expect, it } from 'vitest';
import { align } from '../../src/trace/diff-align.ts';
import { diffTraces, summarizeDiff } from '../../src/trace/diff.ts';
import { diffToJson, formatDiffMarkdown, formatDiffText } from '../../src/trace/diff-format.ts';
import { buildDiffSequence } from '../../src/views/diff.ts';
import type { Trace } from '../../src/trace/types.ts';
import { TraceBuilder } from '../fixtures/traces/builder.ts';
import { applyDeploymentTrace } from '../fixtures/traces/fixtures.ts';

/** One configmap per name, one kubectl step each; `denied` makes that one's create fail with 403. */
function configmaps(names: string[], opts: { denied?: string; output?: Record<string, string> } = {}): Trace {
  const b = new TraceBuilder('configmaps', 'ConfigMaps', 'Creates ConfigMaps.');
  b.host('control-plane', 'control-plane');
  b.component('kubectl', 'client', null, 'client');
  b.component('kube-apiserver', 'apiserver', 'control-plane', 'control-plane');
  b.component('etcd', 'etcd', 'control-plane', 'control-plane');
  for (const n of names) {
    b.beginStep({ kind: 'kubectl', title: `create ${n}`, command: `kubectl create configmap ${n}`, output: opts.output?.[n] ?? `configmap/${n} created`, exitCode: 0 });
    const denied = opts.denied === n;
    b.apiCall({
      from: 'kubectl', user: 'alice', verb: 'create', method: 'POST', path: '/api/v1/namespaces/default/configmaps',
      resource: { apiVersion: 'v1', kind: 'ConfigMap', resource: 'configmaps', namespace: 'default', name: n },
      cause: null, etcdKey: `/registry/configmaps/default/${n}`,
      ...(denied ? { stopAt: { phase: 'authorization', status: 403, reason: 'Forbidden', result: 'denied', summary: 'authorize create configmaps (RBAC)' } } : {}),
    });
  }
  return b.build({ source: 'scenarios/configmaps.yaml' }, { objects: [], pods: [], nodes: [], kubeEvents: [], expectations: [], passed: true });
}

describe('align', () => {
  it('finds a shortest edit script', () => {
    const ops = align('abcabba'.split(''), 'cbabac'.split(''));
    const same = ops.filter((o) => o.op === 'same').length;
    expect(same).toBe(4); // LCS of the classic Myers example
    expect(ops.filter((o) => o.op === 'removed').length).toBe(3);
    expect(ops.filter((o) => o.op === 'added').length).toBe(2);
  });
  it('keeps order and covers both sides', () => {
    const a = 'xyzxyzq'.split('');
    const b = 'xyqzxyzq'.split('');
    const ops = align(a, b);
    expect(ops.filter((o) => o.op !== 'added').map((o) => (o as { a: number }).a)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(ops.filter((o) => o.op !== 'removed').map((o) => (o as { b: number }).b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
  it('falls back to a block replacement beyond maxD', () => {
    const ops = align(['a', 'b', 'c'], ['x', 'y', 'z'], { maxD: 1 });
    expect(ops.map((o) => o.op)).toEqual(['removed', 'removed', 'removed', 'added', 'added', 'added']);
  });
});

describe('diffTraces', () => {
  it('equal traces are equal', () => {
    const d = diffTraces(configmaps(['a', 'b']), configmaps(['a', 'b']));
    expect(d.equal).toBe(true);
    expect(summarizeDiff(d)).toBe('no difference in behaviour');
  });

  it('an inserted step shows as one block of insertions, everything else aligned', () => {
    const a = configmaps(['a', 'b']);
    const b = configmaps(['a', 'x', 'b']);
    const d = diffTraces(a, b);
    expect(d.equal).toBe(false);
    // x's 9 events are inserted; b's etcd revision moved from 3 to 4: the same event, changed.
    expect(d.counts).toEqual({ added: 9, removed: 0, changed: 1, moved: 0, same: 17 });
    const ops = d.events.map((e) => e.op);
    expect(ops.slice(0, 9).every((o) => o === 'same')).toBe(true);
    expect(ops.slice(9, 18).every((o) => o === 'added')).toBe(true);
    expect(d.events.slice(9, 18).every((e) => e.b!.step === 2)).toBe(true);
    expect(d.events[18]).toMatchObject({ op: 'same', a: { step: 2, summary: 'POST configmaps' }, b: { step: 3 } });
    expect(d.steps).toEqual([{ op: 'added', b: 2, title: 'create x', command: 'kubectl create configmap x', changes: [] }]);
    expect(summarizeDiff(d)).toBe('+9 events, ~1 changed, step 2 added');
    expect(d.events.find((e) => e.op === 'changed')!.changes).toEqual([{ field: 'summary', a: 'stored at revision 3', b: 'stored at revision 4' }]);
  });

  it('reports changed fields and step output changes', () => {
    const d = diffTraces(configmaps(['a', 'b']), configmaps(['a', 'b'], { denied: 'b', output: { b: '' } }));
    // admission ×2, validation and the etcd round trip go; authorization is denied; 201 becomes 403
    expect(d.counts).toMatchObject({ removed: 5, added: 0, changed: 2 });
    const changed = d.events.filter((e) => e.op === 'changed');
    expect(changed[0]!.changes).toEqual([{ field: 'result', a: 'ok', b: 'denied' }]);
    expect(changed[1]!.changes!.map((c) => c.field)).toEqual(['status', 'result', 'summary']);
    expect(d.steps[0]).toMatchObject({ op: 'changed', a: 2, b: 2 });
    expect(d.steps[0]!.changes.map((c) => c.field)).toEqual(['output']);
  });

  it('a reordered event is one move, not a removal and an insertion', () => {
    const a = configmaps(['a', 'b']);
    const b = configmaps(['a', 'b']);
    // the etcd response of b's create arrives before the validating admission of b
    const i = b.events.findIndex((e) => e.summary === 'stored at revision 3');
    const [moved] = b.events.splice(i, 1);
    b.events.splice(i - 3, 0, moved!);
    const d = diffTraces(a, b);
    expect(d.counts).toMatchObject({ added: 0, removed: 0, moved: 1 });
    expect(summarizeDiff(d)).toBe('1 moved');
    expect(formatDiffText(d, { color: false })).toContain('↕ step 2 response etcd → kube-apiserver: stored at revision 3');
  });

  it('a bigger Deployment adds the fourth Pod’s events, aligned', () => {
    const d = diffTraces(applyDeploymentTrace({ replicas: 3 }), applyDeploymentTrace({ replicas: 4 }), { a: 'three', b: 'four' });
    expect(d.counts.added).toBeGreaterThan(0);
    expect(d.counts.same).toBeGreaterThan(100);
    const added = d.events.filter((e) => e.op === 'added').map((e) => e.b!.summary);
    expect(added.join('\n')).toMatch(/pod/i);
  });

  it('formats as text, JSON and Markdown (goldens)', async () => {
    const d = diffTraces(configmaps(['a', 'b']), configmaps(['a', 'x', 'b'], { denied: 'b', output: { b: '' } }), { a: 'old.json', b: 'new.json' });
    await expect(formatDiffText(d, { color: false })).toMatchFileSnapshot('__golden__/diff.txt');
    await expect(diffToJson(d)).toMatchFileSnapshot('__golden__/diff.json');
    await expect(formatDiffMarkdown(d)).toMatchFileSnapshot('__golden__/diff.md');
    expect(formatDiffText(d, { color: true })).toContain('\x1b[32m+ ');
  });

  it('markdown escapes input that would break the table', () => {
    const d = diffTraces(configmaps(['a']), configmaps(['a'], { output: { a: 'x | y <script>' } }));
    const md = formatDiffMarkdown(d);
    expect(md).toContain('x \\| y \\<script\\>');
    expect(md).not.toContain('<script>');
  });

  it('builds a diff sequence view with emphasis per change', () => {
    const a = configmaps(['a', 'b']);
    const b = configmaps(['a', 'x', 'b'], { denied: 'b' });
    const view = buildDiffSequence(diffTraces(a, b), a, b, { context: Infinity });
    const messages = view.items.filter((i) => i.type === 'message');
    const count = (e: string) => messages.filter((m) => m.type === 'message' && m.emphasis === e).length;
    expect(count('success')).toBe(9);
    expect(count('danger')).toBe(5);
    expect(count('warning')).toBe(2);
    expect(count('normal')).toBe(11);
    expect(view.participants.map((p) => p.id)).toEqual(['kubectl', 'kube-apiserver', 'etcd']);
    expect(view.items.filter((i) => i.type === 'separator').length).toBeGreaterThanOrEqual(3);
  });

  it('folds long unchanged runs into notes', () => {
    const a = applyDeploymentTrace({ replicas: 3 });
    const b = applyDeploymentTrace({ replicas: 4 });
    const d = diffTraces(a, b);
    const view = buildDiffSequence(d, a, b);
    const messages = view.items.filter((i) => i.type === 'message');
    const notes = view.items.filter((i) => i.type === 'note');
    expect(messages.length).toBeLessThan(d.events.length);
    expect(notes.length).toBeGreaterThan(0);
    const foldedCount = notes.reduce((sum, note) => sum + Number(/… (\d+) unchanged/.exec(note.type === 'note' ? note.text : '')![1]), 0);
    expect(messages.length + foldedCount).toBe(d.events.length);
    const ids = new Set(view.participants.map((p) => p.id));
    for (const m of messages) if (m.type === 'message') expect(ids.has(m.from) && ids.has(m.to)).toBe(true);
    for (const note of notes) if (note.type === 'note') for (const o of note.over) expect(ids.has(o)).toBe(true);
  });

  it('an equal diff is still a drawable view', () => {
    const a = configmaps(['a']);
    const view = buildDiffSequence(diffTraces(a, a), a, a);
    expect(view.participants.length).toBe(1);
    expect(view.items).toEqual([expect.objectContaining({ type: 'note', text: '… 9 unchanged interactions' })]);
  });
});

describe('align at scale', () => {
  it('matches a brute-force LCS length on random sequences', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let round = 0; round < 50; round++) {
      const a = Array.from({ length: Math.floor(rnd() * 30) }, () => 'abcd'[Math.floor(rnd() * 4)]!);
      const b = Array.from({ length: Math.floor(rnd() * 30) }, () => 'abcd'[Math.floor(rnd() * 4)]!);
      const ops = align(a, b, { anchorA: () => false, anchorB: () => false });
      const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
      for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
      expect(ops.filter((o) => o.op === 'same').length).toBe(lcs[0]![0]);
      for (const o of ops) if (o.op === 'same') expect(a[o.a]).toBe(b[o.b]);
    }
  });

  it('aligns 20 000 events with an insertion', () => {
    const a = Array.from({ length: 20_000 }, (_, i) => `e${i % 997}`);
    const b = [...a.slice(0, 10_000), 'x', 'y', ...a.slice(10_000)];
    const ops = align(a, b);
    expect(ops.filter((o) => o.op === 'added').length).toBe(2);
    expect(ops.filter((o) => o.op === 'removed').length).toBe(0);
  });
});
