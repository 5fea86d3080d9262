/**
 * Real manifests (../shared/corpus) load without a single diagnostic, served
 * through parseScenario's readFile (they live outside any scenario folder).
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/common/diagnostic.ts';
import { parseScenario } from '../../src/scenario/index.ts';
import { isKnownKind } from '../../src/scenario/kinds.ts';

const CORPUS = '../shared/corpus';
const sets = existsSync(CORPUS) ? readdirSync(CORPUS).filter((d) => readdirSync(`${CORPUS}/${d}`).some((f) => f.endsWith('.yaml'))).sort() : [];

function load(set: string) {
  const names = readdirSync(`${CORPUS}/${set}`).filter((f) => f.endsWith('.yaml')).sort();
  const text = ['kubescene: v1', 'steps:', ...names.map((n) => `  - kubectl: apply -f ${n}`)].join('\n') + '\n';
  const r = parseScenario(text, `${set}.yaml`, (rel) => (names.includes(rel) ? readFileSync(`${CORPUS}/${set}/${rel}`, 'utf8') : undefined));
  if (!r.ok) throw new Error(r.diagnostics.map((d) => formatDiagnostic(d, { color: false })).join('\n'));
  return { names, scenario: r.value };
}

describe.skipIf(sets.length === 0)('corpus manifests', () => {
  it.each(sets)('%s loads cleanly', (set) => {
    const { names, scenario } = load(set);
    expect(Object.keys(scenario.files).sort()).toEqual(names);
    for (const name of names) expect(scenario.files[name]?.objects.length).toBeGreaterThan(0);
    expect(scenario.inputs.map((i) => i.path)).toEqual([`${set}.yaml`, ...names].sort());
  });

  it('guestbook: the all-in-one file has the same objects as the separate files', () => {
    const { scenario } = load('guestbook');
    const ids = (names: string[]) => names.flatMap((n) => scenario.files[n]!.objects.map((o) => `${o.kind}/${o.metadata.name}`)).sort();
    const separate = Object.keys(scenario.files).filter((n) => n !== 'guestbook-all-in-one.yaml');
    expect(ids(['guestbook-all-in-one.yaml'])).toEqual(ids(separate));
  });

  it('microservices-demo: Istio kinds are kept for kubectl to reject at run time', () => {
    const { scenario } = load('microservices-demo');
    const istio = scenario.files['istio-manifests.yaml']!.objects;
    expect(istio.length).toBeGreaterThan(0);
    expect(istio.every((o) => !isKnownKind(o.apiVersion, o.kind))).toBe(true);
    const k8s = scenario.files['kubernetes-manifests.yaml']!.objects;
    expect(k8s.filter((o) => o.kind === 'Deployment').length).toBeGreaterThanOrEqual(10);
    expect(k8s.every((o) => isKnownKind(o.apiVersion, o.kind))).toBe(true);
  });
});
