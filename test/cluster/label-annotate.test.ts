/**
 * `kubectl label` / `kubectl annotate` GET the object first (the builder's
 * .Latest(): k8s.io/kubectl pkg/cmd/label/label.go RunLabel, annotate/annotate.go
 * RunAnnotate), decide --overwrite from it (validateNoOverwrites,
 * updateAnnotations) and only then send the merge patch; label sends none when
 * nothing changes and prints updateDataChangeMsg's word.
 */
import { describe, expect, it } from 'vitest';
import { trace } from './helpers.ts';

const SCENARIO = `kubescene: v1
name: t
cluster:
  nodes:
    - { name: worker-1 }
steps:
  - kubectl: create configmap app --from-literal=a=b
  - kubectl: label configmap app tier=frontend
  - kubectl: label configmap app tier=backend
    continueOnError: true
  - kubectl: label configmap app tier=frontend
  - kubectl: label configmap app tier-
  - kubectl: annotate configmap app owner=team-web
  - kubectl: annotate configmap app owner=team-db
    continueOnError: true
`;

describe('kubectl label / annotate: GET, then the merge patch computed from it', () => {
  const t = trace(SCENARIO);
  const requests = (n: number) => t.events.filter((e) => e.step === n && e.type === 'request' && e.from.startsWith('kubectl')).map((e) => `${e.method ?? ''} ${e.path ?? ''}`);
  const GET = 'GET /api/v1/namespaces/default/configmaps/app';
  const PATCH = 'PATCH /api/v1/namespaces/default/configmaps/app';
  it('a new label: GET, then PATCH', () => {
    expect(requests(2)).toEqual([GET, PATCH]);
    expect(t.steps[1]).toMatchObject({ exitCode: 0, output: 'configmap/app labeled\n' });
  });
  it('another value without --overwrite: refused by kubectl after the GET, no PATCH', () => {
    expect(requests(3)).toEqual([GET]);
    expect(t.steps[2]).toMatchObject({ exitCode: 1, error: "error: 'tier' already has a value (frontend), and --overwrite is false\n" });
  });
  it('the same value: no PATCH, "not labeled"; a removal: "unlabeled"', () => {
    expect(requests(4)).toEqual([GET]);
    expect(t.steps[3]).toMatchObject({ exitCode: 0, output: 'configmap/app not labeled\n' });
    expect(requests(5)).toEqual([GET, PATCH]);
    expect(t.steps[4]).toMatchObject({ exitCode: 0, output: 'configmap/app unlabeled\n' });
  });
  it('annotate: GET then PATCH; a conflicting value is refused after the GET', () => {
    expect(requests(6)).toEqual([GET, PATCH]);
    expect(t.steps[5]).toMatchObject({ exitCode: 0, output: 'configmap/app annotated\n' });
    expect(requests(7)).toEqual([GET]);
    expect(t.steps[6]).toMatchObject({ exitCode: 1, error: "error: 'owner' already has a value (team-web), and --overwrite is false\n" });
  });
});
