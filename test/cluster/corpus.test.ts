/**
 * Real manifests (../shared/corpus) applied through the model: each either
 * deploys (every pod Running) or fails with kubectl's own error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../src/trace/types.ts';
import { trace } from './helpers.ts';

const CORPUS = join(process.cwd(), '..', 'shared', 'corpus');
const read = (rel: string): string | undefined => {
  const p = join(CORPUS, rel);
  return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
};

function applyCorpus(files: string[], nodes = 3): Trace {
  const nodeLines = Array.from({ length: nodes }, (_, i) => `    - { name: worker-${i + 1}, cpu: "8", memory: 32Gi }`).join('\n');
  const steps = files.map((f) => `  - kubectl: apply -f ${f}\n`).join('');
  const text = `kubescene: v1\nname: corpus\ncluster:\n  nodes:\n${nodeLines}\nsteps:\n${steps}`;
  const contents: Record<string, string> = {};
  for (const f of files) contents[f] = read(f)!;
  return trace(text, contents);
}

describe.skipIf(!existsSync(CORPUS))('corpus manifests', () => {
  it('guestbook (Deployments + Services) deploys', () => {
    const t = applyCorpus(['guestbook/guestbook-all-in-one.yaml']);
    expect(t.steps[0]!.exitCode).toBe(0);
    expect(t.steps[0]!.output).toContain('deployment.apps/frontend created');
    expect(t.outcome.pods.length).toBeGreaterThan(0);
    expect(t.outcome.pods.filter((p) => p.phase !== 'Running')).toEqual([]);
    expect(t.outcome.objects.filter((o) => o.kind === 'EndpointSlice').length).toBe(3);
  });

  it('guestbook-go (ReplicationControllers) deploys', () => {
    const files = ['redis-master-controller.yaml', 'redis-master-service.yaml', 'redis-replica-controller.yaml', 'redis-replica-service.yaml', 'guestbook-controller.yaml', 'guestbook-service.yaml'].map((f) => `guestbook-go/${f}`);
    const t = applyCorpus(files);
    expect(t.steps.map((s) => s.exitCode)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(t.steps[2]!.output).toBe('replicationcontroller/redis-replica created\n');
    expect(t.steps[4]!.output).toBe('replicationcontroller/guestbook created\n');
    expect(t.outcome.pods.length).toBeGreaterThanOrEqual(4);
    expect(t.outcome.pods.every((p) => p.phase === 'Running')).toBe(true);
    expect(t.outcome.pods.filter((p) => p.owner?.startsWith('ReplicationController/')).length).toBeGreaterThanOrEqual(3);
  });

  it('microservices-demo deploys', () => {
    const t = applyCorpus(['microservices-demo/kubernetes-manifests.yaml']);
    expect(t.steps[0]!.exitCode).toBe(0);
    expect(t.outcome.pods.length).toBeGreaterThanOrEqual(11);
    expect(t.outcome.pods.filter((p) => p.phase !== 'Running')).toEqual([]);
    expect(t.outcome.passed).toBe(true);
  });

  it('istio manifests fail with kubectl\'s "no matches for kind" error', () => {
    const t = applyCorpus(['microservices-demo/istio-manifests.yaml']);
    expect(t.steps[0]!.exitCode).toBe(1);
    expect(t.steps[0]!.error).toMatch(/^error: resource mapping not found for name: "[\w-]+" namespace: "" from "microservices-demo\/istio-manifests.yaml": no matches for kind "(Gateway|HTTPRoute|ServiceEntry|VirtualService)" in version "[\w./]+"\nensure CRDs are installed first$/m);
  });
});
