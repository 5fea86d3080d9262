/**
 * The HorizontalPodAutoscaler controller (kube-controller-manager,
 * pkg/controller/podautoscaler): syncs every HPA every 15 s
 * (--horizontal-pod-autoscaler-sync-period). Each sync reads the target's
 * scale subresource, the pods' CPU from metrics-server through the API
 * server's aggregation layer, computes
 * `desired = ceil(current × utilization / target)` (no change within the 0.1
 * tolerance; ./algorithms/hpa.ts), keeps the highest recommendation of the
 * last 5 minutes before scaling down (downscale stabilization), clamps to
 * min/max and the scale-up limit, and when the result differs writes the
 * scale subresource (`SuccessfulRescale`) and the HPA's status.
 */
import type { IMetricStatus } from 'kubernetes-models/autoscaling/v2/MetricStatus';
import { desiredReplicas, normalizeReplicas, pruneRecommendations, stabilize, type HpaPod, type Recommendation } from '../../core/algorithms/hpa.ts';
import { cpuMillis } from '../../core/algorithms/quantity.ts';
import { series, type Task } from '../../core/async.ts';
import { clone, timestamp, EPOCH_MS, type Obj } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import { backgroundAfter } from '../timers.ts';
import type { World } from '../world.ts';
import { METRIC_RESOLUTION_MS, metricsServerInstalled, NO_METRICS_API, queryPodMetrics, workloadKey, workloadPods, type PodUsage } from '../metrics-server.ts';
import { Controller } from './controller.ts';
import { keyOf } from '../../core/object-helpers.ts';
import { type Condition, type HpaObj, type HpaStatus, type PodObj, type ScalableObj, asPod, asScalable } from '../../core/typed.ts';

export const HPA_SYNC_PERIOD_MS = 15_000;
/** --horizontal-pod-autoscaler-cpu-initialization-period and -initial-readiness-delay. */
const CPU_INITIALIZATION_MS = 5 * 60_000;
const INITIAL_READINESS_DELAY_MS = 30_000;
/** metrics-server's metric window (its 15 s resolution): a sample counts once its whole window follows the pod's readiness. */
const METRIC_WINDOW_MS = METRIC_RESOLUTION_MS;
const HPA = resourceForKind('HorizontalPodAutoscaler')!;
const DEFAULT_CPU_TARGET = 80;

export class HpaController extends Controller {
  private readonly recommendations = new Map<string, Recommendation[]>();
  /** HPAs with a periodic resync running (by uid). */
  private readonly looping = new Set<string>();

  constructor(w: World) {
    super(w, 'horizontal-pod-autoscaler');
    this.watch({
      kinds: ['HorizontalPodAutoscaler'],
      filter: (o, t, old) => t === 'ADDED' || (t === 'MODIFIED' && o.metadata.generation !== old?.metadata.generation),
      handler: (e) => this.enqueue(keyOf(e.object), e.cause),
    });
  }

  protected reconcile(key: string, cause: string, done: () => void): void {
    const hpa = this.w.api.cache.get('HorizontalPodAutoscaler', key);
    if (!hpa || hpa.metadata.deletionTimestamp) return done();
    this.resyncLater(key, hpa.metadata.uid ?? '', cause);
    const ref = hpa.spec.scaleTargetRef ?? {};
    const ns = hpa.metadata.namespace!;
    const target = resourceForKind(ref.kind);
    if (!target) return done();
    // GET the scale subresource of the target.
    this.client.call({ verb: 'get', resource: target, namespace: ns, name: ref.name, subresource: 'scale', cause }, (res) => {
      if (res.status !== 200 || !res.object) {
        return this.fail(hpa, 'FailedGetScale', `deployments/scale.apps "${ref.name}" not found`, res.eventId, done);
      }
      this.withScale(hpa, asScalable(res.object), res.eventId, done);
    });
  }

  /** The next periodic sync, 15 s from now (a background timer). */
  private resyncLater(key: string, uid: string, cause: string): void {
    if (this.looping.has(uid)) return;
    this.looping.add(uid);
    const tick = (): void => {
      const live = this.w.api.cache.get('HorizontalPodAutoscaler', key);
      if (!live || live.metadata.uid !== uid) return void this.looping.delete(uid);
      backgroundAfter(this.w, HPA_SYNC_PERIOD_MS, () => {
        tick();
        this.enqueue(key, this.w.rec.emit({ type: 'action', from: this.id, to: this.id, action: 'hpa-resync', summary: `resync hpa/${live.metadata.name} (every 15s)`, cause }));
      });
    };
    tick();
  }

