/**
 * Gallery review D8 at summary (the gallery's level): the architecture picture
 * draws the objects its focus steps are about, not only those they write —
 * statefulset's headless Service and the claims its StatefulSet creates (one
 * box, `www-web-0..2`), drain-pdb's `db` PodDisruptionBudget that refuses the
 * eviction beside `web`, service-types' web-internal and web-headless beside
 * the two Services traffic goes through — and each picture still fits a slide
 * (build/fit.ts: 1600×900 logical px, text ≥ 12 px at 1280 px wide). The
 * objects box stands in the workers' row, its objects one over the other
 * (top-down), or in two rows beside the control plane (left to right):
 * layout/graph-elk.ts rowPlan and gridEdges.
 */
import { describe, expect, it } from 'vitest';
import { buildView } from '../../src/views/index.ts';
import { renderLaidOut } from '../../src/render/index.ts';
import { fitsSlide, slideMisfit, svgSize } from '../../src/build/fit.ts';
import type { LaidOut } from '../../src/layout/types.ts';
import { loadScenarioOnce, simulateOnce } from '../helpers/library.ts';
import { layoutOnce } from '../helpers/layouts.ts';

/** The summary architecture picture as build draws it for the gallery (build/stages.ts buildView). */
async function summaryPicture(name: string): Promise<LaidOut> {
  const loaded = await loadScenarioOnce(`scenarios/${name}.yaml`);
  if (!loaded.ok) throw new Error(`${name} does not load`);
  const steps = loaded.value.diagrams.architecture.steps;
  return layoutOnce(buildView(await simulateOnce(`scenarios/${name}.yaml`), 'architecture', { ...(steps ? { steps } : {}), detail: 'summary' }));
}

/** The object boxes drawn: id → `label / sublabel`. */
function objectBoxes(laid: LaidOut): Map<string, string> {
  return new Map(laid.nodes.filter((n) => n.id.startsWith('object:')).map((n) => [n.id, [n.label.text, n.sublabel?.text].filter(Boolean).join(' / ')]));
}

function expectSlide(laid: LaidOut): void {
  const size = svgSize(renderLaidOut(laid, { format: 'svg', theme: 'light' }) as string);
  expect(fitsSlide(size), slideMisfit(size)).toBe(true);
}

describe('summary architecture: the objects the focus is about, on a slide', () => {
  it('statefulset: the headless Service and its three claims in one box', async () => {
    const laid = await summaryPicture('statefulset');
    const boxes = objectBoxes(laid);
    expect(boxes.get('object:Service/default/web')).toMatch(/^web \/ Service · ClusterIP None$/);
    expect(boxes.get('object:PersistentVolumeClaim/default/www-web-0')).toMatch(/^www-web-0\.\.2 \/ 3 PersistentVolumeClaims · Bound$/);
    expect([...boxes.keys()].filter((id) => id.includes('PersistentVolumeClaim'))).toHaveLength(1);
    expectSlide(laid);
  });

  it('drain-pdb: the db budget that refuses the eviction, beside web', async () => {
    const laid = await summaryPicture('drain-pdb');
    expect([...objectBoxes(laid).keys()]).toEqual(expect.arrayContaining(['object:PodDisruptionBudget/default/db', 'object:PodDisruptionBudget/default/web']));
    expectSlide(laid);
  });

  it('service-types: web-internal and web-headless beside the Services traffic goes through', async () => {
    const laid = await summaryPicture('service-types');
    const ids = [...objectBoxes(laid).keys()];
    for (const name of ['web-internal', 'web-headless', 'web-nodeport', 'web-lb']) expect(ids).toContain(`object:Service/default/${name}`);
    expectSlide(laid);
  });

  // Gallery review D23: a summary leaves ConfigMaps, Secrets, claims and volumes out unless the focus is about them.
  it('configmap-secret: its ConfigMaps (one box) and its Secret', async () => {
    const laid = await summaryPicture('configmap-secret');
    const boxes = objectBoxes(laid);
    expect(boxes.get('object:ConfigMap/default/app-config')).toBe('app-config, feature-flags / 2 ConfigMaps · 4 keys');
    expect(boxes.get('object:Secret/default/db-credentials')).toBe('db-credentials / Secret · 1 key');
    expectSlide(laid);
  });

  it('persistent-volumes: its claims and its volumes, one box each with their states counted', async () => {
    const laid = await summaryPicture('persistent-volumes');
    const boxes = objectBoxes(laid);
    expect(boxes.get('object:PersistentVolumeClaim/default/big')).toBe('big, cache, data, gold, logs, scratch / 6 PersistentVolumeClaims · 5 Bound, 1 Pending');
    // The two volumes a provisioner made (pvc-<uid>) are counted, not listed: a cut uid is no name (labels-whole-words).
    expect(boxes.get('object:PersistentVolume//local-ssd-worker-2')).toBe('local-ssd-worker-2, pv-1g, pv-10g, pv-gold, +2 provisioned / 6 PersistentVolumes · 5 Bound, 1 Available');
    expect([...boxes.keys()].filter((id) => /PersistentVolume/.test(id))).toHaveLength(2);
    expectSlide(laid);
  });

  // Gallery review D24: the CronJob and the DaemonSet a scenario is about, each with its own icon like the other object boxes.
  it('job-cronjob: the CronJob whose schedule ran beside its Jobs, all with icons', async () => {
    const laid = await summaryPicture('job-cronjob');
    const boxes = objectBoxes(laid);
    expect(boxes.get('object:CronJob/default/hello')).toMatch(/^hello \/ CronJob/);
    const icons = new Map(laid.nodes.filter((n) => n.id.startsWith('object:')).map((n) => [n.id, n.icon]));
    expect(icons.get('object:CronJob/default/hello')).toBe('cronjob');
    expect(icons.get('object:Job/default/batch')).toBe('job');
    expectSlide(laid);
  });

  it('daemonset: the DaemonSet kubectl writes, with its icon', async () => {
    const laid = await summaryPicture('daemonset');
    expect(objectBoxes(laid).get('object:DaemonSet/default/log-agent')).toMatch(/^log-agent \/ DaemonSet/);
    expect(laid.nodes.find((n) => n.id === 'object:DaemonSet/default/log-agent')?.icon).toBe('daemonset');
    expectSlide(laid);
  });
});
