import { buildArchitecture, buildFlowchart, buildSequence } from './src/views/index.ts';
import { applyDeploymentTrace } from './test/fixtures/traces/fixtures.ts';
const n = Number(process.argv[2] ?? 2000);
let t0 = performance.now();
const t = applyDeploymentTrace({ replicas: n, nodes: 10, preloaded: ['worker-3'] });
console.log('events', t.events.length, 'build trace', Math.round(performance.now() - t0));
for (const [name, f] of [['arch', () => buildArchitecture(t)], ['seq', () => buildSequence(t)], ['flow', () => buildFlowchart(t)]] as const) {
  t0 = performance.now(); const v = f(); console.log(name, Math.round(performance.now() - t0), 'ms', JSON.stringify(v).length);
}
