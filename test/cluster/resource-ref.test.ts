import { describe, expect, it } from 'vitest';
import { resourceRef, resourceRefByField } from '../../src/cluster/apiserver/resource-ref.ts';
import { resourceForKind } from '../../src/cluster/core/resources.ts';

describe('resourceRef', () => {
  it('gives the field-by-field reference, keys in the same order, for every combination of members', () => {
    const kinds = ['Pod', 'Node', 'Deployment', 'ClusterRole'].map((k) => resourceForKind(k)!);
    for (const r of kinds) {
      for (const ns of [undefined, '', 'default']) {
        for (const name of [undefined, '', 'web-1']) {
          for (const sub of [undefined, '', 'status']) {
            const fast = resourceRef(r, ns, name, sub);
            const ref = resourceRefByField(r, ns, name, sub);
            expect(Object.keys(fast), `${r.kind} ${ns} ${name} ${sub}`).toEqual(Object.keys(ref));
            expect(fast).toStrictEqual(ref);
          }
        }
      }
    }
  });

  it('leaves the namespace out for a cluster-scoped resource', () => {
    expect(resourceRef(resourceForKind('Node')!, 'default', 'n1')).toEqual({ apiVersion: 'v1', kind: 'Node', resource: 'nodes', name: 'n1' });
    expect(Object.keys(resourceRef(resourceForKind('Deployment')!, 'default', 'web', 'scale'))).toEqual(['apiVersion', 'kind', 'resource', 'namespace', 'name', 'subresource']);
  });
});
