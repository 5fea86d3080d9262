/**
 * The run budget (issue 12, item 7): a scenario that would run for hours or
 * exhaust memory stops with a located `run-budget` diagnostic, exit 2, and
 * nothing written. The budgets here are lowered through the documented
 * environment variables so the test is quick; the mechanism is the same.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetFromEnv, DEFAULT_BUDGET } from '../../src/common/budget.ts';
import { runBin } from '../helpers/bin.ts';

/** Through the real binary, with the budget lowered through the environment. */
const run = (args: string[], cwd: string, env: Record<string, string>) => runBin(args, { cwd, env });

const MANY_REPLICAS = `kubescene: v1
name: runaway
title: Ten million replicas
cluster:
  nodes:
    - { name: worker-1 }
files:
  web.yaml: |
    apiVersion: apps/v1
    kind: Deployment
    metadata: { name: web }
    spec:
      replicas: 10000000
      selector: { matchLabels: { app: web } }
      template:
        metadata: { labels: { app: web } }
        spec:
          containers:
            - { name: web, image: nginx:1.27 }
steps:
  - kubectl: apply -f web.yaml
`;

const LONG_ADVANCE = `kubescene: v1
name: forever
title: Ten thousand hours
cluster:
  nodes:
    - { name: worker-1 }
steps:
  - advance: 10000h
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ks-budget-'));
  await writeFile(join(dir, 'runaway.yaml'), MANY_REPLICAS);
  await writeFile(join(dir, 'forever.yaml'), LONG_ADVANCE);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('run budget', () => {
  it('reads overrides from the environment and reports bad values', () => {
    expect(budgetFromEnv({})).toEqual({ budget: { ...DEFAULT_BUDGET }, problems: [] });
    expect(budgetFromEnv({ KUBESCENE_MAX_EVENTS: '5000', KUBESCENE_MAX_TASKS: '9' }).budget).toEqual({ events: 5000, tasks: 9 });
    const bad = budgetFromEnv({ KUBESCENE_MAX_EVENTS: '-3' });
    expect(bad.budget.events).toBe(DEFAULT_BUDGET.events);
    expect(bad.problems[0]).toContain('KUBESCENE_MAX_EVENTS="-3" is not a positive integer');
  });

  it('replicas: 10000000 stops at the event budget, located at the step, exit 2, no trace written', async () => {
    const out = join(dir, 'runaway.trace.json');
    const r = await run(['trace', 'runaway.yaml', '-o', out], dir, { KUBESCENE_MAX_EVENTS: '20000' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('runaway.yaml:21:5: error[run-budget]: step 1');
    expect(r.stderr).toContain('needs more than 20,000 trace events');
    expect(r.stderr).toContain('KUBESCENE_MAX_EVENTS');
    expect(existsSync(out)).toBe(false);
  });

  it('the task budget stops a step too (timers, watch deliveries, syncs)', async () => {
    const r = await run(['trace', 'runaway.yaml'], dir, { KUBESCENE_MAX_TASKS: '5000' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('runaway.yaml:21:5: error[run-budget]: step 1 (kubectl apply -f web.yaml) needs more than 5,000 scheduled tasks');
    expect(r.stdout).toBe('');
  });

  it('advance: 10000h of an idle cluster stays within the default budget (time jumps, nothing polls)', async () => {
    const r = await run(['trace', 'forever.yaml', '-o', '-'], dir, {});
    expect(r.code).toBe(0);
    // `-o -` is stdout, as in render (not a file named "-").
    expect(existsSync(join(dir, '-'))).toBe(false);
    expect(r.stdout).toContain('"command": "advance 36000000s"');
  });

  it('build reports the scenario as failed and writes nothing for it', async () => {
    const out = join(dir, 'gallery');
    const r = await run(['build', 'runaway.yaml', '--out', out], dir, { KUBESCENE_MAX_EVENTS: '20000' });
    expect(r.code).toBe(2);
    const said = r.stdout + r.stderr;
    expect(said).toContain('runaway: nothing written: runaway.yaml:21:5: step 1');
    expect(said).toContain('0 built');
    const written = existsSync(join(out, 'runaway')) ? await readdir(join(out, 'runaway')) : [];
    expect(written).toEqual([]);
  });
});
