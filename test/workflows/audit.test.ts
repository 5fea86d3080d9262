import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditLogLines } from '../../scripts/audit-log.ts';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/common/diagnostic.ts';
import { shortHash } from '../../src/common/hash.ts';
import { canonicalSignatureInput } from '../../src/trace/signature.ts';
import { checkSchema, type Schema } from '../trace/schema-check.ts';
import { importAuditFile, importAuditLog } from '../../src/trace/audit.ts';
import { readTrace, streamTrace, writeTrace } from '../../src/trace/io.ts';
import type { TraceStep } from '../../src/trace/types.ts';
import { explainTrace } from '../../src/explain/index.ts';
import { ROOT, runBin } from '../helpers/bin.ts';

const FILE = '../shared/corpus/audit/audit2rbac-demo.log';
const text = readFileSync(FILE, 'utf8');

function line(o: Record<string, unknown>): string {
  return JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', ...o });
}

describe('import-audit', () => {
  it('imports the audit2rbac demo log (golden trace)', async () => {
    const r = importAuditLog(text, FILE);
    if (!r.ok) throw new Error(r.diagnostics.map((d) => formatDiagnostic(d, { color: false })).join('\n'));
    const t = r.value;
    expect(t.header.origin).toBe('audit-log');
    expect(t.components.map((c) => c.id)).toEqual(['client:bob', 'client:system:serviceaccount:ns1:sa1', 'client:alice', 'kube-apiserver']);
    // every 403 shows as a denied authorization and a 403 response
    const denied = t.events.filter((e) => e.phase === 'authorization' && e.result === 'denied');
    const forbidden = t.events.filter((e) => e.type === 'response' && e.status === 403);
    expect(denied.length).toBe(forbidden.length);
    expect(forbidden.length).toBe(11); // grep -c "\"code\":403" in the log
    // ids and signatures follow the trace format
    for (const e of t.events) {
      expect(e.sig).toBe(shortHash(canonicalSignatureInput(e)));
      expect(e.id.startsWith(`${e.sig}.`)).toBe(true);
      if (e.cause) expect(t.events.find((c) => c.id === e.cause)!.seq).toBeLessThan(e.seq);
    }
    expect(new Set(t.events.map((e) => e.id)).size).toBe(t.events.length);
    expect(readTrace(writeTrace(t), 'x').ok).toBe(true);
    const schema = JSON.parse(readFileSync('docs/trace.schema.json', 'utf8')) as Schema;
    expect(checkSchema(schema, JSON.parse(writeTrace(t)))).toEqual([]);
    await expect(writeTrace(t)).toMatchFileSnapshot('__golden__/audit2rbac-demo.trace.json');
    await expect(explainTrace(t)).toMatchFileSnapshot('__golden__/audit2rbac-demo.steps.md');
  });

  it('pairs stages by auditID, supports v1beta1, infers etcd for writes, marks it', () => {
    const log = [
      line({ auditID: 'a1', stage: 'RequestReceived', verb: 'create', requestURI: '/apis/apps/v1/namespaces/default/deployments', user: { username: 'alice', groups: ['dev'] }, objectRef: { resource: 'deployments', namespace: 'default', name: 'web', apiGroup: 'apps', apiVersion: 'v1' }, requestReceivedTimestamp: '2024-01-01T00:00:00.000000Z', stageTimestamp: '2024-01-01T00:00:00.000000Z', userAgent: 'kubectl/v1.31.0', sourceIPs: ['10.0.0.1'] }),
      '',
      JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1beta1', auditID: 'b2', stage: 'ResponseComplete', verb: 'get', requestURI: '/api/v1/namespaces/default/pods/x', user: { username: 'bob' }, objectRef: { resource: 'pods', namespace: 'default', name: 'x' }, timestamp: '2024-01-01T00:00:00.100Z', responseStatus: { code: 404 } }),
      line({ auditID: 'a1', stage: 'ResponseComplete', verb: 'create', requestURI: '/apis/apps/v1/namespaces/default/deployments', user: { username: 'alice', groups: ['dev'] }, objectRef: { resource: 'deployments', namespace: 'default', name: 'web', apiGroup: 'apps', apiVersion: 'v1' }, requestReceivedTimestamp: '2024-01-01T00:00:00.000000Z', stageTimestamp: '2024-01-01T00:00:00.250000Z', responseStatus: { code: 201 } }),
    ].join('\n');
    const r = importAuditLog(log, 'mini.log');
    if (!r.ok) throw new Error('import failed');
    const t = r.value;
    expect(t.steps.length).toBe(2);
    const create = t.events.filter((e) => e.step === 1);
    expect(create.map((e) => `${e.type}:${e.from}>${e.to}:${e.summary}`)).toEqual([
      'request:client:alice>kube-apiserver:create deployments web -n default',
      'phase:kube-apiserver>kube-apiserver:authenticated alice',
      'phase:kube-apiserver>kube-apiserver:allow create deployments web -n default',
      'request:kube-apiserver>etcd:put /registry/deployments/default/web',
      'response:etcd>kube-apiserver:put ok',
      'response:kube-apiserver>client:alice:201 Created',
    ]);
    expect(create[0]).toMatchObject({ method: 'POST', t: 0, resource: { apiVersion: 'apps/v1', name: 'web' }, attrs: { userAgent: 'kubectl/v1.31.0', sourceIPs: '10.0.0.1' } });
    expect(create[5]!.t).toBe(250);
    expect(t.events.find((e) => e.status === 404)).toMatchObject({ result: 'not-found', step: 2 });
    expect(t.components.map((c) => c.id)).toContain('etcd');
    expect(t.simplifications.join(' ')).toMatch(/etcd hops are inferred/);
  });

  it('reports every bad line with file:line and keeps going', () => {
    const log = ['{"kind":"Event"', line({ auditID: 'x', stage: 'ResponseComplete', verb: 'get', user: { username: 'a' }, timestamp: '2024-01-01T00:00:00Z' }), '[1,2]', JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v2' }), line({ stage: 'Bogus' }), line({ auditID: 'y', stage: 'Bogus', verb: 'get', user: { username: 'a' }, timestamp: 'x' })].join('\n');
    const r = importAuditLog(log, 'bad.log');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map((d) => `${d.start?.line}:${d.code}`)).toEqual(['1:audit-json', '3:audit-json', '4:audit-version', '5:audit-field', '6:audit-stage']);
    // The real column: the end of the truncated object, the apiVersion's value.
    expect(formatDiagnostic(r.diagnostics[0]!, { color: false })).toMatch(/^bad\.log:1:16: error\[audit-json\]/);
    expect(r.diagnostics[0]!.hint).toContain('--audit-log-format=json');
    expect(r.diagnostics[2]!.start).toEqual({ line: 4, column: 30 });
    const lenient = importAuditLog(log, 'bad.log', { lenient: true });
    expect(lenient.ok).toBe(true);
    if (lenient.ok) {
      expect(lenient.warnings.length).toBe(5);
      expect(lenient.value.steps.length).toBe(1);
    }
  });

  it('an empty log is an error', () => {
    const r = importAuditLog('\n\n', 'empty.log');
    expect(r.ok).toBe(false);
  });

  it('a log of RequestReceived only: a clear error; --lenient draws requests without outcome or etcd write', () => {
    const rr = line({ auditID: 'r1', stage: 'RequestReceived', verb: 'create', requestURI: '/api/v1/namespaces/default/configmaps', user: { username: 'alice' }, objectRef: { resource: 'configmaps', namespace: 'default', name: 'c' }, requestReceivedTimestamp: '2024-01-01T00:00:00Z' });
    const r = importAuditLog(rr, 'rr.log');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics[0]).toMatchObject({ code: 'audit-no-response', start: { line: 1, column: 1 } });
    expect(r.diagnostics[0]!.hint).toMatch(/ResponseComplete/);
    const l = importAuditLog(rr, 'rr.log', { lenient: true });
    if (!l.ok) throw new Error('lenient import failed');
    expect(l.value.events.map((e) => e.type)).toEqual(['request', 'phase']);
    expect(l.value.components.map((c) => c.id)).not.toContain('etcd');
  });

  it('a legacy-format log gets the --audit-log-format=json hint, and diagnostics stop at 50 plus a count', () => {
    const legacy = Array.from({ length: 60 }, (_, i) => `2017-09-11T19:55:05.${String(i).padStart(3, '0')}Z AUDIT: id="x" ip="::1" method="GET" user="bob"`).join('\n');
    const r = importAuditLog(legacy, 'legacy.log');
    if (r.ok) throw new Error('expected failure');
    expect(r.diagnostics).toHaveLength(51);
    expect(r.diagnostics[0]!.message).toBe('a legacy-format audit line, not JSON');
    expect(r.diagnostics[0]!.hint).toContain('--audit-log-format=json');
    expect(r.diagnostics[50]).toMatchObject({ code: 'audit-more', message: '10 more bad lines not shown (the first at line 51)' });
  });

  it('the streaming import (the CLI) writes exactly the trace importAuditLog builds', async () => {
    const chunks: string[] = [];
    const r = await importAuditFile(FILE, FILE, {}, (trace) => streamTrace(trace, { write: (c: string) => chunks.push(c) }));
    expect(r.ok).toBe(true);
    const whole = importAuditLog(text, FILE);
    if (!whole.ok) throw new Error('import failed');
    expect(chunks.join('')).toBe(writeTrace(whole.value));
  });

  it('streams a generated 100k-line log (no time asserted)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    const path = join(dir, 'audit.log');
    writeFileSync(path, [...auditLogLines(100_000)].join('\n') + '\n');
    let chars = 0;
    let events = 0;
    const r = await importAuditFile(path, 'audit.log', {}, (trace) =>
      streamTrace(trace, {
        write: (c: string) => {
          chars += c.length;
          events += (c.match(/\n    \{\n      "seq": /g) ?? []).length;
          return true;
        },
      }),
    );
    rmSync(dir, { recursive: true, force: true });
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
    expect(r.value.events).toBeGreaterThan(200_000);
    expect(events).toBe(r.value.events);
    expect(chars).toBeGreaterThan(100_000_000);
  });

  it('the binary points at the offending character of a long audit line (file:line:col, caret under it)', async () => {
    // Real audit lines run to hundreds of characters: every fault here is past column 200.
    const lines = [...auditLogLines(6)];
    const bad = [
      lines[0]!,
      lines[1]!.replace(/"sourceIPs":\["([^"]*)"\]/, '"sourceIPs":["$1",]'),
      lines[2]!.replace(/"verb":"[a-z]+"/, '"verb":17'),
      lines[3]!.replace(/"username":"[^"]*"/, '"username":null'),
      lines[4]!.replace(/"stageTimestamp":/, '"stageTimestamp"'),
    ];
    const dir = mkdtempSync(join(tmpdir(), 'audit-col-'));
    writeFileSync(join(dir, 'bad.log'), bad.join('\n') + '\n');
    const r = await runBin(['import-audit', 'bad.log', '-o', 'out.json'], { cwd: dir });
    rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(2);
    // Where each fault is, found in the line itself (1-based).
    const at = (line: number, text: string, skip: number) => bad[line - 1]!.indexOf(text) + skip + 1;
    const expected = [
      // A trailing comma: the closing bracket is the error.
      { line: 2, col: at(2, ',]', 1), code: 'audit-json', message: expect.stringMatching(/^not a JSON object: /) as unknown as string },
      { line: 3, col: at(3, '"verb":17', '"verb":'.length), code: 'audit-field', message: 'audit event without verb (verb is 17, not a string)' },
      { line: 4, col: at(4, '"username":null', '"username":'.length), code: 'audit-field', message: 'audit event without user.username (user.username is null, not a string)' },
      // The JSON syntax error: the colon missing after "stageTimestamp" is found at the value's string.
      { line: 5, col: at(5, '"stageTimestamp""', '"stageTimestamp"'.length), code: 'audit-json', message: expect.stringMatching(/^not a JSON object: /) as unknown as string },
    ];
    const blocks = r.stderr.split(/\n(?=bad\.log:)/);
    for (const e of expected) {
      expect(e.col).toBeGreaterThan(200);
      const block = blocks.find((b) => b.startsWith(`bad.log:${e.line}:`));
      expect(block, r.stderr).toBeDefined();
      const [head, , source, caret] = block!.split('\n');
      const m = /^bad\.log:(\d+):(\d+): error\[([a-z-]+)\]: (.*)$/.exec(head!);
      expect(m && { line: Number(m[1]), col: Number(m[2]), code: m[3], message: m[4] }).toEqual(e);
      // The excerpt reaches the column, and the caret stands under the offending character.
      const prefix = `${e.line} | `;
      expect(source!.startsWith(prefix)).toBe(true);
      expect(caret!.indexOf('^') - prefix.length).toBe(e.col - 1);
      expect(source!.slice(prefix.length)[e.col - 1]).toBe(bad[e.line - 1]![e.col - 1]);
    }
  });

  it('builds events and resource refs with shared hidden classes (no per-object Maps; V8 natives in a child)', () => {
    // On Node 20 (V8 11.3) an object literal starting with a spread, `{ ...base, type, … }`,
    // gets a fresh Map per object: ~4 KB each and, for 100k lines, ~400 MB of garbage promoted
    // to the old generation (docs/performance.md). The shapes are checked, not the memory.
    // The event literals the Recorder copies are not reachable from here; the resource
    // refs, which stay in the events, were built the same way and show it.
    const dir = mkdtempSync(join(tmpdir(), 'audit-shapes-'));
    const log = join(dir, 'audit.log');
    writeFileSync(log, [...auditLogLines(2000)].join('\n') + '\n');
    const script = `
      import { readFileSync } from 'node:fs';
      const { importAuditLog } = await import(${JSON.stringify(join(ROOT, 'dist/trace/audit.js'))});
      const r = importAuditLog(readFileSync(${JSON.stringify(log)}, 'utf8'), 'audit.log');
      const shapes = (objs) => { const reps = []; for (const o of objs) if (!reps.some((x) => %HaveSameMap(x, o))) reps.push(o); return reps.length; };
      const t = r.value;
      // The check itself can tell shapes apart.
      const control = shapes([{ a: 1 }, { b: 1 }, { a: 2 }]);
      console.log(JSON.stringify({ control, events: t.events.length, eventShapes: shapes(t.events), resources: t.events.filter((e) => e.resource).length, resourceShapes: shapes(t.events.map((e) => e.resource).filter(Boolean)), stepShapes: shapes(t.steps) }));
    `;
    const child = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    expect(child.status, child.stderr).toBe(0);
    const got = JSON.parse(child.stdout) as { control: number; events: number; eventShapes: number; resources: number; resourceShapes: number; stepShapes: number };
    expect(got.control).toBe(2);
    expect(got.resources).toBeGreaterThan(4000);
    // One shape per kind of event and of resource ref (with or without name, apiVersion), not one per object.
    expect(got.eventShapes).toBeLessThanOrEqual(8);
    expect(got.resourceShapes).toBeLessThanOrEqual(4);
    expect(got.stepShapes).toBeLessThanOrEqual(4);
  });

  it('one user whose step holds 150k requests (a busy controller, each less than 5 s after the last) imports', async () => {
    // The step's end was Math.max(...times): more arguments than a call takes (RangeError) past ~125k.
    const dir = mkdtempSync(join(tmpdir(), 'audit-busy-'));
    const path = join(dir, 'busy.log');
    const t0 = Date.UTC(2025, 0, 1);
    const lines: string[] = [];
    for (let i = 0; i < 150_000; i++) {
      const at = new Date(t0 + i * 10).toISOString();
      lines.push(`{"kind":"Event","apiVersion":"audit.k8s.io/v1","auditID":"id-${i}","stage":"ResponseComplete","verb":"get","requestURI":"/api/v1/namespaces/default/pods/p","user":{"username":"system:kube-controller-manager"},"requestReceivedTimestamp":"${at}","stageTimestamp":"${at}","responseStatus":{"code":200}}`);
    }
    writeFileSync(path, lines.join('\n') + '\n');
    lines.length = 0;
    let step: TraceStep | undefined;
    // Only the steps are read: the events are generated while they are written, so none are.
    const r = await importAuditFile(path, 'busy.log', {}, (trace) => {
      for (let i = 0; i < trace.steps.length; i++) step = trace.steps[i];
      return Promise.resolve();
    });
    rmSync(dir, { recursive: true, force: true });
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
    expect(r.value.steps).toBe(1);
    expect(step).toMatchObject({ number: 1, title: 'system:kube-controller-manager: get /api/v1/namespaces/default/pods/p (+149999 more requests)', startMs: 0, endMs: 1_499_990, events: { first: 0, last: 599_999 } });
  });

  it('a JSON syntax error: the column of the offending character, in words that do not depend on the Node version', () => {
    // [line, the text at the column, the message after "not a JSON object: "]
    const cases: [string, string, string][] = [
      ['{"kind":"Event"', '', 'close brace expected'],
      ['{"kind":"Event",}', '}', 'property name expected'],
      ['{"kind" "Event"}', '"Event"}', 'colon expected'],
      ['{"kind":"Event"} x', 'x', 'invalid symbol'],
      ['{"kind":"Event","a":[1,2}', '}', 'comma expected'],
      ['{"kind":"Ev\tent"}', '\tent', 'control character in a string (escape it)'],
      ['{"a":"x\\u12"}', '\\u12', 'invalid unicode'],
      ['{"a":"x\\q"}', '\\q', 'invalid escape character'],
    ];
    const r = importAuditLog(cases.map(([l]) => l).join('\n'), 'syntax.log');
    if (r.ok) throw new Error('expected failure');
    expect(r.diagnostics.map((d) => [d.start!.line, d.start!.column, d.message])).toEqual(
      cases.map(([l, at, message], i) => [i + 1, (at === '' ? l.length : l.lastIndexOf(at)) + 1, `not a JSON object: ${message}`]),
    );
  });
});
