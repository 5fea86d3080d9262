/**
 * The architecture picture draws the objects a scenario is about (issue 9):
 * the ReplicaSets a rolling update scales, the PodDisruptionBudget a drain
 * respects, the StatefulSet, its claims and their volumes, the CronJob and the
 * Jobs it creates — at summary too, where at most SUMMARY_WRITTEN written
 * objects stand beside the traffic path so the picture stays a slide.
 */
import { describe, expect, it } from 'vitest';
import { buildArchitecture } from '../../src/views/index.ts';
import { OBJECT_KINDS, SUMMARY_WRITTEN } from '../../src/views/architecture/objects.ts';
import { objectIcon } from '../../src/views/architecture/nodes.ts';
import type { DetailLevel } from '../../src/views/types.ts';
import { simulateOnce } from '../helpers/library.ts';

async function objects(name: string, detail: DetailLevel): Promise<{ id: string; sublabel: string | undefined }[]> {
  const view = buildArchitecture(await simulateOnce(`scenarios/${name}.yaml`), { detail });
  return view.nodes.filter((n) => n.id.startsWith('object:')).map((n) => ({ id: n.id, sublabel: n.sublabel }));
}
const ids = (os: { id: string }[]) => os.map((o) => o.id);

describe('architecture object boxes', () => {
  it('rolling-update summary: both ReplicaSets, with their replica counts', async () => {
    const os = await objects('rolling-update', 'summary');
    const rs = os.filter((o) => o.id.startsWith('object:ReplicaSet/'));
    expect(rs).toHaveLength(2);
    expect(rs.map((o) => o.sublabel).sort()).toEqual(['ReplicaSet · 0/0 ready', 'ReplicaSet · 4/4 ready']);
  });

  it('drain-pdb summary: the PodDisruptionBudget the eviction consults', async () => {
    expect(ids(await objects('drain-pdb', 'summary'))).toContain('object:PodDisruptionBudget/default/web');
  });

  it('statefulset at standard: the StatefulSet and its three claims', async () => {
    const standard = ids(await objects('statefulset', 'standard'));
    expect(standard).toContain('object:StatefulSet/default/web');
    expect(standard).toEqual(expect.arrayContaining(['object:PersistentVolumeClaim/default/www-web-0', 'object:PersistentVolumeClaim/default/www-web-1', 'object:PersistentVolumeClaim/default/www-web-2']));
  });

  it('statefulset at standard: the volumes provisioned for the three claims', async () => {
    const pvs = ids(await objects('statefulset', 'standard')).filter((id) => id.startsWith('object:PersistentVolume/'));
    expect(pvs).toHaveLength(3);
    expect(pvs.every((id) => /^object:PersistentVolume\/\/pvc-[0-9a-f-]{36}$/.test(id))).toBe(true);
  });

  it('persistent-volumes at standard: the volumes the focus binds or provisions, not pv-10g it leaves Available', async () => {
    const pvs = ids(await objects('persistent-volumes', 'standard')).filter((id) => id.startsWith('object:PersistentVolume/'));
    expect(pvs).toEqual(expect.arrayContaining(['object:PersistentVolume//pv-1g', 'object:PersistentVolume//pv-gold', 'object:PersistentVolume//local-ssd-worker-2']));
    expect(pvs.filter((id) => id.includes('//pvc-'))).toHaveLength(2);
    expect(pvs).not.toContain('object:PersistentVolume//pv-10g');
  });

  it('a cluster-scoped PersistentVolume among the objects: the group does not claim one namespace', async () => {
    const view = buildArchitecture(await simulateOnce('scenarios/statefulset.yaml'), { detail: 'standard' });
    expect(view.nodes.find((n) => n.id === 'objects')?.sublabel).toBeUndefined();
  });

  it('job-cronjob at standard: the CronJob whose controller creates the Jobs', async () => {
    expect(ids(await objects('job-cronjob', 'standard'))).toContain('object:CronJob/default/hello');
  });

  it('job-cronjob at standard: the Jobs still there, not those the CronJob deleted', async () => {
    const jobs = ids(await objects('job-cronjob', 'standard')).filter((id) => id.startsWith('object:Job/'));
    expect(jobs).toEqual(['object:Job/default/batch', 'object:Job/default/flaky', 'object:Job/default/hello-28928164', 'object:Job/default/hello-28928165']);
  });

  it('job-cronjob summary: the first Jobs the focus steps write', async () => {
    const jobs = ids(await objects('job-cronjob', 'summary')).filter((id) => id.startsWith('object:Job/'));
    expect(jobs).toEqual(['object:Job/default/batch', 'object:Job/default/flaky']);
  });

  // Review D8: the objects the focus steps decide with or resolve through, not only those they write.
  it('drain-pdb at standard: the db budget that refuses the eviction (eviction.go), beside web', async () => {
    expect(ids(await objects('drain-pdb', 'standard'))).toEqual(expect.arrayContaining(['object:PodDisruptionBudget/default/db', 'object:PodDisruptionBudget/default/web']));
  });

  it('statefulset at standard: the headless Service the DNS name web-0.web.default.svc resolves through', async () => {
    expect(ids(await objects('statefulset', 'standard'))).toContain('object:Service/default/web');
  });

  it('service-types at standard: all four Services kubectl creates in the focus step', async () => {
    const services = ids(await objects('service-types', 'standard')).filter((id) => id.startsWith('object:Service/'));
    expect(services).toEqual(['object:Service/default/web-headless', 'object:Service/default/web-internal', 'object:Service/default/web-lb', 'object:Service/default/web-nodeport']);
  });

  it.each(['rolling-update', 'drain-pdb', 'statefulset', 'job-cronjob', 'hpa-autoscaling', 'ingress', 'network-policy'])('%s summary: at most the traffic path and SUMMARY_WRITTEN written objects', async (name) => {
    const os = await objects(name, 'summary');
    // The CronJob whose schedule ran is drawn besides the written objects (objects.ts scheduledCronJobOf, review D24).
    const written = os.filter((o) => !/^object:(Ingress|Service|NetworkPolicy|CronJob)\//.test(o.id));
    expect(written.length).toBeLessThanOrEqual(SUMMARY_WRITTEN);
    expect(os.length).toBeLessThanOrEqual(6);
  });

  // Review D24: Job boxes had no icon while Service, ReplicaSet or ConfigMap boxes had one.
  it('every kind drawn as an object box has an icon', () => {
    expect(OBJECT_KINDS.filter((k) => objectIcon(k) === 'none')).toEqual([]);
  });
});
