/** The pure pieces of the platform model: load balancing, a Raft round, container output, scenario keys. */
import { describe, expect, it } from 'vitest';
import { ApiLoadBalancer, usesLoadBalancer } from '../../src/cluster/apiserver/load-balancer.ts';
import { replicate, raftLeader, memberChanged, ETCD_REQUEST_TIMEOUT_MS } from '../../src/cluster/kernel/etcd-raft.ts';
import { containerLogs, execOutput } from '../../src/cluster/kubectl/container-output.ts';
import { envRefs, volumeRefs } from '../../src/cluster/components/kubelet/pod-config.ts';
import { Recorder } from '../../src/trace/recorder.ts';
import { parseScenario } from '../../src/scenario/index.ts';
import type { PodObj } from '../../src/cluster/core/typed.ts';

describe('API load balancer', () => {
  it('round-robin over the healthy servers, none when all are down', () => {
    const lb = new ApiLoadBalancer(['a', 'b', 'c']);
    expect([lb.pick(), lb.pick(), lb.pick(), lb.pick()]).toEqual(['a', 'b', 'c', 'a']);
    lb.setUp('b', false);
    expect([lb.pick(), lb.pick(), lb.pick()]).toEqual(['c', 'a', 'c']);
    lb.setUp('a', false);
    lb.setUp('c', false);
    expect(lb.pick()).toBeUndefined();
    expect(lb.setUp('zzz', true)).toBe(false);
  });

  it('kubectl and node agents use it; control-plane components do not', () => {
    expect(usesLoadBalancer('kubectl')).toBe(true);
    expect(usesLoadBalancer('kubelet@worker-1')).toBe(true);
    expect(usesLoadBalancer('replicaset-controller')).toBe(false);
    expect(usesLoadBalancer('kube-scheduler')).toBe(false);
  });
});

describe('Raft round', () => {
  const members = (up: boolean[]) => up.map((u, i) => ({ name: `etcd-${i + 1}`, up: u }));
  const cluster = (up: boolean[]) => ({ members: members(up), leader: 'etcd-1' as string | undefined });

  it('commits with a majority, the leader counting itself', () => {
    const rec = new Recorder(() => 0);
    const r = replicate(rec, cluster([true, false, true]), '/registry/x', 'put', 'c');
    expect(r).toMatchObject({ committed: true, delayMs: 0 });
    expect(rec.events.filter((e) => e.action === 'append-entries').map((e) => `${e.type}:${e.from}>${e.to}:${e.result ?? ''}`)).toEqual([
      'request:etcd-1>etcd-2:dropped',
      'request:etcd-1>etcd-3:',
      'response:etcd-3>etcd-1:ok',
    ]);
  });

  it('without a majority nothing commits and the client waits for the request timeout', () => {
    const rec = new Recorder(() => 0);
    const c = cluster([true, false, false, false, true]);
    const r = replicate(rec, c, '/registry/x', 'put', 'c');
    expect(r).toMatchObject({ committed: false, delayMs: ETCD_REQUEST_TIMEOUT_MS });
    expect(rec.events.at(-2)!.summary).toBe('no quorum: 2/5 members reachable (quorum 3), entry not committed');
    // CheckQuorum (etcd server/etcdserver/bootstrap.go raftConfig; raft.go stepLeader on MsgCheckQuorum): the leader steps down.
    expect(rec.events.at(-1)!.summary).toBe('raft: leader etcd-1 steps down to follower (CheckQuorum: 2/5 members active within an election timeout); no leader');
    expect(c.leader).toBeUndefined();
    // The next proposal finds no leader: it is not appended, no AppendEntries (node.go run: propc = nil).
    const next = replicate(rec, c, '/registry/y', 'put', 'c');
    expect(next).toMatchObject({ committed: false, noLeader: true, delayMs: ETCD_REQUEST_TIMEOUT_MS });
    expect(rec.events.at(-1)!.summary).toBe('raft: no leader; etcd-1 cannot serve the proposal put /registry/y');
  });

  it('a majority without a leader elects one: PreVote, then RequestVote, to the members up', () => {
    const rec = new Recorder(() => 0);
    const c = { members: members([true, false, true]), leader: undefined as string | undefined };
    memberChanged(rec, c, 'c');
    expect(c.leader).toBe('etcd-1');
    expect(rec.events.map((e) => `${e.type}:${e.from}>${e.to}:${e.summary}`)).toEqual([
      'request:etcd-1>etcd-3:PreVote (etcd-1 campaigns)',
      'response:etcd-3>etcd-1:pre-vote granted',
      'request:etcd-1>etcd-3:RequestVote (etcd-1 campaigns)',
      'response:etcd-3>etcd-1:vote granted',
      'phase:etcd-1>etcd-1:raft: etcd-1 elected leader (2/3 votes, quorum 2)',
    ]);
    // No majority: nobody is elected; a leader that is down is gone.
    const lost = { members: members([false, false, true]), leader: 'etcd-1' as string | undefined };
    memberChanged(new Recorder(() => 0), lost, 'c');
    expect(lost.leader).toBeUndefined();
  });

  it('the leader is the first member that is up', () => {
    expect(raftLeader(members([false, true, true]))).toBe('etcd-2');
    expect(raftLeader(members([false, false]))).toBeUndefined();
  });
});

