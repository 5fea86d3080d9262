/**
 * diff, item 5 of issue 14: step output compared line by line, multi-line
 * values in `--format md` as fenced diff blocks (checked with a CommonMark
 * parser), and "moved" only for a real reorder — a replica change moves
 * nothing. Unit cases on built traces, then the real binary on library
 * scenarios with one replica count changed.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Parser } from 'commonmark';
import type { Node as MdNode } from 'commonmark';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffTraces, lineChanges } from '../../src/trace/diff.ts';
import { formatDiffMarkdown, formatDiffText } from '../../src/trace/diff-format.ts';
import type { Trace } from '../../src/trace/types.ts';
import { TraceBuilder } from '../fixtures/traces/builder.ts';
import { ROOT, runBin } from '../helpers/bin.ts';

/** One kubectl step per output, one API call each. */
function steps(outputs: string[]): Trace {
  const b = new TraceBuilder('outputs', 'Outputs', 'kubectl output.');
  b.host('control-plane', 'control-plane');
  b.component('kubectl', 'client', null, 'client');
  b.component('kube-apiserver', 'apiserver', 'control-plane', 'control-plane');
  b.component('etcd', 'etcd', 'control-plane', 'control-plane');
  outputs.forEach((output, i) => {
    b.beginStep({ kind: 'kubectl', title: `get ${i}`, command: 'kubectl get pods', output, exitCode: 0 });
    b.apiCall({
      from: 'kubectl', user: 'alice', verb: 'list', method: 'GET', path: '/api/v1/namespaces/default/pods',
      resource: { apiVersion: 'v1', kind: 'Pod', resource: 'pods', namespace: 'default' }, cause: null,
    });
  });
  return b.build({ source: 'scenarios/outputs.yaml' }, { objects: [], pods: [], nodes: [], kubeEvents: [], expectations: [], passed: true });
}

const table = (rows: string[]) => ['NAME    READY   STATUS    RESTARTS   AGE', ...rows.map((r) => `${r}   1/1     Running   0          2s`)].join('\n') + '\n';

function nodes(md: string): MdNode[] {
  const out: MdNode[] = [];
  const w = new Parser().parse(md).walker();
  for (let ev = w.next(); ev; ev = w.next()) if (ev.entering) out.push(ev.node);
  return out;
}

describe('step output, line by line', () => {
  it('lineChanges keeps unchanged lines as context (jsdiff)', () => {
    expect(lineChanges('a\nb\nc\n', 'a\nx\nc\n')).toEqual([
      { op: ' ', text: 'a' }, { op: '-', text: 'b' }, { op: '+', text: 'x' }, { op: ' ', text: 'c' },
    ]);
    expect(lineChanges(null, 'one\ntwo')).toEqual([{ op: '+', text: 'one' }, { op: '+', text: 'two' }]);
    expect(lineChanges(['p', 'q'], ['q'])).toEqual([{ op: '-', text: 'p' }, { op: ' ', text: 'q' }]);
  });

  it('an added Pod row is one added line; the unchanged rows are context, not removed and added', () => {
    const d = diffTraces(steps([table(['web-a', 'web-c'])]), steps([table(['web-a', 'web-b', 'web-c'])]));
    const output = d.steps[0]!.changes.find((c) => c.field === 'output')!;
    expect(output.lines!.map((l) => `${l.op}${l.text.split(' ')[0]}`)).toEqual([' NAME', ' web-a', '+web-b', ' web-c']);
    const text = formatDiffText(d, { color: false });
    expect(text).toContain('  + web-b   1/1');
    expect(text).toContain('    web-a   1/1');
    expect(text).not.toMatch(/- web-a/);
  });
});

describe('--format md with multi-line values', () => {
  const nasty = ['NAME | READY', '```', '<script>alert(1)</script>', '# not a heading', '- not a list', '[x](javascript:alert(1))'].join('\n');

  it('puts each multi-line change in a fenced diff block that holds every line verbatim', () => {
    const d = diffTraces(steps(['before\n']), steps([`${nasty}\n`]), { a: 'old', b: 'new' });
    const md = formatDiffMarkdown(d);
    const all = nodes(md);
    expect(all.filter((n) => n.type === 'html_block' || n.type === 'html_inline')).toEqual([]);
    expect(all.filter((n) => n.type === 'link')).toEqual([]);
    expect(all.filter((n) => n.type === 'heading').map((n) => n.level)).toEqual([2, 3]);
    const blocks = all.filter((n) => n.type === 'code_block');
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.info).toBe('diff');
    expect(blocks[0]!.literal).toBe(['-before', ...nasty.split('\n').map((l) => `+${l}`)].join('\n') + '\n');
    // The steps table stays one row per step.
    const table = all.find((n) => n.type === 'paragraph' && md.includes('| ✏️ | 1 |'));
    expect(table).toBeDefined();
    expect(md).toContain('| ✏️ | 1 | kubectl get pods | output (lines below) |');
  });

  it('golden', async () => {
    const d = diffTraces(steps([table(['web-a', 'web-c']), 'error: a\n']), steps([table(['web-a', 'web-b', 'web-c']), `${nasty}\n`]), { a: 'old.json', b: 'new.json' });
    await expect(formatDiffMarkdown(d)).toMatchFileSnapshot('__golden__/diff-lines.md');
    await expect(formatDiffText(d, { color: false })).toMatchFileSnapshot('__golden__/diff-lines.txt');
  });
});

