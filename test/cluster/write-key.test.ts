// The API server makes a write's etcd key once (docs/performance.md, session 23):
// the key `write` looks the object up with is the one `store` writes it under,
// unless admission changed the object's name or namespace.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Resources from '../../src/cluster/core/resources.ts';
import type * as Helpers from './helpers.ts';

vi.mock('../../src/cluster/core/resources.ts', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../../src/cluster/core/resources.ts')>();
  return { ...mod, etcdKey: vi.fn(mod.etcdKey) };
});

// The test files of a worker share their modules (isolate: false): import the model afresh, after the mock,
// so that the API server binds the mocked etcdKey even when an earlier file loaded the real one.
let call: typeof Helpers.call;
let cluster: typeof Helpers.cluster;
let CM: NonNullable<ReturnType<typeof Resources.resourceForKind>>;
let spy: ReturnType<typeof vi.mocked<typeof Resources.etcdKey>>;
beforeAll(async () => {
  vi.resetModules();
  const resources = await import('../../src/cluster/core/resources.ts');
  ({ call, cluster } = await import('./helpers.ts'));
  CM = resources.resourceForKind('ConfigMap')!;
  spy = vi.mocked(resources.etcdKey);
});

/** The etcdKey calls for ConfigMaps made while `run` runs. */
function configMapKeys(run: () => void): string[] {
  spy.mockClear();
  run();
  return spy.mock.results.filter((_, i) => spy.mock.calls[i]![0] === CM).map((r) => r.value as string);
}

describe('a write makes its etcd key once', () => {
  beforeEach(() => {
    spy.mockClear();
  });

  it('create, update and patch each make the key once, and store the object under it', () => {
    const c = cluster(1);
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '1' } };
    const created = configMapKeys(() => expect(call(c, { verb: 'create', resource: CM, namespace: 'default', body }).status).toBe(201));
    expect(created).toEqual(['/registry/configmaps/default/cfg']);
    const live = c.w.api.cache.get('ConfigMap', '/registry/configmaps/default/cfg')!;
    expect(live.data).toEqual({ a: '1' });

    const updated = configMapKeys(() =>
      expect(call(c, { verb: 'update', resource: CM, namespace: 'default', name: 'cfg', body: { ...live, data: { a: '2' } } }).status).toBe(200),
    );
    expect(updated).toEqual(['/registry/configmaps/default/cfg']);

    const patched = configMapKeys(() =>
      expect(call(c, { verb: 'patch', resource: CM, namespace: 'default', name: 'cfg', patch: (o) => ({ ...o, data: { a: '3' } }) }).status).toBe(200),
    );
    expect(patched).toEqual(['/registry/configmaps/default/cfg']);
    expect(c.w.api.cache.get('ConfigMap', '/registry/configmaps/default/cfg')!.data).toEqual({ a: '3' });
  });

  it('a generated name is part of the key the object is stored under', () => {
    const c = cluster(1);
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '', generateName: 'gen-' }, data: {} };
    const res = call(c, { verb: 'create', resource: CM, namespace: 'default', body });
    expect(res.status).toBe(201);
    const name = res.object!.metadata.name;
    expect(name).toMatch(/^gen-[a-z0-9]{5}$/);
    expect(c.w.api.cache.get('ConfigMap', `/registry/configmaps/default/${name}`)?.metadata.name).toBe(name);
  });
});
