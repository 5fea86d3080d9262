/**
 * Custom resources against their CRD's structural schema, as kube-apiserver
 * handles them (k8s.io/apiextensions-apiserver 1.31): pruning with kubectl's
 * fieldValidation=Strict (unknown field → 400), defaulting, then validation
 * with kube-openapi's messages mapped to field errors
 * (pkg/apiserver/validation/validation.go kubeOpenAPIResultToFieldErrors;
 * cases after validation_test.go TestValidateCustomResource and the
 * apiextensions integration tests' messages), and the CRD's own
 * structural-schema check (pkg/apiserver/schema/validation_test.go).
 */
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../src/trace/types.ts';
import { trace } from './helpers.ts';

const SCHEMA = `
          type: object
          properties:
            spec:
              type: object
              required: [size]
              properties:
                size: { type: integer, minimum: 1, maximum: 10 }
                color: { type: string, enum: [red, blue], default: red }
                name: { type: string, pattern: '^[a-z]+$', minLength: 2, maxLength: 5 }
                tags: { type: array, items: { type: string }, minItems: 1, maxItems: 2 }
                port: { x-kubernetes-int-or-string: true }
                extra: { type: object, x-kubernetes-preserve-unknown-fields: true }
                limits: { type: object, additionalProperties: { type: integer } }
            status:
              type: object
              properties:
                ready: { type: integer }`;

