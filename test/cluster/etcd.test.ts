import { describe, expect, it } from 'vitest';
import { Etcd } from '../../src/cluster/kernel/etcd.ts';

describe('etcd MVCC store', () => {
  it('keeps one global revision and per-key create/mod revisions', () => {
    const e = new Etcd<string>(['etcd']);
    const a = e.put('/registry/pods/default/a', 'v1');
    const b = e.put('/registry/pods/default/b', 'v1');
    const a2 = e.put('/registry/pods/default/a', 'v2');
    expect(a.ok && b.ok && a2.ok).toBe(true);
    if (!a.ok || !b.ok || !a2.ok) return;
    expect([a.revision, b.revision, a2.revision]).toEqual([2, 3, 4]);
    expect(a2.kv.createRevision).toBe(2);
    expect(a2.kv.modRevision).toBe(4);
    expect(a2.kv.version).toBe(2);
  });

  it('create-if-absent and compare-and-swap', () => {
    const e = new Etcd<string>(['etcd']);
    expect(e.put('/k', 'x', 0).ok).toBe(true);
    expect(e.put('/k', 'y', 0)).toEqual({ ok: false, reason: 'exists' });
    const rev = e.get('/k')!.modRevision;
    expect(e.put('/k', 'y', rev + 5)).toEqual({ ok: false, reason: 'conflict' });
    expect(e.put('/k', 'y', rev).ok).toBe(true);
    expect(e.put('/missing', 'y', 7)).toEqual({ ok: false, reason: 'not-found' });
  });

  it('ranges in key order and deletes', () => {
    const e = new Etcd<number>(['etcd']);
    e.put('/registry/pods/ns/b', 2);
    e.put('/registry/pods/ns/a', 1);
    e.put('/registry/services/specs/ns/a', 3);
    expect(e.range('/registry/pods/').map((kv) => kv.key)).toEqual(['/registry/pods/ns/a', '/registry/pods/ns/b']);
    expect(e.delete('/registry/pods/ns/a').ok).toBe(true);
    expect(e.delete('/registry/pods/ns/a')).toEqual({ ok: false, reason: 'not-found' });
    expect(e.range('/registry/pods/')).toHaveLength(1);
  });

  it('watches from a revision: replays history, then streams', () => {
    const e = new Etcd<string>(['etcd']);
    e.put('/registry/pods/a', '1');
    const r2 = e.put('/registry/pods/b', '1');
    e.put('/registry/services/specs/x', '1');
    const seen: string[] = [];
    e.watch('/registry/pods/', r2.ok ? r2.revision - 1 : 0, (c) => seen.push(`${c.type} ${c.kv.key}@${c.kv.modRevision}`));
    e.put('/registry/pods/a', '2');
    e.delete('/registry/pods/b');
    expect(seen).toEqual(['PUT /registry/pods/b@3', 'PUT /registry/pods/a@5', 'DELETE /registry/pods/b@6']);
  });

  it('needs a quorum of floor(n/2)+1 members for writes', () => {
    const e = new Etcd<string>(['etcd-1', 'etcd-2', 'etcd-3']);
    expect(e.quorum()).toBe(2);
    e.setMember('etcd-3', false);
    expect(e.put('/k', 'v').ok).toBe(true);
    e.setMember('etcd-2', false);
    expect(e.hasQuorum()).toBe(false);
    expect(e.put('/k', 'w')).toEqual({ ok: false, reason: 'unavailable' });
    e.setMember('etcd-2', true);
    expect(e.put('/k', 'w').ok).toBe(true);
    expect(new Etcd<string>(['a', 'b', 'c', 'd', 'e']).quorum()).toBe(3);
  });
});
