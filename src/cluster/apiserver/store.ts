/**
 * The API server's watch cache: the latest version of every object, fed by
 * etcd writes, with the indexes the informers of real components keep
 * (pods by node, objects by owner uid, objects by kind and namespace), so a
 * 10,000-pod cluster never needs a scan over everything.
 */
import type { Obj } from '../core/object.ts';
import { asPod, type ObjOf, type PodObj } from '../core/typed.ts';

export class ObjectStore {
  private readonly byKind = new Map<string, Map<string, Obj>>();
  private readonly podsByNode = new Map<string, Set<Obj>>();
  private readonly byOwner = new Map<string, Set<Obj>>();
  private readonly podStats = new Map<string, { active: number; ready: number }>();
  /** Pluggable pod predicates (active / ready), so counts stay incremental. */
  constructor(
    private readonly isActive: (p: Obj) => boolean = () => true,
    private readonly isReady: (p: Obj) => boolean = () => false,
  ) {}

  get<K extends string>(kind: K, key: string): ObjOf<K> | undefined {
    return this.byKind.get(kind)?.get(key) as ObjOf<K> | undefined;
  }

  /** All objects of a kind (optionally one namespace), sorted by namespace then name. */
  list<K extends string>(kind: K, namespace?: string): ObjOf<K>[] {
    const m = this.byKind.get(kind);
    if (!m) return [];
    const out: Obj[] = [];
    for (const o of m.values()) if (namespace === undefined || o.metadata.namespace === namespace) out.push(o);
    // Most lists in a large run have one object (a Service, a Node's lease): no sort for them.
    return (out.length > 1 ? out.sort(byNamespaceName) : out) as ObjOf<K>[];
  }

  count(kind: string): number {
    return this.byKind.get(kind)?.size ?? 0;
  }

  kinds(): string[] {
    return [...this.byKind.keys()].sort();
  }

  podsOnNode(node: string): ReadonlySet<PodObj> {
    return (this.podsByNode.get(node) ?? EMPTY) as ReadonlySet<PodObj>;
  }

  /** Objects whose ownerReferences name this uid (any kind), in name order. */
  ownedBy(uid: string): Obj[] {
    return [...(this.byOwner.get(uid) ?? EMPTY)].sort(byNamespaceName);
  }

  /** Objects of `kind` owned by this uid, unsorted (hot path: controllers' syncs). */
  ownedOfKind<K extends string>(uid: string, kind: K): ObjOf<K>[] {
    const out: Obj[] = [];
    for (const o of this.byOwner.get(uid) ?? EMPTY) if (o.kind === kind) out.push(o);
    return out as ObjOf<K>[];
  }

  /** Active and ready pods owned by this uid, maintained incrementally (a ReplicaSet's sync is O(1), not O(pods)). */
  ownedPodStats(uid: string): { active: number; ready: number } {
    return this.podStats.get(uid) ?? { active: 0, ready: 0 };
  }

  ownedByCount(uid: string, kind: string, pred?: (o: Obj) => boolean): number {
    let n = 0;
    for (const o of this.byOwner.get(uid) ?? EMPTY) if (o.kind === kind && (!pred || pred(o))) n++;
    return n;
  }

  set(key: string, o: Obj): Obj | undefined {
    if (freezeStored) deepFreeze(o);
    let m = this.byKind.get(o.kind);
    if (!m) this.byKind.set(o.kind, (m = new Map()));
    const old = m.get(key);
    if (old) this.unindex(old);
    m.set(key, o);
    this.index(o);
    return old;
  }

  delete(kind: string, key: string): Obj | undefined {
    const m = this.byKind.get(kind);
    const old = m?.get(key);
    if (!old) return undefined;
    m!.delete(key);
    this.unindex(old);
    return old;
  }

  private index(o: Obj): void {
    const node = o.kind === 'Pod' ? asPod(o).spec?.nodeName : undefined;
    if (node) addTo(this.podsByNode, node, o);
    for (const r of o.metadata.ownerReferences ?? []) {
      addTo(this.byOwner, r.uid, o);
      if (o.kind === 'Pod') this.countPod(r.uid, o, 1);
    }
  }

  private unindex(o: Obj): void {
    const node = o.kind === 'Pod' ? asPod(o).spec?.nodeName : undefined;
    if (node) this.podsByNode.get(node)?.delete(o);
    for (const r of o.metadata.ownerReferences ?? []) {
      this.byOwner.get(r.uid)?.delete(o);
      if (o.kind === 'Pod') this.countPod(r.uid, o, -1);
    }
  }

  private countPod(uid: string, p: Obj, sign: 1 | -1): void {
    if (!this.isActive(p)) return;
    let st = this.podStats.get(uid);
    if (!st) this.podStats.set(uid, (st = { active: 0, ready: 0 }));
    st.active += sign;
    if (this.isReady(p)) st.ready += sign;
  }
}

const EMPTY: ReadonlySet<Obj> = new Set();

/**
 * A check for tests (test/cluster/frozen-store.test.ts): every object the
 * store takes is deep-frozen, so a component or API server path that mutates
 * a stored object (or a part of it that a later version shares, as a /status
 * write shares the spec and metadata of the object it replaces) throws a
 * TypeError (ES modules run in strict mode) instead of changing a stored
 * object silently. Off by default: the freeze walk costs CPU in large runs.
 */
let freezeStored = false;

/** Turns the freeze check on or off (tests only); returns the previous setting. */
export function setFreezeStored(on: boolean): boolean {
  const was = freezeStored;
  freezeStored = on;
  return was;
}

function deepFreeze(v: unknown): void {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return;
  Object.freeze(v);
  if (Array.isArray(v)) for (const x of v) deepFreeze(x);
  else for (const k in v) deepFreeze((v as Record<string, unknown>)[k]);
}

function addTo(m: Map<string, Set<Obj>>, k: string, o: Obj): void {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  s.add(o);
}

export function byNamespaceName(a: Obj, b: Obj): number {
  const an = a.metadata.namespace ?? '';
  const bn = b.metadata.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}
