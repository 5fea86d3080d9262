import { buildSequence } from './src/views/sequence/build.ts';
import { FIXTURES, applyDeploymentTrace } from './test/fixtures/traces/fixtures.ts';
import type { SequenceItem } from './src/views/types.ts';
const name = process.argv[2] ?? 'apply-deployment';
import { readFileSync } from 'node:fs';
const t = name.endsWith('.json') ? JSON.parse(readFileSync(name, 'utf8')) : name === 'big' ? applyDeploymentTrace({ replicas: 30, nodes: 3, preloaded: ['worker-2'] }) : FIXTURES[name]();
const v = buildSequence(t, { detail: (process.argv[3] as 'full') ?? 'compact', maxMessages: Number(process.env.MAX ?? 60) });
console.log('boxes', JSON.stringify(v.boxes));
for (const p of v.participants) console.log('P', p.id, p.label, p.box);
const show = (it: SequenceItem, ind: string): void => {
  if (it.type === 'message') console.log(ind + `${it.number} ${it.from} -${it.arrow}-> ${it.to}: ${it.label}${it.activate ? ' +' : ''}${it.deactivate ? ' -' : ''} ${it.emphasis}`);
  else if (it.type === 'note') console.log(ind + `note over ${it.over.join(',')}: ${it.text}`);
  else if (it.type === 'separator') console.log(ind + `== ${it.title} ==`);
  else if (it.type === 'loop') { console.log(ind + `loop ${it.label}`); it.items.forEach((x) => show(x, ind + '  ')); console.log(ind + 'end'); }
  else { it.branches.forEach((b, i) => { console.log(ind + (i ? 'else ' : 'alt ') + b.label); b.items.forEach((x) => show(x, ind + '  ')); }); console.log(ind + 'end'); }
};
v.items.forEach((i) => show(i, ''));
