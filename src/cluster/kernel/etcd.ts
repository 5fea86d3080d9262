/**
 * etcd as the API server sees it: an MVCC key-value store with one global
 * revision counter, per-key create/mod revisions, compare-and-swap writes,
 * watches from a revision, and a raft quorum (writes and linearizable reads
 * need floor(n/2)+1 members up).
 */
export interface KeyValue<V> {
  key: string;
  value: V;
  createRevision: number;
  modRevision: number;
  version: number;
}

export interface WatchChange<V> {
  type: 'PUT' | 'DELETE';
  kv: KeyValue<V>;
  /** Previous value, for DELETE and updates. */
  prev?: KeyValue<V>;
}

export type EtcdFailure = 'unavailable' | 'exists' | 'conflict' | 'not-found';
export type EtcdResult<V> = { ok: true; revision: number; kv: KeyValue<V> } | { ok: false; reason: EtcdFailure };

interface Watcher<V> {
  prefix: string;
  cb: (c: WatchChange<V>) => void;
}

export class Etcd<V> {
  private revision = 1;
  private readonly data = new Map<string, KeyValue<V>>();
  private readonly history: { rev: number; change: WatchChange<V> }[] = [];
  private readonly watchers: Watcher<V>[] = [];
  readonly members: { name: string; up: boolean }[];
  /** The raft leader; undefined while there is none (./etcd-raft.ts memberChanged, stepDown). */
  leader: string | undefined;

  constructor(memberNames: string[]) {
    this.members = memberNames.map((name) => ({ name, up: true }));
    this.leader = memberNames[0];
  }

  get currentRevision(): number {
    return this.revision;
  }

  quorum(): number {
    return Math.floor(this.members.length / 2) + 1;
  }

  hasQuorum(): boolean {
    // A loop, not filter().length: this runs for every write.
    let up = 0;
    for (const m of this.members) if (m.up) up++;
    return up >= this.quorum();
  }

  setMember(name: string, up: boolean): boolean {
    const m = this.members.find((x) => x.name === name);
    if (!m) return false;
    m.up = up;
    return true;
  }

  get(key: string): KeyValue<V> | undefined {
    return this.data.get(key);
  }

  /** Keys under a prefix, in key order (as etcd's range returns them). */
  range(prefix: string): KeyValue<V>[] {
    const out: KeyValue<V>[] = [];
    for (const [k, kv] of this.data) if (k.startsWith(prefix)) out.push(kv);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /**
   * A transaction as the API server issues it: create only if absent
   * (`expectModRevision: 0`), update only if unchanged since `expectModRevision`,
   * or unconditional (`undefined`).
   */
  put(key: string, value: V, expectModRevision?: number): EtcdResult<V> {
    if (!this.hasQuorum()) return { ok: false, reason: 'unavailable' };
    const prev = this.data.get(key);
    if (expectModRevision === 0 && prev) return { ok: false, reason: 'exists' };
    if (expectModRevision !== undefined && expectModRevision > 0) {
      if (!prev) return { ok: false, reason: 'not-found' };
      if (prev.modRevision !== expectModRevision) return { ok: false, reason: 'conflict' };
    }
    const rev = ++this.revision;
    const kv: KeyValue<V> = {
      key,
      value,
      createRevision: prev ? prev.createRevision : rev,
      modRevision: rev,
      version: prev ? prev.version + 1 : 1,
    };
    this.data.set(key, kv);
    this.publish(rev, prev ? { type: 'PUT', kv, prev } : { type: 'PUT', kv });
    return { ok: true, revision: rev, kv };
  }

  delete(key: string, expectModRevision?: number): EtcdResult<V> {
    if (!this.hasQuorum()) return { ok: false, reason: 'unavailable' };
    const prev = this.data.get(key);
    if (!prev) return { ok: false, reason: 'not-found' };
    if (expectModRevision !== undefined && prev.modRevision !== expectModRevision) return { ok: false, reason: 'conflict' };
    const rev = ++this.revision;
    this.data.delete(key);
    const kv: KeyValue<V> = { ...prev, modRevision: rev };
    this.publish(rev, { type: 'DELETE', kv, prev });
    return { ok: true, revision: rev, kv };
  }

  /** Watches a prefix; replays history after `fromRevision` first (0 = only new changes). */
  watch(prefix: string, fromRevision: number, cb: (c: WatchChange<V>) => void): () => void {
    if (fromRevision > 0) {
      for (const h of this.history) if (h.rev > fromRevision && h.change.kv.key.startsWith(prefix)) cb(h.change);
    }
    const w: Watcher<V> = { prefix, cb };
    this.watchers.push(w);
    return () => {
      const i = this.watchers.indexOf(w);
      if (i >= 0) this.watchers.splice(i, 1);
    };
  }

  private publish(rev: number, change: WatchChange<V>): void {
    if (this.keepHistory) this.history.push({ rev, change });
    for (const w of this.watchers) if (change.kv.key.startsWith(w.prefix)) w.cb(change);
  }

  /** History for watch replay costs memory; large simulations may turn it off. */
  keepHistory = true;
}
