/** The documented diagnostic codes, the emitted ones and the fixtures stay in sync. */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCENARIO_CODES } from '../../src/scenario/codes.ts';

const known = Object.keys(SCENARIO_CODES).sort();
const sources = readdirSync('src/scenario')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(`src/scenario/${f}`, 'utf8'))
  .join('\n');

describe('diagnostic codes', () => {
  it('every code passed to a Diagnostic is a known code', () => {
    const used = new Set<string>();
    // ctx.diags.error(src, at, 'code', …), this.add('error', src, range, 'code', …), fileError(file, 'code', …), { code: 'x' }
    for (const m of sources.matchAll(/\b(?:error|warning)\(\s*[\w.]+,\s*[^,]+?,\s*'([a-z-]+)'/g)) used.add(m[1] as string);
    for (const m of sources.matchAll(/fileError\([^,]+,\s*'([a-z-]+)'/g)) used.add(m[1] as string);
    for (const m of sources.matchAll(/code: '([a-z-]+)'/g)) used.add(m[1] as string);
    for (const m of sources.matchAll(/'(duplicate-key|yaml-syntax|yaml-warning)'/g)) used.add(m[1] as string);
    expect(used.size).toBeGreaterThan(20);
    for (const code of used) expect(known).toContain(code);
  });

  it('every code is documented in docs/scenario-format.md', () => {
    const docs = readFileSync('docs/scenario-format.md', 'utf8');
    for (const code of known) expect(docs).toContain(`| \`${code}\` |`);
  });

  it('every code except yaml-warning has a fixture whose golden shows it', () => {
    const goldens = readdirSync('test/scenario/__golden__')
      .filter((f) => f.endsWith('.errors.txt') || f.endsWith('.warnings.txt'))
      .map((f) => readFileSync(`test/scenario/__golden__/${f}`, 'utf8'))
      .join('\n');
    const warnings = ['unmodelled-kind', 'ignored-field', 'unknown-kind', 'custom-resource', 'custom-resource-invalid'];
    for (const code of known.filter((c) => c !== 'yaml-warning')) expect(goldens).toContain(warnings.includes(code) ? `warning[${code}]` : `error[${code}]`);
  });
});
