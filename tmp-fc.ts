import { buildFlowchart } from './src/views/flowchart/build.ts';
import { FIXTURES, applyDeploymentTrace } from './test/fixtures/traces/fixtures.ts';
const name = process.argv[2] ?? 'apply-deployment';
import { readFileSync } from 'node:fs';
const t = name.endsWith('.json') ? JSON.parse(readFileSync(name, 'utf8')) : name === 'big' ? applyDeploymentTrace({ replicas: 30, nodes: 3, preloaded: ['worker-2'] }) : FIXTURES[name]();
const v = buildFlowchart(t, process.argv[3] ? { step: Number(process.argv[3]) } : {});
console.log(v.title, v.step);
for (const n of v.nodes) console.log('N', n.id, n.shape, n.label, '|', n.sublabel ?? '', n.emphasis, n.steps.join(','));
for (const e of v.edges) console.log('E', e.from, '->', e.to, e.label ?? '', e.emphasis, e.events.length);
