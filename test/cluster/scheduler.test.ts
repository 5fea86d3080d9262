import { describe, expect, it } from 'vitest';
import { trace } from './helpers.ts';

const pod = (name: string, cpu: string) => `apiVersion: v1
kind: Pod
metadata: { name: ${name}, labels: { app: ${name} } }
spec:
  containers: [{ name: c, image: "busybox:1.36", resources: { requests: { cpu: "${cpu}" } } }]
`;

describe('kube-scheduler queue', () => {
  it('parks an unschedulable pod and retries it when the cluster changes', () => {
    const t = trace(
      `kubescene: v1
name: t
cluster:
  nodes: [{ name: worker-1, cpu: "4", memory: 8Gi, images: ["busybox:1.36"] }]
steps:
  - kubectl: apply -f a.yaml
  - kubectl: apply -f b.yaml
    expect:
      - pods: { selector: app=b, phase: Pending, count: 1 }
      - event: { reason: FailedScheduling, message: "0/1 nodes are available: 1 Insufficient cpu." }
  - kubectl: delete pod a
  - expect:
      - pods: { selector: app=b, phase: Running, node: worker-1, count: 1 }
`,
      { 'a.yaml': pod('a', '3'), 'b.yaml': pod('b', '2') },
    );
    expect(t.outcome.expectations.filter((e) => !e.passed)).toEqual([]);
    const step3 = t.events.filter((e) => e.step === 3);
    const deleted = step3.find((e) => e.to === 'kube-scheduler' && e.summary === 'DELETED pod/a')!;
    const retry = step3.find((e) => e.from === 'kube-scheduler' && e.phase === 'filter')!;
    expect(retry.summary).toBe('filter: 1/1 nodes fit b');
    // Back-off: the first retry waits 1 s after the event that made room.
    expect(retry.t - deleted.t).toBeGreaterThanOrEqual(1000);
    expect(t.outcome.kubeEvents.filter((e) => e.reason === 'Scheduled').map((e) => e.message)).toEqual(['Successfully assigned default/a to worker-1', 'Successfully assigned default/b to worker-1']);
  });

  it('records filter, score and bind phases and the Binding POST', () => {
    const t = trace(
      `kubescene: v1
name: t
cluster:
  nodes:
    - { name: worker-1, cpu: "4", memory: 8Gi }
    - { name: worker-2, cpu: "4", memory: 8Gi, taints: ["dedicated=db:NoSchedule"] }
steps:
  - kubectl: apply -f a.yaml
`,
      { 'a.yaml': pod('a', '1') },
    );
    const sched = t.events.filter((e) => e.from === 'kube-scheduler');
    expect(sched.slice(0, 4).map((e) => e.phase ?? `${e.type} ${e.summary}`)).toEqual(['filter', 'score', 'bind', 'request POST pods/binding a → worker-1']);
    expect(sched[0]!.attrs).toMatchObject({ 'filtered.worker-2': 'node(s) had untolerated taint {dedicated: db}' });
    expect(sched[3]!.path).toBe('/api/v1/namespaces/default/pods/a/binding');
  });
});