describe('container output', () => {
  it('nginx prints its start-up lines with its start time; shell scripts print their echoes', () => {
    const lines = containerLogs({ name: 'nginx', image: 'nginx:1.27' }, '2025-01-01T00:00:05Z');
    expect(lines.at(-1)).toBe('2025/01/01 00:00:05 [notice] 1#1: start worker process 29');
    expect(containerLogs({ name: 'sh', image: 'busybox:1.36', command: ['sh', '-c', "echo hi; echo 'x' > /f; echo \"two words\""] }, '')).toEqual(['hi', 'two words']);
  });

  it('exec: known commands, localhost to a listening container, refusal otherwise', () => {
    const pod: PodObj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }, { name: 'side', image: 'busybox' }] }, status: { podIP: '10.244.1.2' } };
    expect(execOutput(['hostname'], pod.spec.containers[0]!, pod).stdout).toEqual(['web']);
    expect(execOutput(['wget', '-qO-', 'localhost:80'], pod.spec.containers[1]!, pod)).toMatchObject({ exitCode: 0, localhostPort: 80 });
    expect(execOutput(['wget', '-qO-', 'localhost:9090'], pod.spec.containers[1]!, pod)).toMatchObject({ exitCode: 1, localhostPort: 9090 });
  });
});

describe('ConfigMap and Secret references', () => {
  it('volumes and environment, each object once', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { volumes: [{ name: 'c', configMap: { name: 'cm' } }, { name: 's', secret: { secretName: 'sec', optional: true } }, { name: 'e', emptyDir: {} }] } };
    expect(volumeRefs(pod)).toEqual([{ kind: 'ConfigMap', name: 'cm', optional: false, volume: 'c' }, { kind: 'Secret', name: 'sec', optional: true, volume: 's' }]);
    const c = { name: 'c', envFrom: [{ configMapRef: { name: 'cm' } }], env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cm', key: 'a' } } }, { name: 'B', valueFrom: { secretKeyRef: { name: 'sec', key: 'b' } } }] };
    expect(envRefs(c).map((r) => `${r.kind}/${r.name}`)).toEqual(['ConfigMap/cm', 'Secret/sec']);
  });
});

describe('scenario format: gitops', () => {
  const head = 'kubescene: v1\nname: g\n';
  it('reads cluster.gitops with defaults and git steps', () => {
    const r = parseScenario(`${head}cluster:\n  gitops: { repo: https://example.com/r.git, path: apps/ }\nfiles:\n  a.yaml: { apiVersion: v1, kind: ConfigMap, metadata: { name: a } }\nsteps:\n  - git: { commit: "first", files: [a.yaml] }\n`, 'g.yaml', () => undefined);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.cluster.gitops).toEqual({ repo: 'https://example.com/r.git', path: 'apps', interval: 180_000, selfHeal: true, prune: true });
    expect(r.value.steps[0]).toMatchObject({ type: 'git', message: 'first', files: ['a.yaml'], remove: [] });
  });

  it('a git step without cluster.gitops is an error with a hint', () => {
    const r = parseScenario(`${head}steps:\n  - git: { commit: "x" }\n`, 'g.yaml', () => undefined);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics[0]!.message).toContain('a git step needs cluster.gitops');
  });
});
