import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/bin.ts';

// The per-request objects of the simulation's hottest path share a few hidden
// classes (built field by field), where a spread-first literal such as
// `{ ...req, from, who }` gave nearly every one its own on Node 20. Runs the
// compiled model (dist/, rebuilt by the global setup) under --allow-natives-syntax.
function shapes(dist: string): { control: number; reqs: number; reqShapes: number; resps: number; respShapes: number } {
  const script = `
    const { simulate } = await import(${JSON.stringify(join(dist, 'cluster/index.js'))});
    const { ApiServer } = await import(${JSON.stringify(join(dist, 'cluster/apiserver/server.js'))});
    const { scaleScenario } = await import(${JSON.stringify(join(ROOT, 'bench/scale-scenario.mjs'))});
    const reqs = [], resps = [];
    const call = ApiServer.prototype.call;
    ApiServer.prototype.call = function (req, done) { reqs.push(req); return call.call(this, req, (res) => { resps.push(res); done(res); }); };
    simulate(scaleScenario(100, 10), { etcdHistory: true });
    const shapes = (objs) => { const reps = []; for (const o of objs) if (!reps.some((x) => %HaveSameMap(x, o))) reps.push(o); return reps.length; };
    const control = shapes([{ a: 1 }, { b: 1 }, { a: 2 }]);
    console.log(JSON.stringify({ control, reqs: reqs.length, reqShapes: shapes(reqs), resps: resps.length, respShapes: shapes(resps) }));
  `;
  const child = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout);
}

describe('hot-path object shapes', () => {
  it('API requests and responses share a few hidden classes', () => {
    const got = shapes(join(ROOT, 'dist'));
    expect(got.control).toBe(2);
    expect(got.reqs).toBeGreaterThan(500);
    expect(got.reqShapes).toBeLessThanOrEqual(16);
    expect(got.respShapes).toBeLessThanOrEqual(16);
  });
});
