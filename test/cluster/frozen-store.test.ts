/**
 * Objects in the API server's store are never mutated once stored: responses,
 * watch events and the next version of an object (a /status write keeps the
 * spec and metadata of the object it replaces, src/cluster/apiserver/server.ts
 * `write`) share them. With the store's freeze check on
 * (src/cluster/apiserver/store.ts `setFreezeStored`) every stored object is
 * deep-frozen, so any path that writes into one throws; every library scenario
 * runs under it and its trace is byte-identical to the unchecked run.
 */
import { readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { simulate } from '../../src/cluster/index.ts';
import { ObjectStore, setFreezeStored } from '../../src/cluster/apiserver/store.ts';
import type { Obj } from '../../src/cluster/core/object.ts';
import { writeTrace } from '../../src/trace/io.ts';
import { loadScenarioOnce, simulateOnce } from '../helpers/library.ts';

const all = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort();

// The suite runs with the check on (test/helpers/freeze-stored.ts); each test here sets it as it needs and puts it back.
let before = false;
beforeEach(() => {
  before = setFreezeStored(false);
});
afterEach(() => {
  setFreezeStored(before);
});

describe('frozen store check', () => {
  it('throws on a write into a stored object, and only with the check on', () => {
    const pod = (name: string): Obj => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { app: 'a' } }, spec: { containers: [{ name: 'c' }] } });
    const store = new ObjectStore();
    const loose = pod('loose');
    store.set('/registry/pods/default/loose', loose);
    loose.metadata.name = 'changed';
    expect(loose.metadata.name).toBe('changed');
    setFreezeStored(true);
    const frozen = pod('frozen');
    store.set('/registry/pods/default/frozen', frozen);
    expect(() => {
      frozen.metadata.labels!.app = 'b';
    }).toThrow(TypeError);
    expect(() => {
      (frozen.spec as { containers: { name: string }[] }).containers[0]!.name = 'd';
    }).toThrow(TypeError);
    expect(() => {
      frozen.status = {};
    }).toThrow(TypeError);
  });

  for (const file of all) {
    it(`${file}: no stored object is written to; the trace is unchanged`, async () => {
      const path = `scenarios/${file}`;
      const expected = writeTrace(await simulateOnce(path));
      const loaded = await loadScenarioOnce(path);
      if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
      setFreezeStored(true);
      const trace = simulate(loaded.value);
      setFreezeStored(false);
      expect(writeTrace(trace)).toBe(expected);
    });
  }
});
