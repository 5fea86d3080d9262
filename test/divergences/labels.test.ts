/**
 * Label keys and values are validated as the API server validates them
 * (ValidateObjectMeta → ValidateLabels, k8s.io/apimachinery/pkg/util/validation)
 * with its real 422 message; `kubectl label` checks values itself first.
 * Cases from validation_test.go's TestIsQualifiedName / TestIsValidLabelValue.
 */
import { describe, expect, it } from 'vitest';
import { labelValueErrors, qualifiedNameErrors } from '../../src/cluster/core/names.ts';
import { trace } from '../cluster/helpers.ts';

const VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('IsQualifiedName (label keys)', () => {
  it.each(['simple', 'now-with-dashes', '1-starts-with-num', '1234', 'simple/simple', 'now-with-dashes/simple', 'now-with-dashes/now-with-dashes', 'now.with.dots/simple', 'now-with.dashes-and.dots/simple', '1-num.2-num/3-num', '1234/5678', '1.2.3.4/5678', 'Uppercase_Is_OK_123', 'example.com/Uppercase_Is_OK_123', 'requests.storage-foo', 'a'.repeat(63), `${'a'.repeat(253)}/${'b'.repeat(63)}`])('accepts %s', (k) => {
    expect(qualifiedNameErrors(k)).toEqual([]);
  });
  it.each(['nospecialchars%^=@', 'cantendwithadash-', '-cantstartwithadash-', 'only/one/slash', 'Example.com/abc', 'example_com/abc', 'example.com/', '/simple', 'a'.repeat(64), `${'a'.repeat(254)}/abc`])('rejects %s', (k) => {
    expect(qualifiedNameErrors(k).length).toBeGreaterThan(0);
  });
});

