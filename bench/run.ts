/**
 * `npm run bench`: runs every bench part and prints time, memory and ratios
 * against baselines measured in the same run.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import type { BenchFigure } from './types.ts';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const parts = (await readdir(here))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

const figures: BenchFigure[] = [];
for (const part of parts) {
  const mod = (await import(pathToFileURL(join(here, part)).href)) as { run: () => Promise<BenchFigure[]> };
  process.stderr.write(`running ${part} …\n`);
  const got = await mod.run();
  figures.push(...got);
  for (const f of got) process.stderr.write(`  ${f.name}: ${f.ms.toFixed(1)} ms\n`);
}

const byName = new Map(figures.map((f) => [f.name, f]));
const rows = figures.map((f) => {
  const base = f.baseline ? byName.get(f.baseline) : undefined;
  const ratio = base ? `${(f.ms / base.ms).toFixed(3)}× of "${base.name}"` : '';
  return [f.name, `${f.ms.toFixed(1)} ms`, f.peakMiB !== undefined ? `${f.peakMiB.toFixed(0)} MiB` : '', ratio, f.note ?? ''];
});
const header = ['benchmark', 'median', 'peak', 'ratio', 'note'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
