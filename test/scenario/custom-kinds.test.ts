/** Kinds defined by a CRD in the scenario, and kinds defined by nothing: both warned about at `kind:`. */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/common/diagnostic.ts';
import { loadScenario, parseScenario } from '../../src/scenario/index.ts';

const cwd = process.cwd();

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  scope: Namespaced
  names: { plural: widgets, kind: Widget }
  versions:
    - { name: v1, served: true, storage: true }
    - { name: v1beta1, served: false, storage: false }
`;

function warnings(files: Record<string, string>): string[] {
  const steps = Object.keys(files).map((f) => `  - kubectl: apply -f ${f}\n    continueOnError: true\n`).join('');
  const r = parseScenario(`kubescene: v1\nname: t\nsteps:\n${steps}`, 't.yaml', (p) => files[p]);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.warnings.map((d) => `${d.code} ${d.file}:${d.start?.line}:${d.start?.column}`);
}

describe('validate: custom kinds', () => {
  it.each([
    ['a CR without its CRD', { 'w.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w1 }\n' }, ['unknown-kind w.yaml:2:7']],
    ['a CR with its CRD in the scenario', { 'crd.yaml': CRD, 'w.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w1 }\n' }, ['custom-resource w.yaml:2:7']],
    ['a version the CRD does not serve', { 'crd.yaml': CRD, 'w.yaml': 'apiVersion: example.com/v1beta1\nkind: Widget\nmetadata: { name: w1 }\n' }, ['unknown-kind w.yaml:2:7']],
    ['the CRD alone, and built-in kinds', { 'crd.yaml': CRD, 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n' }, []],
  ])('%s', (_what, files, want) => {
    expect(warnings(files)).toEqual(want);
  });

  it('golden: located warnings', async () => {
    const r = await loadScenario('test/fixtures/custom-resources/widgets.yaml', { cwd });
    if (!r.ok) throw new Error(r.diagnostics.map((d) => formatDiagnostic(d, { color: false })).join('\n'));
    const text = r.warnings.map((d) => formatDiagnostic(d, { color: false })).join('\n') + '\n';
    expect(text).toContain('warning[custom-resource]');
    expect(text).toContain('warning[unknown-kind]');
    expect(text).toContain('warning[custom-resource-invalid]');
    await expect(text).toMatchFileSnapshot('__golden__/custom-kinds.warnings.txt');
  });
});

describe('validate: CRD fields the model does not run (ignored-field, at the field)', () => {
  const crd = (schema: string, extra = '') => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  scope: Namespaced
  names: { plural: widgets, kind: Widget }
${extra}  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
${schema}`;
  const messages = (text: string): string[] => {
    const r = parseScenario('kubescene: v1\nname: t\nsteps:\n  - kubectl: apply -f crd.yaml\n', 't.yaml', (p) => (p === 'crd.yaml' ? text : undefined));
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
    return r.warnings.map((d) => `${d.code} ${d.start?.line}:${d.start?.column} ${d.message}`);
  };
  it.each([
    [
      'a CEL rule nested in the schema',
      crd('          type: object\n          properties:\n            spec:\n              type: object\n              x-kubernetes-validations: [{ rule: "self.size > 0" }]\n'),
      /^ignored-field 18:15 .*x-kubernetes-validations: CEL validation rules are not evaluated/,
    ],
    ['a string format', crd('          type: object\n          properties:\n            at: { type: string, format: date-time }\n'), /^ignored-field 16:33 .*format: string formats/],
    ['a property named format is not a format', crd('          type: object\n          properties:\n            format: { type: string }\n'), undefined],
    ['a conversion webhook', crd('          type: object\n', '  conversion: { strategy: Webhook }\n'), /^ignored-field 8:17 .*conversion.strategy: the conversion webhook is not called/],
  ])('%s', (_what, text, want) => {
    const got = messages(text);
    if (want === undefined) expect(got).toEqual([]);
    else {
      expect(got).toHaveLength(1);
      expect(got[0]).toMatch(want);
    }
  });
});

describe('validate: custom resources against the schema of their CRD in the scenario (custom-resource-invalid, at the field)', () => {
  const CRD_SCHEMA = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  scope: Namespaced
  names: { plural: widgets, kind: Widget }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [size]
              properties:
                size: { type: integer, minimum: 1 }
`;
  const check = (widget: string): string[] => {
    const files: Record<string, string> = { 'crd.yaml': CRD_SCHEMA, 'w.yaml': widget };
    const r = parseScenario('kubescene: v1\nname: t\nsteps:\n  - kubectl: apply -f crd.yaml\n  - kubectl: apply -f w.yaml\n', 't.yaml', (p) => files[p]);
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
    return r.warnings.filter((d) => d.code === 'custom-resource-invalid').map((d) => `${d.file}:${d.start?.line}:${d.start?.column} ${d.message}`);
  };
  const W = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n';
  it.each([
    ['valid', `${W}spec: { size: 2 }\n`, []],
    ['a wrong type, at the field', `${W}spec:\n  size: big\n`, ['w.yaml:5:3 Widget "w": spec.size: Invalid value: "string": spec.size in body must be of type integer: "string"']],
    ['below the minimum', `${W}spec:\n  size: 0\n`, ['w.yaml:5:3 Widget "w": spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1']],
    ['a missing required field, at its parent', `${W}spec: {}\n`, ['w.yaml:4:7 Widget "w": spec.size: Required value']],
    ['an unknown field', `${W}spec:\n  size: 1\n  colour: red\n`, ['w.yaml:6:3 Widget "w": unknown field "spec.colour" (kubectl: strict decoding error)']],
  ])('%s', (_what, widget, want) => {
    expect(check(widget)).toEqual(want);
  });
});

describe('a Go pattern JavaScript cannot run', () => {
  it('is warned at (ignored-field) and not checked, and the CRD is accepted', async () => {
    const text = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  scope: Namespaced
  names: { plural: widgets, kind: Widget }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            name: { type: string, pattern: '(?i)^[a-z]+$' }
`;
    const r = parseScenario('kubescene: v1\nname: t\nsteps:\n  - kubectl: apply -f crd.yaml\n', 't.yaml', (p) => (p === 'crd.yaml' ? text : undefined));
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
    expect(r.warnings.map((d) => `${d.code} ${d.start?.line}:${d.start?.column}`)).toEqual(['ignored-field 16:35']);
  });
});
