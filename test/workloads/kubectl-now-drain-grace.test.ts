/**
 * `kubectl delete --now` and `kubectl drain --grace-period=N`, with kubectl's rules:
 * kubectl/pkg/cmd/delete/delete.go DeleteOptions.Complete (--now is --grace-period=1 and conflicts with
 * any other --grace-period; 0 without --force becomes 1; --force alone is 0) and Validate (--force with a
 * grace period above 0 is an error); kubectl/pkg/drain/drain.go Helper.makeDeleteOptions (a --grace-period
 * >= 0 goes into every Eviction's DeleteOptions, -1 leaves each pod's own terminationGracePeriodSeconds).
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/index.ts';
import type { Trace } from '../../src/trace/types.ts';
import { failed, run, timeOf } from './helpers.ts';

const SLEEPER = `      - apiVersion: v1
        kind: Pod
        metadata: { name: sleeper }
        spec:
          terminationGracePeriodSeconds: 30
          containers:
            - { name: main, image: "busybox:1.36", command: [sleep, "3600"] }
`;

const deleteScenario = (steps: string): string => `kubescene: v1
name: t
cluster:
  kubernetes: "1.31"
  nodes:
    - { name: worker-1, images: ["busybox:1.36"] }
files:
  pods.yaml:
    apiVersion: v1
    kind: List
    items:
${SLEEPER}steps:
  - kubectl: apply -f pods.yaml
  - kubectl: wait --for=condition=ready pod --all --timeout=60s
${steps}`;

/** The exits of the pod's container `main`: [time, exit code]. */
const exits = (t: Trace, pod: string): [number, number][] =>
  t.events.filter((e) => e.action === 'container-exit' && e.from === `container:default/${pod}/main`).map((e) => [e.t, Number(e.attrs?.exitCode)]);

describe('kubectl delete --now (delete.go Complete: --grace-period=1)', () => {
  it('sends gracePeriodSeconds 1; the kubelet still gives SIGTERM its 2 s minimum, then SIGKILL (137)', () => {
    const t = run(deleteScenario('  - kubectl: delete pod sleeper --now --wait=false\n    expect:\n      - object: pod/sleeper\n        path: metadata.deletionGracePeriodSeconds\n        equals: 1\n  - advance: 5s\n'));
    expect(failed(t)).toEqual([]);
    expect(t.steps[2]!.output).toBe('pod "sleeper" deleted\n');
    expect(t.steps[2]!.error ?? '').toBe('');
    const stop = timeOf(t, 'StopContainer main (timeout 2s)');
    expect(stop).toBeDefined();
    expect(exits(t, 'sleeper')[0]).toEqual([stop! + 2000, 137]);
  });

  it('is a boolean flag: `delete --now pod sleeper` reads `pod sleeper` as the type and name', () => {
    const t = run(deleteScenario('  - kubectl: delete --now pod sleeper\n'));
    expect(t.steps[2]!.exitCode).toBe(0);
    expect(t.steps[2]!.output).toBe('pod "sleeper" deleted\n');
  });

  it('validates: delete --now and drain --grace-period are modelled flags (no kubectl-not-modelled diagnostic)', () => {
    for (const cmd of ['delete pod sleeper --now', 'drain worker-1 --grace-period=5']) {
      const r = parseScenario(deleteScenario(`  - kubectl: ${cmd}\n`), 'test.yaml', () => undefined);
      expect(r.ok ? r.warnings.map((d) => d.message) : r.diagnostics.map((d) => d.message)).toEqual([]);
    }
  });

  it('--now with --grace-period is kubectl\'s error, exit 1, and nothing is deleted', () => {
    const t = run(deleteScenario('  - kubectl: delete pod sleeper --now --grace-period=5\n    expect:\n      - exit: 1\n  - kubectl: get pod sleeper -o name\n'));
    expect(failed(t)).toEqual([]);
    expect(t.steps[2]!.error).toBe('error: --now and --grace-period cannot be specified together\n');
    expect(t.steps[3]!.output).toBe('pod/sleeper\n');
  });

  it('--now --grace-period=-1 is allowed (-1 is the flag\'s default)', () => {
    const t = run(deleteScenario('  - kubectl: delete pod sleeper --now --grace-period=-1 --wait=false\n    expect:\n      - object: pod/sleeper\n        path: metadata.deletionGracePeriodSeconds\n        equals: 1\n'));
    expect(failed(t)).toEqual([]);
  });

  it('--now with --force: Validate refuses --force with a grace period above 0', () => {
    const t = run(deleteScenario('  - kubectl: delete pod sleeper --now --force\n    expect:\n      - exit: 1\n'));
    expect(failed(t)).toEqual([]);
    expect(t.steps[2]!.error).toBe('error: --force and --grace-period greater than 0 cannot be specified together\n');
  });
});

