import { describe, expect, it } from 'vitest';
import { Recorder } from '../../src/trace/recorder.ts';
import { readIndex, rangeAttempts, hasReadQuorum, APISERVER_REQUEST_TIMEOUT_MS } from '../../src/cluster/kernel/etcd-read.ts';
import { ETCD_REQUEST_TIMEOUT_MS } from '../../src/cluster/kernel/etcd-raft.ts';
import { buildCluster } from '../../src/cluster/boot/cluster.ts';
import { resourceForKind } from '../../src/cluster/core/resources.ts';
import { serverError } from '../../src/cluster/kubectl/resolve.ts';
import { call, spec } from './helpers.ts';

const names = (n: number) => Array.from({ length: n }, (_, i) => `etcd-${i + 1}`);

describe('etcd ReadIndex (linearizable read)', () => {
  // members up → confirmed?, members that answered (the leader included)
  const cases: { members: number; down: string[]; confirmed: boolean; acks: number }[] = [
    { members: 1, down: [], confirmed: true, acks: 1 },
    { members: 3, down: [], confirmed: true, acks: 3 },
    { members: 3, down: ['etcd-2'], confirmed: true, acks: 2 },
    { members: 3, down: ['etcd-2', 'etcd-3'], confirmed: false, acks: 1 },
    { members: 5, down: ['etcd-4', 'etcd-5'], confirmed: true, acks: 3 },
    { members: 5, down: ['etcd-1', 'etcd-4', 'etcd-5'], confirmed: false, acks: 2 },
    { members: 4, down: ['etcd-3', 'etcd-4'], confirmed: false, acks: 2 },
  ];
  const leader0 = (ms: { name: string; up: boolean }[]) => ms.find((m) => m.up)!.name;
  it.each(cases)('$members members, down $down → confirmed $confirmed', ({ members, down, confirmed, acks }) => {
    const rec = new Recorder(() => 0);
    const ms = names(members).map((name) => ({ name, up: !down.includes(name) }));
    const c = { members: ms, leader: ms.find((m) => m.up)?.name };
    const round = readIndex(rec, c, '/registry/pods/default/a', 'cause');
    expect(round.committed).toBe(confirmed);
    expect(hasReadQuorum(ms)).toBe(confirmed);
    expect(round.delayMs).toBe(confirmed ? 0 : ETCD_REQUEST_TIMEOUT_MS);
    const last = rec.events.filter((e) => e.attrs?.acks !== undefined).at(-1)!;
    expect(last.attrs).toEqual({ acks, quorum: Math.floor(members / 2) + 1 });
    // CheckQuorum: a leader that heard from no majority steps down (raft.go stepLeader, MsgCheckQuorum).
    expect(c.leader).toBe(confirmed ? leader0(ms) : undefined);
    // The leader is the first member up; it heartbeats every other member, the ones down drop it.
    const leader = ms.find((m) => m.up)!.name;
    const beats = rec.events.filter((e) => e.action === 'heartbeat' && e.type === 'request');
    expect(beats.map((e) => e.to)).toEqual(ms.filter((m) => m.name !== leader).map((m) => m.name));
    expect(beats.filter((e) => e.result === 'dropped').map((e) => e.to)).toEqual(down.filter((d) => d !== leader));
  });

  it('counts the etcd client retries that fit before the request deadline', () => {
    // Attempt k starts at k × (7 s + 25 ms): 0, 7.025, …, 56.2 s → 9 attempts in 60 s.
    expect(rangeAttempts(APISERVER_REQUEST_TIMEOUT_MS)).toBe(9);
    expect(rangeAttempts(7025)).toBe(1);
    expect(rangeAttempts(7026)).toBe(2);
    expect(rangeAttempts(0)).toBe(0);
  });
});

describe('reads below etcd quorum', () => {
  function quorumLost() {
    const c = buildCluster({ ...spec(1), controlPlane: { apiServers: 1, etcd: 3 } }, 0, '1.31');
    call(c, { verb: 'create', resource: resourceForKind('ConfigMap')!, namespace: 'default', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'blue' } } });
    c.w.etcd.setMember('etcd-2', false);
    c.w.etcd.setMember('etcd-3', false);
    return c;
  }

  it('a get times out at the request deadline with 504, as kubectl reports it', () => {
    const c = quorumLost();
    const start = c.w.clock.now();
    const res = call(c, { verb: 'get', resource: resourceForKind('ConfigMap')!, namespace: 'default', name: 'settings' });
    expect(res).toMatchObject({ status: 504, reason: 'Timeout', message: 'Timeout: request did not complete within the allotted timeout' });
    expect(serverError(res)).toBe('Error from server (Timeout): the server was unable to return a response in the time allotted, but may still be processing the request (get configmaps settings)');
    const answer = c.w.rec.events.find((e) => e.type === 'response' && e.to === 'kubectl' && e.status === 504)!;
    // The API server received the request one hop after it was sent; its deadline is 60 s after that.
    expect(answer.t).toBe(start + 2 + APISERVER_REQUEST_TIMEOUT_MS);
    const etcdFail = c.w.rec.events.find((e) => e.from === 'etcd-1' && e.type === 'response' && e.verb === 'range')!;
    expect(etcdFail).toMatchObject({ result: 'unavailable', summary: 'range failed: etcdserver: request timed out' });
    expect(etcdFail.t - start).toBe(2 + 1 + ETCD_REQUEST_TIMEOUT_MS);
  });

  it('a list fails too: the consistent list from cache needs etcd\'s current revision', () => {
    const c = quorumLost();
    const res = call(c, { verb: 'list', resource: resourceForKind('ConfigMap')!, namespace: 'default' });
    expect(res.status).toBe(504);
    expect(serverError(res)).toBe('Error from server (Timeout): the server was unable to return a response in the time allotted, but may still be processing the request (get configmaps)');
    expect(c.w.rec.events.some((e) => e.phase === 'watch-cache' && /configmaps/.test(e.summary))).toBe(false);
  });

  it('with one member down, reads still confirm their read index', () => {
    const c = quorumLost();
    c.w.etcd.setMember('etcd-3', true);
    const res = call(c, { verb: 'get', resource: resourceForKind('ConfigMap')!, namespace: 'default', name: 'settings' });
    expect(res.status).toBe(200);
    expect(res.object!.data).toEqual({ mode: 'blue' });
    expect(c.w.rec.events.some((e) => e.summary === 'read index confirmed: 2/3 members answered (quorum 2)')).toBe(true);
  });
});
