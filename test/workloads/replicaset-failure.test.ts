/**
 * The ReplicaSet controller's ReplicaFailure condition
 * (pkg/controller/replicaset/replica_set_utils.go calculateStatus): a failed
 * create sets ReplicaFailure=True, reason FailedCreate, message the API error;
 * a later clean sync removes it. `kubectl describe rs` lists it under
 * Conditions (describe.go ReplicaSetDescriber).
 */
import { describe, expect, it } from 'vitest';
import { failed, run } from './helpers.ts';
import { replicaFailureConditions } from '../../src/cluster/components/controllers/replicaset.ts';

const SCENARIO = `kubescene: v1
name: rs-failure
seed: 0
cluster:
  kubernetes: "1.31"
  nodes:
    - { name: worker-1, images: ["nginx:1.27"] }
files:
  rs.yaml:
    - apiVersion: apps/v1
      kind: ReplicaSet
      metadata: { name: web }
      spec:
        replicas: 2
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            serviceAccountName: foo
            containers: [{ name: nginx, image: "nginx:1.27" }]
  sa.yaml:
    - apiVersion: v1
      kind: ServiceAccount
      metadata: { name: foo }
steps:
  - kubectl: apply -f rs.yaml
  - advance: 2s
  - kubectl: get rs web -o yaml
  - kubectl: describe rs web
  - kubectl: apply -f sa.yaml
  - advance: 5s
    expect:
      - pods: { selector: app=web, phase: Running, count: 2 }
  - kubectl: get rs web -o yaml
  - kubectl: describe rs web
`;

describe('ReplicaSet ReplicaFailure condition', () => {
  it('calculateStatus: set once on error (kept as is while errors go on), removed on a clean sync', () => {
    const a = replicaFailureConditions(undefined, 'boom', 't0');
    expect(a).toEqual([{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: 't0', reason: 'FailedCreate', message: 'boom' }]);
    expect(replicaFailureConditions(a, 'other', 't1')).toEqual(a);
    expect(replicaFailureConditions(a, undefined, 't2')).toEqual([]);
    expect(replicaFailureConditions(undefined, undefined, 't2')).toEqual([]);
  });

  it('a forbidden pod create shows in get -o yaml and describe rs, and is cleared once pods can be created', () => {
    const t = run(SCENARIO);
    expect(failed(t)).toEqual([]);
    const outs = t.steps.filter((s) => s.kind === 'kubectl').map((s) => s.output ?? '');
    const [yaml1, desc1, , yaml2, desc2] = [outs[1]!, outs[2]!, outs[3], outs[4]!, outs[5]!];
    expect(yaml1).toMatch(/conditions:\n  - lastTransitionTime: "[^"]+"\n    message: 'pods "web-" is forbidden: error looking up service account\s+default\/foo: serviceaccount "foo" not found'\n    reason: FailedCreate\n    status: "True"\n    type: ReplicaFailure\n/);
    expect(desc1).toMatch(/Conditions:\n  Type +Status +Reason\n  -+ +-+ +-+\n  ReplicaFailure +True +FailedCreate\n/);
    expect(yaml2).not.toContain('ReplicaFailure');
    expect(desc2).not.toContain('Conditions:');
  });
});
