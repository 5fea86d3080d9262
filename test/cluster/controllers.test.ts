import { describe, expect, it } from 'vitest';
import { computePodTemplateHash } from '../../src/cluster/core/algorithms/podTemplateHash.ts';
import { trace } from './helpers.ts';

const WEB = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: REPLICAS
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
`;

function scenarioText(steps: string, opts: { nodes?: number; kubernetes?: string } = {}): string {
  const nodes = Array.from({ length: opts.nodes ?? 2 }, (_, i) => `    - { name: worker-${i + 1}, cpu: "8", memory: 16Gi, images: ["nginx:1.27"] }`).join('\n');
  return `kubescene: v1\nname: t\ncluster:\n  kubernetes: "${opts.kubernetes ?? '1.31'}"\n  nodes:\n${nodes}\nsteps:\n${steps}`;
}

describe('Deployment and ReplicaSet controllers', () => {
  it('names the ReplicaSet <deployment>-<pod-template-hash> and pods <rs>-<5 chars>', () => {
    const t = trace(scenarioText('  - kubectl: apply -f web.yaml\n'), { 'web.yaml': WEB.replace('REPLICAS', '3') });
    const rs = t.outcome.objects.find((o) => o.kind === 'ReplicaSet')!;
    expect(rs.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(rs.owner).toBe('Deployment/web');
    const hash = rs.name.slice('web-'.length);
    expect(t.outcome.pods).toHaveLength(3);
    for (const p of t.outcome.pods) {
      expect(p.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.owner).toBe(`ReplicaSet/${rs.name}`);
      expect(p.phase).toBe('Running');
      expect(p.ip).toMatch(/^10\.244\.\d+\.\d+$/);
    }
    expect(t.outcome.kubeEvents.filter((e) => e.reason === 'SuccessfulCreate').map((e) => e.message).sort()).toEqual(t.outcome.pods.map((p) => `Created pod: ${p.name}`).sort());
    expect(t.outcome.kubeEvents.find((e) => e.reason === 'ScalingReplicaSet')!.message).toBe(`Scaled up replica set ${rs.name} from 0 to 3`);
    // The hash is a function of the (defaulted) template only: a different image gives another one.
    expect(computePodTemplateHash({ a: 1 })).not.toBe(computePodTemplateHash({ a: 2 }));
  });

  it('uses the 1.23 wording for ScalingReplicaSet under the 1.23 profile', () => {
    const t = trace(scenarioText('  - kubectl: apply -f web.yaml\n', { kubernetes: '1.23' }), { 'web.yaml': WEB.replace('REPLICAS', '2') });
    expect(t.outcome.kubeEvents.find((e) => e.reason === 'ScalingReplicaSet')!.message).toMatch(/^Scaled up replica set web-\w+ to 2$/);
  });

  it('creates pods in slow-start batches 1, 2, 4, 8', () => {
    const t = trace(scenarioText('  - kubectl: apply -f web.yaml\n', { nodes: 3 }), { 'web.yaml': WEB.replace('REPLICAS', '10') });
    const creates = t.events.filter((e) => e.type === 'request' && e.from === 'replicaset-controller' && e.summary === 'POST pods');
    const byTime = new Map<number, number>();
    for (const e of creates) byTime.set(e.t, (byTime.get(e.t) ?? 0) + 1);
    expect([...byTime.values()]).toEqual([1, 2, 4, 3]);
    expect(t.outcome.pods.filter((p) => p.phase === 'Running')).toHaveLength(10);
  });

  it('scales with kubectl scale and reports status', () => {
    const t = trace(
      scenarioText(`  - kubectl: apply -f web.yaml
  - kubectl: scale deployment/web --replicas=5
    expect:
      output: deployment.apps/web scaled
  - kubectl: scale deployment web --replicas=1
  - expect:
      - pods: { selector: app=web, count: 1 }
      - object: deployment/web
        path: status.replicas
        equals: 1
`),
      { 'web.yaml': WEB.replace('REPLICAS', '2') },
    );
    expect(t.outcome.expectations.filter((e) => !e.passed)).toEqual([]);
    const scaling = t.outcome.kubeEvents.filter((e) => e.reason === 'ScalingReplicaSet').map((e) => e.message.replace(/web-\w+/, 'web-H'));
    expect(scaling).toEqual(['Scaled up replica set web-H from 0 to 2', 'Scaled up replica set web-H from 2 to 5', 'Scaled down replica set web-H from 5 to 1']);
    expect(t.outcome.kubeEvents.filter((e) => e.reason === 'SuccessfulDelete')).toHaveLength(4);
    expect(t.outcome.kubeEvents.filter((e) => e.reason === 'Killing')).toHaveLength(4);
  });

  it('garbage-collects ReplicaSets and Pods when the Deployment is deleted (background cascade)', () => {
    const t = trace(
      scenarioText(`  - kubectl: apply -f web.yaml
  - kubectl: delete deployment web
    expect:
      output: deployment.apps "web" deleted
  - expect:
      - object: deployment/web
        path: ''
        exists: false
