/**
 * One Raft round of an etcd write, as the trace shows it: the leader appends
 * the entry to its log and sends AppendEntries to every follower; followers
 * that are up acknowledge; the entry commits once a majority
 * (floor(n/2)+1, the leader included) has it. Without a majority the proposal
 * never commits and the client's request times out after etcd's request
 * timeout (5 s + 2 × election timeout = 7 s): kube-apiserver then answers
 * `etcdserver: request timed out`.
 *
 * etcd runs raft with CheckQuorum (server/etcdserver/bootstrap.go raftConfig;
 * raft.go stepLeader, MsgCheckQuorum): a leader that has not heard from a
 * majority within an election timeout (1 s) steps down to follower, and the
 * cluster has no leader until a majority is up again and elects one (PreVote,
 * then RequestVote: etcd sets PreVote true). The timed-out round outlasts the
 * election timeout, so the step-down is recorded at the end of the first round
 * that finds no majority. Without a leader a proposal is not even appended: the
 * raft node stops reading proposals (node.go run: propc = nil on "lost leader")
 * and node.Propose waits until etcd's request timeout ends its context.
 *
 * Simplifications (documented): the new leader is the first member that is up
 * (its log is never behind in the modelled scenarios) and the election takes no
 * simulated time; kube-apiserver always talks to the leader; replication takes no
 * extra simulated time; an entry appended but not committed is dropped (real etcd
 * commits it once a leader holding it regains a majority).
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
  /** There was no leader: the proposal was never appended (the request ends on its context deadline). */
  noLeader?: boolean;
}

export interface RaftMember {
  name: string;
  up: boolean;
}

/** The members and the current leader (undefined: none, after a CheckQuorum step-down or while no majority is up). */
export interface RaftCluster {
  readonly members: readonly RaftMember[];
  leader: string | undefined;
}

/** The member elected when a majority is up and there is no leader: the first one up (see the simplifications). */
export function raftLeader(members: readonly RaftMember[]): string | undefined {
  return members.find((m) => m.up)?.name;
}

function majority(members: readonly RaftMember[]): number {
  return Math.floor(members.length / 2) + 1;
}

/** The member kube-apiserver's request reaches when there is no leader. */
function contact(c: RaftCluster): string {
  return raftLeader(c.members) ?? c.members[0]!.name;
}

/** A round that finds no leader: `what` is dropped or waits, and the client's request times out. */
export function noLeaderRound(rec: Recorder, c: RaftCluster, what: string, cause: string): RaftRound {
  const m = contact(c);
  const last = rec.emit({ type: 'phase', from: m, to: m, phase: 'quorum', summary: `raft: no leader; ${m} cannot serve the ${what}`, result: 'unavailable', cause });
  return { last, committed: false, delayMs: ETCD_REQUEST_TIMEOUT_MS, noLeader: true };
}

/** CheckQuorum: the leader heard from `have` of the members within an election timeout, fewer than a majority. */
export function stepDown(rec: Recorder, c: RaftCluster, have: number, cause: string): string {
  const leader = c.leader!;
  c.leader = undefined;
  return rec.emit({
    type: 'phase', from: leader, to: leader, phase: 'quorum',
    summary: `raft: leader ${leader} steps down to follower (CheckQuorum: ${have}/${c.members.length} members active within an election timeout); no leader`,
    result: 'unavailable', cause,
  });
}

/**
 * After a member went up or down: a leader that is down is gone; with a majority up and no leader, the first
 * member up wins a PreVote round and then an election (raft.go campaign: campaignPreElection, then
 * campaignElection; votes come from the members that are up).
 */
export function memberChanged(rec: Recorder, c: RaftCluster, cause: string): void {
  if (c.leader !== undefined && c.members.find((m) => m.name === c.leader)?.up !== true) c.leader = undefined;
  if (c.leader !== undefined) return;
  const up = c.members.filter((m) => m.up);
  if (up.length < majority(c.members)) return;
  const candidate = up[0]!.name;
  c.leader = candidate;
  if (c.members.length === 1) return;
  let last = cause;
  for (const [action, ask, grant] of [['pre-vote', 'PreVote', 'pre-vote granted'], ['vote', 'RequestVote', 'vote granted']] as const) {
    const answers: string[] = [];
    for (const peer of up.slice(1)) {
      const req = rec.emit({ type: 'request', from: candidate, to: peer.name, action, summary: `${ask} (${candidate} campaigns)`, cause: last });
      answers.push(rec.emit({ type: 'response', from: peer.name, to: candidate, action, result: 'ok', summary: grant, cause: req }));
    }
    last = answers.at(-1) ?? last;
  }
  rec.emit({ type: 'phase', from: candidate, to: candidate, phase: 'quorum', summary: `raft: ${candidate} elected leader (${up.length}/${c.members.length} votes, quorum ${majority(c.members)})`, result: 'ok', cause: last });
}

export function replicate(rec: Recorder, c: RaftCluster, key: string, op: string, cause: string): RaftRound {
  if (c.leader === undefined) return noLeaderRound(rec, c, `proposal ${op} ${key}`, cause);
  const { members } = c;
  const leader = c.leader;
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
  if (!committed) last = stepDown(rec, c, have, last);
  return { last, committed, delayMs: committed ? 0 : ETCD_REQUEST_TIMEOUT_MS };
}