const crd = (schema = SCHEMA) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget, shortNames: [wd] }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:${schema}
`;

const widget = (spec: string) => `apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: ${spec}\n`;

function run(steps: string[], files: Record<string, string>): Trace {
  const text = steps.map((c) => `  - kubectl: ${JSON.stringify(c)}\n    continueOnError: true\n`).join('');
  return trace(`kubescene: v1\nname: t\ncluster:\n  nodes:\n    - { name: worker-1 }\nsteps:\n${text}`, files);
}

function outputs(t: Trace): string[] {
  return t.steps.filter((s) => s.exitCode !== undefined).map((s) => `${s.output ?? ''}${s.error ?? ''}[${s.exitCode}]`);
}

/** The answer to `kubectl apply -f w.yaml` of a Widget with `spec`. */
function applyWidget(spec: string, schema?: string): string {
  return outputs(run(['apply -f crd.yaml', 'apply -f w.yaml'], { 'crd.yaml': crd(schema), 'w.yaml': widget(spec) }))[1]!;
}

describe('custom resources are validated against the CRD schema (422 with the API server\'s messages)', () => {
  it.each([
    ['type', '{ size: big }', 'The Widget "w" is invalid: spec.size: Invalid value: "string": spec.size in body must be of type integer: "string"'],
    ['type of a float for an integer', '{ size: 1.5 }', 'The Widget "w" is invalid: spec.size: Invalid value: "number": spec.size in body must be of type integer: "number"'],
    ['required', '{ color: red }', 'The Widget "w" is invalid: spec.size: Required value'],
    ['minimum', '{ size: 0 }', 'The Widget "w" is invalid: spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1'],
    ['maximum', '{ size: 11 }', 'The Widget "w" is invalid: spec.size: Invalid value: 11: spec.size in body should be less than or equal to 10'],
    ['enum (field.NotSupported)', '{ size: 1, color: pink }', 'The Widget "w" is invalid: spec.color: Unsupported value: "pink": supported values: "red", "blue"'],
    ['pattern', '{ size: 1, name: AB }', 'The Widget "w" is invalid: spec.name: Invalid value: "AB": spec.name in body should match \'^[a-z]+$\''],
    ['minLength', '{ size: 1, name: a }', 'The Widget "w" is invalid: spec.name: Invalid value: "a": spec.name in body should be at least 2 chars long'],
    ['maxLength (field.TooLongMaxLength: no value)', '{ size: 1, name: abcdef }', 'The Widget "w" is invalid: spec.name: Too long: may not be longer than 5'],
    ['minItems', '{ size: 1, tags: [] }', 'The Widget "w" is invalid: spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items'],
    ['maxItems (field.TooMany)', '{ size: 1, tags: [a, b, c] }', 'The Widget "w" is invalid: spec.tags: Too many: 3: must have at most 2 items'],
    ['array items', '{ size: 1, tags: [a, 3] }', 'The Widget "w" is invalid: spec.tags[1]: Invalid value: "integer": spec.tags[1] in body must be of type string: "integer"'],
    ['x-kubernetes-int-or-string', '{ size: 1, port: true }', 'The Widget "w" is invalid: spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"'],
    ['additionalProperties schema', '{ size: 1, limits: { cpu: x } }', 'The Widget "w" is invalid: spec.limits.cpu: Invalid value: "string": spec.limits.cpu in body must be of type integer: "string"'],
    [
      'several errors: kubectl lists them',
      '{ size: 0, color: pink }',
      'The Widget "w" is invalid: \n* spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1\n* spec.color: Unsupported value: "pink": supported values: "red", "blue"',
    ],
  ])('%s', (_what, spec, want) => {
    expect(applyWidget(spec)).toBe(`${want}\n[1]`);
  });

  it('a valid object is created; int-or-string takes both; preserve-unknown-fields keeps anything', () => {
    expect(applyWidget('{ size: 3, port: http, extra: { any: [1, 2] }, limits: { cpu: 2 } }')).toBe('widget.example.com/w created\n[0]');
    expect(applyWidget('{ size: 3, port: 8080 }')).toBe('widget.example.com/w created\n[0]');
  });
});

describe('a Go (RE2) pattern JavaScript cannot compile', () => {
  it('the CRD is accepted (Go compiles it) and the pattern is not checked (validate warns at it)', () => {
    const schema = SCHEMA.replace("pattern: '^[a-z]+$'", () => "pattern: '(?i)^[a-z]+$'");
    expect(applyWidget('{ size: 1, name: AB }', schema)).toBe('widget.example.com/w created\n[0]');
  });
});

describe('unknown fields: kubectl asks for fieldValidation=Strict', () => {
  it('an unknown field is kubectl\'s strict decoding error (400), every one listed', () => {
    expect(applyWidget('{ size: 1, foo: 1, bar: 2 }')).toBe(
      'Error from server (BadRequest): error when creating "w.yaml": Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "spec.bar", unknown field "spec.foo"\n[1]',
    );
  });

  it('a field under x-kubernetes-preserve-unknown-fields is kept', () => {
    const t = run(['apply -f crd.yaml', 'apply -f w.yaml', 'get wd w -o jsonpath={.spec.extra}'], { 'crd.yaml': crd(), 'w.yaml': widget('{ size: 1, extra: { a: { b: 1 } } }') });
    expect(outputs(t)[2]).toBe('{"a":{"b":1}}[0]');
  });
});

describe('defaulting (structural defaulting: absent properties get `default`)', () => {
  it('a missing property gets its default, stored in etcd', () => {
    const t = run(['apply -f crd.yaml', 'apply -f w.yaml', 'get wd w -o jsonpath={.spec.color}'], { 'crd.yaml': crd(), 'w.yaml': widget('{ size: 1 }') });
    expect(outputs(t)[2]).toBe('red[0]');
  });
  it('a given value is kept', () => {
    const t = run(['apply -f crd.yaml', 'apply -f w.yaml', 'get wd w -o jsonpath={.spec.color}'], { 'crd.yaml': crd(), 'w.yaml': widget('{ size: 1, color: blue }') });
    expect(outputs(t)[2]).toBe('blue[0]');
  });
});

describe('the CRD\'s schema must be structural (ValidateCustomResourceDefinition, v1)', () => {
  const P = 'spec.versions[0].schema.openAPIV3Schema';
  it.each([
    ['a property without type', `\n          type: object\n          properties:\n            spec: { description: no type }`, [`${P}.properties[spec].type: Required value: must not be empty for specified object fields`]],
    ['no type at the root', `\n          properties:\n            spec: { type: object }`, [`${P}.type: Required value: must not be empty at the root`]],
    ['a root that is not an object', `\n          type: string`, [`${P}.type: Invalid value: "string": must be object at the root`]],
    ['an array without items', `\n          type: object\n          properties:\n            spec: { type: array }`, [`${P}.properties[spec].items: Required value: must be specified`]],
    ['array items without type', `\n          type: object\n          properties:\n            spec: { type: array, items: {} }`, [`${P}.properties[spec].items.type: Required value: must not be empty for specified array items`]],
  ])('%s', (_what, schema, causes) => {
    const out = outputs(run(['apply -f crd.yaml'], { 'crd.yaml': crd(schema) }))[0]!;
    const want = causes.length === 1 ? `The CustomResourceDefinition "widgets.example.com" is invalid: ${causes[0]}` : '';
    expect(out).toBe(`${want}\n[1]`);
  });

  it('a version without a schema', () => {
    const noSchema = crd().replace(/ {6}schema:[\s\S]*$/, '');
    expect(outputs(run(['apply -f crd.yaml'], { 'crd.yaml': noSchema }))[0]).toBe(`The CustomResourceDefinition "widgets.example.com" is invalid: ${P}: Required value: schemas are required\n[1]`);
  });
});
