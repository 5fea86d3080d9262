/**
 * Rollouts in the simulated cluster: the exact sequence of ReplicaSet scale
 * steps the Deployment controller produces, Recreate, revision history,
 * undo, restart, and kubectl's own output.
 */
import { describe, expect, it } from 'vitest';
import { deployment, failed, kubeEvents, NODES, run, timeOf } from './helpers.ts';

/** "Scaled up replica set web-abc from 0 to 3" → ["new"|"old", from, to] relative to the first rollout's new RS. */
function steps(messages: string[], newRs: string): [string, number, number][] {
  return messages.map((m) => {
    const x = /replica set (\S+) from (\d+) to (\d+)/.exec(m)!;
    return [x[1] === newRs ? 'new' : 'old', Number(x[2]), Number(x[3])];
  });
}

describe('RollingUpdate', () => {
  it('replicas 10, maxSurge 25%, maxUnavailable 25%: the simulated controller’s sequence stays within 13 pods / 8 available', () => {
    const t = run(`kubescene: v1
${NODES}
files:${deployment({ replicas: 10, probe: true })}
steps:
  - kubectl: apply -f web.yaml
  - kubectl: rollout status deployment/web
  - kubectl: set image deployment/web nginx=nginx:1.28
  - kubectl: rollout status deployment/web
    expect:
      - output: 'deployment "web" successfully rolled out'
`);
    expect(failed(t)).toEqual([]);
    const msgs = kubeEvents(t, 'ScalingReplicaSet').slice(1);
    const newRs = /replica set (\S+)/.exec(msgs[0]!)![1]!;
    // surge = ceil(2.5) = 3, unavailable = floor(2.5) = 2. The first sync creates the new
    // ReplicaSet with 3 and scales the old one to 8, as rolling.go does; after that each pod
    // that passes its readiness probe (a few ms apart) triggers a sync of its own.
    const expected: [string, number, number][] = [
      ['new', 0, 3],
      ['old', 10, 8],
      ['new', 3, 5],
      ['old', 8, 7],
      ['new', 5, 6],
      ['old', 7, 5],
      ['new', 6, 8],
      ['old', 5, 3],
      ['new', 8, 10],
      ['old', 3, 2],
      ['old', 2, 1],
      ['old', 1, 0],
    ];
    // The Deployment's ScalingReplicaSet Events: after 10 different messages in 10 minutes the recorder
    // combines the rest into one "(combined from similar events): …" Event (client-go EventAggregator),
    // whose count grows and whose message is the last one.
    const plain = msgs.filter((m) => !m.startsWith('(combined from similar events): '));
    expect(steps(plain, newRs)).toEqual(expected.slice(0, 8));
    expect(msgs.slice(8)).toEqual(Array(4).fill(`(combined from similar events): ${plain[1]!.replace(/ from \d+ to \d+$/, ' from 1 to 0').replace('Scaled up', 'Scaled down').replace(/replica set \S+/, /replica set \S+/.exec(plain[1]!)![0])}`));
    let [n, o] = [0, 10];
    for (const [which, , to] of expected) {
      if (which === 'new') n = to;
      else o = to;
      expect(n + o).toBeLessThanOrEqual(13);
      expect(n + o).toBeGreaterThanOrEqual(8);
    }
  });

  it('maxSurge 0 / maxUnavailable 1 replaces one pod at a time, old first', () => {
    const t = run(`kubescene: v1
${NODES}
files:${deployment({ replicas: 3, probe: true, strategy: '{ type: RollingUpdate, rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } }' })}
steps:
  - kubectl: apply -f web.yaml
  - kubectl: rollout status deployment/web
  - kubectl: set image deployment/web nginx=nginx:1.28
  - kubectl: rollout status deployment/web
`);
    const msgs = kubeEvents(t, 'ScalingReplicaSet').slice(1);
    const newRs = /replica set (\S+)/.exec(msgs.find((m) => m.includes('from 0 to'))!)![1]!;
    expect(steps(msgs, newRs)).toEqual([
      ['old', 3, 2],
      ['new', 0, 1],
      ['old', 2, 1],
      ['new', 1, 2],
      ['old', 1, 0],
      ['new', 2, 3],
    ]);
  });

  it('rollout status prints kubectl’s progress lines while readiness gates the rollout', () => {
    const t = run(`kubescene: v1
${NODES}
files:${deployment({ replicas: 3, probe: true })}
steps:
  - kubectl: apply -f web.yaml
  - kubectl: rollout status deployment/web
`);
    const out = t.steps[1]!.output!;
    expect(out.split('\n')[0]).toBe('Waiting for deployment "web" rollout to finish: 0 of 3 updated replicas are available...');
    expect(out.trimEnd().split('\n').at(-1)).toBe('deployment "web" successfully rolled out');
    expect(t.steps[1]!.exitCode).toBe(0);
    // The readiness probes fired while kubectl waited (5 s after the containers started).
    expect(t.steps[1]!.endMs - t.steps[1]!.startMs).toBeGreaterThan(4000);
  });
});

