/**
 * Issue 12, item 4: diagnostics never echo control or bidi characters from
 * input to the terminal. The real binary validates a scenario whose key and
 * value carry an ESC sequence, BEL, U+202E and an isolate; stderr shows them
 * as \uXXXX and holds no raw one.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.ts';

const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
const dir = mkdtempSync(join(tmpdir(), 'ks-controls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('diagnostics on a terminal', () => {
  it('show control and bidi characters from input escaped, in the message and the source line', async () => {
    const file = join(dir, 'evil.yaml');
    writeFileSync(file, 'kubescene: v1\nname: evil\ntitle: "abc\u202Egpj.exe"\n"\u001b[31mred\u0007\u2066x\u2069": 1\nsteps:\n  - kubectl: get pods\n');
    const r = await runBin(['validate', file], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/evil\.yaml:4:1: error\[unknown-key\]/);
    expect(r.stderr).toContain('\\u001B[31mred\\u0007\\u2066x\\u2069');
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stdout).not.toMatch(RAW);
  });
});