/** Two clients' creates in one step; `swap` lets the second client's request run first. */
function twoClients(swap: boolean): Trace {
  const b = new TraceBuilder('two', 'Two clients', 'Two clients create at once.');
  b.host('control-plane', 'control-plane');
  b.component('alice', 'client', null, 'client');
  b.component('bob', 'client', null, 'client');
  b.component('kube-apiserver', 'apiserver', 'control-plane', 'control-plane');
  b.component('etcd', 'etcd', 'control-plane', 'control-plane');
  b.beginStep({ kind: 'kubectl', title: 'both', command: 'kubectl create configmap', output: '', exitCode: 0 });
  const call = (who: string) =>
    b.apiCall({
      from: who, user: who, verb: 'create', method: 'POST', path: '/api/v1/namespaces/default/configmaps',
      resource: { apiVersion: 'v1', kind: 'ConfigMap', resource: 'configmaps', namespace: 'default', name: who },
      cause: null, etcdKey: `/registry/configmaps/default/${who}`,
    });
  for (const who of swap ? ['bob', 'alice'] : ['alice', 'bob']) call(who);
  return b.build({ source: 'scenarios/two.yaml' }, { objects: [], pods: [], nodes: [], kubeEvents: [], expectations: [], passed: true });
}

describe('moved only for a real reorder', () => {
  it('independent requests that interleave differently are not moves; each request’s own events keep their order', () => {
    const d = diffTraces(twoClients(false), twoClients(true));
    expect(d.counts.moved).toBe(0);
    // Both requests and their handler phases line up; only the etcd revisions, which follow the order of the writes, differ.
    const other = d.events.filter((e) => e.op !== 'same' && !/^stored at revision/.test((e.b ?? e.a)!.summary));
    expect(other).toEqual([]);
    expect(d.events.filter((e) => e.op === 'same' && e.a!.type === 'request' && e.a!.from !== 'kube-apiserver').map((e) => e.a!.from)).toEqual(['bob', 'alice']);
  });

  it('a reorder inside one request is a move', () => {
    const b = twoClients(false);
    const i = b.events.findIndex((e) => e.type === 'phase' && e.from === 'kube-apiserver' && /valid/i.test(e.summary) && !/admission/.test(e.summary));
    const j = b.events.findIndex((e, k) => k > i && /admission/.test(e.summary) && e.cause === b.events[i]!.cause);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(j).toBeGreaterThan(i);
    const [moved] = b.events.splice(j, 1);
    b.events.splice(i, 0, moved!);
    const d = diffTraces(twoClients(false), b);
    expect(d.counts.moved).toBe(1);
    expect(['validate ConfigMap', moved!.summary]).toContain(d.events.find((e) => e.op === 'moved')!.b!.summary);
  });
});

describe('kubescene diff (binary) on library scenarios with one replica count changed', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubescene-diff-lines-'));
    for (const [name, from, to] of [['get-pods', 'replicas: 2', 'replicas: 3'], ['apply-deployment', 'replicas: 3', 'replicas: 4']] as const) {
      const text = await readFile(join(ROOT, 'scenarios', `${name}.yaml`), 'utf8');
      expect(text).toContain(from);
      await writeFile(join(dir, `${name}.yaml`), text.replace(from, to));
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('get-pods 2 → 3: the listing gains one row, nothing moved', async () => {
    const r = await runBin(['diff', 'scenarios/get-pods.yaml', join(dir, 'get-pods.yaml')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    const at = lines.indexOf('step 2 changed: kubectl get pods -l app=web');
    expect(at).toBeGreaterThan(0);
    const block = lines.slice(at + 2, lines.indexOf('', at));
    expect(block.filter((l) => l.startsWith('  + '))).toHaveLength(1);
    expect(block.filter((l) => l.startsWith('  - '))).toEqual([]);
    expect(block.filter((l) => l.startsWith('    web-'))).toHaveLength(2);
    expect(r.stdout).not.toContain('↕');
    expect(r.stdout).not.toMatch(/moved/);
  });

  it('apply-deployment 3 → 4: no event reported as moved; --format md is CommonMark with the expectations in a diff block', async () => {
    const r = await runBin(['diff', 'scenarios/apply-deployment.yaml', join(dir, 'apply-deployment.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('↕');
    expect(r.stdout.split('\n')[3]).not.toMatch(/moved/);
    const md = await runBin(['diff', 'scenarios/apply-deployment.yaml', join(dir, 'apply-deployment.yaml'), '--format', 'md']);
    expect(md.code).toBe(1);
    const blocks = nodes(md.stdout).filter((n) => n.type === 'code_block');
    expect(blocks).toHaveLength(1);
    const body = blocks[0]!.literal!.split('\n');
    expect(body.filter((l) => l.startsWith('-'))).toEqual(['-passed: pods app=web Running count 3', '-passed: deployment/web status.availableReplicas equals 3']);
    expect(body.filter((l) => l.startsWith('+')).every((l) => l.startsWith('+FAILED: '))).toBe(true);
    expect(body.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(5);
  });
});