  private withScale(hpa: HpaObj, scaleTarget: ScalableObj, cause: string, done: () => void): void {
    const ref = hpa.spec.scaleTargetRef;
    const ns = hpa.metadata.namespace!;
    const current: number = scaleTarget.spec?.replicas ?? 0;
    const min: number = hpa.spec.minReplicas ?? 1;
    const max: number = hpa.spec.maxReplicas;
    // recordInitialRecommendation: a new autoscaler first recommends the current size, so it does not scale down before the stabilization window has passed.
    const uid = hpa.metadata.uid ?? '';
    if (!this.recommendations.has(uid)) this.recommendations.set(uid, [{ t: this.w.clock.now(), replicas: current }]);
    if (current === 0 && min > 0) return this.writeStatus(hpa, current, current, undefined, cause, done, 'ScalingDisabled');
    // No metrics-server (`cluster.metricsServer: false`): the resource metrics API is not served.
    if (!metricsServerInstalled(this.w)) return this.fail(hpa, 'FailedGetResourceMetric', `failed to get cpu utilization: ${NO_METRICS_API}`, cause, done);
    const pods = workloadPods(this.w, ns, ref.kind, ref.name);
    const selector = scaleTarget.spec?.selector?.matchLabels ?? {};
    const selText = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',');
    const targetUtil = cpuTarget(hpa);
    queryPodMetrics(this.w, this.id, ns, selText, workloadKey(ns, ref.kind, ref.name), pods, cause, (usage, metricsEvent) => {
      const input = pods.map((p) => hpaPod(asPod(p), usage.get(p.metadata.name), this.w.clock.now()));
      const r = desiredReplicas({ currentReplicas: current, pods: input, targetUtilization: targetUtil, minReplicas: min, maxReplicas: max });
      if (!r.ok) return this.fail(hpa, 'FailedGetResourceMetric', `failed to get cpu utilization: ${r.error}`, metricsEvent, done);
      const key = hpa.metadata.uid ?? '';
      const now = this.w.clock.now();
      const recs = pruneRecommendations(this.recommendations.get(key) ?? [], now);
      recs.push({ t: now, replicas: r.replicas });
      this.recommendations.set(key, recs);
      const stabilized = stabilize(recs, now);
      const { replicas: desired, reason: limitReason } = normalizeReplicas(current, stabilized, min, max);
      const status = { limited: limitReason, stabilized: stabilized !== r.replicas };
      const calc = this.w.rec.emit({
        type: 'phase',
        from: this.id,
        to: this.id,
        phase: 'reconcile',
        summary: `cpu ${r.utilization}% of request (target ${targetUtil}%): ceil(${current} × ${r.utilization}/${targetUtil}) = ${r.replicas}${stabilized !== r.replicas ? `, stabilized ${stabilized}` : ''} → ${desired}`,
        cause: metricsEvent,
        attrs: { current, desired, recommendation: r.replicas, utilization: r.utilization },
      });
      const metric: IMetricStatus = { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: r.utilization, averageValue: `${r.averageUsage}m` } } };
      if (desired === current) return this.writeStatus(hpa, current, desired, metric, calc, done, undefined, false, status);
      const reason = desired > current ? 'cpu resource utilization (percentage of request) above target' : 'All metrics below target';
      this.rescale(hpa, scaleTarget, desired, reason, calc, () => this.writeStatus(hpa, current, desired, metric, calc, done, undefined, true, status));
    });
  }

  private rescale(hpa: HpaObj, scaleTarget: Obj, desired: number, reason: string, cause: string, done: () => void): void {
    const ref = hpa.spec.scaleTargetRef;
    this.client.call(
      {
        verb: 'update',
        resource: resourceForKind(ref.kind)!,
        namespace: hpa.metadata.namespace,
        name: ref.name,
        subresource: 'scale',
        cause,
        note: `replicas=${desired}`,
        body: (() => {
          const live = this.w.api.cache.get(scaleTarget.kind, keyOf(scaleTarget)) ?? scaleTarget;
          return { ...clone(live), spec: { ...clone(asScalable(live).spec), replicas: desired } };
        })(),
      },
      (res) => {
        if (res.status !== 200) return this.fail(hpa, 'FailedRescale', `New size: ${desired}; reason: ${reason}; error: ${res.message ?? ''}`, res.eventId, done);
        this.client.event(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`, this.source(), res.eventId, done);
      },
    );
  }

  private fail(hpa: HpaObj, reason: string, message: string, cause: string, done: () => void): void {
    const tasks: Task[] = [(next) => this.client.event(hpa, 'Warning', reason, message, this.source(), cause, next)];
    if (reason === 'FailedGetResourceMetric') tasks.push((next) => this.client.event(hpa, 'Warning', 'FailedComputeMetricsReplicas', `invalid metrics (1 invalid out of 1), first error is: ${message}`, this.source(), cause, next));
    series(tasks, () => this.writeStatus(hpa, hpa.status?.currentReplicas ?? 0, hpa.status?.desiredReplicas ?? 0, undefined, cause, done, reason));
  }

  /** PUT horizontalpodautoscalers/status: replicas, current metrics, conditions. */
  private writeStatus(hpa: HpaObj, current: number, desired: number, metric: IMetricStatus | undefined, cause: string, done: () => void, failure?: string, rescaled = false, calc?: { limited: string; stabilized: boolean }): void {
    const live = this.w.api.cache.get('HorizontalPodAutoscaler', keyOf(hpa));
    if (!live) return done();
    const now = timestamp(this.w.clock.now());
    const status: HpaStatus = {
      ...(live.status?.lastScaleTime || rescaled ? { lastScaleTime: rescaled ? now : live.status!.lastScaleTime } : {}),
      currentReplicas: current,
      desiredReplicas: desired,
      ...(metric ? { currentMetrics: [metric] } : live.status?.currentMetrics ? { currentMetrics: live.status.currentMetrics } : {}),
      conditions: conditions(live, failure, now, rescaled ? desired : undefined, calc),
    };
    if (JSON.stringify(status) === JSON.stringify(live.status ?? {})) return done();
    this.client.call({ verb: 'update', resource: HPA, namespace: live.metadata.namespace, name: live.metadata.name, subresource: 'status', body: { ...clone(live), status }, cause }, () => done());
  }
}

function cpuTarget(hpa: HpaObj): number {
  for (const m of hpa.spec.metrics ?? []) {
    if (m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target?.type === 'Utilization') return m.resource.target.averageUtilization!;
  }
  return hpa.spec.targetCPUUtilizationPercentage ?? DEFAULT_CPU_TARGET;
}

/** groupPods' view of a pod: unready for CPU while initializing (ready < 30 s ago within its first 5 min). */
function hpaPod(p: PodObj, usage: PodUsage | undefined, now: number): HpaPod {
  const request = (p.spec?.containers ?? []).reduce((s: number, c) => s + cpuMillis(c.resources?.requests?.cpu), 0);
  const ready = (p.status?.conditions ?? []).find((c) => c.type === 'Ready');
  const start = p.status?.startTime ? Date.parse(p.status.startTime) - EPOCH_MS : undefined;
  let unready = true;
  if (ready && start !== undefined) {
    const transition = Date.parse(ready.lastTransitionTime ?? '') - EPOCH_MS || 0;
    // The sample is from metrics-server's last scrape (every 15 s).
    const sampled = Math.floor(now / METRIC_RESOLUTION_MS) * METRIC_RESOLUTION_MS;
    if (start + CPU_INITIALIZATION_MS > now) unready = ready.status === 'False' || sampled < transition + METRIC_WINDOW_MS;
    else unready = ready.status === 'False' && start + INITIAL_READINESS_DELAY_MS > transition;
  }
  return {
    name: p.metadata.name,
    phase: p.status?.phase ?? 'Pending',
    ...(p.metadata.deletionTimestamp ? { deleting: true } : {}),
    unready,
    request,
    ...(usage ? { usage: usage.cpuMillis } : {}),
  };
}

const LIMITED: Record<string, [string, string, string]> = {
  DesiredWithinRange: ['False', 'DesiredWithinRange', 'the desired count is within the acceptable range'],
  TooFewReplicas: ['True', 'TooFewReplicas', 'the desired replica count is less than the minimum replica count'],
  TooManyReplicas: ['True', 'TooManyReplicas', 'the desired replica count is more than the maximum replica count'],
  ScaleUpLimit: ['True', 'ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate'],
};

/** AbleToScale, ScalingActive, ScalingLimited as the controller words them. */
function conditions(hpa: HpaObj, failure: string | undefined, now: string, rescaledTo: number | undefined, calc: { limited: string; stabilized: boolean } | undefined): Condition[] {
  const prev = hpa.status?.conditions ?? [];
  const set = (type: string, status: string, reason: string, message: string) => {
    const p = prev.find((c) => c.type === type);
    return { type, status, lastTransitionTime: p && p.status === status ? p.lastTransitionTime : now, reason, message };
  };
  const able =
    failure === 'FailedGetScale'
      ? set('AbleToScale', 'False', 'FailedGetScale', "the HPA controller was unable to get the target's current scale")
      : rescaledTo !== undefined
        ? set('AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${rescaledTo}`)
        : calc?.stabilized
          ? set('AbleToScale', 'True', 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation')
          : set('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
  const active =
    failure === 'FailedGetResourceMetric'
      ? set('ScalingActive', 'False', 'FailedGetResourceMetric', 'the HPA was unable to compute the replica count: failed to get cpu utilization')
      : failure === 'ScalingDisabled'
        ? set('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero')
        : set('ScalingActive', 'True', 'ValidMetricFound', 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)');
  const [ls, lr, lm] = LIMITED[calc?.limited ?? 'DesiredWithinRange']!;
  return [able, active, set('ScalingLimited', ls, lr, lm)];
}
