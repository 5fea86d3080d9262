/**
 * The layer rules of src/ (.dependency-cruiser.cjs, docs/architecture.md):
 * imports only go down the layers of src/cluster, and there are no import
 * circles anywhere in src/. dependency-cruiser checks them; this test runs
 * its CLI so that CI enforces them.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

function cruise(cwd: string, ...args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [DEPCRUISE, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('layers of src/', () => {
  it('has no dependency violations (layers of src/cluster, no circles)', () => {
    const r = cruise(ROOT, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err');
    expect(r.out).toContain('no dependency violations found');
    expect(r.status).toBe(0);
  });

  it('reports an import that goes up a layer and a circle', () => {
    // The rules bite: a fixture tree where core/ imports components/ and two files import each other.
    const r = cruise(join(ROOT, 'test', 'fixtures', 'layers'), 'src', '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'err');
    expect(r.out).toContain('layer-core');
    expect(r.out).toContain('no-circular');
    expect(r.status).not.toBe(0);
  });
});
