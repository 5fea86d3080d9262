/**
 * A linearizable (quorum) read in etcd, as the trace shows it. etcd serves a
 * range without `serializable` only after the ReadIndex protocol
 * (etcd server/etcdserver/v3_server.go, linearizableReadNotify →
 * requestCurrentIndex): the leader records its commit index and confirms it
 * still leads by a heartbeat round that a majority (floor(n/2)+1, the leader
 * included) must answer; then the read is served from that index.
 *
 * Without a majority the read index is never confirmed: after the request
 * timeout (5 s + 2 × election timeout = 7 s) etcd answers
 * `etcdserver: request timed out` (rpctypes.ErrGRPCTimeout, gRPC code
 * Unavailable). The etcd client (client/v3 retry_interceptor.go) retries a
 * range — an immutable request — on Unavailable, up to 100 times with a 25 ms
 * back-off, so kube-apiserver keeps retrying until the request's own deadline
 * (`--request-timeout`, 60 s) ends it.
 *
 * A leader that gets no majority steps down (CheckQuorum, ./etcd-raft.ts);
 * without a leader a member drops the ReadIndex request (raft.go stepFollower:
 * "no leader at term; dropping index reading msg") and etcd retries it every
 * 500 ms (server/etcdserver/read/read.go requestCurrentIndex) until the same
 * request timeout.
 *
 * Simplifications (documented): see ./etcd-raft.ts; the heartbeat round takes
 * no extra simulated time; the client's retries are summarised in one event.
 */
import type { Recorder } from '../../trace/recorder.ts';
import { ETCD_REQUEST_TIMEOUT_MS, noLeaderRound, stepDown, type RaftCluster, type RaftMember, type RaftRound } from './etcd-raft.ts';

/** The etcd client's default back-off between retries of a unary request (client/v3 options.go). */
export const ETCD_RETRY_BACKOFF_MS = 25;

/** kube-apiserver's `--request-timeout` default: the deadline of every non-long-running request. */
export const APISERVER_REQUEST_TIMEOUT_MS = 60_000;

/** Whether a majority of `members` is up. */
export function hasReadQuorum(members: readonly RaftMember[]): boolean {
  return members.filter((m) => m.up).length >= Math.floor(members.length / 2) + 1;
}

/**
 * How many range attempts the etcd client makes before a deadline `budgetMs`
 * away passes, when every attempt times out after etcd's request timeout:
 * attempt k starts at k × (timeout + back-off).
 */
export function rangeAttempts(budgetMs: number, timeoutMs = ETCD_REQUEST_TIMEOUT_MS, backoffMs = ETCD_RETRY_BACKOFF_MS): number {
  if (budgetMs <= 0) return 0;
  return Math.floor((budgetMs - 1) / (timeoutMs + backoffMs)) + 1;
}

/**
 * The ReadIndex round of one linearizable range on `key`: records the
 * leader's heartbeats and the followers' answers; `committed` says whether
 * the read index was confirmed by a majority.
 */
export function readIndex(rec: Recorder, c: RaftCluster, key: string, cause: string): RaftRound {
  if (c.leader === undefined) return noLeaderRound(rec, c, `ReadIndex for range ${key} (dropped, retried every 500 ms)`, cause);
  const { members } = c;
  const leader = c.leader;
  const quorum = Math.floor(members.length / 2) + 1;
  const followers = members.filter((m) => m.name !== leader);
  let last = rec.emit({
    type: 'phase', from: leader, to: leader, phase: 'quorum',
    summary: `raft: ReadIndex for range ${key}: leader ${leader} confirms it still leads`,
    cause, attrs: { quorum, members: members.length },
  });
  const acks: string[] = [];
  for (const f of followers) {
    const req = rec.emit({ type: 'request', from: leader, to: f.name, action: 'heartbeat', summary: 'heartbeat (ReadIndex)', ...(f.up ? {} : { result: 'dropped' as const }), cause: last });
    if (!f.up) continue;
    acks.push(rec.emit({ type: 'response', from: f.name, to: leader, action: 'heartbeat', result: 'ok', summary: `heartbeat ack (${f.name} follows ${leader})`, cause: req }));
  }
  if (acks.length > 0) last = acks[acks.length - 1]!;
  const have = 1 + acks.length;
  const confirmed = have >= quorum;
  last = rec.emit({
    type: 'phase', from: leader, to: leader, phase: 'quorum',
    summary: confirmed
      ? `read index confirmed: ${have}/${members.length} members answered (quorum ${quorum})`
      : `no quorum: ${have}/${members.length} members reachable (quorum ${quorum}), read index not confirmed`,
    result: confirmed ? 'ok' : 'unavailable', cause: last, attrs: { acks: have, quorum },
  });
  if (!confirmed) last = stepDown(rec, c, have, last);
  return { last, committed: confirmed, delayMs: confirmed ? 0 : ETCD_REQUEST_TIMEOUT_MS };
}
