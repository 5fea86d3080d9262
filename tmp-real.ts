import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { loadScenario } from './src/scenario/index.ts';
import { simulate } from './src/cluster/index.ts';
import { buildArchitecture, buildSequence, buildFlowchart } from './src/views/index.ts';
import { writeTrace } from './src/trace/io.ts';
mkdirSync('/tmp/real', { recursive: true });
for (const f of readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort()) {
  const r = await loadScenario(`scenarios/${f}`, { cwd: process.cwd() });
  if (!r.ok) { console.log(f, 'LOAD FAIL', JSON.stringify(r).slice(0, 300)); continue; }
  const t0 = performance.now();
  let trace;
  try { trace = simulate(r.value); } catch (e) { console.log(f, 'SIM FAIL', (e as Error).message); continue; }
  const t1 = performance.now();
  writeFileSync(`/tmp/real/${f}.trace.json`, writeTrace(trace));
  const a = buildArchitecture(trace); const s = buildSequence(trace); const fc = buildFlowchart(trace);
  const t2 = performance.now();
  console.log(f, 'events', trace.events.length, 'sim', Math.round(t1 - t0), 'views', Math.round(t2 - t1), 'arch nodes/edges', a.nodes.length, a.edges.length, 'seq parts/items', s.participants.length, s.items.length, 'fc', fc.step, fc.nodes.filter((n) => n.emphasis !== 'faint').length);
}
