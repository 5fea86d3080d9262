// The model bench's child process (bench/model.bench.ts): simulates the scale
// scenario with the compiled model (dist/, as the CLI runs it) and prints its
// figures as JSON. Run under GNU time, which measures the whole process.
// Usage: node bench/simulate-child.mjs REPLICAS NODES [history|no-history] [stream]
// `stream`: events go to an onEvent sink that counts them and keeps none (as
// `kubescene trace` streams them to its spill file), so the peak RSS is the model's own.
import { simulate } from '../dist/cluster/index.js';
import { scaleScenario } from './scale-scenario.mjs';

const [replicas, nodes] = [Number(process.argv[2]), Number(process.argv[3])];
const etcdHistory = process.argv[4] !== 'no-history';
const c0 = process.cpuUsage();
const stream = process.argv[5] === 'stream';
let streamed = 0;
const trace = simulate(scaleScenario(replicas, nodes), {
  etcdHistory,
  budget: { events: 1e9, tasks: 1e10 },
  ...(stream ? { onEvent: () => void streamed++ } : {}),
});
const c = process.cpuUsage(c0);
process.stdout.write(
  JSON.stringify({
    events: stream ? streamed : trace.events.length,
    simulateCpuMs: (c.user + c.system) / 1000,
    running: trace.outcome.pods.filter((p) => p.phase === 'Running').length,
    maxRssKiB: process.resourceUsage().maxRSS,
  }) + '\n',
);
