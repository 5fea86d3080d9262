import { describe, expect, it } from 'vitest';
import { SCHEMA_KINDS, hasSchema, validateAgainstSchema } from '../../src/scenario/schema.ts';
import { isKnownKind } from '../../src/scenario/kinds.ts';

const pairs = Object.entries(SCHEMA_KINDS).flatMap(([apiVersion, kinds]) => kinds.map((kind) => [apiVersion, kind] as const));

describe('schemas', () => {
  it.each(pairs)('%s %s: loads, is a kind the cluster serves, and catches a wrong type', (apiVersion, kind) => {
    expect(isKnownKind(apiVersion, kind)).toBe(true);
    expect(hasSchema(apiVersion, kind)).toBe(true);
    expect(validateAgainstSchema({ apiVersion, kind, metadata: { name: 'x' } }).filter((e) => e.path.length === 0 && !e.missingProperty)).toEqual([]);
    expect(validateAgainstSchema({ apiVersion, kind, metadata: { name: 5 } })).toContainEqual({ path: ['metadata', 'name'], message: 'must be a string' });
  });

  it('has no schema for kinds the cluster does not serve', () => {
    expect(hasSchema('apps/v1beta1', 'Deployment')).toBe(false);
    expect(hasSchema('networking.istio.io/v1alpha3', 'VirtualService')).toBe(false);
    expect(validateAgainstSchema({ apiVersion: 'example.com/v1', kind: 'Widget', spec: 5 })).toEqual([]);
  });

  it('summarises oneOf failures into one message per field', () => {
    const errors = validateAgainstSchema({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', resources: { requests: { cpu: 'lots' } }, ports: [{ containerPort: 80, protocol: 'TPC' }] }] },
    });
    expect(errors).toEqual([
      { path: ['spec', 'containers', '0', 'ports', '0', 'protocol'], message: 'must be one of "SCTP", "TCP", "UDP"' },
      { path: ['spec', 'containers', '0', 'resources', 'requests', 'cpu'], message: 'must be a valid quantity' },
    ]);
  });
});
