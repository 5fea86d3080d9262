/**
 * `build` with invalid scenarios, through the real binary: when none is valid
 * it exits 2 with every diagnostic and writes nothing (not even an empty
 * gallery); when some are, those are built, it exits 2, and the gallery links
 * only pages that exist.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.ts';

const V0 = 'kubescene: v0\nsteps: []\n';
const NO_STEPS = 'kubescene: v1\nname: nosteps\n';
const SMALL = 'kubescene: v1\nname: small\nsteps:\n  - kubectl: create configmap a --from-literal=k=v\n';
// Valid, but more than the run budget below lets it spend: the model refuses it while building.
const BIG = 'kubescene: v1\nname: big\nsteps:\n  - kubectl: create deployment web --image=nginx --replicas=20\n';
const BUDGET = { KUBESCENE_MAX_EVENTS: '300' };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ks-build-invalid-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function folder(name: string, files: Record<string, string>): Promise<string> {
  const root = join(dir, name);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await writeFile(join(root, file), text);
  }
  return root;
}

/** Relative link targets in a Markdown page (images and links). */
function targets(md: string): string[] {
  return [...md.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => decodeURI(m[1]!)).filter((t) => !/^[a-z]+:/.test(t));
}

describe('build with invalid scenarios (binary)', () => {
  it('every scenario invalid: exit 2, every diagnostic, nothing written', async () => {
    const root = await folder('all-invalid', { 'sc/a.yaml': V0, 'sc/b.yaml': NO_STEPS });
    const r = await runBin(['build', 'sc', '--out', 'out'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('sc/a.yaml:1:12: error[unsupported-version]');
    expect(r.stderr).toContain('sc/b.yaml:1:1: error[missing-key]');
    expect(r.stdout).toMatch(/^nothing written: 2 invalid scenarios, none valid$/m);
    expect(r.stdout).not.toContain('gallery');
    expect(existsSync(join(root, 'out'))).toBe(false);
  });

  it('a folder with no scenario: exit 2, nothing written', async () => {
    const root = await folder('none', { 'sc/notes.txt': 'no scenario here\n' });
    const r = await runBin(['build', 'sc', '--out', 'out'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error[no-scenarios]');
    expect(existsSync(join(root, 'out'))).toBe(false);
  });

  it('valid and invalid: builds the valid ones, exits 2, and the gallery links no missing page', async () => {
    const root = await folder('mixed', { 'sc/a.yaml': V0, 'sc/small.yaml': SMALL, 'sc/big.yaml': BIG });
    const r = await runBin(['build', 'sc', '--out', 'out'], { cwd: root, env: BUDGET });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('sc/a.yaml:1:12: error[unsupported-version]');
    expect(r.stdout).toMatch(/^built small$/m);
    expect(r.stdout).toMatch(/^invalid big: nothing written: sc\/big\.yaml:4:5: .*needs more than 300 trace events/m);
    expect(existsSync(join(root, 'out/small/README.md'))).toBe(true);
    expect(existsSync(join(root, 'out/big'))).toBe(false);
    const gallery = await readFile(join(root, 'out/README.md'), 'utf8');
    expect(gallery).toContain('from 2 scenarios');
    expect(gallery).toContain('| big | big (skipped: its run stopped with an error) |');
    expect(gallery).toContain('**Skipped:** its run stopped with an error, so nothing was built — `sc/big.yaml:4:5: step 1');
    const links = targets(gallery);
    expect(links).toContain('small/README.md');
    for (const t of links) expect(existsSync(join(root, 'out', t)), `gallery links ${t}`).toBe(true);
    // check agrees with the gallery build wrote, and reports the refused scenario as build does: located, exit 2 (not 70).
    const c = await runBin(['check', 'sc', '--out', 'out'], { cwd: root, env: BUDGET });
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('sc/big.yaml:4:5: error[run-budget]');
    expect(c.stdout).toMatch(/^invalid +big: nothing written: sc\/big\.yaml:4:5: /m);
    expect(c.stdout).not.toContain('internal error');
    expect(c.stdout).not.toContain('gallery');
  });
});
