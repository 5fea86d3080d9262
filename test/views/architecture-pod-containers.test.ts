/**
 * Summary Pod boxes name their IP and containers when the focus is about
 * them (issue 9, gallery review D33): pod-vs-container is about one sandbox,
 * one IP and several containers, and its summary Pod box said only
 * `web · Running`.
 */
import { describe, expect, it } from 'vitest';
import { buildArchitecture } from '../../src/views/index.ts';
import { simulateOnce } from '../helpers/library.ts';

describe('architecture summary: a Pod with several containers', () => {
  it('pod-vs-container: the Pod box names its IP, its init container (done) and its app containers', async () => {
    const v = buildArchitecture(await simulateOnce('scenarios/pod-vs-container.yaml'), { detail: 'summary' });
    const pods = v.nodes.filter((n) => n.icon === 'pod').map((n) => ({ label: n.label, sublabel: n.sublabel }));
    expect(pods).toEqual([{ label: 'web · 10.244.1.2', sublabel: 'Running · init-content ✓, nginx, log-shipper' }]);
  });

  it('a Pod with one container keeps its one-line box (get-pods)', async () => {
    const v = buildArchitecture(await simulateOnce('scenarios/get-pods.yaml'), { detail: 'summary' });
    for (const n of v.nodes.filter((n) => n.icon === 'pod')) expect(n.sublabel ?? '', n.id).not.toMatch(/,/);
  });
});
