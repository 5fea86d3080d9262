/**
 * One Raft round of an etcd write, as the trace shows it: the leader appends
 * the entry to its log and sends AppendEntries to every follower; followers
 * that are up acknowledge; the entry commits once a majority
 * (floor(n/2)+1, the leader included) has it. Without a majority the proposal
 * never commits and the client's request times out after etcd's request
 * timeout (5 s + 2 × election timeout = 7 s): kube-apiserver then answers
 * `etcdserver: request timed out`.
 *
 * Simplifications (documented): the leader is the first member that is up
 * (an election is instantaneous); kube-apiserver always talks to the leader;
 * replication takes no extra simulated time.
 */
import type { Recorder } from '../../trace/recorder.ts';

/** etcd's default request timeout: 5 s + 2 × the 1 s election timeout. */
export const ETCD_REQUEST_TIMEOUT_MS = 7000;

export interface RaftRound {
  /** Last recorded event (the cause of what follows). */
  last: string;
  committed: boolean;
  /** How long the proposer waits before it can answer (the timeout when nothing committed). */
  delayMs: number;
}

export interface RaftMember {
  name: string;
  up: boolean;
}

export function raftLeader(members: readonly RaftMember[]): string | undefined {
  return members.find((m) => m.up)?.name;
}

export function replicate(rec: Recorder, members: readonly RaftMember[], key: string, op: string, cause: string): RaftRound {
  const leader = raftLeader(members) ?? members[0]!.name;
  const quorum = Math.floor(members.length / 2) + 1;
  const followers = members.filter((m) => m.name !== leader);
  let last = rec.emit({ type: 'phase', from: leader, to: leader, phase: 'quorum', summary: `raft: leader ${leader} appends ${op} ${key} to its log`, cause, attrs: { quorum, members: members.length } });
  const acks: string[] = [];
  for (const f of followers) {
    const req = rec.emit({ type: 'request', from: leader, to: f.name, action: 'append-entries', summary: `AppendEntries ${op} ${key}`, ...(f.up ? {} : { result: 'dropped' as const }), cause: last });
    if (!f.up) continue;
    acks.push(rec.emit({ type: 'response', from: f.name, to: leader, action: 'append-entries', result: 'ok', summary: `ack (${f.name} has the entry)`, cause: req }));
  }
  if (acks.length > 0) last = acks[acks.length - 1]!;
  const have = 1 + acks.length;
  const committed = have >= quorum;
  last = rec.emit({
    type: 'phase', from: leader, to: leader, phase: 'quorum',
    summary: committed ? `committed: ${have}/${members.length} members have the entry (quorum ${quorum})` : `no quorum: ${have}/${members.length} members reachable (quorum ${quorum}), entry not committed`,
    result: committed ? 'ok' : 'unavailable', cause: last, attrs: { acks: have, quorum },
  });
  return { last, committed, delayMs: committed ? 0 : ETCD_REQUEST_TIMEOUT_MS };
}
