/** loadScenario on a real folder: relative display paths, folders, symbolic links that escape. */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/index.ts';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kubescene-scenario-'));
  mkdirSync(join(root, 'outside'));
  writeFileSync(join(root, 'outside', 'secret.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata: { name: s }\n');
  mkdirSync(join(root, 'sc', 'guestbook'), { recursive: true });
  cpSync('../shared/corpus/guestbook', join(root, 'sc', 'guestbook'), { recursive: true });
  symlinkSync(join(root, 'outside', 'secret.yaml'), join(root, 'sc', 'link.yaml'));
  symlinkSync(join(root, 'outside'), join(root, 'sc', 'linkdir'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(name: string, text: string): void {
  writeFileSync(join(root, 'sc', name), text);
}

describe('loadScenario on disk', () => {
  it('loads a folder of corpus manifests with -f dir/', async () => {
    write('ok.yaml', 'kubescene: v1\nsteps:\n  - kubectl: apply -f guestbook/\n');
    const r = await loadScenario('sc/ok.yaml', { cwd: root });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.value.source).toBe('sc/ok.yaml');
    const dir = r.value.files.guestbook;
    expect(dir?.entries).toContain('guestbook/frontend-deployment.yaml');
    expect(dir?.objects.length).toBeGreaterThan(6);
    expect(r.value.inputs.map((i) => i.path)).toContain('guestbook/redis-master-service.yaml');
  });

  it('refuses symbolic links that lead out of the scenario folder', async () => {
    write('escape.yaml', 'kubescene: v1\nsteps:\n  - kubectl: apply -f link.yaml\n  - kubectl: apply -f linkdir/secret.yaml\n');
    const r = await loadScenario(join(root, 'sc', 'escape.yaml'), { cwd: root });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map((d) => [d.file, d.code, d.start?.line])).toEqual([
      ['sc/escape.yaml', 'path-escape', 3],
      ['sc/escape.yaml', 'path-escape', 4],
    ]);
  });

  it('reports an unreadable scenario as a diagnostic', async () => {
    const r = await loadScenario('sc/nope.yaml', { cwd: root });
    expect(r).toEqual({ ok: false, diagnostics: [{ code: 'file-not-found', severity: 'error', message: 'no such file', file: 'sc/nope.yaml' }] });
    const d = await loadScenario('sc', { cwd: root });
    expect(d.ok).toBe(false);
  });
});
