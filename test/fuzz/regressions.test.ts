/**
 * Crashes the fuzz campaign found (scripts/fuzz.ts), each as the smallest
 * input that showed it: before the fix these threw (exit 70); now they end
 * in a located diagnostic.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/common/diagnostic.ts';
import type { Result } from '../../src/common/result.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import { simulate } from '../../src/cluster/index.ts';
import { parseScenario } from '../../src/scenario/index.ts';

const SCENARIO = `kubescene: v1
name: fuzz
title: Fuzz regression
cluster:
  nodes:
    - { name: worker-1 }
steps:
  - kubectl: apply -f manifest.yaml
`;

/** The diagnostics of a failed load (none when it loaded). */
const errorsOf = (r: Result<Scenario>): Diagnostic[] => (r.ok ? [] : r.diagnostics);

function load(manifest: string) {
  return parseScenario(SCENARIO, 'fuzz.yaml', (rel) => (rel === 'manifest.yaml' ? manifest : undefined));
}

describe('fuzz regressions', () => {
  it('an alias inside its own anchor in a -f manifest is a located yaml-syntax error, not a stack overflow', () => {
    // Seed 2, case 3: corpus/guestbook/redis-replica-deployment.yaml with `spec: &f562` aliased under spec.
    const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec: &s
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: nginx
          ports:
            - *s
`;
    const r = load(manifest);
    expect(r.ok).toBe(false);
    const d = errorsOf(r).find((x) => x.code === 'yaml-syntax');
    expect(d).toMatchObject({ file: 'manifest.yaml', start: { line: 14, column: 15 } });
    expect(d?.message).toBe('alias "*s" refers to its own anchor');
  });

  it('an empty scenario is located at 1:1', () => {
    // Seed 1, case 382: a truncation at byte 0.
    const r = parseScenario('', 'fuzz.yaml', () => undefined);
    expect(r.ok).toBe(false);
    expect(errorsOf(r)[0]).toMatchObject({ code: 'missing-key', message: 'the scenario is empty', start: { line: 1, column: 1 } });
  });

  it('a YAML error at the end of a truncated inline block is located inside the file', () => {
    // Seed 1, case 429: scenarios/architecture-overview.yaml truncated inside a files: block; the error was at 73:5 of a 72-line file.
    const text = `kubescene: v1
name: fuzz
title: Truncated
cluster:
  nodes:
    - { name: worker-1 }
steps:
  - kubectl: apply -f web.yaml
files:
  web.yaml: |
    apiVersion: apps/v1
    kind: Deployment
    spec:
      selector: { matchLabels: { app: web`;
    const r = parseScenario(text, 'fuzz.yaml', () => undefined);
    expect(r.ok).toBe(false);
    const lines = text.split('\n');
    const syntax = errorsOf(r).filter((d) => d.code === 'yaml-syntax');
    expect(syntax.length).toBeGreaterThan(0);
    for (const d of syntax) {
      expect(d.start!.line).toBeLessThanOrEqual(lines.length);
      expect(d.start!.column).toBeLessThanOrEqual(lines[d.start!.line - 1]!.length + 1);
      expect(d.sourceLine).toBe(lines[d.start!.line - 1]);
    }
  });

  it.each([
    ['clusterIP: "line\\u2028sep"', 'spec.clusterIPs[0]: Invalid value: "line\u2028sep": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    ['clusterIP: "2001:db8::1"', 'spec.clusterIPs[0]: Invalid value: "2001:db8::1": expected an IPv4 value as indicated by `ipFamilies[0]`'],
    ['externalIPs: ["not-an-ip"]', 'spec.externalIPs[0]: Invalid value: "not-an-ip": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
  ])('a Service with %s is refused by the API server, not a crash in kube-proxy', (field, message) => {
    // Seed 1, case 569: scenarios/service-types.yaml with a unicode clusterIP threw "not an IPv4 address" from kube-proxy's IPVS rules.
    const scenario = `kubescene: v1
name: fuzz
title: Bad IP
cluster:
  proxyMode: ipvs
  nodes:
    - { name: worker-1 }
files:
  svc.yaml:
    apiVersion: v1
    kind: Service
    metadata: { name: web }
    spec:
      selector: { app: web }
      ${field}
      ports: [{ port: 80 }]
steps:
  - kubectl: apply -f svc.yaml
    expect: { exit: 1 }
`;
    const r = parseScenario(scenario, 'fuzz.yaml', () => undefined);
    if (!r.ok) throw new Error(errorsOf(r).map((d) => d.message).join('\n'));
    const trace = simulate(r.value);
    expect(trace.steps[0]!.error).toContain(`The Service "web" is invalid: ${message}`);
  });

  it('an init container without an image is refused by the API server, not crashed on by the kubelet', () => {
    // Seed 1, case 6308: scenarios/pod-vs-container.yaml with the init container's `image` deleted;
    // the kubelet threw in normalizeImage. Real validation (validateInitContainers) refuses it.
    const scenario = `kubescene: v1
name: fuzz
title: Fuzz regression
cluster:
  nodes:
    - { name: worker-1 }
files:
  pod.yaml:
    apiVersion: v1
    kind: Pod
    metadata: { name: web }
    spec:
      initContainers:
        - { name: init }
        - { name: web, image: busybox }
      containers:
        - { name: web, image: nginx }
steps:
  - kubectl: apply -f pod.yaml
    expect: { exit: 1 }
`;
    const r = parseScenario(scenario, 'fuzz.yaml', () => undefined);
    if (!r.ok) throw new Error(errorsOf(r).map((d) => d.message).join('\n'));
    const trace = simulate(r.value);
    expect(trace.steps[0]!.error).toContain('spec.initContainers[0].image: Required value');
    expect(trace.steps[0]!.error).toContain('spec.initContainers[1].name: Duplicate value: "web"');
  });

  it('YAML errors after a multi-line token the lexer swallowed keep their real line', () => {
    // Seed 1, case 2135: a line "    kind: Deployment" moved to the top of scenarios/get-pods.yaml;
    // the error at "seed" (line 8) was reported as 6:… with a column past the end of line 6.
    const text = `    kind: Deployment
kubescene: v1
name: get-pods
description: |
  Listing Pods is a read,
  answered from the watch cache.

seed: 7
`;
    const r = parseScenario(text, 'fuzz.yaml', () => undefined);
    const lines = text.split('\n');
    const errors = errorsOf(r);
    expect(errors.length).toBeGreaterThan(0);
    for (const d of errors) {
      expect(d.start!.column, `${d.start!.line}:${d.start!.column} ${d.message}`).toBeLessThanOrEqual(lines[d.start!.line - 1]!.length + 1);
    }
    expect(errors.some((d) => d.start!.line === 8 && d.message.includes('"seed"'))).toBe(true);
  });
  it('an alias bomb built on an empty anchor stops at yaml-alias-limit (the library counts it 0 aliases)', () => {
    // Seed 7, case 328: scenarios/scheduling-constraints.yaml replaced by nine levels of nine
    // references to `&a1 []` (9^9 empty lists); validate ran for minutes and grew without bound.
    const levels = Array.from({ length: 9 }, (_, k) => `a${k + 2}: &a${k + 2} [ ${Array(9).fill(`*a${k + 1}`).join(', ')} ]`);
    const text = ['a0: &a0 [ lol ]', 'a1: &a1 []', ...levels, ''].join('\n');
    const r = parseScenario(text, 'fuzz.yaml', () => undefined);
    const d = errorsOf(r);
    expect(d.map((x) => x.code)).toEqual(['yaml-alias-limit']);
    // Located at the alias that crosses 100,000 expanded nodes: the first *a6 (9^5 = 59,049 nodes each).
    expect(d[0]!.start).toEqual({ line: 8, column: 11 });
    expect(d[0]!.message).toMatch(/limit of 100000 nodes/);
  });

  it('ordinary anchor reuse stays below the expanded-size bound', () => {
    const text = `${SCENARIO}defaults: &d { a: 1, b: [1, 2, 3] }\nmore: [ ${Array(50).fill('*d').join(', ')} ]\n`;
    const d = errorsOf(parseScenario(text, 'fuzz.yaml', () => 'kind: ConfigMap\napiVersion: v1\nmetadata: { name: x }\n'));
    expect(d.filter((x) => x.code === 'yaml-alias-limit')).toEqual([]);
  });
});