describe('Recreate', () => {
  it('scales every old pod away before the new ReplicaSet exists', () => {
    const t = run(`kubescene: v1
${NODES}
files:${deployment({ replicas: 3, strategy: '{ type: Recreate }' })}
steps:
  - kubectl: apply -f web.yaml
  - kubectl: set image deployment/web nginx=nginx:1.28
`);
    const msgs = kubeEvents(t, 'ScalingReplicaSet');
    expect(msgs).toHaveLength(3);
    expect(msgs[1]).toMatch(/^Scaled down replica set web-\w+ from 3 to 0$/);
    expect(msgs[2]).toMatch(/^Scaled up replica set web-\w+ from 0 to 3$/);
    const lastOldPodGone = Math.max(...t.events.filter((e) => e.step === 2 && e.summary.includes('(grace 0)')).map((e) => e.t));
    const newRsCreated = t.events.find((e) => e.step === 2 && e.summary.startsWith('POST replicasets'))!.t;
    expect(lastOldPodGone).toBeGreaterThan(0);
    expect(newRsCreated).toBeGreaterThan(lastOldPodGone);
  });
});

describe('history, undo, restart, set image', () => {
  const base = `kubescene: v1
${NODES}
files:${deployment({ replicas: 2, extra: '      revisionHistoryLimit: 1\n' })}
steps:
  - kubectl: apply -f web.yaml
  - kubectl: set image deployment/web nginx=nginx:1.28
  - kubectl: set image deployment/web nginx=nginx:1.29
  - kubectl: rollout history deployment/web
  - kubectl: rollout undo deployment/web
  - kubectl: rollout history deployment/web
  - kubectl: rollout restart deployment/web
  - kubectl: get rs
  - kubectl: get deployment web -o yaml
`;

  it('keeps revisionHistoryLimit old ReplicaSets, renumbers the one undo brings back, stamps restartedAt', () => {
    const t = run(`${base}  - expect:
      - object: deployment/web
        path: metadata.annotations["deployment.kubernetes.io/revision"]
        equals: "5"
      - object: deployment/web
        path: spec.template.spec.containers[0].image
        equals: nginx:1.28
`);
    expect(failed(t)).toEqual([]);
    expect(t.steps[1]!.output).toBe('deployment.apps/web image updated\n');
    // Revision 1 was cleaned up (limit 1): only 2 and 3 are left.
    expect(t.steps[3]!.output).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n');
    expect(t.steps[4]!.output).toBe('deployment.apps/web rolled back\n');
    expect(t.steps[5]!.output).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n3         <none>\n4         <none>\n');
    expect(t.steps[6]!.output).toBe('deployment.apps/web restarted\n');
    // restartedAt is the simulated time of the command (RFC 3339), never the wall clock.
    const at = new Date(Date.UTC(2025, 0, 1) + Math.floor(t.steps[6]!.startMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    expect(t.steps[8]!.output).toContain(`kubectl.kubernetes.io/restartedAt: "${at}"`);
    // At most revisionHistoryLimit (1) old ReplicaSets remain next to the current one.
    const rsLines = t.steps[7]!.output!.trim().split('\n').slice(1);
    expect(rsLines).toHaveLength(2);
    expect(timeOf(t, '(revisionHistoryLimit)', 'deployment-controller')).toBeDefined();
  });

  it('reports kubectl’s errors', () => {
    const t = run(`kubescene: v1
${NODES}
files:${deployment({ replicas: 1 })}
steps:
  - kubectl: apply -f web.yaml
  - kubectl: set image deployment/web php=php:8
    expect: { exit: 1 }
  - kubectl: rollout undo deployment/web
    expect: { exit: 1 }
  - kubectl: rollout status deployment/nope
    expect: { exit: 1 }
  - kubectl: rollout undo deployment/web --to-revision=7
    expect: { exit: 1 }
`);
    expect(t.steps[1]!.error).toBe('error: unable to find container named "php"\n');
    expect(t.steps[1]!.exitCode).toBe(1);
    expect(t.steps[2]!.error).toBe('error: no rollout history found for deployment "web"\n');
    expect(t.steps[3]!.error).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect(t.steps[4]!.error).toBe('error: unable to find specified revision 7 in history\n');
    expect(t.outcome.passed).toBe(true);
  });
});

describe('waiting lets time pass', () => {
  it('a wait step fires readiness probes until the Deployment is Available', () => {
    const t = run(`kubescene: v1
${NODES}
files:${deployment({ replicas: 2, probe: true })}
steps:
  - kubectl: apply -f web.yaml
    expect:
      - pods: { selector: app=web, ready: false, count: 2 }
  - wait: { for: condition=Available, object: deployment/web, timeout: 1m }
    expect:
      - pods: { selector: app=web, ready: true, count: 2 }
`);
    expect(failed(t)).toEqual([]);
    expect(t.steps[1]!.output).toBe('deployment.apps/web condition met\n');
  });

  it('rollout restart rolls every pod through a new ReplicaSet', () => {
    const t = run(`kubescene: v1
${NODES}
files:${deployment({ replicas: 2 })}
steps:
  - kubectl: apply -f web.yaml
  - kubectl: rollout restart deployment/web
  - kubectl: rollout history deployment/web
`);
    expect(t.steps[1]!.output).toBe('deployment.apps/web restarted\n');
    expect(t.steps[2]!.output).toContain('2         <none>');
    expect(kubeEvents(t, 'ScalingReplicaSet').filter((m) => m.includes('Scaled down')).at(-1)).toMatch(/from 1 to 0$/);
  });
});
