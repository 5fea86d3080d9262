/**
 * Each object box of the architecture picture carries the status a kubectl
 * user knows from `kubectl get` (issue 9 item 5), read from the object's real
 * status through kubectl's column printers (statusLine in
 * src/cluster/steps/outcome.ts; printers.go printPersistentVolumeClaim,
 * printJob, printCronJob, printHorizontalPodAutoscaler, printIngress,
 * printNetworkPolicy, printPodDisruptionBudget, printConfigMap, printSecret),
 * not just `present`.
 */
import { describe, expect, it } from 'vitest';
import { buildArchitecture } from '../../src/views/index.ts';
import type { DetailLevel } from '../../src/views/types.ts';
import { simulateOnce } from '../helpers/library.ts';

async function sublabel(name: string, detail: DetailLevel, id: string): Promise<string | undefined> {
  const view = buildArchitecture(await simulateOnce(`scenarios/${name}.yaml`), { detail });
  const box = view.nodes.find((n) => n.id === id);
  expect(box, `${name} ${detail}: ${id} drawn`).toBeDefined();
  return box?.sublabel;
}

/** [scenario, detail, object id, box sublabel]: the state of the last step of the picture. */
const CASES: [string, DetailLevel, string, string][] = [
  // printPersistentVolumeClaim: STATUS, and VOLUME when the name is short (not a provisioned pvc-<uid>).
  ['persistent-volumes', 'standard', 'object:PersistentVolumeClaim/default/gold', 'PersistentVolumeClaim · Bound to pv-gold'],
  ['persistent-volumes', 'standard', 'object:PersistentVolumeClaim/default/data', 'PersistentVolumeClaim · Bound'],
  ['persistent-volumes', 'standard', 'object:PersistentVolumeClaim/default/big', 'PersistentVolumeClaim · Pending'],
  ['statefulset', 'standard', 'object:PersistentVolumeClaim/default/www-web-0', 'PersistentVolumeClaim · Bound'],
  // printPersistentVolume: STATUS. A PV is cluster-scoped; drawn when the focus writes it (bound by the PV controller, provisioned by CSI).
  ['persistent-volumes', 'standard', 'object:PersistentVolume//pv-gold', 'PersistentVolume · Bound'],
  ['persistent-volumes', 'standard', 'object:PersistentVolume//local-ssd-worker-2', 'PersistentVolume · Bound'],
  ['statefulset', 'standard', 'object:PersistentVolume//pvc-1e1a04ef-819f-4d61-acc6-0456117de894', 'PersistentVolume · Bound'],
  // printJob: STATUS and COMPLETIONS; a failed Job names the reason of its Failed condition.
  ['job-cronjob', 'summary', 'object:Job/default/batch', 'Job · Complete 3/3'],
  ['job-cronjob', 'summary', 'object:Job/default/flaky', 'Job · Failed (BackoffLimitExceeded)'],
  ['job-cronjob', 'standard', 'object:Job/default/hello-28928164', 'Job · Complete 1/1'],
  // printCronJob: ACTIVE and LAST SCHEDULE (an age at the simulated time).
  ['job-cronjob', 'standard', 'object:CronJob/default/hello', 'CronJob · last run 24s ago'],
  // printHorizontalPodAutoscaler: TARGETS as kubectl ≥ 1.30 prints it, then the replicas.
  ['hpa-autoscaling', 'summary', 'object:HorizontalPodAutoscaler/default/web', 'HPA · cpu: 30%/50%, 2 replicas'],
  // printPodDisruptionBudget: ALLOWED DISRUPTIONS.
  ['drain-pdb', 'summary', 'object:PodDisruptionBudget/default/web', 'PodDisruptionBudget · allowed disruptions 1'],
  ['drain-pdb', 'full', 'object:PodDisruptionBudget/default/db', 'PodDisruptionBudget · allowed disruptions 0'],
  // printIngress: HOSTS (ADDRESS once a controller publishes one).
  ['ingress', 'summary', 'object:Ingress/default/shop', 'Ingress · shop.example.com'],
  ['ingress', 'summary', 'object:Service/default/web', 'Service · ClusterIP 10.107.234.64'],
  // printNetworkPolicy: POD-SELECTOR.
  ['network-policy', 'summary', 'object:NetworkPolicy/default/api-allow-frontend', 'NetworkPolicy · pods app=api'],
  // printConfigMap / printSecret: DATA.
  ['configmap-secret', 'standard', 'object:ConfigMap/default/app-config', 'ConfigMap · 3 keys'],
  ['configmap-secret', 'standard', 'object:ConfigMap/default/feature-flags', 'ConfigMap · 1 key'],
  ['configmap-secret', 'standard', 'object:Secret/default/db-credentials', 'Secret · 1 key'],
  // Unchanged: the scalable kinds' READY.
  ['drain-pdb', 'full', 'object:Deployment/default/web', 'Deployment · 3/3 ready'],
  ['statefulset', 'standard', 'object:StatefulSet/default/web', 'StatefulSet · 1/1 ready'],
];

describe('architecture object status', () => {
  it.each(CASES)('%s %s: %s shows %s', async (name, detail, id, expected) => {
    expect(await sublabel(name, detail, id)).toBe(expected);
  });
});