`),
      { 'web.yaml': WEB.replace('REPLICAS', '2') },
    );
    expect(t.outcome.expectations.filter((e) => !e.passed)).toEqual([]);
    expect(t.outcome.objects.filter((o) => ['Deployment', 'ReplicaSet', 'Pod'].includes(o.kind))).toEqual([]);
    const step2 = t.events.filter((e) => e.step === 2);
    expect(step2.some((e) => e.from === 'garbage-collector' && e.summary.startsWith('DELETE replicasets'))).toBe(true);
    expect(step2.filter((e) => e.from === 'garbage-collector' && e.summary.startsWith('DELETE pods'))).toHaveLength(2);
    expect(step2.filter((e) => e.to === 'etcd' && e.summary.startsWith('delete /registry/pods/'))).toHaveLength(2);
  });

  it('deletes in the foreground: the owner goes last', () => {
    const t = trace(scenarioText(`  - kubectl: apply -f web.yaml
  - kubectl: delete deployment web --cascade=foreground
`), { 'web.yaml': WEB.replace('REPLICAS', '1') });
    const deletes = t.events.filter((e) => e.step === 2 && e.type === 'request' && e.to === 'etcd' && e.summary.startsWith('delete '));
    expect(deletes.at(-1)!.summary).toBe('delete /registry/deployments/default/web');
    expect(t.outcome.objects.filter((o) => o.kind !== 'ServiceAccount')).toEqual([]);
  });

  it('orphans: the owner goes, its ReplicaSet and Pods stay without an ownerReference', () => {
    const t = trace(scenarioText(`  - kubectl: apply -f web.yaml
  - kubectl: delete deployment web --cascade=orphan
`), { 'web.yaml': WEB.replace('REPLICAS', '2') });
    expect(t.steps[1]).toMatchObject({ exitCode: 0, output: 'deployment.apps "web" deleted\n' });
    expect(t.outcome.objects.find((o) => o.kind === 'Deployment')).toBeUndefined();
    const rs = t.outcome.objects.find((o) => o.kind === 'ReplicaSet')!;
    expect(rs.owner).toBeUndefined();
    expect(t.outcome.pods.filter((p) => p.phase === 'Running')).toHaveLength(2);
    expect(t.events.some((e) => e.step === 2 && e.from === 'garbage-collector' && e.summary.includes('(orphan)'))).toBe(true);
  });

  it('ReplicationControllers (guestbook-go style) are managed too', () => {
    const rc = `apiVersion: v1
kind: ReplicationController
metadata: { name: redis }
spec:
  replicas: 2
  template:
    metadata: { labels: { app: redis } }
    spec: { containers: [{ name: redis, image: "redis:7.2" }] }
`;
    const t = trace(scenarioText('  - kubectl: apply -f rc.yaml\n'), { 'rc.yaml': rc });
    expect(t.outcome.pods.map((p) => p.owner)).toEqual(['ReplicationController/redis', 'ReplicationController/redis']);
    expect(t.outcome.pods.every((p) => p.phase === 'Running' && /^redis-[a-z0-9]{5}$/.test(p.name))).toBe(true);
  });

  it('creates EndpointSlices for Services and kube-proxies program rules', () => {
    const svc = `apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec:\n  selector: { app: web }\n  ports: [{ port: 80, targetPort: 8080 }]\n`;
    const t = trace(scenarioText('  - kubectl: apply -f web.yaml -f svc.yaml\n'), { 'web.yaml': WEB.replace('REPLICAS', '2'), 'svc.yaml': svc });
    const slice = t.outcome.objects.find((o) => o.kind === 'EndpointSlice')!;
    expect(slice.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(slice.status).toBe('2 ready endpoints');
    expect(t.outcome.objects.find((o) => o.kind === 'Service')!.status).toMatch(/^ClusterIP 10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(t.events.some((e) => e.action === 'program-iptables' && e.from === 'kube-proxy@worker-1')).toBe(true);
  });
});
