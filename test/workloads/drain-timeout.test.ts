/**
 * `kubectl drain --timeout` (k8s.io/kubectl/pkg/drain/drain.go evictPods): a
 * 429 eviction is retried every 5 s, each round printing "evicting pod ns/x"
 * before it checks the global timeout, and the timeout ends it with
 * "error when evicting pods/%q -n %q: global timeout reached: %v". Any
 * timeout is honoured (the clock is simulated), not only those below the
 * step's 10-minute settle horizon. Timeout 0 (the default) is math.MaxInt64
 * in kubectl: it waits forever; the model stops it after DRAIN_MAX_MS and says so.
 */
import { describe, expect, it } from 'vitest';
import { DRAIN_MAX_MS } from '../../src/cluster/kubectl/node-maintenance.ts';
import { run } from './helpers.ts';

const SCENARIO = (timeout: string): string => `kubescene: v1
name: drain-timeout
seed: 0
cluster:
  kubernetes: "1.31"
  nodes:
    - { name: worker-1, images: ["postgres:16"] }
    - { name: worker-2, images: ["postgres:16"] }
files:
  db.yaml:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: { name: db }
      spec:
        replicas: 1
        selector: { matchLabels: { app: db } }
        template:
          metadata: { labels: { app: db } }
          spec:
            nodeSelector: { kubernetes.io/hostname: worker-2 }
            containers:
              - { name: postgres, image: "postgres:16" }
    - apiVersion: policy/v1
      kind: PodDisruptionBudget
      metadata: { name: db }
      spec:
        minAvailable: 1
        selector: { matchLabels: { app: db } }
steps:
  - kubectl: apply -f db.yaml
  - wait: { for: condition=Available, object: deployment/db }
  - kubectl: drain worker-2${timeout}
`;

function drainStep(timeout: string) {
  const t = run(SCENARIO(timeout));
  const step = t.steps[2]!;
  return { step, retries: (step.error ?? '').split('\n').filter((l) => l.includes('(will retry after 5s)')).length };
}

describe('kubectl drain --timeout (drain.go evictPods)', () => {
  it('--timeout=15m: retries for 15 minutes of simulated time, then the global-timeout error', () => {
    const { step, retries } = drainStep(' --timeout=15m');
    expect(step.exitCode).toBe(1);
    // One 429 every 5 s for 15 min: attempts at 0, 5, …, 895 s, then a last round at 900 s ends it.
    expect(retries).toBe(180);
    expect(step.endMs - step.startMs).toBeGreaterThanOrEqual(15 * 60_000);
    expect(step.error).toMatch(/error when evicting pods\/"db-[a-z0-9-]+" -n "default": global timeout reached: 15m0s/);
    expect((step.output ?? '').split('\n').filter((l) => l.startsWith('evicting pod default/db-')).length).toBe(181);
  });

  it('--timeout=30s: the same, after 30 s', () => {
    const { step, retries } = drainStep(' --timeout=30s');
    expect(retries).toBe(6);
    expect(step.error).toContain('global timeout reached: 30s');
  });

  it('no --timeout: kubectl waits forever; the model stops after DRAIN_MAX_MS and says so, without a kubectl timeout message', () => {
    const { step, retries } = drainStep('');
    expect(DRAIN_MAX_MS).toBe(9 * 60_000);
    expect(retries).toBe(DRAIN_MAX_MS / 5000);
    expect(step.exitCode).toBe(1);
    expect(step.error).not.toContain('global timeout reached');
    expect(step.error).toContain('kubescene stopped the drain after 9m0s (kubectl without --timeout waits forever)');
  });
});