describe('IsValidLabelValue', () => {
  it.each(['simple', 'now-with-dashes', '1-starts-with-num', 'end-with-num-1', '1234', '-'.replace('-', ''), 'a'.repeat(63), 'Uppercase_Is_OK_123'])('accepts %j', (v) => {
    expect(labelValueErrors(v)).toEqual([]);
  });
  it('rejects what the API server rejects, with its messages', () => {
    expect(labelValueErrors('a b')).toEqual([VALUE_MSG]);
    expect(labelValueErrors('nospecialchars%^=@')).toEqual([VALUE_MSG]);
    expect(labelValueErrors('Tama-nui-te-rā.is.Māori.sun')).toEqual([VALUE_MSG]);
    expect(labelValueErrors('\\backslashes\\are\\bad')).toEqual([VALUE_MSG]);
    expect(labelValueErrors('-starts-with-dash')).toEqual([VALUE_MSG]);
    expect(labelValueErrors('ends-with-dash-')).toEqual([VALUE_MSG]);
    expect(labelValueErrors('a/b')).toEqual([VALUE_MSG]);
    expect(labelValueErrors('<html>')).toEqual([VALUE_MSG]);
    expect(labelValueErrors('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });
});

describe('the API server rejects invalid labels with 422', () => {
  const NODES = 'cluster:\n  nodes:\n    - { name: worker-1, cpu: "4", memory: 8Gi, images: ["nginx:1.27"] }\n';
  function run(commands: string[], files: Record<string, string>): { output?: string; error?: string; exitCode?: number }[] {
    const steps = commands.map((c) => `  - kubectl: ${JSON.stringify(c)}\n    continueOnError: true\n`).join('');
    return trace(`kubescene: v1\nname: t\n${NODES}steps:\n${steps}`, files).steps.map((s) => ({ output: s.output, error: s.error, exitCode: s.exitCode }));
  }

  it('a Pod whose label value has a space, and a ConfigMap whose label key has two slashes', () => {
    const steps = run(['apply -f pod.yaml', 'apply -f cm.yaml'], {
      'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: { name: p, labels: { app: "my app" } }\nspec: { containers: [{ name: c, image: "nginx:1.27" }] }\n',
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, labels: { "a/b/c": x } }\n',
    });
    expect(steps[0]).toEqual({ output: '', error: `The Pod "p" is invalid: metadata.labels: Invalid value: "my app": ${VALUE_MSG}\n`, exitCode: 1 });
    expect(steps[1]!.error).toBe(
      `The ConfigMap "c" is invalid: metadata.labels: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')\n`,
    );
  });

  it('a Deployment whose template label is longer than 63 characters', () => {
    const long = 'x'.repeat(64);
    const steps = run(['apply -f web.yaml'], {
      'web.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec:\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web, v: ${long} } }\n    spec: { containers: [{ name: c, image: "nginx:1.27" }] }\n`,
    });
    expect(steps[0]!.error).toBe(`The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: "${long}": must be no more than 63 characters\n`);
  });

  it('kubectl label checks the value itself, before any request', () => {
    const steps = run(['apply -f pod.yaml', 'label pod p app=a<b', 'label pod p app=ok'], {
      'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec: { containers: [{ name: c, image: "nginx:1.27" }] }\n',
    });
    expect(steps[1]).toEqual({ output: '', error: `error: invalid label value: "app=a<b": ${VALUE_MSG}\n`, exitCode: 1 });
    expect(steps[2]!.output).toBe('pod/p labeled\n');
  });
});

/**
 * Annotation keys (apimachinery/pkg/api/validation/objectmeta.go
 * ValidateAnnotations: IsQualifiedName of the lowercased key, field.Invalid
 * with the key as written) and their total size (ValidateAnnotationsSize:
 * len(k)+len(v) bytes over TotalAnnotationSizeLimitB = 256 KiB →
 * field.TooLong "must have at most 262144 bytes").
 */
describe('the API server rejects invalid annotations with 422', () => {
  const NODES = 'cluster:\n  nodes:\n    - { name: worker-1, cpu: "4", memory: 8Gi, images: ["nginx:1.27"] }\n';
  function run(commands: string[], files: Record<string, string>): { output?: string; error?: string; exitCode?: number }[] {
    const steps = commands.map((c) => `  - kubectl: ${JSON.stringify(c)}\n    continueOnError: true\n`).join('');
    return trace(`kubescene: v1\nname: t\n${NODES}steps:\n${steps}`, files).steps.map((s) => ({ output: s.output, error: s.error, exitCode: s.exitCode }));
  }
  const NAME_PART =
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

  it('a key with a space; an upper-case prefix is fine (the key is lowercased first)', () => {
    const steps = run(['apply -f cm.yaml', 'apply -f ok.yaml'], {
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, annotations: { "a b": x } }\n',
      'ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ok, annotations: { "Example.COM/Owner": "any value at all <>" } }\n',
    });
    expect(steps[0]).toEqual({ output: '', error: `The ConfigMap "c" is invalid: metadata.annotations: Invalid value: "a b": ${NAME_PART}\n`, exitCode: 1 });
    expect(steps[1]).toMatchObject({ output: 'configmap/ok created\n', exitCode: 0 });
  });

  it('a pod template annotation key, and kubectl annotate with a bad key (rejected by the server)', () => {
    const steps = run(['apply -f web.yaml', 'apply -f pod.yaml', 'annotate pod p "x/y/z=1"'], {
      'web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec:\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web }, annotations: { "-bad": "1" } }\n    spec: { containers: [{ name: c, image: "nginx:1.27" }] }\n',
      'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec: { containers: [{ name: c, image: "nginx:1.27" }] }\n',
    });
    expect(steps[0]!.error).toBe(`The Deployment "web" is invalid: spec.template.metadata.annotations: Invalid value: "-bad": ${NAME_PART}\n`);
    expect(steps[2]!.exitCode).toBe(1);
    expect(steps[2]!.error).toContain('metadata.annotations: Invalid value: "x/y/z": a qualified name must consist of');
  });

  it('more than 256 KiB of annotations: Too long', () => {
    const big = 'v'.repeat(262_144); // with the key "k": 262145 bytes
    // kubectl create: apply would add the last-applied-configuration annotation, itself over the limit.
    const steps = run(['create -f big.yaml', 'create -f fits.yaml', 'apply -f fits.yaml'], {
      'big.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: big, annotations: { k: "${big}" } }\n`,
      'fits.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: fits, annotations: { k: "${big.slice(1)}" } }\n`,
    });
    expect(steps[0]!.error).toBe('The ConfigMap "big" is invalid: metadata.annotations: Too long: must have at most 262144 bytes\n');
    expect(steps[1]).toMatchObject({ output: 'configmap/fits created\n', exitCode: 0 });
    expect(steps[2]!.error).toContain('metadata.annotations: Too long: must have at most 262144 bytes');
  });
});