const drainScenario = (flags: string): string => `kubescene: v1
name: t
cluster:
  kubernetes: "1.31"
  nodes:
    - { name: worker-1, images: ["busybox:1.36"] }
    - { name: worker-2, images: ["busybox:1.36"] }
files:
  app.yaml:
    apiVersion: apps/v1
    kind: Deployment
    metadata: { name: app }
    spec:
      replicas: 1
      selector: { matchLabels: { app: a } }
      template:
        metadata: { labels: { app: a } }
        spec:
          nodeSelector: { kubernetes.io/hostname: worker-2 }
          terminationGracePeriodSeconds: 30
          containers:
            - { name: main, image: "busybox:1.36", command: [sleep, "3600"] }
steps:
  - kubectl: apply -f app.yaml
  - wait: { for: condition=Available, object: deployment/app }
  - kubectl: drain worker-2${flags}
`;

/** The drained pod's container exits: [time, exit code]. */
const appExits = (t: Trace): [number, number][] =>
  t.events.filter((e) => e.action === 'container-exit' && /^container:default\/app-[a-z0-9-]+\/main$/.test(e.from)).map((e) => [e.t, Number(e.attrs?.exitCode)]);

describe('kubectl drain --grace-period (drain.go makeDeleteOptions → the Eviction\'s DeleteOptions)', () => {
  it('--grace-period=3: the evicted pod gets deletionGracePeriodSeconds 3 and `sleep` is killed after 3 s, not 30 s', () => {
    const t = run(drainScenario(' --grace-period=3'));
    const step = t.steps[2]!;
    expect(step.exitCode).toBe(0);
    expect(step.output).toMatch(/^node\/worker-2 cordoned\nevicting pod default\/app-[a-z0-9-]+\npod\/app-[a-z0-9-]+ evicted\nnode\/worker-2 drained\n$/);
    const eviction = t.events.find((e) => e.type === 'request' && e.summary.includes('eviction') && e.from.startsWith('kubectl'));
    expect(eviction).toBeDefined();
    const stop = timeOf(t, 'StopContainer main (timeout 3s)');
    expect(stop).toBeDefined();
    expect(appExits(t)[0]).toEqual([stop! + 3000, 137]);
    expect(step.endMs - step.startMs).toBeLessThan(10_000);
  });

  it('without --grace-period (-1) the pod\'s own 30 s apply', () => {
    const t = run(drainScenario(''));
    expect(t.steps[2]!.exitCode).toBe(0);
    const stop = timeOf(t, 'StopContainer main (timeout 30s)');
    expect(stop).toBeDefined();
    expect(appExits(t)[0]).toEqual([stop! + 30_000, 137]);
  });

  it('a --grace-period that is not a number is kubectl\'s flag error, exit 1, before the node is cordoned', () => {
    const t = run(drainScenario(' --grace-period=soon'));
    expect(t.steps[2]!.exitCode).toBe(1);
    expect(t.steps[2]!.error).toBe('error: invalid argument "soon" for "--grace-period" flag: strconv.ParseInt: parsing "soon": invalid syntax\n');
    expect(t.steps[2]!.output ?? '').toBe('');
  });
});
