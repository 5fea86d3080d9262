/**
 * Crashes the fuzz campaign found (scripts/fuzz.ts), each as the smallest
 * input that showed it: before the fix these threw (exit 70); now they end
 * in a located diagnostic.
 */
import { describe, expect, it } from 'vitest';
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
    const d = r.diagnostics.find((x) => x.code === 'yaml-syntax');
    expect(d).toMatchObject({ file: 'manifest.yaml', start: { line: 14, column: 15 } });
    expect(d?.message).toBe('alias "*s" refers to its own anchor');
  });
});
